"""The course website and its printable handouts, built offline in every edition's language.

    python tools/website.py build [--out build/site]      the site (make site)
    python tools/website.py handouts [--out build/site]   PDFs of the built site (make handouts)

``build`` stages each edition of the course (English, and every translation that
``tools/course.py`` finds, e.g. ``notebooks/zh/``) into ``OUT/src/<lang>/``: the notebooks as
build copies in which each worked solution (the cells tagged ``solution``) is folded into a
toggle that is closed by default, the language's home page from ``site/<lang>/index.md`` with
the course map filled in from ``site/course.yml``, the teacher's guide, a table of contents and
a configuration. The notebooks in ``notebooks/`` are only read. Jupyter Book then builds every
language at once, each in its own process: English into ``OUT/_build/html/``, a translation
into ``OUT/_build/html/<lang>/``. Every page has a switch to the same page in the other
language (to its home page where the page has no translation yet). MathJax is served from the
site itself, so the site works offline and from disk.

``handouts`` prints the built pages with headless Chromium (Debian's ``/usr/bin/chromium``,
driven by Playwright) into ``OUT/handouts/<lang>/<variant>/``: one PDF per notebook and
``course.pdf`` with the whole course. The ``student`` variant has no solutions; the
``solutions`` variant prints every solution opened.
"""

import argparse
import concurrent.futures
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import course  # noqa: E402

ROOT = course.ROOT
SITE = ROOT / "site"
CHROMIUM = "/usr/bin/chromium"
MATHJAX = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"
VARIANTS = ("student", "solutions")

# What the site says in each language. A new translation needs an entry here, captions in
# site/course.yml and a home page in site/<lang>/index.md.
LANGUAGES = {
    "en": {"sphinx": "en", "hreflang": "en", "label": "English", "to": "Read this page in English",
           "solution": "Solution", "hint": "(click to show)", "search": "Search the course…",
           "map": ("#", "Notebook", "What you learn", "Book, 1st ed."), "untranslated": ""},
    "zh": {"sphinx": "zh_CN", "hreflang": "zh-Hans", "label": "中文", "to": "阅读本页的中文版",
           "solution": "解答", "hint": "（点击展开）", "search": "搜索本课程…",
           "map": ("#", "笔记本", "内容", "教材（第一版）"), "untranslated": "（尚无中文版，链接到英文版）"},
}
# A solution's first markdown cell starts like this; its number labels the toggle.
HEADING = re.compile(r"^ {0,3}#{1,6}\s", re.M)
LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\(([^)\s]+)\)")


class SiteError(Exception):
    """Something in the course's sources that the site cannot be built from; says what to fix."""


def lang_of(folder, root=course.NOTEBOOK_DIR):
    """The site language of an edition's folder: "en" for notebooks/, else the folder's name."""
    return "en" if Path(folder) == Path(root) else Path(folder).name


def structure():
    import yaml

    return yaml.safe_load((SITE / "course.yml").read_text(encoding="utf-8"))


def editions(root=course.NOTEBOOK_DIR):
    """{lang: [notebook paths]} for every edition that has notebooks, English first."""
    found = {lang_of(folder, root): course.notebooks(folder) for folder in course.editions(root)}
    found = {lang: paths for lang, paths in found.items() if paths or lang == "en"}
    for lang in found:
        if lang not in LANGUAGES:
            raise SiteError(f"notebooks/{lang}/: the site has no texts for language {lang!r}; add "
                            f"it to LANGUAGES in tools/website.py, site/course.yml and site/{lang}/index.md")
    return found


