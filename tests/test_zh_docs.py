"""The Chinese documents keep up with the course: README.zh-CN.md's links resolve,
TEACHING.zh-CN.md has the sections and commands of TEACHING.md, and the glossary's "first
appears in" column is what the notebooks say. That README.zh-CN.md explains every message the
course can show is checked in tests/test_docs.py, with the English README; the messages are read
from the code (tests/_messages.py), never from a list kept by hand.
"""

import json
import re
import sys
from pathlib import Path

import pytest

from _messages import ROOT, course_messages, covers, quoted_messages

sys.path.insert(0, str(ROOT / "tools"))
import course  # noqa: E402

README_ZH = ROOT / "README.zh-CN.md"
TEACHING, TEACHING_ZH = ROOT / "TEACHING.md", ROOT / "TEACHING.zh-CN.md"
GLOSSARY = ROOT / "GLOSSARY.md"

# ------------------------------------------------------------------------------------- messages

def test_messages_are_found_in_the_code():
    # The extraction itself, on messages the course is known to have.
    templates = [t for _, t in course_messages()]
    assert any(t.startswith("training diverged: the loss became ") for t in templates)
    assert any("Fashion-MNIST was not found" in t for t in templates)
    assert any(t.startswith("The course needs Python 3.11, and '") for t in templates)   # check-platform.sh
    assert any(t.startswith("make reset: name the notebook") for t in templates)          # tools/learner.mk
    assert not any("def " in t or t.startswith("Command line:") for t in templates)       # no docstring
    assert not any(re.fullmatch(r"[0-9a-f]{64}", t) for t in templates)                   # no checksum


def test_a_new_message_without_an_explanation_would_be_caught():
    quotes = quoted_messages("| `training diverged: the loss became nan` | 学习率过大 |\n")
    assert covers(quotes[0], "training diverged: the loss became \0 in epoch \0. ")
    assert not covers(quotes[0], "the model is not learning at all, though the loss is finite")


# ---------------------------------------------------------------------------------------- links

def github_anchor(heading):
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"<!--.*?-->|`", "", heading).strip().lower()
    return "".join(c for c in text if c.isalnum() or c in " -_").replace(" ", "-")


def anchors(path):
    text = re.sub(r"```.*?```", "", path.read_text(), flags=re.S)
    return {github_anchor(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.M)}


def links(path):
    """Markdown links, and HTML ones (<a href>)."""
    text = re.sub(r"```.*?```", "", path.read_text(), flags=re.S)
    return re.findall(r"\]\(([^)\s]+)\)", text) + re.findall(r'<a href="([^"]+)">', text)


ENGLISH_NAMES = {p.name for p in course.notebooks()}


@pytest.mark.parametrize("doc", [README_ZH, TEACHING_ZH, GLOSSARY], ids=lambda p: p.name)
def test_every_link_resolves(doc):
    """Links to the Chinese notebooks are checked against the English notebooks' names (the
    translations carry the same names and may land later); every other link must exist."""
    broken = []
    for target in links(doc):
        if re.match(r"https?://", target):
            continue
        path, _, anchor = target.partition("#")
        file = (doc.parent / path) if path else doc
        if path.startswith("notebooks/zh/") and path.endswith(".ipynb"):
            if Path(path).name not in ENGLISH_NAMES:
                broken.append(f"{target} (no English notebook is called {Path(path).name})")
            continue
        if not file.exists():
            broken.append(target)
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            broken.append(f"{target} (no heading with that anchor)")
    assert not broken, f"{doc.name}: links that lead nowhere: {broken}"


def test_the_course_map_links_every_chinese_notebook_and_its_book_section():
    targets = links(README_ZH)
    for name in ENGLISH_NAMES:
        assert f"notebooks/zh/{name}" in targets, f"README.zh-CN.md does not link notebooks/zh/{name}"
    text = README_ZH.read_text()
    for section_title in ("3.1 线性回归", "3.5 图像分类数据集（Fashion-MNIST）", "3.11 模型选择、欠拟合和过拟合",
                          "3.16 实战Kaggle比赛：房价预测"):
        assert section_title in text


def test_the_chinese_readme_starts_with_the_two_commands_and_names_mirrors_by_variable_only():
    text = README_ZH.read_text()
    first_block = re.search(r"```sh\n(.*?)```", text, flags=re.S).group(1)
    assert [l.split("#")[0].strip() for l in first_block.splitlines()][:2] == ["make lab", "make test"]
    for variable in ("MXNET_GLUON_REPO", "PIP_INDEX_URL", "UV_INDEX_URL", "UV_DEFAULT_INDEX", "dataset-fashion-mnist",
                     "make lab LANG=zh"):
        assert variable in text, variable
    # Mirrors are named by variable, never by host: any address near a mirror variable is a placeholder.
    mirror_lines = [l for l in text.splitlines() if re.search(r"MIRROR|INDEX|GLUON_REPO|镜像", l)]
    hosts = [h for l in mirror_lines for h in re.findall(r"https?://([^/\s)`'\"]+)", l)]
    assert hosts and all(h.startswith(("<", "$")) for h in hosts), hosts


