"""The student edition: solutions removed, outputs cleared, an answer cell after each exercise,
and every notebook still runs, also from a copy of the edition set up on its own.

The edition is the tested notebook minus its solution cells, plus answer cells that hold only a
comment (or markdown). Where every kept code cell comes before the first solution cell, the
edition's code is exactly the first cells of the notebook that nbval executes (same kernel,
same order, same folder), so `make test` has already run it and running it again would prove
nothing new. Only an edition that keeps code after a solution is executed here, after a static
check that no kept cell reads a name that only a solution cell defines. What the edition carries
to run on its own is tested once (integration): a copy in a temporary folder sets itself up
from its own files and runs one notebook with its own `make test`.
"""

import ast
import os
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import assignments  # noqa: E402  (the names a piece of code binds and reads: one definition)
import course  # noqa: E402

NOTEBOOKS = course.all_notebooks()


def prefix_proof(nb):
    """Whether every kept code cell precedes every solution cell (the edition is a prefix)."""
    cells = [c for c in nb.cells if c.cell_type == "code"]
    first = next((i for i, c in enumerate(cells) if course.is_solution(c)), len(cells))
    return all(course.is_solution(c) for c in cells[first:])


def names_only_solutions_define(nb):
    """[(kept cell source, name)] for each name a kept cell reads that only solution cells bind."""
    kept_bound, solution_bound, problems = set(), set(), []
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        if course.is_solution(cell):
            solution_bound |= assignments.bound_names(cell.source)
        else:
            for name in sorted(assignments.read_names(cell.source) & (solution_bound - kept_bound)):
                problems.append((cell.source[:60], name))
            kept_bound |= assignments.bound_names(cell.source)
    return problems


def test_the_checks_see_what_a_student_edition_would_lose():
    def cell(source, solution=False):
        return nbformat.v4.new_code_cell(source, metadata={"tags": ["solution"]} if solution else {})
    prefix = nbformat.v4.new_notebook(cells=[cell("a = 1"), cell("b = a", True), cell("c = b", True)])
    assert prefix_proof(prefix) and names_only_solutions_define(prefix) == []
    mixed = nbformat.v4.new_notebook(cells=[cell("a = 1"), cell("b = a", True), cell("print(a, b)")])
    assert not prefix_proof(mixed)
    assert names_only_solutions_define(mixed) == [("print(a, b)", "b")]


def test_exercises_follow_the_solution_paragraphs():
    def md(source, solution=False):
        return nbformat.v4.new_markdown_cell(source, metadata={"tags": ["solution"]} if solution else {})

    def cell(source):
        return nbformat.v4.new_code_cell(source, metadata={"tags": ["solution"]})
    nb = nbformat.v4.new_notebook(cells=[
        md("## Summary\n\nText.\n\n## Exercises\n\n1. Say why.\n2. Compute it,\n   twice.\n3. Last."),
        md("**Solution 1.** Because.", True),
        md("More of one.\n\n**Solution 2.** Like this:", True), cell("x = 2"), cell("assert x"),
        md("Done with two.\n\n**Solution 3.** Three.", True)])
    found = course.exercises(nb)
    assert [e.number for e in found] == [1, 2, 3]
    assert found[1].text == "2. Compute it,\n   twice."
    assert found[0].prose == ["**Solution 1.** Because.", "More of one."] and not found[0].needs_code
    assert found[1].code == ["x = 2", "assert x"] and found[1].prose[-1] == "Done with two."
    student = course.student_copy(nb)
    assert [c.get("id") for c in student.cells[1:]] == [
        "exercise-1", "answer-1", "exercise-2", "answer-2", "exercise-3", "answer-3"]
    assert [c.cell_type for c in student.cells[2::2]] == ["markdown", "code", "markdown"]
    assert student.cells[0].source == "## Summary\n\nText.\n\n## Exercises"
    zh = nbformat.v4.new_notebook(cells=[md("## 练习\n\n1. 为什么？\n2. 算一算。"),
                                         md("**解答1：** 因为。", True), md("**解答 2：**", True),
                                         cell("y = 1")])
    assert [len(e.code) for e in course.exercises(zh, "zh")] == [0, 1]
    answer = course.student_copy(zh, "zh").cells[-1]
    assert answer.cell_type == "code" and answer.source.strip() == "# 在这里写下你的答案。"


@pytest.mark.parametrize("cells, message", [
    (["## Exercises\n\n1. One.", "**Solution 2.** Two."], "solution 2"),
    (["## Exercises\n\n1. One.\n3. Three."], "numbered [1, 3]"),
    (["## Exercises\n\nNo list here."], "no numbered list"),
    (["## Summary"], "0 markdown cells"),
    (["## Exercises\n\n1. One.", "Before any opening."], "before any paragraph"),
])
def test_badly_laid_out_exercises_are_named(cells, message):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        src, metadata={"tags": ["solution"]} if i else {}) for i, src in enumerate(cells)])
    with pytest.raises(course.ExerciseError, match=re.escape(message)):
        course.exercises(nb)


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("student")
    notebooks = outdir / "notebooks"
    return {p.relative_to(notebooks): p for p in course.write_student_edition(outdir)}