def title_of(nb, path):
    """A notebook's title: its first heading without the number ("# 06 · Softmax ..." -> "Softmax ...")."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(?:\d\d\s*[·.:：-]\s*)?(.+?)\s*$", cell.source, re.M)
            if match:
                return match.group(1)
    raise SiteError(f"{path}: no title; a notebook starts with a heading such as '# 06 · Title'")


# --- the build copy of a notebook -------------------------------------------------------------

def solution_start(source, lang):
    """The number of the solution a markdown cell opens, or None: the opening is the one
    tools/course.py defines for the edition (``**Solution k.**``, ``**解答k：**``)."""
    match = course.SOLUTION_START["" if lang == "en" else lang].match(source.lstrip())
    return match.group(1) if match else None


def marker_cell(source, cell_id):
    import nbformat

    cell = nbformat.v4.new_markdown_cell(source)
    cell["id"] = cell_id
    return cell


def with_solution_toggles(nb, lang, where="notebook"):
    """``nb`` with each worked solution folded into a ``<details>`` toggle, closed by default.

    A solution is a run of cells tagged ``solution``; a markdown cell starting "**Solution k.**"
    (or "**解答k：**") starts the next one. The toggle's opening and closing tags are markdown
    cells of their own, so every cell in between keeps its rendering (math, code, figures)."""
    words = LANGUAGES[lang]
    cells, is_open, count = [], False, 0
    for index, cell in enumerate(nb.cells, start=1):
        solution = course.is_solution(cell)
        start = (solution_start(cell.source, lang) if solution and cell.cell_type == "markdown"
                 else None)
        if solution and cell.cell_type == "markdown" and HEADING.search(cell.source):
            raise SiteError(f"{where}, cell {index}: a solution cell holds a heading, which would "
                            "split its toggle on the site; write the heading as bold text instead")
        if is_open and (not solution or start):
            cells.append(marker_cell("</details>", f"site-solution-end-{count}"))
            is_open = False
        if solution and not is_open:
            count += 1
            label = f"{words['solution']} {start}" if start else words["solution"]
            if lang == "zh" and start:
                label = f"{words['solution']}{start}"
            cells.append(marker_cell(
                f'<details class="course-solution">\n<summary>{html.escape(label)}'
                f'<span class="course-solution-hint">{html.escape(words["hint"])}</span></summary>',
                f"site-solution-{count}"))
            is_open = True
        cells.append(cell)
    if is_open:
        cells.append(marker_cell("</details>", f"site-solution-end-{count}"))
    nb.cells = cells
    return nb


def relink(text, staged, source):
    """Markdown links of ``source`` (a file of the repository) rewritten for the staged site:
    a link to a file the site has (``staged``: repository path -> site path) points at that page;
    a link to any other file of the repository becomes its text and the file's name."""
    def repl(match):
        label, target = match.groups()
        if re.match(r"[a-z][a-z0-9+.-]*:|#", target, re.I):
            return match.group(0)
        path, _, anchor = target.partition("#")
        repo_path = os.path.normpath(os.path.join(os.path.dirname(source), path))
        if repo_path in staged:
            return f"[{label}]({staged[repo_path]}{'#' + anchor if anchor else ''})"
        return f"{label} (`{repo_path}`)"
    return LINK.sub(repl, text)


# --- staging ----------------------------------------------------------------------------------

def write_if_changed(path, data):
    """Write ``data`` (str or bytes) unless the file holds it already (keeps Sphinx's rebuilds small)."""
    data = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def course_map(lang, info, titles, english_titles):
    """The home page's course map in markdown: a table per part of the course."""
    words = LANGUAGES[lang]
    lines = []
    for part in info["parts"]:
        lines += [f"### {part['caption'][lang]}", "", "| " + " | ".join(words["map"]) + " |",
                  "|---|---|---|---|"]
        for number, row in part["notebooks"].items():
            if number in titles:
                name, title = titles[number]
                link = f"[{title}](notebooks/{name})"
            elif number in english_titles:
                name, title = english_titles[number]
                link = (f'<a href="../notebooks/{Path(name).stem}.html" hreflang="en">'
                        f"{html.escape(title)}</a>{words['untranslated']}")
            else:
                continue
            lines.append(f"| {number} | {link} | {row[lang]} | {row['book']} |")
        lines.append("")
    return "\n".join(lines)


def check_structure(info, numbers):
    """site/course.yml lists every English notebook once, in order, with texts in every language."""
    listed = [n for part in info["parts"] for n in part["notebooks"]]
    if listed != numbers:
        raise SiteError(f"site/course.yml lists the notebooks {listed}, the course has {numbers}; "
                        "give every notebook of notebooks/ a row there, in order")
    for lang in LANGUAGES:
        for part in info["parts"]:
            if lang not in part["caption"] or any(lang not in row for row in part["notebooks"].values()):
                raise SiteError(f"site/course.yml: part {part['caption'].get('en')!r} has no "
                                f"{lang!r} text; every caption and row needs one per language")


