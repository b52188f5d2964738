"""The project's own files agree with each other, and set-up does what the README says."""

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from d2lhelpers import _environment as env  # noqa: E402

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
RUNTIME = [Requirement(r) for r in PROJECT["dependencies"]]
TEST_TOOLS = [Requirement(r) for r in PROJECT["optional-dependencies"]["test"]]


def read_lock(path):
    """{name: (version, marker, [hashes], [what it comes via])} from a `uv pip compile` lock."""
    entries, current = {}, None
    for line in path.read_text().splitlines():
        pin = re.match(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$", line)
        if pin:
            current = canonicalize_name(pin.group(1))
            entries[current] = (pin.group(2), pin.group(3), [], [])
        elif current and (h := re.match(r"^\s+--hash=(sha256:[0-9a-f]{64})", line)):
            entries[current][2].append(h.group(1))
        elif current and (via := re.match(r"^\s+#\s+(?:via\s+)?([A-Za-z0-9._-]+)(?: \(|$)", line)):
            entries[current][3].append(canonicalize_name(via.group(1)))
    return entries


LAB = read_lock(ROOT / "lock" / "lab.txt")
TEST = read_lock(ROOT / "lock" / "test.txt")


@pytest.mark.parametrize("lock, wanted", [(LAB, RUNTIME), (TEST, RUNTIME + TEST_TOOLS)],
                         ids=["lab", "test"])
def test_lock_pins_every_package_with_hashes_and_satisfies_pyproject(lock, wanted):
    assert lock and all(hashes for _, _, hashes, _ in lock.values()), "a package without hashes"
    for req in wanted:
        name = canonicalize_name(req.name)
        assert name in lock, f"{req} is in pyproject.toml but not in the lock: run make lock"
        assert req.specifier.contains(lock[name][0], prereleases=True), (
            f"the lock has {name}=={lock[name][0]}, pyproject.toml asks for {req}: run make lock")
    # Nothing stale: every locked package is asked for by the course, or by a locked package.
    roots = {canonicalize_name(r.name) for r in wanted} | {"pip", "setuptools"}
    for name, (_, _, _, via) in lock.items():
        assert name in roots or set(via) & set(lock), f"{name} is in the lock for no reason: run make lock"


def test_runtime_lock_is_the_test_lock_without_the_test_tools():
    assert set(LAB) < set(TEST)
    for name, entry in LAB.items():
        assert entry[:3] == TEST[name][:3], name
    # Learners do not get the test and build tools (some libraries they use, e.g. nbformat, are
    # also the runtime's own dependencies).
    tools = {"pytest", "nbval", "pytest-xdist", "jupyter-book", "jupyter-repo2docker", "playwright"}
    assert tools <= set(TEST) and not tools & set(LAB)


def test_locks_cover_the_platforms_and_python_of_the_platform_rule():
    environments = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["uv"]["environments"]
    assert environments == [f"sys_platform == '{s.lower()}' and platform_machine == '{m}'"
                            for s, m in env.PLATFORMS]
    assert PROJECT["requires-python"] == ">={0}.{1},<{0}.{2}".format(*env.PYTHON, env.PYTHON[1] + 1)
    for name in ("lab.txt", "test.txt"):
        assert (ROOT / "lock" / name).read_text().splitlines()[1].strip() == "#    make lock"
    assert "--python-version {}.{}".format(*env.PYTHON) in (ROOT / "Makefile").read_text()


def test_venv_gets_pip_and_setuptools_without_known_cves_and_requests_is_overridden():
    from packaging.version import Version

    for lock in (LAB, TEST):
        assert Version(lock["pip"][0]) >= Version("25.3")
        assert Version(lock["setuptools"][0]) >= Version("78.1.1")
        assert Version(lock["requests"][0]) >= Version("2.32.4")  # d2l pins 2.31.0 (CVEs)


def test_environment_yml_pins_the_locked_runtime():
    conda = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python={}.{}".format(*env.PYTHON) in conda["dependencies"] and "pip" in conda["dependencies"]
    (pip,) = [d["pip"] for d in conda["dependencies"] if isinstance(d, dict)]
    pins = {canonicalize_name(Requirement(r).name): Requirement(r) for r in pip}
    # requests stays at d2l's pin here (pip would refuse both pins); postBuild installs the lock.
    assert set(pins) == {canonicalize_name(r.name) for r in RUNTIME}
    for name, req in pins.items():
        assert str(req.specifier) == f"=={LAB[name][0]}", f"{req} (the lock has {LAB[name][0]})"


# The choice tools/install.sh makes, seen through stub commands on a PATH of their own.
STUB = """#!/bin/sh
echo "$(basename "$0") $*" >> "$CALLS"
case "$(basename "$0") $1 $2" in
    "uv venv "*|"python3.11 -m venv") eval "dir=\\${$#}"; mkdir -p "$dir/bin"
        printf '#!/bin/sh\\necho "venv-python $*" >> "$CALLS"\\n[ "$1" = -c ] && echo "${VERSION:-3.11}"\\nexit 0\\n' > "$dir/bin/python"
        chmod +x "$dir/bin/python" ;;
esac
"""


def run_install(tmp_path, commands, venv_version=None, via_make=False):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in commands:
        (bin_dir / name).write_text(STUB)
        (bin_dir / name).chmod(0o755)
    for tool in ("sh", "dirname", "basename", "mkdir", "chmod", "rm", "cat", "printf", "make", "touch", "id"):
        real = subprocess.run(["sh", "-c", f"command -v {tool}"], capture_output=True, text=True).stdout.strip()
        if real and not (bin_dir / tool).exists():
            (bin_dir / tool).symlink_to(real)
    venv = tmp_path / "venv"
    if venv_version:
        (venv / "bin").mkdir(parents=True)
        (venv / "bin" / "python").write_text(f"#!/bin/sh\necho {venv_version}\n")
        (venv / "bin" / "python").chmod(0o755)
    calls = tmp_path / "calls"
    command = (["make", "-s", "setup", f"VENV={venv}"] if via_make
               else ["sh", str(ROOT / "tools" / "install.sh"), str(venv), "lock/lab.txt"])
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                            env={"PATH": str(bin_dir), "CALLS": str(calls), "HOME": str(tmp_path)})
    return result, calls.read_text().splitlines() if calls.exists() else []


