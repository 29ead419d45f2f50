//! Row labels of a table laid out by position. A label cell wraps over lines, and office
//! software prints it top-aligned (values on its first line, LibreOffice's and Word's default)
//! or centred (values on its middle line, as many PDFs do), so a line of label text between two
//! rows of numbers belongs to whichever row its cell belongs to, not simply the nearest. A
//! cell's lines are chained by their text: a line that starts a label (`（二）`, `3.`, `四、`)
//! opens a cell, a line below it in the same column that does not continues it. Each cell then
//! joins the row of numbers its lines span (or the nearest, a couple of lines away at most),
//! and a row's label cells are its cells left to right: group labels spanning several rows
//! (`（三）不予公开`) go to the row nearest their centre.

use super::Cell;
use super::positioned::{Piece, VLine, join_pieces};
use super::text::starts_numbered;
use crate::text::normalize;

/// The label cells of each value line, and what is left of label lines that joined no row.
pub(super) struct Labels {
    /// Per zone line: the label cells of a value line's row (empty for other lines).
    pub cells: Vec<Vec<Cell>>,
    /// Per zone line: the text of a label line's pieces that joined no row.
    pub left_over: Vec<Option<String>>,
}

/// A piece of a value line that is part of its label: left of its grid's label region, or,
/// without a grid, before its first value (`edge`).
pub(super) fn is_label_piece(p: &Piece, edge: f32, grid: bool) -> bool {
    if grid { p.xc() < edge } else { p.x0 < edge }
}