def read_notebook(path):
    """A notebook, read without nbformat's schema check (slow; the tests check the notebooks)."""
    from nbformat.v4 import nbjson

    return nbjson.reads(Path(path).read_text(encoding="utf-8"))


def link_or_copy(src, dst):
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def stage(out, root=course.NOTEBOOK_DIR, info=None):
    """Stage every edition's sources into ``out/src/<lang>``; return {lang: staged folder}."""
    import yaml
    from nbformat.v4 import nbjson

    info = info or structure()
    found = editions(root)
    numbers = {lang: {p.name[:2]: p for p in paths} for lang, paths in found.items()}
    check_structure(info, sorted(numbers["en"]))
    titles = {lang: {n: (p.name, title_of(read_notebook(p), p)) for n, p in nbs.items()}
              for lang, nbs in numbers.items()}
    teaching = {lang: ROOT / info["teachers"]["files"][lang] for lang in found
                if (ROOT / info["teachers"]["files"].get(lang, "-")).is_file()}
    pages = {lang: {"index"} | {f"notebooks/{p.stem}" for p in paths} |
             ({"teaching"} if lang in teaching else set()) for lang, paths in found.items()}

    staged = {}
    for lang, paths in found.items():
        src = out / "src" / lang
        keep = {"_config.yml", "_toc.yml", "index.md", "teaching.md", "assets", "_templates",
                "notebooks"}
        for old in src.glob("*") if src.exists() else ():
            if old.name not in keep:
                shutil.rmtree(old) if old.is_dir() else old.unlink()
        wanted = {p.name for p in paths}
        for old in (src / "notebooks").glob("*") if (src / "notebooks").exists() else ():
            if old.name not in wanted:
                old.unlink()
        # Links to the notebooks of this edition and to the teacher's guide lead to their pages;
        # links to other files of the repository become text (relink).
        base = Path(root).parent                  # the repository that holds these notebooks
        links = {os.path.relpath(p, base): f"notebooks/{p.name}" for p in paths}
        nb_links = {repo: Path(target).name for repo, target in links.items()}
        if lang in teaching:
            nb_links[os.path.relpath(teaching[lang], ROOT)] = "../teaching.md"
        for path in paths:
            nb = read_notebook(path)
            where = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
            for cell in nb.cells:
                if cell.cell_type == "markdown":
                    cell.source = relink(cell.source, nb_links, os.path.relpath(path, base))
            nb = with_solution_toggles(nb, lang, where)
            write_if_changed(src / "notebooks" / path.name, nbjson.writes(nb) + "\n")

        home = SITE / lang / "index.md"
        if not home.is_file():
            raise SiteError(f"site/{lang}/index.md is missing: the {lang} site needs a home page")
        text = home.read_text(encoding="utf-8")
        if "<!-- course-map -->" not in text:
            raise SiteError(f"{home.relative_to(ROOT)}: no '<!-- course-map -->' line where the course map goes")
        text = text.replace("<!-- course-map -->", course_map(lang, info, titles[lang], titles["en"]))
        # What is said of the other language stays only where there is one.
        text = re.sub(r"<!-- translated -->(.*?)<!-- /translated -->",
                      lambda m: m.group(1) if len(found) > 1 else "", text, flags=re.S)
        write_if_changed(src / "index.md", text)
        if lang in teaching:
            source = teaching[lang]
            # A heading's trailing comment (the Chinese guide names each section's English title
            # so) would enter the heading's anchor, which the guide's own links leave out.
            text = re.sub(r"^(#+ .*?)\s*<!--.*?-->\s*$", r"\1", source.read_text(encoding="utf-8"),
                          flags=re.M)
            write_if_changed(src / "teaching.md", relink(text, links, os.path.relpath(source, ROOT)))
        elif (src / "teaching.md").exists():
            (src / "teaching.md").unlink()

        parts = []
        for part in info["parts"]:
            chapters = [{"file": f"notebooks/{numbers[lang][n].stem}"} for n in part["notebooks"]
                        if n in numbers[lang]]
            if chapters:
                parts.append({"caption": part["caption"][lang], "chapters": chapters})
        if lang in teaching:
            parts.append({"caption": info["teachers"]["caption"][lang],
                          "chapters": [{"file": "teaching"}]})
        write_if_changed(src / "_toc.yml", "# Generated by tools/website.py from site/course.yml.\n" +
                         yaml.safe_dump({"format": "jb-book", "root": "index", "parts": parts},
                                        allow_unicode=True, sort_keys=False))

        # Not "_static": Jupyter Book would load every .js file in that folder (all of MathJax).
        static = src / "assets"
        static.mkdir(parents=True, exist_ok=True)
        write_if_changed(static / "course.css", (SITE / "assets" / "course.css").read_bytes())
        if lang == "en" and not (static / "mathjax" / "MathJax.js").exists():
            import jupyter_server_mathjax

            shutil.copytree(Path(jupyter_server_mathjax.__file__).parent / "static",
                            static / "mathjax", dirs_exist_ok=True, copy_function=link_or_copy)
        templates = src / "_templates"
        for template in (SITE / "templates").glob("*.html"):
            write_if_changed(templates / template.name, template.read_bytes())

        config = yaml.safe_load((SITE / "_config.yml").read_text(encoding="utf-8"))
        config["title"] = info["titles"][lang]
        sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
        sphinx["language"] = LANGUAGES[lang]["sphinx"]
        sphinx["html_static_path"] = ["assets"]
        sphinx["templates_path"] = ["_templates"]
        # A translation's site lives in html/<lang>/ and uses the English site's MathJax.
        sphinx["mathjax_path"] = MATHJAX if lang == "en" else "../../_static/" + MATHJAX
        sphinx["html_theme_options"] = theme_options(lang)
        sphinx["html_context"] = {"course_switch": [
            {"prefix": "zh/" if lang == "en" else "../", "pages": sorted(pages[other]),
             "label": LANGUAGES[other]["label"], "title": LANGUAGES[other]["to"],
             "hreflang": LANGUAGES[other]["hreflang"]}
            for other in found if other != lang]}
        if lang == "en" and len(found) > 2:
            raise SiteError("the language switch knows two languages; teach it a third in tools/website.py")
        write_if_changed(src / "_config.yml", "# Generated by tools/website.py from site/_config.yml.\n" +
                         yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
        staged[lang] = src
    return staged


def theme_options(lang):
    """The book theme's options (Jupyter Book's defaults) with the language switch in the header."""
    return {"search_bar_text": LANGUAGES[lang]["search"], "home_page_in_toc": True,
            "use_repository_button": False, "use_edit_page_button": False,
            "use_issues_button": False, "repository_url": "", "path_to_docs": "",
            "launch_buttons": {"notebook_interface": "classic", "thebe": False},
            "article_header_end": ["lang-switch.html", "article-header-buttons.html"]}


# --- building ---------------------------------------------------------------------------------

def html_dir(out, lang):
    """Where a language's pages are published: the English site's folder, or <lang>/ inside it."""
    return out / "_build" / "html" if lang == "en" else out / "_build" / "html" / lang


def build_dir(out, lang):
    """Where Sphinx writes a language's pages. A translation is built beside the English site
    (Sphinx writes its notebook outputs next to its output folder) and copied in afterwards."""
    return html_dir(out, "en") if lang == "en" else out / "_build" / lang / "html"


def run_sphinx(src, outdir, doctrees):
    """One language's Jupyter Book build (Sphinx in this process); 0 on success."""
    from jupyter_book.sphinx import build_sphinx

    src, outdir, doctrees = Path(src).resolve(), Path(outdir).resolve(), Path(doctrees).resolve()

    result = build_sphinx(src, outdir, noconfig=True, path_config=str(src / "_config.yml"),
                          confoverrides={"external_toc_path": str(src / "_toc.yml"),
                                         "latex_individualpages": False},
                          doctreedir=doctrees, warningiserror=True, keep_going=True, quiet=True)
    return result if isinstance(result, int) else 1


def build(out, root=course.NOTEBOOK_DIR, jobs=2):
    """Stage and build the site of every language; return the HTML folder of the English site."""
    staged = stage(out, root)
    langs = list(staged)
    commands = {lang: [sys.executable, __file__, "sphinx", str(staged[lang]),
                       str(build_dir(out, lang)), str(out / "_build" / f".doctrees-{lang}")]
                for lang in langs}
    failed = []
    # Each language in its own process: Sphinx keeps global state, and two cores build two
    # languages in about the time of one.
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        runs = {lang: pool.submit(subprocess.run, commands[lang], capture_output=True, text=True)
                for lang in langs}
        for lang, run in runs.items():
            result = run.result()
            if result.returncode:
                failed.append(f"--- the {lang} site:\n{(result.stdout + result.stderr)[-6000:]}")
    if failed:
        raise SiteError("the site did not build:\n" + "\n".join(failed))
    for lang in LANGUAGES:
        if lang != "en" and html_dir(out, lang).exists():
            shutil.rmtree(html_dir(out, lang))
        if lang in langs and lang != "en":
            shutil.copytree(build_dir(out, lang), html_dir(out, lang))
    return html_dir(out, "en")


# --- handouts ---------------------------------------------------------------------------------

WAIT_FOR_PAGE = """async () => {
  await document.fonts.ready;
  if (window.MathJax && MathJax.Hub) {
    // After MathJax's start-up typesetting, then after anything still queued.
    await new Promise(done => MathJax.Hub.Register.StartupHook("End", () => done()));
    await new Promise(done => MathJax.Hub.Queue(() => done()));
  }
  return document.querySelectorAll(".MathJax_Error, .merror").length;
}"""
# The student variant drops every solution; the other opens them all. Returns the solutions left
# in the page and those shown.
PREPARE = """variant => {
  for (const d of document.querySelectorAll("details.course-solution")) {
    if (variant === "student") d.remove(); else d.open = true;
  }
  const all = document.querySelectorAll("details.course-solution, .tag_solution");
  return [all.length, [...document.querySelectorAll("details.course-solution[open]")].length];
}"""
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555;">'
          '<span class="title"></span> · <span class="pageNumber"></span>/<span class="totalPages"></span></div>')


