"""The course site's sources and build copies (tools/website.py), without building the site.

The build itself, the pages in a browser and the handouts are checked in
tests/browser/test_website.py.
"""

import hashlib
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import course  # noqa: E402
import website as course_site  # noqa: E402


def solution_starts(nb, lang):
    """The markdown cells that open a worked solution, by the course's own markers."""
    return [c for c in nb.cells if course.is_solution(c) and c.cell_type == "markdown"
            and course_site.solution_start(c.source, lang)]


def chinese_copy(path, target):
    """A stand-in translation of ``path``: headings and solution labels as the Chinese edition
    writes them, a Chinese title, and a Chinese sentence in every markdown cell."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            text = cell.source.replace("## Summary", "## 小结").replace("## Exercises", "## 练习")
            text = re.sub(r"\*\*Solution (\d+)\.\*\*", r"**解答\1：**", text)
            text = re.sub(r"^# (\d\d) · .*$", r"# \1 · 中文版的标题", text, flags=re.M)
            cell.source = text + "\n\n这是中文版的一句说明。"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    return target


def course_with_translation(root, numbers=("06",)):
    """A notebooks folder in ``root``: the English notebooks (linked) and a Chinese edition of
    ``numbers`` only, so the Chinese site has pages missing."""
    folder = root / "notebooks"
    folder.mkdir(parents=True)
    for path in course.notebooks():
        (folder / path.name).symlink_to(path)
        if path.name[:2] in numbers:
            chinese_copy(path, folder / "zh" / path.name)
    return folder


def digest(paths):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def test_course_map_lists_every_notebook_in_order_in_every_language():
    info = course_site.structure()
    numbers = [p.name[:2] for p in course.notebooks()]
    course_site.check_structure(info, numbers)          # raises on a gap
    listed = [n for part in info["parts"] for n in part["notebooks"]]
    assert listed == numbers
    for lang in course_site.LANGUAGES:
        assert info["titles"][lang] and info["teachers"]["caption"][lang]
        assert (ROOT / "site" / lang / "index.md").read_text().count("<!-- course-map -->") == 1


def test_a_notebook_missing_from_the_course_map_is_named():
    info = course_site.structure()
    info["parts"][0]["notebooks"].pop("02")
    with pytest.raises(course_site.SiteError, match=r"site/course.yml lists the notebooks"):
        course_site.check_structure(info, [p.name[:2] for p in course.notebooks()])


@pytest.mark.parametrize("lang, label", [("en", "Solution 1"), ("zh", "解答1")])
def test_each_solution_is_folded_into_one_closed_toggle(tmp_path, lang, label):
    path = ROOT / "notebooks" / "06-softmax-regression-scratch.ipynb"
    if lang == "zh":
        path = chinese_copy(path, tmp_path / path.name)
    nb = nbformat.read(path, as_version=4)
    starts = len(solution_starts(nb, lang))
    assert starts >= 2, "notebook 06 should have worked solutions"
    folded = course_site.with_solution_toggles(nbformat.read(path, as_version=4), lang)
    opens = [i for i, c in enumerate(folded.cells) if c.source.startswith('<details class="course-solution">')]
    closes = [i for i, c in enumerate(folded.cells) if c.source == "</details>"]
    assert len(opens) == len(closes) == starts
    assert f"<summary>{label}<" in folded.cells[opens[0]].source
    assert " open" not in folded.cells[opens[0]].source          # closed by default
    inside = set()
    for start, end in zip(opens, closes):
        assert start < end
        inside.update(range(start + 1, end))
        assert all(course.is_solution(folded.cells[i]) for i in range(start + 1, end))
    solutions = {i for i, c in enumerate(folded.cells) if course.is_solution(c)}
    assert solutions == inside                           # every solution cell is in a toggle
    kept = [c for c in folded.cells if not c.get("id", "").startswith("site-solution")]
    assert [c.source for c in kept] == [c.source for c in nb.cells]
    nbformat.validate(folded)


def test_a_heading_inside_a_solution_is_refused_with_the_cell_named():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("## Exercises\n\n1. Why?"),
        nbformat.v4.new_markdown_cell("**Solution 1.** Because.\n\n### More", metadata={"tags": ["solution"]}),
    ])
    with pytest.raises(course_site.SiteError, match=r"x.ipynb, cell 2: a solution cell holds a heading"):
        course_site.with_solution_toggles(nb, "en", "x.ipynb")


def test_links_to_pages_of_the_site_stay_links_and_others_become_text():
    staged = {"notebooks/zh/06-a.ipynb": "notebooks/06-a.ipynb"}
    text = ("See [notebook 06](notebooks/zh/06-a.ipynb#training), [the README](README.zh-CN.md#x), "
            "[d2l](https://d2l.ai) and [below](#below).")
    assert course_site.relink(text, staged, "TEACHING.zh-CN.md") == (
        "See [notebook 06](notebooks/06-a.ipynb#training), the README (`README.zh-CN.md`), "
        "[d2l](https://d2l.ai) and [below](#below).")


def test_staging_builds_each_language_from_its_edition_and_never_writes_the_notebooks(tmp_path):
    notebooks = course_with_translation(tmp_path / "course", numbers=("06",))
    sources = digest(list(notebooks.rglob("*.ipynb")))
    staged = course_site.stage(tmp_path / "site", notebooks)
    assert list(staged) == ["en", "zh"]
    assert digest(list(notebooks.rglob("*.ipynb"))) == sources

    en, zh = staged["en"], staged["zh"]
    assert sorted(p.name for p in (en / "notebooks").iterdir()) == [p.name for p in course.notebooks()]
    assert [p.name for p in (zh / "notebooks").iterdir()] == ["06-softmax-regression-scratch.ipynb"]
    toc = yaml.safe_load((zh / "_toc.yml").read_text())
    assert toc["root"] == "index"
    # the Chinese teacher's guide (TEACHING.zh-CN.md) is a page of the Chinese site
    assert [c["file"] for part in toc["parts"] for c in part["chapters"]] == [
        "notebooks/06-softmax-regression-scratch", "teaching"]
    assert toc["parts"][0]["caption"] == "softmax回归"

    config = yaml.safe_load((zh / "_config.yml").read_text())["sphinx"]["config"]
    assert config["language"] == "zh_CN"
    switch, = config["html_context"]["course_switch"]
    assert switch["label"] == "English" and switch["prefix"] == "../"
    assert "notebooks/01-linear-regression" in switch["pages"]
    en_switch, = yaml.safe_load((en / "_config.yml").read_text())["sphinx"]["config"]["html_context"]["course_switch"]
    assert en_switch["pages"] == ["index", "notebooks/06-softmax-regression-scratch", "teaching"]

    home = (zh / "index.md").read_text()
    assert "<!-- course-map -->" not in home
    assert "[中文版的标题](notebooks/06-softmax-regression-scratch.ipynb)" in home
    # A notebook without a translation yet is listed with a link to its English page.
    assert '<a href="../notebooks/01-linear-regression.html" hreflang="en">' in home
    assert (en / "assets" / "mathjax" / "MathJax.js").is_file()
    assert not (zh / "assets" / "mathjax").exists()       # the Chinese site uses the English copy
    assert (en / "teaching.md").is_file() and "README.md" not in re.findall(
        r"\]\(([^)]+)\)", (en / "teaching.md").read_text())

    assert "use the switch" in (en / "index.md").read_text()
    assert "<!-- translated -->" not in (en / "index.md").read_text()

    # Staging again after a translation is withdrawn drops its page.
    shutil.rmtree(notebooks / "zh")
    (notebooks / "zh").mkdir()
    chinese_copy(course.notebooks()[0], notebooks / "zh" / course.notebooks()[0].name)
    staged = course_site.stage(tmp_path / "site", notebooks)
    assert [p.name for p in (staged["zh"] / "notebooks").iterdir()] == [course.notebooks()[0].name]


def test_the_site_has_no_texts_for_an_unknown_language(tmp_path, monkeypatch):
    notebooks = course_with_translation(tmp_path / "course", numbers=())
    (notebooks / "xx").mkdir()
    shutil.copy(course.notebooks()[0], notebooks / "xx" / course.notebooks()[0].name)
    monkeypatch.setattr(course, "TRANSLATIONS", ("zh", "xx"))
    with pytest.raises(course_site.SiteError, match=r"no texts for language 'xx'"):
        course_site.stage(tmp_path / "site", notebooks)


def test_an_english_only_site_does_not_promise_a_chinese_one(tmp_path):
    notebooks = course_with_translation(tmp_path / "course", numbers=())
    staged = course_site.stage(tmp_path / "site", notebooks)
    assert list(staged) == ["en"]
    home = (staged["en"] / "index.md").read_text()
    assert "Chinese" not in home and "<!-- translated -->" not in home
    config = yaml.safe_load((staged["en"] / "_config.yml").read_text())["sphinx"]["config"]
    assert config["html_context"]["course_switch"] == []


def test_links_in_a_notebook_lead_to_pages_of_its_own_edition(tmp_path):
    notebooks = course_with_translation(tmp_path / "course", numbers=("01", "02"))
    nb = nbformat.read(notebooks / "zh" / "01-linear-regression.ipynb", as_version=4)
    nb.cells[0].source += ("\n\n见[笔记本02](02-linear-regression-scratch.ipynb#x)、"
                           "[英文版](../01-linear-regression.ipynb)和[说明](../../README.zh-CN.md)。")
    nbformat.write(nb, notebooks / "zh" / "01-linear-regression.ipynb")
    staged = course_site.stage(tmp_path / "site", notebooks)
    first = nbformat.read(staged["zh"] / "notebooks" / "01-linear-regression.ipynb", as_version=4).cells[0]
    assert first.source.endswith("见[笔记本02](02-linear-regression-scratch.ipynb#x)、"
                                 "英文版 (`notebooks/01-linear-regression.ipynb`)和说明 (`README.zh-CN.md`)。")
