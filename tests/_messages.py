"""The messages the course can show, read from its code, and the quotes of the tables that
explain them. README.md (section Troubleshooting) and README.zh-CN.md (section 故障排除) each
quote every message; tests/test_docs.py checks both directions for both with what is here.

The messages are read from the code (d2lhelpers/, tools/lab.py, the shell scripts and the
Makefiles), never from a list kept by hand, so a new message without an explanation is caught.
"""

import ast
import functools
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Where the messages a learner can meet are written.
PYTHON_SOURCES = sorted((ROOT / "d2lhelpers").glob("*.py")) + [ROOT / "tools" / "lab.py"]
SHELL_SOURCES = [ROOT / "tools" / "install.sh", ROOT / "tools" / "check-platform.sh"]
MAKEFILES = [ROOT / "Makefile", ROOT / "tools" / "learner.mk"]
HOLE = "\0"  # where a value is filled in
# Enough for a message to be recognised in a quote, and no more: a quote must share this many
# characters in a row with the message's longest fixed part (or all of a shorter one).
SHARED = 20
SHORTEST_PART = 8


def _is_word(token):
    return re.fullmatch(r"[(\"'`]?[A-Za-z][A-Za-z'’]+[)\"'`,.:;!?]*", token) is not None


def is_prose(text):
    """Whether a string reads as words for a person (two words or more), not a file name,
    a checksum, a path, a variable's name or a command-line option."""
    return sum(_is_word(t) for t in text.replace(HOLE, " ").split()) >= 2


def _template(node):
    """A string literal as text, with HOLE where an f-string fills in a value; None otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else HOLE for v in node.values)
    return None


def python_messages(path):
    """Every string of ``path`` a person may read, as (place, template). Docstrings and the
    help texts of argparse are documentation, and constant tables (names in capitals bound to a
    tuple, list or dict) are data; they are left out."""
    tree = ast.parse(path.read_text(), str(path))
    left_out = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            left_out.add(id(body[0].value))                               # a docstring
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in (
                "add_argument", "add_parser", "add_subparsers", "ArgumentParser"):
            left_out.update(id(sub) for sub in ast.walk(node))
        if isinstance(node, ast.JoinedStr):
            left_out.update(id(v) for v in node.values)                   # parts of an f-string
        if (isinstance(node, ast.Assign) and isinstance(node.value, (ast.Tuple, ast.List, ast.Dict))
                and all(isinstance(t, ast.Name) and t.id.isupper() for t in node.targets)):
            left_out.update(id(sub) for sub in ast.walk(node.value))      # a table of data (TEXT_LABELS)
    found = []
    for node in ast.walk(tree):
        text = None if id(node) in left_out else _template(node)
        if text is not None and is_prose(text):
            found.append((f"{path.relative_to(ROOT)}:{node.lineno}", text))
    return found


def shell_messages(path, errors_only=False):
    """The double-quoted strings of a shell script or Makefile that are prose ($var as HOLE);
    with ``errors_only``, only those of lines that write to stderr (>&2)."""
    found = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if line.lstrip().startswith("#") or (errors_only and ">&2" not in line):
            continue
        for quoted in re.findall(r'"((?:[^"\\]|\\.)*)"', line):
            text = re.sub(r"\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_]\w*|\$\$", HOLE, quoted)
            if is_prose(text):
                found.append((f"{path.relative_to(ROOT)}:{number}", text))
    return found


@functools.lru_cache(maxsize=None)
def course_messages():
    found = [m for path in PYTHON_SOURCES for m in python_messages(path)]
    found += [m for path in SHELL_SOURCES for m in shell_messages(path)]
    found += [m for path in MAKEFILES for m in shell_messages(path, errors_only=True)]
    return tuple(found)   # read once per test run


def _flat(text):
    return " ".join(text.split())


def parts(template):
    """The fixed parts of a message that are long enough to recognise it by."""
    return [p for p in (_flat(s) for s in template.split(HOLE)) if len(p) >= SHORTEST_PART]


def section(text, heading):
    start = text.index(heading + "\n")
    end = text.find("\n## ", start + len(heading))
    return text[start:end if end != -1 else len(text)]


def quoted_messages(markdown):
    """The messages quoted (in `...` or ``...``) in the first column of the tables of
    ``markdown``, each split at the ... that stands for what is left out."""
    quotes = []
    for line in markdown.splitlines():
        if not line.startswith("|") or set(line) <= set("|-: "):
            continue
        first = re.split(r"(?<!\\)\|", line)[1]
        for _, span in re.findall(r"(`+)\s?(.+?)\s?\1", first):
            quotes.append([_flat(p) for p in re.split(r"\.\.\.|…", span) if _flat(p)])
    return quotes


@functools.lru_cache(maxsize=None)
def _runs(template):
    """Every run of characters of the template's longest fixed part that a quote must show one
    of: the runs of SHARED characters, or the whole part if it is shorter."""
    found = parts(template)
    if not found:
        return frozenset()
    longest = max(found, key=len)
    n = min(len(longest), SHARED)
    return frozenset(longest[i:i + n] for i in range(len(longest) - n + 1))


def covers(quote, template):
    """Whether ``quote`` (its pieces) shows the longest fixed part of a message, whole or at least
    SHARED characters of it in a row: the part that tells this message from the others."""
    runs = _runs(template)
    if not runs:
        return False
    n = len(next(iter(runs)))
    return any(piece[i:i + n] in runs for piece in quote for i in range(len(piece) - n + 1))


def unexplained(table):
    """The messages of the course that no quote of ``table`` shows, as "place: 'text'"."""
    quotes = quoted_messages(table)
    return [f"{where}: {_flat(t)[:120]!r}" for where, t in course_messages()
            if parts(t) and not any(covers(q, t) for q in quotes)]


def stale(table):
    """The quotes of ``table`` that show no message the course still has (reworded or removed)."""
    templates = [t for _, t in course_messages()]
    return [" ... ".join(q) for q in quoted_messages(table)
            if len(" ".join(q)) >= SHORTEST_PART and not any(covers(q, t) for t in templates)]
