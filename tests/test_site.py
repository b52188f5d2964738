"""`make site` builds the course website from the stored outputs, offline, with rendered math."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_site_builds_with_every_notebook_and_local_mathjax(tmp_path):
    result = subprocess.run(["make", "-s", "-C", str(ROOT), "site", f"SITE_OUT={tmp_path}"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    html = tmp_path / "_build" / "html"
    pages = sorted(p.stem for p in (html / "notebooks").glob("*.html"))
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert pages == notebooks
    assert (html / "index.html").exists() and (html / "TEACHING.html").exists()
    assert (html / "_static" / "mathjax" / "MathJax.js").exists()
    for name in notebooks:
        page = (html / "notebooks" / f"{name}.html").read_text()
        assert 'src="../_static/mathjax/MathJax.js' in page, name
        assert not re.search(r'src="https?://[^"]*mathjax', page, re.I), name
        assert "next page" in page.lower() or name == notebooks[-1], name  # navigation
    # Figures come from the stored outputs.
    assert len(list((html / "_images").glob("*.png"))) >= len(notebooks)
