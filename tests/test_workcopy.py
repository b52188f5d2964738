"""The learner's copy of the course (tools/lab.py): `make lab` works on my-notebooks/, never on
the notebooks `make test` checks, keeps a learner's changes across course updates, and starts
JupyterLab with the course's settings, or says clearly why it cannot."""

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))
from _lab import free_port, running_lab  # noqa: E402
import lab  # noqa: E402

PYTHON = sys.executable


@pytest.fixture
def course(tmp_path):
    """A small course: two notebooks, the slide style and a translated edition in a subfolder."""
    c = tmp_path / "course"
    (c / "zh").mkdir(parents=True)
    (c / "01-a.ipynb").write_text('{"a": 1}')
    (c / "02-b.ipynb").write_text('{"b": 1}')
    (c / "rise.css").write_text("body {}")
    (c / "zh" / "01-a.ipynb").write_text('{"a": "zh"}')
    (c / ".ipynb_checkpoints").mkdir()
    (c / ".ipynb_checkpoints" / "01-a-checkpoint.ipynb").write_text("{}")
    return c


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != lab.MANIFEST}


def test_first_sync_copies_everything_a_notebook_needs(course, tmp_path):
    work = tmp_path / "work"
    report = lab.sync(course, work)
    assert tree(work) == {"01-a.ipynb": '{"a": 1}', "02-b.ipynb": '{"b": 1}', "rise.css": "body {}",
                          "zh/01-a.ipynb": '{"a": "zh"}'}
    assert sorted(report["new"]) == ["01-a.ipynb", "02-b.ipynb", "rise.css", "zh/01-a.ipynb"]
    assert lab.summary(report, work, first=True).startswith(f"Made your copy of the course in {work}/ (4 files)")
    again = lab.sync(course, work)
    assert again == {"new": [], "updated": [], "kept": [], "removed": []}
    assert lab.summary(again, work) == f"Your copy of the course, {work}/, is up to date."


def test_update_keeps_edits_follows_the_course_elsewhere_and_adds_new_files(course, tmp_path):
    work = tmp_path / "work"
    lab.sync(course, work)
    (work / "01-a.ipynb").write_text('{"a": "my answer"}')        # the learner's work
    (work / "mine.ipynb").write_text("{}")                         # a notebook of their own
    (course / "01-a.ipynb").write_text('{"a": 2}')                # the course changes both
    (course / "02-b.ipynb").write_text('{"b": 2}')
    (course / "03-c.ipynb").write_text('{"c": 1}')                # and adds one
    report = lab.sync(course, work)
    assert report == {"new": ["03-c.ipynb"], "updated": ["02-b.ipynb"], "kept": ["01-a.ipynb"], "removed": []}
    assert (work / "01-a.ipynb").read_text() == '{"a": "my answer"}'
    assert (work / "02-b.ipynb").read_text() == '{"b": 2}'
    assert (work / "03-c.ipynb").read_text() == '{"c": 1}'
    assert (work / "mine.ipynb").read_text() == "{}"
    line = lab.summary(report, work)
    assert "\n" not in line
    assert "1 new (03-c.ipynb)" in line and "1 kept with your changes (01-a.ipynb)" in line
    assert "make reset NB=" in line
    # Still the learner's on the next update, even when the course changes it again.
    (course / "01-a.ipynb").write_text('{"a": 3}')
    assert lab.sync(course, work)["kept"] == ["01-a.ipynb"]
    assert (work / "01-a.ipynb").read_text() == '{"a": "my answer"}'


