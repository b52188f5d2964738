"""From the learner's chair: a run writes only to the user's cache and data folders, the
repository's ignored folders and temporary folders."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def _tree(folder):
    """{relative path: (size, mtime)} of every file and folder under ``folder``."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            found[os.path.relpath(path, folder)] = (st.st_size if name in filenames else 0, st.st_mtime_ns)
    return found


def _tracked_status():
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout


# What a run may leave in the user's home: the user's cache and data folders (Gluon's data
# folder ~/.mxnet among them).
ALLOWED_IN_HOME = (".cache", ".mxnet", ".local/share", ".config/matplotlib")


@pytest.mark.integration
def test_the_unit_tier_writes_only_to_the_users_cache_data_ignored_and_temporary_folders(tmp_path):
    """The unit tier, run with HOME and TMPDIR in a sandbox, changes nothing tracked, nothing in
    the system's data folder, and nothing in the home outside the cache and data folders."""
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    datasets = "/usr/share/datasets"
    system_before, status_before = _tree(datasets), _tracked_status()
    run_env = {k: v for k, v in os.environ.items()
               if not k.startswith(("XDG_", "PYTEST_", "D2L_", "MXNET_", "JUPYTER", "IPYTHON", "MPL"))}
    run_env.update(HOME=str(home), TMPDIR=str(tmp), D2L_OFFLINE="1")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "-m", "not integration and not e2e", "tests"],
                            cwd=ROOT, env=run_env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]
    assert _tree(datasets) == system_before, f"the run changed {datasets}"
    assert _tracked_status() == status_before, "the run changed the repository's tracked files"
    written = sorted(_tree(home))
    outside = [p for p in written
               if not any(p == a or p.startswith(a + "/") or a.startswith(p + "/") for a in ALLOWED_IN_HOME)]
    assert outside == [], f"written to the home outside its cache and data folders: {outside}"