def whole_course_page(site, lang):
    """Write one page holding the home page and every notebook page of ``site`` (the built site
    of one language) for printing the whole course; return its path. It sits beside the
    notebook pages, so their relative links to images, styles and MathJax hold."""
    pages = [site / "index.html"] + sorted((site / "notebooks").glob("*.html"))
    article = re.compile(r'(<article class="bd-article">)(.*?)(</article>)', re.S)
    parts = []
    for page in pages:
        match = article.search(page.read_text(encoding="utf-8"))
        if not match:
            raise SiteError(f"{page}: no article in the page; the theme changed, so update "
                            "whole_course_page in tools/website.py")
        parts.append(f'<div class="course-chapter">{match.group(2)}</div>')
    first = (site / "notebooks" / pages[1].name).read_text(encoding="utf-8")
    combined = article.sub(lambda m: m.group(1) + "\n".join(parts) + m.group(3), first, count=1)
    title = structure()["titles"][lang]
    combined = re.sub(r"<title>.*?</title>", f"<title>{html.escape(title)}</title>", combined, count=1, flags=re.S)
    # The theme prints a page's title and contents above the article and hides the article's
    # own first heading; here each chapter shows its own heading instead.
    combined = combined.replace("</head>", (
        "<style>@media print { #jb-print-docs-body { display: none !important; } "
        ".bd-main .bd-content .bd-article .course-chapter h1:first-of-type "
        "{ display: block !important; } }</style></head>"), 1)
    target = site / "notebooks" / "_whole-course.html"
    target.write_text(combined, encoding="utf-8")
    return target


