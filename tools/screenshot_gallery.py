"""Look at a saliency gallery as a person would: open an index.html written by `muc2m-saliency` in headless Chromium and
save a screenshot.

Usage: python tools/screenshot_gallery.py DIR/index.html [--out shot.png] [--sort=-common] [--width 1200] [--height 1600]
`--sort=NAME` (or `--sort=-NAME`, descending) opens the page sorted by that column, as a click on its header does.
Needs Debian's Chromium (`apt-get install chromium`); exits 2 with that advice when it is missing. The page loads nothing from
the network, so Chromium runs with networking features off.
"""
import argparse, shutil, subprocess, sys, tempfile
from pathlib import Path


def screenshot(page, out, width=1200, height=1600, sort=None, timeout=120) -> Path:
    "Render `page` (a local HTML file) in headless Chromium and write a PNG to `out`."
    page, out = Path(page).resolve(), Path(out).resolve()
    if not page.is_file(): raise FileNotFoundError(f'screenshot_gallery: {page} does not exist; run muc2m-saliency MODEL PAIRS --out DIR first')
    exe = shutil.which('chromium') or shutil.which('chromium-browser') or shutil.which('google-chrome')
    if exe is None: raise FileNotFoundError('screenshot_gallery: no Chromium found; install it with `apt-get install chromium`')
    with tempfile.TemporaryDirectory() as profile:
        cmd = [exe, '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
               '--disable-component-update', '--disable-sync', f'--user-data-dir={profile}', f'--window-size={width},{height}',
               f'--screenshot={out}', page.as_uri() + (f'#sort={sort}' if sort else '')]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if not out.is_file() or out.stat().st_size == 0:
        raise RuntimeError(f'screenshot_gallery: Chromium wrote no screenshot (exit {res.returncode}): {res.stderr[-500:]}')
    return out


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('page'); ap.add_argument('--out', default='gallery.png')
    ap.add_argument('--sort', help='a column to sort by on opening; -NAME sorts descending')
    ap.add_argument('--width', type=int, default=1200); ap.add_argument('--height', type=int, default=1600)
    a = ap.parse_args()
    try: print(screenshot(a.page, a.out, a.width, a.height, a.sort))
    except FileNotFoundError as e: print(e, file=sys.stderr); sys.exit(2)
