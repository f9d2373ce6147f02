"""Shared test helpers: a copy of the files git tracks, so that a test can run a command as on a fresh clone without
touching the working copy."""
import shutil, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]


def tracked_files() -> list:
    "Files git tracks (or, outside a git checkout, the files nbdev and the README generator write)."
    try:
        out = subprocess.run(['git', 'ls-files'], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        return [f for f in out.splitlines() if (ROOT / f).exists() or (ROOT / f).is_symlink()]
    except (OSError, subprocess.CalledProcessError):
        return [str(p.relative_to(ROOT)) for d in ('nbs', 'muc2m', 'tools') for p in (ROOT / d).rglob('*') if p.is_file()] + \
               ['README.md', 'settings.ini', '_quarto.yml']


@pytest.fixture
def fresh_clone(tmp_path) -> Path:
    "A folder holding what a fresh clone holds: the tracked files as they are in the working copy (links kept as links)."
    copy = tmp_path / 'tree'
    for f in tracked_files():
        (copy / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / f, copy / f, follow_symlinks=False)
    return copy


def pytest_terminal_summary(terminalreporter):
    "After the run: the seconds each notebook took under nbdev_test (printed by nbdev when every notebook passed)."
    RUN = getattr(sys.modules.get('test_notebooks'), 'RUN', None) or {}
    if RUN.get('seconds'):
        rows = sorted(RUN['seconds'].items(), key=lambda kv: -int(kv[1]))
        terminalreporter.write_line('nbdev_test seconds per notebook: ' + ', '.join(f'{n} {s}' for n, s in rows))
