//! Reads a Word 97-2003 .doc (and a Kingsoft WPS .wps saved in Word's format) into the same
//! lines and rows the .docx reader produces: the OLE2 compound file is opened with the `cfb`
//! crate, the main text is assembled from the piece table (the CLX in the table stream; pieces
//! of UTF-16LE or of compressed 8-bit cp1252), and each paragraph's properties come from the
//! PAPX pages: a paragraph in a table ends its cell with a `\x07` mark, and the `\x07`
//! paragraph marked as a table row end (TTP) carries the row's TAP, whose sprmTDefTable gives
//! the cells' boundaries and merge flags. Cell boundaries shared across a table's rows make its
//! grid, so a cell as wide as three columns spans three (as `gridSpan` does) and a cell that
//! continues a vertical merge repeats the label above it (as `vMerge` does); a number is never
//! copied. Field codes (`\x13 code \x14 result \x15`) give their result. Every offset and size
//! read from the file is checked against the stream it points into, so damaged or hostile
//! bytes give an error, never a panic or an allocation beyond the file's size.

use std::io::{Cursor, Read};

use super::{Block, Document, Line, SpanCell};
use crate::text::normalize;

/// Why a .doc could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// The compound file structure is broken.
    #[error("damaged .doc: not a readable OLE2 compound file ({0})")]
    Ole(String),
    /// The Word streams are inconsistent.
    #[error("damaged .doc: {0}")]
    Damaged(&'static str),
    /// A Word version before 97, whose binary format is different.
    #[error(
        "Word 6/95 document (file format version {0}): not supported; save it as .docx or .doc (Word 97-2003)"
    )]
    OldWord(u16),
    /// Password-protected.
    #[error("encrypted (password-protected) Word document: cannot be read without its password")]
    Encrypted,
    /// Its tables expand past the cells budget.
    #[error(transparent)]
    Cells(#[from] crate::limits::TooManyCells),
}

impl DocError {
    /// True for a file this version does not read (as opposed to a damaged one).
    pub fn is_unsupported(&self) -> bool {
        matches!(self, DocError::OldWord(_) | DocError::Encrypted)
    }
}

/// Reads a .doc file's bytes.
///
/// # Errors
/// [`DocError`] for a damaged, encrypted or pre-97 Word file.
pub fn read(bytes: &[u8]) -> Result<Document, DocError> {
    let mut ole =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| DocError::Ole(e.to_string()))?;
    let mut stream = |name: &str| -> Result<Option<Vec<u8>>, DocError> {
        if !ole.is_stream(name) {
            return Ok(None);
        }
        let mut s = ole
            .open_stream(name)
            .map_err(|e| DocError::Ole(e.to_string()))?;
        if s.len() > bytes.len() as u64 {
            return Err(DocError::Damaged("a stream is longer than the file"));
        }
        let mut out = Vec::with_capacity(s.len() as usize);
        s.read_to_end(&mut out)
            .map_err(|e| DocError::Ole(e.to_string()))?;
        Ok(Some(out))
    };
    let word = stream("WordDocument")?.ok_or(DocError::Damaged("no WordDocument stream"))?;
    let fib = Fib::parse(&word)?;
    let table = stream(if fib.table1 { "1Table" } else { "0Table" })?.ok_or(DocError::Damaged(
        "the table stream the FIB names is missing",
    ))?;
    let data = stream("Data")?.unwrap_or_default();
    let pieces = pieces(slice(&table, fib.clx.0, fib.clx.1)?)?;
    let bte = Plc::parse(slice(&table, fib.papx.0, fib.papx.1)?, 4)?;
    let paragraphs = text(&word, &pieces, fib.ccp_text)?;
    let mut builder = Builder::default();
    for p in paragraphs {
        let props = para_props(papx(&word, &bte, p.fc)?, &data);
        builder.paragraph(p, &props)?;
    }
    builder.flush_table()?;
    Ok(Document {
        blocks: builder.blocks,
    })
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// `len` bytes at `offset` of a stream, checked.
fn slice(stream: &[u8], offset: u32, len: u32) -> Result<&[u8], DocError> {
    let start = offset as usize;
    start
        .checked_add(len as usize)
        .and_then(|end| stream.get(start..end))
        .ok_or(DocError::Damaged("a structure lies outside its stream"))
}

