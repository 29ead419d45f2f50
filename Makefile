# The front door: `make analyze` and `make test` are all a fresh clone needs.
CARGO ?= cargo
ARCHIVE ?= data/sample
OUT ?= data/out

.PHONY: analyze test lint doc bench clean

## Build in release mode and read the sample archive into data/out/*.parquet.
analyze:
	$(CARGO) run --release --locked -- analyze $(ARCHIVE) --out $(OUT)

## Build and run every test (unit, integration, doc).
test:
	$(CARGO) test --locked

## Formatting and lints, as CI runs them.
lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --locked --all-targets -- -D warnings

## API docs, warnings as errors.
doc:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --locked --no-deps --document-private-items

## Throughput over a generated archive of 10,000 reports (release build).
bench:
	$(CARGO) bench --locked --bench throughput

clean:
	$(CARGO) clean
	rm -rf $(OUT)