def test_both_editions_point_at_each_other_and_at_the_glossary():
    readme = (ROOT / "README.md").read_text()
    assert "README.zh-CN.md" in readme.split("\n## ")[0], "README.md points Chinese readers to README.zh-CN.md at its top"
    for doc in ("README.md", "README.zh-CN.md", "TEACHING.md", "TEACHING.zh-CN.md"):
        assert "GLOSSARY.md" in links(ROOT / doc), f"{doc} does not link the glossary"
    assert "TEACHING.zh-CN.md" in links(README_ZH) and "README.zh-CN.md" in links(TEACHING_ZH)


# ------------------------------------------------------------------------------ teacher's guide

def headings(path):
    """(level, English title) of every heading; a Chinese heading names its English original in
    a comment: ``## 课程地图 <!-- Course map -->``."""
    text = re.sub(r"```.*?```", "", path.read_text(), flags=re.S)
    found = []
    for hashes, title in re.findall(r"^(#+) (.+)$", text, flags=re.M):
        original = re.search(r"<!--\s*(.+?)\s*-->", title)
        found.append((len(hashes), original.group(1) if original else title.strip()))
    return found


def commands(path):
    """The commands of every code block, comments left out (they may be translated)."""
    blocks = re.findall(r"```\w*\n(.*?)```", path.read_text(), flags=re.S)
    return [re.sub(r"\s+#.*$", "", line).strip() for block in blocks for line in block.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_the_chinese_teachers_guide_has_every_section_of_the_english_one_in_order():
    english, chinese = headings(TEACHING), headings(TEACHING_ZH)
    missing = [f"{'#' * level} {title}" for level, title in english if (level, title) not in chinese]
    extra = [f"{'#' * level} {title}" for level, title in chinese if (level, title) not in english]
    assert not missing, ("TEACHING.zh-CN.md lacks these sections of TEACHING.md (translate each and "
                         "mark its heading with <!-- English title -->): " + "; ".join(missing))
    assert not extra, f"TEACHING.zh-CN.md has sections TEACHING.md does not: {extra}"
    assert chinese == english, "TEACHING.zh-CN.md has the sections of TEACHING.md in another order"
    assert all(re.search(r"[\u4e00-\u9fff]", line) for line in re.findall(r"^#+ (.+)$", TEACHING_ZH.read_text(), re.M)
               if "<!--" in line), "a heading of TEACHING.zh-CN.md is not in Chinese"


def test_the_chinese_teachers_guide_gives_the_same_commands():
    assert commands(TEACHING_ZH) == commands(TEACHING)


# ------------------------------------------------------------------------------------- glossary

def markdown_of(path):
    cells = json.loads(Path(path).read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def term_pattern(term):
    """The term as a whole word, in any case, also in the plural, and with a space or a hyphen
    between its words (fully connected / fully-connected)."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", term.strip())]
    return re.compile(r"(?<![A-Za-z])" + r"[\s-]+".join(words) + r"(?:s|es)?(?![A-Za-z])", re.I)


def glossary_rows():
    """(English term, Chinese, first notebook's file name) of each row of the glossary's table."""
    rows = []
    for line in GLOSSARY.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) < 3 or set(line) <= set("|-: ") or cells[0] == "English":
            continue
        english = re.sub(r"\s*\(.*?\)", "", cells[0]).strip()
        notebook = re.search(r"\]\(notebooks/(\d\d-[a-z0-9-]+\.ipynb)\)", cells[2])
        rows.append((english, cells[1], notebook and notebook.group(1)))
    return rows


def test_the_glossary_is_a_real_table():
    rows = glossary_rows()
    assert len(rows) >= 60, len(rows)
    assert len({e.lower() for e, _, _ in rows}) == len(rows), "a term is listed twice"
    for english, chinese, notebook in rows:
        assert notebook, f"{english}: the third column must link notebooks/NN-....ipynb"
        assert re.search(r"[\u4e00-\u9fff]", chinese) or chinese in ("ReLU", "NDArray", "Gluon", "softmax"), english
    terms = {e: c for e, c, _ in rows}
    # The book's glossary swaps these two; the chapter's text (and this glossary) does not.
    assert terms["overfitting"].startswith("过拟合") and terms["underfitting"].startswith("欠拟合")


def test_each_glossary_term_first_appears_in_the_notebook_it_names():
    order = [p.name for p in course.notebooks()]
    markdown = {name: markdown_of(course.NOTEBOOK_DIR / name) for name in order}
    wrong = []
    for english, _, notebook in glossary_rows():
        if notebook not in markdown:
            wrong.append(f"{english}: {notebook} is not a notebook of the course")
            continue
        pattern = term_pattern(english)
        if not pattern.search(markdown[notebook]):
            wrong.append(f"{english}: not in the markdown of {notebook}")
        earlier = [n for n in order[:order.index(notebook)] if pattern.search(markdown[n])]
        if earlier:
            wrong.append(f"{english}: already in {earlier[0]}, before {notebook}")
    assert not wrong, "GLOSSARY.md's 'first appears' column is out of date:\n" + "\n".join(wrong)
