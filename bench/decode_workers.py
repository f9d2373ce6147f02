"""Images per second of feature extraction with decoding in worker processes (issue 24), for COCO-sized JPEGs.

Usage: python bench/decode_workers.py [--n 256] [--batch 32] [--workers 0,1,2] [--extractor efficientnet-lite0]
Writes n JPEGs of 640x480 (crops of scikit-learn's two photos, quality 90) into a temporary folder, then times, for
full-size decoding and for reduced-size decoding (the extractor's `draft`: Pillow decodes a JPEG at 1/2, 1/4 or 1/8
scale, both sides still at least the input size): decoding and resizing alone (`ImageExtractor.pixels` through the
DataLoader with each worker count; 0 = this process), the network alone (on pixels decoded beforehand), and
`extract_features` end to end with each worker count (a fresh cache each time). Checks that every end-to-end run of
one decoding gives the same features bit for bit, and measures how far the reduced-size features are from the
full-size ones (cosine, relative distance; the top-1 class where the extractor has a classifier). Prints
Markdown tables. Not a test: numbers depend on the machine, which the header records.
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


def timings(ext, paths, a, counts, folder:Path)->tuple:
    "Decoding alone and end to end per worker count, with the features (equal for every count)."
    batches = [list(range(i, min(i + a.batch, a.n))) for i in range(0, a.n, a.batch)]
    decode = {w: rate(a.n, lambda: list(_pixel_batches(ext, paths, batches, w))) for w in counts}
    both, first = {}, None
    for w in counts:
        out = {}
        cache = folder / f'cache{w}-{ext.draft}'
        both[w] = rate(a.n, lambda: out.update(extract_features(ext, paths, 'bench', cache, batch_size=a.batch,
                                                                activations=False, progress=False, workers=w)))
        first = first if first is not None else out['features']
        assert torch.equal(out['features'], first), f'workers={w} changed the features'
    return decode, both, first


def network_rate(ext, paths, a)->float:
    "Images per second of the network alone, on pixels decoded beforehand, as extract_features runs it."
    batches = [list(range(i, min(i + a.batch, a.n))) for i in range(0, a.n, a.batch)]
    pixels = list(_pixel_batches(ext, paths, batches, 0))
    def network():   # channels-last, as extract_features runs it
        ext.to(memory_format=torch.channels_last)
        with torch.inference_mode():
            for p in pixels:
                ext.pool(ext.activations(ext.normalize(p).contiguous(memory_format=torch.channels_last)))
        ext.to(memory_format=torch.contiguous_format)
    return rate(a.n, network)


def change(ext, full:torch.Tensor, drafted:torch.Tensor)->str:
    "How far reduced-size decoding moves the features: cosine, relative distance, top-1 agreement."
    cos = torch.nn.functional.cosine_similarity(full, drafted)
    rel = (full - drafted).norm(dim=1) / full.norm(dim=1)
    said = (f'cosine similarity min {cos.min():.4f}, mean {cos.mean():.4f}; relative distance '
            f'||f_draft - f_full|| / ||f_full|| mean {rel.mean():.3f}, max {rel.max():.3f}')
    if ext.classifier is not None:
        with torch.inference_mode():
            same = (ext.classifier(full).argmax(1) == ext.classifier(drafted).argmax(1)).float().mean()
        said += f'; the top-1 class of its classifier the same for {same:.1%} of the images'
    return said


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
        net = network_rate(ext, paths, a)
        rows, feats = {}, {}
        for draft in (False, True):
            ext.draft = draft
            rows[draft] = timings(ext, paths, a, counts, Path(d))
            feats[draft] = rows[draft][2]
        ext.draft = False
    print('\n| images/s | ' + ' | '.join(f'{w} workers' for w in counts) + ' |')
    print('|---|' + '---|' * len(counts))
    for draft, how in ((False, 'full-size'), (True, 'reduced-size (draft)')):
        decode, both, _ = rows[draft]
        print(f'| decoding and resizing alone, {how} | ' + ' | '.join(f'{decode[w]:.0f}' for w in counts) + ' |')
    print('| network alone | ' + ' | '.join(f'{net:.0f}' for _ in counts) + ' |')
    for draft, how in ((False, 'full-size'), (True, 'reduced-size (draft)')):
        decode, both, _ = rows[draft]
        print(f'| extract_features (both), {how} | ' + ' | '.join(f'{both[w]:.0f}' for w in counts) + ' |')
    print('\nfeatures identical for every worker count, each decoding: yes')
    print(f'reduced-size against full-size decoding, {a.n} images: {change(ext, feats[False], feats[True])}')


if __name__ == '__main__':
    main()
