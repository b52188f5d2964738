"""The course site built as `make site` builds it, looked at in a real (headless) browser, and
printed as `make handouts` prints it.

The site is built once for the module, in both languages: from the course's own editions when
notebooks/zh/ holds the Chinese one; until it does, from the English notebooks and a stand-in
Chinese edition of two notebooks (so the switch's fallback to the Chinese home page is
exercised too). Debian's Chromium is driven by Playwright, as in test_jupyterlab.py.
"""

import html
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _lab import launch_chromium, require_chromium  # noqa: E402

require_chromium()

import nbformat  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))
import course  # noqa: E402
import website  # noqa: E402
from test_site import course_with_translation, solution_starts  # noqa: E402

pytestmark = pytest.mark.integration
CHAPTER = "06-softmax-regression-scratch"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(site folder, notebooks folder it was built from): both languages, built once."""
    tmp = tmp_path_factory.mktemp("site")
    if course.notebooks(course.NOTEBOOK_DIR / "zh"):
        notebooks = course.NOTEBOOK_DIR
    else:
        notebooks = course_with_translation(tmp / "course", numbers=("01", CHAPTER[:2]))
    source = {p: p.read_bytes() for p in course.all_notebooks()}
    website.build(tmp / "out", notebooks)
    assert {p: p.read_bytes() for p in course.all_notebooks()} == source, "the build wrote a notebook"
    assert not (ROOT / "site" / "_static").exists(), "the build wrote into the source folder site/"
    return tmp / "out", notebooks


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(60_000)
    yield page
    page.close()


def open_page(page, path):
    page.goto(path.resolve().as_uri(), wait_until="load")
    return page.evaluate(website.WAIT_FOR_PAGE)        # MathJax errors on the page


def test_every_page_in_both_languages_with_local_mathjax_and_reading_order(built):
    out, notebooks = built
    html = website.html_dir(out, "en")
    for lang, folder in (("en", notebooks), ("zh", notebooks / "zh")):
        site = website.html_dir(out, lang)
        names = [p.stem for p in course.notebooks(folder)]
        assert sorted(p.stem for p in (site / "notebooks").glob("*.html")) == names
        assert (site / "index.html").is_file()
        for name, following in zip(names, names[1:] + [None]):
            text = (site / "notebooks" / f"{name}.html").read_text()
            mathjax = re.search(r'<script[^>]+src="([^"]*MathJax\.js[^"]*)"', text)
            assert mathjax, name
            assert (site / "notebooks" / mathjax.group(1).split("?")[0]).resolve() == (
                html / "_static" / "mathjax" / "MathJax.js").resolve(), name
            assert not re.search(r'src="https?://', text), name       # nothing from the internet
            link = re.search(r'<link rel="next" title="[^"]*" href="([^"]+)"', text)
            if following:
                assert link and link.group(1) == f"{following}.html", name
    assert (html / "teaching.html").is_file()
    assert len(list((html / "_images").glob("*.png"))) >= len(course.notebooks())


def test_every_solution_is_inside_a_closed_toggle_on_every_page(built):
    out, notebooks = built
    for lang, folder in (("en", notebooks), ("zh", notebooks / "zh")):
        for path in course.notebooks(folder):
            text = (website.html_dir(out, lang) / "notebooks" / f"{path.stem}.html").read_text()
            toggles = re.findall(r'<details class="course-solution"( open)?>', text)
            starts = len(solution_starts(nbformat.read(path, as_version=4), lang))
            assert len(toggles) == starts and not any(toggles), (lang, path.name)
            outside = re.sub(r'<details class="course-solution">.*?</details>', "", text, flags=re.S)
            assert "tag_solution" not in outside and "**Solution" not in outside, (lang, path.name)


def test_every_page_switches_to_the_same_page_in_the_other_language(built):
    out, _ = built
    html = website.html_dir(out, "en")
    pages = [p for p in html.rglob("*.html") if "_static" not in p.parts
             and p.name not in ("search.html", "genindex.html") and not p.name.startswith("_")]
    assert len(pages) >= len(course.notebooks()) + 2
    for page in pages:
        text = page.read_text()
        links = re.findall(r'<a class="course-lang-switch[^"]*" href="([^"]+)"', text)
        assert len(links) == 1, page
        target = (page.parent / links[0]).resolve()
        assert target.is_file(), (page, links[0])
        in_zh = page.is_relative_to(html / "zh")
        assert target.is_relative_to(html / "zh") != in_zh, page   # the other language
        relative = page.relative_to(html / "zh" if in_zh else html)
        mirror = (html if in_zh else html / "zh") / relative
        assert target == (mirror if mirror.is_file() else mirror.parents[len(relative.parts) - 1] / "index.html")


def test_home_page_welcomes_learners_with_the_course_map(built, page):
    out, _ = built
    assert open_page(page, website.html_dir(out, "en") / "index.html") == 0
    expect(page.locator("article h1")).to_have_text(re.compile("Linear networks and MLPs"))
    article = page.locator("article")
    for path in course.notebooks():
        expect(article.locator(f'a[href="notebooks/{path.stem}.html"]')).to_have_count(1)
    expect(article).to_contain_text("make lab")
    expect(article).not_to_contain_text("make test")                  # not the developer README
    page.screenshot(path=str(shots() / "site-home.png"))


def test_chapter_renders_math_and_figures_and_a_solution_opens_on_click(built, page):
    out, _ = built
    assert open_page(page, website.html_dir(out, "en") / "notebooks" / f"{CHAPTER}.html") == 0
    assert page.locator("article .MathJax").count() > 10                # typeset math
    figures = page.locator("article .cell_output img")
    assert figures.count() >= 2
    assert page.evaluate("img => img.complete && img.naturalWidth > 100", figures.first.element_handle())
    toggle = page.locator("details.course-solution").first
    answer = toggle.locator("p").first
    expect(toggle).not_to_have_attribute("open", "")
    expect(answer).to_be_hidden()
    toggle.locator("summary").scroll_into_view_if_needed()
    page.screenshot(path=str(shots() / "site-solution-closed.png"))
    toggle.locator("summary").click()
    expect(toggle).to_have_attribute("open", "")
    expect(answer).to_be_visible()
    expect(answer).to_contain_text("Solution 1")
    page.screenshot(path=str(shots() / "site-solution-open.png"))


def test_the_switch_leads_to_the_chinese_page_and_back(built, page):
    out, notebooks = built
    translated = [p.stem for p in course.notebooks(notebooks / "zh")]
    chapter = CHAPTER if CHAPTER in translated else translated[0]
    open_page(page, website.html_dir(out, "en") / "notebooks" / f"{chapter}.html")
    page.locator("a.course-lang-switch").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/zh/notebooks/{chapter}.html")
    assert page.evaluate(website.WAIT_FOR_PAGE) == 0
    assert page.get_attribute("html", "lang").startswith("zh")
    expect(page.locator("article h2", has_text="练习")).to_have_count(1)
    expect(page.locator("details.course-solution summary").first).to_contain_text("解答1")
    page.screenshot(path=str(shots() / "site-zh-chapter.png"))
    page.locator("a.course-lang-switch").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/notebooks/{chapter}.html") and "/zh/" not in page.url


def test_handouts_print_without_solutions_for_students_and_with_them_opened(built, browser):
    out, _ = built
    pdfs = website.handouts(out, ["en"], [CHAPTER[:2]], whole=False, log=lambda line: None,
                            browser=browser)
    student, full = (out / "handouts" / "en" / variant / f"{CHAPTER}.pdf" for variant in website.VARIANTS)
    assert sorted(pdfs) == sorted([student, full])
    pages = {pdf: len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes())) for pdf in pdfs}
    assert all(pdf.read_bytes().startswith(b"%PDF") for pdf in pdfs)
    assert 3 <= pages[student] < pages[full], pages


def test_the_whole_course_page_holds_every_chapter_in_order(built):
    out, _ = built
    site = website.html_dir(out, "en")
    combined = website.whole_course_page(site, "en")
    try:
        text = combined.read_text()
        titles = [re.search(r"^# (.+)$", nbformat.read(p, as_version=4).cells[0].source, re.M).group(1)
                  for p in course.notebooks()]
        # Each chapter's own heading (the theme's print header has its title too, without a link).
        places = [text.find(f'<h1>{html.escape(title, quote=False)}<a class="headerlink"') for title in titles]
        assert -1 not in places and places == sorted(places)
        assert text.count('<div class="course-chapter">') == len(titles) + 1   # and the home page
    finally:
        combined.unlink()


def shots():
    folder = ROOT / "build" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
