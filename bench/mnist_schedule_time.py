"""Time the CPU quick schedule of `muc2m-mnist` per k on this machine: seconds per epoch (median of a few timed epochs
after one warm-up epoch) times the schedule's epochs, against the 10-minute target of the MNIST issue.

    python bench/mnist_schedule_time.py [--ks "50 100 200 500 1000"] [--timed 2]

Run it on an otherwise idle machine: it measures wall time. Prints a table and exits 0.
"""
import argparse, platform, statistics
import torch
from muc2m.components import CommonComponent
from muc2m.data import mnist_views
from muc2m.exp_mnist import schedule
from muc2m.train import CommonObjective, fit

ap = argparse.ArgumentParser()
ap.add_argument('--ks', default='50 100 200 500 1000')
ap.add_argument('--timed', type=int, default=2, help='timed epochs per k after one warm-up epoch')
args = ap.parse_args()
x1, x2, _ = mnist_views('test')['train']
print(f'{platform.processor() or platform.machine()}, {torch.get_num_threads()} threads, torch {torch.__version__}')
print('| k | s / epoch | epochs | schedule s | target s |\n|---|---|---|---|---|')
for k in map(int, args.ks.split()):
    s = schedule(k)
    torch.manual_seed(0)
    model = CommonComponent(392, 392, k)
    hist = fit(model, CommonObjective(s['lam'], s['lam']), (x1, x2), epochs=1 + args.timed, progress=False)
    per = statistics.median(hist['seconds'][1:])
    print(f"| {k} | {per:.2f} | {s['epochs']} | {per * s['epochs']:.0f} | 600 |", flush=True)
