"""The project's own files agree with each other."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent


def test_environment_yml_installs_what_pyproject_declares():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = set(project["dependencies"]) | set(project["optional-dependencies"]["test"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"] and "pip" in env["dependencies"]
    (pip,) = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert set(pip) >= wanted, sorted(wanted - set(pip))
    assert project["requires-python"] == ">=3.11,<3.12"


def _fake_python(tmp_path, version, system, machine):
    fake = tmp_path / "python"
    fake.write_text(f"#!/bin/sh\necho '{version} {system} {machine}'\n")
    fake.chmod(0o755)
    return str(fake)


@pytest.mark.parametrize("version, system, machine, expected", [
    ("3.11", "Linux", "x86_64", None),
    ("3.11", "Darwin", "arm64", "no wheels for Darwin on arm64"),
    ("3.11", "Windows", "AMD64", "no wheels for Windows on AMD64"),
    ("3.12", "Linux", "x86_64", "is Python 3.12; the course needs Python 3.11"),
])
def test_check_platform_names_the_problem_and_the_way_out(tmp_path, version, system, machine, expected):
    script = ROOT / "tools" / "check-platform.sh"
    result = subprocess.run(["sh", str(script), _fake_python(tmp_path, version, system, machine)],
                            capture_output=True, text=True)
    if expected is None:
        assert result.returncode == 0 and result.stderr == ""
    else:
        assert result.returncode == 1
        assert expected in result.stderr
        assert "WSL2" in result.stderr and "Binder" in result.stderr


def test_check_platform_without_python(tmp_path):
    result = subprocess.run(["sh", str(ROOT / "tools" / "check-platform.sh"), str(tmp_path / "nope")],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "needs Python 3.11" in result.stderr


def test_data_command_reports_the_dataset(real_data_dir):
    result = subprocess.run([sys.executable, "-m", "d2lhelpers", "data"], capture_output=True,
                            text=True, env={**os.environ, "D2L_OFFLINE": "1"})
    assert result.returncode == 0, result.stderr
    assert "train: 60000 images 28x28, 10 classes" in result.stdout
    assert "test: 10000 images 28x28, 10 classes" in result.stdout


def test_data_command_without_data_says_what_to_do(tmp_path):
    env = {**os.environ, "D2L_OFFLINE": "1"}
    result = subprocess.run([sys.executable, "-m", "d2lhelpers", "data", "--root", str(tmp_path)],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "Fashion-MNIST was not found" in result.stderr and "apt-get install" in result.stderr


def test_binder_accepts_the_repository():
    """repo2docker reads environment.yml (Python 3.11) and runs postBuild, which fetches the data."""
    r2d = Path(sys.executable).parent / "jupyter-repo2docker"
    result = subprocess.run([str(r2d), "--no-build", "--debug", str(ROOT)], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    dockerfile = result.stdout + result.stderr
    assert "Building conda environment for python=3.11" in dockerfile
    assert "environment.yml" in dockerfile and "RUN ./postBuild" in dockerfile
    post_build = (ROOT / "postBuild").read_text()
    assert "python -m d2lhelpers data --fetch" in post_build and "pip install --no-deps" in post_build
    assert os.access(ROOT / "postBuild", os.X_OK)
