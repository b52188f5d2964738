# What the course's Makefile and the student edition's share: a learner's set-up, data,
# JupyterLab and reset. The including Makefile sets BIN, PORT, PYTHON and LAB_STAMP (the
# runtime's install) first, and writes the rule that makes LAB_STAMP (using REBUILD).

# A .venv whose Python no longer runs, or is not 3.11, is set up again (tools/install.sh says so).
PY311   := $(BIN)/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null
VENV_OK := $(shell $(PY311) && echo yes)
REBUILD := $(if $(VENV_OK),,FORCE)

setup: $(LAB_STAMP)

data: $(LAB_STAMP)
	@$(BIN)/python -m d2lhelpers data --fetch

# tools/lab.py syncs notebooks/ into the learner's copy, my-notebooks/ (edits are kept, new
# notebooks appear), checks that JupyterLab can write its state, then runs JupyterLab on the copy
# with lab-settings/ and notebook 01 open (and --allow-root, saying so, when run as root).
# LANG=zh (or COURSE_LANG=zh) opens the Chinese edition, zh/01-..., with the interface in
# Chinese; LANG=en the English one; without either, a zh_* locale in LANG opens the Chinese one.
# tools/lab.py decides, and keeps a bare LANG=zh, which is no locale, away from JupyterLab.
lab: data
	$(BIN)/python tools/lab.py $(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT)

# Give one notebook of my-notebooks/ back its course version; the learner's is set aside beside it.
reset: setup
	@case "$(origin NB)" in "command line"|environment) ;; \
	    *) echo "make reset: name the notebook, e.g. make reset NB=06" >&2; exit 2;; esac
	@$(BIN)/python tools/lab.py --reset "$(NB)"

FORCE:
