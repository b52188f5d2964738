"""The nbgrader assignments (`make assignments`, tools/assignments.py, grading/).

Unit tests check, for every notebook of every edition, that grading/ fits it and that the
assignment's source notebook is well formed: the worked solution between nbgrader's markers is
the notebook's own solution code, the hidden tests are marked, every grade cell has points.
One integration test plays notebook 04's assignment through as a class would: release, three
submissions (the worked solutions, an untouched copy, a wrong answer), `nbgrader autograde`, and
the scores read back from the gradebook. Another starts JupyterLab and checks that nbgrader's
extension is served and its server side answers; an e2e test opens nbgrader's menu and its
formgrader in Chromium (build/screenshots/formgrader.png).
"""

import json
import os
import re
import shutil
import sys
import urllib.request
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(Path(__file__).parent))
import assignments  # noqa: E402
import course  # noqa: E402

NOTEBOOKS = course.all_notebooks()
PLAYED = "04-softmax-regression"


def params():
    return [pytest.param(p, id=str(p.relative_to(course.NOTEBOOK_DIR))) for p in NOTEBOOKS]


def nbgrader_meta(cell):
    return cell.metadata.get("nbgrader", {})


@pytest.mark.parametrize("path", params())
def test_grading_fits_the_notebook(path):
    nb = nbformat.read(path, as_version=4)
    assert assignments.grading_problems(nb, course.edition_of(path), path) == []
    autograded, _ = assignments.load_grading(path)
    assert len(autograded) >= 1


@pytest.mark.parametrize("path", params())
def test_source_notebook_is_well_formed(path):
    from nbgrader.nbgraderformat import MetadataValidator

    edition = course.edition_of(path)
    nb = nbformat.read(path, as_version=4)
    source = assignments.source_notebook(nb, edition, path)
    MetadataValidator().validate_nb(source)   # nbgrader's own check of the cell metadata
    autograded, written = assignments.load_grading(path)
    found = {e.number: e for e in course.exercises(nb, edition)}
    cells = {c.id: c for c in source.cells}
    assert len(cells) == len(source.cells)
    grade_ids = [nbgrader_meta(c)["grade_id"] for c in source.cells if nbgrader_meta(c)]
    assert len(grade_ids) == len(set(grade_ids))
    assert not any(course.is_solution(c) for c in source.cells)
    for number, exercise in found.items():
        statement = cells[f"exercise-{number}"]
        assert nbgrader_meta(statement)["locked"] and statement.source.startswith(exercise.text)
        assert f"answer-{number}-text" in cells or f"answer-{number}" in cells   # a place to answer
        if exercise.prose:
            text = cells[f"answer-{number}-text"]
            assert nbgrader_meta(text)["solution"] and nbgrader_meta(text)["points"] == written
        if number not in autograded:
            assert f"tests-{number}" not in cells
            continue
        spec = autograded[number]
        assert spec["task"][edition] in statement.source
        answer = cells[f"answer-{number}"].source
        # One source of solutions: the answer is the notebook's own solution code, marked.
        assert answer == ("### BEGIN SOLUTION\n" + "\n\n".join(c.rstrip() for c in exercise.code)
                          + "\n### END SOLUTION")
        visible, hidden = cells[f"tests-{number}"], cells[f"hidden-tests-{number}"]
        assert visible.source == spec["visible"].strip()
        assert re.fullmatch(r"#[^\n]*\n### BEGIN HIDDEN TESTS\n.+\n### END HIDDEN TESTS",
                            hidden.source, re.S)
        assert spec["hidden"].strip() in hidden.source
        for cell, points in ((visible, spec["points"][0]), (hidden, spec["points"][1])):
            meta = nbgrader_meta(cell)
            assert meta["grade"] and meta["locked"] and not meta["solution"]
            assert meta["points"] == points
    # Markers appear only where they belong.
    for cell in source.cells:
        if "### BEGIN SOLUTION" in cell.source:
            assert nbgrader_meta(cell).get("solution") and cell.source.count("### BEGIN SOLUTION") == 1
        if "### BEGIN HIDDEN TESTS" in cell.source:
            assert nbgrader_meta(cell).get("grade") and cell.id.startswith("hidden-tests-")


