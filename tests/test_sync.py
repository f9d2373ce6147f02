"""The notebooks are the source: `nbdev_export`, `nbdev_clean` and the README generator must not change any
tracked file. Checked on a copy of the tree, so running the tests never rewrites the working copy."""
import filecmp, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tracked_files() -> list[str]:
    "Files git tracks (or, outside a git checkout, the files nbdev and the README generator write)."
    try:
        out = subprocess.run(['git', 'ls-files'], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        return [f for f in out.splitlines() if (ROOT / f).exists()]
    except (OSError, subprocess.CalledProcessError):
        return [str(p.relative_to(ROOT)) for d in ('nbs', 'muc2m') for p in (ROOT / d).rglob('*') if p.is_file()] + ['README.md', 'settings.ini']


def test_export_clean_readme_leave_tree_unchanged(tmp_path):
    files = _tracked_files()
    assert 'settings.ini' in files and any(f.startswith('nbs/') for f in files)
    copy = tmp_path / 'tree'
    for f in files:
        (copy / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / f, copy / f, follow_symlinks=False)
    for cmd in ([str(BIN / 'nbdev_export')], [str(BIN / 'nbdev_clean')], [sys.executable, 'tools/make_readme.py']):
        res = subprocess.run(cmd, cwd=copy, capture_output=True, text=True)
        assert res.returncode == 0, f'{cmd} failed:\n{res.stdout}\n{res.stderr}'
    changed = [f for f in files if not (copy / f).is_symlink() and not filecmp.cmp(ROOT / f, copy / f, shallow=False)]
    new = sorted(str(p.relative_to(copy)) for d in ('muc2m', 'nbs') for p in (copy / d).rglob('*.py')
                 if str(p.relative_to(copy)) not in files and '__pycache__' not in p.parts)
    fix = 'run `nbdev_export && nbdev_clean && python tools/make_readme.py` and commit the result'
    assert not changed, f'out of sync with the notebooks: {changed}; {fix}'
    assert not new, f'exported modules not committed: {new}; {fix}'
