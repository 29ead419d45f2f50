//! Reads an HTML page (a report as published, often inside a portal page with menus and
//! footers) into the same lines and rows the text reader produces: tables become rows of cells
//! with `rowspan` and `colspan` expanded into a full grid, so a blank cell stays a blank cell in its
//! column (every slot paid from the file's cells budget, [`crate::limits::Cells`]); `<br>` and
//! split `<p>`/`<span>` inside a cell are joined; scripts, styles and navigation are skipped; the
//! running text around tables is kept for metadata and prose. Line numbers are those of the page
//! as rendered into text (one per paragraph, heading or table row). Every page or fragment is
//! first measured against the depth budget ([`crate::limits::html_within_depth`]), whoever hands
//! it in.

use scraper::{ElementRef, Html, Node};

use super::{Block, Cell, Document, Line, Row};
use crate::limits::{Cells, OverBudget, TooManyCells};
use crate::text::normalize;

/// Elements whose content is never report text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "select", "iframe", "object", "svg", "head",
];

/// Elements that start a new line of text.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "main",
    "blockquote",
    "pre",
    "hr",
    "tr",
    "table",
    "form",
    "center",
];

/// Reads an HTML page, within a cells budget of its own.
///
/// # Errors
/// [`OverBudget`] when it is nested too deep or its tables expand past the budget.
pub fn read(html: &str) -> Result<Document, OverBudget> {
    read_within(html, &mut Cells::default())
}

/// Reads an HTML page (or a fragment of a file) within the depth budget, spending the file's
/// cells budget.
///
/// # Errors
/// [`OverBudget`] when it is nested too deep even without its inline tags, or its tables expand
/// past what is left of the cells budget.
pub fn read_within(html: &str, cells: &mut Cells) -> Result<Document, OverBudget> {
    let page = Html::parse_document(&crate::limits::html_within_depth(html)?);
    let mut reader = Reader::default();
    if let Some(title) = page
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "title")
    {
        // Portal titles append the column and site: `…年度报告_政府信息公开年报_…管委会`.
        let full: String = title.text().collect();
        let own = full
            .split(['_', '|'])
            .find(|part| part.contains("报告"))
            .unwrap_or(&full);
        reader.text(own);
        reader.flush();
    }
    reader.walk(page.root_element(), cells)?;
    reader.flush();
    Ok(Document {
        blocks: reader.blocks,
    })
}

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    line: String,
    number: u32,
}

impl Reader {
    fn next_line(&mut self) -> u32 {
        self.number += 1;
        self.number
    }

    fn text(&mut self, t: &str) {
        self.line.push_str(t);
    }

    fn flush(&mut self) {
        let text = normalize(&self.line);
        self.line.clear();
        if !text.is_empty() {
            let line = self.next_line();
            self.blocks.push(Block::Text(Line {
                text,
                line,
                whole_cells: false,
            }));
        }
    }

    /// The page in document order, with an explicit stack of open elements (never recursion: a
    /// page of 5,000 nested `<div>`s or 4,000 unclosed `<span>`s is as deep as the stack of a
    /// thread can hold).
    fn walk(&mut self, root: ElementRef, cells: &mut Cells) -> Result<(), TooManyCells> {
        let mut open = vec![(root.children(), false)];
        while let Some((children, block)) = open.last_mut() {
            let Some(child) = children.next() else {
                let block = *block;
                open.pop();
                if block {
                    self.flush();
                }
                continue;
            };
            match child.value() {
                Node::Text(t) => self.text(t),
                Node::Element(e) => {
                    let name = e.name();
                    if SKIP.contains(&name) {
                        continue;
                    }
                    let Some(el) = ElementRef::wrap(child) else {
                        continue;
                    };
                    if name == "table" && !has_nested_table(el) {
                        self.flush();
                        self.table(el, cells)?;
                        continue;
                    }
                    let block = BLOCK.contains(&name);
                    if block {
                        self.flush();
                    }
                    open.push((el.children(), block));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A data table: its rows with spans expanded. A slot a number spans is a blank filler; the
    /// fillers at the end of a row are dropped (`行政许可 | 11398889` spanning three columns is
    /// one value), those before another cell kept, so that the cell keeps its column. Every slot
    /// is paid from the file's `cells` budget before it is allocated.
    fn table(&mut self, table: ElementRef, cells: &mut Cells) -> Result<(), TooManyCells> {
        let mut grid: Vec<Vec<Option<(String, bool)>>> = Vec::new();
        for (r, tr) in rows_of(table).into_iter().enumerate() {
            if grid.len() <= r {
                grid.resize(r + 1, Vec::new());
            }
            let mut c = 0;
            for td in tr
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|e| matches!(e.value().name(), "td" | "th"))
            {
                while grid[r].get(c).is_some_and(Option::is_some) {
                    c += 1;
                }
                let text = cell_text(td);
                let colspan = span(td, "colspan");
                let rowspan = span(td, "rowspan");
                let numeric = !crate::text::number::is_label(&text);
                // A label is copied into each slot it covers, a number into its first.
                let copies = if numeric { 1 } else { rowspan * colspan };
                cells.spend_text(text.len().saturating_mul(copies))?;
                for dr in 0..rowspan {
                    let row = r + dr;
                    if grid.len() <= row {
                        grid.resize(row + 1, Vec::new());
                    }
                    for dc in 0..colspan {
                        let col = c + dc;
                        if grid[row].len() <= col {
                            cells.spend(col + 1 - grid[row].len())?;
                            grid[row].resize(col + 1, None);
                        }
                        // A label spanning rows or columns is repeated (it labels each of them); a
                        // number is printed once, in its first slot: never copied into others.
                        let copy = (dr == 0 && dc == 0) || !numeric;
                        grid[row][col] = Some(if copy {
                            (text.clone(), false)
                        } else {
                            (String::new(), true)
                        });
                    }
                }
                c += colspan;
            }
        }
        for mut slots in grid {
            while slots.last().is_some_and(|c| matches!(c, Some((_, true)))) {
                slots.pop();
            }
            let line = self.next_line();
            let cells: Vec<Cell> = slots
                .into_iter()
                .map(|t| Cell::new(t.as_ref().map_or("", |(t, _)| t.as_str()), line))
                .collect();
            if cells.iter().any(|c| !c.text.is_empty()) {
                self.blocks.push(Block::Row(Row { cells, line }));
            }
        }
        Ok(())
    }
}

/// The `tr` elements of a table, not of tables nested in it.
fn rows_of(table: ElementRef) -> Vec<ElementRef> {
    let mut out = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => out.push(child),
            "thead" | "tbody" | "tfoot" => out.extend(
                child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|e| e.value().name() == "tr"),
            ),
            _ => {}
        }
    }
    out
}

