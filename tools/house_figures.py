"""The house's figures (issue 22): exported cells' lengths, how many are followed at once by a cell that shows or
tests them, function lengths and long lines in `muc2m/*.py`. `python tools/house_figures.py` prints them; `--long`
lists the functions over 50 lines; `--notebooks` prints each notebook's figures. Long lines are counted everywhere but
in the `__all__` list nbdev writes (wrapped at nbdev's fixed width of 120, which no setting changes; it is not in
the rendered docs), whose long lines are counted apart (`over100_in_nbdev_all`)."""
import ast, json, re, statistics, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def _cells(nb:Path)->list:
    "(kind, source) of each cell: 'export', 'code' (not hidden setup) or 'other'."
    out = []
    for c in json.loads(nb.read_text())['cells']:
        s = ''.join(c['source'])
        if c['cell_type'] != 'code': out.append(('other', s))
        elif re.search(r'^#\|\s*export', s, re.M): out.append(('export', s))
        else: out.append(('code', s))
    return out

def _code_lines(s:str)->int:
    "Lines of code in a cell: no directives, no blank lines."
    return sum(1 for l in s.splitlines() if l.strip() and not l.lstrip().startswith('#|'))

def _signature_lines(s:str)->int:
    "Lines a cell's multi-line signatures take beyond one each (a docments signature has a line per parameter)."
    try: tree = ast.parse('\n'.join(l for l in s.splitlines() if not l.lstrip().startswith('#|')))
    except SyntaxError: return 0
    return sum(node.body[0].lineno - node.lineno - 1 for node in ast.walk(tree)
               if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
               and node.body[0].lineno - node.lineno > 1)

def cell_figures()->dict:
    "Median, 90th percentile and largest exported cell, and the share followed at once by a code cell."
    sizes, bodies, followed = [], [], 0
    for nb in sorted((ROOT / 'nbs').glob('*.ipynb')):
        cells = _cells(nb)
        for i, (kind, s) in enumerate(cells):
            if kind != 'export': continue
            sizes.append(_code_lines(s))
            bodies.append(sizes[-1] - _signature_lines(s))
            nxt = cells[i + 1] if i + 1 < len(cells) else ('other', '')
            followed += nxt[0] == 'code' and '#| hide' not in nxt[1]
    q = statistics.quantiles(sizes, n=10)
    return dict(cells=len(sizes), median=statistics.median(sizes),
                median_one_line_signatures=statistics.median(bodies), p90=q[-1], max=max(sizes),
                followed=f'{100 * followed / len(sizes):.0f} %')

def code_figures(long:bool=False)->dict:
    "Functions over 40/50/60 lines and lines over 100/120 characters in the package."
    lens, lines, semis, nbdev_all = [], [], 0, 0
    for py in sorted((ROOT / 'muc2m').glob('*.py')):
        if py.name == '_modidx.py': continue
        text = py.read_text()
        # nbdev's own __all__ cell (wrapped at its fixed width of 120, never rendered) is not counted
        body = re.sub(r'# %% auto #0\n.*?(?=\n# %% )', '', text, flags=re.S)
        nbdev_all += sum(len(l) > 100 for m in re.finditer(r'# %% auto #0\n.*?(?=\n# %% )', text, flags=re.S)
                         for l in m.group(0).splitlines())
        code = [l for l in body.splitlines() if l.strip() and not l.lstrip().startswith('#')]
        lines += [len(l) for l in code]
        semis += sum(1 for l in code if re.search(r';\s*\w', l.split('#')[0]) and "'" not in l and '"' not in l)
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                lens.append((n, f'{py.stem}.{node.name}'))
    if long:
        for n, name in sorted(lens, reverse=True):
            if n > 50: print(f'{n:4d} {name}')
    return dict(functions=len(lens), over40=sum(n > 40 for n, _ in lens), over50=sum(n > 50 for n, _ in lens),
                over60=sum(n > 60 for n, _ in lens), longest=max(lens)[0], lines=len(lines),
                over100=sum(n > 100 for n in lines), over120=sum(n > 120 for n in lines), semicolon_chains=semis,
                over100_in_nbdev_all=nbdev_all)

def notebook_figures()->list:
    "Per notebook: exported cells, their median length, how many are followed by a test, long lines."
    out = []
    for nb in sorted((ROOT / 'nbs').glob('*.ipynb')):
        cells, sizes, followed, long = _cells(nb), [], 0, 0
        for i, (kind, s) in enumerate(cells):
            if kind != 'export': continue
            sizes.append(_code_lines(s))
            nxt = cells[i + 1] if i + 1 < len(cells) else ('other', '')
            followed += nxt[0] == 'code' and '#| hide' not in nxt[1]
            long += sum(1 for l in s.splitlines() if len(l) > 100)
        if sizes:
            out.append(f'{nb.name:28} cells {len(sizes):3}  median {statistics.median(sizes):4}  '
                       f'followed {100 * followed // len(sizes):3} %  lines over 100: {long}')
    return out

if __name__ == '__main__':
    if '--notebooks' in sys.argv: print('\n'.join(notebook_figures()))
    for k, v in {**cell_figures(), **code_figures('--long' in sys.argv)}.items(): print(f'{k:17} {v}')
