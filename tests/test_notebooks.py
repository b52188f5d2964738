"""Hygiene of the stored notebooks: what nbval and a learner rely on before any cell runs."""

import ast
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}
FORBIDDEN_TAGS = {"nbval-skip", "skip-execution"}  # a skipped cell would pass without running


def test_the_course_has_its_sixteen_notebooks_in_order():
    numbers = [int(re.match(r"(\d\d)-", p.name).group(1)) for p in NOTEBOOKS]
    assert numbers == list(range(1, 17)), [p.name for p in NOTEBOOKS]


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def nb(request):
    return nbformat.read(request.param, as_version=nbformat.NO_CONVERT)


def test_valid_nbformat_with_cell_ids(nb):
    assert (nb.nbformat, nb.nbformat_minor) >= (4, 5)
    nbformat.validate(nb)
    ids = [cell.get("id") for cell in nb.cells]
    assert all(ids) and len(set(ids)) == len(ids)


def test_executed_top_to_bottom_in_a_fresh_kernel(nb):
    counts = [cell.execution_count for cell in nb.cells if cell.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))


def test_python3_kernel_and_no_stray_metadata(nb):
    assert nb.metadata.kernelspec.name == "python3"
    assert set(nb.metadata) <= {"kernelspec", "language_info"}
    for cell in nb.cells:
        assert set(cell.metadata) <= {"tags", "slideshow"}, cell.source[:60]


def test_no_errors_and_no_skipped_cells(nb):
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        assert not tags & FORBIDDEN_TAGS, cell.source[:60]
        if cell.cell_type == "code" and "raises-exception" not in tags:
            assert all(o.output_type != "error" for o in cell.outputs), cell.source[:60]
            assert "NBVAL_SKIP" not in cell.source


def test_no_stderr_outputs(nb):
    # nbval compares stderr; warnings that vary between machines would make a notebook flaky.
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert all(getattr(o, "name", None) != "stderr" for o in cell.outputs), cell.source[:60]


def test_structure_title_summary_exercises_solutions(nb):
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    headings = [line for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines()
                if line.startswith("## ")]
    assert "## Summary" in headings and "## Exercises" in headings
    assert any("solution" in c.metadata.get("tags", []) for c in nb.cells)


def test_every_cell_has_a_slide_type(nb):
    for cell in nb.cells:
        assert cell.metadata.get("slideshow", {}).get("slide_type") in SLIDE_TYPES, cell.source[:60]


def has_assert(source):
    """Whether the code holds an assert statement (IPython magics are left out of the parse)."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    return any(isinstance(node, ast.Assert) for node in ast.walk(ast.parse("\n".join(lines))))


def test_has_assert_sees_statements_not_words():
    assert has_assert("x = 1\nassert x == 1")
    assert not has_assert("# no assert here\nprint('assert')")


def test_ignored_outputs_are_followed_by_an_assertion(nb):
    # An output nbval does not compare must be checked by the next code cell.
    code = [c for c in nb.cells if c.cell_type == "code"]
    for i, cell in enumerate(code):
        assert "NBVAL_" not in cell.source, "mark cells with tags, not nbval comments"
        if "nbval-ignore-output" in cell.metadata.get("tags", []):
            assert i + 1 < len(code) and has_assert(code[i + 1].source), (
                f"no assertion in the cell after an ignored output: {cell.source[:60]}")


def test_outputs_are_reasonably_small(nb):
    size = len(json.dumps(nb))
    assert size < 2_500_000, f"{size} bytes"


def test_no_slide_overflows_a_projected_screen(nb):
    # tools/slides.py estimates slide heights; `--fix` starts sub-slides where one would overflow.
    sys.path.insert(0, str(Path(__file__).parent.parent / "tools"))
    import slides

    assert slides.overflowing(nb) == [], "run: python tools/slides.py --fix <notebook>"