def test_a_notebook_only_run_follows_the_course_one_edited_does_not(tmp_path):
    def notebook(source, count=None, version="3.11.7"):
        cell = {"cell_type": "code", "source": source, "metadata": {}, "outputs": [], "execution_count": count}
        return json.dumps({"cells": [cell], "metadata": {"language_info": {"version": version}},
                           "nbformat": 4, "nbformat_minor": 5})
    course, work = tmp_path / "course", tmp_path / "work"
    course.mkdir()
    (course / "01-a.ipynb").write_text(notebook("x = 1", 1))
    (course / "02-b.ipynb").write_text(notebook("y = 1", 1))
    lab.sync(course, work)
    (work / "01-a.ipynb").write_text(notebook("x = 1", 7, "3.11.2"))        # opened and run
    (work / "02-b.ipynb").write_text(notebook("y = 2  # my try", 7))        # edited
    (course / "01-a.ipynb").write_text(notebook("x = 10", 1))
    (course / "02-b.ipynb").write_text(notebook("y = 10", 1))
    report = lab.sync(course, work)
    assert report["updated"] == ["01-a.ipynb"] and report["kept"] == ["02-b.ipynb"]
    assert (work / "01-a.ipynb").read_text() == notebook("x = 10", 1)
    assert "my try" in (work / "02-b.ipynb").read_text()
    (work / "02-b.ipynb").write_text("{broken")                               # not JSON: still theirs
    assert lab.sync(course, work)["kept"] == ["02-b.ipynb"]
    assert (work / "02-b.ipynb").read_text() == "{broken"


def test_a_deleted_copy_comes_back_fresh(course, tmp_path):
    work = tmp_path / "work"
    lab.sync(course, work)
    (work / "02-b.ipynb").unlink()
    assert lab.sync(course, work)["new"] == ["02-b.ipynb"]
    assert (work / "02-b.ipynb").read_text() == '{"b": 1}'


def test_files_the_course_drops_go_unless_the_learner_changed_them(course, tmp_path):
    work = tmp_path / "work"
    lab.sync(course, work)
    (work / "02-b.ipynb").write_text('{"b": "mine"}')
    (course / "01-a.ipynb").unlink()
    (course / "02-b.ipynb").unlink()
    report = lab.sync(course, work)
    assert report["removed"] == ["01-a.ipynb"] and not (work / "01-a.ipynb").exists()
    assert (work / "02-b.ipynb").read_text() == '{"b": "mine"}'


def test_a_damaged_sync_record_loses_nothing(course, tmp_path):
    work = tmp_path / "work"
    lab.sync(course, work)
    (work / "01-a.ipynb").write_text('{"a": "mine"}')
    (work / lab.MANIFEST).write_text("{not json")
    (course / "02-b.ipynb").write_text('{"b": 2}')
    report = lab.sync(course, work)
    assert report["kept"] == ["01-a.ipynb", "02-b.ipynb"]      # unknown history: both kept
    assert (work / "01-a.ipynb").read_text() == '{"a": "mine"}'
    assert json.loads((work / lab.MANIFEST).read_text())["rise.css"]


def test_reset_gives_the_course_version_back_and_sets_the_learners_aside(course, tmp_path, monkeypatch):
    work = tmp_path / "work"
    monkeypatch.setenv("D2L_WORK_DIR", str(work))
    lab.sync(course, work)
    (work / "01-a.ipynb").write_text('{"a": "mine"}')
    (course / "01-a.ipynb").write_text('{"a": 2}')
    message = lab.reset("01", course, work)
    assert (work / "01-a.ipynb").read_text() == '{"a": 2}'
    (aside,) = work.glob("01-a.mine-*.ipynb")
    assert aside.read_text() == '{"a": "mine"}' and aside.name in message
    assert lab.sync(course, work)["kept"] == []                # it follows the course again
    assert lab.reset("my-notebooks/zh/01", course, work) == "zh/01-a.ipynb already was the course's version."
    with pytest.raises(SystemExit, match="no course notebook is called '07'.*make reset NB=06"):
        lab.reset("07", course, work)
    (course / "01-aa.ipynb").write_text("{}")
    with pytest.raises(SystemExit, match="could mean 01-a.ipynb, 01-aa.ipynb"):
        lab.reset("01", course, work)


