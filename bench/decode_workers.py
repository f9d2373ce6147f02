"""Images per second of feature extraction with decoding in worker processes (issue 24), for COCO-sized JPEGs.

Usage: python bench/decode_workers.py [--n 256] [--batch 32] [--workers 0,1,2] [--extractor efficientnet-lite0]
Writes n JPEGs of 640x480 (crops of scikit-learn's two photos, quality 90) into a temporary folder, then times:
decoding and resizing alone (`ImageExtractor.pixels` through the DataLoader with each worker count; 0 = this process),
the network alone (on pixels decoded beforehand), and `extract_features` end to end with each worker count (a fresh
cache each time), and checks that every end-to-end run gives the same features bit for bit. Prints one Markdown
table. Not a test: numbers depend on the machine, which the header records.
"""
import argparse, os, platform, tempfile, time
from pathlib import Path
import numpy as np
import torch
from PIL import Image
from muc2m.features import image_extractor, extract_features, _pixel_batches


def write_jpegs(folder:Path, n:int, seed:int=0)->list:
    "n distinct 640x480 JPEGs cut from scikit-learn's photos (427x640 each), upscaled where needed."
    import sklearn
    photos = [Image.open(Path(sklearn.__file__).parent / 'datasets' / 'images' / f).convert('RGB').resize((960, 640))
              for f in ('china.jpg', 'flower.jpg')]
    rng, paths = np.random.default_rng(seed), []
    for i in range(n):
        x, y = int(rng.integers(0, 320)), int(rng.integers(0, 160))
        paths.append(folder / f'{i:06d}.jpg')
        photos[i % 2].crop((x, y, x + 640, y + 480)).save(paths[-1], quality=90)
    return paths


def rate(n:int, fn)->float:
    "Images per second of one call of fn over n images."
    t0 = time.perf_counter()
    fn()
    return n / (time.perf_counter() - t0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--n', type=int, default=256)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--workers', default='0,1,2')
    ap.add_argument('--extractor', default='efficientnet-lite0')
    a = ap.parse_args()
    counts = [int(w) for w in a.workers.split(',')]
    print(f'# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, torch {torch.__version__}, '
          f'{torch.get_num_threads()} threads; {a.n} JPEGs of 640x480, {a.extractor}, batch {a.batch}')
    ext = image_extractor(a.extractor)
    with tempfile.TemporaryDirectory() as d:
        paths = write_jpegs(Path(d), a.n)
        batches = [list(range(i, min(i + a.batch, a.n))) for i in range(0, a.n, a.batch)]
        decode = {w: rate(a.n, lambda: list(_pixel_batches(ext, paths, batches, w))) for w in counts}
        pixels = list(_pixel_batches(ext, paths, batches, 0))
        def network():   # as extract_features runs it: channels-last
            ext.to(memory_format=torch.channels_last)
            with torch.inference_mode():
                for p in pixels:
                    ext.pool(ext.activations(ext.normalize(p).contiguous(memory_format=torch.channels_last)))
            ext.to(memory_format=torch.contiguous_format)
        net = rate(a.n, network)
        both, first = {}, None
        for w in counts:
            cache = Path(d) / f'cache{w}'
            out = {}
            both[w] = rate(a.n, lambda: out.update(extract_features(ext, paths, 'bench', cache, batch_size=a.batch,
                                                                    activations=False, progress=False, workers=w)))
            first = first if first is not None else out['features']
            assert torch.equal(out['features'], first), f'workers={w} changed the features'
    print('\n| images/s | ' + ' | '.join(f'{w} workers' for w in counts) + ' |')
    print('|---|' + '---|' * len(counts))
    print('| decoding and resizing alone | ' + ' | '.join(f'{decode[w]:.0f}' for w in counts) + ' |')
    print('| network alone | ' + ' | '.join(f'{net:.0f}' for _ in counts) + ' |')
    print('| extract_features (both) | ' + ' | '.join(f'{both[w]:.0f}' for w in counts) + ' |')
    print('\nfeatures identical for every worker count: yes')


if __name__ == '__main__':
    main()
