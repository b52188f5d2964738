"""The course's notebooks: which files they are, what they may store, and the student edition.

    python tools/course.py list               the course's notebooks, one per line
    python tools/course.py student [OUTDIR]   write the student edition (make student), a folder
                                              that sets itself up with `make lab`
    python tools/course.py translate zh NN    start notebooks/zh/NN-*.ipynb as a copy of NN
    python tools/course.py sync               give every translation the English outputs
    python tools/course.py pair               list where a translation differs from English

One place for these facts, imported by the other tools and by the tests:

- the notebooks are ``NN-title.ipynb`` files in ``notebooks/`` (the English edition) and, with
  the same file names, in a folder per translation (``notebooks/zh/``);
- cells keep only the metadata the course uses (tags, slide types), notebooks only their kernel
  spec and language;
- a worked solution is a cell tagged ``solution``; in those cells a paragraph that opens with
  ``**Solution k.**`` (``**解答k：**`` in Chinese) starts the solution of exercise k, and the
  solution goes on, in markdown and code, until the next such paragraph. ``exercises`` reads
  them, with the numbered list under the Exercises heading, and both the student edition (here)
  and the graded assignments (tools/assignments.py) are built from what it returns;
- the student edition drops the solution cells, clears all outputs (learners run every cell
  themselves), and splits the exercise list into one cell per exercise, each followed by an
  empty answer cell: a code cell if the worked solution has code, else a markdown cell;
- a translation pairs with the English notebook cell by cell: same cell types, ids, tags and
  slide types, the same code once comments are removed, the same outputs. Only markdown and
  comments are translated, so nbval on the English edition covers every edition, and the
  outputs are copied from English (``sync``; ``make refresh`` does it), never executed again.
"""

import argparse
import copy
import io
import json
import re
import sys
import tokenize
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NAME = re.compile(r"\d\d-[a-z0-9-]+\.ipynb")
TRANSLATIONS = ("zh",)

KEEP_CELL_METADATA = ("tags", "slideshow")
KEEP_NB_METADATA = ("kernelspec", "language_info")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
SOLUTION_TAG = "solution"
# The headings every notebook has, in each edition ("" is English).
HEADINGS = {"": ("## Summary", "## Exercises"), "zh": ("## 小结", "## 练习")}
# English that may stand in a translation's prose: names of works, datasets and people.
ENGLISH_NAMES = ("Dive into Deep Learning", "Fashion-MNIST", "Ames Housing", "House Prices",
                 "De Cock", "Kaggle House Prices", "Advanced Regression Techniques",
                 "Dean De Cock", "Journal of Statistics Education", "GNU General Public License")


# A solution paragraph's opening, and the answer cells' prompt, in each edition.
SOLUTION_START = {"": re.compile(r"\*\*Solution\s*(\d+)\.\*\*"),
                  "zh": re.compile(r"\*\*解答\s*(\d+)\s*[：:]\*\*")}
ANSWER_PROMPT = {"": "Write your answer here.", "zh": "在这里写下你的答案。"}
EXERCISE_ITEM = re.compile(r"(?m)^(\d+)\. ")


def editions(root=NOTEBOOK_DIR):
    """The folders that hold an edition of the course: English first, then each translation
    (a translation's folder without notebooks, e.g. only its rise.css, holds no edition yet)."""
    return [root] + [root / lang for lang in TRANSLATIONS if any((root / lang).glob("*.ipynb"))]


def notebooks(folder=NOTEBOOK_DIR):
    """The course's notebooks in ``folder``, in order (stray files such as Untitled.ipynb are not)."""
    return sorted(p for p in Path(folder).glob("*.ipynb") if NAME.fullmatch(p.name))


def all_notebooks(root=NOTEBOOK_DIR):
    """Every edition's notebooks."""
    return [path for folder in editions(root) for path in notebooks(folder)]


def strays(root=NOTEBOOK_DIR):
    """Notebooks in an edition's folder that are not the course's (JupyterLab's New notebook)."""
    return sorted(p for folder in editions(root) for p in Path(folder).glob("*.ipynb")
                  if not NAME.fullmatch(p.name))


