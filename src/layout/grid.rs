//! The lines of one statistical section, laid out by position, into table rows: the column
//! headers (section 三's 自然人 … 总计, section 四's 结果维持 … 总计 in each block, section 二's
//! measure headers) are found by their words, also when a header wraps (`商业企` / `业`); each
//! number is then placed under the header whose position is nearest, and a row is emitted with
//! one cell per column, blanks as empty cells, so the extractor sees full rows. Row labels
//! printed on lines of their own around the numbers are joined to the nearest row. Where no
//! header is found the cells keep their positions ([`Cell::x`]) for the extractor's own
//! placement (the extractor's column alignment).

use super::positioned::{Piece, VLine, cell, join_pieces};
use super::rowlabels;
use super::{Block, Cell, Line, Row};
use crate::model::Section;
use crate::template::labels;
use crate::text::{compact, is_cjk, normalize};

/// Section 三's applicant columns, in order.
const APPLICANTS: &[&str] = &[
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// The columns of one block of section 四, in order.
const OUTCOMES: &[&str] = &["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// The label given to a row of section 三 printed with no label: it names no row, so the row is
/// reported (`unmatched_row`) rather than taken as the template's next one.
const NO_LABEL: &str = "(no row label printed)";

/// A table's columns: their centres, left to right, and where the label region ends.
#[derive(Clone, Debug)]
pub(super) struct Grid {
    centres: Vec<f32>,
    /// Widths of the header texts.
    widths: Vec<f32>,
    /// Pieces left of this are labels.
    left: f32,
}

impl Grid {
    fn new(columns: &[(f32, f32)], em: f32) -> Option<Self> {
        let centres: Vec<f32> = columns.iter().map(|(a, b)| (a + b) / 2.0).collect();
        if centres.windows(2).any(|w| w[1] - w[0] < 0.8 * em) {
            return None;
        }
        let widths: Vec<f32> = columns.iter().map(|(a, b)| b - a).collect();
        let first = *centres.first()?;
        let half = centres.get(1).map_or(2.0 * em, |c| (c - first) / 2.0);
        let left = first - half.max(widths[0] / 2.0 + 0.3 * em);
        Some(Grid {
            centres,
            widths,
            left,
        })
    }

    /// The column nearest `x`, and how far its centre is.
    fn nearest(&self, x: f32) -> Option<(usize, f32)> {
        self.centres
            .iter()
            .enumerate()
            .map(|(i, c)| (i, (x - c).abs()))
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// The distance between column `i`'s centre and its nearest neighbour's.
    fn spacing(&self, i: usize) -> f32 {
        let c = &self.centres;
        let before = i.checked_sub(1).map(|p| c[i] - c[p]);
        let after = c.get(i + 1).map(|n| n - c[i]);
        match (before, after) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b).unwrap_or(self.widths[i] * 2.0),
        }
    }

    /// How far from column `i`'s centre a value may sit.
    fn reach(&self, i: usize) -> f32 {
        let c = &self.centres;
        let gap = |a: usize, b: usize| (c[b] - c[a]).abs() / 2.0;
        let spacing = match (i.checked_sub(1), c.get(i + 1)) {
            (Some(p), Some(_)) => gap(p, i).max(gap(i, i + 1)),
            (Some(p), None) => gap(p, i),
            (None, Some(_)) => gap(i, i + 1),
            (None, None) => self.widths[i],
        };
        spacing.max(self.widths[i] / 2.0)
    }

    /// Each value under its column, or `None` when one is far from every column or two share one.
    fn place<'a>(&self, values: &[&'a Piece]) -> Option<Vec<Option<&'a Piece>>> {
        let mut slots = vec![None; self.centres.len()];
        for p in values {
            let (i, d) = self
                .centres
                .iter()
                .enumerate()
                .map(|(i, c)| (i, (p.xc() - c).abs()))
                .min_by(|a, b| a.1.total_cmp(&b.1))?;
            if d > self.reach(i) || slots[i].is_some() {
                return None;
            }
            slots[i] = Some(*p);
        }
        Some(slots)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Value,
    Prose,
    Other,
    /// A line of wrapped digits joined to the numbers above it: nothing left to emit.
    Joined,
}

/// What a run of lines without numbers says about the columns.
enum Header {
    /// The columns it names; for section 二, the header cells to emit as a row; the lines it used.
    Found(Grid, Option<Vec<Cell>>, Vec<usize>),
    /// It starts a new table whose columns could not be told.
    Reset,
    /// Nothing: the table above continues (a page break).
    Keep,
}

