//! Reads plain-text reports into rows of cells. These flattenings of a table are recognised line
//! by line (the pipe forms' line grammar is in [`super::pipes`]), and may mix in one file:
//! - tab-separated rows: a line with a tab after its first character is one row;
//! - Word "one cell per line" exports (seeds 003, 004): a line that starts with its only tab
//!   opens a cell, a following line without a tab continues that cell, a blank line ends the row;
//! - markdown pipe tables: `| a | b |` rows, `|---|` separator rows skipped;
//! - web pages converted to text with a pipe after each cell: `a | b | c | ||` rows (the trailing
//!   pipes pad the row to the table's width), or one cell per line (`a |`) with a line holding
//!   only `|` before each row, where a further lone `|` is a blank cell;
//! - one cell per line with no row boundaries (`a |` lines, or short lines with or without blank
//!   lines between, as web pages copied cell by cell give): a run of such lines holding at least
//!   six lone numbers is joined into one running line, which `inline` cuts into rows at the
//!   template's labels, like any web page flattened into text;
//! - HTML tables inside text (`<table>…</table>`, as PDF-to-markdown converters such as MinerU
//!   write them): each is read by the HTML reader, in its place.
//!
//! Everything else is running text.

use std::sync::LazyLock;

use regex::Regex;

use super::pipes::{BarTable, bar_cell, is_separator, pipe_cells, trailing_pipe_cells};
use super::{Block, Cell, Document, Line, Row};
use crate::limits::{Cells, OverBudget};
use crate::template::headings::{heading, starts_like_heading};
use crate::text::normalize;
use crate::text::number::{is_lone_number, is_value_token};

/// An HTML table inside text.
static HTML_TABLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<table\b.*?</table\s*>").expect("pattern compiles"));

/// Reads decoded text into a [`Document`], or [`OverBudget`] when HTML tables in it are nested too
/// deep or expand past the file's cells budget.
pub fn read(text: &str) -> Result<Document, OverBudget> {
    let mut reader = Reader::default();
    let lone_cr = !text.contains('\n') && text.contains('\r');
    let lines: Box<dyn Iterator<Item = &str>> = if lone_cr {
        Box::new(text.split('\r'))
    } else {
        Box::new(text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)))
    };
    let tables: Vec<(usize, usize)> = if text.contains("</t") {
        HTML_TABLE
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect()
    } else {
        Vec::new()
    };
    if !tables.is_empty() {
        return read_with_tables(reader, text, &tables);
    }
    for (index, line) in lines.enumerate() {
        reader.line(line, u32::try_from(index + 1).unwrap_or(u32::MAX));
    }
    Ok(reader.finish())
}

/// Text with HTML tables in it: the text between them read line by line, each table by the HTML
/// reader, its rows given the line the table starts on (and the ones after, within the table).
fn read_with_tables(
    mut reader: Reader,
    text: &str,
    tables: &[(usize, usize)],
) -> Result<Document, OverBudget> {
    let mut cells = Cells::default();
    let line_at =
        |at: usize| u32::try_from(text[..at].matches('\n').count() + 1).unwrap_or(u32::MAX);
    let mut from = 0;
    for &(start, end) in tables
        .iter()
        .chain(std::iter::once(&(text.len(), text.len())))
    {
        let first = line_at(from);
        for (i, line) in text[from..start].split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            reader.line(line, first + u32::try_from(i).unwrap_or(0));
        }
        if start == end {
            break;
        }
        reader.end_run();
        reader.flush();
        let (top, bottom) = (line_at(start), line_at(end));
        let place = |n: u32| (top + n.saturating_sub(1)).min(bottom);
        for block in super::html::read_within(&text[start..end], &mut cells)?.blocks {
            reader.blocks.push(match block {
                Block::Row(mut row) => {
                    row.line = place(row.line);
                    for cell in &mut row.cells {
                        cell.line = place(cell.line);
                    }
                    Block::Row(row)
                }
                Block::Text(mut line) => {
                    line.line = place(line.line);
                    Block::Text(line)
                }
            });
        }
        from = end;
    }
    Ok(reader.finish())
}

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    /// The Word-export row being assembled, and the raw text of its last cell.
    word_row: Option<(Row, String)>,
    /// A table of one cell per line after a lone `|`.
    bar_table: Option<BarTable>,
    /// Lines that may be a table printed one cell per line, held until the run ends.
    run: Vec<(String, u32)>,
    /// Set while held lines are read again one by one.
    replaying: bool,
}