def stray_message(paths):
    names = ", ".join(str(Path(p).relative_to(ROOT)) if Path(p).is_relative_to(ROOT) else str(p)
                      for p in paths)
    return (f"{names}: not a course notebook (the course's are named NN-title.ipynb). JupyterLab's "
            "New notebook creates such a file; move it out of notebooks/, or give it a course "
            "name if it is a new lesson.")


def edition_of(path):
    """The edition a notebook belongs to: "" for English, else its translation's folder name."""
    parent = Path(path).resolve().parent
    return parent.name if parent.name in TRANSLATIONS and parent.parent == NOTEBOOK_DIR else ""


def english_of(path):
    """The English notebook a translated notebook pairs with."""
    return NOTEBOOK_DIR / Path(path).name


def code_without_comments(source):
    """A code cell's source with its comments and blank lines removed (strings are kept)."""
    lines = source.splitlines()
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        tokens = []
    for tok in reversed([t for t in tokens if t.type == tokenize.COMMENT]):
        row, col = tok.start
        lines[row - 1] = lines[row - 1][:col]
    return "\n".join(line.rstrip() for line in lines if line.strip())


def pairing_problems(english, translated):
    """How a translated notebook differs from its English one where it must not (a list)."""
    problems = []
    if len(english.cells) != len(translated.cells):
        return [f"{len(translated.cells)} cells, the English notebook has {len(english.cells)}"]
    for i, (en, tr) in enumerate(zip(english.cells, translated.cells), start=1):
        where = f"cell {i} ({en.cell_type}, id {en.get('id')})"
        if en.cell_type != tr.cell_type:
            problems.append(f"{where}: a {tr.cell_type} cell in the translation")
            continue
        if en.get("id") != tr.get("id"):
            problems.append(f"{where}: id {tr.get('id')!r} in the translation")
        for key in ("tags", "slideshow"):
            if en.metadata.get(key) != tr.metadata.get(key):
                problems.append(f"{where}: {key} {tr.metadata.get(key)} in the translation, "
                                f"{en.metadata.get(key)} in English")
        if en.cell_type != "code":
            continue
        if code_without_comments(en.source) != code_without_comments(tr.source):
            problems.append(f"{where}: the code differs (only comments may be translated)")
        if en.get("outputs") != tr.get("outputs") or en.get("execution_count") != tr.get("execution_count"):
            problems.append(f"{where}: the outputs differ (python tools/course.py sync copies them)")
    return problems


def sync_outputs(english, translated):
    """Give ``translated`` the outputs, execution counts, ids, tags and slide types of
    ``english``, cell by cell. Raises ValueError if the cells do not pair."""
    if [c.cell_type for c in english.cells] != [c.cell_type for c in translated.cells]:
        raise ValueError("the cells do not pair with the English notebook's; fix the translation "
                         "first (python tools/course.py pair names the differences)")
    for en, tr in zip(english.cells, translated.cells):
        tr["id"] = en.get("id")
        tr.metadata = {k: copy.deepcopy(v) for k, v in en.metadata.items() if k in KEEP_CELL_METADATA}
        if en.cell_type == "code":
            tr["outputs"] = copy.deepcopy(en.outputs)
            tr["execution_count"] = en.get("execution_count")
    return translated


def _without(pattern, text):
    return re.sub(pattern, " ", text, flags=re.S)


def english_prose(markdown):
    """Runs of three or more English words in a translation's markdown, with code, math, link
    targets, HTML tags, the names in ENGLISH_NAMES, quoted output ("..." or “...”) and titles
    of English works in italics (*...*) left out."""
    text = _without(r"```.*?```", markdown)
    text = _without(r"`[^`]*`", text)
    text = _without(r"\$\$.*?\$\$|\$[^$]*\$|\\\(.*?\\\)|\\\[.*?\\\]", text)
    text = _without(r"\]\([^)]*\)|<[^>]+>|https?://\S+", text)
    text = _without(r'"[^"\n]{1,80}"|“[^”\n]{1,80}”|(?<![*A-Za-z0-9])\*[^*\n]{1,80}\*(?![*A-Za-z0-9])', text)
    for name in ENGLISH_NAMES:
        text = text.replace(name, " ")
    words = r"[A-Za-z][A-Za-z'’-]*"
    return [m.group(0) for m in re.finditer(rf"{words}(?:[ ,;:]+{words}){{2,}}", text)]