def _params():
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        marks = [] if prefix_proof(nb) else [pytest.mark.integration]
        yield pytest.param(path, marks=marks, id=str(path.relative_to(ROOT / "notebooks")))


@pytest.mark.parametrize("path", list(_params()))
def test_student_notebook_has_no_solutions_and_runs(edition, path):
    original = nbformat.read(path, as_version=4)
    edition_name = course.edition_of(path)
    copy = nbformat.read(edition[path.relative_to(course.NOTEBOOK_DIR)], as_version=4)
    solutions = [c for c in original.cells if course.is_solution(c)]
    found = course.exercises(original, edition_name)
    assert solutions and found
    assert not any(course.is_solution(c) for c in copy.cells)
    # The course's cells, in order, then each exercise followed by its answer cell.
    added = [i for n in range(1, len(found) + 1) for i in (f"exercise-{n}", f"answer-{n}")]
    assert [c.id for c in copy.cells if c.id not in added] == [
        c.id for c in original.cells if not course.is_solution(c)]
    ids = [c.id for c in copy.cells]
    start = ids.index("exercise-1")
    assert ids[start:start + len(added)] == added
    prompt = course.ANSWER_PROMPT[edition_name]
    for exercise in found:
        text, answer = copy.cells[ids.index(f"exercise-{exercise.number}")], copy.cells[ids.index(f"answer-{exercise.number}")]
        assert text.source == exercise.text and text.source.startswith(f"{exercise.number}. ")
        assert answer.cell_type == ("code" if exercise.code else "markdown")
        assert prompt in answer.source
        if answer.cell_type == "code":   # a comment only: the edition runs as the notebook does
            assert ast.parse(answer.source).body == []
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


def test_the_edition_carries_what_it_needs(tmp_path):
    outdir = tmp_path / "student"
    course.write_student_edition(outdir)
    for _, place in course.STUDENT_SUPPORT:
        assert (outdir / place).exists(), place
    assert not (outdir / "tests").exists() and not (outdir / "grading").exists()
    assert not list(outdir.rglob("*.pyc"))
    # Rebuilding keeps a learner's work and venv, and replaces the rest.
    (outdir / "my-notebooks").mkdir()
    (outdir / "my-notebooks" / "mine.txt").write_text("kept")
    (outdir / "stale.txt").write_text("old")
    course.write_student_edition(outdir)
    assert (outdir / "my-notebooks" / "mine.txt").read_text() == "kept"
    assert not (outdir / "stale.txt").exists()
    with pytest.raises(ValueError, match="folder of its own"):
        course.write_student_edition(ROOT)
    other = tmp_path / "documents"
    other.mkdir()
    (other / "thesis.txt").write_text("precious")
    with pytest.raises(ValueError, match="not a student edition; nothing was written"):
        course.write_student_edition(other)
    assert [p.name for p in other.iterdir()] == ["thesis.txt"]
    earlier = tmp_path / "earlier"   # the notebooks-only layout of an earlier `make student`
    (earlier / "zh").mkdir(parents=True)
    (earlier / "06-softmax-regression-scratch.ipynb").write_text("{}")
    course.write_student_edition(earlier)
    assert (earlier / course.STUDENT_MARK).exists() and not (earlier / "zh").exists()


@pytest.mark.integration
def test_a_copy_of_the_edition_sets_itself_up_and_runs(tmp_path):
    """What a student receives, copied to a fresh folder: `make setup` installs from its own lock
    and its own helper package, and its `make test` runs notebook 04 top to bottom."""
    import shutil
    import subprocess

    if not shutil.which("make") or not shutil.which("uv"):
        pytest.fail("this test needs make and uv on the PATH")
    built = tmp_path / "built"
    course.write_student_edition(built)
    received = tmp_path / "received"
    shutil.copytree(built, received)   # what a zip or a clone of the student repository gives
    shutil.rmtree(built)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "D2L_WORK_DIR")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if not p.startswith(str(ROOT)))
    done = subprocess.run(["make", "test", "NB=notebooks/04-softmax-regression.ipynb"],
                          cwd=received, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "ok     04-softmax-regression.ipynb" in done.stdout
    where = subprocess.run([str(received / ".venv/bin/python"), "-c",
                            "import d2lhelpers; print(d2lhelpers.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()).is_relative_to(received)
    # `make lab` first copies notebooks/ into the learner's working copy, as in the course.
    synced = subprocess.run([str(received / ".venv/bin/python"), "tools/lab.py", "--sync"],
                            cwd=received, env=env, capture_output=True, text=True, timeout=120)
    assert synced.returncode == 0, synced.stderr
    assert sorted(p.name for p in (received / "my-notebooks").glob("*.ipynb")) == sorted(
        p.name for p in (received / "notebooks").glob("*.ipynb"))