/// Reads one section's lines into blocks.
pub(super) fn zone(lines: &[&VLine], section: Option<Section>, em: f32) -> Vec<Block> {
    let Some(section) = section else {
        return lines.iter().map(|l| text(l)).collect();
    };
    let n = lines.len();
    let mut kinds: Vec<Kind> = lines
        .iter()
        .map(|l| {
            if l.is_value_line() {
                Kind::Value
            } else if l.is_prose() {
                Kind::Prose
            } else {
                Kind::Other
            }
        })
        .collect();
    let mut grid_of: Vec<Option<usize>> = vec![None; n];
    let mut grids: Vec<Grid> = Vec::new();
    let mut header_row: Vec<Option<Vec<Cell>>> = vec![None; n];
    let mut is_header = vec![false; n];
    let mut current: Option<usize> = None;
    let mut i = 0;
    while i < n {
        match kinds[i] {
            Kind::Other => {
                let j = (i..n).find(|&j| kinds[j] != Kind::Other).unwrap_or(n);
                match header(section, &lines[i..j], em) {
                    Header::Found(g, cells, used) => {
                        grids.push(g);
                        current = Some(grids.len() - 1);
                        for u in used {
                            is_header[i + u] = true;
                        }
                        header_row[i] = cells;
                    }
                    Header::Reset => current = None,
                    Header::Keep => {}
                }
                i = j;
            }
            Kind::Prose | Kind::Joined => i += 1,
            Kind::Value => {
                grid_of[i] = current;
                i += 1;
            }
        }
    }
    let owned = unwrap_numbers(lines, &mut kinds, &grid_of, &grids);
    let lines: Vec<&VLine> = owned.iter().collect();
    let lines = lines.as_slice();
    let edges: Vec<Option<f32>> = (0..n)
        .map(|i| {
            (kinds[i] == Kind::Value).then(|| label_edge(lines[i], grid_of[i].map(|g| &grids[g])))
        })
        .collect();
    let candidate: Vec<bool> = (0..n)
        .map(|c| {
            kinds[c] == Kind::Other && !is_header[c] && {
                let nearest = (0..n)
                    .filter(|&v| kinds[v] == Kind::Value && lines[v].page == lines[c].page)
                    .min_by(|&a, &b| {
                        let d = |v: usize| (lines[v].yc() - lines[c].yc()).abs();
                        d(a).total_cmp(&d(b))
                    });
                nearest.is_some_and(|v| {
                    let edge = edges[v].unwrap_or(f32::MAX) + 0.5 * em;
                    lines[c]
                        .pieces
                        .iter()
                        .all(|p| p.x1 <= edge && !p.is_value())
                })
            }
        })
        .collect();
    let has_grid: Vec<bool> = grid_of.iter().map(Option::is_some).collect();
    let labels = rowlabels::assign(lines, &edges, &has_grid, &candidate);
    let mut blocks = Vec::new();
    for i in 0..n {
        if let Some(cells) = header_row[i].take() {
            let line = lines[i].number;
            blocks.push(Block::Row(Row { cells, line }));
        }
        match kinds[i] {
            Kind::Value => {
                let grid = grid_of[i].map(|g| &grids[g]);
                let mut cells = labels.cells[i].clone();
                if cells.is_empty() && section == Section::Applications {
                    // Laid out by position, every row of section 三 prints its label: numbers
                    // without one are not taken as the template's next row.
                    cells.push(Cell::new(NO_LABEL, lines[i].number));
                }
                blocks.push(Block::Row(row(lines[i], cells, edges[i], grid, em)));
            }
            _ if candidate[i] => {
                if let Some(rest) = &labels.left_over[i] {
                    blocks.push(Block::Text(Line {
                        text: normalize(rest),
                        line: lines[i].number,
                        whole_cells: false,
                    }));
                }
            }
            Kind::Joined => {}
            _ if is_header[i] && section == Section::Proactive => {}
            _ => blocks.push(text(lines[i])),
        }
    }
    blocks
}