def test_the_real_course_syncs_and_its_notebooks_stay_untouched(tmp_path):
    before = subprocess.run(["git", "status", "--porcelain", "notebooks"], cwd=ROOT,
                            capture_output=True, text=True).stdout
    originals = {p: p.read_bytes() for p in (ROOT / "notebooks").rglob("*") if p.is_file()}
    report = lab.sync(work=tmp_path / "work")
    shipped = {p.relative_to(ROOT / "notebooks").as_posix() for p in originals
               if ".ipynb_checkpoints" not in p.parts}
    assert set(report["new"]) == shipped and "rise.css" in shipped
    assert any(name.endswith(".ipynb") for name in shipped)
    (tmp_path / "work" / "01-linear-regression.ipynb").write_text("{}")   # a learner's save
    assert {p: p.read_bytes() for p in originals} == originals
    assert subprocess.run(["git", "status", "--porcelain", "notebooks"], cwd=ROOT,
                          capture_output=True, text=True).stdout == before


def test_git_ignores_the_learners_copy():
    result = subprocess.run(["git", "check-ignore", "-q", "my-notebooks/01-linear-regression.ipynb"], cwd=ROOT)
    assert result.returncode == 0


@pytest.fixture
def fake_jupyter(tmp_path):
    """A stand-in for the jupyter command that prints its LANG and the arguments it was started with."""
    script = tmp_path / "jupyter"
    script.write_text(f"#!{PYTHON}\nimport json, os, sys\nprint('LANG ' + json.dumps(os.environ.get('LANG')))\n"
                      "print('ARGS ' + json.dumps(sys.argv[1:]))\n")
    script.chmod(0o755)
    return str(script)


def run_launcher(args, env_extra, tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "IPYTHONDIR", "MPLCONFIGDIR", "XDG_", "D2L_WORK_DIR", "COURSE_LANG"))}
    # The shell's locale chooses the edition when nothing else does: the tests fix it.
    env.update({"D2L_WORK_DIR": str(tmp_path / "work"), "LANG": "C.UTF-8", **env_extra})
    return subprocess.run([PYTHON, str(ROOT / "tools" / "lab.py"), *args], capture_output=True,
                          text=True, env=env, timeout=60)


