"""Check the documentation site without Quarto: every notebook is a page in reading order, renders with nbconvert, holds
no error output, and every link between pages resolves.

Usage: python tools/check_docs.py [--out DIR] [--proc _proc]
Exit status 1, with one line per problem, when:
- `_quarto.yml` is not a Quarto website reading `sidebar.yml`, or `nbs/_quarto.yml` does not point at it;
- `nbs/sidebar.yml` does not list `index.ipynb` and then every notebook of `nbs/` in file-name (reading) order, or lists
  a page that does not exist;
- a notebook is not valid nbformat, has no title cell (`# Title`), holds an error output or a traceback printed to
  stderr, or fails to render to HTML (the pages go to DIR, default a temporary folder);
- a name would be documented twice (an explicit `show_doc(Class.method)` of an exported `@patch` method, which
  nbdev documents on its own);
- a link in a markdown cell or a Markdown output points at a file that does not exist (a missing page or figure), or
  at an absolute path (which breaks once the site is published); #anchors are not checked;
- the index page lacks the quick-start commands in its Quick start section, a link to a notebook, or results tables
  that match the saved results (nbs/mnist_results/quick{k}, nbs/saliency_results/*/table.md).
With --proc DIR it also reads what Quarto reads: nbdev's processed notebooks (DIR, usually `_proc/`, written by
`python tools/proc_docs.py`) turned into the Markdown Quarto renders (cell options honoured) and rendered by pandoc (the
pypandoc-binary wheel), and reports what a reader would see: a Markdown link inside a code block (backticks in a
docments comment), a docstring with stray emphasis or asterisks, a list glued to the paragraph above it, a stray `*`,
pandoc warnings (TeX math the CommonMark format cannot hold), saved outputs with machine paths or warnings, error
outputs, a Markdown table printed as plain text, a figure drawn but not saved. Quarto renders only the notebooks
(`project.render` in `_quarto.yml`), so a saved table.md is never a page.
The notebooks' outputs are those saved in the repository (refresh them with tools/execute_nbs.py); executing every
notebook is the job of the test run (`pytest tests`), which runs this check too (tests/test_docs.py).
"""
import argparse, fnmatch, json, re, subprocess, sys, tempfile
from pathlib import Path
import nbformat, yaml
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT / 'nbs'
SHOWDOC = ('SHOWDOCBLOCKSTART', 'SHOWDOCBLOCKEND')   # paragraphs around each show_doc block of a checked page
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


def check_shown_once(path: Path) -> list:
    """Names the docs would show twice: nbdev adds a show_doc after every exported `@patch` method, and an explicit
    `show_doc(Class.method)` for it does not stop that (nbdev compares the bare method name)."""
    from nbdev.process import NBProcessor
    from nbdev.processors import add_show_docs
    proc = NBProcessor(path, [add_show_docs])
    proc.process()
    names = [m.group(1) for c in proc.nb.cells if c.cell_type == 'code'
             for m in re.finditer(r'^show_doc\(([\w.]+)', c.source, re.M)]
    return [f'{path.name}: the docs show {n} twice; remove its explicit show_doc cell (nbdev adds one)'
            for n in dict.fromkeys(n for n in names if names.count(n) > 1)]


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


# ---- what Quarto reads: nbdev's processed notebooks (`_proc/`), rendered by pandoc -------------------------------------
DIRECTIVE = re.compile(r'^#\|\s*([\w-]+)\s*:\s*(.*?)\s*$')
MACHINE = re.compile(r'(/tmp/|/work/|/home/|/root/|/Users/|site-packages|<ipython-input-|\b\w*Warning: )')
CODE_LINK = re.compile(r'\[[^\]\n]*\]\((?:https?://|[\w./-]+\.html)[^)\s]*\)')


def _options(src: str) -> dict:
    "A cell's Quarto options (`#| key: value` lines)."
    return {m[1]: m[2] for m in map(DIRECTIVE.match, src.splitlines()) if m}