/// Numbers too long for a narrow column wrap onto the next line (`2516` / `1` for 25161): a
/// value line right below another whose every number sits under a number of the line above
/// that fills half its column or more, and which starts no row label of its own (no `3.`, no
/// label naming a row of the template), continues those numbers; its digits are joined to them
/// and it becomes a line of label text (if any is left).
fn unwrap_numbers(
    lines: &[&VLine],
    kinds: &mut [Kind],
    grid_of: &[Option<usize>],
    grids: &[Grid],
) -> Vec<VLine> {
    let mut out: Vec<VLine> = lines.iter().map(|l| (*l).clone()).collect();
    for j in 1..out.len() {
        let i = j - 1;
        if kinds[i] != Kind::Value || kinds[j] != Kind::Value || out[i].page != out[j].page {
            continue;
        }
        let Some(grid) = grid_of[i].map(|g| &grids[g]) else {
            continue;
        };
        let h = out[i].h;
        if out[j].y0 - out[i].y1 > 0.5 * h {
            continue;
        }
        let full = |p: &Piece| {
            let Some((k, _)) = grid.nearest(p.xc()) else {
                return false;
            };
            p.is_value() && p.x1 - p.x0 >= 0.5 * grid.spacing(k)
        };
        let above = |q: &Piece| {
            out[i].pieces.iter().position(|p| {
                full(p)
                    && (q.xc() - p.xc()).abs() <= 0.5 * (p.x1 - p.x0)
                    && q.x1 - q.x0 <= p.x1 - p.x0 + 0.1 * h
            })
        };
        let (values, labels): (Vec<&Piece>, Vec<&Piece>) =
            out[j].pieces.iter().partition(|q| q.xc() >= grid.left);
        let continues = !values.is_empty()
            && values.iter().all(|q| {
                q.is_value() && q.raw.chars().all(|c| c.is_ascii_digit()) && above(q).is_some()
            })
            && labels.iter().all(|q| {
                let t = normalize(&q.raw);
                let c = compact(&t);
                // A label of its own (`、结转下年度继续办理`, its 四 lost to OCR) is a row.
                !super::text::starts_numbered(&t)
                    && !q.is_value()
                    && labels::app_label(&c, crate::model::Template::Unknown).is_none()
                    && labels::item(&c).is_none()
            });
        if !continues {
            continue;
        }
        let wrapped: Vec<(usize, Piece)> = values
            .iter()
            .filter_map(|q| above(q).map(|k| (k, (*q).clone())))
            .collect();
        for (k, q) in wrapped {
            let p = &mut out[i].pieces[k];
            p.raw.push_str(&q.raw);
            p.y1 = p.y1.max(q.y1);
            p.conf = match (p.conf, q.conf) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        let left = grid.left;
        out[j].pieces.retain(|q| q.xc() < left);
        kinds[j] = if out[j].pieces.is_empty() {
            Kind::Joined
        } else {
            Kind::Other
        };
    }
    out
}

fn text(l: &VLine) -> Block {
    Block::Text(Line {
        text: normalize(&join_pieces(l.pieces.iter().map(|p| p.raw.as_str()))),
        line: l.number,
        whole_cells: false,
    })
}

/// Where the labels of a value line end: its grid's label region, else its first value.
fn label_edge(l: &VLine, grid: Option<&Grid>) -> f32 {
    grid.map_or_else(
        || {
            l.pieces
                .iter()
                .find(|p| p.is_value())
                .map_or(f32::MAX, |p| p.x0)
        },
        |g| g.left,
    )
}

/// A value line as a table row: its label cells (see [`rowlabels`]) and its values, one cell
/// per column where a grid places them.
fn row(v: &VLine, mut cells: Vec<Cell>, edge: Option<f32>, grid: Option<&Grid>, em: f32) -> Row {
    let edge = edge.unwrap_or(f32::MAX);
    let values: Vec<&Piece> = v
        .pieces
        .iter()
        .filter(|p| !rowlabels::is_label_piece(p, edge, grid.is_some()))
        .collect();
    let line = cells
        .iter()
        .map(|c| c.line)
        .min()
        .unwrap_or(v.number)
        .min(v.number);
    match grid.and_then(|g| g.place(&values)) {
        Some(slots) => cells.extend(slots.into_iter().map(|s| match s {
            Some(p) => cell(p, v.number),
            None => Cell::new("", v.number),
        })),
        None => cells.extend(values.iter().map(|p| Cell {
            x: Some((2.0 * p.xc() / em.max(1.0)).round() as u32),
            ..cell(p, v.number)
        })),
    }
    Row { cells, line }
}

/// The piece's text as header names are compared: normalised, letters and digits only (OCR
/// reads rules and specks as `|`, `”`).
fn clean(raw: &str) -> String {
    compact(&normalize(raw))
        .chars()
        .filter(|c| is_cjk(*c) || c.is_alphanumeric() || *c == '/')
        .collect()
}

/// The band's lines with every run of characters of each piece as a piece of its own, placed in
/// proportion along the piece: OCR runs header cells together when their texts fill narrow
/// columns (`益组织务机构` is `益组织` over one column and `务机构` over the next).
fn spans(band: &[&VLine]) -> Vec<VLine> {
    band.iter()
        .map(|l| {
            let mut pieces = Vec::new();
            for p in &l.pieces {
                let chars: Vec<char> = clean(&p.raw).chars().collect();
                let n = chars.len();
                let w = (p.x1 - p.x0) / n.max(1) as f32;
                for a in 0..n {
                    for b in a + 1..=n.min(a + 8) {
                        pieces.push(Piece {
                            x0: p.x0 + w * a as f32,
                            x1: p.x0 + w * b as f32,
                            raw: chars[a..b].iter().collect(),
                            ..p.clone()
                        });
                    }
                }
            }
            VLine {
                pieces,
                ..(*l).clone()
            }
        })
        .collect()
}

/// The piece below `last` that continues a header cell wrapped onto the next line.
fn below<'a>(
    band: &'a [&VLine],
    from: usize,
    last: &Piece,
    h: f32,
    ok: impl Fn(&Piece) -> bool,
) -> Option<(usize, &'a Piece)> {
    band.iter()
        .enumerate()
        .skip(from + 1)
        .take(3)
        .flat_map(|(i, l)| l.pieces.iter().map(move |p| (i, p)))
        .filter(|(_, p)| {
            let aligned =
                (p.xc() - last.xc()).abs() <= 0.5 * (p.x1 - p.x0).min(last.x1 - last.x0) + 0.6 * h;
            let lower = (p.y0 + p.y1) / 2.0 > (last.y0 + last.y1) / 2.0 + 0.5 * h;
            lower && p.y0 - last.y1 < 1.2 * h && aligned && ok(p)
        })
        .min_by(|a, b| {
            let len = |p: &Piece| std::cmp::Reverse(p.raw.chars().count());
            (a.1.y0, len(a.1))
                .partial_cmp(&(b.1.y0, len(b.1)))
                .unwrap_or(std::cmp::Ordering::Equal)
        })
}

