"""Time one training step of every objective with the MNIST architecture (App. 7.4.2), as ratios measured in one run.

Usage: python bench/step_time.py [--batch 2048] [--k 50] [--steps 10] [--device cpu|cuda]
Prints one table: ms per step (median of `steps` after 2 warm-up steps) and the ratio to the plain common loss (Eq. 3).
Not a test: numbers depend on the machine, which the header records.
"""
import argparse, os, platform, statistics, time
import torch
from muc2m.components import CommonComponent
from muc2m.train import CommonObjective, LatentObjective, default_device


def time_steps(objective, batch, k, steps, device, seed=0):
    "Median seconds of one Adam step of `objective` on a fresh MNIST-sized CommonComponent."
    torch.manual_seed(seed)
    model = CommonComponent(392, 392, k).to(device).train()
    objective.to(device).train()
    opt = torch.optim.Adam(model.parameters(), lr=2e-4)
    g = torch.Generator().manual_seed(seed)
    x1, x2 = (torch.randn(batch, 392, generator=g).to(device) for _ in range(2))
    times = []
    for i in range(steps + 2):
        if device.type == 'cuda': torch.cuda.synchronize()
        t0 = time.perf_counter()
        loss = objective(model, (x1, x2))
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
        if device.type == 'cuda': torch.cuda.synchronize()
        if i >= 2: times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--batch', type=int, default=2048)
    p.add_argument('--k', type=int, default=50)
    p.add_argument('--steps', type=int, default=10)
    p.add_argument('--device', default=None)
    a = p.parse_args()
    device = torch.device(a.device) if a.device else default_device()
    print(f'# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, torch {torch.__version__}, '
          f'{torch.get_num_threads()} threads, device {device}'
          + (f' ({torch.cuda.get_device_name()})' if device.type == 'cuda' else ''))
    print(f'# batch {a.batch}, k {a.k}, architecture 392-500-300-k + BatchNorm1d per view, median of {a.steps} steps')
    objectives = [('common (Eq. 3)', CommonObjective()),
                  ('common + penalty (Eq. 3 + Eq. 7)', CommonObjective(gamma=1e-3)),
                  ('deep cca', LatentObjective('dcca')),
                  ('soft cca', LatentObjective('softcca', k=a.k)),
                  ('barlow twins', LatentObjective('barlow'))]
    rows = [(name, time_steps(obj, a.batch, a.k, a.steps, device)) for name, obj in objectives]
    base = rows[0][1]
    print(f"{'objective':34s} {'ms/step':>9s} {'ratio':>7s}")
    for name, t in rows: print(f'{name:34s} {1000 * t:9.1f} {t / base:7.2f}')


if __name__ == '__main__':
    main()
