"""Memory and time of `muc2m-fit` on two feature files, read whole versus row by row (issue 24, features larger than memory).

Usage: python bench/larger_than_memory.py [--rows 117040] [--d1 2048] [--d2 768] [--hidden ''] [--epochs 1]
                                          [--limit_mb 600] [--folder DIR]
Writes two float32 feature files of `rows` x d1 and `rows` x d2 (a shared signal plus noise; the defaults are the
paper's COCO training set with ResNet50 and BERT widths), then runs, each in a fresh process:
- `whole`: the files read whole (`read_tensors`) and trained in memory with `fit_head`, as muc2m-fit did before;
- `rows`: `muc2m-fit x1 x2` (`fit_features`), which reads a batch of rows at a time (`FeatureRows`);
- `rows, limited`: the same under an address-space limit (`RLIMIT_AS`) of `limit_mb` beyond what the process holds
  after a small warm-up run, smaller than either file.
For each it prints the seconds, the peak address space beyond the warm process (VmPeak) and the peak resident memory
(VmHWM, which includes what the warm process held, about 0.7 GB here). Prints one Markdown table. Not a test:
numbers depend on the machine. Linux only (it reads /proc/self/status).
"""
import argparse, os, platform, subprocess, sys, tempfile, time
from pathlib import Path
import torch
from muc2m.io import save_tensors

CHILD = r'''
import contextlib, io, re, resource, sys, time, torch
from pathlib import Path
from muc2m.commands import fit_features
from muc2m.io import read_tensors, save_tensors, parse_widths
from muc2m.saliency import fit_head
mode, d, hidden, epochs, limit = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
def status(key): return int(re.search(key + r':\s+(\d+) kB', Path('/proc/self/status').read_text())[1]) << 10
args = dict(k=64, hidden=hidden, epochs=epochs, batch_size=2048, quiet=True)
small = [save_tensors(d / f'warm{i}.safetensors', {'features': torch.randn(512, int(sys.argv[6 + i]))}) for i in (0, 1)]
with contextlib.redirect_stdout(io.StringIO()):   # libraries mapped, allocators warm
    fit_features(*small, d / 'warm.safetensors', **{**args, 'batch_size': 256})
start = status('VmSize')
if limit: resource.setrlimit(resource.RLIMIT_AS, (start + limit, start + limit))
t0 = time.perf_counter()
if mode == 'whole':
    f = [read_tensors(d / f'x{i}.safetensors')[0]['features'] for i in (1, 2)]
    views = [dict(kind='features', name=f'x{i}') for i in (1, 2)]
    fit_head(*f, views, k=64, hidden=parse_widths(hidden), epochs=epochs, batch_size=2048, progress=False)
else:
    with contextlib.redirect_stdout(io.StringIO()):
        fit_features(d / 'x1.safetensors', d / 'x2.safetensors', d / 'model.safetensors', **args)
print(time.perf_counter() - t0, (status('VmPeak') - start) >> 20, status('VmHWM') >> 20)
'''


def write_features(d:Path, rows:int, d1:int, d2:int, seed:int=0):
    "Two feature files whose first 64 columns share a signal, written block by block (never both whole)."
    g = torch.Generator().manual_seed(seed)
    s = torch.randn(rows, 64, generator=g)
    for name, dim in (('x1', d1), ('x2', d2)):
        x = torch.randn(rows, dim, generator=g)
        x[:, :64] += s
        save_tensors(d / f'{name}.safetensors', {'features': x})
        del x


def run(mode:str, d:Path, a, limit:int)->tuple:
    "One fresh process; (seconds, peak MB of address space beyond the warm process, peak resident MB) or the error."
    r = subprocess.run([sys.executable, '-c', CHILD, mode, str(d), a.hidden, str(a.epochs), str(limit), str(a.d1),
                        str(a.d2)], capture_output=True, text=True)
    if r.returncode: return (r.stderr.strip().splitlines() or ['failed'])[-1][:90], '', ''
    secs, vm, hwm = r.stdout.split()
    return f'{float(secs):.1f}', vm, hwm


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--rows', type=int, default=117_040)
    ap.add_argument('--d1', type=int, default=2048)
    ap.add_argument('--d2', type=int, default=768)
    ap.add_argument('--hidden', default='')
    ap.add_argument('--epochs', type=int, default=1)
    ap.add_argument('--limit_mb', type=int, default=600)
    ap.add_argument('--folder', default=None,
                    help='where the feature files go (default: a temporary folder, removed at the end)')
    a = ap.parse_args()
    temp = None if a.folder else tempfile.TemporaryDirectory(prefix='muc2m-larger-than-memory-')
    d = Path(a.folder or temp.name)   # a default folder is removed at the end
    d.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    write_features(d, a.rows, a.d1, a.d2)
    mb = [os.path.getsize(d / f'x{i}.safetensors') >> 20 for i in (1, 2)]
    print(f'{platform.processor() or platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}; '
          f'{a.rows} rows, files of {mb[0]} + {mb[1]} MB written in {time.perf_counter() - t0:.0f} s; '
          f'k 64, hidden {a.hidden!r}, {a.epochs} epoch(s) per stage, batch 2048\n')
    print('| reading | limit (MB) | seconds | peak address space beyond start (MB) | peak resident (MB) |')
    print('|---|---|---|---|---|')
    for mode, limit in (('whole', 0), ('rows', 0), ('rows', a.limit_mb << 20), ('whole', a.limit_mb << 20)):
        secs, vm, hwm = run(mode, d, a, limit)
        print(f"| {mode} | {a.limit_mb if limit else 'none'} | {secs} | {vm} | {hwm} |", flush=True)
    if temp: temp.cleanup()


if __name__ == '__main__': main()
