"""From the learner's chair: a run writes only to the user's cache and data folders, the
repository's ignored folders and temporary folders. `make test` runs the unit tier inside
tests/sandbox.py, which checks that rule; these tests show that the check catches each breach."""

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import sandbox  # noqa: E402


def python(code):
    return [sys.executable, "-c", "import os, pathlib, tempfile\n" + code]


@pytest.fixture
def repo(tmp_path):
    """A small git repository with one tracked file and an ignored folder."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "tracked.txt").write_text("course\n")
    (repo / ".gitignore").write_text("build/\n")
    for command in (["init", "-q"], ["add", "."],
                    ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start"]):
        subprocess.run(["git", *command], cwd=repo, check=True)
    return repo


@pytest.fixture
def datasets(tmp_path):
    folder = tmp_path / "datasets" / "fashion-mnist"
    folder.mkdir(parents=True)
    (folder / "train-labels-idx1-ubyte.gz").write_bytes(b"labels")
    return folder.parent


def test_writes_to_the_cache_data_ignored_and_temporary_folders_are_allowed(repo, datasets):
    code = ("home = pathlib.Path.home()\n"
            "for place in ('.cache/d2lhelpers/x', '.mxnet/datasets/x', '.local/share/jupyter/x',\n"
            "              '.config/matplotlib/x'):\n"
            "    (home / place).parent.mkdir(parents=True, exist_ok=True)\n"
            "    (home / place).write_text('ok')\n"
            "pathlib.Path('build').mkdir(); pathlib.Path('build/out.txt').write_text('ok')\n"
            "tempfile.NamedTemporaryFile(delete=False).write(b'ok')\n")
    assert sandbox.run(python(code), repo=repo, datasets=datasets) == (0, [])


@pytest.mark.parametrize("code, breach", [
    ("(pathlib.Path.home() / 'notes.txt').write_text('x')", "outside its cache and data folders: notes.txt"),
    ("(pathlib.Path.home() / '.config/other').mkdir(parents=True)", "outside its cache and data folders: .config/other"),
    ("pathlib.Path('tracked.txt').write_text('changed')", "changed the repository's tracked files"),
    ("pathlib.Path('new.txt').write_text('x')", "changed the repository's tracked files"),
    ("pathlib.Path(os.environ['DATASETS'], 'fashion-mnist', 'decoded').mkdir()", "it changed "),
])
def test_each_breach_is_named(repo, datasets, monkeypatch, code, breach):
    monkeypatch.setenv("DATASETS", str(datasets))   # kept: only the course's own settings are dropped
    status, breaches = sandbox.run(python(code), repo=repo, datasets=datasets)
    assert status == 0
    assert len(breaches) == 1 and breach in breaches[0], breaches


def test_the_command_runs_without_the_callers_home_and_settings(repo, datasets, monkeypatch):
    monkeypatch.setenv("D2L_DATA_DIR", "/somewhere")
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", "/somewhere")
    code = ("import sys\n"
            "assert 'D2L_DATA_DIR' not in os.environ and 'JUPYTER_CONFIG_DIR' not in os.environ\n"
            "assert os.environ['D2L_OFFLINE'] == '1'\n"
            "assert str(pathlib.Path.home()).startswith(os.environ['TMPDIR'].rsplit('/', 1)[0])\n"
            f"assert pathlib.Path.home() != pathlib.Path({str(Path.home())!r})\n")
    assert sandbox.run(python(code), repo=repo, datasets=datasets) == (0, [])


def test_a_failing_command_keeps_its_exit_status_and_the_sandbox_is_removed(repo, datasets, capfd):
    code = "print(pathlib.Path.home().parent); raise SystemExit(3)"
    status, breaches = sandbox.run(python(code), repo=repo, datasets=datasets)
    assert (status, breaches) == (3, [])
    used = Path(capfd.readouterr().out.strip())
    assert used.name.startswith("course-sandbox-") and not used.exists()


def test_the_command_line_reports_a_breach_and_fails(repo, datasets, monkeypatch, capsys):
    monkeypatch.setattr(sandbox, "ROOT", repo)
    monkeypatch.setattr(sandbox, "DATASETS", str(datasets))
    assert sandbox.main(python("(pathlib.Path.home() / 'notes.txt').write_text('x')")) == 1
    assert "broke the rule: it wrote to the home outside its cache and data folders: notes.txt" in capsys.readouterr().err
    assert sandbox.main([]) == 2


def test_a_shared_cache_is_the_callers_and_survives_the_sandbox(repo, datasets, tmp_path, monkeypatch):
    cache = tmp_path / "my-cache"
    (cache / "uv").mkdir(parents=True)
    (cache / "uv" / "kept").write_text("packages")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    code = ("cache = pathlib.Path.home() / '.cache'\n"
            "assert (cache / 'uv' / 'kept').read_text() == 'packages'\n"
            "(cache / 'd2lhelpers').mkdir()\n")
    assert sandbox.run(python(code), repo=repo, datasets=datasets, share_cache=True) == (0, [])
    assert sorted(p.name for p in cache.iterdir()) == ["d2lhelpers", "uv"]   # written, and not removed
    assert (cache / "uv" / "kept").read_text() == "packages"


def test_allowed_folders_are_let_through_and_only_they(repo, datasets, capsys):
    code = ("home = pathlib.Path.home()\n"
            "(home / '.ipython' / 'profile_default').mkdir(parents=True)\n"
            "(home / '.jupyterlab-settings').mkdir()\n")
    status, breaches = sandbox.run(python(code), repo=repo, datasets=datasets, allowed=[".ipython"])
    assert status == 0 and breaches == ["it wrote to the home outside its cache and data folders: .jupyterlab-settings"]
    assert sandbox.main(["--allow"]) == 2