def test_a_translated_edition_gets_its_own_course_text(tmp_path, monkeypatch):
    """A stand-in Chinese notebook (headings and solution openings translated) builds with the
    Chinese task text, and the course's config gives the Chinese stubs."""
    english = course.NOTEBOOK_DIR / f"{PLAYED}.ipynb"
    nb = nbformat.read(english, as_version=4)
    for cell in nb.cells:
        cell.source = re.sub(r"\*\*Solution (\d+)\.\*\*", r"**解答\1：**", cell.source)
        cell.source = cell.source.replace("## Exercises", "## 练习").replace("## Summary", "## 小结")
    source = assignments.source_notebook(nb, "zh", english)
    autograded, _ = assignments.load_grading(english)
    for number, spec in autograded.items():
        statement = next(c for c in source.cells if c.get("id") == f"exercise-{number}")
        assert spec["task"]["zh"] in statement.source and "自动评分" in statement.source
    config = assignments.config_text("zh")
    assert "在这里写下你的答案。" in config and "d2l-linear-zh" in config
    answer = course.student_copy(nb, "zh").cells[-1]
    assert "在这里写下你的答案。" in answer.source


@pytest.mark.parametrize("spec, message", [
    ({}, "define AUTOGRADED"),
    ({"AUTOGRADED": {9: {}}}, "the notebook has exercises [1, 2, 3, 4, 5]"),
    ({"AUTOGRADED": {4: {"task": {"": "x", "zh": "x"}, "visible": "", "hidden": "", "points": (1, 1)}}},
     "has no code cell"),
    ({"AUTOGRADED": {3: {"task": {"": "x"}, "visible": "", "hidden": "", "points": (1, 1)}}},
     "no task text for the edition 'zh'"),
    ({"AUTOGRADED": {3: {"task": {"": "x", "zh": "x"}, "visible": "assert (", "hidden": "",
                         "points": (1, 1)}}}, "does not compile"),
    ({"AUTOGRADED": {3: {"task": {"": "x", "zh": "x"}, "visible": "", "hidden": "",
                         "points": 2}}}, "points must be (visible, hidden)"),
    ({"AUTOGRADED": {3: {"task": {"": "x", "zh": "x"}, "visible": "", "points": (1, 1)}}},
     "missing ['hidden']"),
    ({"AUTOGRADED": {2: {"task": {"": "compute `hessian`", "zh": "`hessian`"}, "points": (1, 1),
                         "visible": "assert hessian.shape == o4.shape", "hidden": ""}}},
     "the tests read ['o4'], which the learner's answer must define, but the task does not name"),
    ({"AUTOGRADED": {2: {"task": {"": "`hessian`", "zh": "`hessian`"}, "points": (1, 1),
                         "visible": "assert hessian is not no_such_name", "hidden": ""}}},
     "the tests read ['no_such_name'], which neither the lesson nor the worked answer defines"),
])
def test_grading_mistakes_are_named(tmp_path, monkeypatch, spec, message):
    (tmp_path / f"{PLAYED}.py").write_text("\n".join(f"{k} = {v!r}" for k, v in spec.items()))
    monkeypatch.setattr(assignments, "GRADING", tmp_path)
    monkeypatch.setattr(assignments, "ROOT", tmp_path.parent)
    path = course.NOTEBOOK_DIR / f"{PLAYED}.ipynb"
    nb = nbformat.read(path, as_version=4)
    edition = "zh" if "'zh'" in message else ""
    if edition:   # a stand-in translation, as above
        for cell in nb.cells:
            cell.source = re.sub(r"\*\*Solution (\d+)\.\*\*", r"**解答\1：**", cell.source)
            cell.source = cell.source.replace("## Exercises", "## 练习")
    problems = assignments.grading_problems(nb, edition, path)
    assert any(message in p for p in problems), problems
    with pytest.raises(assignments.GradingError, match=re.escape(message)):
        assignments.source_notebook(nb, edition, path)