/// Lone numbers a run of one-cell lines must hold to be read as a table.
const RUN_NUMBERS: usize = 6;

impl Reader {
    fn line(&mut self, line: &str, number: u32) {
        if super::markdown::is_page_footer(line) {
            return;
        }
        if self.bar_line(line, number) {
            return;
        }
        if !self.replaying {
            if run_cell(line).is_some() {
                self.run.push((line.to_owned(), number));
                return;
            }
            self.end_run();
        }
        if line.trim().is_empty() {
            self.flush();
        } else if line.trim() == "|" {
            self.flush();
            self.bar_table = Some(BarTable {
                bars: 1,
                ..BarTable::default()
            });
        } else if let Some(cells) = trailing_pipe_cells(line) {
            self.flush();
            self.pipe_row(&cells, number);
        } else if let Some(cells) = pipe_cells(line) {
            self.flush();
            if !cells.iter().all(|c| is_separator(c)) {
                self.pipe_row(&cells, number);
            }
        } else if let Some(cell) = word_cell(line) {
            self.word_cell(cell, number);
        } else if line.contains('\t') {
            self.flush();
            self.push_row(
                line.split('\t').map(|c| Cell::new(c, number)).collect(),
                number,
            );
        } else if !self.continue_cell(line) {
            self.flush();
            match spaced_row(line) {
                Some((label, values)) => self.spaced_row(label, &values, number),
                None => self.blocks.push(Block::Text(Line {
                    text: normalize(line),
                    line: number,
                    whole_cells: false,
                })),
            }
        }
    }

    /// A row whose cells are separated by spaces (text dumps of PDFs and web pages). A row of
    /// bare values takes its label from the short line or two printed just above it.
    fn spaced_row(&mut self, label: &str, values: &[(&str, u32)], number: u32) {
        let mut label_cells = Vec::new();
        if label.is_empty() {
            for _ in 0..2 {
                let Some(Block::Text(prev)) = self.blocks.last() else {
                    break;
                };
                if !is_label_line(&prev.text) {
                    break;
                }
                let starts_label = starts_numbered(&prev.text);
                if let Some(Block::Text(prev)) = self.blocks.pop() {
                    label_cells.insert(
                        0,
                        Cell {
                            text: prev.text.clone(),
                            raw: prev.text,
                            line: prev.line,
                            ..Cell::new("", prev.line)
                        },
                    );
                }
                if starts_label {
                    break;
                }
            }
        } else {
            // A label broken over lines around its values (`1、申请人无正当理由逾期不补` /
            // `正、行政机关不再处理其政府信  67 3 0 0 1 0 71`): the numbered start comes first.
            if !starts_numbered(&normalize(label))
                && let Some(Block::Text(prev)) = self.blocks.last()
                && is_label_line(&prev.text)
                && starts_numbered(&prev.text)
                && let Some(Block::Text(prev)) = self.blocks.pop()
            {
                label_cells.push(Cell {
                    text: prev.text.clone(),
                    raw: prev.text,
                    line: prev.line,
                    ..Cell::new("", prev.line)
                });
            }
            label_cells.push(Cell::new(label, number));
        }
        let line = label_cells.first().map_or(number, |c| c.line);
        let mut cells = label_cells;
        cells.extend(values.iter().map(|&(v, x)| Cell {
            joined: true,
            x: Some(x),
            ..Cell::new(v, number)
        }));
        self.push_row(cells, line);
    }

