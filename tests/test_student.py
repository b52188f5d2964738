"""The student edition: solutions removed, outputs cleared, and every notebook still runs.

The edition is the tested notebook minus its solution cells. Where every kept code cell comes
before the first solution cell, the edition's code is exactly the first cells of the notebook
that nbval executes (same kernel, same order, same folder), so `make test` has already run it
and running it again would prove nothing new. Only an edition that keeps code after a solution
is executed here, after a static check that no kept cell reads a name that only a solution
cell defines.
"""

import ast
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import course  # noqa: E402

NOTEBOOKS = course.all_notebooks()


def code(cell):
    """The cell's Python, without IPython's magics and shell lines."""
    return "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))


def bound_names(tree):
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def read_names(tree):
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def prefix_proof(nb):
    """Whether every kept code cell precedes every solution cell (the edition is a prefix)."""
    cells = [c for c in nb.cells if c.cell_type == "code"]
    first = next((i for i, c in enumerate(cells) if course.is_solution(c)), len(cells))
    return all(course.is_solution(c) for c in cells[first:])


def names_only_solutions_define(nb):
    """[(kept cell source, name)] for each name a kept cell reads that only solution cells bind."""
    kept_bound, solution_bound, problems = set(), set(), []
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        tree = ast.parse(code(cell))
        if course.is_solution(cell):
            solution_bound |= bound_names(tree)
        else:
            for name in sorted(read_names(tree) & (solution_bound - kept_bound)):
                problems.append((cell.source[:60], name))
            kept_bound |= bound_names(tree)
    return problems


def test_the_checks_see_what_a_student_edition_would_lose():
    def cell(source, solution=False):
        return nbformat.v4.new_code_cell(source, metadata={"tags": ["solution"]} if solution else {})
    prefix = nbformat.v4.new_notebook(cells=[cell("a = 1"), cell("b = a", True), cell("c = b", True)])
    assert prefix_proof(prefix) and names_only_solutions_define(prefix) == []
    mixed = nbformat.v4.new_notebook(cells=[cell("a = 1"), cell("b = a", True), cell("print(a, b)")])
    assert not prefix_proof(mixed)
    assert names_only_solutions_define(mixed) == [("print(a, b)", "b")]


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("student")
    return {p.relative_to(outdir): p for p in course.write_student_edition(outdir)}


def _params():
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        marks = [] if prefix_proof(nb) else [pytest.mark.integration]
        yield pytest.param(path, marks=marks, id=str(path.relative_to(ROOT / "notebooks")))


@pytest.mark.parametrize("path", list(_params()))
def test_student_notebook_has_no_solutions_and_runs(edition, path):
    original = nbformat.read(path, as_version=4)
    copy = nbformat.read(edition[path.relative_to(course.NOTEBOOK_DIR)], as_version=4)
    solutions = [c for c in original.cells if course.is_solution(c)]
    assert solutions and len(copy.cells) == len(original.cells) - len(solutions)
    assert not any(course.is_solution(c) for c in copy.cells)
    assert [c.id for c in copy.cells] == [c.id for c in original.cells if not course.is_solution(c)]
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in copy.cells if c.cell_type == "code")
    if prefix_proof(original):
        return  # its code is the start of the tested notebook: nbval runs it (see the docstring)
    problems = names_only_solutions_define(original)
    assert problems == [], f"kept cells read names only a solution defines: {problems}"
    from nbclient import NotebookClient

    NotebookClient(copy, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in copy.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
