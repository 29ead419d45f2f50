//! Fits a row's printed value cells to the columns the template defines, when their numbers
//! differ. A row with as many cells as columns is taken as printed. Otherwise every reading is
//! enumerated (which cells are extra, or where the missing ones were), readings the row's own
//! arithmetic contradicts are dropped, and a column gets a value only if every remaining
//! reading gives it the same one. Two layout facts narrow the readings: blank cells at the ends
//! of a long row are padding, and the last printed cell is the last column (Word exports lose
//! cells where labels and blank cells were merged, on the left, not the total on the right).

use super::number::{Num, Parsed, parse};
use crate::layout::Cell;
use crate::model::CellSource;

/// The arithmetic a row obeys, used to choose between readings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// No identity (section 二).
    None,
    /// Blocks of `k` columns whose last column is the sum of the others: the seven columns of a
    /// section 三 row (`Sum(7)`), the three five-column blocks of section 四 (`Sum(5)`).
    Sum(usize),
}

/// One fitted column.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted<'a> {
    /// The printed cell the value was read from, when every reading agrees on it.
    pub cell: Option<&'a Cell>,
    /// The number, `None` where blank, unreadable or undetermined.
    pub num: Option<Num>,
    /// `Table` when read as printed (or left null), `Repaired` when the arithmetic settled it.
    pub source: CellSource,
}

/// The fitted row and, when the cell count was off, what was done about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Fit<'a> {
    /// One entry per column.
    pub columns: Vec<Fitted<'a>>,
    /// Set when the row had more or fewer cells than columns.
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
enum V {
    Printed(usize),
    Missing,
    Solved(f64),
}

/// Readings beyond this are not enumerated; the row's cells are left null instead.
const MAX_READINGS: usize = 5000;

/// Fits `cells` (a row's value cells, in printed order) to `n` columns.
pub fn fit<'a>(cells: &[&'a Cell], n: usize, check: Check) -> Fit<'a> {
    let parsed: Vec<Parsed> = cells.iter().map(|c| parse(&c.text)).collect();
    let mut idx: Vec<usize> = (0..cells.len()).collect();
    let printed = idx.len();
    while idx.len() > n && idx.last().is_some_and(|&i| cells[i].text.is_empty()) {
        idx.pop();
    }
    while idx.len() > n && idx.first().is_some_and(|&i| cells[i].text.is_empty()) {
        idx.remove(0);
    }
    let readings: Vec<Vec<V>> = if idx.len() == n {
        vec![idx.iter().map(|&i| V::Printed(i)).collect()]
    } else if idx.len() > n {
        combinations(idx.len(), idx.len() - n)
            .into_iter()
            .map(|drop| {
                (0..idx.len())
                    .filter(|p| !drop.contains(p))
                    .map(|p| V::Printed(idx[p]))
                    .collect()
            })
            .collect()
    } else if idx.is_empty() {
        vec![vec![V::Missing; n]]
    } else {
        // The last printed cell is the last column; the missing ones sit before it.
        combinations(n - 1, n - idx.len())
            .into_iter()
            .map(|missing| {
                let mut printed = idx.iter();
                (0..n)
                    .map(|col| {
                        if missing.contains(&col) {
                            V::Missing
                        } else {
                            printed.next().map_or(V::Missing, |&i| V::Printed(i))
                        }
                    })
                    .collect()
            })
            .collect()
    };
    let exact = idx.len() == n;
    let readings: Vec<Vec<V>> = if exact {
        readings
    } else {
        readings
            .into_iter()
            .filter_map(|r| apply(r, &parsed, check))
            .collect()
    };
    let columns = merge(&readings, n, cells, &parsed);
    let note = (printed != n).then(|| describe(printed, n, &readings, &columns));
    Fit { columns, note }
}

/// Checks a reading against the arithmetic and fills a single missing cell per block.
/// Returns `None` when the reading contradicts it.
fn apply(mut reading: Vec<V>, parsed: &[Parsed], check: Check) -> Option<Vec<V>> {
    let Check::Sum(k) = check else {
        return Some(reading);
    };
    if !reading.len().is_multiple_of(k) {
        return Some(reading);
    }
    for block in reading.chunks_mut(k) {
        let value = |v: &V| match v {
            V::Printed(i) => parsed[*i].num().map(|n| n.value),
            V::Solved(x) => Some(*x),
            V::Missing => None,
        };
        let missing: Vec<usize> = (0..k).filter(|&j| block[j] == V::Missing).collect();
        let printed_null = block
            .iter()
            .any(|v| matches!(v, V::Printed(_)) && value(v).is_none());
        if printed_null || missing.len() > 1 {
            continue;
        }
        let parts: f64 = block[..k - 1].iter().filter_map(value).sum();
        let total = value(&block[k - 1]);
        match (missing.first(), total) {
            (None, Some(t)) if (parts - t).abs() > 1e-9 => return None,
            (None, _) => {}
            (Some(&j), _) if j == k - 1 => block[j] = V::Solved(parts),
            (Some(&j), Some(t)) => {
                let x = t - parts;
                if x < 0.0 {
                    return None;
                }
                block[j] = V::Solved(x);
            }
            (Some(_), None) => {}
        }
    }
    Some(reading)
}