def site_languages(out):
    return [lang for lang in LANGUAGES if (html_dir(out, lang) / "index.html").is_file()]


def handouts(out, langs=None, numbers=None, variants=VARIANTS, whole=True, log=print, browser=None):
    """Print the built site's notebook pages (and the whole course) to PDF; return the PDFs.
    ``browser``: a Playwright Chromium to print with (by default one is started and closed)."""
    if not (html_dir(out, "en") / "index.html").is_file():
        raise SiteError(f"no site in {html_dir(out, 'en')}; build it first (make site)")
    if not os.path.exists(CHROMIUM):
        raise SiteError(f"{CHROMIUM} is missing; the handouts are printed with Debian's Chromium "
                        "(sudo apt-get install chromium)")
    langs = langs or site_languages(out)
    if "zh" in langs and shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
        if not fonts.strip():
            raise SiteError("no Chinese font is installed, so the Chinese handouts would print "
                            "empty boxes; install one (sudo apt-get install fonts-noto-cjk)")
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"])
            try:
                return handouts(out, langs, numbers, variants, whole, log, chromium)
            finally:
                chromium.close()
    written = []
    page = browser.new_page()
    try:
        for lang in langs:
            site = html_dir(out, lang)
            chapters = sorted((site / "notebooks").glob("[0-9][0-9]-*.html"))
            if numbers:
                chapters = [c for c in chapters if c.name[:2] in numbers]
            jobs = [(c, c.stem) for c in chapters]
            combined = whole_course_page(site, lang) if whole else None
            if combined:
                jobs.append((combined, "course"))
            try:
                for variant in variants:
                    for source, name in jobs:
                        pdf = out / "handouts" / lang / variant / f"{name}.pdf"
                        print_pdf(page, source, pdf, variant)
                        written.append(pdf)
                        log(f"wrote {pdf.relative_to(out)}")
            finally:
                if combined:
                    combined.unlink()
    finally:
        page.close()
    return written