/// A header cell found: which name, its x-range, the band lines it was read from.
type Named = (usize, (f32, f32), Vec<usize>);

/// Columns picked: their x-ranges, and the band lines their headers were read from.
type Picked = (Vec<(f32, f32)>, Vec<usize>);

/// Header cells matching `names`, each found whole or wrapped over lines.
fn named(band: &[&VLine], names: &[&str], em: f32) -> Vec<Named> {
    let mut out = Vec::new();
    for (li, l) in band.iter().enumerate() {
        for p in &l.pieces {
            let start = clean(&p.raw);
            if start.is_empty() {
                continue;
            }
            for (k, name) in names.iter().enumerate() {
                if !prefix_of(name, &start) {
                    continue;
                }
                let (mut text, mut last, mut at) = (start.clone(), p, li);
                let (mut x0, mut x1, mut used) = (p.x0, p.x1, vec![li]);
                while text.chars().count() < name.chars().count() {
                    let Some((i, q)) = below(band, at, last, l.h.max(em), |q| {
                        prefix_of(name, &format!("{text}{}", clean(&q.raw)))
                    }) else {
                        break;
                    };
                    text.push_str(&clean(&q.raw));
                    (last, at) = (q, i);
                    (x0, x1) = (x0.min(q.x0), x1.max(q.x1));
                    used.push(i);
                }
                if text.chars().count() == name.chars().count() && prefix_of(name, &text) {
                    out.push((k, (x0, x1), used));
                }
            }
        }
    }
    out
}

/// `text` starts `name`, allowing one misread character in names of four or more (OCR's
/// `社会公盖组织`).
fn prefix_of(name: &str, text: &str) -> bool {
    let (n, t): (Vec<char>, Vec<char>) = (name.chars().collect(), text.chars().collect());
    if t.is_empty() || t.len() > n.len() {
        return false;
    }
    let wrong = n.iter().zip(&t).filter(|(a, b)| a != b).count();
    wrong == 0 || (wrong == 1 && n.len() >= 4 && t.len() >= 2 && n[0] == t[0])
}