/// The parts of the File Information Block this reader needs.
struct Fib {
    /// The table stream is `1Table` (else `0Table`).
    table1: bool,
    /// Characters of the main document text.
    ccp_text: u32,
    /// Offset and size of the CLX (piece table) in the table stream.
    clx: (u32, u32),
    /// Offset and size of the PlcBtePapx in the table stream.
    papx: (u32, u32),
}

/// A File Information Block too short for what it must hold.
const FIB_CUT: DocError = DocError::Damaged("the File Information Block is cut short");

impl Fib {
    fn parse(w: &[u8]) -> Result<Fib, DocError> {
        if u16_at(w, 0) != Some(0xA5EC) {
            return Err(DocError::Damaged(
                "the WordDocument stream lacks Word's signature",
            ));
        }
        let nfib = u16_at(w, 2).ok_or(FIB_CUT)?;
        if nfib <= 0x0069 {
            // Word 97 and later write 193 (0xC1); Word 6/95 (101-105) and older lay out
            // the FIB and the text differently.
            return Err(DocError::OldWord(nfib));
        }
        let flags = u16_at(w, 0x0A).ok_or(FIB_CUT)?;
        if flags & 0x0100 != 0 {
            return Err(DocError::Encrypted);
        }
        // FibBase (32 bytes), then counted arrays: fibRgW, fibRgLw, fibRgFcLcb.
        let lw = 34 + 2 * usize::from(u16_at(w, 32).ok_or(FIB_CUT)?);
        let ccp_text = u32_at(w, lw + 2 + 3 * 4).ok_or(FIB_CUT)?;
        let fc = lw + 2 + 4 * usize::from(u16_at(w, lw).ok_or(FIB_CUT)?);
        let cb = usize::from(u16_at(w, fc).ok_or(FIB_CUT)?);
        let pair = |i: usize| match (u32_at(w, fc + 2 + i * 8), u32_at(w, fc + 6 + i * 8)) {
            (Some(a), Some(b)) if i < cb => Ok((a, b)),
            _ => Err(FIB_CUT),
        };
        Ok(Fib {
            table1: flags & 0x0200 != 0,
            ccp_text,
            clx: pair(33)?,
            papx: pair(13)?,
        })
    }
}

/// A PLC: n+1 sorted positions and n data items of `size` bytes.
struct Plc<'a> {
    pos: Vec<u32>,
    data: &'a [u8],
    size: usize,
}

impl<'a> Plc<'a> {
    fn parse(b: &'a [u8], size: usize) -> Result<Plc<'a>, DocError> {
        if b.len() < 4 || !(b.len() - 4).is_multiple_of(4 + size) {
            return Err(DocError::Damaged("a property table has a wrong size"));
        }
        let n = (b.len() - 4) / (4 + size);
        let pos = (0..=n).filter_map(|i| u32_at(b, i * 4)).collect();
        Ok(Plc {
            pos,
            data: &b[(n + 1) * 4..],
            size,
        })
    }

    fn len(&self) -> usize {
        self.pos.len() - 1
    }

    fn item(&self, i: usize) -> &'a [u8] {
        &self.data[i * self.size..(i + 1) * self.size]
    }

    /// The index of the interval holding `at`.
    fn find(&self, at: u32) -> Option<usize> {
        let i = self.pos.partition_point(|&p| p <= at);
        (i > 0 && i < self.pos.len()).then(|| i - 1)
    }
}

/// A piece of the text: characters `cp..cp_end` stored at `fc`, compressed or UTF-16.
#[derive(Debug, PartialEq)]
struct Piece {
    cp: u32,
    cp_end: u32,
    fc: u32,
    compressed: bool,
}

/// The piece table from the CLX: property runs (Prc, skipped) then the Pcdt.
fn pieces(clx: &[u8]) -> Result<Vec<Piece>, DocError> {
    let mut at = 0;
    while let Some(&kind) = clx.get(at) {
        match kind {
            0x01 => {
                let cb =
                    u16_at(clx, at + 1).ok_or(DocError::Damaged("the piece table is cut short"))?;
                at += 3 + cb as usize;
            }
            0x02 => {
                let lcb =
                    u32_at(clx, at + 1).ok_or(DocError::Damaged("the piece table is cut short"))?;
                let plc = Plc::parse(slice(clx, at as u32 + 5, lcb)?, 8)?;
                let mut out = Vec::with_capacity(plc.len());
                for i in 0..plc.len() {
                    let raw = u32_at(plc.item(i), 2).unwrap_or(0);
                    let compressed = raw & 0x4000_0000 != 0;
                    let fc = raw & 0x3FFF_FFFF;
                    let (cp, cp_end) = (plc.pos[i], plc.pos[i + 1]);
                    if cp_end < cp {
                        return Err(DocError::Damaged("the piece table is out of order"));
                    }
                    out.push(Piece {
                        cp,
                        cp_end,
                        fc: if compressed { fc / 2 } else { fc },
                        compressed,
                    });
                }
                return Ok(out);
            }
            _ => return Err(DocError::Damaged("the piece table holds an unknown record")),
        }
    }
    Err(DocError::Damaged("the CLX holds no piece table"))
}

