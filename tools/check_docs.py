"""Check the documentation site without Quarto: every notebook is a page in reading order, renders with nbconvert, holds
no error output, and every link between pages resolves.

Usage: python tools/check_docs.py [--out DIR]
Exit status 1, with one line per problem, when:
- `_quarto.yml` is not a Quarto website reading `sidebar.yml`, or `nbs/_quarto.yml` does not point at it;
- `nbs/sidebar.yml` does not list `index.ipynb` and then every notebook of `nbs/` in file-name (reading) order, or lists
  a page that does not exist;
- a notebook is not valid nbformat, has no title cell (`# Title`), holds an error output or a traceback printed to
  stderr, or fails to render to HTML (the pages go to DIR, default a temporary folder);
- a link in a markdown cell or a Markdown output points at a file that does not exist (a missing page or figure), or
  at an absolute path (which breaks once the site is published); #anchors are not checked;
- the index page lacks the quick-start commands in its Quick start section, a link to a notebook, or results tables
  that match the saved results (nbs/mnist_results/quick{k}, nbs/saliency_results/*/table.md).
The notebooks' outputs are those saved in the repository (refresh them with tools/execute_nbs.py); executing every
notebook is the job of the test run (`pytest tests`), which runs this check too (tests/test_docs.py).
"""
import argparse, json, re, sys, tempfile
from pathlib import Path
import nbformat, yaml
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT / 'nbs'
LINK = re.compile(r'\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)')  # ](target), ](<target>), ](target "title")


def notebooks() -> list:
    "The pages in reading order: index first, then the numbered notebooks by file name."
    nbs = sorted(p.name for p in NBS.glob('*.ipynb') if not p.name.startswith(('_', '.')) and p.name != 'index.ipynb')
    return ['index.ipynb'] + nbs


def check_config() -> list:
    "Problems with _quarto.yml and sidebar.yml."
    errs = []
    quarto = yaml.safe_load((ROOT / '_quarto.yml').read_text())
    if (quarto.get('project') or {}).get('type') != 'website': errs.append('_quarto.yml: project.type must be website')
    if 'sidebar.yml' not in (quarto.get('metadata-files') or []): errs.append('_quarto.yml: metadata-files must include sidebar.yml')
    link = NBS / '_quarto.yml'
    if not link.exists() or link.resolve() != (ROOT / '_quarto.yml').resolve(): errs.append('nbs/_quarto.yml must be a link to ../_quarto.yml')
    side = yaml.safe_load((NBS / 'sidebar.yml').read_text())
    listed = side['website']['sidebar']['contents']
    for page in listed:
        if not (NBS / page).exists(): errs.append(f'sidebar.yml lists {page}, which does not exist')
    if listed != notebooks(): errs.append(f'sidebar.yml must list the notebooks in reading order:\n  expected {notebooks()}\n  found    {listed}')
    return errs


def check_notebook(path: Path, out: Path) -> list:
    "Problems with one notebook; writes its HTML page to `out`."
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as e: return [f'{path.name}: not a valid notebook ({e})']
    errs = []
    md = [c.source for c in nb.cells if c.cell_type == 'markdown']
    if not md or not md[0].lstrip().startswith('# '): errs.append(f'{path.name}: the first markdown cell must be the title (# ...)')
    for i, c in enumerate(nb.cells):
        for o in c.get('outputs', []):
            if o.get('output_type') == 'error': errs.append(f"{path.name}: cell {i} holds an error output ({o.get('ename')}: {o.get('evalue')})")
            if o.get('name') == 'stderr' and 'Traceback (most recent call last)' in ''.join(o.get('text', '')):
                errs.append(f'{path.name}: cell {i} printed a traceback to stderr')
            if 'text/markdown' in o.get('data', {}): md.append(''.join(o['data']['text/markdown']))
    for src in md:
        for target in LINK.findall(src):
            if re.match(r'^(https?:|mailto:|#)', target): continue
            file = target.split('#')[0]
            if file.startswith('/'): errs.append(f'{path.name}: link to the absolute path {target}; use a path relative to nbs/')
            elif file and not (NBS / file).exists(): errs.append(f'{path.name}: link to {target}, which does not exist')
    try:
        html, _ = HTMLExporter().from_notebook_node(nb)
        (out / path.with_suffix('.html').name).write_text(html, encoding='utf-8')
    except Exception as e: errs.append(f'{path.name}: nbconvert could not render it ({type(e).__name__}: {e})')
    return errs


def check_index() -> list:
    "The index page shows the quick start, links every notebook and the results tables."
    nb = nbformat.read(NBS / 'index.ipynb', as_version=4)
    md = '\n'.join(c.source for c in nb.cells if c.cell_type == 'markdown')
    quick = next((c.source for c in nb.cells if c.cell_type == 'markdown' and c.source.startswith('## Quick start')), '')
    outputs = '\n'.join(''.join(o.get('data', {}).get('text/markdown', '')) for c in nb.cells for o in c.get('outputs', []))
    errs = [f'index.ipynb: the Quick start section must show `{cmd}`' for cmd in ('make run', 'make test') if cmd not in quick]
    errs += [f'index.ipynb: no link to {name}' for name in notebooks()[1:] if f']({name})' not in md]
    refresh = 'run python tools/execute_nbs.py nbs/index.ipynb'
    for table in sorted((NBS / 'saliency_results').glob('*/table.md')):
        if table.parent.name in ('ooi', 'pairs') and table.read_text().strip() not in outputs:
            errs.append(f'index.ipynb: its results do not show the saved {table.relative_to(NBS)}; {refresh}')
    for saved in sorted((NBS / 'mnist_results').glob('quick[0-9]*/results.json')):
        diag = [r['diag_sum'] for r in json.loads(saved.read_text())['rows'] if r['method'] == 'muc2m']
        k = saved.parent.name[len('quick'):]
        if diag and f"| {k} | {len(diag)} | {sum(diag) / len(diag):.1f}" not in outputs:
            errs.append(f"index.ipynb: its MNIST table does not show the saved k = {k} result (mean {sum(diag) / len(diag):.1f}); {refresh}")
    return errs


def main(out=None) -> list:
    "Every problem found; the HTML pages are written to `out`."
    out = Path(out or tempfile.mkdtemp(prefix='muc2m-docs-')); out.mkdir(parents=True, exist_ok=True)
    errs = check_config() + check_index()
    for name in notebooks(): errs += check_notebook(NBS / name, out)
    return errs


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', help='folder for the HTML pages (default: a temporary folder)')
    args = ap.parse_args()
    problems = main(args.out)
    for p in problems: print('docs check:', p)
    print(f'docs check: {len(notebooks())} pages, {len(problems)} problem(s)')
    sys.exit(1 if problems else 0)
