"""The graded assignments: an nbgrader course per edition, built from the notebooks and grading/.

    python tools/assignments.py [OUTDIR]          write the courses and release every assignment
                                                  (make assignments; OUTDIR: build/assignments)
    python tools/assignments.py --check           only check grading/ against the notebooks

Each edition (English, and each translation in notebooks/<lang>/) becomes an nbgrader course in
OUTDIR/<edition> ("en", "zh"), with its own nbgrader_config.py (the course id, and the stubs that
replace answers, in the edition's language) and one assignment per notebook, named after it. The
assignment's source notebook is the course notebook with:

- the exercise list split into one read-only cell per exercise (as in the student edition:
  ``course.exercises`` reads exercises and worked solutions from the ``solution`` cells, the one
  source of solutions for both);
- after each exercise, a written answer (markdown, graded by hand) holding the worked solution's
  prose, which nbgrader replaces by "Write your answer here." when it releases the assignment;
- for the exercises that grading/<notebook>.py autogrades: the task (what the answer must define)
  under the exercise, a code answer holding the worked solution's code between nbgrader's
  ``### BEGIN SOLUTION`` / ``### END SOLUTION`` markers, then a read-only cell of visible tests and
  one of hidden tests (``### BEGIN HIDDEN TESTS``), each with its points;
- the course's prose read-only; its code left editable, for learners to try things.

The tests live in grading/, never in a notebook learners read, and the released notebooks
(``nbgrader generate_assignment``, run here for every assignment) hold neither the solutions nor
the hidden tests.
"""

import argparse
import copy
import os
import runpy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import course  # noqa: E402

ROOT = course.ROOT
GRADING = ROOT / "grading"
OUTDIR = ROOT / "build" / "assignments"
COURSE_ID = {"": "d2l-linear", "zh": "d2l-linear-zh"}
FOLDER = {"": "en", "zh": "zh"}
CODE_STUB = {"": "# Write your answer here.\nraise NotImplementedError()",
             "zh": "# 在这里写下你的答案。\nraise NotImplementedError()"}
HIDDEN_NOTE = {"": "# Hidden tests: they run when the assignment is graded.",
               "zh": "# 隐藏测试：在评分时运行。"}
TASK = {"": "**Autograded, {points} points.** {task}", "zh": "**自动评分，{points} 分。** {task}"}
DEFAULT_WRITTEN_POINTS = 1


class GradingError(ValueError):
    """grading/ does not fit the notebooks; the message says where and how to fix it."""


def grading_file(notebook):
    return GRADING / (Path(notebook).stem + ".py")


def load_grading(notebook):
    """The autograded exercises of a notebook: {number: spec}, and the written answers' points."""
    path = grading_file(notebook)
    if not path.is_file():
        raise GradingError(f"{path.relative_to(ROOT)} is missing: every notebook needs at least one "
                           "autograded exercise (see grading/README.md)")
    found = runpy.run_path(str(path))
    if not isinstance(found.get("AUTOGRADED"), dict) or not found["AUTOGRADED"]:
        raise GradingError(f"{path.relative_to(ROOT)}: define AUTOGRADED, a non-empty dict from "
                           "exercise number to its task, tests and points")
    return found["AUTOGRADED"], found.get("WRITTEN_POINTS", DEFAULT_WRITTEN_POINTS)


def grading_problems(nb, edition, notebook):
    """Where grading/<notebook>.py does not fit the notebook (a list of messages)."""
    try:
        autograded, written = load_grading(notebook)
        found = {e.number: e for e in course.exercises(nb, edition)}
    except (GradingError, course.ExerciseError) as err:
        return [str(err)]
    name = grading_file(notebook).relative_to(ROOT)
    problems = []
    if not (isinstance(written, (int, float)) and written > 0):
        problems.append(f"{name}: WRITTEN_POINTS must be a positive number")
    for number, spec in autograded.items():
        where = f"{name}, exercise {number}"
        if number not in found:
            problems.append(f"{where}: the notebook has exercises {sorted(found)}")
            continue
        if not found[number].code:
            problems.append(f"{where}: its worked solution has no code cell, so there is no answer "
                            "to test; autograde an exercise whose solution computes something")
        missing = {"task", "visible", "hidden", "points"} - set(spec)
        if missing:
            problems.append(f"{where}: missing {sorted(missing)}")
            continue
        if not isinstance(spec["task"], dict) or not str(spec["task"].get(edition, "")).strip():
            problems.append(f"{where}: no task text for the edition {edition or 'English'!r} "
                            f"(task[{edition!r}])")
        points = spec["points"]
        if not (isinstance(points, tuple) and len(points) == 2
                and all(isinstance(p, (int, float)) and p > 0 for p in points)):
            problems.append(f"{where}: points must be (visible, hidden), two positive numbers")
        for part in ("visible", "hidden", "wrong", "given"):
            if part in spec:
                try:
                    compile(spec[part], f"{where} ({part})", "exec")
                except SyntaxError as err:
                    problems.append(f"{where}: the {part} code does not compile: {err}")
        if not problems:
            try:
                problems += dependency_problems(nb, found[number], spec, where)
            except SyntaxError as err:
                problems.append(f"{where}: the worked answer does not parse: {err}")
        for part in ("visible", "hidden"):
            if "### " in spec.get(part, ""):
                problems.append(f"{where}: the {part} tests hold a '### ' line; nbgrader's markers "
                                "are added by tools/assignments.py")
    return problems