    /// A line of a one-cell-per-line pipe table, if one is open: a lone `|` (the start of the
    /// next row, or a blank cell of this one if another lone `|` follows), or a cell `a | ||`.
    /// Any other line closes the table and is read as usual.
    fn bar_line(&mut self, line: &str, number: u32) -> bool {
        let Some(table) = &mut self.bar_table else {
            return false;
        };
        let t = line.trim();
        if t.is_empty() {
            return true;
        }
        if t == "|" {
            table.bars += 1;
            return true;
        }
        let Some(cell) = bar_cell(t) else {
            self.close_bar_table();
            return false;
        };
        // Of the lone bars since the last cell, the last opens this row; the others were blank
        // cells of the row before.
        if table.bars > 0 {
            table.end_row();
        }
        table
            .open
            .get_or_insert_with(|| Row {
                cells: Vec::new(),
                line: number,
            })
            .cells
            .push(Cell::new(cell, number));
        true
    }

    /// Ends a run of one-cell lines: a table (enough lone numbers) becomes one running line of
    /// its cells; anything else is read line by line as usual.
    fn end_run(&mut self) {
        // Each table of a run keeps its own layout: the run is cut before each section heading.
        let mut chunks: Vec<Vec<(String, u32)>> = vec![Vec::new()];
        for held in std::mem::take(&mut self.run) {
            if is_heading(held.0.trim()) && chunks.last().is_some_and(|c| !c.is_empty()) {
                chunks.push(Vec::new());
            }
            if let Some(chunk) = chunks.last_mut() {
                chunk.push(held);
            }
        }
        for chunk in chunks {
            self.end_chunk(chunk);
        }
    }

    /// Ends one section's part of a run of one-cell lines.
    fn end_chunk(&mut self, mut run: Vec<(String, u32)>) {
        // A lone `|` right before a cell `a |` opens a row: the layout of one cell per line with
        // a lone pipe before each row, read row by row.
        let bar_rows = run.windows(2).any(|w| {
            w[0].0.trim() == "|" && {
                let t = w[1].0.trim();
                t != "|" && t.ends_with('|') && bar_cell(t).is_some_and(|c| !c.is_empty())
            }
        });
        if bar_rows {
            self.replay(&run);
            return;
        }
        let numbers = run
            .iter()
            .filter_map(|(l, _)| run_cell(l))
            .filter(|c| is_lone_number(c))
            .count();
        if numbers >= RUN_NUMBERS {
            // The lines before the run's first section heading (a title, the body's name) are
            // read as usual; the table starts at the heading.
            let start = run
                .iter()
                .position(|(l, _)| is_heading(l.trim()))
                .unwrap_or(0);
            let table = run.split_off(start);
            self.replay(&run);
            self.flush();
            let run = table;
            let cells: Vec<&str> = run.iter().filter_map(|(l, _)| run_cell(l)).collect();
            let first = run
                .iter()
                .find(|(l, _)| !l.trim().is_empty())
                .map_or(0, |(_, n)| *n);
            let joined: Vec<&str> = cells.into_iter().filter(|c| !c.is_empty()).collect();
            self.blocks.push(Block::Text(Line {
                text: normalize(&joined.join(" ")),
                line: first,
                whole_cells: true,
            }));
            return;
        }
        self.replay(&run);
    }

    /// The document, once every line is read: held lines and open rows ended.
    fn finish(mut self) -> Document {
        self.end_run();
        self.flush();
        Document {
            blocks: self.blocks,
        }
    }

    /// Reads held lines one by one, as if they had not been held.
    fn replay(&mut self, lines: &[(String, u32)]) {
        self.replaying = true;
        for (line, number) in lines {
            self.line(line, *number);
        }
        self.replaying = false;
    }

    /// Ends a lone-pipe table, if one is open.
    fn close_bar_table(&mut self) {
        if let Some(table) = self.bar_table.take() {
            self.blocks.extend(table.into_blocks());
        }
    }