def is_solution(cell):
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def tidy(nb):
    """Keep only the metadata the course uses; give every cell an id."""
    nb.metadata = {k: v for k, v in nb.metadata.items() if k in KEEP_NB_METADATA}
    nb.metadata["kernelspec"] = KERNELSPEC
    for cell in nb.cells:
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA}
        if not cell.get("id"):
            cell["id"] = uuid.uuid4().hex[:8]
    return nb


class ExerciseError(ValueError):
    """A notebook's exercises or solutions are not laid out as the course's tools expect."""


class Exercise:
    """Exercise ``number`` of a notebook: its text (the list item, markdown), and its worked
    solution: ``prose`` (the markdown of its paragraphs, joined) and ``code`` (the sources of its
    code cells, in order)."""

    def __init__(self, number, text):
        self.number, self.text, self.prose, self.code = number, text, [], []

    @property
    def needs_code(self):
        return bool(self.code)

    def __repr__(self):
        return f"Exercise({self.number}, {len(self.prose)} paragraphs, {len(self.code)} code cells)"


def exercise_cell(nb, edition=""):
    """The index of the cell that holds the Exercises heading (a cell that is not a solution)."""
    heading = HEADINGS[edition][1]
    found = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and not is_solution(c)
             and re.search(rf"(?m)^{re.escape(heading)}\s*$", c.source)]
    if len(found) != 1:
        raise ExerciseError(f"{len(found)} markdown cells have the heading {heading!r}; the course "
                            "needs exactly one, with the exercises as a numbered list under it")
    return found[0]


def split_exercise_cell(source, edition=""):
    """(the cell's markdown up to the list, [(number, item markdown), ...])."""
    heading = HEADINGS[edition][1]
    start = re.search(rf"(?m)^{re.escape(heading)}\s*$", source).end()
    items = list(EXERCISE_ITEM.finditer(source, start))
    if not items:
        raise ExerciseError(f"no numbered list under {heading!r} (items look like '1. ...')")
    head = source[:items[0].start()].rstrip()
    parts = []
    for item, following in zip(items, items[1:] + [None]):
        end = following.start() if following else len(source)
        parts.append((int(item.group(1)), source[item.start():end].strip()))
    numbers = [n for n, _ in parts]
    if numbers != list(range(1, len(parts) + 1)):
        raise ExerciseError(f"the exercises are numbered {numbers}; number them 1, 2, 3, ...")
    return head, parts


def exercises(nb, edition=""):
    """The notebook's exercises, each with its worked solution, in order (a list of Exercise).

    Raises ExerciseError, saying what to fix, when a solution names an exercise that is not in the
    list, when solution cells come before any solution paragraph, or when the list is malformed."""
    _, parts = split_exercise_cell(nb.cells[exercise_cell(nb, edition)].source, edition)
    found = {n: Exercise(n, text) for n, text in parts}
    marker, current = SOLUTION_START[edition], None
    for cell in nb.cells:
        if not is_solution(cell):
            continue
        if cell.cell_type == "code":
            if current is None:
                raise ExerciseError(f"solution cell {cell.get('id')} comes before any paragraph "
                                    f"that opens a solution ({_solution_opening(edition, 'k')})")
            found[current].code.append(cell.source)
            continue
        pieces = marker.split(cell.source)   # [before, n1, text1, n2, text2, ...]
        if pieces[0].strip():
            if current is None:
                raise ExerciseError(f"solution cell {cell.get('id')} comes before any paragraph "
                                    f"that opens a solution ({_solution_opening(edition, 'k')})")
            found[current].prose.append(pieces[0].strip())
        for number, text in zip(pieces[1::2], pieces[2::2]):
            current = int(number)
            if current not in found:
                raise ExerciseError(f"solution {current} in cell {cell.get('id')}: the notebook "
                                    f"has exercises 1 to {len(found)}")
            found[current].prose.append(_solution_opening(edition, current) + text.rstrip())
    return [found[n] for n in sorted(found)]


