# The course's commands. `make lab` sets everything up and opens the course in JupyterLab;
# `make test` sets everything up and runs every test. Both are quick once set up.

# PYTHON: the Python 3.11 to build .venv from. Left empty, uv finds one (or brings its own) and
# the pip route uses python3.11.
PYTHON ?=
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
# Learners install the runtime (lock/lab.txt); tests and the site also need lock/test.txt.
LAB_STAMP  := $(VENV)/.installed-lab
TEST_STAMP := $(VENV)/.installed
PYTEST_NOTEBOOKS := --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg
# The unit tier: every test not marked integration or e2e (conftest.py marks whole files).
UNIT_TIER := not integration and not e2e
UNIT := -m "$(UNIT_TIER)"

.PHONY: help lab test unit notebooks refresh data setup check-platform clean bench timings \
        student assignments site handouts lock lint slides reset links sizing FORCE

help:
	@echo "make lab      set up (once) and open the course in JupyterLab"
	@echo "make lab LANG=zh   the Chinese edition, with JupyterLab's menus in Chinese (中文版)"
	@echo "make test     set up (once) and run every test: unit, integration, notebooks, browser"
	@echo "make unit     the unit tests only (seconds)"
	@echo "make reset    NB=06: give notebook 06 of your copy (my-notebooks/) back its course version"
	@echo "make refresh  re-execute notebooks in place (NB=notebooks/02-...ipynb for one)"
	@echo "make data     find, verify or fetch Fashion-MNIST"
	@echo "make bench    time the course's data pipeline against the book's"
	@echo "make timings  run every notebook and print its wall time and peak memory"
	@echo "make student  write the student edition to student/: no solutions, an answer cell per"
	@echo "              exercise, and what it needs to run on its own (its own make lab)"
	@echo "make assignments  write the nbgrader courses (build/assignments/en, zh) and release"
	@echo "              every notebook as a graded assignment"
	@echo "make site     build the course website (offline, every language) into build/site/"
	@echo "make handouts print the site to PDF handouts (student and with solutions)"
	@echo "make slides   measure every slide in a browser at projector sizes (NB=06 for one notebook)"
	@echo "make lint     the same as make slides"
	@echo "make links    HUB=https://hub.example.edu: nbgitpuller links to every notebook for a JupyterHub"
	@echo "make sizing   measure kernels of notebook 09 running at once (JupyterHub sizing)"
	@echo "make lock     re-resolve lock/*.txt from pyproject.toml (needs uv and the network)"

check-platform:
	@sh tools/check-platform.sh "$(or $(PYTHON),python3.11)"

include tools/learner.mk

# lock/test.txt holds lock/lab.txt (tests/test_project.py checks it): a current test install
# is a current runtime install.
$(LAB_STAMP): lock/lab.txt pyproject.toml $(REBUILD)
	@if [ $(TEST_STAMP) -nt lock/lab.txt ] && [ $(TEST_STAMP) -nt pyproject.toml ] && $(PY311); then :; \
	else sh tools/install.sh "$(VENV)" lock/lab.txt "$(PYTHON)"; fi
	@touch $@

$(TEST_STAMP): lock/test.txt pyproject.toml $(REBUILD)
	@sh tools/install.sh "$(VENV)" lock/test.txt "$(PYTHON)"
	@touch $@ $(LAB_STAMP)

# Every test, each run once, with HOME and TMPDIR in a sandbox that fails the run if anything
# tracked, anything in /usr/share/datasets or anything in the home outside its cache and data
# folders changed (tests/sandbox.py): the user's own home stays as it was. First the unit tier,
# from an empty cache as on a fresh account; then the rest (integration tests, every notebook
# under nbval, the browser tests: a notebook run in JupyterLab, every slide of both editions
# measured at projector sizes) with the user's cache, and with the state that IPython, Jupyter,
# Chromium and npm keep for any session let through. A failure in the first part does not stop
# the second.
SANDBOX_TOOLS := --allow .ipython --allow .jupyter --allow .config/chromium --allow .npm
test: $(TEST_STAMP) data
	@status=0; \
	echo "unit tier, in a sandbox:"; \
	$(BIN)/python tests/sandbox.py $(BIN)/python -m pytest -n 2 --dist loadfile $(UNIT) tests || status=1; \
	echo "integration, notebooks and browser tests, in a sandbox:"; \
	$(BIN)/python tests/sandbox.py --share-cache $(SANDBOX_TOOLS) \
	    $(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_NOTEBOOKS) -m "not ($(UNIT_TIER))" tests notebooks || status=1; \
	exit $$status