def _python(source):
    """A cell's Python, without IPython's magics and shell lines."""
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))


def bound_names(source):
    """The names a piece of code binds (assignments, definitions, imports, loop targets)."""
    import ast

    names = set()
    for node in ast.walk(ast.parse(_python(source))):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


def read_names(source):
    import ast

    return {n.id for n in ast.walk(ast.parse(_python(source)))
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def dependency_problems(nb, exercise, spec, where):
    """What an autograded exercise needs that a learner's notebook would not have: names its worked
    answer reads that only another exercise's solution defines, and names its tests read that
    neither the lesson's cells nor the answer define, or that the task does not promise."""
    import builtins

    lesson = set()
    for cell in nb.cells:
        if cell.cell_type == "code" and not course.is_solution(cell):
            lesson |= bound_names(cell.source)
    given = bound_names(spec.get("given", ""))
    answer = set().union(*(bound_names(code) for code in exercise.code))
    others = set()
    for cell in nb.cells:
        if cell.cell_type == "code" and course.is_solution(cell) and cell.source not in exercise.code:
            others |= bound_names(cell.source)
    known = lesson | given | set(dir(builtins))
    problems = []
    reads = set().union(*(read_names(code) for code in exercise.code))
    borrowed = sorted(reads & others - known - answer)
    if borrowed:
        problems.append(f"{where}: the worked answer reads {borrowed}, which only the solution of "
                        "another exercise defines; give them in the spec's 'given' code, or "
                        "autograde another exercise")
    tests = spec.get("visible", "") + "\n" + spec.get("hidden", "")
    needed = read_names(tests) - known - bound_names(tests)
    unknown = sorted(needed - answer)
    if unknown:
        problems.append(f"{where}: the tests read {unknown}, which neither the lesson nor the "
                        "worked answer defines")
    task = " ".join(str(t) for t in spec.get("task", {}).values())
    unpromised = sorted(n for n in needed & answer if f"`{n}" not in task)
    if unpromised:
        problems.append(f"{where}: the tests read {unpromised}, which the learner's answer must "
                        "define, but the task does not name them (write them in backticks)")
    return problems


def _nbgrader(cell, grade_id, *, grade=False, solution=False, locked=False, points=None):
    meta = {"grade": grade, "solution": solution, "locked": locked, "task": False,
            "grade_id": grade_id, "schema_version": 3}
    if points is not None:
        meta["points"] = points
    cell.metadata["nbgrader"] = meta
    return cell


def source_notebook(nb, edition, notebook):
    """The nbgrader source notebook of one course notebook (see the module's docstring)."""
    import nbformat

    problems = grading_problems(nb, edition, notebook)
    if problems:
        raise GradingError("\n".join(problems))
    autograded, written_points = load_grading(notebook)
    nb = nbformat.from_dict(copy.deepcopy(nb))

    def answers(exercise):
        n, cells = exercise.number, []
        spec = autograded.get(n)
        if exercise.prose:
            text = nbformat.v4.new_markdown_cell("\n\n".join(exercise.prose))
            text["id"] = f"answer-{n}-text"
            cells.append(_nbgrader(text, f"answer-{n}-text", grade=True, solution=True,
                                   points=written_points))
        if spec and spec.get("given", "").strip():
            given = nbformat.v4.new_code_cell(spec["given"].strip())
            given["id"] = f"given-{n}"
            cells.append(_nbgrader(given, f"given-{n}", locked=True))
        if spec:
            code = "\n\n".join(source.rstrip() for source in exercise.code)
            answer = nbformat.v4.new_code_cell(f"### BEGIN SOLUTION\n{code}\n### END SOLUTION")
            answer["id"] = f"answer-{n}"
            cells.append(_nbgrader(answer, f"answer-{n}", solution=True))
            visible, hidden = spec["points"]
            tests = nbformat.v4.new_code_cell(spec["visible"].strip())
            tests["id"] = f"tests-{n}"
            cells.append(_nbgrader(tests, f"tests-{n}", grade=True, locked=True, points=visible))
            secret = nbformat.v4.new_code_cell(
                f"{HIDDEN_NOTE[edition]}\n### BEGIN HIDDEN TESTS\n{spec['hidden'].strip()}\n"
                "### END HIDDEN TESTS")
            secret["id"] = f"hidden-tests-{n}"
            cells.append(_nbgrader(secret, f"hidden-tests-{n}", grade=True, locked=True,
                                   points=hidden))
        elif exercise.code or not exercise.prose:
            cells.append(course.answer_cell(exercise, edition))   # ungraded, a place to answer
        return cells

    cells = course.exercise_cells(nb, edition, answers)
    statements = {f"exercise-{n}": spec for n, spec in autograded.items()}
    for cell in cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        if cell.get("id") in statements:
            spec = statements[cell.id]
            cell.source += "\n\n" + TASK[edition].format(points=sum(spec["points"]),
                                                        task=spec["task"][edition])
        if cell.cell_type == "markdown" and "nbgrader" not in cell.metadata:
            _nbgrader(cell, f"text-{cell.id}", locked=True)
    nb.cells = cells
    return nb


def config_text(edition):
    return (
        "# The nbgrader course of this edition, written by `make assignments` (tools/assignments.py).\n"
        "# Run nbgrader's commands in this folder.\n"
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {COURSE_ID[edition]!r}\n"
        f"c.ClearSolutions.code_stub = {{'python': {CODE_STUB[edition]!r}}}\n"
        f"c.ClearSolutions.text_stub = {course.ANSWER_PROMPT[edition]!r}\n"
        "# Some notebooks train models for up to a minute on a busy machine.\n"
        "c.ExecutePreprocessor.timeout = 600\n"
    )


def write_course(outdir, folder, only=None):
    """Write the nbgrader course of one edition (its config and source notebooks; only the
    notebooks named in ``only``, if given); return its folder and the assignment names."""
    import nbformat

    edition = "" if folder == course.NOTEBOOK_DIR else folder.name
    home = Path(outdir) / FOLDER[edition]
    home.mkdir(parents=True, exist_ok=True)
    (home / "nbgrader_config.py").write_text(config_text(edition), encoding="utf-8")
    names = []
    for path in course.notebooks(folder):
        if only is not None and path.stem not in only:
            continue
        source = source_notebook(nbformat.read(path, as_version=4), edition, path)
        target = home / "source" / path.stem / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(source, target)
        names.append(path.stem)
    return home, names


def nbgrader_api(home):
    """nbgrader's Python API on the course in ``home``, with its nbgrader_config.py. (One process
    for all the assignments: each `nbgrader` command would pay seconds of start-up.)"""
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    # nbgrader runs the `alembic` command (its database migrations) from the PATH.
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([bin_dir, os.environ.get("PATH", "")])
    home = str(Path(home).resolve())
    config = PyFileConfigLoader("nbgrader_config.py", path=home).load_config()
    return NbGraderAPI(CourseDirectory(config=config, root=home), config=config)


def nbgrader_result(result, what):
    """Raise with nbgrader's own log when one of its API calls did not succeed."""
    if not result.get("success"):
        raise RuntimeError(f"nbgrader {what} failed:\n{result.get('error', '')}\n{result.get('log', '')}")
    return result


def build(outdir=OUTDIR, generate=True):
    """Every edition's nbgrader course, and (if ``generate``) every assignment released into it
    (``nbgrader generate_assignment``)."""
    courses = []
    for folder in course.editions():
        home, names = write_course(outdir, folder)
        if generate:
            api = nbgrader_api(home)
            for name in names:
                nbgrader_result(api.generate_assignment(name, force=True),
                                f"generate_assignment {name} (in {home})")
        courses.append((home, names))
    return courses


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python tools/assignments.py",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("outdir", nargs="?", default=str(OUTDIR))
    parser.add_argument("--check", action="store_true", help="only check grading/ against the notebooks")
    args = parser.parse_args(argv)
    import nbformat

    problems = []
    for folder in course.editions():
        edition = "" if folder == course.NOTEBOOK_DIR else folder.name
        for path in course.notebooks(folder):
            problems += [f"{path.relative_to(ROOT)}: {p}" for p in
                         grading_problems(nbformat.read(path, as_version=4), edition, path)]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    if args.check:
        print("grading/ fits every notebook of every edition")
        return 0
    try:
        courses = build(args.outdir)
    except (GradingError, RuntimeError) as err:
        print(f"make assignments: {err}", file=sys.stderr)
        return 1
    for home, names in courses:
        print(f"{home}: {len(names)} assignments in source/ and release/ "
              f"(nbgrader course {COURSE_ID['' if home.name == 'en' else home.name]!r})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