def test_install_uses_uv_when_it_is_on_the_path(tmp_path):
    result, calls = run_install(tmp_path, ["uv", "python3.11"])
    assert result.returncode == 0, result.stderr
    venv = tmp_path / "venv"
    assert calls[0] == f"uv venv --quiet --python 3.11 {venv}"
    assert f"uv pip install --python {venv}/bin/python --require-hashes --no-deps -r lock/lab.txt" in calls
    assert calls[-1] == f"uv pip install --quiet --python {venv}/bin/python --no-deps --no-build-isolation -e ."
    assert not any(c.startswith("python3.11") for c in calls)


@pytest.mark.parametrize("commands, first", [(["uv", "python3.11"], "uv venv --quiet --python 3.11 "),
                                             (["python3.11"], "python3.11 ")])
def test_make_setup_makes_the_same_choice(tmp_path, commands, first):
    result, calls = run_install(tmp_path, commands, via_make=True)
    assert result.returncode == 0, result.stderr
    assert calls and calls[0].startswith(first)
    assert any("--require-hashes --no-deps -r lock/lab.txt" in c for c in calls)
    assert (tmp_path / "venv" / ".installed-lab").exists()


def test_install_falls_back_to_pip_with_hashes(tmp_path):
    result, calls = run_install(tmp_path, ["python3.11"])
    assert result.returncode == 0, result.stderr
    venv = tmp_path / "venv"
    assert calls[0].startswith("python3.11 ") and f"python3.11 -m venv {venv}" in calls
    pip = "venv-python -m pip --disable-pip-version-check install --quiet"
    assert f"{pip} --require-hashes --no-deps -r lock/lab.txt" in calls
    assert calls[-1] == f"{pip} --no-deps --no-build-isolation -e ."


def test_install_rebuilds_a_venv_made_by_another_python_and_says_so(tmp_path):
    result, calls = run_install(tmp_path, ["uv"], venv_version="3.12")
    assert result.returncode == 0, result.stderr
    assert "Rebuilding" in result.stderr and "made by Python 3.12" in result.stderr
    assert calls[0].startswith("uv venv ")
    assert len(result.stderr.splitlines()) == 1


