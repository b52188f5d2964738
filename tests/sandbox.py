"""Run a command from a learner's chair and check where it wrote.

    python tests/sandbox.py [--share-cache] [--allow PATH ...] COMMAND [ARG ...]

The command runs with HOME and TMPDIR in a fresh sandbox and without the caller's settings for
the course, Jupyter, IPython, MXNet and Matplotlib. Afterwards the sandbox checks the rule of
the course: a run writes only to the user's cache and data folders, the repository's ignored
folders and temporary folders. So nothing tracked may change, nothing in the system's data
folder, and nothing in the home outside its cache and data folders (and the folders named
with ``--allow``, relative to the home). Exit status: the command's own if it failed, 1 if it
broke the rule, else 0.

``--share-cache`` gives the sandbox's home the caller's cache folder (packages, the decoded
data, fonts), as a learner's next run would find it.

`make test` runs all its tests this way: the unit tier with an empty cache, then the rest with
the shared cache. So a test run leaves the user's own home as it was, Jupyter's and IPython's
state there included.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = "/usr/share/datasets"
# What a run may leave in the user's home: the user's cache and data folders (Gluon's data
# folder ~/.mxnet among them).
ALLOWED_IN_HOME = (".cache", ".mxnet", ".local/share", ".config/matplotlib")
# The caller's own places and settings, which a learner's fresh account would not have.
DROPPED = ("XDG_", "PYTEST_", "D2L_", "MXNET_", "JUPYTER", "IPYTHON", "MPL")


def tree(folder):
    """{relative path: (size, mtime)} of every file and folder under ``folder``."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            found[os.path.relpath(path, folder)] = (st.st_size if name in filenames else 0, st.st_mtime_ns)
    return found


def tracked_status(repo):
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=repo,
                          capture_output=True, text=True, check=True).stdout


def outside_allowed(home, allowed=()):
    """Paths written under ``home`` outside its cache and data folders and ``allowed``."""
    allowed = ALLOWED_IN_HOME + tuple(allowed)
    return [p for p in sorted(tree(home))
            if not any(p == a or p.startswith(a + "/") or a.startswith(p + "/") for a in allowed)]


def run(command, repo=None, datasets=None, share_cache=False, allowed=()):
    """Run ``command`` in a sandbox, in ``repo`` (the course); returns (its exit status, the
    rule's breaches). With ``share_cache``, the sandbox's home uses the caller's cache folder
    (packages, the decoded data, fonts), as a learner's second run would."""
    repo, datasets = repo or ROOT, datasets or DATASETS
    sandbox = Path(tempfile.mkdtemp(prefix="course-sandbox-"))
    try:
        home, tmp = sandbox / "home", sandbox / "tmp"
        home.mkdir()
        tmp.mkdir()
        if share_cache:
            cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
            cache.mkdir(parents=True, exist_ok=True)
            (home / ".cache").symlink_to(cache.resolve(), target_is_directory=True)
        system_before, status_before = tree(datasets), tracked_status(repo)
        env = {k: v for k, v in os.environ.items() if not k.startswith(DROPPED)}
        env.update(HOME=str(home), TMPDIR=str(tmp), D2L_OFFLINE="1")
        status = subprocess.run(command, cwd=repo, env=env).returncode
        breaches = []
        if tree(datasets) != system_before:
            breaches.append(f"it changed {datasets}")
        if tracked_status(repo) != status_before:
            breaches.append("it changed the repository's tracked files, or added files git does not "
                            "ignore (see `git status`)")
        outside = outside_allowed(home, allowed)
        if outside:
            breaches.append("it wrote to the home outside its cache and data folders: " + ", ".join(outside))
        return status, breaches
    finally:
        shutil.rmtree(sandbox, ignore_errors=True)


def main(argv):
    share_cache, allowed = False, []
    while argv[:1] in (["--share-cache"], ["--allow"]):
        if argv[0] == "--share-cache":
            share_cache, argv = True, argv[1:]
        elif len(argv) > 1:
            allowed, argv = allowed + [argv[1].strip("/")], argv[2:]
        else:
            argv = []
    if not argv:
        print("usage: python tests/sandbox.py [--share-cache] [--allow PATH ...] COMMAND [ARG ...]",
              file=sys.stderr)
        return 2
    status, breaches = run(argv, share_cache=share_cache, allowed=allowed)
    for breach in breaches:
        print(f"sandbox: {' '.join(argv[:3])} ... broke the rule: {breach}", file=sys.stderr)
    if status:
        return status
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
