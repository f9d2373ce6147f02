"""Time `dataset_key`, the feature cache's content key, at COCO scale, against the old key of names and sizes.

Usage: python bench/cache_key.py [--n 117040] [--kb 160] [--dir /tmp] [--workers 1,4,8]
Writes n files of random bytes (default 117,040 of 80..240 KiB, mean 160 KiB: COCO train2017's count and mean JPEG
size, 19.2 GB) into one new folder under --dir, times the key cold (the files out of the page cache, no index; once per
--workers value), warm (index present), after 1 % of the files were changed in place (same sizes), and the old key;
then deletes the folder. The page cache is emptied for the files with posix_fadvise(DONTNEED) after a sync (no root
needed). Prints one Markdown table. Not a test: numbers depend on the machine and its disk, which the header records.
"""
import argparse, hashlib, os, platform, shutil, statistics, tempfile, time
from pathlib import Path
import numpy as np
from muc2m.features import dataset_key


def old_key(paths) -> str:
    "The key before content hashing: file names and byte sizes."
    h = hashlib.sha1()
    for p in paths: h.update(f'{p.name}\0{p.stat().st_size}\n'.encode())
    return h.hexdigest()[:16]


def write_files(folder: Path, n: int, kb: int, seed: int = 0) -> list:
    "n files of distinct random bytes, sizes uniform in [kb/2, 3kb/2] KiB."
    rng = np.random.default_rng(seed)
    pool = rng.bytes(64 << 20)
    sizes = rng.integers(kb * 512, kb * 1536, n)
    starts = rng.integers(0, len(pool) - int(sizes.max()), n)
    folder.mkdir(parents=True)
    paths = []
    for i, (size, start) in enumerate(zip(sizes, starts)):
        p = folder / f'{i:012d}.jpg'
        p.write_bytes(i.to_bytes(8, 'little') + pool[start:start + size - 8])
        paths.append(p)
    return paths


def drop_page_cache(paths):
    "Write back, then drop every file's pages from the page cache: the next read comes from the disk."
    os.sync()
    for p in paths:
        fd = os.open(p, os.O_RDONLY)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        os.close(fd)


def timed(f, *args, **kw) -> tuple:
    "(seconds, result) of one call."
    t0 = time.perf_counter()
    out = f(*args, **kw)
    return time.perf_counter() - t0, out


def hash_rates(kb: int, rounds: int = 400) -> dict:
    "MB/s of each hash over kb-KiB buffers in memory, one thread."
    buf, out = os.urandom(kb * 1024), {}
    for name, make in (('sha256 (used)', hashlib.sha256), ('sha1', hashlib.sha1),
                       ('blake2b-128', lambda b: hashlib.blake2b(b, digest_size=16)),
                       ('md5', hashlib.md5)):
        secs, _ = timed(lambda: [make(buf).digest() for _ in range(rounds)])
        out[name] = rounds * len(buf) / secs / 1e6
    return out


def fs_of(path: str) -> str:
    "Device and type of the file system holding path."
    best = ('?', '?', '')
    for line in Path('/proc/mounts').read_text().splitlines():
        dev, mnt, kind = line.split()[:3]
        if path.startswith(mnt) and len(mnt) >= len(best[2]): best = (dev, kind, mnt)
    return f'{best[0]} ({best[1]})'


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--n', type=int, default=117_040)
    p.add_argument('--kb', type=int, default=160)
    p.add_argument('--dir', default=tempfile.gettempdir())
    p.add_argument('--workers', default='1,4,8')
    a = p.parse_args()
    workers = [int(w) for w in a.workers.split(',')]
    cpu = next((l.split(':', 1)[1].strip() for l in Path('/proc/cpuinfo').read_text().splitlines()
                if l.startswith('model name')), platform.processor())
    mem = next(l for l in Path('/proc/meminfo').read_text().splitlines() if l.startswith('MemTotal')).split()[1]
    print(f'# {cpu}, {os.cpu_count()} CPUs, {int(mem) / 2**20:.0f} GiB RAM, Python {platform.python_version()}, '
          f'load average {os.getloadavg()[0]:.1f} at the start')
    root = Path(tempfile.mkdtemp(dir=a.dir, prefix='muc2m-cache-key-'))
    print(f'# {a.n} files, mean {a.kb} KiB, in one folder on {fs_of(str(root))}')
    rows = []
    try:
        secs, paths = timed(write_files, root / 'images', a.n, a.kb)
        total = sum(q.stat().st_size for q in paths)
        print(f'# wrote {total / 1e9:.1f} GB in {secs:.0f} s')
        time.sleep(3)   # older than dataset_key's two seconds: every file can be remembered
        keys = set()
        for w in workers:
            drop_page_cache(paths)
            secs, k = timed(dataset_key, paths, root / f'cache-{w}', workers=w)
            keys.add(k)
            rows.append((f'cold: no index, files not in the page cache, {w} thread(s)', a.n, secs,
                         f'{total / secs / 1e9:.2f} GB/s'))
        cache = root / f'cache-{workers[-1]}'
        index = sum(q.stat().st_size for q in (cache / 'file-hashes').iterdir())
        warm = [timed(dataset_key, paths, cache)[0] for _ in range(3)]
        rows.append(('warm: index present (median of 3)', 0, statistics.median(warm), f'index {index / 1e6:.1f} MB'))
        changed = paths[::100]
        rng = np.random.default_rng(1)
        for q in changed: q.write_bytes(rng.bytes(q.stat().st_size))   # same size, other bytes
        time.sleep(3)
        secs, k = timed(dataset_key, paths, cache)
        rows.append(('1 % of the files changed in place, same sizes', len(changed), secs,
                     'key changed' if k not in keys else 'KEY UNCHANGED'))
        warm = [timed(old_key, paths)[0] for _ in range(3)]
        rows.append(('old key: names and sizes (median of 3), misses every content change', 0,
                     statistics.median(warm), ''))
        assert len(keys) == 1, f'different keys for the same files: {keys}'
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print('\n| dataset_key | files read | seconds | ms per 1000 files | note |\n|---|---|---|---|---|')
    for what, read, secs, note in rows:
        print(f'| {what} | {read:,} | {secs:.2f} | {1e6 * secs / a.n:.1f} | {note} |')
    rates = hash_rates(a.kb)
    print('\n| hash, one thread, in memory | MB/s |\n|---|---|')
    for name, r in rates.items(): print(f'| {name} | {r:.0f} |')
    print(f'\n# load average {os.getloadavg()[0]:.1f} at the end')


if __name__ == '__main__':
    main()