# Every slideshow measured in Chromium at 1280x720 and 1920x1080; names each slide cut off and
# writes the heights to build/slides/ for tools/slides.py. NB=06 (or NB="06 13"): those
# notebooks only, in both editions.
slides: $(TEST_STAMP) data
	SLIDES_NB="$(if $(filter command line environment,$(origin NB)),$(NB))" D2L_OFFLINE=1 \
	    $(BIN)/python -m pytest -m slides tests/browser

unit: $(TEST_STAMP) data
	D2L_OFFLINE=1 $(BIN)/python -m pytest -n 2 --dist loadfile $(UNIT) tests

notebooks: $(TEST_STAMP) data
	D2L_OFFLINE=1 $(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_NOTEBOOKS) notebooks

NB ?= notebooks/[0-9]*.ipynb
refresh: $(TEST_STAMP) data
	D2L_OFFLINE=1 $(BIN)/python tools/refresh.py $(NB)

timings: $(TEST_STAMP) data
	D2L_OFFLINE=1 $(BIN)/python tools/refresh.py --timings $(NB)

bench: $(TEST_STAMP) data
	D2L_OFFLINE=1 $(BIN)/python benchmarks/bench.py --epochs 3

# The student edition: a folder that can be zipped or pushed to a repository of its own, and
# sets itself up and opens with its own `make lab` (tools/student-edition/).
student: $(TEST_STAMP)
	$(BIN)/python tools/course.py student student

# One nbgrader course per edition, with every notebook as an assignment (source/ and release/);
# the tests are in grading/. Run nbgrader's commands inside build/assignments/en (or zh).
assignments: $(TEST_STAMP)
	D2L_OFFLINE=1 $(BIN)/python tools/assignments.py build/assignments

# What fits on a slide is measured, never estimated: lint is the slide measurement.
lint: slides

# nbgitpuller links for a class on a JupyterHub (tools/links.py says more).
links:
	@case "$(origin HUB)" in "command line"|environment) ;; \
	    *) echo "make links: give the hub's address, e.g. make links HUB=https://hub.example.edu" >&2; exit 2;; esac
	@python3 tools/links.py "$(HUB)" $(if $(REPO),--repo "$(REPO)") $(if $(BRANCH),--branch "$(BRANCH)") \
	    $(if $(STUDENT_REPO),--student-repo "$(STUDENT_REPO)") $(if $(STUDENT_BRANCH),--student-branch "$(STUDENT_BRANCH)")

# Learners on one machine: 1, 2, 4 and 8 kernels training notebook 09's network at once.
sizing: $(TEST_STAMP) data
	D2L_OFFLINE=1 $(BIN)/python benchmarks/sizing.py

clean:
	rm -rf $(VENV) .pytest_cache build

# The course site, built offline from the stored outputs into $(SITE_OUT)/_build/html: English,
# and every translation in notebooks/<lang>/ beside it in html/<lang>/ (tools/website.py stages build
# copies with the solutions folded away; the notebooks are only read). MathJax is copied into
# build/, never into the source folder site/.
SITE_OUT ?= build/site
site: $(TEST_STAMP)
	$(BIN)/python tools/website.py build --out "$(SITE_OUT)"

# Printable handouts of the built site: a PDF per notebook and one of the whole course, per
# language, in a student variant (no solutions) and one with the solutions, in $(SITE_OUT)/handouts.
handouts: site
	$(BIN)/python tools/website.py handouts --out "$(SITE_OUT)"

# The locks: every package pinned with its hashes, for Python 3.11 on the platforms in
# pyproject.toml's [tool.uv] environments. lock/test.txt (runtime + test tools) is resolved
# first; lock/lab.txt (runtime only) is constrained to the same versions. Existing pins are
# kept; `make lock UPGRADE=1` moves everything to the newest allowed versions.
LOCK_ARGS := --universal --python-version 3.11 --generate-hashes --override lock/overrides.txt \
             --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)
lock:
	uv pip compile --quiet pyproject.toml lock/venv.in --extra test $(LOCK_ARGS) -o lock/test.txt
	uv pip compile --quiet pyproject.toml lock/venv.in $(LOCK_ARGS) -c lock/test.txt -o lock/lab.txt
	uv pip compile --quiet lock/ci.in $(LOCK_ARGS) -o lock/ci.txt