def test_launcher_serves_the_copy_with_the_course_settings(fake_jupyter, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    result = run_launcher([fake_jupyter, "lab", "--ip=127.0.0.1"], {"HOME": str(home)}, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Made your copy of the course in {tmp_path / 'work'}/")
    args = json.loads(lines[-1].removeprefix("ARGS "))
    assert args[:2] == ["lab", "--ip=127.0.0.1"]
    assert f"--ServerApp.root_dir={tmp_path / 'work'}" in args
    assert f"--LabApp.app_settings_dir={ROOT / 'lab-settings'}" in args
    assert "--LabApp.default_url=/lab/tree/01-linear-regression.ipynb" in args
    assert (tmp_path / "work" / "01-linear-regression.ipynb").exists()
    as_root = os.geteuid() == 0
    assert ("--allow-root" in args) == as_root
    assert (lab.ROOT_NOTE in result.stdout) == as_root
    if as_root:    # one line: that it runs as root, and the switch that allows it
        assert len([l for l in lines if l.startswith("Running as root")]) == 1 and "--allow-root" in lab.ROOT_NOTE


def test_a_home_that_cannot_be_written_gets_one_clear_message(fake_jupyter, tmp_path):
    # A read-only home as root cannot be made with permissions (root writes anyway), so the home
    # given is a path below a plain file: nothing can be created in it either.
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    home = blocker / "home"
    if os.geteuid() != 0:
        home = tmp_path / "ro-home"
        home.mkdir()
        home.chmod(0o555)
    result = run_launcher([fake_jupyter, "lab"], {"HOME": str(home)}, tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "ARGS" not in result.stdout
    for variable in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR",
                     "MPLCONFIGDIR", "XDG_CACHE_HOME"):
        assert variable in result.stderr
    assert "cannot be written" in result.stderr
    assert not (tmp_path / "work").exists()                         # nothing was touched
    # Following the message's advice works.
    state = tmp_path / "state"
    advice = {"JUPYTER_CONFIG_DIR": state / "jupyter", "JUPYTER_DATA_DIR": state / "data",
              "JUPYTER_RUNTIME_DIR": state / "runtime", "IPYTHONDIR": state / "ipython",
              "MPLCONFIGDIR": state / "mpl", "XDG_CACHE_HOME": state / "cache"}
    result = run_launcher([fake_jupyter, "lab"], {"HOME": str(home), **{k: str(v) for k, v in advice.items()}},
                          tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ARGS" in result.stdout


def test_launcher_without_a_command_explains_itself(tmp_path):
    result = run_launcher([], {}, tmp_path)
    assert result.returncode == 1 and "make lab" in result.stderr


def test_make_reset_wants_a_notebook():
    result = subprocess.run(["make", "-s", "-C", str(ROOT), "reset"], capture_output=True, text=True,
                            env={k: v for k, v in os.environ.items() if k != "NB"})
    assert result.returncode != 0 and "make reset NB=06" in result.stderr


def test_settings_are_what_the_course_promises():
    overrides = json.loads((ROOT / "lab-settings" / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false", "checkForUpdates": False}
    rise = overrides["jupyterlab-rise:plugin"]
    assert rise["start_slideshow_at"] == "beginning" and rise["scroll"] is True
    # Every value is one jupyterlab_rise accepts (its schema ships in the environment).
    import jsonschema

    schema = json.loads((Path(sys.prefix) / "share/jupyter/labextensions/jupyterlab-rise/schemas"
                         "/jupyterlab-rise/plugin.json").read_text())
    jsonschema.validate(rise, schema)


@pytest.mark.integration
def test_jupyterlab_opens_notebook_01_with_the_settings_applied(tmp_path):
    """The real thing: the printed address opens notebook 01 of the copy, and the settings hold."""
    port = free_port()
    env = {**os.environ, "D2L_WORK_DIR": str(tmp_path / "work"),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "user-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces")}
    log = tmp_path / "lab.log"
    command = [PYTHON, str(ROOT / "tools" / "lab.py"), str(Path(PYTHON).parent / "jupyter"),
               "lab", "--ip=127.0.0.1", f"--port={port}", "--no-browser"]
    with running_lab(command, port, log, cwd=ROOT, env=env) as (base, token, _):
        match = re.search(rf"(http://127\.0\.0\.1:{port}/\S*)\?token=", log.read_text())
        assert match, log.read_text()
        assert match.group(1) == f"{base}/lab/tree/01-linear-regression.ipynb"

        def get(path):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}?token={token}", timeout=20) as reply:
                return json.load(reply)

        listing = {item["name"] for item in get("/api/contents")["content"]}
        assert "01-linear-regression.ipynb" in listing and "rise.css" in listing
        assert not listing & {"tests", "tools", "Makefile", "d2lhelpers"}   # not the repository root
        news = get("/lab/api/settings/@jupyterlab/apputils-extension:notification")["schema"]["properties"]
        assert news["fetchNews"]["default"] == "false" and news["checkForUpdates"]["default"] is False
        rise = get("/lab/api/settings/jupyterlab-rise:plugin")["schema"]["properties"]
        assert rise["start_slideshow_at"]["default"] == "beginning" and rise["scroll"]["default"] is True


# ------------------------------------------------------------------- the Chinese edition (LANG=zh)

@pytest.mark.parametrize("env, expected", [
    ({}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "POSIX"}, "en"),
    ({"LANG": "en_US.UTF-8"}, "en"),                       # an English shell opens English
    ({"LANG": "de_DE.UTF-8"}, "en"),                       # so does any other language's
    ({"LANG": "zh_CN.UTF-8"}, "zh"),                       # a Chinese shell opens Chinese
    ({"LANG": "zh_TW.UTF-8"}, "zh"),
    ({"LANG": "zh"}, "zh"),                                # make lab LANG=zh
    ({"LANG": "en"}, "en"),                                # make lab LANG=en
    ({"LANG": "zh-CN"}, "zh"),
    ({"LANG": "zh_CN.UTF-8", "COURSE_LANG": "en"}, "en"),  # the course's own variable wins
    ({"LANG": "en_US.UTF-8", "COURSE_LANG": "zh"}, "zh"),
])
def test_the_edition_follows_lang_and_course_lang(env, expected):
    assert lab.edition(env) == expected


@pytest.mark.parametrize("env, named", [({"LANG": "cn"}, "LANG=cn"), ({"COURSE_LANG": "fr"}, "COURSE_LANG=fr"),
                                        ({"LANG": "chinese"}, "LANG=chinese")])
def test_an_edition_the_course_lacks_is_named_with_the_right_spelling(env, named):
    with pytest.raises(SystemExit, match=f"{named} is not one of the course's editions.*LANG=zh"):
        lab.edition(env)


def test_a_bare_edition_code_is_kept_from_jupyterlab_and_a_locale_is_not():
    assert "LANG" not in lab.lab_env({"LANG": "zh", "PATH": "/bin"})
    assert "LANG" not in lab.lab_env({"LANG": "en"})
    assert lab.lab_env({"LANG": "zh_CN.UTF-8"})["LANG"] == "zh_CN.UTF-8"
    assert lab.lab_env({"LANG": "C.UTF-8", "COURSE_LANG": "zh"})["LANG"] == "C.UTF-8"


def test_the_chinese_edition_opens_its_notebook_01_with_chinese_settings(tmp_path):
    work = tmp_path / "work"
    (work / "zh").mkdir(parents=True)
    (work / "01-linear-regression.ipynb").write_text("{}")
    # Before the translation is in the copy: English 01, and a note that says so, in both languages.
    first, note = lab.first_notebook(work, "zh")
    assert first == "01-linear-regression.ipynb" and "zh/01-linear-regression.ipynb" in note
    assert "not in this copy of the course yet" in note and "中文版" in note
    (work / "zh" / "01-linear-regression.ipynb").write_text("{}")
    assert lab.first_notebook(work, "zh") == ("zh/01-linear-regression.ipynb", None)
    assert lab.first_notebook(work, "en") == ("01-linear-regression.ipynb", None)
    args = lab.lab_args(work, "zh")
    assert f"--LabApp.app_settings_dir={ROOT / 'lab-settings' / 'zh'}" in args
    assert "--LabApp.default_url=/lab/tree/zh/01-linear-regression.ipynb" in args
    assert f"--LabApp.app_settings_dir={ROOT / 'lab-settings'}" in lab.lab_args(work)


@pytest.mark.parametrize("lang_env, lang_passed", [
    ({"LANG": "zh"}, None),                          # make's spelling, not a locale: JupyterLab gets none
    ({"COURSE_LANG": "zh"}, "C.UTF-8"),              # the shell's locale is passed on
    ({"LANG": "zh_CN.UTF-8"}, "zh_CN.UTF-8"),
])
def test_launcher_opens_the_chinese_edition(fake_jupyter, tmp_path, lang_env, lang_passed):
    home = tmp_path / "home"
    home.mkdir()
    result = run_launcher([fake_jupyter, "lab"], {"HOME": str(home), **lang_env}, tmp_path)
    assert result.returncode == 0, result.stderr
    args = json.loads(result.stdout.splitlines()[-1].removeprefix("ARGS "))
    assert f"--LabApp.app_settings_dir={ROOT / 'lab-settings' / 'zh'}" in args
    # The translation may not be in the course yet: the launcher opens what the copy has, and says so.
    translated = (ROOT / "notebooks" / "zh" / "01-linear-regression.ipynb").exists()
    first = "zh/01-linear-regression.ipynb" if translated else "01-linear-regression.ipynb"
    assert f"--LabApp.default_url=/lab/tree/{first}" in args
    assert ("not in this copy of the course yet" in result.stdout) == (not translated)
    assert "make lab LANG=en" in result.stdout or not translated
    assert (tmp_path / "work" / "zh" / "rise.css").read_bytes() == (ROOT / "notebooks" / "rise.css").read_bytes()
    passed = next(l for l in result.stdout.splitlines() if l.startswith("LANG "))
    assert json.loads(passed.removeprefix("LANG ")) == lang_passed


def test_the_english_edition_is_the_default_and_lang_en_keeps_it(fake_jupyter, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    for lang_env in ({}, {"LANG": "en"}, {"LANG": "en_US.UTF-8"}):
        result = run_launcher([fake_jupyter, "lab"], {"HOME": str(home), **lang_env}, tmp_path)
        assert result.returncode == 0, result.stderr
        args = json.loads(result.stdout.splitlines()[-1].removeprefix("ARGS "))
        assert "--LabApp.default_url=/lab/tree/01-linear-regression.ipynb" in args
        assert f"--LabApp.app_settings_dir={ROOT / 'lab-settings'}" in args
        assert "中文" not in result.stdout


def test_launcher_refuses_an_edition_it_does_not_have_and_touches_nothing(fake_jupyter, tmp_path):
    result = run_launcher([fake_jupyter, "lab"], {"LANG": "cn"}, tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "LANG=cn is not one of the course's editions" in result.stderr and "LANG=zh" in result.stderr
    assert "ARGS" not in result.stdout and not (tmp_path / "work").exists()


def test_the_chinese_settings_are_the_english_ones_with_the_chinese_interface():
    base = json.loads((ROOT / "lab-settings" / "overrides.json").read_text())
    zh = json.loads((ROOT / "lab-settings" / "zh" / "overrides.json").read_text())
    translation = "@jupyterlab/translation-extension:plugin"
    assert base.pop(translation) == {"locale": "en"}
    assert zh.pop(translation) == {"locale": "zh_CN"}
    assert zh == base, "lab-settings/zh/overrides.json must hold the same settings as lab-settings/overrides.json"
    # zh_CN is the locale of the language pack the environment installs.
    from importlib.metadata import entry_points

    assert "zh_CN" in {e.name for e in entry_points(group="jupyterlab.languagepack")}


def test_every_edition_has_the_slide_style_from_one_source():
    style = ROOT / "notebooks" / "rise.css"
    import course

    for lang in course.TRANSLATIONS:
        beside = ROOT / "notebooks" / lang / "rise.css"
        assert beside.is_symlink() and beside.resolve() == style.resolve(), (
            f"{beside.relative_to(ROOT)} must be a symlink to ../rise.css, so that the slideshows of "
            "that edition get the course's one projector style")


@pytest.mark.integration
def test_make_lab_lang_zh_serves_the_chinese_interface(tmp_path):
    """`make lab LANG=zh` for real: the Chinese settings are served, the language pack answers,
    the Chinese edition (or, until it is in the course, notebook 01) opens, and the learner's own
    settings folder is left as it was."""
    port = free_port()
    settings = tmp_path / "user-settings"
    env = {k: v for k, v in os.environ.items() if k != "COURSE_LANG"}
    env.update({"D2L_WORK_DIR": str(tmp_path / "work"), "LANG": "zh",
                "JUPYTERLAB_SETTINGS_DIR": str(settings), "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces")})
    log = tmp_path / "lab.log"
    command = [PYTHON, str(ROOT / "tools" / "lab.py"), str(Path(PYTHON).parent / "jupyter"),
               "lab", "--ip=127.0.0.1", f"--port={port}", "--no-browser"]
    with running_lab(command, port, log, cwd=ROOT, env=env) as (base, token, _):
        translated = (ROOT / "notebooks" / "zh" / "01-linear-regression.ipynb").exists()
        first = "zh/01-linear-regression.ipynb" if translated else "01-linear-regression.ipynb"
        assert re.search(rf"{re.escape(base)}/lab/tree/{re.escape(first)}\?token=", log.read_text()), log.read_text()

        def get(path):
            with urllib.request.urlopen(f"{base}{path}?token={token}", timeout=20) as reply:
                return json.load(reply)

        locale = get("/lab/api/settings/@jupyterlab/translation-extension:plugin")["schema"]["properties"]["locale"]
        assert locale["default"] == "zh_CN"
        strings = get("/lab/api/translations/zh_CN")["data"]["jupyterlab"]
        assert strings["menu\x04File"] == ["文件"] and strings["Run All Cells"] == ["运行所有单元格"]
        rise = get("/lab/api/settings/jupyterlab-rise:plugin")["schema"]["properties"]
        assert rise["start_slideshow_at"]["default"] == "beginning"
        assert "rise.css" in {i["name"] for i in get("/api/contents/zh")["content"]}
    assert not settings.exists() or not list(settings.rglob("*translation*"))