/// A paragraph of the main text: its visible text, the mark that ends it (`\r` or the cell
/// mark `\x07`), and the stream offset of that mark (where its properties are looked up).
#[derive(Debug, PartialEq)]
struct Paragraph {
    text: String,
    mark: char,
    fc: u32,
}

/// The main document's characters, piece by piece, cut into paragraphs; field codes dropped,
/// field results kept, Word's special characters made text or removed.
fn text(word: &[u8], pieces: &[Piece], ccp_text: u32) -> Result<Vec<Paragraph>, DocError> {
    let mut out = Vec::new();
    let mut current = String::new();
    // Open fields, innermost last: true once past the separator (the result is shown).
    let mut fields: Vec<bool> = Vec::new();
    for piece in pieces {
        if piece.cp >= ccp_text {
            break;
        }
        let n = piece.cp_end.min(ccp_text) - piece.cp;
        let width = if piece.compressed { 1 } else { 2 };
        let bytes = slice(
            word,
            piece.fc,
            n.checked_mul(width)
                .ok_or(DocError::Damaged("a text piece is too long"))?,
        )?;
        let mut units = (0..n as usize).map(|i| {
            if piece.compressed {
                cp1252(bytes[i])
            } else {
                u16::from_le_bytes([bytes[2 * i], bytes[2 * i + 1]])
            }
        });
        let mut i = 0u32;
        while let Some(u) = units.next() {
            let fc = piece.fc + i * width;
            i += 1;
            let hidden = fields.last().is_some_and(|shown| !shown);
            match u {
                0x13 => {
                    if fields.len() < 64 {
                        fields.push(false);
                    }
                }
                0x14 => {
                    if let Some(f) = fields.last_mut() {
                        *f = true;
                    }
                }
                0x15 => {
                    fields.pop();
                }
                0x0D | 0x07 => {
                    out.push(Paragraph {
                        text: std::mem::take(&mut current),
                        mark: if u == 0x07 { '\x07' } else { '\r' },
                        fc,
                    });
                }
                _ if hidden => {}
                0x09 | 0x0B | 0x0C | 0xA0 | 0x3000 => current.push(' '),
                0x1E => current.push('-'),
                0..=0x1F => {}
                0xD800..=0xDBFF => {
                    let low = units.next();
                    i += 1;
                    if let Some(c) = low.and_then(|l| char::decode_utf16([u, l]).next()?.ok()) {
                        current.push(c);
                    }
                }
                _ => current.extend(char::from_u32(u32::from(u))),
            }
        }
    }
    if !current.trim().is_empty() {
        out.push(Paragraph {
            text: current,
            mark: '\r',
            fc: u32::MAX,
        });
    }
    Ok(out)
}

/// A compressed byte: cp1252, whose 0x80-0x9F differ from Latin-1.
fn cp1252(b: u8) -> u16 {
    const HIGH: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => u16::from(b),
    }
}

/// What a paragraph's properties say about tables.
#[derive(Debug, Default, PartialEq)]
struct ParaProps {
    /// Table depth: 0 outside tables, 1 in a table, more in a nested one.
    depth: u32,
    /// The paragraph ends a table row (its mark is the row's end mark).
    row_end: bool,
    /// The row's cells, from the TAP the row end carries.
    cells: Vec<TableCell>,
}

/// A cell of a row's TAP: its left and right boundaries (twips) and merge flags.
#[derive(Clone, Debug, Default, PartialEq)]
struct TableCell {
    left: i16,
    right: i16,
    /// Merged into the cell on its left (a Word 97 horizontal merge).
    merged_left: bool,
    /// Continues the vertical merge of the cell above.
    continues: bool,
}

