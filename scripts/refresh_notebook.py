#!/usr/bin/env python3
"""Executes a notebook in its own folder and saves it in place with its outputs, as it is
committed (`make notebook-refresh`): no timing metadata, so a refresh on unchanged data changes
only what the data or the libraries change.

    .venv/bin/python scripts/refresh_notebook.py notebooks/compare.ipynb
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def main() -> None:
    path = Path(sys.argv[1])
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    images = sum(
        1
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if "image/png" in out.get("data", {})
    )
    print(f"{path}: executed, {images} charts, {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