/// Whether a table holds another (a layout table, read as flow). Linear over a whole page
/// however deep the tables nest: the search stops at the first nested table, and a table with
/// none is read at once and not entered, so each node is searched only by the innermost table
/// holding it (an outer one stops at the inner table, which comes before the node).
fn has_nested_table(table: ElementRef) -> bool {
    table
        .descendants()
        .skip(1)
        .filter_map(ElementRef::wrap)
        .any(|e| e.value().name() == "table")
}

/// A cell's text, its paragraphs and line breaks joined (normalisation then drops the space
/// between two CJK characters: `结果<br/>纠正` → 结果纠正).
fn cell_text(td: ElementRef) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    for node in td.descendants() {
        match node.value() {
            Node::Text(t) => current.push_str(t),
            Node::Element(e) if BLOCK.contains(&e.name()) => {
                parts.push(std::mem::take(&mut current));
            }
            _ => {}
        }
    }
    parts.push(current);
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn span(td: ElementRef, attr: &str) -> usize {
    td.value()
        .attr(attr)
        .and_then(|v| v.trim().parse().ok())
        .filter(|&n: &usize| (1..=100).contains(&n))
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_expand_into_a_grid_and_blank_cells_keep_their_column() {
        let html = r#"<html><head><title>t</title><script>var x = "二、主动公开";</script></head><body>
            <nav>首页 | 政务公开</nav><p>四、政府信息公开行政复议、行政诉讼情况</p>
            <table><tr><td colspan="5">行政复议</td><td colspan="2">行政诉讼</td></tr>
            <tr><td>结果<br/>维持</td><td><p>结果</p><p>纠正</p></td><td rowspan="2">x</td><td>a</td><td>b</td><td>c</td><td>d</td></tr>
            <tr><td>1</td><td>&nbsp;</td><td>2</td><td>3</td><td>4</td><td>5</td></tr></table></body></html>"#;
        let doc = read(html).unwrap();
        assert_eq!(
            doc.row_texts(),
            vec![
                vec![
                    "行政复议",
                    "行政复议",
                    "行政复议",
                    "行政复议",
                    "行政复议",
                    "行政诉讼",
                    "行政诉讼"
                ],
                vec!["结果维持", "结果纠正", "x", "a", "b", "c", "d"],
                vec!["1", "", "x", "2", "3", "4", "5"],
            ]
        );
        let texts: Vec<&str> = doc.lines().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["t", "四、政府信息公开行政复议、行政诉讼情况"]);
    }

    #[test]
    fn a_number_spanning_to_the_row_end_is_one_cell_one_spanning_inside_keeps_the_next_in_place() {
        let html = r#"<table><tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
            <tr><td>行政许可</td><td colspan="3">11398889</td></tr>
            <tr><td>规章</td><td colspan="2">5</td><td>6</td></tr></table>"#;
        let doc = read(html).unwrap();
        assert_eq!(
            doc.row_texts(),
            vec![
                vec![
                    "信息内容",
                    "本年处理决定数量",
                    "本年处理决定数量",
                    "本年处理决定数量"
                ],
                vec!["行政许可", "11398889"],
                vec!["规章", "5", "", "6"],
            ]
        );
    }

    #[test]
    fn layout_tables_are_read_as_flow() {
        let html = "<table><tr><td><p>二、主动公开政府信息情况</p><table><tr><td>规章</td><td>0</td></tr></table></td></tr></table>";
        let doc = read(html).unwrap();
        assert_eq!(doc.row_texts(), vec![vec!["规章", "0"]]);
    }
}