    /// A row of pipe-separated cells; a whole table printed as one such row (`规章 | 0 | 0 | 0 |
    /// 规范性文件 | 0 | …`: a label after a number) becomes one running line of whole cells, cut
    /// into rows at the template's labels.
    fn pipe_row(&mut self, cells: &[&str], number: u32) {
        // A page number the converter put in a table row of its own (`| - 3 | - |`).
        let text: Vec<&str> = cells
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        if super::markdown::is_page_footer(&text.join(" ")) {
            return;
        }
        if super::pipes::merged_rows(cells.iter().map(|c| normalize(c))) {
            let joined: Vec<&str> = cells
                .iter()
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
                .collect();
            self.blocks.push(Block::Text(Line {
                text: normalize(&joined.join(" ")),
                line: number,
                whole_cells: true,
            }));
        } else {
            let cells = cells.iter().flat_map(|c| super::markdown::cells(c, number));
            self.push_row(cells.collect(), number);
        }
    }

    fn push_row(&mut self, cells: Vec<Cell>, line: u32) {
        self.blocks.push(Block::Row(Row { cells, line }));
    }

    fn word_cell(&mut self, raw: &str, number: u32) {
        let cell = Cell::new(raw, number);
        match &mut self.word_row {
            Some((row, last_raw)) => {
                row.cells.push(cell);
                *last_raw = raw.to_owned();
            }
            None => {
                let row = Row {
                    cells: vec![cell],
                    line: number,
                };
                self.word_row = Some((row, raw.to_owned()));
            }
        }
    }

    /// A line without a tab inside a Word-export row continues its last cell (a line break inside
    /// the cell), unless it reads as a section heading or a paragraph.
    fn continue_cell(&mut self, line: &str) -> bool {
        let Some((row, last_raw)) = &mut self.word_row else {
            return false;
        };
        if line.chars().count() > 60 || starts_like_heading(line) {
            return false;
        }
        last_raw.push('\n');
        last_raw.push_str(line.trim());
        if let Some(cell) = row.cells.last_mut() {
            let line_no = cell.line;
            *cell = Cell::new(&last_raw.replace('\n', " "), line_no);
            cell.raw = last_raw.clone();
        }
        true
    }

    fn flush(&mut self) {
        if let Some((row, _)) = self.word_row.take() {
            self.blocks.push(Block::Row(row));
        }
        self.close_bar_table();
    }
}