def test_a_notebook_without_a_grading_file_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(assignments, "GRADING", tmp_path / "grading")
    monkeypatch.setattr(assignments, "ROOT", tmp_path)
    path = course.NOTEBOOK_DIR / f"{PLAYED}.ipynb"
    problems = assignments.grading_problems(nbformat.read(path, as_version=4), "", path)
    assert problems == [f"grading/{PLAYED}.py is missing: every notebook needs at least one "
                        "autograded exercise (see grading/README.md)"]


# ---------------------------------------------------------------------------- the playthrough

def submit(home, student, notebook):
    folder = home / "submitted" / student / PLAYED
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / f"{PLAYED}.ipynb")


def grades(home, student):
    """{grade cell: (score, max score, needs manual grading)} from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{home / 'gradebook.db'}") as gradebook:
        notebook = gradebook.find_submission_notebook(PLAYED, PLAYED, student)
        return {g.name: (g.score, g.max_score, g.needs_manual_grade) for g in notebook.grades}


@pytest.mark.integration
@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")   # nbgrader's own sessions
def test_an_assignment_played_through(tmp_path):
    home, names = assignments.write_course(tmp_path, course.NOTEBOOK_DIR, only={PLAYED})
    assert names == [PLAYED]
    api = assignments.nbgrader_api(home)
    assignments.nbgrader_result(api.generate_assignment(PLAYED, force=True), "generate_assignment")

    source = nbformat.read(home / "source" / PLAYED / f"{PLAYED}.ipynb", as_version=4)
    released = nbformat.read(home / "release" / PLAYED / f"{PLAYED}.ipynb", as_version=4)
    autograded, _ = assignments.load_grading(PLAYED)
    text = json.dumps([c.source for c in released.cells])
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
    for spec in autograded.values():
        assert spec["hidden"].strip().splitlines()[-1] not in text
    assert not any(course.is_solution(c) for c in released.cells)
    by_id = {c.id: c for c in released.cells}
    for number in autograded:
        assert by_id[f"answer-{number}"].source == assignments.CODE_STUB[""]
        assert by_id[f"answer-{number}-text"].source == course.ANSWER_PROMPT[""]

    # Three learners hand in: the worked solutions, the release untouched, one wrong answer.
    worked = nbformat.from_dict(released)
    for cell in worked.cells:
        original = next((c for c in source.cells if c.get("id") == cell.get("id")), None)
        if original is not None and nbgrader_meta(original).get("solution"):
            cell.source = re.sub(r"### (BEGIN|END) SOLUTION\n?", "", original.source)
    submit(home, "worked", worked)
    submit(home, "untouched", released)
    wrong = nbformat.from_dict(worked)
    wrong_answer = next(c for c in wrong.cells if c.get("id") == "answer-2")
    wrong_answer.source = autograded[2]["wrong"].strip()
    submit(home, "wrong", wrong)

    for student in ("worked", "untouched", "wrong"):
        assignments.nbgrader_result(api.autograde(PLAYED, student, force=True, create=True),
                                    f"autograde for {student}")
    tests = [f"{kind}-{n}" for n in autograded for kind in ("tests", "hidden-tests")]
    auto_max = sum(sum(spec["points"]) for spec in autograded.values())

    full = grades(home, "worked")
    assert {name: full[name][0] for name in tests} == {name: full[name][1] for name in tests}
    written = [name for name in full if name.endswith("-text")]
    assert written and all(full[name][2] for name in written)    # the teacher grades prose

    none = grades(home, "untouched")
    assert all(none[name][0] == 0 for name in tests)
    assert all(none[name][0] == 0 and not none[name][2] for name in written)

    part = grades(home, "wrong")
    assert part["tests-2"][0] == part["tests-2"][1] and part["hidden-tests-2"][0] == 0
    assert 0 < sum(part[name][0] for name in tests) < auto_max
    assert all(part[name][0] == part[name][1] for name in tests if name.endswith("-3"))


@pytest.mark.integration
def test_the_nbgrader_extension_loads_in_jupyterlab(tmp_path):
    from _lab import free_port, running_lab

    home, _ = assignments.write_course(tmp_path, course.NOTEBOOK_DIR, only={PLAYED})
    port = free_port()
    command = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser",
               "--ip=127.0.0.1", f"--port={port}", f"--ServerApp.root_dir={home}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    log = tmp_path / "lab.log"
    with running_lab(command, port, log, cwd=home, env=env, timeout=180) as (base, token, _):
        def get(path):
            with urllib.request.urlopen(f"{base}{path}?token={token}", timeout=60) as reply:
                return reply.status, reply.read().decode("utf-8", "replace")

        status, page = get("/lab")
        config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">'
                                      r"(.*?)</script>", page, re.S).group(1))
        found = [e for e in config["federated_extensions"] if e["name"] == "@jupyter/nbgrader"]
        assert status == 200 and found, [e["name"] for e in config["federated_extensions"]]
        status, script = get(f"/lab/extensions/@jupyter/nbgrader/{found[0]['load']}")
        assert status == 200 and len(script) > 1000
        status, formgrader = get("/formgrader")        # nbgrader's server side, on this course
        assert status == 200 and "formgrader" in formgrader.lower()
    assert "nbgrader" in log.read_text() and "Traceback" not in log.read_text()


def test_an_answer_that_needs_another_exercise_is_named():
    def md(source, solution=True):
        return nbformat.v4.new_markdown_cell(source, metadata={"tags": ["solution"]} if solution else {})

    def code(source):
        return nbformat.v4.new_code_cell(source, metadata={"tags": ["solution"]})
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import math"),
        md("## Exercises\n\n1. One.\n2. Two.", solution=False),
        md("**Solution 1.**"), code("a = math.pi"), md("**Solution 2.**"), code("b = a + 1")])
    exercise = course.exercises(nb)[1]
    spec = {"task": {"": "`b`"}, "visible": "assert b > 4", "hidden": ""}
    assert assignments.dependency_problems(nb, exercise, spec, "here") == [
        "here: the worked answer reads ['a'], which only the solution of another exercise "
        "defines; give them in the spec's 'given' code, or autograde another exercise"]
    assert assignments.dependency_problems(nb, exercise, {**spec, "given": "a = 3"}, "here") == []


@pytest.mark.e2e
def test_the_nbgrader_menu_works_in_a_browser(tmp_path):
    """The extension's code runs in the page: JupyterLab in Chromium shows nbgrader's menu, and
    its Formgrader entry opens the formgrader on this course's assignment."""
    from _lab import launch_chromium, require_chromium

    require_chromium(module_level=False)
    from playwright.sync_api import sync_playwright

    from _lab import free_port, running_lab

    home, _ = assignments.write_course(tmp_path, course.NOTEBOOK_DIR, only={PLAYED})
    assignments.nbgrader_result(assignments.nbgrader_api(home).generate_assignment(PLAYED, force=True),
                                "generate_assignment")
    port = free_port()
    command = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser",
               "--ip=127.0.0.1", f"--port={port}", f"--ServerApp.root_dir={home}", "--allow-root"]
    settings = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)   # no news toast over the screenshot
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces")}
    with running_lab(command, port, tmp_path / "lab.log", cwd=home, env=env, timeout=180) as (base, token, _):
        with sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{base}/lab?reset&token={token}")
            menu = page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader")
            menu.wait_for(timeout=120_000)
            menu.click()
            page.locator(".lm-Menu-itemLabel").get_by_text("Formgrader", exact=True).click()
            frame = page.frame_locator("iframe").first
            frame.locator(f"text={PLAYED}").first.wait_for(timeout=120_000)
            shots = ROOT / "build" / "screenshots"
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / "formgrader.png"))
            browser.close()
