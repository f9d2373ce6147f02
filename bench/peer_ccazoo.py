"""Our MNIST-halves methods next to cca-zoo's deep peers (DCCA, DCCASDL, BarlowTwins), trained and scored in one run.

Usage: python bench/peer_ccazoo.py [--k 50] [--epochs 10] [--batch 2048] [--lr 1e-3] [--limit N]
                                   [--methods muc2m dcca softcca barlow ccazoo-dcca ccazoo-sdl ccazoo-barlow]
                                   [--seed 0] [--device cpu|cuda]
Smoke run: nice -n 10 python bench/peer_ccazoo.py --limit 3000 --epochs 1 --k 10

Every method sees the same data (MNIST left/right halves, the 'test' split of `mnist_views`, optionally the first
`--limit` train and eval rows), the same encoder per view, built by our `mlp` through `CommonComponent` (App. 7.4.2:
Linear(392,500) ReLU Linear(500,300) ReLU Linear(300,k, no bias) BatchNorm1d(k, no affine), initialised from the same
seed, so with identical weights), plain Adam at the same learning
rate (no scheduler), the same batch size with the last incomplete batch dropped (unless it is the only one), the same
number of epochs, and a held-out loss on the eval rows after every epoch. The shuffled batch order agrees in the first
epoch only (we reseed every epoch, the peers' sampler draws on from one seeded generator).
Prints one table: the sum of diagonal test correlations (Table 1), the total canonical correlation of the test latents
(linear CCA fitted on the training latents), seconds per epoch (training plus the held-out loss) and total seconds
(building, training and encoding the train and eval rows; data loading excluded).
Known differences of the peers, not removed here: cca-zoo's own loss definitions and defaults (DCCA: minus the sum of
*squared* canonical correlations, reg_covar 1e-6; DCCASDL: per-batch covariance, MSE and mean |off-diagonal|, lam 0.5;
BarlowTwins: lam 5e-3), and DCCASDL and BarlowTwins add a parameter-free BatchNorm1d(k, affine=False) after our
encoders (a positive per-column rescaling, so it leaves every correlation above unchanged).
A peer that fails prints 'failed: <reason>' and the run goes on. Not a test: numbers depend on the machine, which the
header records.
"""
import argparse, logging, os, platform, sys, tempfile, time, warnings
from importlib.metadata import version
import torch
from torch import nn
from muc2m.components import CommonComponent
from muc2m.data import mnist_views
from muc2m.exp_mnist import train_latents
from muc2m.metrics import diag_correlation_sum, total_canonical_correlation
from muc2m.train import default_device

OURS = ('muc2m', 'dcca', 'softcca', 'barlow')
PEERS = ('ccazoo-dcca', 'ccazoo-sdl', 'ccazoo-barlow')


def encoders(d1, d2, k, hidden=(500, 300)):
    "Both views' encoders of App. 7.4.2, as `CommonComponent` builds them (our `mlp`): a seed gives the same weights."
    common = CommonComponent(d1, d2, k, hidden=hidden)
    return [common.f1, common.f2]


def peer_model(method, d1, d2, k, lr, seed):
    "The cca-zoo model of a peer, around two fresh encoders (seeded like `train_latents` seeds a `CommonComponent`)."
    from cca_zoo.deep import DCCA, DCCASDL, BarlowTwins
    cls = dict(zip(PEERS, (DCCA, DCCASDL, BarlowTwins)))[method]
    torch.manual_seed(seed)
    return cls(n_components=k, encoders=encoders(d1, d2, k), learning_rate=lr)  # every other argument at cca-zoo's default


def loader(x1, x2, batch, shuffle, seed=0):
    """A DataLoader of `cca_zoo.deep.MultiviewDataset` batches ({'views': [x1[idx], x2[idx]]}).

    Whole batches are indexed at once (a BatchSampler, no per-row collate), as `muc2m.train.iterate_batches` does,
    so that the timing compares the training steps rather than the loaders. Training drops the last incomplete batch
    (unless it is the only one), as `fit` does; evaluation keeps it unless it has a single row (batch statistics need two).
    """
    from torch.utils.data import BatchSampler, DataLoader, RandomSampler, SequentialSampler
    from cca_zoo.deep import MultiviewDataset
    ds = MultiviewDataset([x1, x2])
    order = RandomSampler(ds, generator=torch.Generator().manual_seed(seed)) if shuffle else SequentialSampler(ds)
    drop_last = len(ds) >= batch if shuffle else len(ds) % batch == 1
    return DataLoader(ds, batch_size=None, sampler=BatchSampler(order, batch, drop_last=drop_last))


def epoch_timer():
    "A Lightning callback that records the seconds of every training epoch (its held-out loss included)."
    import lightning.pytorch as pl
    class EpochTimer(pl.Callback):
        def __init__(self): self.seconds, self.t0 = [], None
        def on_train_epoch_start(self, trainer, module): self.t0 = time.perf_counter()
        def on_train_epoch_end(self, trainer, module):
            if module.device.type == 'cuda': torch.cuda.synchronize()
            self.seconds.append(time.perf_counter() - self.t0)
    return EpochTimer()


def quiet_lightning():
    "Silence Lightning's info lines and its advice about dataloader workers and logging."
    try: import lightning.pytorch  # noqa: F401 -- importing it resets its loggers to INFO, so import first
    except ImportError: return     # the peers' rows will say so
    for name in ('lightning', 'lightning.pytorch', 'lightning.fabric'): logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings('ignore', module='lightning')
    warnings.filterwarnings('ignore', message='.*(num_workers|does not have many workers|LightningModule.log).*')


