"""Slide layout: estimate how tall each slide of a notebook is, and split slides that overflow.

    python tools/slides.py notebooks/*.ipynb          report slides taller than a screen
    python tools/slides.py --fix notebooks/*.ipynb    start a sub-slide where a slide would overflow

A slide is a cell of type `slide` or `subslide` and the cells that follow it up to the next
one (`skip` and `notes` cells are not shown). Height is estimated in text lines of a projected
slide: markdown wrapped at 90 characters, code and printed output line by line (output scrolls
after 12 lines), figures by their pixel height. A single cell taller than a slide cannot be
split; the slideshow scrolls it.
"""

import argparse
import math
import sys

import nbformat

BUDGET = 28  # lines that fit on a projected slide at a readable size
WRAP = 90
HIDDEN = {"skip", "notes"}
STARTS = {"slide", "subslide"}


def cell_lines(cell):
    lines = 0
    for line in cell.source.splitlines() or [""]:
        lines += 2 if line.startswith("#") and cell.cell_type == "markdown" else max(1, math.ceil(len(line) / WRAP))
    if cell.cell_type == "code":
        lines += 1
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                lines += min(12, out.text.count("\n") + 1)
            elif "image/png" in out.get("data", {}):
                height = out.get("metadata", {}).get("image/png", {}).get("height", 300)
                lines += math.ceil(height / 24)
            elif "text/plain" in out.get("data", {}):
                lines += min(12, out.data["text/plain"].count("\n") + 1)
    return lines


def slide_type(cell):
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def slides(nb):
    """[(first cell index, [cell indices], estimated lines)] for the visible slides."""
    groups = []
    for i, cell in enumerate(nb.cells):
        kind = slide_type(cell)
        if kind in HIDDEN:
            continue
        if kind in STARTS or not groups:
            groups.append([i, [], 0])
        groups[-1][1].append(i)
        groups[-1][2] += cell_lines(cell)
    return [tuple(g) for g in groups]


def overflowing(nb):
    """Slides taller than BUDGET that hold more than one cell (those could be split)."""
    return [(start, lines) for start, cells, lines in slides(nb) if lines > BUDGET and len(cells) > 1]


def fix(nb):
    """Start a sub-slide at each cell that would push its slide past BUDGET."""
    changed, used = 0, 0
    for cell in nb.cells:
        kind = slide_type(cell)
        if kind in HIDDEN:
            continue
        height = cell_lines(cell)
        if kind in STARTS:
            used = height
        elif used + height > BUDGET and used > 0:
            cell.metadata.setdefault("slideshow", {})["slide_type"] = "subslide"
            changed += 1
            used = height
        else:
            used += height
    return changed


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python tools/slides.py", description=__doc__.split("\n")[0])
    parser.add_argument("--fix", action="store_true", help="start sub-slides where slides overflow")
    parser.add_argument("paths", nargs="+", help="notebooks")
    args = parser.parse_args(argv)
    found = 0
    for path in args.paths:
        nb = nbformat.read(path, as_version=4)
        if args.fix:
            changed = fix(nb)
            if changed:
                nbformat.write(nb, path)
            print(f"{path}: {changed} sub-slides added")
        else:
            for start, lines in overflowing(nb):
                found += 1
                print(f"{path}: the slide starting at cell {start} is about {lines} lines tall")
    if found:
        print(f"{found} slides overflow; `python tools/slides.py --fix NOTEBOOK` splits them", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
