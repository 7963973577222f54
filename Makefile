# One venv for everything: created with python3 -m venv when missing.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lab bench clean help

help:
	@echo "make demo   set up .venv, run the main job on the bundled article, print where the outputs are"
	@echo "make test   set up .venv, run the whole test suite (unit tests, doctests, notebooks)"
	@echo "make lab    JupyterLab in the venv"
	@echo "make bench  speed and memory against plain Sastrawi (5 million synthetic tokens; several minutes)"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

demo: $(STAMP)
	$(PY) -m toolkit summary --sample --out reports/sample
	@echo ""
	@echo "Done. The report is in reports/sample/ (summary.md, top_stems.csv, tokens.csv)."

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/bench_pipeline.py --synthetic $(or $(TOKENS),5000000) --streaming 5000000,20000000

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

clean:
	rm -rf $(VENV) reports/*/ .pytest_cache