fn merge<'a>(
    readings: &[Vec<V>],
    n: usize,
    cells: &[&'a Cell],
    parsed: &[Parsed],
) -> Vec<Fitted<'a>> {
    (0..n)
        .map(|col| {
            let vs: Vec<&V> = readings.iter().map(|r| &r[col]).collect();
            let undetermined = Fitted {
                cell: None,
                num: None,
                source: CellSource::Table,
            };
            let Some(first) = vs.first() else {
                return undetermined;
            };
            let same_cell = vs.iter().all(|v| v == first);
            let num = |v: &V| match v {
                V::Printed(i) => parsed[*i].num().cloned(),
                V::Solved(x) => Some(solved(*x)),
                V::Missing => None,
            };
            let values: Vec<Option<Num>> = vs.iter().map(|v| num(v)).collect();
            let agreed = match values.first() {
                Some(Some(x))
                    if values
                        .iter()
                        .all(|v| v.as_ref().is_some_and(|v| v.value == x.value)) =>
                {
                    Some(x.clone())
                }
                _ => None,
            };
            let any_solved = vs.iter().any(|v| matches!(v, V::Solved(_)));
            match (same_cell, first, agreed) {
                (true, V::Printed(i), _) => Fitted {
                    cell: Some(cells[*i]),
                    num: parsed[*i].num().cloned(),
                    source: CellSource::Table,
                },
                // Every reading takes a printed cell with the same value: as printed, whichever cell it was.
                (false, V::Printed(i), Some(x))
                    if !any_solved && vs.iter().all(|v| matches!(v, V::Printed(_))) =>
                {
                    Fitted {
                        cell: Some(cells[*i]),
                        num: Some(x),
                        source: CellSource::Table,
                    }
                }
                (_, _, Some(x)) => Fitted {
                    cell: None,
                    num: Some(x),
                    source: CellSource::Repaired,
                },
                _ => undetermined,
            }
        })
        .collect()
}

fn solved(x: f64) -> Num {
    Num {
        value: x,
        digits: format!("{}", x.abs()),
        negative: x < 0.0,
        unit: None,
    }
}

fn describe(printed: usize, n: usize, readings: &[Vec<V>], columns: &[Fitted]) -> String {
    let head = format!("row has {printed} value cells for {n} columns");
    let undetermined = columns
        .iter()
        .filter(|c| c.num.is_none() && c.cell.is_none())
        .count();
    if readings.is_empty() {
        format!("{head}; no reading of the cells fits the row's arithmetic, so all are left null")
    } else if undetermined == 0 {
        if printed > n {
            format!("{head}; every reading of the extra cells gives the same values")
        } else {
            format!("{head}; the missing cell follows from the row's arithmetic")
        }
    } else {
        format!(
            "{head}; {} readings remain, {undetermined} cells on which they differ are left null",
            readings.len()
        )
    }
}

/// All `k`-element subsets of `0..n`, in lexicographic order (at most [`MAX_READINGS`]).
fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
    fn go(start: usize, n: usize, k: usize, cur: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if out.len() > MAX_READINGS {
            return;
        }
        if cur.len() == k {
            out.push(cur.clone());
            return;
        }
        for i in start..n {
            cur.push(i);
            go(i + 1, n, k, cur, out);
            cur.pop();
        }
    }
    let mut out = Vec::new();
    go(0, n, k, &mut Vec::with_capacity(k), &mut out);
    if out.len() > MAX_READINGS {
        out.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(texts: &[&str]) -> Vec<Cell> {
        texts.iter().map(|t| Cell::new(t, 1)).collect()
    }

    fn values(fit: &Fit) -> Vec<Option<f64>> {
        fit.columns
            .iter()
            .map(|c| c.num.as_ref().map(|n| n.value))
            .collect()
    }

    fn run(texts: &[&str], n: usize, check: Check) -> (Vec<Option<f64>>, Fit<'static>) {
        let owned: &'static [Cell] = Box::leak(cells(texts).into_boxed_slice());
        let refs: Vec<&Cell> = owned.iter().collect();
        let fit = fit(&refs, n, check);
        (values(&fit), fit)
    }

    #[test]
    fn exact_row_is_taken_as_printed_even_if_it_does_not_add_up() {
        let (v, fit) = run(&["3", "0", "0", "0", "0", "0", "0"], 7, Check::Sum(7));
        assert_eq!(
            v,
            [
                Some(3.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(0.0)
            ]
        );
        assert_eq!(fit.note, None);
    }

    #[test]
    fn short_row_of_zeros_is_repaired() {
        let (v, fit) = run(&["0", "0", "0", "0", "0", "0"], 7, Check::Sum(7));
        assert_eq!(v, vec![Some(0.0); 7]);
        assert_eq!(fit.columns[0].source, CellSource::Repaired);
        assert!(
            fit.note
                .unwrap()
                .contains("follows from the row's arithmetic")
        );
    }

    #[test]
    fn short_row_with_blank_applicants_keeps_its_total() {
        let (v, _) = run(&["", "", "", "", "", "0"], 7, Check::Sum(7));
        assert_eq!(v, [None, None, None, None, None, None, Some(0.0)]);
    }

    #[test]
    fn ambiguous_short_row_leaves_nulls_not_guesses() {
        let (v, fit) = run(&["3", "0", "0", "0", "0", "3"], 7, Check::Sum(7));
        assert_eq!(v[0], None);
        assert_eq!(v[1], None);
        assert_eq!(v[6], Some(3.0));
        assert!(fit.note.unwrap().contains("left null"));
    }

    #[test]
    fn trailing_blank_is_padding() {
        let (v, fit) = run(&["0", "0", ""], 2, Check::None);
        assert_eq!(v, [Some(0.0), Some(0.0)]);
        assert_eq!(fit.columns[1].source, CellSource::Table);
    }

    #[test]
    fn extra_zero_cells_agree() {
        let texts = vec!["0"; 16];
        let (v, fit) = run(&texts, 15, Check::Sum(5));
        assert_eq!(v, vec![Some(0.0); 15]);
        assert!(fit.note.is_some());
    }

    #[test]
    fn extra_cells_that_disagree_leave_nulls() {
        let (v, _) = run(&["1", "2", "3"], 2, Check::None);
        assert_eq!(v, [None, None]);
    }
}
