//! Blank cells of text dumps laid out by position (`pdftotext -layout`): a blank cell is only
//! whitespace there, so a row with fewer values than columns is placed under the columns of the
//! nearest full row of the same table, by the position of each value. A blank then stays a blank
//! (null) in its own column instead of shifting its neighbours.

use crate::layout::Cell;

/// How far (in half characters) a value may sit from its column's centre.
const TOLERANCE: u32 = 8;

/// A full row of a table: where it is, and its columns' centres.
#[derive(Clone, Debug)]
pub struct Grid {
    /// The row's line.
    pub line: u32,
    /// Twice the centre column of each cell.
    pub centres: Vec<u32>,
}

/// The rows of `n` positioned values among `rows` (line, value cells): the column grids.
pub fn grids<'a>(rows: impl Iterator<Item = (u32, &'a [&'a Cell])>, n: usize) -> Vec<Grid> {
    rows.filter(|(_, cells)| cells.len() == n)
        .filter_map(|(line, cells)| {
            let centres: Option<Vec<u32>> = cells.iter().map(|c| c.x).collect();
            centres.map(|centres| Grid { line, centres })
        })
        .collect()
}

/// Places a short row's values under the columns of the full row nearest it; `None` when they
/// are not positioned, no full row is near, or two values would share a column.
pub fn place<'a>(
    cells: &[&'a Cell],
    line: u32,
    grids: &[Grid],
) -> Option<(Vec<Option<&'a Cell>>, u32)> {
    let grid = grids.iter().min_by_key(|g| g.line.abs_diff(line))?;
    let mut slots: Vec<Option<&Cell>> = vec![None; grid.centres.len()];
    let mut last: Option<usize> = None;
    for cell in cells {
        let x = cell.x?;
        let (col, distance) = grid
            .centres
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.abs_diff(x)))
            .min_by_key(|&(_, d)| d)?;
        if distance > TOLERANCE || last.is_some_and(|l| col <= l) {
            return None;
        }
        slots[col] = Some(cell);
        last = Some(col);
    }
    Some((slots, grid.line))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, x: u32) -> Cell {
        Cell {
            x: Some(x),
            joined: true,
            ..Cell::new(text, 1)
        }
    }

    #[test]
    fn a_blank_keeps_its_column() {
        let full: Vec<Cell> = [10, 20, 30, 40].iter().map(|&x| at("0", x)).collect();
        let full_refs: Vec<&Cell> = full.iter().collect();
        let grids = grids(std::iter::once((5, full_refs.as_slice())), 4);
        let short = [at("7", 11), at("9", 39)];
        let refs: Vec<&Cell> = short.iter().collect();
        let (slots, from) = place(&refs, 9, &grids).expect("placed");
        assert_eq!(from, 5);
        let texts: Vec<Option<&str>> = slots.iter().map(|s| s.map(|c| c.text.as_str())).collect();
        assert_eq!(texts, [Some("7"), None, None, Some("9")]);
        let far = [at("7", 25 + TOLERANCE + 20)];
        assert!(place(&far.iter().collect::<Vec<_>>(), 9, &grids).is_none());
    }
}
