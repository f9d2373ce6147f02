"""The notebooks are the source: `nbdev_export`, `nbdev_clean` and the README generator must not change any
tracked file. Checked on a copy of the tree, so running the tests never rewrites the working copy."""
import filecmp, subprocess, sys
from pathlib import Path
from conftest import ROOT, tracked_files

BIN = Path(sys.executable).parent


def test_export_clean_readme_leave_tree_unchanged(fresh_clone):
    files = tracked_files()
    assert 'settings.ini' in files and any(f.startswith('nbs/') for f in files)
    copy = fresh_clone
    for cmd in ([str(BIN / 'nbdev_export')], [str(BIN / 'nbdev_clean')], [sys.executable, 'tools/make_readme.py']):
        res = subprocess.run(cmd, cwd=copy, capture_output=True, text=True)
        assert res.returncode == 0, f'{cmd} failed:\n{res.stdout}\n{res.stderr}'
    changed = [f for f in files if not (copy / f).is_symlink() and not filecmp.cmp(ROOT / f, copy / f, shallow=False)]
    new = sorted(str(p.relative_to(copy)) for d in ('muc2m', 'nbs') for p in (copy / d).rglob('*.py')
                 if str(p.relative_to(copy)) not in files and '__pycache__' not in p.parts)
    fix = 'run `nbdev_export && nbdev_clean && python tools/make_readme.py` and commit the result'
    assert not changed, f'out of sync with the notebooks: {changed}; {fix}'
    assert not new, f'exported modules not committed: {new}; {fix}'
