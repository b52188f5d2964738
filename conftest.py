"""pytest set-up shared by the unit tests and the notebook tests: tiers, stray notebooks, nbval."""

import sys
from pathlib import Path

import nbval.kernel
import pytest

sys.path.insert(0, str(Path(__file__).parent / "tools"))
import course  # noqa: E402

# Whole files that belong to a tier other than unit (single tests carry their own marks).
INTEGRATION_FILES = {"test_lab.py", "test_hub.py"}
# nbval executes the English edition only: a translation has the same code and outputs, which
# tests/test_translation.py checks cell by cell, so running it again would prove nothing new.
EXECUTED_NOTEBOOKS = {p.resolve() for p in course.notebooks()}


def pytest_ignore_collect(collection_path, config):
    # Only the course's English notebooks run under nbval. A stray notebook (Untitled.ipynb) gets
    # one clear failure from tests/test_notebooks.py instead of errors from every tool.
    path = Path(collection_path)
    if path.suffix == ".ipynb" and path.resolve() not in EXECUTED_NOTEBOOKS:
        return True
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(item.path)
        if "browser" in path.parts:
            item.add_marker(pytest.mark.e2e)
            if path.name == "test_slides.py":
                item.add_marker(pytest.mark.slides)
        elif path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebooks)
            item.add_marker(pytest.mark.integration)
        elif path.name in INTEGRATION_FILES:
            item.add_marker(pytest.mark.integration)


def pytest_report_header(config):
    stray = course.strays()
    return f"warning: {course.stray_message(stray)}" if stray else None


def _execute_with_history(self, cell_input, allow_stdin=None):
    # nbval 0.11 runs cells with store_history=False, so IPython ignores a trailing `;` and
    # shows results a notebook meant to hide (nbval issue 194). Run them as Jupyter does.
    return self.kc.execute(cell_input, store_history=True, allow_stdin=allow_stdin,
                           stop_on_error=False)


nbval.kernel.RunningKernel.execute_cell_input = _execute_with_history
