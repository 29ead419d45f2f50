#!/usr/bin/env python3
"""Converts a PDF report to markdown the way PDF-to-markdown converters do, for the corpus
fixtures tests/fixtures/corpus/*-pymupdf4llm.md and *-markitdown.md (see SOURCES.md there).

    python3 -m venv /tmp/conv
    /tmp/conv/bin/pip install pymupdf4llm==0.0.24 pymupdf==1.28.2 'markitdown[pdf]==0.1.9' pdfminer.six==20260107
    /tmp/conv/bin/python scripts/pdf_to_markdown.py tests/fixtures/corpus/B004.pdf pymupdf4llm

writes the markdown to stdout. pymupdf4llm keeps each table as a pipe table (merged cells
repeated, `<br>` for line breaks in a cell, `Col2` placeholder headers after a page break);
markitdown (pdfminer.six) prints the label column as text lines between label-less rows of
numbers, numbers of neighbouring columns in one cell, and page numbers in the tables.
"""

import sys


def main() -> None:
    pdf, converter = sys.argv[1], sys.argv[2]
    if converter == "pymupdf4llm":
        import pymupdf4llm

        print(pymupdf4llm.to_markdown(pdf))
    elif converter == "markitdown":
        from markitdown import MarkItDown

        print(MarkItDown().convert(pdf).text_content)
    else:
        sys.exit(f"unknown converter {converter!r}: pymupdf4llm or markitdown")


if __name__ == "__main__":
    main()
