//! The layout layer: a report read into a sequence of text lines and table rows of cells, each
//! with its line in the decoded text. Every reader (plain text, HTML, JSON-embedded pages, DOCX,
//! Word 97-2003 .doc, PDF) produces this one structure, and the extractor reads nothing else. [`inline`] then
//! recovers the rows of tables that were flattened into running text.

pub mod doc;
pub mod docx;
mod grid;
pub mod html;
pub mod inline;
pub mod json;
pub mod markdown;
pub mod ocr;
pub mod pdf;
pub mod pipes;
pub mod pixels;
pub mod positioned;
mod rowlabels;
pub mod text;

use crate::limits::{Cells, TooManyCells};

/// A cell of a table row.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// The cell text after normalisation (see [`crate::text::normalize()`]).
    pub text: String,
    /// The cell text as printed.
    pub raw: String,
    /// 1-based line in the decoded text where the cell starts.
    pub line: u32,
    /// The cell comes from text whose cell boundaries were lost (a web page flattened into
    /// running text): it may hold the digits of several cells run together (`713000074`), and an
    /// empty cell may have vanished beside it.
    pub joined: bool,
    /// Twice the column of the cell's centre in its printed line, for cells of text dumps laid out
    /// by position (`pdftotext -layout`): blank cells are placed by it.
    pub x: Option<u32>,
    /// OCR's confidence in the cell's text, 0 to 100 (the least of its words'), for cells of
    /// scanned pages; `None` for text that was printed as text.
    pub conf: Option<f32>,
}

impl Cell {
    /// A cell from its printed text.
    pub fn new(raw: &str, line: u32) -> Self {
        Cell {
            text: crate::text::normalize(raw),
            raw: raw.trim().to_owned(),
            line,
            joined: false,
            x: None,
            conf: None,
        }
    }
}

/// A table cell as a Word reader finds it: its text, the grid columns it spans, and whether it
/// continues a vertical merge from the row above (`vMerge`, or a .doc cell's merge flag).
#[derive(Debug, Default)]
pub struct SpanCell {
    /// The cell's text as printed.
    pub text: String,
    /// Grid columns covered (at least 1).
    pub span: usize,
    /// Continues the vertical merge of the cell above.
    pub continues: bool,
}

/// Lays a table's rows of spanning cells out on its grid and appends them to `blocks`, each
/// row on the next `line`: a label is repeated in every slot it covers (across a span and
/// down a vertical merge), a number stays in its first slot only. Rows with no text are left
/// out. Each row's slots, and the text copied into them, are paid from the file's `cells`
/// budget before they are made.
///
/// # Errors
/// [`TooManyCells`] when the budget does not hold a row.
pub fn grid_rows(
    rows: Vec<Vec<SpanCell>>,
    line: &mut u32,
    blocks: &mut Vec<Block>,
    cells: &mut Cells,
) -> Result<(), TooManyCells> {
    let mut above: Vec<String> = Vec::new();
    for row in rows {
        cells.spend(row.iter().map(|c| c.span.max(1)).sum())?;
        let mut texts: Vec<String> = Vec::new();
        for cell in row {
            let start = texts.len();
            let text = if cell.continues {
                above
                    .get(start)
                    .filter(|t| crate::text::number::is_label(t))
                    .cloned()
                    .unwrap_or_default()
            } else {
                cell.text.trim().to_owned()
            };
            let copies = match crate::text::number::is_label(&text) {
                true => cell.span.max(1),
                false => 1,
            };
            cells.spend_text(text.len().saturating_mul(copies))?;
            for k in 0..cell.span.max(1) {
                texts.push(if k == 0 || crate::text::number::is_label(&text) {
                    text.clone()
                } else {
                    String::new()
                });
            }
        }
        *line += 1;
        let cells: Vec<Cell> = texts.iter().map(|t| Cell::new(t, *line)).collect();
        if cells.iter().any(|c| !c.text.is_empty()) {
            blocks.push(Block::Row(Row { cells, line: *line }));
        }
        above = texts;
    }
    Ok(())
}

/// A line of running text (paragraph or heading), outside any table.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// The text after normalisation.
    pub text: String,
    /// 1-based line number in the decoded text.
    pub line: u32,
    /// The line is a table's cells joined with spaces, each token a whole cell (a table printed
    /// one cell per line): digits are never split, though blank cells may have vanished.
    pub whole_cells: bool,
}

/// One row of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The cells in printed order, blanks included.
    pub cells: Vec<Cell>,
    /// 1-based line where the row starts.
    pub line: u32,
}

/// A piece of a document in reading order.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// Running text.
    Text(Line),
    /// A table row.
    Row(Row),
}

/// A report read into blocks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// Text lines and table rows in reading order.
    pub blocks: Vec<Block>,
}

impl Document {
    /// The running-text lines, in order.
    pub fn lines(&self) -> impl Iterator<Item = &Line> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Text(l) => Some(l),
            Block::Row(_) => None,
        })
    }
}

#[cfg(test)]
impl Document {
    /// The normalised text of every row's cells, for tests of the readers.
    pub fn row_texts(&self) -> Vec<Vec<String>> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Row(r) => Some(r.cells.iter().map(|c| c.text.clone()).collect()),
                Block::Text(_) => None,
            })
            .collect()
    }
}