/// The grpprl (style index cut off) of the paragraph whose mark is at `fc`: the PlcBtePapx
/// names the 512-byte FKP page, whose runs of stream offsets point to their PAPX.
fn papx<'a>(word: &'a [u8], bte: &Plc, fc: u32) -> Result<&'a [u8], DocError> {
    let Some(i) = bte.find(fc) else {
        return Ok(&[]);
    };
    let pn = u32_at(bte.item(i), 0).unwrap_or(0) & 0x003F_FFFF;
    let page = slice(word, pn.saturating_mul(512), 512)?;
    let crun = usize::from(page[511]);
    if 4 * (crun + 1) + 13 * crun > 511 {
        return Err(DocError::Damaged("a property page holds too many runs"));
    }
    let run = (0..crun).find(|&j| {
        u32_at(page, 4 * j).is_some_and(|s| s <= fc)
            && u32_at(page, 4 * j + 4).is_some_and(|e| fc < e)
    });
    let o = run.map_or(0, |j| 2 * usize::from(page[4 * (crun + 1) + 13 * j]));
    let (start, len) = match page.get(o) {
        _ if o == 0 => return Ok(&[]),
        Some(0) => (o + 2, 2 * usize::from(*page.get(o + 1).unwrap_or(&0))),
        Some(&cb) => (o + 1, 2 * usize::from(cb) - 1),
        None => return Ok(&[]),
    };
    Ok(page
        .get(start + 2..(start + len).min(511))
        .unwrap_or_default())
}

/// The sprms of a grpprl as (sprm, operand); a sprm cut short ends the list.
fn sprms(grpprl: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let sprm = u16_at(grpprl, at)?;
        let op = at + 2;
        let len = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ if sprm == 0xD608 || sprm == 0xD606 => usize::from(u16_at(grpprl, op)?) + 1,
            _ => usize::from(*grpprl.get(op)?) + 1,
        };
        let operand = grpprl.get(op..op + len)?;
        at = op + len;
        Some((sprm, operand))
    })
}

fn para_props(grpprl: &[u8], data: &[u8]) -> ParaProps {
    let mut p = ParaProps::default();
    let mut huge = None;
    for (sprm, op) in sprms(grpprl) {
        apply(&mut p, sprm, op);
        if sprm == 0x6646 || sprm == 0x6645 {
            huge = u32_at(op, 0);
        }
    }
    // sprmPHugePapx(2): the properties were too many for the page and live in the Data stream.
    if let Some(at) = huge {
        let grpprl = u16_at(data, at as usize)
            .and_then(|cb| data.get(at as usize + 2..at as usize + 2 + usize::from(cb)));
        for (sprm, op) in sprms(grpprl.unwrap_or_default()) {
            apply(&mut p, sprm, op);
        }
    }
    p
}

fn apply(p: &mut ParaProps, sprm: u16, op: &[u8]) {
    let flag = op.first().is_some_and(|&b| b != 0);
    match sprm {
        // sprmPFInTable, sprmPItap (the table depth).
        0x2416 if flag && p.depth == 0 => p.depth = 1,
        0x6649 => p.depth = u32_at(op, 0).unwrap_or(0).min(64),
        // sprmPFTtp: the row end of the outermost table.
        0x2417 => p.row_end = flag,
        // sprmTDefTable: the cells' boundaries and flags.
        0xD608 => p.cells = def_table(op),
        // sprmTMerge / sprmTSplit: cells itcFirst..itcLim merged (Word 97) or split.
        0x5624 | 0x5625 => {
            let (first, lim) = (usize::from(op[0]), usize::from(*op.get(1).unwrap_or(&0)));
            for (i, c) in p.cells.iter_mut().enumerate() {
                if i > first && i < lim {
                    c.merged_left = sprm == 0x5624;
                }
            }
        }
        // sprmTVertMerge: one cell's vertical merge flags.
        0xD62B => {
            if let (Some(&itc), Some(&flags)) = (op.get(1), op.get(2))
                && let Some(c) = p.cells.get_mut(usize::from(itc))
            {
                c.continues = flags == 1;
            }
        }
        _ => {}
    }
}