def _output_md(o: dict, asis: bool) -> str:
    "One output as Quarto writes it into the page's Markdown."
    fence = lambda t: '\n```\n' + t.rstrip('\n') + '\n```\n'
    if o.get('output_type') == 'stream': return fence(''.join(o.get('text', '')))
    if o.get('output_type') == 'error': return fence(f"{o.get('ename')}: {o.get('evalue')}")
    data = o.get('data', {})
    if 'text/markdown' in data:
        md = ''.join(data['text/markdown'])
        return '\n' + md + '\n' if asis else '\n::: {.cell-output-display}\n' + md + '\n:::\n'
    if 'image/png' in data or 'image/svg+xml' in data: return '\n![](figure.png)\n'
    if 'text/html' in data: return '\n```{=html}\n' + ''.join(data['text/html']) + '\n```\n'
    if 'text/plain' in data: return fence(''.join(data['text/plain']))
    return ''


def processed_markdown(nb: dict) -> str:
    "A processed notebook as the Markdown Quarto renders: options honoured, show_doc blocks between SHOWDOC markers."
    parts = []
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown': parts.append(src)
        if c['cell_type'] != 'code': continue
        opt = _options(src)
        if opt.get('include') == 'false': continue
        if opt.get('echo') != 'false':
            code = '\n'.join(l for l in src.splitlines() if not DIRECTIVE.match(l))
            parts.append('```python\n' + code + '\n```')
        if opt.get('output') == 'false': continue
        outs = ''.join(_output_md(o, opt.get('output') == 'asis') for o in c.get('outputs', []))
        parts.append(f'{SHOWDOC[0]}\n\n{outs}\n\n{SHOWDOC[1]}' if 'show_doc(' in src else outs)
    return '\n\n'.join(parts) + '\n'


def pandoc(md: str, to: str) -> tuple:
    "Render Markdown with pandoc (the pypandoc-binary wheel): (output, warnings)."
    import pypandoc
    r = subprocess.run([pypandoc.get_pandoc_path(), '-f', 'markdown', '-t', to, '--mathjax', '--wrap=none'], input=md,
                       capture_output=True, text=True, encoding='utf-8')
    if r.returncode: raise RuntimeError(f'pandoc failed: {r.stderr.strip()}')
    return r.stdout, [l for l in r.stderr.splitlines() if l.strip()]


def _text(html: str) -> str:
    "Visible text of HTML, code and math removed."
    html = re.sub(r'<(code|pre|script|style)\b.*?</\1>', ' ', html, flags=re.S)
    html = re.sub(r'<span class="math[^"]*">.*?</span>', ' ', html, flags=re.S)
    return re.sub(r'<[^>]+>', '', html)


def _commonmark() -> str:
    "The pandoc writer of the site's CommonMark format, with the variant _quarto.yml gives it."
    fmt = (yaml.safe_load((ROOT / '_quarto.yml').read_text()).get('format') or {}).get('commonmark')
    return 'commonmark' + ((fmt or {}).get('variant', '') if isinstance(fmt, dict) else '')


def _glued_lists(md: str) -> list:
    "Bullet lines that follow a line of text directly: Markdown reads them as part of that paragraph."
    glued, fenced, prev = [], False, ''
    for line in md.splitlines():
        if line.lstrip().startswith('```'): fenced = not fenced
        if not fenced and re.match(r'\s*[-+*] ', line) and prev.strip() and not re.match(r'\s*([-+*]|\d+\.) |\s{2,}|\|', prev):
            glued.append(line.strip())
        prev = '' if fenced or line.startswith(':::') else line   # a div's fence opens a new block
    return glued


