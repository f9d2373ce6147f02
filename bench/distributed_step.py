"""Seconds per training step of MUC2M's common component (MNIST architecture, k = 50, global batch 2048) on one
process and on two gloo processes under torchrun, with and without the gradient penalty. Prints a table.

Usage: python bench/distributed_step.py [--steps 10]
On one machine the processes share its cores (each gets cores / processes threads), so this measures the cost of
the exact global-batch statistics (gathering rows, synced BatchNorm, averaging gradients), not a speed-up; on several
GPUs or machines each process brings its own compute.
"""
import argparse, json, os, subprocess, sys
import torch

def worker(steps:int, gamma:float):
    from muc2m.commands import init_from_env
    from muc2m.components import CommonComponent
    from muc2m.train import fit, CommonObjective
    world, rank = init_from_env()
    g = torch.Generator().manual_seed(0)
    x1, x2 = torch.randn(2048 * (steps + 1), 392, generator=g), torch.randn(2048 * (steps + 1), 392, generator=g)
    model = CommonComponent(392, 392, 50, (500, 300))
    hist = fit(model, CommonObjective(gamma=gamma), (x1, x2), epochs=2, batch_size=2048, lr=1e-3, progress=False, device='cpu')
    if rank == 0: print(json.dumps(dict(world=world, seconds_per_step=hist['seconds'][1] / (steps + 1))), flush=True)  # 2nd epoch: warm

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--steps', type=int, default=10); ap.add_argument('--gamma', type=float, default=0.0)
    args = ap.parse_args()
    if 'WORLD_SIZE' in os.environ: worker(args.steps, args.gamma); sys.exit(0)
    cores = os.cpu_count() or 1
    print("| processes | threads each | gamma | s per step (batch 2048) |\n|---|---|---|---|")
    for gamma in (0.0, 0.01):
        for nproc in (1, 2):
            env = {**os.environ, 'OMP_NUM_THREADS': str(max(1, cores // nproc)), 'OMP_WAIT_POLICY': 'PASSIVE'}
            out = subprocess.run([sys.executable, '-m', 'torch.distributed.run', '--standalone', f'--nproc_per_node={nproc}', __file__,
                                  '--steps', str(args.steps), '--gamma', str(gamma)], capture_output=True, text=True, env=env, check=True).stdout
            r = json.loads([l for l in out.splitlines() if l.startswith('{')][-1])
            print(f"| {r['world']} | {max(1, cores // nproc)} | {gamma} | {r['seconds_per_step']:.3f} |", flush=True)
