"""Each stage's seconds and peak memory of the object-of-interest experiment at COCO's size (issue 24, the rehearsal).

Usage: python bench/ooi_scale.py [--n_train 2000,20000,117040] [--n_test 5000] [--workers 2] [--root DIR]
                                 [--save nbs/saliency_results] [--device cpu] [--image digit-cnn] [--seed 0]
                                 [--k 8] [--hidden 256,128] [--epochs 60] [--batch_size 256]
       python bench/ooi_scale.py --paper [--workers 12]   # the prepared GPU run (issue 24, item 5)
`--paper` is the paper's scale and widths on one GPU: 117,040 training and 5,000 test scenes, a ResNet50-architecture
extractor with random weights (none ship offline; the scenes are resized to its 224 px), k 64, hidden
1024,2048,1024,256, 200 epochs, batch 2048, on CUDA when present. Its target is under 10 minutes on one H100 with 12
worker processes (not yet run on a GPU); its CPU path is tested at a tiny size (`--paper --n_train 64 --n_test 16 --epochs 1
--batch_size 32 --workers 0 --device cpu`, in 21_exp_ooi). Each run also prints every stage's throughput.
For each training size it writes digit scenes in the COCO layout (annotations/instances_{train,val}2017.json,
train2017/, val2017/; the scenes of `make_digit_scenes` with `workers` processes), then runs the experiment through
`data_root` exactly as `muc2m-ooi --data_root ROOT` does, with the default heads (k 8, hidden 256,128, 60 epochs,
batch 256, one seed). Before `run_ooi` it extracts the training features and the test activations itself (the same
cache entries `run_ooi` then reads), so extraction is timed on its own. Every stage's wall time and peak resident
memory (VmHWM, reset before each stage through /proc/self/clear_refs; it includes the 0.5-1 GB that Python, torch
and the libraries hold) is printed as a Markdown table, one column
pair per size, with the growth from the previous size. Around every training stage (before and after, outside its
time) it times a fixed probe, 200 steps of the same kind of head on 2,048 random rows, and prints each stage's ms per
step beside the probe's: the machine's speed drifts between minutes, and the probe shows by how much. The test split (5000 scenes, as COCO's val2017) is the same
scenes at every size, so the results tables (saved under --save as ooi_scale_N/) compare training sizes alone.
Not a test: numbers depend on the machine. Linux only (it reads /proc/self/status).
"""
import argparse, contextlib, os, platform, shutil, sys, tempfile, time
from pathlib import Path
import torch
import muc2m.exp_ooi as exp_ooi
from muc2m.scenes import make_digit_scenes
from muc2m.coco import saliency_datasets, image_features
from muc2m.features import image_extractor
from muc2m.backbones import resnet50
from muc2m.results import StageTimes
sys.path.insert(0, str(Path(__file__).parent))
from train_steps import RandomLabels


def resident_peak_mb()->int:
    "The peak resident memory since the last reset, in MB."
    for line in Path('/proc/self/status').read_text().splitlines():
        if line.startswith('VmHWM:'): return int(line.split()[1]) >> 10
    return -1


