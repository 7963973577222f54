# One venv for everything: created with python3 -m venv when missing.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lab bench notebooks clean help

help:
	@echo "make demo   set up .venv, run the main job on the bundled article, print where the outputs are"
	@echo "make test   set up .venv, run the whole test suite (unit tests, doctests, notebooks)"
	@echo "make lab    JupyterLab in the venv"
	@echo "make notebooks  re-execute the notebooks in place, strip volatile metadata, regenerate the contents"
	@echo "make bench  speed and memory against plain Sastrawi (5 million synthetic tokens, ASCII then non-ASCII; several minutes)"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]-*.ipynb))
NB_STRIP  := --keep-output --keep-count --extra-keys "metadata.language_info.version cell.metadata.execution metadata.widgets"

demo: $(STAMP)
	$(PY) -m toolkit summary --sample --out reports/sample
	$(PY) -m toolkit report --sample --by speaker --out reports/theme-report
	@rm -rf reports/notebooks && mkdir -p reports/notebooks
	@for nb in $(NOTEBOOKS); do \
	  echo "running $$nb"; \
	  $(VENV)/bin/jupyter nbconvert --to html --execute --log-level=WARN --ExecutePreprocessor.timeout=600 "$$nb" \
	    --output-dir reports/notebooks || { echo "$$nb failed"; exit 1; }; done
	@echo ""
	@echo "Done. Outputs:"
	@echo "  reports/sample/         summary of the bundled article (summary.md, top_stems.csv, themes.csv;"
	@echo "                          add --tokens to the summary command for tokens.csv)"
	@echo "  reports/theme-report/   theme report: index.html with charts, tables as CSV and Parquet"
	@echo "  reports/notebooks/      every notebook executed afresh, as HTML (open NN-*.html; the .ipynb files are untouched)"
	@echo "  reports/figures/        charts saved by the notebooks (PNG and SVG)"
	@echo "  reports/your-corpus/    the tables notebook 07 exports (CSV and Parquet)"
	@echo "  reports/validation/     the coding sheets notebook 08 writes (Excel, with the codebook)"

notebooks: $(STAMP)
	$(PY) tools/add_navigation.py
	cd notebooks && for nb in [0-9][0-9]-*.ipynb; do TOOLKIT_CACHE_DIR=$$(mktemp -d) ../$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace "$$nb" || exit 1; done
	$(VENV)/bin/nbstripout $(NB_STRIP) $(NOTEBOOKS)
	$(PY) tools/generate_contents.py --readme README.md

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/bench_pipeline.py --synthetic $(or $(TOKENS),5000000) --streaming 5000000,20000000
	$(PY) benchmarks/bench_pipeline.py --synthetic $(or $(TOKENS),5000000) --non-ascii --jobs 1

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

clean:
	rm -rf $(VENV) reports/*/ .pytest_cache
