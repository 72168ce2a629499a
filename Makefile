# Everything runs from a project-local virtualenv that the first target builds.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
GOLD   ?= ../shared/gold/corpus.jsonl

.PHONY: install run test lint eval bench bench-full golden db-revision clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Ingest corpus/ into quotes.db (SQLite) and print every quote with its speaker.
run: $(STAMP)
	$(BIN)/quotes ingest corpus/
	$(BIN)/quotes list

## The whole test suite.
test: $(STAMP)
	$(BIN)/python -m pytest

## Write the CLI's expected output (tests/data/cli/) again from the current code; read the
## diff before committing it.
golden: $(STAMP)
	QUOTES_WRITE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_cli_output.py -k "sqlite and exact"

lint: $(STAMP)
	$(BIN)/ruff check quotes tests alembic bench
	$(BIN)/mypy quotes

## Precision/recall against the hand-checked gold file, on a fresh database.
eval: $(STAMP)
	rm -f eval.db
	$(BIN)/quotes ingest --quiet --db eval.db corpus/
	$(BIN)/quotes eval --db eval.db --gold $(GOLD)

## Benchmarks: figures, not assertions (README, Performance). `make bench` prints every
## figure at sizes that fit in 10 minutes on 2 shared cores; `make bench-full` runs the large
## ones (peak memory at 10 and 100 MB, ask and dedupe at 1 M claims). BENCH_MB sets the
## sizes whose peak memory is compared (ingest into SQLite with 2 workers, which also gives
## SQLite's 2-worker throughput), INGEST_MB the size of the other throughput runs.
## bench/peer.py (the core against textacy+spaCy, ~15 s at PEER_MB=0.25) prints one line and is
## skipped when textacy is not installed: it is never a dependency.
BENCH_MB ?= 2 10
INGEST_MB ?= 2
ASK_SIZES ?= 10000,100000
DEDUPE_SIZES ?= 10000 100000
PEER_MB ?= 0.25
bench: $(STAMP)
	$(BIN)/python bench/split_attribute.py --mb 2
	$(BIN)/python bench/peer.py --mb $(PEER_MB) --passes 1
	$(BIN)/python bench/paragraph.py
	$(BIN)/python bench/memory.py --mb $(BENCH_MB) --workers 2
	$(BIN)/python bench/ingest.py --mb $(INGEST_MB) --runs 1 --workers 1
	$(BIN)/python bench/writer.py --mb $(INGEST_MB) --runs 1
	$(BIN)/python bench/pg.py -- $(BIN)/python bench/ingest.py --mb $(INGEST_MB) --runs 1 --workers 1 2 \
		--db {url} --reset "$(BIN)/python bench/reset_db.py"
	$(BIN)/python bench/ask_latency.py --sizes $(ASK_SIZES)
	$(BIN)/python bench/ask_latency.py --postgres --sizes $(ASK_SIZES)
	$(BIN)/python bench/claim_pairs.py
	$(BIN)/python bench/dedupe.py $(DEDUPE_SIZES)

bench-full:
	$(MAKE) bench BENCH_MB="10 100" ASK_SIZES=10000,100000,1000000 \
		DEDUPE_SIZES="10000 100000 1000000" PEER_MB=1

## make db-revision m="what changed": autogenerate a migration to review by hand.
db-revision: $(STAMP)
	QUOTES_DB=sqlite:///alembic-scratch.db $(BIN)/alembic upgrade head
	QUOTES_DB=sqlite:///alembic-scratch.db $(BIN)/alembic revision --autogenerate -m "$(m)"
	rm -f alembic-scratch.db

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache .mypy_cache eval.db