/// Picks, left to right, one header cell per name of `sequence` (names may repeat, as section
/// 四's blocks do).
fn in_order(found: &[Named], sequence: &[usize]) -> Option<Picked> {
    let mut at = f32::MIN;
    let (mut columns, mut used) = (Vec::new(), Vec::new());
    for &k in sequence {
        let next = found
            .iter()
            .filter(|(name, (a, b), _)| *name == k && (a + b) / 2.0 > at)
            .min_by(|x, y| (x.1.0 + x.1.1).total_cmp(&(y.1.0 + y.1.1)))?;
        at = (next.1.0 + next.1.1) / 2.0;
        columns.push(next.1);
        used.extend(next.2.iter().copied());
    }
    Some((columns, used))
}

/// What a run of lines without numbers says about the columns of the rows below it.
fn header(section: Section, band: &[&VLine], em: f32) -> Header {
    match section {
        Section::Applications | Section::Review => {
            let (names, sequences): (&[&str], Vec<Vec<usize>>) = if section == Section::Review {
                let five: Vec<usize> = (0..5).collect();
                (OUTCOMES, vec![five.repeat(3), five])
            } else {
                (APPLICANTS, vec![(0..7).collect()])
            };
            let spans = spans(band);
            let spans: Vec<&VLine> = spans.iter().collect();
            let found = named(&spans, names, em);
            for seq in sequences {
                if let Some((columns, used)) = in_order(&found, &seq)
                    && let Some(g) = Grid::new(&columns, em)
                {
                    return Header::Found(g, None, used);
                }
            }
            // A header naming some of the columns starts a table whose columns are unknown; a
            // name inside a label (其他 in 不计其他情形) starts nothing.
            let mut named_ones: Vec<usize> = found.iter().map(|f| f.0).collect();
            named_ones.sort_unstable();
            named_ones.dedup();
            if named_ones.len() * 2 >= names.len() {
                Header::Reset
            } else {
                Header::Keep
            }
        }
        Section::Proactive => proactive_header(band, em),
    }
}

/// Section 二's header row: cells naming its measures (a wrapped one joined), left to right.
fn proactive_header(band: &[&VLine], em: f32) -> Header {
    let is_measure = |t: &str| !labels::measures_in(&compact(&normalize(t))).is_empty();
    let mut chains: Vec<(f32, f32, String, Vec<usize>)> = Vec::new();
    for (li, l) in band.iter().enumerate().filter(|(_, l)| l.pieces.len() >= 2) {
        for p in &l.pieces {
            let (mut text, mut last, mut at) = (p.raw.clone(), p, li);
            let (mut x0, mut x1, mut used) = (p.x0, p.x1, vec![li]);
            while text.chars().count() < 16 {
                let Some((i, q)) = below(band, at, last, l.h.max(em), |q| !is_measure(&q.raw))
                else {
                    break;
                };
                text = join_pieces([text.as_str(), q.raw.as_str()].into_iter());
                (last, at) = (q, i);
                (x0, x1) = (x0.min(q.x0), x1.max(q.x1));
                used.push(i);
            }
            chains.push((x0, x1, text, used));
        }
    }
    let measures: Vec<&(f32, f32, String, Vec<usize>)> =
        chains.iter().filter(|c| is_measure(&c.2)).collect();
    if measures.is_empty() {
        let starts_table = band.iter().any(|l| {
            let t = compact(&normalize(&join_pieces(
                l.pieces.iter().map(|p| p.raw.as_str()),
            )));
            t.contains("第二十条") || t.contains("信息内容")
        });
        return if starts_table {
            Header::Reset
        } else {
            Header::Keep
        };
    }
    let columns: Vec<(f32, f32)> = measures.iter().map(|c| (c.0, c.1)).collect();
    let Some(grid) = Grid::new(&columns, em) else {
        return Header::Reset;
    };
    let line = band[chains.first().map_or(0, |c| c.3[0])].number;
    let cells = chains
        .iter()
        .map(|c| Cell::new(&c.2, line))
        .collect::<Vec<_>>();
    let used = chains.iter().flat_map(|c| c.3.iter().copied()).collect();
    Header::Found(grid, Some(cells), used)
}
