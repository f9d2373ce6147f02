"""Write README.md from nbs/index.ipynb (what `nbdev_readme` does, without needing Quarto).

Markdown cells are copied; code cells are shown with their text outputs (Markdown outputs as Markdown); cells marked
`#| hide` are left out, and cells marked `#| echo: false` show only their outputs.
Usage: python tools/make_readme.py
"""
import json, re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _hidden(src: str) -> bool:
    return bool(re.search(r'^#\|\s*(hide|exporti?|default_exp)\b', src, flags=re.M))


def _outputs(cell: dict) -> str:
    texts, markdown = [], []
    for o in cell.get('outputs', []):
        if o.get('output_type') == 'stream' and o.get('name') == 'stdout': texts.append(''.join(o['text']))
        elif 'text/markdown' in o.get('data', {}): markdown.append(''.join(o['data']['text/markdown']).strip('\n'))
        elif 'text/plain' in o.get('data', {}): texts.append(''.join(o['data']['text/plain']))
    text = ''.join(texts).rstrip('\n')
    return (f'\n\n```\n{text}\n```' if text else '') + ''.join(f'\n\n{m}' for m in markdown)


def notebook_to_markdown(path: Path) -> str:
    "Markdown for a notebook, README style."
    nb = json.loads(path.read_text(encoding='utf-8'))
    parts = []
    for cell in nb['cells']:
        src = ''.join(cell['source']).strip('\n')
        if not src or _hidden(src): continue
        if cell['cell_type'] == 'markdown': parts.append(src)
        elif cell['cell_type'] == 'code':
            code = '\n'.join(l for l in src.splitlines() if not l.startswith('#|'))
            if re.search(r'^#\|\s*echo:\s*false', src, flags=re.M): parts.append(_outputs(cell).strip('\n'))
            else: parts.append(f'```python\n{code}\n```' + _outputs(cell))
    return '\n\n'.join(parts) + '\n'


if __name__ == '__main__':
    md = '<!-- Generated from nbs/index.ipynb by tools/make_readme.py: edit the notebook, not this file. -->\n\n'
    (ROOT / 'README.md').write_text(md + notebook_to_markdown(ROOT / 'nbs' / 'index.ipynb'), encoding='utf-8')
