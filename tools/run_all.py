"""Run every cell of every notebook, as JupyterLab's Run All does (slow and GPU cells included, a real Jupyter kernel,
the notebook's folder as working directory), on a fresh clone of the repository's HEAD; print the time of each.

Usage: python tools/run_all.py [--out DIR] [notebook names ...]   (default: every notebook in nbs/, in reading order)
The executed notebooks go to DIR (default: a temporary folder); the working copy is never touched, and the clone is
removed at the end. Each kernel gets a temporary folder of its own (TMPDIR); what a notebook leaves there is named on its
line and counts as a failure, since Run All in JupyterLab would leave it in the user's /tmp. Exit status 1 when a notebook
stops at an error or leaves temporary files; its line says which.
"""
import argparse, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]


def run_notebook(path: Path, out: Path) -> tuple:
    "Execute one notebook in its folder with a Jupyter kernel; (seconds, None or the error's first lines)."
    nb = nbformat.read(path, as_version=4)
    start, error = time.time(), None
    try: NotebookClient(nb, timeout=None, kernel_name='python3', resources={'metadata': {'path': str(path.parent)}}).execute()
    except CellExecutionError as e: error = '\n'.join(str(e).strip().splitlines()[-3:])
    nbformat.write(nb, out / path.name)
    return time.time() - start, error


def main(names=(), out=None) -> int:
    "Clone HEAD into a temporary folder and run the notebooks there; the number that stopped or left files."
    out = Path(out or tempfile.mkdtemp(prefix='muc2m-runall-'))
    out.mkdir(parents=True, exist_ok=True)
    clone_root = Path(tempfile.mkdtemp(prefix='muc2m-clone-'))
    clone = clone_root / 'muc2m'
    subprocess.run(['git', 'clone', '--quiet', str(ROOT), str(clone)], check=True)
    os.environ['PYTHONPATH'] = str(clone)   # the kernels import the clone's muc2m, not an editable install elsewhere
    nbs = sorted(p for p in (clone / 'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')) and p.name != 'index.ipynb')
    nbs = [clone / 'nbs' / 'index.ipynb'] + nbs
    if names: nbs = [p for p in nbs if p.name in names or p.stem in names]
    failed, total = 0, 0.0
    print(f'Run All on a fresh clone of HEAD ({clone}); executed notebooks in {out}', flush=True)
    for p in nbs:
        temp = Path(tempfile.mkdtemp(prefix='muc2m-runall-tmp-'))
        os.environ['TMPDIR'] = str(temp)   # the kernel's temporary folder
        secs, error = run_notebook(p, out)
        left = sorted(x.name for x in temp.iterdir() if not x.name.startswith('torchinductor_'))   # torch's cache
        shutil.rmtree(temp, ignore_errors=True)
        total += secs
        failed += error is not None or bool(left)
        said = 'ok' if error is None else f'STOPPED: {error}'
        if left: said += f'; LEFT {len(left)} temporary item(s): {", ".join(left[:3])}'
        print(f'{p.name:28s} {secs:7.0f} s  {said}', flush=True)
    shutil.rmtree(clone_root, ignore_errors=True)
    print(f'{len(nbs)} notebooks, {total / 60:.1f} min, {failed} stopped at an error or left temporary files')
    return failed


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('names', nargs='*', help='notebooks to run (file names or stems); default: all')
    ap.add_argument('--out', help='folder for the executed notebooks (default: a temporary folder)')
    args = ap.parse_args()
    sys.exit(1 if main(args.names, args.out) else 0)
