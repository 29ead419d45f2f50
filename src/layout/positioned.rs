//! Positioned words into a [`Document`]: the reader shared by a PDF's text layer (poppler's
//! `pdftotext -tsv`) and OCR (tesseract's TSV), both word boxes on pages. Words become visual
//! lines (by their vertical centres), a line's words become cells (by the gaps between them),
//! and the lines of a statistical section become table rows: each number is placed under the
//! column header whose position covers it (see [`super::grid`]), so a blank cell stays a blank
//! in its own column, and a row label wrapped over several lines (`（二）部分公开（区分处理的，只计这一`
//! / `情形，不计其他情形）`, printed around its numbers) is joined back to the row it labels.
//! The title is the big-font line(s) at the top of the first page, joined when it wraps.
//! Page numbers (`-4-`) in the page margins are dropped.

use std::sync::LazyLock;

use regex::Regex;

use super::grid;
use super::{Block, Cell, Document, Line};
use crate::model::Section;
use crate::template::headings::{Heading, heading};
use crate::text::{compact, is_cjk, normalize};

/// A word and its box, in points from the top left of its page.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    /// Left edge.
    pub x0: f32,
    /// Top edge.
    pub y0: f32,
    /// Right edge.
    pub x1: f32,
    /// Bottom edge.
    pub y1: f32,
    /// The text.
    pub text: String,
    /// OCR's confidence (0 to 100); `None` for a text layer.
    pub conf: Option<f32>,
}

/// A page of positioned words.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// The words, in any order.
    pub words: Vec<Word>,
}

/// A cell of a visual line: words close enough to be one cell.
#[derive(Clone, Debug)]
pub(super) struct Piece {
    pub x0: f32,
    pub x1: f32,
    pub y0: f32,
    pub y1: f32,
    /// The words joined, as printed.
    pub raw: String,
    /// The least confidence of its words.
    pub conf: Option<f32>,
}

impl Piece {
    pub fn xc(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }

    /// A number or a null marker (`/`, `—`).
    pub fn is_value(&self) -> bool {
        !crate::text::number::is_label(&self.raw)
    }

    fn has_digit(&self) -> bool {
        self.raw.chars().any(|c| c.is_ascii_digit())
    }
}

/// A visual line: pieces in left-to-right order.
#[derive(Clone, Debug)]
pub(super) struct VLine {
    pub page: usize,
    pub y0: f32,
    pub y1: f32,
    /// The median height of its words.
    pub h: f32,
    pub pieces: Vec<Piece>,
    /// 1-based line number in the document rendered as text.
    pub number: u32,
}

impl VLine {
    pub fn yc(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }

    /// The pieces joined with spaces.
    fn text(&self) -> String {
        join_pieces(self.pieces.iter().map(|p| p.raw.as_str()))
    }

    pub fn is_value_line(&self) -> bool {
        // A sentence (a piece with 。) is prose; a lone 。 beside a label is OCR's speck.
        self.pieces.iter().any(|p| p.is_value() && p.has_digit())
            && !self
                .pieces
                .iter()
                .any(|p| p.raw.contains('。') && p.raw.chars().count() > 4)
    }

    pub fn is_prose(&self) -> bool {
        let t = self.text();
        t.contains('。') || t.chars().count() > 60
    }
}

/// Page numbers printed in a page's margin: `-4-`, `— 4 —`, `第4页`, `4/6`.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[-—–－_\s]*(?:第\s*)?\d{1,3}(?:\s*页)?(?:\s*/\s*(?:共\s*)?\d{1,3}\s*页?)?[-—–－_\s]*$",
    )
    .expect("pattern compiles")
});

/// Reads positioned pages into a document.
pub fn read(pages: &[Page]) -> Document {
    let lines = lines(pages);
    let em = median(lines.iter().map(|l| l.h)).unwrap_or(10.0);
    let mut blocks = Vec::new();
    let title = title(&lines);
    let mut section: Option<Section> = None;
    let mut zone: Vec<&VLine> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if let Some((start, end, text)) = &title
            && *start == i
        {
            blocks.push(text_block(text, line.number));
            i = *end;
            continue;
        }
        let text = line.text();
        let by_heading = heading(&normalize(&text));
        let opens = by_heading.or_else(|| table_marker(&text, section));
        match opens {
            Some(h) => {
                blocks.extend(grid::zone(&zone, section, em));
                zone.clear();
                blocks.push(if by_heading.is_some() {
                    text_block(&text, line.number)
                } else {
                    // A table header opening a section whose heading was lost (OCR's
                    // `“政府信息公开行政复议…` for 四、…): a row, so the extractor switches too.
                    Block::Row(super::Row {
                        cells: line.pieces.iter().map(|p| cell(p, line.number)).collect(),
                        line: line.number,
                    })
                });
                section = match h {
                    Heading::Section(s) => Some(s),
                    Heading::Other => None,
                };
            }
            None if section.is_some() => zone.push(line),
            None => blocks.push(text_block(&text, line.number)),
        }
        i += 1;
    }
    blocks.extend(grid::zone(&zone, section, em));
    Document { blocks }
}

