"""Renders a report web page as text in the two pipe layouts that web-page-to-text converters
produce (seen on real report pages, e.g. lintong.gov.cn and hanyang.gov.cn 2022 reports):

  rows   `a | b | c | ||`  a pipe after each cell, the row padded with pipes to its table's width;
  bars   a line `|` before each row, then one cell per line `a |`, the padding after the last;
  mineru markdown text with each table kept as one line of HTML, as PDF-to-markdown converters
         such as MinerU write them.

A cell spanning rows appears in its first row only and a cell spanning columns once, as these
converters do. Used to make tests/fixtures/corpus/B007-rows.txt and B007-bars.txt from B007.html:

  python3 scripts/render_pipes.py data/sample/B007_pingtan_2023.html rows > tests/fixtures/corpus/B007-rows.txt
"""

import html
import re
import sys
from html.parser import HTMLParser

BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "li", "br", "title"}


class Render(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.text, self.table, self.row, self.cell = [], [], None, None, None
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "table":
            self.flush()
            self.table = []
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag in BLOCKS and self.cell is None:
            self.flush()

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.table.append(self.row)
            self.row = None
        elif tag == "table" and self.table is not None:
            self.out.append(("table", self.table))
            self.table = None
        elif tag in BLOCKS and self.cell is None:
            self.flush()

    def handle_data(self, data):
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.table is None:
            self.text.append(data)

    def flush(self):
        line = " ".join("".join(self.text).split())
        if line:
            self.out.append(("text", line))
        self.text = []


def mineru(page, title):
    body = page[page.find("<body"):]
    out = [f"# {title}"]
    for part in re.split(r"(<table.*?</table>)", body, flags=re.S):
        if part.startswith("<table"):
            out.append(re.sub(r"\s*\n\s*", "", part))
            continue
        text = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", part, flags=re.S)
        text = re.sub(r"<br\s*/?>|</p>|</div>|</h\d>|</li>", "\n", text)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
        out.extend(" ".join(l.split()) for l in text.split("\n") if l.split())
    print("\n\n".join(out))


def main():
    path, layout = sys.argv[1], sys.argv[2]
    page = open(path, encoding="utf-8").read()
    if layout == "mineru":
        title = re.search(r"<title>(.*?)</title>", page, flags=re.S).group(1).split("_")[0].strip()
        mineru(page, title)
        return
    r = Render()
    r.feed(page)
    r.flush()
    for kind, item in r.out:
        if kind == "text":
            print(item)
            continue
        width = max(len(row) for row in item)
        for row in item:
            pad = "|" * (width - len(row))
            if layout == "rows":
                print(" | ".join(row) + " |" + (" " + pad if pad else ""))
            else:
                print("|")
                for i, cell in enumerate(row):
                    last = i == len(row) - 1
                    print((cell + " |").strip() + (" " + pad if last and pad else ""))


main()