def test_platform_rule_names_the_problem_and_the_way_out():
    assert env.platform_problem((3, 11), "Linux", "x86_64") is None
    assert env.platform_problem((3, 11), "Darwin", "x86_64") is None
    for version, system, machine, expected in [
        ((3, 11), "Darwin", "arm64", "no wheels for Darwin on arm64"),
        ((3, 11), "Windows", "AMD64", "no wheels for Windows on AMD64"),
        ((3, 12), "Linux", "x86_64", "is Python 3.12; the course needs Python 3.11"),
    ]:
        message = env.platform_problem(version, system, machine)
        assert expected in message and "WSL2" in message and "Binder" in message


def test_check_platform_runs_the_rule_with_the_given_python(tmp_path):
    script = str(ROOT / "tools" / "check-platform.sh")
    ok = subprocess.run(["sh", script, sys.executable], capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stderr == ""
    missing = subprocess.run(["sh", script, str(tmp_path / "nope")], capture_output=True, text=True)
    assert missing.returncode == 1 and "needs Python 3.11" in missing.stderr and "uv" in missing.stderr


def test_the_d2l_names_the_course_uses_work_with_the_overridden_requests():
    """Every `d2l.NAME` the notebooks use that comes from the d2l package runs."""
    import importlib.metadata

    import requests
    from packaging.version import Version

    import d2lhelpers

    assert Version(requests.__version__) >= Version("2.32.4")
    pins = [Requirement(r) for r in importlib.metadata.requires("d2l")]
    assert any(r.name == "requests" and str(r.specifier) == "==2.31.0" for r in pins)  # overridden
    sys.path.insert(0, str(ROOT / "tools"))
    import course

    used = set()
    for path in course.all_notebooks():
        code = [cell["source"] for cell in json.loads(path.read_text())["cells"]
                if cell["cell_type"] == "code"]
        used |= set(re.findall(r"\bd2l\.(\w+)", "\n".join("".join(c) for c in code)))
    from_package = {n for n in used if getattr(getattr(d2lhelpers, n), "__module__", "").startswith("d2l.")}
    assert from_package, "no name of the d2l package found in the notebooks"
    import d2l.mxnet

    for name in from_package:
        assert getattr(d2lhelpers, name) is getattr(d2l.mxnet, name)
    exercised = {"Timer": lambda f: f().stop() >= 0,
                 "plot": lambda f: f([0, 1], [[0, 1]], "x", "y") is None,
                 "set_axes": lambda f: callable(f)}
    assert from_package <= set(exercised), sorted(from_package - set(exercised))
    for name in from_package:
        assert exercised[name](getattr(d2lhelpers, name)), name


@pytest.mark.integration
def test_data_command_reports_the_dataset(real_data_dir):
    result = subprocess.run([sys.executable, "-m", "d2lhelpers", "data"], capture_output=True,
                            text=True, env={**os.environ, "D2L_OFFLINE": "1"})
    assert result.returncode == 0, result.stderr
    assert "train: 60000 images 28x28, 10 classes" in result.stdout
    assert "test: 10000 images 28x28, 10 classes" in result.stdout


@pytest.mark.integration
def test_data_command_without_data_says_what_to_do(tmp_path):
    env = {**os.environ, "D2L_OFFLINE": "1"}
    result = subprocess.run([sys.executable, "-m", "d2lhelpers", "data", "--root", str(tmp_path)],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "Fashion-MNIST was not found" in result.stderr and "apt-get install" in result.stderr


@pytest.mark.integration
def test_binder_accepts_the_repository():
    """repo2docker reads environment.yml (Python 3.11) and would run postBuild."""
    r2d = Path(sys.executable).parent / "jupyter-repo2docker"
    result = subprocess.run([str(r2d), "--no-build", "--debug", str(ROOT)], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    dockerfile = result.stdout + result.stderr
    assert "Building conda environment for python=3.11" in dockerfile
    assert "environment.yml" in dockerfile and "RUN ./postBuild" in dockerfile
    assert os.access(ROOT / "postBuild", os.X_OK)