def _solution_opening(edition, number):
    return {"": f"**Solution {number}.**", "zh": f"**解答{number}：**"}[edition]


def exercise_cells(nb, edition, answer_cells):
    """The notebook's cells with the exercise list split into a cell per exercise, each followed
    by ``answer_cells(exercise)`` (a list of cells), and without the solution cells."""
    import nbformat

    index = exercise_cell(nb, edition)
    head, _ = split_exercise_cell(nb.cells[index].source, edition)
    cells = []
    for i, cell in enumerate(nb.cells):
        if is_solution(cell):
            continue
        if i != index:
            cells.append(cell)
            continue
        first = copy.deepcopy(cell)
        first.source = head
        cells.append(first)
        for exercise in exercises(nb, edition):
            text = nbformat.v4.new_markdown_cell(exercise.text)
            text["id"] = f"exercise-{exercise.number}"
            cells.append(text)
            cells.extend(answer_cells(exercise))
    return cells


def answer_cell(exercise, edition):
    """The empty answer cell that follows an exercise in the student edition."""
    import nbformat

    prompt = ANSWER_PROMPT[edition]
    if exercise.needs_code:
        cell = nbformat.v4.new_code_cell(f"# {prompt}\n")
    else:
        cell = nbformat.v4.new_markdown_cell(f"*{prompt}*")
    cell["id"] = f"answer-{exercise.number}"
    return cell


def student_copy(nb, edition=""):
    """A copy of ``nb`` for learners: no solution cells, no outputs, and an answer cell after
    each exercise (the answer cells' prompt in the edition's language)."""
    import nbformat
    from nbconvert.preprocessors import ClearOutputPreprocessor

    nb = nbformat.from_dict(copy.deepcopy(nb))
    nb.cells = exercise_cells(nb, edition, lambda exercise: [answer_cell(exercise, edition)])
    nb, _ = ClearOutputPreprocessor().preprocess(nb, {})
    return nb


def write_student_notebooks(outdir):
    """Write every edition's student notebooks under ``outdir`` (translations in subfolders)."""
    import nbformat

    outdir = Path(outdir)
    written = []
    for folder in editions():
        target = outdir / folder.relative_to(NOTEBOOK_DIR)
        target.mkdir(parents=True, exist_ok=True)
        edition = "" if folder == NOTEBOOK_DIR else folder.name
        for path in notebooks(folder):
            try:
                copy_ = student_copy(nbformat.read(path, as_version=4), edition)
            except ExerciseError as err:
                raise ExerciseError(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
                                    f"{err}") from None
            nbformat.write(copy_, target / path.name)
            written.append(target / path.name)
    return written


# What a student edition carries besides its notebooks, so that it sets itself up and runs with
# `make lab` and `make test` on its own: the helper package, the runtime's lock, the installer,
# the lab launcher and its settings, the Binder files. (source in the course, place in the edition)
STUDENT_MARK = ".student-edition"
STUDENT_SUPPORT = [
    ("tools/student-edition/Makefile", "Makefile"),
    ("tools/learner.mk", "tools/learner.mk"),
    ("tools/student-edition/README.md", "README.md"),
    ("tools/student-edition/check.py", "tools/check.py"),
    ("tools/install.sh", "tools/install.sh"),
    ("tools/check-platform.sh", "tools/check-platform.sh"),
    ("tools/lab.py", "tools/lab.py"),
    ("pyproject.toml", "pyproject.toml"),
    ("lock/lab.txt", "lock/lab.txt"),
    ("environment.yml", "environment.yml"),
    ("postBuild", "postBuild"),
    ("lab-settings", "lab-settings"),
    ("d2lhelpers", "d2lhelpers"),
    ("notebooks/rise.css", "notebooks/rise.css"),
]


