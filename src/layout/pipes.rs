//! The line grammar of tables printed with pipes: markdown rows (`| a | b |`, `|---|` separators),
//! rows with a pipe after each cell and padding pipes (`a | b | c | ||`), one cell per line
//! (`a |`, `0 | ||`), and the table printed with a lone `|` before each row.

use super::{Block, Cell, Line, Row};
use crate::text::normalize;
use crate::text::number::{is_lone_number, is_value_token, remarked};

/// A table printed one cell per line with a lone `|` before each row.
#[derive(Default)]
pub struct BarTable {
    /// The rows read so far.
    pub rows: Vec<Row>,
    /// The row being assembled.
    pub open: Option<Row>,
    /// Lone `|` lines since the last cell.
    pub bars: usize,
}

impl BarTable {
    /// Closes the open row: of the lone bars after its last cell, all but the one that opens the
    /// next row are blank cells of it.
    pub fn end_row(&mut self) {
        if let Some(mut row) = self.open.take() {
            for _ in 0..self.bars.saturating_sub(1) {
                row.cells.push(Cell::new("", row.line));
            }
            self.rows.push(row);
        }
        self.bars = 0;
    }

    /// The table's blocks once it ends. If a row holds a label after a number, the lone pipes
    /// were blank cells, not row starts (a table printed one cell per line with no row
    /// boundaries): its cells become one running line, as for any such run.
    pub fn into_blocks(mut self) -> Vec<Block> {
        self.end_row();
        let merged = self
            .rows
            .iter()
            .any(|r| merged_rows(r.cells.iter().map(|c| c.text.as_str())));
        if !merged {
            return self.rows.into_iter().map(Block::Row).collect();
        }
        let line = self.rows.first().map_or(0, |r| r.line);
        let cells: Vec<&str> = self
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .map(|c| c.raw.as_str())
            .filter(|c| !c.is_empty())
            .collect();
        vec![Block::Text(Line {
            text: normalize(&cells.join(" ")),
            line,
            whole_cells: true,
        })]
    }
}

/// The cells of a row printed `a | b | c | ||` (no leading pipe, a pipe after each cell, and
/// empty cells at the end that pad the row to its table's width, dropped) or `a | b | c`. A line
/// ending in a pipe with no cell before it is not one, nor a line with a single inner pipe.
pub fn trailing_pipe_cells(line: &str) -> Option<Vec<&str>> {
    let t = line.trim();
    if t.starts_with('|') || !(t.ends_with('|') || t.matches('|').count() >= 2) {
        return None;
    }
    let t = t.strip_suffix('|').unwrap_or(t);
    let mut cells: Vec<&str> = t.split('|').map(str::trim).collect();
    while cells.last().is_some_and(|c| c.is_empty()) {
        cells.pop();
    }
    (!cells.is_empty()).then_some(cells)
}

/// The cell of a line in a one-cell-per-line pipe table: `a |`, `0 | ||` (the pipes after the
/// first pad the row), or None for a line with more than one cell's text.
pub fn bar_cell(t: &str) -> Option<&str> {
    let (cell, rest) = t.split_once('|')?;
    rest.chars()
        .all(|c| c == '|' || c.is_whitespace())
        .then(|| cell.trim())
}

/// The cells of a markdown pipe-table row.
pub fn pipe_cells(line: &str) -> Option<Vec<&str>> {
    let t = line.trim();
    let inner = t.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    if !t[1..].contains('|') && !t.ends_with('|') {
        return None;
    }
    Some(inner.split('|').collect())
}

/// A markdown separator cell (`---`, `:---:`).
pub fn is_separator(cell: &str) -> bool {
    let c = cell.trim().trim_matches(':');
    c.len() >= 2 && c.chars().all(|ch| ch == '-')
}

/// Whether a row's cells (normalised) hold a label after a number: several rows run into one (a
/// number with a remark, `22(其中修订16件)`, is a value).
pub fn merged_rows<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> bool {
    cells
        .into_iter()
        .skip_while(|c| !is_lone_number(c.as_ref()))
        .any(|c| {
            let c = c.as_ref();
            !c.is_empty() && !is_value_token(c) && remarked(c).is_none()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cells_each_line_form_gives() {
        assert_eq!(
            trailing_pipe_cells("行政许可 | 0 | ||"),
            Some(vec!["行政许可", "0"])
        );
        assert_eq!(
            trailing_pipe_cells("规章 | 0 | | 3"),
            Some(vec!["规章", "0", "", "3"])
        );
        assert_eq!(trailing_pipe_cells("| a | b |"), None);
        assert_eq!(trailing_pipe_cells("首页 | 政务公开"), None);
        assert_eq!(bar_cell("0 | ||"), Some("0"));
        assert_eq!(bar_cell("a | b |"), None);
        assert_eq!(pipe_cells("| 规章 | 0 |"), Some(vec![" 规章 ", " 0 "]));
        assert!(is_separator(":---:"));
    }
}