/// A TDefTableOperand: cb (2 bytes), itcMac, itcMac+1 boundaries, then up to itcMac TC80s.
fn def_table(op: &[u8]) -> Vec<TableCell> {
    let n = usize::from(*op.get(2).unwrap_or(&0)).min(64);
    let x = |i: usize| u16_at(op, 3 + 2 * i).map(|v| v as i16);
    let tcs = 3 + 2 * (n + 1);
    (0..n)
        .map_while(|i| {
            let (left, right) = (x(i)?, x(i + 1)?);
            let grf = u16_at(op, tcs + 20 * i).unwrap_or(0);
            Some(TableCell {
                left,
                right,
                merged_left: grf & 0x3 >= 2,
                continues: (grf >> 5) & 0x3 == 1,
            })
        })
        .collect()
}

/// Turns paragraphs with their properties into text lines and table rows.
#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    number: u32,
    /// The rows of the table being read: each cell's text, and the row's TAP.
    rows: Vec<(Vec<String>, Vec<TableCell>)>,
    cells: Vec<String>,
    cell: String,
    /// The file's cells budget.
    budget: crate::limits::Cells,
}

impl Builder {
    fn paragraph(&mut self, p: Paragraph, props: &ParaProps) -> Result<(), DocError> {
        if props.depth == 0 {
            self.flush_table()?;
            let text = normalize(&p.text);
            if !text.is_empty() {
                self.number += 1;
                self.blocks.push(Block::Text(Line {
                    text,
                    line: self.number,
                    whole_cells: false,
                }));
            }
            return Ok(());
        }
        if !self.cell.is_empty() {
            self.cell.push(' ');
        }
        self.cell.push_str(&p.text);
        if props.depth > 1 || p.mark != '\x07' {
            return Ok(());
        }
        let text = std::mem::take(&mut self.cell);
        if props.row_end {
            let cells = std::mem::take(&mut self.cells);
            self.rows.push((cells, props.cells.clone()));
        } else {
            self.cells.push(text);
        }
        Ok(())
    }

    /// Lays the table's rows on the grid of the boundaries its cells share and emits them.
    fn flush_table(&mut self) -> Result<(), DocError> {
        if !self.cells.is_empty() || !self.cell.trim().is_empty() {
            let mut cells = std::mem::take(&mut self.cells);
            cells.push(std::mem::take(&mut self.cell));
            self.rows.push((cells, Vec::new()));
        }
        let rows = std::mem::take(&mut self.rows);
        let grid = grid(
            rows.iter()
                .flat_map(|(_, tap)| tap.iter().flat_map(|c| [c.left, c.right])),
        );
        let rows = rows
            .into_iter()
            .map(|(texts, tap)| spans(texts, &tap, &grid))
            .collect();
        super::grid_rows(rows, &mut self.number, &mut self.blocks, &mut self.budget)?;
        Ok(())
    }
}

/// A row's cells with the grid columns each covers: from its boundaries where the TAP gives
/// them (a cell that starts right of the previous one's end leaves blank columns between),
/// else one column each. A cell merged into the one on its left widens that one.
fn spans(texts: Vec<String>, tap: &[TableCell], grid: &[i16]) -> Vec<SpanCell> {
    let column =
        |x: i16| (0..grid.len()).min_by_key(|&i| (i32::from(grid[i]) - i32::from(x)).abs());
    let mut out: Vec<SpanCell> = Vec::new();
    let mut at = 0;
    for (i, text) in texts.into_iter().enumerate() {
        let cell = tap.get(i);
        let (start, end) = match cell.and_then(|c| Some((column(c.left)?, column(c.right)?))) {
            Some((s, e)) if e > s.max(at) => (s.max(at), e),
            _ => (at, at + 1),
        };
        match out.last_mut() {
            Some(last) if cell.is_some_and(|c| c.merged_left) => last.span += end - at,
            _ => {
                if start > at {
                    out.push(SpanCell {
                        span: start - at,
                        ..SpanCell::default()
                    });
                }
                let continues = cell.is_some_and(|c| c.continues);
                out.push(SpanCell {
                    text,
                    span: end - start,
                    continues,
                });
            }
        }
        at = end;
    }
    out
}

/// Boundaries closer than this (twips, 1/1440 inch) are one grid line.
const TOLERANCE: i32 = 20;

