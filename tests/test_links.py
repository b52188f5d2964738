"""`make links`: an nbgitpuller link to every notebook of every edition, and clear errors."""

import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import course  # noqa: E402


def make_links(*args):
    return subprocess.run(["make", "--no-print-directory", "-s", "links", *args], cwd=ROOT,
                          capture_output=True, text=True)


def test_one_link_per_notebook_that_opens_it_in_the_pulled_copy():
    out = make_links("HUB=https://hub.example.edu/", "REPO=https://example.org/course.git", "BRANCH=term1")
    assert out.returncode == 0, out.stderr
    urls = [line for line in out.stdout.splitlines() if line.startswith("https://")]
    assert len(urls) == len(course.all_notebooks())
    for url, path in zip(urls, course.all_notebooks()):
        parts = urlsplit(url)
        assert (parts.netloc, parts.path) == ("hub.example.edu", "/hub/user-redirect/git-pull")
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        assert query["repo"] == "https://example.org/course.git" and query["branch"] == "term1"
        # the notebook the link opens is where nbgitpuller puts it: targetpath + its repository path
        assert query["urlpath"] == f"lab/tree/{query['targetpath']}/{path.relative_to(ROOT).as_posix()}"


def test_student_links_point_into_the_student_repository():
    out = make_links("HUB=https://hub.example.edu", "REPO=https://example.org/c.git",
                     "STUDENT_REPO=https://example.org/student.git")
    student = [line for line in out.stdout.split("# The student edition")[1].splitlines()
               if line.startswith("https://")]
    assert len(student) == len(course.all_notebooks())
    assert all("repo=https%3A%2F%2Fexample.org%2Fstudent.git" in url for url in student)


def test_a_missing_or_wrong_hub_address_says_what_to_give():
    missing = make_links()
    assert missing.returncode != 0 and "HUB=https://hub.example.edu" in missing.stderr
    wrong = make_links("HUB=hub.example.edu")
    assert wrong.returncode != 0 and "not a hub's address" in wrong.stderr
