//! Reads plain-text reports into rows of cells. Three flattenings of a table are recognised line
//! by line, and may mix in one file:
//! - tab-separated rows: a line with a tab after its first character is one row;
//! - Word "one cell per line" exports (seeds 003, 004): a line that starts with its only tab
//!   opens a cell, a following line without a tab continues that cell, a blank line ends the row;
//! - markdown pipe tables: `| a | b |` rows, `|---|` separator rows skipped.
//!
//! Everything else is running text.

use super::{Block, Cell, Document, Line, Row};
use crate::normalize::normalize;

/// Reads decoded text into a [`Document`].
pub fn read(text: &str) -> Document {
    let mut reader = Reader::default();
    let lone_cr = !text.contains('\n') && text.contains('\r');
    let lines: Box<dyn Iterator<Item = &str>> = if lone_cr {
        Box::new(text.split('\r'))
    } else {
        Box::new(text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)))
    };
    for (index, line) in lines.enumerate() {
        reader.line(line, u32::try_from(index + 1).unwrap_or(u32::MAX));
    }
    reader.flush();
    Document {
        blocks: reader.blocks,
    }
}

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    /// The Word-export row being assembled, and the raw text of its last cell.
    word_row: Option<(Row, String)>,
}

impl Reader {
    fn line(&mut self, line: &str, number: u32) {
        if line.trim().is_empty() {
            self.flush();
        } else if let Some(cells) = pipe_cells(line) {
            self.flush();
            if !cells.iter().all(|c| is_separator(c)) {
                self.push_row(
                    cells.into_iter().map(|c| Cell::new(c, number)).collect(),
                    number,
                );
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
                            joined: false,
                            x: None,
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
                    joined: false,
                    x: None,
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
        if line.chars().count() > 60 || crate::extract::patterns::is_section_heading(line) {
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
    }
}

/// A line ending in whitespace-separated values (at least one holding a digit), after a label
/// of no sentence: `一、本年新收政府信息公开申请数量   3   0   0   0   0   0   3`, `0 0 0 0 0`.
fn spaced_row(line: &str) -> Option<(&str, Vec<(&str, u32)>)> {
    let tokens: Vec<(usize, &str)> = line
        .split_whitespace()
        .map(|t| (t.as_ptr() as usize - line.as_ptr() as usize, t))
        .collect();
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

fn is_value_token(token: &str) -> bool {
    !matches!(
        crate::extract::number::parse(&normalize(token)),
        crate::extract::number::Parsed::Text
    )
}

/// A top-level section heading (not a row label such as 四、结转下年度继续办理).
fn is_heading(text: &str) -> bool {
    crate::extract::sections::heading(&normalize(text)).is_some()
}

/// A short text line that can be a row label printed above its values.
fn is_label_line(text: &str) -> bool {
    text.chars().count() <= 60
        && !text.contains('。')
        && !is_heading(text)
        && text.chars().any(crate::normalize::is_cjk)
}

/// A line that starts a row label: `(一)…`, `1.…`, `一、…`.
fn starts_numbered(text: &str) -> bool {
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

/// The cells of a markdown pipe-table row.
fn pipe_cells(line: &str) -> Option<Vec<&str>> {
    let t = line.trim();
    let inner = t.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    if !t[1..].contains('|') && !t.ends_with('|') {
        return None;
    }
    Some(inner.split('|').collect())
}

fn is_separator(cell: &str) -> bool {
    let c = cell.trim().trim_matches(':');
    c.len() >= 2 && c.chars().all(|ch| ch == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_separated_rows_keep_blank_cells() {
        let doc = read("二、主动公开政府信息情况\r\n规章\t0\t\t3\r\n");
        assert_eq!(doc.row_texts(), vec![vec!["规章", "0", "", "3"]]);
        assert_eq!(doc.lines().next().map(|l| l.line), Some(1));
    }

    #[test]
    fn word_export_cells_continue_and_end_at_blank_line() {
        let text = "\t信息内容\n\t本年新\n制作数量\n\t对外公开总数量\n\n\t规章\n\t0\n\t 3 \n\n三、收到和处理政府信息公开申请情况\n";
        let doc = read(text);
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
        let doc = read("\t政府集中采购\n\t149\n三、收到和处理政府信息公开申请情况\n");
        assert_eq!(doc.row_texts(), vec![vec!["政府集中采购", "149"]]);
        assert_eq!(doc.lines().count(), 1);
    }

    #[test]
    fn space_separated_rows_and_labels_above_their_values() {
        let text = "四、政府信息公开行政复议、行政诉讼情况\n规章   0   0   0\n（二）部分公开（区分处理的，只计这一情形，\n不计其他情形）\n1  0  0  0  0  0  1\n0 0 0 0 0\n全年共办理 3 件\n六、其他需要报告的事项 无\n";
        let doc = read(text);
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
    fn markdown_pipe_tables() {
        let doc = read("| 信息内容 | 本年制发件数 |\n|---|:---:|\n| 规章 | 0 |\n");
        assert_eq!(
            doc.row_texts(),
            vec![vec!["信息内容", "本年制发件数"], vec!["规章", "0"]]
        );
    }
}
