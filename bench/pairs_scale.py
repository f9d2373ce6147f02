"""The image-pairs experiment (`muc2m-pairs`, Tables 3 and 4) with more training data (issue 24, item 4).

Usage: python bench/pairs_scale.py [--n_train 2000,117040] [--train_pairs 6000,60000] [--n_test 5000]
                                   [--test_pairs 5000] [--workers 2] [--root DIR] [--save nbs/saliency_results]
For each training size it writes digit scenes in the COCO layout (`make_digit_scenes` with `workers` processes; the
5,000 test scenes are the same at every size, as in bench/ooi_scale.py), then runs `muc2m-pairs --data_root ROOT`
with the default heads and one seed (0), drawing that size's training pairs (the paper: 60,000 from COCO's 117,040
images; the quick default: 6,000 from 2,000 scenes) and the same 5,000 test pairs. It prints each stage's seconds
and the process's peak resident memory after it, and copies results.json, table.md and pairs_figure.png to
--save/pairs_scale_N/. Not a test: numbers depend on the machine. Linux only (peak memory from getrusage).
"""
import argparse, resource, shutil, sys, tempfile, time
from pathlib import Path
from muc2m.scenes import make_digit_scenes
from muc2m.exp_pairs import run_pairs
sys.path.insert(0, str(Path(__file__).parent))
from ooi_scale import coco_layout


def peak_mb()->int:
    "The process's peak resident memory so far, in MB."
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss >> 10


def one_size(n:int, pairs:int, a)->dict:
    "Write the scenes, run muc2m-pairs on them; the stage times (s) and peaks (MB)."
    root, out = Path(a.root) / f'coco-{n}', Path(a.root) / f'run-{n}'
    t0 = time.perf_counter()
    files = make_digit_scenes(root / 'scenes', n, a.n_test, 128, seed=0, workers=a.workers)
    coco_layout(root, files)
    times = {'write scenes': time.perf_counter() - t0}
    peaks = {'write scenes': peak_mb()}
    res = run_pairs(out, data_root=root, train_pairs=pairs, test_pairs=a.test_pairs, seeds='0',
                    cache=a.cache, quiet=True)
    times.update(res['times'])
    peaks['muc2m-pairs'] = peak_mb()
    if a.save:
        keep = Path(a.save) / f'pairs_scale_{n}'
        keep.mkdir(parents=True, exist_ok=True)
        for f in ('results.json', 'table.md', 'pairs_figure.png'): shutil.copy(out / f, keep / f)
    return dict(times=times, peaks=peaks)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--n_train', default='2000,117040')
    ap.add_argument('--train_pairs', default='6000,60000')
    ap.add_argument('--n_test', type=int, default=5000)
    ap.add_argument('--test_pairs', type=int, default=5000)
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--root', default=None,
                    help='where scenes and runs go (default: a temporary folder, removed at the end)')
    ap.add_argument('--cache', default=None, help="cache folder (default: muc2m's, where the digit CNNs are kept)")
    ap.add_argument('--save', default=None, help="copy each size's results.json, table.md and figure here")
    a = ap.parse_args()
    sizes = [int(s) for s in a.n_train.split(',')]
    pairs = [int(s) for s in a.train_pairs.split(',')]
    if len(pairs) != len(sizes): sys.exit('pairs_scale: give one --train_pairs per --n_train size')
    temp = None if a.root else tempfile.TemporaryDirectory(prefix='muc2m-pairs-scale-')
    a.root = a.root or temp.name   # a default folder (5 GB at 117k scenes) is removed at the end
    got = {}
    for n, p in zip(sizes, pairs):
        t0 = time.perf_counter()
        got[n] = one_size(n, p, a)
        print(f'{n} training scenes, {p} training pairs: {time.perf_counter() - t0:.0f} s', flush=True)
    stages = list(dict.fromkeys(s for n in sizes for s in got[n]['times']))
    print('\n| stage (s) | ' + ' | '.join(f'{n:,} scenes, {p:,} pairs' for n, p in zip(sizes, pairs)) + ' |')
    print('|---|' + '---|' * len(sizes))
    for s in stages:
        print(f'| {s} | ' + ' | '.join(f"{got[n]['times'].get(s, 0):.1f}" for n in sizes) + ' |')
    print('| peak resident MB (process, so far) | '
          + ' | '.join(str(got[n]['peaks']['muc2m-pairs']) for n in sizes) + ' |')
    if temp: temp.cleanup()


if __name__ == '__main__':
    main()
