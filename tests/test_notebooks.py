"""Run each notebook in `nbs/` as one pytest test with nbdev's own runner: the notebook cells are the tests.

Cells flagged with a test flag from `settings.ini` (`tst_flags = slow gpu`) are skipped, exactly as
`nbdev_test` does; set `MUC2M_TEST_FLAGS="slow"` (or "slow gpu") to run them too.
"""
import os
from pathlib import Path

import pytest
import torch
from nbdev.config import get_config
from nbdev.test import test_nb as run_notebook  # aliased so pytest does not collect it

CFG = get_config()
NOTEBOOKS = sorted(p for p in Path(CFG.nbs_path).glob('*.ipynb') if not p.name.startswith(('_', '.')))
SKIP_FLAGS = CFG.tst_flags.split()
FORCE_FLAGS = os.environ.get('MUC2M_TEST_FLAGS', '').split()


def test_notebooks_found():
    "The glob finds the theory notebook and the index, so a moved `nbs/` cannot pass silently."
    names = {p.name for p in NOTEBOOKS}
    assert {'index.ipynb', '00_linear_theory.ipynb'} <= names, names


@pytest.fixture(autouse=True)
def isolated_torch_defaults():
    "Notebooks run in one process: undo global torch settings a notebook may change (the theory notebook uses float64)."
    dtype = torch.get_default_dtype()
    yield
    torch.set_default_dtype(dtype)


@pytest.mark.parametrize('notebook', NOTEBOOKS, ids=lambda p: p.name)
def test_notebook(notebook):
    ok, seconds = run_notebook(notebook, skip_flags=SKIP_FLAGS, force_flags=FORCE_FLAGS, showerr=True)
    assert ok, f'{notebook.name} failed after {seconds:.0f}s: see the traceback above'
