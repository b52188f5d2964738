"""nbgitpuller links for a JupyterHub: one per notebook, for each edition, and for the student edition.

    python tools/links.py HUB [--repo URL] [--branch NAME] [--student-repo URL] [--student-branch NAME]
    make links HUB=https://hub.example.edu [REPO=...] [BRANCH=...] [STUDENT_REPO=...] [STUDENT_BRANCH=...]

A learner who opens a link logs in to the hub, which starts their server; nbgitpuller then clones
the course into their home (or, on later visits, pulls the course's changes, keeping the
learner's edits) and opens the notebook in JupyterLab. REPO defaults to the repository's
`origin` remote and BRANCH to the branch checked out. The student edition is what `make student`
writes; publish it as a repository (or a branch) of its own and give it as STUDENT_REPO /
STUDENT_BRANCH.
"""

import argparse
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import course  # noqa: E402

# The folder the course lands in, in each learner's home.
TARGET = "d2l-linear"
STUDENT_TARGET = "d2l-linear-student"


def link(hub, repo, branch, notebook, target=TARGET):
    """The nbgitpuller link that opens ``notebook`` (a path inside the repository) on ``hub``."""
    query = urlencode({"repo": repo, "branch": branch, "targetpath": target,
                       "urlpath": f"lab/tree/{target}/{notebook}"})
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def git(*args):
    return subprocess.run(["git", "-C", str(course.ROOT), *args], capture_output=True, text=True).stdout.strip()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make links", description=__doc__.split("\n")[0])
    parser.add_argument("hub", help="the hub's address, e.g. https://hub.example.edu")
    parser.add_argument("--repo", default=None, help="the course repository's address (default: origin)")
    parser.add_argument("--branch", default=None, help="the branch to pull (default: the one checked out)")
    parser.add_argument("--student-repo", default=None, help="where the student edition is published")
    parser.add_argument("--student-branch", default="main")
    args = parser.parse_args(argv)
    if urlsplit(args.hub).scheme not in ("http", "https") or not urlsplit(args.hub).netloc:
        parser.error(f"HUB={args.hub!r} is not a hub's address; give it as https://hub.example.edu")
    repo = args.repo or git("remote", "get-url", "origin")
    branch = args.branch or git("rev-parse", "--abbrev-ref", "HEAD")
    if not repo:
        parser.error("this clone has no `origin` remote: give the course's address, e.g. "
                     "make links HUB=... REPO=https://github.com/<owner>/<repo>")
    print(f"# The course ({repo}, branch {branch})")
    for path in course.all_notebooks():
        print(link(args.hub, repo, branch, path.relative_to(course.ROOT).as_posix()))
    print("\n# The student edition (make student; publish student/ as a repository of its own)")
    if not args.student_repo:
        print("# give STUDENT_REPO=<its address> (and STUDENT_BRANCH=, default main) for these links")
        return 0
    for path in course.all_notebooks():  # the student edition keeps the course's notebooks/ layout
        relative = path.relative_to(course.ROOT).as_posix()
        print(link(args.hub, args.student_repo, args.student_branch, relative, STUDENT_TARGET))
    return 0


if __name__ == "__main__":
    sys.exit(main())