/// The grid lines of a table: its cells' boundaries, sorted, near ones taken as one.
fn grid(xs: impl Iterator<Item = i16>) -> Vec<i16> {
    let mut xs: Vec<i16> = xs.collect();
    xs.sort_unstable();
    let mut out: Vec<i16> = Vec::new();
    for x in xs {
        if out
            .last()
            .is_none_or(|&l| i32::from(x) - i32::from(l) > TOLERANCE)
        {
            out.push(x);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn le(units: &[u16]) -> Vec<u8> {
        units.iter().flat_map(|u| u.to_le_bytes()).collect()
    }

    #[test]
    fn piece_table_text_marks_and_fields() {
        // A Prc (skipped), then two pieces: 4 compressed characters at byte 0, and UTF-16 at 4.
        let mut clx = vec![0x01, 2, 0, 0xAA, 0xBB, 0x02, 28, 0, 0, 0];
        for cp in [0u32, 4, 12] {
            clx.extend(cp.to_le_bytes());
        }
        for fc in [0x4000_0000u32, 4] {
            clx.extend([0, 0]);
            clx.extend(fc.to_le_bytes());
            clx.extend([0, 0]);
        }
        let pieces = pieces(&clx).unwrap();
        assert_eq!(pieces.len(), 2);
        assert!(pieces[0].compressed && !pieces[1].compressed);
        let mut word = b"a\x93b\r".to_vec();
        // 表 \x13 P \x14 1 \x15 \x07 \x07; the last mark lies past ccpText (11).
        word.extend(le(&[0x8868, 0x13, 0x50, 0x14, 0x31, 0x15, 0x07, 0x07]));
        let paragraphs = text(&word, &pieces, 11).unwrap();
        let got: Vec<(&str, char, u32)> = paragraphs
            .iter()
            .map(|p| (p.text.as_str(), p.mark, p.fc))
            .collect();
        assert_eq!(got, [("a\u{201C}b", '\r', 3), ("表1", '\x07', 16)]);
        assert!(
            text(&word[..18], &pieces, 12).is_err(),
            "a piece beyond the stream"
        );
    }

    #[test]
    fn cell_and_row_marks_with_the_row_tap() {
        // sprmPFInTable, sprmPFTtp, sprmTDefTable: cells 0-1000, 1000-3000 (continues a
        // vertical merge), 3000-4000 (merged into the one on its left).
        let mut g = vec![0x16, 0x24, 1, 0x17, 0x24, 1, 0x08, 0xD6];
        let tc = |grf: u16| [grf.to_le_bytes().to_vec(), vec![0; 18]].concat();
        let mut op = vec![3u8];
        op.extend(le(&[0, 1000, 3000, 4000]));
        op.extend([tc(0), tc(0x20), tc(0x2)].concat());
        g.extend(((op.len() + 1) as u16).to_le_bytes());
        g.extend(op);
        let p = para_props(&g, &[]);
        assert_eq!((p.depth, p.row_end, p.cells.len()), (1, true, 3));
        assert!(p.cells[1].continues && p.cells[2].merged_left && !p.cells[0].continues);
        let grid = grid([0, 1000, 0, 990, 2000, 3000, 4000].into_iter());
        assert_eq!(grid, [0, 990, 2000, 3000, 4000]);
        let texts = ["a", "", "b"].map(String::from).to_vec();
        let row = spans(texts, &p.cells, &grid);
        let got: Vec<(&str, usize, bool)> = row
            .iter()
            .map(|c| (c.text.as_str(), c.span, c.continues))
            .collect();
        assert_eq!(got, [("a", 1, false), ("", 3, true)]);
    }

    #[test]
    fn libreoffice_doc_has_the_lines_and_cells_of_its_docx() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/office");
        let file = |name: String| std::fs::read(dir.join(name)).expect("fixture");
        for id in ["A002", "B005", "B007", "B017"] {
            let doc = read(&file(format!("{id}.doc"))).unwrap();
            let docx = super::super::docx::read(&file(format!("{id}.docx"))).unwrap();
            assert_eq!(doc.row_texts(), docx.row_texts(), "{id}");
            let lines = |d: &Document| d.lines().map(|l| l.text.clone()).collect::<Vec<_>>();
            assert_eq!(lines(&doc), lines(&docx), "{id}");
        }
    }

    #[test]
    fn garbage_is_an_error_never_a_panic() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..2000 {
            let bytes: Vec<u8> = (0..600)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed as u8
                })
                .collect();
            let _ = pieces(&bytes);
            let _ = Fib::parse(&[&[0xEC, 0xA5, 0xC1, 0][..], &bytes].concat());
            let _ = para_props(&bytes, &bytes);
            let page = Plc::parse(&[0, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0], 4).unwrap();
            let _ = papx(&bytes, &page, (seed % 700) as u32);
            assert!(read(&bytes).is_err());
        }
    }
}
