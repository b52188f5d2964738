"""TEACHING.md's lesson plan: every notebook in it, its counts those of the notebooks, its minutes
those of its own rules, and a session plan that covers the course in order within 90 minutes."""

import math
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import course  # noqa: E402

TEACHING = (ROOT / "TEACHING.md").read_text()
NUMBERS = [p.name[:2] for p in course.notebooks()]   # the English edition, in course order
SESSION_MINUTES = 90


def section(heading):
    """The text under a heading (any level) up to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(heading)}\n", TEACHING, flags=re.M)
    assert match, f"TEACHING.md has no heading {heading!r}"
    level = len(match.group(1))
    rest = TEACHING[match.end():]
    end = re.search(rf"^#{{1,{level}}} ", rest, flags=re.M)
    return rest[:end.start()] if end else rest


def table(text, first_column):
    """The rows (lists of cell strings) of the markdown table whose header starts with first_column."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(f"| {first_column} |")), None)
    assert start is not None, f"no table starting with the column {first_column!r}"
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def measure(path):
    """What the lesson plan counts in a notebook: in the cells before the Summary (the part that is
    presented), solutions left out, the slides and sub-slides, code cells and markdown words; and
    the exercises, the numbered items under the Exercises heading."""
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if not course.is_solution(c)]
    summary = next(i for i, c in enumerate(cells) if c.cell_type == "markdown" and "## Summary" in c.source)
    presented = cells[:summary]
    slides = sum(c.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide") for c in presented)
    code = sum(c.cell_type == "code" for c in presented)
    words = sum(len(re.findall(r"\w+", c.source)) for c in presented if c.cell_type == "markdown")
    after = "\n".join(c.source for c in cells[summary:] if c.cell_type == "markdown").split("## Exercises", 1)
    assert len(after) == 2, f"{path.name} has no Exercises heading"
    exercises = len(re.findall(r"^\d+\. ", after[1], flags=re.M))
    return {"slides": slides, "code cells": code, "words": words, "exercises": exercises}


def fraction(text):
    return float(text.replace("½", "0.5").replace("¼", "0.25"))


def lecture_rule():
    """(minutes per slide, minutes per code cell, rounding step) as the text states them."""
    match = re.search(r"\*\*Lecture rule: (\S+) minutes? per slide plus (\S+) minutes? per code cell, "
                      r"rounded to the nearest\s+(\d+)\s+minutes", section("Minutes per notebook"))
    assert match, "the lecture rule is not stated in the form the plan's test reads"
    return fraction(match.group(1)), fraction(match.group(2)), int(match.group(3))


def kind_minutes():
    return {row[0]: int(re.match(r"\d+", row[2]).group()) for row in table(section("Minutes per notebook"), "kind")}


def plan():
    """{number: row as a dict} from the minutes table."""
    rows = table(section("Minutes per notebook"), "notebook")
    header = ["notebook", "slides", "code cells", "words", "lecture (min)", "exercises", "kinds", "exercises (min)"]
    out = {}
    for row in rows:
        assert len(row) == len(header), row
        link = re.fullmatch(r"\[(\d\d)\]\((notebooks/[^)]+)\)", row[0])
        assert link, f"the first column must link the notebook: {row[0]}"
        assert (ROOT / link.group(2)).is_file(), f"{link.group(2)} does not exist"
        assert link.group(2).startswith(f"notebooks/{link.group(1)}-")
        out[link.group(1)] = dict(zip(header, row))
    assert list(out) == [r[0][1:3] for r in rows], "a notebook is listed twice"
    return out


def test_the_plan_lists_every_notebook_once_in_order():
    assert list(plan()) == NUMBERS


def test_the_counts_are_those_of_the_notebooks():
    """Slides, code cells and words may drift a little with edits; the exercises must match."""
    rows, stale = plan(), []
    for path in course.notebooks():
        number, found = path.name[:2], measure(path)
        row = rows[number]
        drift = [k for k in ("slides", "code cells", "words")
                 if abs(int(row[k]) - found[k]) > max(2, 0.15 * found[k])]
        if drift or int(row["exercises"]) != found["exercises"]:
            stale.append(f"{number}: the plan has " + ", ".join(f"{k} {row[k]}" for k in found) +
                         "; the notebook now has " + ", ".join(f"{k} {v}" for k, v in found.items()))
    assert not stale, "update these rows of TEACHING.md's lesson plan:\n" + "\n".join(stale)


def test_every_row_follows_the_rules():
    per_slide, per_code, step = lecture_rule()
    minutes = kind_minutes()
    assert set(minutes) >= {"R", "C", "E"}
    for number, row in plan().items():
        raw = per_slide * int(row["slides"]) + per_code * int(row["code cells"])
        assert int(row["lecture (min)"]) == step * math.floor(raw / step + 0.5), (number, raw)
        kinds = row["kinds"]
        assert len(kinds) == int(row["exercises"]), f"{number}: one kind per exercise"
        assert set(kinds) <= set(minutes), f"{number}: unknown kind in {kinds}"
        assert int(row["exercises (min)"]) == sum(minutes[k] for k in kinds), number


def test_the_totals_are_the_sums_of_the_rows():
    rows = plan().values()
    match = re.search(r"In all, (\d+) minutes of lecture\b.*? and (\d+) minutes of exercises", TEACHING, flags=re.S)
    assert match, "the plan's totals are missing"
    assert int(match.group(1)) == sum(int(r["lecture (min)"]) for r in rows)
    assert int(match.group(2)) == sum(int(r["exercises (min)"]) for r in rows)


def test_the_sessions_cover_the_course_in_order_and_fit():
    rows, minutes = plan(), kind_minutes()
    covered = []
    for session, notebooks, lecture, chosen, exercise_minutes in table(section("Sessions of 90 minutes"), "session"):
        numbers = [n.strip() for n in notebooks.split(",")]
        covered += numbers
        assert int(lecture) == sum(int(rows[n]["lecture (min)"]) for n in numbers), f"session {session}"
        total = 0
        for part in chosen.split(";"):
            number, picks = part.split(":")
            number = number.strip()
            assert number in numbers, f"session {session} does exercises of {number}, not one of its notebooks"
            for pick in picks.split(","):
                kinds = rows[number]["kinds"]
                assert 1 <= int(pick) <= len(kinds), f"session {session}: {number} has no exercise {pick}"
                total += minutes[kinds[int(pick) - 1]]
        assert int(exercise_minutes) == total, f"session {session}"
        assert int(lecture) + total <= SESSION_MINUTES, f"session {session} is longer than {SESSION_MINUTES} minutes"
    assert covered == NUMBERS


def test_prerequisites_name_only_earlier_notebooks():
    rows = table(section("Prerequisites"), "notebook")
    assert [r[0] for r in rows] == NUMBERS
    for number, builds_on, maths in rows:
        earlier = re.findall(r"\d\d", builds_on)
        assert all(e < number for e in earlier), f"{number} builds on {builds_on}"
        assert maths, number


@pytest.mark.parametrize("heading", ["Lesson plan", "Presenting", "Handing out", "Collecting and grading",
                                     "Running the course on a JupyterHub", "Sizing"])
def test_the_guide_has_its_sections(heading):
    assert section(heading).strip(), heading


def test_the_image_gets_the_locked_nbgitpuller():
    """postBuild installs nbgitpuller from lock/test.txt: what its awk line takes out of the lock is
    one requirement, pinned, with its hashes, as pip's --require-hashes needs."""
    import subprocess

    line = next(l for l in (ROOT / "postBuild").read_text().splitlines() if l.startswith("awk "))
    program = re.match(r"awk '(.*)' lock/test\.txt", line).group(1)
    out = subprocess.run(["awk", program, str(ROOT / "lock" / "test.txt")], capture_output=True, text=True,
                         check=True).stdout
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", out, flags=re.M)
    assert [name for name, _ in pins] == ["nbgitpuller"], out
    assert len(re.findall(r"--hash=sha256:[0-9a-f]{64}", out)) >= 1, out
    assert not out.rstrip().endswith("\\"), "the requirement is cut off"
    locked = re.search(r"^nbgitpuller==(\S+)", (ROOT / "lock" / "test.txt").read_text(), flags=re.M).group(1)
    assert pins[0][1] == locked