def probe_ms_per_step(method:str)->float:
    "The machine's speed now: ms per step of a fixed small training (2,048 random rows of 128, 200 steps)."
    g = torch.Generator().manual_seed(0)   # the run's own random streams are left alone
    x, table = torch.randn(2048, 128, generator=g), torch.randn(10, 384, generator=g)
    t0 = time.perf_counter()
    with torch.random.fork_rng(devices=[]):
        seconds = exp_ooi.train_ooi(x, table, RandomLabels(2048), epochs=25, method=method,
                                    progress=False)[2]
    MeteredTimes.probe_seconds += time.perf_counter() - t0
    return 1000 * seconds / (25 * (2048 // 256))


class MeteredTimes(StageTimes):
    """StageTimes that also keep each stage's peak resident memory (MB) in `peaks`, and for each training
    stage the probe's ms per step just before and just after it in `probes` (outside the stage's time)."""
    peaks, probes, probe_seconds = {}, {}, 0.0
    @contextlib.contextmanager
    def stage(self, name:str):
        method = {'train clip': 'clip'}.get(name, 'muc2m') if name.startswith('train ') else None
        before = probe_ms_per_step(method) if method else None
        Path('/proc/self/clear_refs').write_text('5')   # reset VmHWM to the current resident size
        with super().stage(name): yield self
        MeteredTimes.peaks[name] = max(MeteredTimes.peaks.get(name, 0), resident_peak_mb())
        if method: MeteredTimes.probes[name] = (before, probe_ms_per_step(method))


def coco_layout(root:Path, files:dict):
    "The COCO layout over written scenes: annotation and image folder names as COCO has them, as links."
    (root / 'annotations').mkdir(exist_ok=True)
    for split, coco in (('train', 'train2017'), ('test', 'val2017')):
        for link, target in ((root / 'annotations' / f'instances_{coco}.json', files[split]),
                             (root / coco, files[split].parent / 'images')):
            if not link.is_symlink(): link.symlink_to(target.resolve())


def one_size(n:int, a, times:MeteredTimes)->dict:
    "Write, read, extract and run the experiment at n training scenes; the run's results."
    root = Path(a.root) / f'coco-{n}'
    with times.stage('write scenes'):
        files = make_digit_scenes(root / 'scenes', n, a.n_test, 128, seed=a.seed, workers=a.workers)
    coco_layout(root, files)
    with times.stage('read annotations'):
        data = saliency_datasets(root)
    with times.stage('extractor ready'):   # the digit CNN trains once on MNIST, then comes from the cache
        img_x = resnet50(None) if a.image == 'resnet50' else image_extractor(a.image, cache=a.cache)
    with times.stage('extract training features'):
        image_features(img_x, data['train'], cache=a.cache, progress=False, workers=a.workers)
    with times.stage('extract test activations'):
        image_features(img_x, data['test'], activations=True, cache=a.cache, progress=False, workers=a.workers)
    exp_ooi.StageTimes = lambda: times   # run_ooi's own stages land in the same table
    t0 = time.perf_counter()
    before, probed = sum(times.values()), MeteredTimes.probe_seconds
    out = Path(a.root) / f'run-{n}'
    res = exp_ooi.run_ooi(out, data_root=root, image=img_x if a.image == 'resnet50' else a.image,
                          seeds=str(a.seed), cache=a.cache, device=a.device, quiet=True, k=a.k, hidden=a.hidden,
                          epochs=a.epochs, batch_size=a.batch_size)
    probed = MeteredTimes.probe_seconds - probed
    times['models, figure and results files'] = (time.perf_counter() - t0 - probed
                                                 - (sum(times.values()) - before))
    if a.save:
        keep = Path(a.save) / f'ooi_scale_{n}'
        keep.mkdir(parents=True, exist_ok=True)
        for f in ('results.json', 'table.md', 'ooi_figure.png'): shutil.copy(out / f, keep / f)
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--n_train', default='2000,20000,117040')
    ap.add_argument('--n_test', type=int, default=5000)
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--root', default=None,
                    help='where scenes and runs go (default: a temporary folder, removed at the end)')
    ap.add_argument('--cache', default=None, help='feature cache (default: ROOT/cache)')
    ap.add_argument('--save', default=None, help='copy each size\'s results.json, table.md and figure here')
    ap.add_argument('--device', default=None)
    ap.add_argument('--image', default='digit-cnn')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--k', type=int, default=8)
    ap.add_argument('--hidden', default='256,128')
    ap.add_argument('--epochs', type=int, default=60)
    ap.add_argument('--batch_size', type=int, default=256)
    ap.add_argument('--paper', action='store_true', help='the paper-scale GPU run (see above)')
    a = ap.parse_args()
    if a.paper:   # the paper's scale and widths, where the options were left at their defaults
        given = {o.lstrip('-').split('=')[0] for o in sys.argv[1:] if o.startswith('--')}
        paper = dict(n_train='117040', image='resnet50', k=64, hidden='1024,2048,1024,256', epochs=200,
                     batch_size=2048, device='cuda' if torch.cuda.is_available() else 'cpu')
        for key, v in paper.items():
            if key not in given: setattr(a, key, v)
    temp = None if a.root else tempfile.TemporaryDirectory(prefix='muc2m-ooi-scale-')
    a.root = a.root or temp.name   # a default folder (6 GB at 117k scenes) is removed at the end
    a.cache = a.cache or str(Path(a.root) / 'cache')
    sizes, table, probes = [int(n) for n in a.n_train.split(',')], {}, {}
    print(f'{platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}; {a.image}, '
          f'{a.n_test} test scenes, {a.workers} worker process(es), seed {a.seed}', flush=True)
    for n in sizes:
        times = MeteredTimes()
        MeteredTimes.peaks, MeteredTimes.probes = {}, {}
        t0 = time.perf_counter()
        one_size(n, a, times)
        table[n] = {k: (v, MeteredTimes.peaks.get(k)) for k, v in times.items()}
        table[n]['total'] = (time.perf_counter() - t0, None)
        probes[n] = dict(MeteredTimes.probes)
        print(f'{n} training scenes: {table[n]["total"][0]:.0f} s', flush=True)
    stages = list(dict.fromkeys(k for n in sizes for k in table[n]))
    cols = [c for n in sizes for c in (f'{n:,} s', f'{n:,} peak MB')]
    cols += [f'{b / p:.1f}x rows: s grew' for p, b in zip(sizes, sizes[1:])]
    print(f"\n| stage | {' | '.join(cols)} |")
    print('|---' * (1 + len(cols)) + '|')
    for s in stages:
        cells = [f'{table[n].get(s, (0, None))[0]:.1f} | {table[n].get(s, (0, None))[1] or ""}' for n in sizes]
        cells += [f'{table[b].get(s, (0,))[0] / max(table[p].get(s, (0,))[0], 1e-9):.1f}x'
                  for p, b in zip(sizes, sizes[1:])]
        print(f"| {s} | {' | '.join(cells)} |")
    print('\nthroughput (per second of each stage)\n')
    print(f"| stage | {' | '.join(f'{n:,}' for n in sizes)} |")
    print('|---' * (1 + len(sizes)) + '|')
    for s, (count, unit) in throughput_units(a).items():
        print(f"| {s} | {' | '.join(f'{count(n) / max(table[n][s][0], 1e-9):,.0f} {unit}' for n in sizes)} |")
    print_steps(a, sizes, table, probes)
    if temp: temp.cleanup()


def print_steps(a, sizes:list, table:dict, probes:dict):
    "Each training stage's ms per step beside the probe's around it: their ratio is the growth with n."
    print('\ntraining: ms per step (the probe before / after the stage, ms per step; stage / mean probe)\n')
    print(f"| stage | {' | '.join(f'{n:,}' for n in sizes)} |")
    print('|---' * (1 + len(sizes)) + '|')
    for s in [s for s in table[sizes[0]] if s.startswith('train ')]:
        cells = []
        for n in sizes:
            ms = 1000 * table[n][s][0] / (a.epochs * (n // a.batch_size))
            before, after = probes[n][s]
            cells.append(f'{ms:.2f} ({before:.2f} / {after:.2f}; {2 * ms / (before + after):.2f}x)')
        print(f"| {s} | {' | '.join(cells)} |")


def throughput_units(a)->dict:
    "Stage -> (items it handles at n training scenes, their unit)."
    return {'write scenes': (lambda n: n + a.n_test, 'scenes'),
            'extract training features': (lambda n: n, 'images'),
            'extract test activations': (lambda n: a.n_test, 'images'),
            **{f'train {h}': (lambda n: n * a.epochs, 'rows') for h in ('clip', 'muc2m', 'muc2m+regu')},
            'maps and scores': (lambda n: a.n_test, 'test images')}


if __name__ == '__main__': main()
