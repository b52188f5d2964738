# The course's commands. `make lab` sets everything up and opens the course in JupyterLab;
# `make test` sets everything up and runs every test. Both are quick once set up.

PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_NOTEBOOKS := --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg
PORT   ?= 8888

.PHONY: help lab reset test unit notebooks refresh data setup check-platform clean bench timings student site

help:
	@echo "make lab      set up (once) and open the course in JupyterLab"
	@echo "make reset    NB=06: give notebook 06 of your copy (my-notebooks/) back its course version"
	@echo "make test     set up (once) and run the unit tests and every notebook under nbval"
	@echo "make refresh  re-execute notebooks in place (NB=notebooks/02-...ipynb for one)"
	@echo "make data     find, verify or fetch Fashion-MNIST"
	@echo "make bench    time the course's data pipeline against the book's"
	@echo "make timings  run every notebook and print its wall time"
	@echo "make student  write the student edition (no solutions, no outputs) to student/"
	@echo "make site     build the course website (offline) into _site/"

check-platform:
	@sh tools/check-platform.sh "$(PYTHON)"

$(STAMP): pyproject.toml
	@sh tools/check-platform.sh "$(PYTHON)"
	@test -x $(BIN)/pip || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

setup: $(STAMP)

data: setup
	@$(BIN)/python -m d2lhelpers data --fetch

# tools/lab.py syncs notebooks/ into the learner's copy, my-notebooks/ (edits are kept, new
# notebooks appear), checks that JupyterLab can write its state, then runs JupyterLab on the copy
# with lab-settings/ and notebook 01 open (and --allow-root, saying so, when run as root).
lab: data
	$(BIN)/python tools/lab.py $(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT)

# Give one notebook of my-notebooks/ back its course version; the learner's is set aside beside it.
reset: setup
	@case "$(origin NB)" in "command line"|environment) ;; \
	    *) echo "make reset: name the notebook, e.g. make reset NB=06" >&2; exit 2;; esac
	@$(BIN)/python tools/lab.py --reset "$(NB)"

test: data
	D2L_OFFLINE=1 $(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_NOTEBOOKS) tests notebooks

unit: data
	D2L_OFFLINE=1 $(BIN)/python -m pytest tests

notebooks: data
	D2L_OFFLINE=1 $(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_NOTEBOOKS) notebooks

NB ?= notebooks/*.ipynb
refresh: data
	D2L_OFFLINE=1 $(BIN)/python tools/refresh.py $(NB)

clean:
	rm -rf $(VENV) .pytest_cache

bench: data
	D2L_OFFLINE=1 $(BIN)/python benchmarks/bench.py --epochs 3

timings: data
	D2L_OFFLINE=1 $(BIN)/python tools/refresh.py --timings notebooks/*.ipynb

student: setup
	$(BIN)/python tools/student.py student

# The course site, built offline from the stored outputs into $(SITE_OUT)/_build/html.
SITE_OUT ?= _site
site: setup
	rm -rf site/_static/mathjax && mkdir -p site/_static
	cp -r "$$($(BIN)/python -c 'import jupyter_server_mathjax as m, os; print(os.path.join(os.path.dirname(m.__file__), "static"))')" site/_static/mathjax
	$(BIN)/jupyter-book build . --config site/_config.yml --toc site/_toc.yml --path-output "$(SITE_OUT)" --warningiserror --keep-going
	@echo "open $(SITE_OUT)/_build/html/index.html"
