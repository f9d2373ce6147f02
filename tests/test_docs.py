"""The documentation check of tools/check_docs.py as a test: pages in reading order, rendered by nbconvert, links resolve."""
import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location('check_docs', Path(__file__).resolve().parents[1] / 'tools' / 'check_docs.py')
check_docs = importlib.util.module_from_spec(spec); spec.loader.exec_module(check_docs)


def test_docs(tmp_path):
    "No problem with the site configuration, the index, or any notebook page."
    problems = check_docs.main(tmp_path)
    assert not problems, '\n'.join(problems)
    assert sorted(p.name for p in tmp_path.glob('*.html')) == sorted(Path(n).with_suffix('.html').name for n in check_docs.notebooks())


def test_docs_check_catches_problems(tmp_path, monkeypatch):
    "A missing page, broken and absolute links, an error output and a printed traceback are each reported."
    nbs = tmp_path / 'nbs'; nbs.mkdir()
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell('# Title\n\nsee [there](<missing.ipynb> "a title")'),
                                         nbformat.v4.new_code_cell('1/0', outputs=[nbformat.v4.new_output('error', ename='ZeroDivisionError', evalue='division by zero', traceback=[])]),
                                         nbformat.v4.new_code_cell('x', outputs=[nbformat.v4.new_output('stream', name='stderr', text='Traceback (most recent call last):\n'),
                                                                                 nbformat.v4.new_output('display_data', data={'text/markdown': '[abs](/tmp/a.png)'})])])
    nbformat.write(nb, nbs / '01_a.ipynb')
    monkeypatch.setattr(check_docs, 'NBS', nbs)
    problems = check_docs.check_notebook(nbs / '01_a.ipynb', tmp_path)
    for what in ('missing.ipynb', 'error output', 'traceback to stderr', 'absolute path'): assert any(what in p for p in problems), (what, problems)
    (nbs / 'sidebar.yml').write_text('website:\n  sidebar:\n    contents:\n      - index.ipynb\n      - 01_a.ipynb\n      - 02_gone.ipynb\n')
    problems = check_docs.check_config()
    assert any('02_gone.ipynb, which does not exist' in p for p in problems), problems
    assert any('reading order' in p for p in problems), problems          # index.ipynb is listed but absent
