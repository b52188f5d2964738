"""Write the student edition: every notebook without its worked solutions and outputs.

    python tools/student.py [OUTDIR]        (make student; OUTDIR defaults to student/)

Cells tagged `solution` are dropped and all outputs cleared, so learners run every cell
themselves. The edition is generated, not committed: it is always in step with the notebooks.
"""

import sys
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearOutputPreprocessor, TagRemovePreprocessor

ROOT = Path(__file__).resolve().parent.parent


def student_copy(nb):
    """A copy of ``nb`` without solution cells and without outputs."""
    nb = nbformat.from_dict(nb)
    nb, _ = TagRemovePreprocessor(remove_cell_tags={"solution"}).preprocess(nb, {})
    nb, _ = ClearOutputPreprocessor().preprocess(nb, {})
    return nb


def build(outdir):
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        nb = student_copy(nbformat.read(path, as_version=4))
        nbformat.write(nb, outdir / path.name)
    return [outdir / path.name for path in paths]


if __name__ == "__main__":
    written = build(sys.argv[1] if len(sys.argv) > 1 else ROOT / "student")
    print(f"wrote {len(written)} student notebooks to {written[0].parent if written else '-'}")
