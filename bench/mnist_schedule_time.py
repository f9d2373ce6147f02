"""Time the CPU quick schedule of `muc2m-mnist` per k on this machine: seconds per epoch (median of a few timed epochs
after one warm-up epoch) times the schedule's epochs, against the issue's targets (3 minutes at k = 50, 10 minutes
otherwise), and the seconds of one Table 5 recognition run as `score_latents` does it (5 outer folds; C chosen on 2 inner folds for
k <= 200, C = 0.01 above; `--grid` chooses C at every k) on the test latents of that short training.

    python bench/mnist_schedule_time.py [--ks "50 100 200 500 1000"] [--timed 2]

Run it on an otherwise idle machine: it measures wall time. Prints a table and exits 0.
"""
import argparse, platform, statistics, time
import torch
from muc2m.components import CommonComponent
from muc2m.data import mnist_views
from muc2m.exp_mnist import schedule
from muc2m.metrics import cross_modal_recognition
from muc2m.train import CommonObjective, fit

ap = argparse.ArgumentParser()
ap.add_argument('--ks', default='50 100 200 500 1000')
ap.add_argument('--timed', type=int, default=2, help='timed epochs per k after one warm-up epoch')
ap.add_argument('--grid', action='store_true', help='choose C from the whole grid at every k (slower above k = 200)')
args = ap.parse_args()
data = mnist_views('test')
(x1, x2, _), (e1, e2, y) = data['train'], data['eval']
print(f'{platform.processor() or platform.machine()}, {torch.get_num_threads()} threads, torch {torch.__version__}')
print('| k | s / epoch | epochs | schedule s | target s | recognition s |\n|---|---|---|---|---|---|')
for k in map(int, args.ks.split()):
    s = schedule(k)
    torch.manual_seed(0)
    model = CommonComponent(392, 392, k)
    hist = fit(model, CommonObjective(s['lam'], s['lam']), (x1, x2), epochs=1 + args.timed, lr=s['lr'], progress=False)
    per = statistics.median(hist['seconds'][1:])
    with torch.no_grad(): z1, z2 = model.eval()(e1, e2)
    grid = {} if args.grid or k <= 200 else dict(Cs=(0.01,))
    t0 = time.perf_counter(); cross_modal_recognition(z1, z2, y, **grid); rec = time.perf_counter() - t0
    print(f"| {k} | {per:.2f} | {s['epochs']} | {per * s['epochs']:.0f} | {180 if k == 50 else 600} | {rec:.1f} |", flush=True)
