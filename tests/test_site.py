"""`make site` builds the course website from the stored outputs, offline, with rendered math."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import course  # noqa: E402


def toc_files():
    toc = yaml.safe_load((ROOT / "site" / "_toc.yml").read_text())
    return [ch["file"] for part in toc["parts"] for ch in part["chapters"]]


def test_the_table_of_contents_lists_every_notebook_in_order():
    pages = [f for f in toc_files() if f.startswith("notebooks/")]
    assert pages == [str(p.relative_to(ROOT).with_suffix("")) for p in course.notebooks()]


@pytest.mark.integration
def test_site_builds_with_every_notebook_local_mathjax_and_navigation(tmp_path):
    result = subprocess.run(["make", "-s", "-C", str(ROOT), "site", f"SITE_OUT={tmp_path}"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    html = tmp_path / "_build" / "html"
    pages = sorted(p.stem for p in (html / "notebooks").glob("*.html"))
    notebooks = [p.stem for p in course.notebooks()]
    assert pages == notebooks
    assert (html / "index.html").exists() and (html / "TEACHING.html").exists()
    assert (html / "_static" / "mathjax" / "MathJax.js").exists()
    assert not (ROOT / "site" / "_static").exists(), "make site wrote into the source folder site/"
    for name, following in zip(notebooks, notebooks[1:] + [None]):
        page = (html / "notebooks" / f"{name}.html").read_text()
        assert 'src="../_static/mathjax/MathJax.js' in page, name
        assert not re.search(r'src="https?://[^"]*mathjax', page, re.I), name
        link = re.search(r'<link rel="next" title="[^"]*" href="([^"]+)"', page)
        if following:
            assert link and link.group(1) == f"{following}.html", name  # reading order
    # Figures come from the stored outputs.
    assert len(list((html / "_images").glob("*.png"))) >= len(notebooks)
