"""The student edition: solutions removed, outputs cleared, and every notebook still runs."""

import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import student  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("student")
    # The notebooks run in their own folder; the student copies must find the same things.
    return {path.name: path for path in student.build(outdir)}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_student_notebook_has_no_solutions_and_runs(edition, path):
    original = nbformat.read(path, as_version=4)
    copy = nbformat.read(edition[path.name], as_version=4)
    solutions = [c for c in original.cells if "solution" in c.metadata.get("tags", [])]
    assert solutions and len(copy.cells) == len(original.cells) - len(solutions)
    assert not any("solution" in c.metadata.get("tags", []) for c in copy.cells)
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in copy.cells if c.cell_type == "code")
    assert any("## Exercises" in c.source for c in copy.cells if c.cell_type == "markdown")
    client = NotebookClient(copy, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "notebooks")}})
    client.execute()  # raises CellExecutionError on the first failing cell
    errors = [o for c in copy.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert errors == []