/// A table header that opens a section whose heading was not found (or not printed).
fn table_marker(text: &str, current: Option<Section>) -> Option<Heading> {
    let t = compact(&normalize(text));
    let s = if t.contains("申请人情况") {
        Section::Applications
    } else if t.contains("行政复议") && t.contains("行政诉讼") && !t.contains('。') {
        Section::Review
    } else {
        return None;
    };
    (current != Some(s)).then_some(Heading::Section(s))
}

fn text_block(text: &str, number: u32) -> Block {
    Block::Text(Line {
        text: normalize(text),
        line: number,
        whole_cells: false,
    })
}

/// Joins texts with a space, except between two CJK characters.
pub(super) fn join_pieces<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for t in texts {
        let t = t.trim();
        if t.is_empty() {
            continue;
        }
        let cjk_seam =
            out.chars().last().is_some_and(is_cjk) && t.chars().next().is_some_and(is_cjk);
        if !out.is_empty() && !cjk_seam {
            out.push(' ');
        }
        out.push_str(t);
    }
    out
}

/// The words of every page as visual lines in reading order (top to bottom), numbered, page
/// numbers in the margins dropped.
fn lines(pages: &[Page]) -> Vec<VLine> {
    let mut out: Vec<VLine> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let mut words: Vec<&Word> = page
            .words
            .iter()
            .filter(|w| !w.text.trim().is_empty() && w.y1 > w.y0)
            .collect();
        words.sort_by(|a, b| yc(a).total_cmp(&yc(b)));
        let mut groups: Vec<Vec<&Word>> = Vec::new();
        for w in words {
            let joins = groups.last().is_some_and(|g| {
                let band = mean(g.iter().map(|w| yc(w)));
                let h = g.iter().map(|w| w.y1 - w.y0).fold(w.y1 - w.y0, f32::max);
                (yc(w) - band).abs() < 0.35 * h
            });
            if joins && let Some(g) = groups.last_mut() {
                g.push(w);
            } else {
                groups.push(vec![w]);
            }
        }
        for mut g in groups {
            g.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let h = median(g.iter().map(|w| w.y1 - w.y0)).unwrap_or(1.0);
            let line = VLine {
                page: p,
                y0: g.iter().map(|w| w.y0).fold(f32::MAX, f32::min),
                y1: g.iter().map(|w| w.y1).fold(f32::MIN, f32::max),
                h,
                pieces: pieces(&g, h),
                number: 0,
            };
            let margin = line.y1 < page.height * 0.08 || line.y0 > page.height * 0.9;
            if margin && PAGE_NUMBER.is_match(&normalize(&line.text())) {
                continue;
            }
            out.push(line);
        }
    }
    for (i, l) in out.iter_mut().enumerate() {
        l.number = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }
    out
}

/// A line's words (left to right) as cells: a gap wider than most of the line's height starts
/// a new cell; a number and its neighbour are one only when they nearly touch (OCR splitting a
/// number, `2024年`).
fn pieces(words: &[&Word], h: f32) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for w in words {
        let numeric =
            |t: &str| t.chars().any(|c| c.is_ascii_digit()) && !crate::text::number::is_label(t);
        let merge = out.last().and_then(|p| {
            let gap = w.x0 - p.x1;
            // A number beside text is its own cell unless it touches it (`2024年`).
            let limit = match (numeric(&p.raw), numeric(&w.text)) {
                (true, true) => 0.2 * h,
                (false, false) => 0.8 * h,
                _ => 0.3 * h,
            };
            (gap < limit).then_some(gap)
        });
        match (merge, out.last_mut()) {
            (Some(gap), Some(p)) => {
                let cjk_seam = p.raw.chars().last().is_some_and(is_cjk)
                    && w.text.chars().next().is_some_and(is_cjk);
                if gap > 0.2 * h && !cjk_seam {
                    p.raw.push(' ');
                }
                p.raw.push_str(w.text.trim());
                p.x1 = p.x1.max(w.x1);
                p.y0 = p.y0.min(w.y0);
                p.y1 = p.y1.max(w.y1);
                p.conf = min_conf(p.conf, w.conf);
            }
            _ => out.push(Piece {
                x0: w.x0,
                x1: w.x1,
                y0: w.y0,
                y1: w.y1,
                raw: w.text.trim().to_owned(),
                conf: w.conf,
            }),
        }
    }
    out
}

