#!/usr/bin/env python3
"""Opens every Parquet file of an ogi output folder with the readers the README promises
(`make readers`): pyarrow.parquet.read_table and pandas.read_parquet, and polars and DuckDB
where installed. Prints the rows of each file per reader; exits 1 on any error or disagreement.

    python scripts/read_outputs.py data/out
"""

import sys
from pathlib import Path


def readers():
    import pandas
    import pyarrow
    import pyarrow.parquet as pq

    out = [
        (f"pyarrow {pyarrow.__version__}", lambda p: pq.read_table(p).num_rows),
        (
            f"pyarrow {pyarrow.__version__} to_pylist",
            lambda p: len(pq.read_table(p).to_pylist()),
        ),
        (f"pandas {pandas.__version__}", lambda p: len(pandas.read_parquet(p))),
    ]
    try:
        import polars

        out.append((f"polars {polars.__version__}", lambda p: polars.read_parquet(p).height))
    except ImportError:
        pass
    try:
        import duckdb

        def rows(p):
            # every column read, not only the row count from the footer
            return len(duckdb.execute("select * from read_parquet(?)", [p]).fetchall())

        out.append((f"duckdb {duckdb.__version__}", rows))
    except ImportError:
        pass
    return out


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "data/out")
    files = sorted(folder.glob("*.parquet"))
    if not files:
        print(f"no *.parquet in {folder}", file=sys.stderr)
        return 1
    checks = readers()
    print("readers: " + ", ".join(name for name, _ in checks))
    failed = 0
    for path in files:
        counts = {}
        for name, read in checks:
            try:
                counts[name] = read(str(path))
            except Exception as e:  # every reader's failure is reported, not just the first
                print(f"{path.name}: {name} failed: {type(e).__name__}: {e}", file=sys.stderr)
                failed += 1
        if len(set(counts.values())) > 1:
            print(f"{path.name}: readers disagree: {counts}", file=sys.stderr)
            failed += 1
        rows = next(iter(counts.values()), "?")
        print(f"{path.name}: {rows} rows")
    print(f"{len(files)} files read by {len(checks)} readers, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
