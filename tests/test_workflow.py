"""The GitHub workflow runs what the README says, when it should, and keeps what it should."""

import re
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "course.yml"


def workflow():
    data = yaml.safe_load(WORKFLOW.read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def run_lines():
    return [line for step in workflow()["jobs"]["test"]["steps"] for line in step.get("run", "").splitlines()]


def make_targets():
    text = (ROOT / "Makefile").read_text()
    return set(re.findall(r"^([a-z][a-z-]*)\s*:(?!=)", text, flags=re.M))


def test_it_parses_and_runs_on_push_pull_request_and_nightly():
    triggers = workflow()["on"]
    assert {"push", "pull_request", "schedule"} <= set(triggers)
    assert triggers["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]  # every day
    assert workflow()["jobs"]["test"]["timeout-minutes"] <= 90


def test_it_runs_the_readmes_command_through_the_ci_script():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme
    calls = [line.split()[1:] for line in run_lines() if line.strip().startswith(".ci/run")]
    assert len(calls) == 1 and calls[0][0] == "test", calls
    # .ci/run hands its arguments to make as the unprivileged learner
    script = (ROOT / ".ci" / "run").read_text()
    assert re.search(r'as_learner make "\$\{targets\[@\]\}"', script)


def test_every_make_target_it_calls_exists_and_the_editions_are_built():
    calls = [line.split()[1:] for line in run_lines() if line.strip().startswith(".ci/run")][0]
    assert {"student", "assignments"} <= set(calls)
    missing = set(calls) - make_targets()
    assert not missing, f"the workflow calls make targets the Makefile lacks: {missing}"


def test_the_venv_and_the_dataset_are_cached():
    cached = [step["with"]["path"] for step in workflow()["jobs"]["test"]["steps"]
              if str(step.get("uses", "")).startswith("actions/cache")]
    paths = "\n".join(cached)
    assert "/.venv" in paths and "/var/cache/apt/archives" in paths and ".cache/d2lhelpers" in paths


def test_the_ci_script_passes_its_targets_to_make(tmp_path):
    # Run the argument handling of .ci/run on its own: the targets line and the make line.
    script = (ROOT / ".ci" / "run").read_text()
    head = "\n".join(line for line in script.splitlines()
                     if line.startswith(("targets=", "[ ${#targets")))
    probe = f'set -eu\n{head}\nprintf "%s\\n" "${{targets[@]}}"\n'
    out = lambda *args, **env: subprocess.run(["bash", "-c", probe, "run", *args], text=True,
                                             capture_output=True, env={"PATH": "/usr/bin:/bin", **env},
                                             check=True).stdout.split()
    assert out() == ["test"]
    assert out(CI_MAKE_TARGET="unit") == ["unit"]
    assert out("test", "student") == ["test", "student"]