fn min_conf(a: Option<f32>, b: Option<f32>) -> Option<f32> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The title: the run of big-font lines at the top of the first page (a wrapped title, or the
/// body's name above it), joined, when it names a report: (first line, line after it, text).
fn title(lines: &[VLine]) -> Option<(usize, usize, String)> {
    let (start, end) = title_range(lines)?;
    let texts: Vec<String> = lines[start..end].iter().map(VLine::text).collect();
    let text = join_pieces(texts.iter().map(String::as_str));
    let c = compact(&normalize(&text));
    (c.contains("报告") || c.contains("年报")).then_some((start, end, text))
}

/// Where the title's lines are: the first big-font lines (at least 1.3 times the first page's
/// median line height) among the first lines of the first page, consecutive and of one size.
fn title_range(lines: &[VLine]) -> Option<(usize, usize)> {
    let first_page = lines.first()?.page;
    let page: Vec<&VLine> = lines.iter().take_while(|l| l.page == first_page).collect();
    let median_h = median(page.iter().map(|l| l.h))?;
    let big = |l: &VLine| l.h >= 1.3 * median_h && !l.is_prose();
    let start = page.iter().take(8).position(|l| big(l))?;
    let mut end = start + 1;
    while end < page.len() {
        let (prev, next) = (page[end - 1], page[end]);
        let same_size = next.h / prev.h > 0.8 && next.h / prev.h < 1.25;
        let close = next.y0 - prev.y1 < 0.8 * prev.h;
        let done = {
            let c = compact(&normalize(&prev.text()));
            c.ends_with("报告") || c.ends_with("年报")
        };
        if !(big(next) && same_size && close) || done {
            break;
        }
        end += 1;
    }
    (end - start > 1 || compact(&normalize(&page[start].text())).contains("报告"))
        .then_some((start, end))
}

fn yc(w: &Word) -> f32 {
    (w.y0 + w.y1) / 2.0
}

fn mean(values: impl Iterator<Item = f32>) -> f32 {
    let (sum, n) = values.fold((0.0, 0.0), |(s, n), v| (s + v, n + 1.0));
    if n > 0.0 { sum / n } else { 0.0 }
}

/// The median of some values.
pub(super) fn median(values: impl Iterator<Item = f32>) -> Option<f32> {
    let mut v: Vec<f32> = values.filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    Some(v[v.len() / 2])
}

/// A table cell from a piece of a line.
pub(super) fn cell(p: &Piece, line: u32) -> Cell {
    Cell {
        conf: p.conf,
        ..Cell::new(&p.raw, line)
    }
}

/// Pages from TSV word boxes, the format both `pdftotext -tsv` and `tesseract … tsv` write
/// (`level page_num par_num block_num line_num word_num left top width height conf text`):
/// level 1 rows give a page's size, level 5 rows its words. `scale` turns the TSV's units into
/// points (1 for pdftotext, 72/dpi for OCR); `ocr` keeps the words' confidences.
pub fn from_tsv(tsv: &str, scale: f32, ocr: bool) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.splitn(12, '\t').collect();
        if f.len() < 12 {
            continue;
        }
        let num = |i: usize| f[i].trim().parse::<f32>().unwrap_or(f32::NAN) * scale;
        let (left, top, width, height) = (num(6), num(7), num(8), num(9));
        match f[0] {
            "1" => pages.push(Page {
                width,
                height,
                words: Vec::new(),
            }),
            "5" => {
                let text = f[11].trim();
                if text.is_empty() || !(left.is_finite() && top.is_finite()) {
                    continue;
                }
                if pages.is_empty() {
                    pages.push(Page::default());
                }
                let conf = f[10].trim().parse::<f32>().ok();
                if let Some(page) = pages.last_mut() {
                    page.words.push(Word {
                        x0: left,
                        y0: top,
                        x1: left + width,
                        y1: top + height,
                        text: text.to_owned(),
                        conf: if ocr { conf } else { None },
                    });
                }
            }
            _ => {}
        }
    }
    pages
}
