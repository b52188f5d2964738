"""Hygiene of the stored notebooks: what nbval and a learner rely on before any cell runs."""

import ast
import json
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import course  # noqa: E402
import slides  # noqa: E402

NOTEBOOKS = course.all_notebooks()
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}
FORBIDDEN_TAGS = {"nbval-skip", "skip-execution"}  # a skipped cell would pass without running


def test_the_course_has_its_sixteen_notebooks_in_order():
    names = [p.name for p in course.notebooks()]
    assert [int(name[:2]) for name in names] == list(range(1, 17)), names


def test_every_translation_has_the_same_notebooks():
    assert [f.name for f in course.editions()[1:]] == list(course.TRANSLATIONS)
    names = [p.name for p in course.notebooks()]
    for folder in course.editions()[1:]:
        assert [p.name for p in course.notebooks(folder)] == names, folder


def test_no_stray_notebooks_in_the_course_folders():
    stray = course.strays()
    assert not stray, course.stray_message(stray)


def test_a_stray_notebook_is_named_and_left_out(tmp_path):
    (tmp_path / "01-linear-regression.ipynb").write_text("{}")
    (tmp_path / "Untitled.ipynb").write_text("{}")
    assert [p.name for p in course.notebooks(tmp_path)] == ["01-linear-regression.ipynb"]
    assert [p.name for p in course.strays(tmp_path)] == ["Untitled.ipynb"]
    assert "not a course notebook" in course.stray_message(course.strays(tmp_path))


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: str(p.relative_to(course.NOTEBOOK_DIR)))
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
    assert nb.metadata.kernelspec == course.KERNELSPEC
    assert set(nb.metadata) <= set(course.KEEP_NB_METADATA)
    for cell in nb.cells:
        assert set(cell.metadata) <= set(course.KEEP_CELL_METADATA), cell.source[:60]


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


def test_structure_title_summary_exercises_solutions(nb, request):
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    headings = [line for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines()
                if line.startswith("## ")]
    summary, exercises = course.HEADINGS[course.edition_of(request.node.callspec.params["nb"])]
    assert summary in headings and exercises in headings
    assert any(course.is_solution(c) for c in nb.cells)


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


def test_the_slide_tool_reads_the_measurement_and_splits_where_it_overflows():
    # tools/slides.py judges from the browser's measurement (tests/browser/test_slides.py);
    # here the tool itself is checked on a made-up measurement of a made-up notebook.
    cells = [nbformat.v4.new_markdown_cell("# Title", metadata={"slideshow": {"slide_type": "slide"}})]
    cells += [nbformat.v4.new_code_cell("x = 1", metadata={"slideshow": {"slide_type": "-"}}) for _ in range(4)]
    nb = nbformat.v4.new_notebook(cells=cells)
    heights = [100, 250, 250, 250, 250]                     # px at a 720 px screen: 1100 in all
    report = {"fingerprint": slides.fingerprint(nb), "sizes": {"1280x720": {"screen": 720, "slides": [
        {"id": "slide-0-0", "height": sum(heights), "cells": [[i, h] for i, h in enumerate(heights)]}]}}}
    assert slides.cut_off(report["sizes"]) == [("1280x720", 1, "slide-0-0", 0, 380)]
    changed, too_tall = slides.fix_measured(nb, report)
    assert changed == [3] and too_tall == []                # 100 + 3 x 250 > 720: a sub-slide at cell 3
    assert nb.cells[3].metadata["slideshow"]["slide_type"] == "subslide"
    with pytest.raises(slides.StaleMeasurement):            # the notebook changed since it was measured
        slides.measured_heights(nb, report)


def test_the_slides_command_says_what_it_needs(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        slides.main([])
    assert stop.value.code == 2 and "NOTEBOOK" in capsys.readouterr().err
    notebook = str(course.notebooks()[0])
    assert slides.main(["--measured", str(tmp_path / "none"), notebook]) == 1
    assert f"no measurements for {notebook} ({tmp_path / 'none'} does not exist)" in capsys.readouterr().err
