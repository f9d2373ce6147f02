"""Execute notebooks in place and save their outputs, skipping cells flagged with a test flag (`#| slow`, `#| gpu`): those
keep the outputs they have (a slow cell's saved figure or table stays until the cell is run by hand or with --all).

Usage: python tools/execute_nbs.py [--all] nbs/02_stats.ipynb [...]   (from the repository root; then `nbdev_clean`)
--all runs the flagged cells too, as JupyterLab's Run All does.
"""
import os, sys
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
from nbdev.config import get_config
from nbdev.process import NBProcessor

SKIP = set(get_config().tst_flags.split())
RUN_ALL = '--all' in sys.argv


def _skip(cell) -> bool:
    "True for cells the test run skips: flagged cells and the export call."
    if cell.cell_type != 'code' or 'nbdev_export' + '(' in cell.source: return True
    return not RUN_ALL and bool(SKIP & set((getattr(cell, 'directives_', {}) or {}).keys()))


def execute(path: Path):
    "Run one notebook like `nbdev_test` does and write its outputs back."
    nb = NBProcessor(path, process=True).nb  # parses the #| directives into cell.directives_
    for cell in nb.cells:                    # a cell that now prints nothing must not keep what it printed before
        if not _skip(cell): cell['outputs'] = []
    with working_directory(path.parent):
        CaptureShell(path).run_all(nb, exc_stop=True, preproc=_skip)
    raw = read_nb(path)
    for cell, done in zip(raw.cells, nb.cells):
        if cell.cell_type == 'code' and not _skip(done):
            cell['outputs'], cell['execution_count'] = done.get('outputs', []), done.get('execution_count')
    write_nb(raw, path)


if __name__ == '__main__':
    os.environ.setdefault('IN_TEST', '')
    for p in sys.argv[1:]:
        if p == '--all': continue
        execute(Path(p).resolve())
        print('executed', p)