def write_student_edition(outdir):
    """Write the student edition into ``outdir``: every edition's student notebooks in
    ``notebooks/`` (translations in subfolders) and what it needs to run on its own
    (STUDENT_SUPPORT). An existing ``outdir`` is replaced, except a learner's ``my-notebooks/``
    and ``.venv/`` in it. Returns the notebooks written."""
    import shutil

    outdir = Path(outdir)
    if outdir.resolve() in (ROOT, NOTEBOOK_DIR) or ROOT.is_relative_to(outdir.resolve()):
        raise ValueError(f"{outdir}: the student edition needs a folder of its own (e.g. student/)")
    # An edition written before it carried its own set-up held only notebooks (and zh/).
    earlier = outdir.is_dir() and all(NAME.fullmatch(p.name) or p.name in TRANSLATIONS + (".ipynb_checkpoints",)
                                      for p in outdir.iterdir())
    if outdir.is_dir() and not earlier and not (outdir / STUDENT_MARK).exists():
        raise ValueError(f"{outdir} holds files that are not a student edition; nothing was "
                         "written. Name a new or empty folder (or a student edition to rebuild).")
    outdir.mkdir(parents=True, exist_ok=True)
    for old in outdir.iterdir():
        if old.name in ("my-notebooks", ".venv"):
            continue
        shutil.rmtree(old) if old.is_dir() and not old.is_symlink() else old.unlink()
    for source, place in STUDENT_SUPPORT:
        target = outdir / place
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / source).is_dir():
            shutil.copytree(ROOT / source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / source, target)
    (outdir / STUDENT_MARK).write_text("Written by the course's `make student`; rebuilding it "
                                       "replaces everything here but my-notebooks/ and .venv/.\n")
    return write_student_notebooks(outdir / "notebooks")


def start_translation(lang, number):
    import shutil

    matches = [p for p in notebooks() if p.name.startswith(f"{int(number):02d}-")]
    if not matches:
        print(f"no notebook numbered {number} in notebooks/", file=sys.stderr)
        return 2
    target = NOTEBOOK_DIR / lang / matches[0].name
    if target.exists():
        print(f"{target.relative_to(ROOT)} exists already; nothing written", file=sys.stderr)
        return 1
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(matches[0], target)
    print(f"wrote {target.relative_to(ROOT)}: translate its markdown and code comments")
    return 0


def sync_or_pair(command):
    import nbformat

    status = 0
    for folder in editions()[1:]:
        for path in notebooks(folder):
            english = nbformat.read(english_of(path), as_version=4)
            translated = nbformat.read(path, as_version=4)
            name = path.relative_to(ROOT)
            if command == "sync":
                try:
                    sync_outputs(english, translated)
                except ValueError as err:
                    print(f"{name}: {err}", file=sys.stderr)
                    status = 1
                    continue
                nbformat.write(tidy(translated), path)
            else:
                problems = pairing_problems(english, translated) + [
                    f"cell {i}: English prose: {run!r}" for i, c in enumerate(translated.cells, 1)
                    if c.cell_type == "markdown" for run in english_prose(c.source)]
                for problem in problems:
                    print(f"{name}: {problem}")
                status = status or bool(problems)
    return status


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python tools/course.py", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="print the course's notebooks")
    start = commands.add_parser("translate", help="start a translation of a notebook (a copy to translate)")
    start.add_argument("lang", choices=TRANSLATIONS)
    start.add_argument("number", help="the notebook's number, e.g. 06")
    commands.add_parser("sync", help="copy the English outputs into every translation")
    commands.add_parser("pair", help="list where each translation differs from English")
    student = commands.add_parser("student", help="write the student edition (a folder that runs on its own)")
    student.add_argument("outdir", nargs="?", default=str(ROOT / "student"))
    args = parser.parse_args(argv)
    if args.command == "list":
        print("\n".join(str(p.relative_to(ROOT)) for p in all_notebooks()))
    elif args.command == "translate":
        return start_translation(args.lang, args.number)
    elif args.command in ("sync", "pair"):
        return sync_or_pair(args.command)
    else:
        try:
            written = write_student_edition(args.outdir)
        except ValueError as err:   # ExerciseError included: a notebook to fix, or a wrong folder
            print(f"make student: {err}", file=sys.stderr)
            return 1
        print(f"wrote the student edition to {args.outdir}: {len(written)} notebooks in "
              f"{Path(args.outdir) / 'notebooks'}, set up and opened there with `make lab`")
    stray = strays()
    if stray:
        print(f"warning: {stray_message(stray)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