/// A line ending in whitespace-separated values (at least one holding a digit), after a label
/// of no sentence: `一、本年新收政府信息公开申请数量   3   0   0   0   0   0   3`, `0 0 0 0 0`.
fn spaced_row(line: &str) -> Option<(&str, Vec<(&str, u32)>)> {
    let mut tokens: Vec<(usize, &str)> = line
        .split_whitespace()
        .map(|t| (t.as_ptr() as usize - line.as_ptr() as usize, t))
        .collect();
    // An amount's unit printed after its number (`6805947.43 元`) belongs to it (a count's
    // `3 件` after a phrase is prose).
    let mut i = 1;
    while i < tokens.len() {
        let (at, unit) = tokens[i];
        let (prev_at, prev) = tokens[i - 1];
        if matches!(unit, "元" | "万元")
            && is_value_token(prev)
            && prev.bytes().any(|b| b.is_ascii_digit())
        {
            tokens[i - 1] = (prev_at, &line[prev_at..at + unit.len()]);
            tokens.remove(i);
        } else {
            i += 1;
        }
    }
    let first_value = tokens
        .iter()
        .rposition(|(_, t)| !is_value_token(t))
        .map_or(0, |i| i + 1);
    // Twice the centre column: start column * 2 + length in characters.
    let centre = |at: usize, t: &str| (2 * line[..at].chars().count() + t.chars().count()) as u32;
    let values: Vec<(&str, u32)> = tokens[first_value..]
        .iter()
        .map(|&(at, t)| (t, centre(at, t)))
        .collect();
    if values.is_empty()
        || !values
            .iter()
            .any(|(v, _)| v.bytes().any(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let label = line[..tokens[first_value].0].trim();
    let label_ok = label.is_empty()
        || (!label.contains('。') && label.chars().count() <= 80 && !is_heading(label));
    label_ok.then_some((label, values))
}

/// A top-level section heading (not a row label such as 四、结转下年度继续办理).
fn is_heading(text: &str) -> bool {
    heading(&normalize(text)).is_some()
}

/// A short text line that can be a row label printed above its values.
fn is_label_line(text: &str) -> bool {
    text.chars().count() <= 60
        && !text.contains('。')
        && !is_heading(text)
        && text.chars().any(crate::text::is_cjk)
}

/// A line that starts a row label: `(一)…`, `1.…`, `一、…`.
pub(super) fn starts_numbered(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some('(') => true,
        Some(c) if c.is_ascii_digit() || "一二三四五六七八九十".contains(c) => chars
            .next()
            .is_some_and(|d| matches!(d, '.' | '、') || d.is_ascii_digit()),
        _ => false,
    }
}

/// The cell of a Word-export line: the line starts with its only tab.
fn word_cell(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('\t')?;
    (!rest.contains('\t')).then_some(rest)
}

/// The cell a line holds if it can belong to a table printed one cell per line: a blank line or
/// a line of pipes only (`""`), a short line with no tab and no sentence, or a line `a |` /
/// `0 | ||`.
fn run_cell(line: &str) -> Option<&str> {
    let t = line.trim();
    if line.contains('\t') {
        return None;
    }
    if !t.is_empty() && t.bytes().all(|b| b == b'|' || b == b' ') {
        return Some(""); // a line of pipes only: a row's end, padding or a blank cell
    }
    let cell = if t.ends_with('|') && !t.starts_with('|') {
        bar_cell(t)?
    } else if t.contains('|') {
        return None;
    } else {
        t
    };
    let short = cell.chars().count() <= 60 && !cell.contains('。');
    let one_value = !cell.contains(' ') || !cell.split_whitespace().all(is_value_token);
    (short && (one_value || is_lone_number(cell))).then_some(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_separated_rows_keep_blank_cells() {
        let doc = read("二、主动公开政府信息情况\r\n规章\t0\t\t3\r\n").unwrap();
        assert_eq!(doc.row_texts(), vec![vec!["规章", "0", "", "3"]]);
        assert_eq!(doc.lines().next().map(|l| l.line), Some(1));
    }

    #[test]
    fn word_export_cells_continue_and_end_at_blank_line() {
        let text = "\t信息内容\n\t本年新\n制作数量\n\t对外公开总数量\n\n\t规章\n\t0\n\t 3 \n\n三、收到和处理政府信息公开申请情况\n";
        let doc = read(text).unwrap();
        assert_eq!(
            doc.row_texts(),
            vec![
                vec!["信息内容", "本年新制作数量", "对外公开总数量"],
                vec!["规章", "0", "3"]
            ]
        );
        let Block::Row(first) = &doc.blocks[0] else {
            panic!("row expected")
        };
        assert_eq!(first.cells[1].raw, "本年新\n制作数量");
        assert_eq!(first.cells[2].line, 4);
        assert!(matches!(&doc.blocks[2], Block::Text(l) if l.line == 10));
    }

    #[test]
    fn a_heading_right_after_a_word_row_is_not_a_cell() {
        let doc = read("\t政府集中采购\n\t149\n三、收到和处理政府信息公开申请情况\n").unwrap();
        assert_eq!(doc.row_texts(), vec![vec!["政府集中采购", "149"]]);
        assert_eq!(doc.lines().count(), 1);
    }

    #[test]
    fn space_separated_rows_and_labels_above_their_values() {
        let text = "四、政府信息公开行政复议、行政诉讼情况\n规章   0   0   0\n（二）部分公开（区分处理的，只计这一情形，\n不计其他情形）\n1  0  0  0  0  0  1\n0 0 0 0 0\n全年共办理 3 件\n六、其他需要报告的事项 无\n";
        let doc = read(text).unwrap();
        assert_eq!(
            doc.row_texts(),
            vec![
                vec!["规章", "0", "0", "0"],
                vec![
                    "(二)部分公开(区分处理的,只计这一情形,",
                    "不计其他情形)",
                    "1",
                    "0",
                    "0",
                    "0",
                    "0",
                    "0",
                    "1"
                ],
                vec!["0", "0", "0", "0", "0"],
            ]
        );
        let texts: Vec<&str> = doc.lines().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "四、政府信息公开行政复议、行政诉讼情况",
                "全年共办理 3 件",
                "六、其他需要报告的事项无"
            ]
        );
    }

    #[test]
    fn a_unit_after_its_number_is_part_of_the_cell() {
        let doc = read("政府集中采购        15        6805947.43 元\n").unwrap();
        assert_eq!(
            doc.row_texts(),
            vec![vec!["政府集中采购", "15", "6805947.43 元"]]
        );
    }

    #[test]
    fn rows_with_a_pipe_after_each_cell_and_padding_pipes() {
        let doc = read(
            "第二十条第(五)项 | |||\n信息内容 | 本年处理决定数量 | ||\n行政许可 | 0 | ||\n\
             三、本年度办理结果 | (一)予以公开 | 1 | 0 | | 0 | 1 | |\n规章 | 0 | 0 | 3\n",
        )
        .unwrap();
        assert_eq!(
            doc.row_texts(),
            vec![
                vec!["第二十条第(五)项"],
                vec!["信息内容", "本年处理决定数量"],
                vec!["行政许可", "0"],
                vec!["三、本年度办理结果", "(一)予以公开", "1", "0", "", "0", "1"],
                vec!["规章", "0", "0", "3"],
            ]
        );
    }

    #[test]
    fn one_cell_per_line_after_a_lone_pipe_and_lone_pipes_as_blank_cells() {
        let doc = read(
            "二、主动公开政府信息情况\n|\n第二十条第(一)项 | |||\n|\n信息内容 |\n本年制发件数 |\n\
             |\n规章 |\n0 |\n0 |\n|\n|\n行政规范性文件 |\n5 |\n12 |\n8 |\n|\n行政许可 |\n0 | ||\n\
             三、收到和处理政府信息公开申请情况\n",
        )
        .unwrap();
        assert_eq!(
            doc.row_texts(),
            vec![
                vec!["第二十条第(一)项"],
                vec!["信息内容", "本年制发件数"],
                vec!["规章", "0", "0", ""],
                vec!["行政规范性文件", "5", "12", "8"],
                vec!["行政许可", "0"],
            ]
        );
        let texts: Vec<&str> = doc.lines().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "二、主动公开政府信息情况",
                "三、收到和处理政府信息公开申请情况"
            ]
        );
    }

    #[test]
    fn a_run_of_one_cell_lines_with_six_lone_numbers_is_one_running_line() {
        let doc = read(
            "二、主动公开政府信息情况\n\n信息内容\n\n本年制发件数\n\n规章\n\n0\n\n0\n\n0\n\n\
             行政规范性文件\n\n77\n\n132\n\n470\n\n这是一段说明文字，它比四十个字符更长，所以它结束了这一串单元格，不属于表格。\n",
        ).unwrap();
        let texts: Vec<&str> = doc.lines().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "二、主动公开政府信息情况信息内容本年制发件数规章 0 0 0 行政规范性文件 77 132 470",
                "这是一段说明文字,它比四十个字符更长,所以它结束了这一串单元格,不属于表格。"
            ]
        );
        assert_eq!(doc.lines().next().map(|l| l.line), Some(1));
        // Pipes after each cell and no row boundaries: the same.
        let doc = read("规章 |\n0 |\n0 |\n0 |\n行政规范性文件 |\n5 |\n12 |\n8 | ||\n").unwrap();
        assert_eq!(
            doc.lines().map(|l| l.text.as_str()).collect::<Vec<_>>(),
            ["规章 0 0 0 行政规范性文件 5 12 8"]
        );
    }

    #[test]
    fn short_lines_with_few_lone_numbers_are_read_line_by_line() {
        let doc = read("联系电话\n\n0591\n\n规章 0 0 0\n").unwrap();
        assert_eq!(
            doc.row_texts(),
            vec![vec!["联系电话", "0591"], vec!["规章", "0", "0", "0"]]
        );
    }

    #[test]
    fn markdown_pipe_tables() {
        let doc = read("| 信息内容 | 本年制发件数 |\n|---|:---:|\n| 规章 | 0 |\n").unwrap();
        assert_eq!(
            doc.row_texts(),
            vec![vec!["信息内容", "本年制发件数"], vec!["规章", "0"]]
        );
    }
}