/// Assigns label pieces to rows: the labels of value lines (those with an `edges` entry) and
/// the pieces of `candidate` label lines.
pub(super) fn assign(
    lines: &[&VLine],
    edges: &[Option<f32>],
    has_grid: &[bool],
    candidate: &[bool],
) -> Labels {
    let n = lines.len();
    let mut items: Vec<(usize, &Piece)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        match edges[i] {
            Some(edge) => items.extend(
                l.pieces
                    .iter()
                    .filter(|p| is_label_piece(p, edge, has_grid[i]))
                    .map(|p| (i, p)),
            ),
            None if candidate[i] => items.extend(l.pieces.iter().map(|p| (i, p))),
            None => {}
        }
    }
    items.sort_by(|a, b| {
        (lines[a.0].page, a.1.y0, a.1.x0)
            .partial_cmp(&(lines[b.0].page, b.1.y0, b.1.x0))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let blocks = chain(lines, &items, edges);
    let mut cells: Vec<Vec<(f32, Cell)>> = vec![Vec::new(); n];
    let mut assigned = vec![false; items.len()];
    for block in &blocks {
        let Some(v) = owner(lines, edges, candidate, &items, block) else {
            continue;
        };
        let raw = join_pieces(block.iter().map(|&k| items[k].1.raw.as_str()));
        let line = block
            .iter()
            .map(|&k| lines[items[k].0].number)
            .min()
            .unwrap_or(0);
        let x0 = block
            .iter()
            .map(|&k| items[k].1.x0)
            .fold(f32::MAX, f32::min);
        cells[v].push((x0, Cell::new(&raw, line)));
        for &k in block {
            assigned[k] = true;
        }
    }
    let mut left_over: Vec<Option<String>> = vec![None; n];
    for (k, (i, p)) in items.iter().enumerate() {
        if !assigned[k] && edges[*i].is_none() {
            let text = left_over[*i].get_or_insert_with(String::new);
            *text = join_pieces([text.as_str(), p.raw.as_str()].into_iter());
        }
    }
    let cells = cells
        .into_iter()
        .map(|mut c| {
            c.sort_by(|a, b| a.0.total_cmp(&b.0));
            c.into_iter().map(|(_, cell)| cell).collect()
        })
        .collect();
    Labels { cells, left_over }
}

/// Chains the label pieces (sorted top to bottom) into cells: a piece continues the cell whose
/// last piece is just above it in the same column, unless it starts a label of its own or both
/// are the labels of rows of numbers (each such row has its own cell).
fn chain(lines: &[&VLine], items: &[(usize, &Piece)], edges: &[Option<f32>]) -> Vec<Vec<usize>> {
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    let on_row = |k: usize| edges[items[k].0].is_some();
    for (k, &(i, q)) in items.iter().enumerate() {
        let h = lines[i].h;
        let continues = !starts_numbered(&normalize(&q.raw));
        // OCR splits a label where its characters are spaced (`(一)` `予以公开`): a piece just
        // right of a cell's last piece on the same line continues it.
        let beside = continues
            .then(|| {
                blocks.iter().position(|block| {
                    block.last().is_some_and(|&last| {
                        let (j, p) = items[last];
                        j == i && q.x0 >= p.x1 - 0.2 * h && q.x0 - p.x1 < 1.5 * h
                    })
                })
            })
            .flatten();
        let best = beside.or_else(|| {
            continues
                .then(|| {
                    blocks
                        .iter()
                        .enumerate()
                        .filter_map(|(b, block)| {
                            let &last = block.last()?;
                            // A row's own label continues only a label printed above its numbers.
                            if on_row(k) && block.iter().any(|&m| on_row(m)) {
                                return None;
                            }
                            let (j, p) = items[last];
                            // Centres, not edges: OCR's boxes of tall glyphs overlap.
                            let below = (q.y0 + q.y1 - p.y0 - p.y1) / 2.0;
                            let overlap = q.x1.min(p.x1) - q.x0.max(p.x0);
                            let narrower = (q.x1 - q.x0).min(p.x1 - p.x0);
                            (lines[j].page == lines[i].page
                                && j < i
                                && below > 0.5 * h
                                && below < 2.0 * h
                                && overlap >= 0.5 * narrower)
                                .then_some((b, below))
                        })
                        // The cell right above, not one a line further up.
                        .min_by(|a, b| a.1.total_cmp(&b.1))
                        .map(|(b, _)| b)
                })
                .flatten()
        });
        match best {
            Some(b) => blocks[b].push(k),
            None => blocks.push(vec![k]),
        }
    }
    blocks
}

/// The value line a label cell belongs to: one its lines span (the nearest to its centre), else
/// the nearest within about two lines, with nothing but label lines and rows between.
fn owner(
    lines: &[&VLine],
    edges: &[Option<f32>],
    candidate: &[bool],
    items: &[(usize, &Piece)],
    block: &[usize],
) -> Option<usize> {
    let first = items[block[0]].0;
    let page = lines[first].page;
    let h = lines[first].h;
    let y0 = block
        .iter()
        .map(|&k| items[k].1.y0)
        .fold(f32::MAX, f32::min);
    let y1 = block
        .iter()
        .map(|&k| items[k].1.y1)
        .fold(f32::MIN, f32::max);
    let (lo, hi) = block.iter().fold((usize::MAX, 0), |(lo, hi), &k| {
        (lo.min(items[k].0), hi.max(items[k].0))
    });
    let centre = (y0 + y1) / 2.0;
    let clear = |v: usize| {
        let (a, b) = if v < lo { (v + 1, lo) } else { (hi + 1, v) };
        (a..b).all(|k| candidate[k] || edges[k].is_some())
    };
    let rows = (0..lines.len()).filter(|&v| edges[v].is_some() && lines[v].page == page);
    let inside = rows
        .clone()
        .filter(|&v| {
            let y = lines[v].yc();
            y >= y0 - 0.3 * h && y <= y1 + 0.3 * h && clear(v)
        })
        .min_by(|&a, &b| {
            (lines[a].yc() - centre)
                .abs()
                .total_cmp(&(lines[b].yc() - centre).abs())
        });
    inside.or_else(|| {
        rows.filter(|&v| clear(v))
            .map(|v| {
                let y = lines[v].yc();
                (v, (y - y0).abs().min((y - y1).abs()))
            })
            .filter(|&(_, d)| d <= 2.2 * h)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(v, _)| v)
    })
}