def check_processed_page(path: Path, out: Path) -> list:
    "Problems a reader would see on one processed notebook's page; writes the pandoc HTML to `out`."
    nb = json.loads(path.read_text(encoding='utf-8'))
    name = path.name
    md = processed_markdown(nb)
    html, warns = pandoc(md, 'html')
    _, cm_warns = pandoc(md, _commonmark())
    (out / path.with_suffix('.pandoc.html').name).write_text(html, encoding='utf-8')
    errs = [f'{name}: pandoc: {w}' for w in dict.fromkeys(warns + cm_warns)]
    for code in re.findall(r'<(?:code|pre)\b[^>]*>(.*?)</(?:code|pre)>', html, flags=re.S):
        for link in CODE_LINK.findall(code):
            errs.append(f'{name}: a Markdown link inside code ({link[:80]}); drop the backticks in the comment or docstring')
    for block in re.findall(re.escape(SHOWDOC[0]) + '(.*?)' + re.escape(SHOWDOC[1]), html, flags=re.S):
        head = re.search(r'<h\d[^>]*>(.*?)</h\d>', block, flags=re.S)
        what = re.sub(r'<[^>]+>', '', head[1]).strip() if head else '?'
        doc = re.sub(r'<div class="sourceCode".*?</div>', '', block, flags=re.S)
        if doc.count('<em>') > 1 or '<strong>' in doc or '*' in _text(doc):
            errs.append(f'{name}: the docstring of {what} renders with stray emphasis or asterisks; put formulas in backticks')
    errs += [f'{name}: a list reads as one paragraph (before {l[:60]!r}); put a blank line before it' for l in _glued_lists(md)]
    for para in re.findall(r'<p>(.*?)</p>', re.sub(re.escape(SHOWDOC[0]) + '.*?' + re.escape(SHOWDOC[1]), '', html, flags=re.S),
                           flags=re.S):
        if '*' in _text(para):
            errs.append(f'{name}: a stray asterisk in {_text(para)[:70]!r}; use backticks for code and formulas')
    for i, c in enumerate(nb['cells']):
        src = ''.join(c.get('source', ''))
        for o in c.get('outputs', []):
            body = ''.join(o.get('text', '')) + ''.join(''.join(v) for k, v in o.get('data', {}).items() if k.startswith('text/'))
            if o.get('output_type') == 'error': errs.append(f"{name}: cell {i} holds an error output ({o.get('ename')})")
            if (m := MACHINE.search(body)): errs.append(f'{name}: cell {i} output shows {m[0]!r} (a machine path or a warning)')
            if 'text/plain' in o.get('data', {}) and 'text/markdown' not in o['data'] and re.search(r'^\|[-:| ]+\|$', body, re.M):
                errs.append(f'{name}: cell {i} prints a Markdown table as plain text; display it with IPython.display.Markdown')
        if c['cell_type'] == 'code' and re.search(r'plt\.show\(|\.show\(\)\s*$', src, re.M):
            if not any(k.startswith('image/') for o in c.get('outputs', []) for k in o.get('data', {})):
                errs.append(f'{name}: cell {i} draws a figure but holds no saved image; execute it and keep its output')
    return errs


def check_processed(proc: Path, out=None) -> list:
    "Problems on every page of nbdev's processed notebooks (`_proc/`, written by tools/proc_docs.py)."
    out = Path(out or tempfile.mkdtemp(prefix='muc2m-pandoc-')); out.mkdir(parents=True, exist_ok=True)
    pages = sorted(Path(proc).glob('*.ipynb'))
    errs = [] if pages else [f'{proc}: no processed notebooks; run python tools/proc_docs.py first']
    for p in pages: errs += check_processed_page(p, out)
    return errs


def check_render_list() -> list:
    "Quarto renders the notebooks and nothing else (a saved table.md must not become a page)."
    globs = (yaml.safe_load((ROOT / '_quarto.yml').read_text()).get('project') or {}).get('render')
    if not globs: return ['_quarto.yml: project.render must list the pages (["*.ipynb"]), or Quarto renders every .md too']
    pages = {p.relative_to(NBS).as_posix() for p in NBS.rglob('*') if p.suffix in ('.ipynb', '.md', '.qmd')
             and not any(part.startswith(('_', '.')) for part in p.relative_to(NBS).parts)
             and any(fnmatch.fnmatch(p.name, g) for g in globs)}
    extra = sorted(pages - set(notebooks()))
    return [f'_quarto.yml: Quarto would render {extra[:3]} as pages'] if extra else []


def main(out=None) -> list:
    "Every problem found; the HTML pages are written to `out`."
    out = Path(out or tempfile.mkdtemp(prefix='muc2m-docs-')); out.mkdir(parents=True, exist_ok=True)
    errs = check_config() + check_render_list() + check_index()
    for name in notebooks(): errs += check_notebook(NBS / name, out) + check_shown_once(NBS / name)
    return errs


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', help='folder for the HTML pages (default: a temporary folder, removed at the end)')
    ap.add_argument('--proc', help="also check nbdev's processed notebooks in this folder (e.g. _proc) as pandoc renders them")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix='muc2m-docs-') as temp:   # the pages are kept only under --out
        out = args.out or temp
        problems = main(out) + (check_processed(args.proc, out) if args.proc else [])
    for p in problems: print('docs check:', p)
    print(f'docs check: {len(notebooks())} pages, {len(problems)} problem(s)')
    sys.exit(1 if problems else 0)
