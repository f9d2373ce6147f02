"""Run every notebook in `nbs/` with plain `nbdev_test`, the command our users run in their CI: the notebook cells are the
tests. nbdev runs several notebooks in one process, so a notebook that changed process-wide state (the default dtype, the
random stream, threads) without restoring it breaks the next one here exactly as it would for a user.

Cells flagged with a test flag from `settings.ini` (`tst_flags = slow gpu`) are skipped, as `nbdev_test` does; set
`MUC2M_TEST_FLAGS="slow"` (or "slow gpu") to run them too.
"""
import os, re, subprocess, sys
from pathlib import Path

from nbdev.config import get_config

CFG = get_config()
NOTEBOOKS = sorted(p for p in Path(CFG.nbs_path).glob('*.ipynb') if not p.name.startswith(('_', '.')))
FORCE_FLAGS = os.environ.get('MUC2M_TEST_FLAGS', '').split()


def test_notebooks_found():
    "The glob finds the theory notebook and the index, so a moved `nbs/` cannot pass silently."
    names = {p.name for p in NOTEBOOKS}
    assert {'index.ipynb', '00_linear_theory.ipynb', '16_saliency.ipynb'} <= names, names


def test_nbdev_test():
    "Plain `nbdev_test` (default workers) passes on every notebook."
    exe = Path(sys.executable).parent / 'nbdev_test'
    cmd = [str(exe)] + (['--flags', ' '.join(FORCE_FLAGS)] if FORCE_FLAGS else [])
    r = subprocess.run(cmd, cwd=CFG.config_path, capture_output=True, text=True, timeout=3600)
    out = r.stdout + r.stderr
    failed = sorted(set(re.findall(r'in \S*?/([^/\s]+\.ipynb):', out)))
    assert r.returncode == 0, f'nbdev_test failed on {failed}:\n{out[-15000:]}'
    assert 'Success' in out, out[-3000:]
