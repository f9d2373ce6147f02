"""Run every notebook in `nbs/` with plain `nbdev_test`, the command our users run in their CI: the notebook cells are the
tests. One `nbdev_test` run serves every item (nbdev runs several notebooks in one process, so a notebook that changed
process-wide state, the default dtype, the random stream, threads, without restoring it breaks the next one here exactly
as it would for a user); each notebook is then one pytest item, failing with its own traceback, and the summary lists the
seconds each notebook took.

Cells flagged with a test flag from `settings.ini` (`tst_flags = slow gpu`) are skipped, as `nbdev_test` does; set
`MUC2M_TEST_FLAGS="slow"` (or "slow gpu") to run them too.
"""
import os, re, shutil, subprocess, sys, tempfile
from pathlib import Path

import pytest
from nbdev.config import get_config

CFG = get_config()
NOTEBOOKS = sorted(p for p in Path(CFG.nbs_path).glob('*.ipynb') if not p.name.startswith(('_', '.')))
FORCE_FLAGS = os.environ.get('MUC2M_TEST_FLAGS', '').split()
TORCH_OWN = 'torchinductor_'   # torch's per-user cache folder, made by an optimizer step and kept on purpose
RUN = {}   # filled once per session by nbdev_run: the output and what it says of each notebook


def notebook_reports(out:str, names:list)->dict:
    "Per notebook: 'passed', or the traceback nbdev printed for it, read from one `nbdev_test --do_print` output."
    done = set(re.findall(r'- Completed \S*?([^/\s]+\.ipynb)', out))
    failed = re.search(r'Failed On The Following Notebooks:\n=+\n(.*)', out, re.S)
    failed = set(re.findall(r'^\s*(\S+\.ipynb)\s*$', failed.group(1), re.M)) if failed else set()
    starts = [(m.start(), m.group(1)) for m in re.finditer(r'^\w+ in \S*?/([^/\s]+\.ipynb):', out, re.M)]
    reports = {}
    for name in names:
        if name in failed or name not in done:
            tb = [out[s:s + 6000] for s, n in starts if n == name]
            reports[name] = tb[0] if tb else 'nbdev_test did not complete it (see the whole output)'
        else: reports[name] = 'passed'
    return reports


def test_notebook_reports():
    "The parser locates a failure in nbdev's output and counts a notebook that never completed as failed."
    out = ('Starting /x/nbs/a.ipynb\n- Completed /x/nbs/a.ipynb\nStarting /x/nbs/b.ipynb\n- Completed /x/nbs/b.ipynb\n'
           'Exception in /x/nbs/b.ipynb:\nTraceback ...\nValueError: boom\n\n'
           'nbdev Tests Failed On The Following Notebooks:\n=====\n\tb.ipynb\n')
    r = notebook_reports(out, ['a.ipynb', 'b.ipynb', 'c.ipynb'])
    assert r['a.ipynb'] == 'passed' and 'ValueError: boom' in r['b.ipynb'], r
    assert r['c.ipynb'].startswith('nbdev_test did not complete it'), r


@pytest.fixture(scope='session')
def nbdev_run()->dict:
    """One plain `nbdev_test` over every notebook (default workers), with the seconds each notebook took and what it left
    in its temporary folder (TMPDIR, removed afterwards)."""
    if not RUN:
        exe = Path(sys.executable).parent / 'nbdev_test'
        cmd = [str(exe), '--do_print', '--timing'] + (['--flags', ' '.join(FORCE_FLAGS)] if FORCE_FLAGS else [])
        temp = Path(tempfile.mkdtemp(prefix='muc2m-nbdev-test-'))   # the run's temporary folder, TMPDIR
        try:
            r = subprocess.run(cmd, cwd=CFG.config_path, capture_output=True, text=True, timeout=3600,
                               env={**os.environ, 'TMPDIR': str(temp)})
            left = sorted(p.name for p in temp.iterdir() if not p.name.startswith(TORCH_OWN))
        finally: shutil.rmtree(temp, ignore_errors=True)
        out = r.stdout + r.stderr
        RUN.update(returncode=r.returncode, out=out, reports=notebook_reports(out, [p.name for p in NOTEBOOKS]),
                   seconds=dict(re.findall(r'^(\S+\.ipynb): (\d+) secs$', out, re.M)), left=left)
    return RUN


def test_notebooks_found():
    "The glob finds the theory notebook and the index, so a moved `nbs/` cannot pass silently."
    names = {p.name for p in NOTEBOOKS}
    assert {'index.ipynb', '00_linear_theory.ipynb', '16_saliency.ipynb'} <= names, names


@pytest.mark.parametrize('name', [p.name for p in NOTEBOOKS])
def test_notebook(nbdev_run, name):
    "One notebook's cells pass under plain `nbdev_test`."
    assert nbdev_run['reports'][name] == 'passed', f'{name} failed under nbdev_test:\n{nbdev_run["reports"][name]}'


def test_nbdev_test_succeeds(nbdev_run):
    "The run as a whole says Success and exits 0, as a user's CI sees it."
    assert nbdev_run['returncode'] == 0 and 'Success' in nbdev_run['out'], nbdev_run['out'][-3000:]


def test_notebooks_leave_no_temporary_files(nbdev_run):
    """Every notebook removes the temporary folders it made (a `muc2m-<notebook>-` folder names the one that did not), so
    neither `make test` nor Run All in JupyterLab fills a user's disk."""
    assert nbdev_run['left'] == [], f"left in the temporary folder: {nbdev_run['left'][:20]}"