def print_pdf(page, source, pdf, variant):
    page.goto(source.resolve().as_uri(), wait_until="load")
    errors = page.evaluate(WAIT_FOR_PAGE)
    if errors:
        raise SiteError(f"{source}: MathJax could not typeset {errors} formulas")
    left, shown = page.evaluate(PREPARE, variant)
    if variant == "student" and left:
        raise SiteError(f"{source}: {left} solution cells outside a toggle would print in the "
                        "student handout; fold them (tools/website.py with_solution_toggles)")
    pdf.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(pdf), format="A4", print_background=True, display_header_footer=True,
             header_template="<span></span>", footer_template=FOOTER,
             margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python tools/website.py", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("build", "stage and build the site of every language"),
                       ("handouts", "print PDFs of the built site")):
        command = commands.add_parser(name, help=text)
        command.add_argument("--out", default=str(ROOT / "build" / "site"),
                             help="the site's folder (default build/site)")
    commands.choices["build"].add_argument("--notebooks", default=str(course.NOTEBOOK_DIR),
                                           help="the folder holding the editions (default notebooks/)")
    commands.choices["handouts"].add_argument("--lang", action="append", choices=list(LANGUAGES),
                                              help="only this language (repeatable)")
    commands.choices["handouts"].add_argument("--notebook", action="append", metavar="NN",
                                              help="only this notebook (repeatable), e.g. 06")
    commands.choices["handouts"].add_argument("--no-course", action="store_true",
                                              help="skip the whole-course PDF")
    sphinx = commands.add_parser("sphinx", help=argparse.SUPPRESS)
    sphinx.add_argument("src")
    sphinx.add_argument("html")
    sphinx.add_argument("doctrees")
    args = parser.parse_args(argv)
    try:
        if args.command == "sphinx":
            return run_sphinx(Path(args.src), Path(args.html), Path(args.doctrees))
        out = Path(args.out).resolve()
        if args.command == "build":
            site = build(out, Path(args.notebooks).resolve())
            langs = ", ".join(site_languages(out))
            print(f"built the site ({langs}): open {os.path.relpath(site / 'index.html')}")
        else:
            numbers = [f"{int(n):02d}" for n in args.notebook] if args.notebook else None
            pdfs = handouts(out, args.lang, numbers, whole=not args.no_course)
            print(f"wrote {len(pdfs)} PDFs to {os.path.relpath(out / 'handouts')}")
    except SiteError as err:
        print(f"{parser.prog} {args.command}: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
