"""Run nbdev's docs processing (`nbdev_proc_nbs`, the first stage of `nbdev_docs` and `nbdev_preview`) as it is, without
Quarto: nbdev would try to install Quarto first, which needs root and the internet, and the processing stage never uses it.

Usage: python tools/proc_docs.py [--n_workers N]   (from the repository root; writes `_proc/`)
Prints nbdev's own output and ends with one line: the time, and whether any notebook failed or nbdev warned of cells
that hold imports and other code (such a cell runs during the docs build without the cells before it). Exit status 1 then.
"""
import subprocess, sys, time

WARNING = 'Found cells containing imports and other code'
SCRIPT = ("import nbdev.quarto as q; q._ensure_quarto = lambda: None; "
          "q.nbdev_proc_nbs.__wrapped__(force=True, n_workers=int(sys.argv[1]))")


def proc_docs(n_workers:int=2, cwd=None) -> tuple:
    "Run the docs processing in a fresh process in `cwd`; return (exit status, everything it printed, seconds)."
    start = time.time()
    r = subprocess.run([sys.executable, '-c', 'import sys; ' + SCRIPT, str(n_workers)], capture_output=True, text=True, cwd=cwd)
    return r.returncode, r.stdout + r.stderr, time.time() - start


if __name__ == '__main__':
    n = int(sys.argv[sys.argv.index('--n_workers') + 1]) if '--n_workers' in sys.argv else 2
    code, out, secs = proc_docs(n)
    print(out, end='')
    bad = code != 0 or WARNING in out
    print(f'docs processing: {secs:.0f} s, ' + ('FAILED' if code else 'exit 0') + (f', nbdev warned: {WARNING}' if WARNING in out else ''))
    sys.exit(1 if bad else 0)
