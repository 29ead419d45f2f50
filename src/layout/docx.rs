//! Reads a Word .docx into the same lines and rows the text reader produces: `word/document.xml`
//! is streamed from the zip (quick-xml), paragraphs become text lines, tables become rows with
//! `gridSpan` and `vMerge` expanded into a full grid (a spanning label repeats in every slot it
//! covers, a number is never copied). Entries are read with a size limit, so a zip bomb or an
//! oversized document fails with a clear error instead of exhausting memory, and the grid is
//! paid from the file's cells budget ([`crate::limits::Cells`]). Line numbers are
//! those of the document rendered into text (one per paragraph or table row).

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{Block, Document, Line, SpanCell};
use crate::text::normalize;

pub use crate::limits::{MAX_DOCX_ENTRIES as MAX_ENTRIES, MAX_DOCX_XML_BYTES as MAX_XML_BYTES};

/// Why a .docx could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// Not a zip archive, or a damaged one.
    #[error("damaged .docx: not a readable zip archive ({0})")]
    Zip(String),
    /// No main document part.
    #[error("damaged .docx: it holds no word/document.xml")]
    NoDocument,
    /// The main part expands beyond the limit.
    #[error("word/document.xml expands to more than {} MB (a zip bomb or an oversized document); not read", MAX_XML_BYTES >> 20)]
    TooLarge,
    /// Too many entries.
    #[error(".docx holds {0} zip entries (more than {MAX_ENTRIES}); not read")]
    TooManyEntries(usize),
    /// The XML is broken.
    #[error("damaged .docx: word/document.xml is not well-formed XML ({0})")]
    Xml(String),
    /// Its tables expand past the cells budget.
    #[error(transparent)]
    Cells(#[from] crate::limits::TooManyCells),
}

/// Reads a .docx file's bytes.
///
/// # Errors
/// [`DocxError`] for a damaged file, a zip bomb or an oversized document.
pub fn read(bytes: &[u8]) -> Result<Document, DocxError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxError::Zip(e.to_string()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(DocxError::TooManyEntries(zip.len()));
    }
    let entry = zip
        .by_name("word/document.xml")
        .map_err(|_| DocxError::NoDocument)?;
    if entry.size() > MAX_XML_BYTES {
        return Err(DocxError::TooLarge);
    }
    let mut xml = Vec::new();
    entry
        .take(MAX_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| DocxError::Zip(e.to_string()))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(DocxError::TooLarge);
    }
    parse(&xml)
}

#[derive(Default)]
struct Parser {
    blocks: Vec<Block>,
    number: u32,
    paragraph: String,
    /// Rows of the table being read; cells of the row and the cell being read.
    rows: Vec<Vec<SpanCell>>,
    row: Option<Vec<SpanCell>>,
    cell: Option<SpanCell>,
    /// Depth of tables: 1 inside a table, more inside a table nested in a cell.
    depth: usize,
    in_text: bool,
    /// The file's cells budget.
    cells: crate::limits::Cells,
}

fn parse(xml: &[u8]) -> Result<Document, DocxError> {
    let mut reader = Reader::from_reader(xml);
    let mut p = Parser::default();
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| DocxError::Xml(e.to_string()))?;
        match event {
            Event::Start(e) => p.start(&e, false),
            Event::Empty(e) => p.start(&e, true),
            Event::End(e) => p.end(e.name().as_ref())?,
            Event::Text(t) if p.in_text => {
                let text = t.decode().map_err(|e| DocxError::Xml(e.to_string()))?;
                p.push(&text);
            }
            Event::GeneralRef(r) if p.in_text => {
                let c = match r.is_char_ref() {
                    true => r.resolve_char_ref().ok().flatten(),
                    false => match &*r {
                        b"amp" => Some('&'),
                        b"lt" => Some('<'),
                        b"gt" => Some('>'),
                        b"quot" => Some('"'),
                        b"apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    p.push(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    p.flush_paragraph();
    Ok(Document { blocks: p.blocks })
}

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

impl Parser {
    fn push(&mut self, text: &str) {
        match &mut self.cell {
            Some(cell) => cell.text.push_str(text),
            None => self.paragraph.push_str(text),
        }
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        match e.name().as_ref() {
            b"w:t" => self.in_text = !empty,
            b"w:tab" | b"w:br" | b"w:cr" => self.push(" "),
            b"w:tbl" if !empty => {
                self.depth += 1;
                if self.depth == 1 {
                    self.flush_paragraph();
                }
            }
            b"w:tr" if self.depth == 1 => self.row = Some(Vec::new()),
            b"w:tc" if self.depth == 1 => {
                self.cell = Some(SpanCell {
                    span: 1,
                    ..SpanCell::default()
                })
            }
            b"w:gridSpan" if self.depth == 1 => {
                if let (Some(cell), Some(n)) = (
                    &mut self.cell,
                    attr(e, b"w:val").and_then(|v| v.parse().ok()),
                ) {
                    cell.span = usize::clamp(n, 1, 64);
                }
            }
            b"w:vMerge" if self.depth == 1 => {
                if let Some(cell) = &mut self.cell {
                    cell.continues = attr(e, b"w:val").is_none_or(|v| v != "restart");
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) -> Result<(), DocxError> {
        match name {
            b"w:t" => self.in_text = false,
            b"w:p" => match &mut self.cell {
                Some(cell) => cell.text.push(' '),
                None => self.flush_paragraph(),
            },
            b"w:tc" if self.depth == 1 => {
                if let (Some(row), Some(cell)) = (&mut self.row, self.cell.take()) {
                    row.push(cell);
                }
            }
            b"w:tr" if self.depth == 1 => {
                if let Some(row) = self.row.take() {
                    self.rows.push(row);
                }
            }
            b"w:tbl" => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    let rows = std::mem::take(&mut self.rows);
                    super::grid_rows(rows, &mut self.number, &mut self.blocks, &mut self.cells)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn flush_paragraph(&mut self) {
        let text = normalize(&std::mem::take(&mut self.paragraph));
        if !text.is_empty() {
            self.number += 1;
            self.blocks.push(Block::Text(Line {
                text,
                line: self.number,
                whole_cells: false,
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_cells_become_a_grid() {
        let xml = r#"<w:document><w:body><w:p><w:r><w:t>二、主动公开政府信息情况</w:t></w:r></w:p><w:tbl>
            <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>(三)不予公开</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1.属于国家秘密</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>0</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>2.其他&amp;法律</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl></w:body></w:document>"#;
        let doc = parse(xml.as_bytes()).unwrap();
        assert_eq!(
            doc.row_texts(),
            vec![
                vec!["(三)不予公开", "1.属于国家秘密", "0", ""],
                vec!["(三)不予公开", "2.其他&法律", "1", "2"]
            ]
        );
        assert_eq!(
            doc.lines().next().map(|l| l.text.as_str()),
            Some("二、主动公开政府信息情况")
        );
    }

    #[test]
    fn broken_xml_is_an_error_not_a_panic() {
        assert!(matches!(
            parse(b"<w:document><w:body></w:p>"),
            Err(DocxError::Xml(_))
        ));
        assert!(matches!(
            read(b"PK\x03\x04 not really"),
            Err(DocxError::Zip(_))
        ));
    }
}
