"""Each translation pairs with the English edition cell by cell and speaks its own language.

Only markdown and code comments are translated. The code, outputs, ids, tags and slide types are
the English notebook's, which nbval executes and checks; so the checks below are what keeps a
translation as tested as the English edition without running it a second time.
"""

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import course  # noqa: E402

TRANSLATED = [p for folder in course.editions()[1:] for p in course.notebooks(folder)]


def english_nb():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Title\n\nSome words about the model."),
                nbformat.v4.new_code_cell("x = 1  # the input\nprint(x)")]
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    nb.cells[1].execution_count = 1
    nb.cells[1].metadata["tags"] = ["solution"]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i}"
        cell.metadata["slideshow"] = {"slide_type": "slide"}
    return nb


def translation_of(nb):
    tr = nbformat.from_dict(nbformat.reads(nbformat.writes(nb), as_version=4))
    tr.cells[0].source = "# 标题\n\n关于模型的几句话。"
    tr.cells[1].source = "x = 1  # 输入\nprint(x)"
    return tr


def test_a_faithful_translation_pairs():
    en = english_nb()
    assert course.pairing_problems(en, translation_of(en)) == []


@pytest.mark.parametrize("change, found", [
    (lambda tr: tr.cells[1].__setitem__("source", "x = 2  # 输入\nprint(x)"), "the code differs"),
    (lambda tr: tr.cells[1].outputs[0].__setitem__("text", "2\n"), "the outputs differ"),
    (lambda tr: tr.cells[1].metadata.__setitem__("tags", []), "tags"),
    (lambda tr: tr.cells[0].metadata.__setitem__("slideshow", {"slide_type": "-"}), "slideshow"),
    (lambda tr: tr.cells.pop(), "1 cells"),
])
def test_the_pairing_check_sees_each_kind_of_difference(change, found):
    tr = translation_of(english_nb())
    change(tr)
    problems = course.pairing_problems(english_nb(), tr)
    assert problems and found in problems[0], problems


def test_sync_copies_outputs_and_keeps_the_translated_text():
    en, tr = english_nb(), translation_of(english_nb())
    tr.cells[1].outputs = []
    course.sync_outputs(en, tr)
    assert course.pairing_problems(en, tr) == []
    assert "输入" in tr.cells[1].source and tr.cells[1].outputs == en.cells[1].outputs


def test_comments_go_and_strings_with_hashes_stay():
    assert course.code_without_comments("a = '#1'  # note\n\n# alone\nb = 2") == "a = '#1'\nb = 2"


def test_the_prose_check_finds_english_and_leaves_code_math_and_names():
    assert course.english_prose("我们训练 the model for three epochs。") == [
        "the model for three epochs"]
    assert course.english_prose("调用 `d2l.train_ch3(net, train_iter)`，损失 $\\ell(w, b) = a b c$，"
                                "见 Dive into Deep Learning 与 [链接](https://example.org/a b c)，"
                                "英文版 3.2 *Linear Regression from Scratch*，输出 \"loss is nan\"，即*Monte Carlo dropout*。") == []
    assert course.english_prose("**a whole bold sentence in English**") == [
        "a whole bold sentence in English"]


@pytest.mark.parametrize("path", TRANSLATED, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_translation_pairs_with_the_english_notebook(path):
    problems = course.pairing_problems(nbformat.read(course.english_of(path), as_version=4),
                                       nbformat.read(path, as_version=4))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", TRANSLATED, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_no_english_prose_left_in_the_translation(path):
    nb = nbformat.read(path, as_version=4)
    found = [(i, run) for i, c in enumerate(nb.cells, 1) if c.cell_type == "markdown"
             for run in course.english_prose(c.source)]
    assert not found, "\n".join(f"cell {i}: {run!r}" for i, run in found)


@pytest.mark.parametrize("path", TRANSLATED, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_every_markdown_cell_with_words_is_translated(path):
    # A cell left in English wholesale has no Chinese characters at all.
    nb = nbformat.read(path, as_version=4)
    untranslated = [c.source[:60] for c in nb.cells if c.cell_type == "markdown"
                    and len(course.english_prose(c.source)) and not any("\u4e00" <= ch <= "\u9fff" for ch in c.source)]
    assert not untranslated, untranslated


def unrendered_emphasis(markdown):
    """Text that a CommonMark renderer (JupyterLab's and the site's follow the same rules) leaves
    with literal ** or __: e.g. Chinese bold ending in full-width punctuation right before a
    character, `**解答1：**与`, which must be `**解答1：** 与` or `**解答1**：与`."""
    import re as _re

    from markdown_it import MarkdownIt

    text = _re.sub(r"\$\$.*?\$\$|\$[^$]*\$", " ", markdown, flags=_re.S)  # math is MathJax's
    html = MarkdownIt("commonmark").render(text)
    html = _re.sub(r"<code>.*?</code>|<pre>.*?</pre>", " ", html, flags=_re.S)
    return [line for line in html.splitlines() if "**" in line or "__" in line]


def test_the_emphasis_check_sees_bold_that_does_not_render():
    assert unrendered_emphasis("**解答1：**导数为零。")
    assert not unrendered_emphasis("**解答1：** 导数为零。") and not unrendered_emphasis("**解答1**：导数为零。")


@pytest.mark.parametrize("path", course.all_notebooks(), ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_bold_and_italics_render(path):
    nb = nbformat.read(path, as_version=4)
    found = [line for c in nb.cells if c.cell_type == "markdown" for line in unrendered_emphasis(c.source)]
    assert not found, found[:5]
