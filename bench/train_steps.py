"""Milliseconds per training step of the object-of-interest heads at several training-set sizes (issue 24).

Usage: python bench/train_steps.py [--n 2000,20000,117040] [--steps 1200] [--repeats 3] [--dim 128]
Trains each head of the object-of-interest experiment (the contrastive head and MUC2M, `train_ooi` with its default
widths, batch 256) on random image features of `dim` columns and a 10-category sentence table, for about `steps`
steps at each size (whole epochs), and prints the milliseconds per step of every repeat as a Markdown table. A step
reads 256 rows whatever the size, so the time per step should not grow with n; the sizes are run in turn within each
repeat, so a slow spell of the machine shows as one slow repeat rather than as growth. Not a test: numbers depend
on the machine.
"""
import argparse, os, platform
from types import SimpleNamespace
import numpy as np
import torch
from muc2m.exp_ooi import train_ooi


class RandomLabels:
    "What ResampledText reads of a CocoOOI: n images, 10 categories, one label per image drawn each epoch."
    def __init__(self, n:int): self.n, self.images = n, SimpleNamespace(category_ids=list(range(1, 11)))
    def __len__(self): return self.n
    def labels(self, epoch:int): return torch.from_numpy(np.random.default_rng([0, epoch]).integers(1, 11, self.n))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--n', default='2000,20000,117040')
    ap.add_argument('--steps', type=int, default=1200)
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--dim', type=int, default=128)
    a = ap.parse_args()
    sizes, ms = [int(n) for n in a.n.split(',')], {}
    for rep in range(a.repeats):
        for n in sizes:
            x1, table = torch.randn(n, a.dim), torch.randn(10, 384)
            epochs = max(1, a.steps // (n // 256))
            for method in ('clip', 'muc2m'):
                seconds = train_ooi(x1, table, RandomLabels(n), epochs=epochs, method=method, progress=False)[2]
                ms.setdefault((method, n), []).append(1000 * seconds / (epochs * (n // 256)))
    print(f'# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, torch {torch.__version__}, '
          f'{torch.get_num_threads()} threads; features {a.dim} columns, batch 256, about {a.steps} steps each\n')
    print('| head | rows | ' + ' | '.join(f'repeat {r + 1}, ms/step' for r in range(a.repeats)) + ' | median |')
    print('|---|---|' + '---|' * (a.repeats + 1))
    for (method, n), v in ms.items():
        print(f'| {method} | {n:,} | ' + ' | '.join(f'{t:.2f}' for t in v) + f' | {np.median(v):.2f} |')


if __name__ == '__main__':
    main()