def train_peer(method, k, data, epochs, batch, lr, seed, device):
    "Train one cca-zoo peer with a quiet Lightning Trainer; return latents and timings like `train_latents`."
    import lightning.pytorch as pl
    (x1, x2, _), (e1, e2, _) = data['train'], data['eval']
    t0 = time.perf_counter()
    model, timer = peer_model(method, x1.shape[1], x2.shape[1], k, lr, seed), epoch_timer()
    with tempfile.TemporaryDirectory() as root:
        trainer = pl.Trainer(max_epochs=epochs, accelerator='gpu' if device.type == 'cuda' else 'cpu',
                             devices=[device.index or 0] if device.type == 'cuda' else 1,
                             default_root_dir=root, logger=False, enable_checkpointing=False, enable_progress_bar=False,
                             enable_model_summary=False, num_sanity_val_steps=0, callbacks=[timer])
        torch.manual_seed(seed)
        trainer.fit(model, loader(x1, x2, batch, shuffle=True, seed=seed), loader(e1, e2, batch, shuffle=False))
    model.cpu().eval()
    with torch.no_grad(): z_train, z_eval = model([x1, x2]), model([e1, e2])
    return dict(z_train=tuple(z_train), z_eval=tuple(z_eval), epoch_seconds=timer.seconds, seconds=time.perf_counter() - t0)


def train_ours(method, k, data, epochs, batch, lr, seed, device):
    "Train one of our methods with `train_latents` (held-out loss on the eval rows every epoch, no progress bar)."
    t = train_latents(method, k, data, epochs, batch, lr, seed=seed, device=device, progress=False)
    return dict(z_train=t['z_train'], z_eval=t['z_eval'], epoch_seconds=t['history']['seconds'], seconds=t['seconds'])


def run_method(method, k, data, epochs, batch, lr, seed, device):
    "Train one method and score its latents; a failure becomes a row with its reason."
    try:
        train = train_peer if method in PEERS else train_ours
        t = train(method, k, data, epochs, batch, lr, seed, device)
        return dict(method=method, sum_corr=f"{diag_correlation_sum(*t['z_eval']):.2f}",
                    total_cc=f"{total_canonical_correlation(*t['z_eval'], train=t['z_train']):.2f}",
                    s_per_epoch=f"{sum(t['epoch_seconds']) / max(len(t['epoch_seconds']), 1):.2f}", total_s=f"{t['seconds']:.1f}")
    except Exception as e:
        reason = f'{type(e).__name__}: {e}'.splitlines()[0][:160]
        return dict(method=method, sum_corr=f'failed: {reason}', total_cc='', s_per_epoch='', total_s='')


def print_table(rows):
    "Aligned plain-text table; a failed row's reason runs past its column."
    keys = list(rows[0])
    widths = {c: max(len(c), *(len(r[c]) for r in rows if not r[c].startswith('failed'))) for c in keys}
    line = lambda r: '  '.join(r[c] if r[c].startswith('failed') else r[c].rjust(widths[c]) if c != 'method'
                               else r[c].ljust(widths[c]) for c in keys).rstrip()
    print(line({c: c for c in keys}))
    print('  '.join('-' * widths[c] for c in keys))
    for r in rows: print(line(r), flush=True)


def parse_args():
    "Command-line options (see the module docstring)."
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--k', type=int, default=50, help='latent dimension')
    p.add_argument('--epochs', type=int, default=10)
    p.add_argument('--batch', type=int, default=2048)
    p.add_argument('--lr', type=float, default=1e-3, help='Adam learning rate of every method')
    p.add_argument('--limit', type=int, default=None, help='use only the first N train and eval rows')
    p.add_argument('--methods', nargs='+', default=list(OURS + PEERS), choices=OURS + PEERS)
    p.add_argument('--seed', type=int, default=0, help='seed of the initialisation and the batch order')
    p.add_argument('--device', default=None, help='default: cuda when present, else cpu')
    return p.parse_args()


def main():
    "Train every requested method on the same data and print the header and the table."
    a = parse_args()
    device = torch.device(a.device) if a.device else default_device()
    quiet_lightning()
    try: zoo = f"cca-zoo {version('cca-zoo')}, lightning {version('lightning')}"
    except Exception as e: zoo = f'cca-zoo not importable ({e})'
    print(f'# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, torch {torch.__version__}, '
          f'{torch.get_num_threads()} threads, {zoo}, device {device}'
          + (f' ({torch.cuda.get_device_name(device)})' if device.type == 'cuda' else ''))
    data = mnist_views('test')
    if a.limit: data = {name: tuple(t[:a.limit] for t in part) for name, part in data.items()}
    print(f"# MNIST halves, {len(data['train'][0])} train / {len(data['eval'][0])} test rows, k {a.k}, {a.epochs} epochs, "
          f'batch {a.batch}, Adam lr {a.lr}, seed {a.seed}, encoder 392-500-300-k + BatchNorm1d per view (muc2m.components.mlp)')
    rows = []
    for m in a.methods:
        rows.append(run_method(m, a.k, data, a.epochs, a.batch, a.lr, a.seed, device))
        print(f'# done {m}', file=sys.stderr, flush=True)
    print_table(rows)


if __name__ == '__main__':
    main()
