# The course's commands. `make lab` sets everything up and opens the course in JupyterLab;
# `make test` sets everything up and runs every test. Both are quick once set up.

PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_NOTEBOOKS := --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg
PORT   ?= 8888

.PHONY: help lab test unit notebooks refresh data setup check-platform clean bench timings student site

help:
	@echo "make lab      set up (once) and open the course in JupyterLab"
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

# JupyterLab refuses to run as root unless told; containers and WSL often run as root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: data
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) $(ALLOW_ROOT) \
	    --ServerApp.root_dir="$(CURDIR)" notebooks/01-linear-regression.ipynb

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
