//! Fits a row's printed value cells to the columns the template defines, when their numbers
//! differ. A row with as many cells as columns is taken as printed. Otherwise every reading is
//! enumerated (which cells are extra, or where the missing ones were), readings the row's own
//! arithmetic contradicts are dropped, and a column gets a value only if every remaining
//! reading gives it the same one. Two layout facts narrow the readings: blank cells at the ends
//! of a long row are padding, and the last printed cell is the last column (Word exports lose
//! cells where labels and blank cells were merged, on the left, not the total on the right).
//!
//! Cells from flattened web text (`joined`) are read differently: a run of digits may hold several
//! cells (`713000074`), so its splits into the missing number of cells are the readings; and a
//! cell that is missing there was an empty cell whose blank vanished, so it is null, never solved.
//! The readings are enumerated in [`super::readings`]; here they are weighed.

use super::readings::{Printed, V, combinations};
use crate::layout::Cell;
use crate::model::CellSource;
use crate::template::identities::Identity;
use crate::text::number::{Num, read_value};

/// The arithmetic a row obeys, used to choose between readings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// No identity (section 二).
    None,
    /// Blocks of `k` columns whose last column is the sum of the others: the seven columns of a
    /// section 三 row (`Sum(7)`), the three five-column blocks of section 四 (`Sum(5)`).
    Sum(usize),
}

impl Check {
    /// The check of a row whose columns are blocks obeying `identity`, its parts then its single
    /// whole: a section 三 row ([`ROW_SUM`](crate::template::identities::ROW_SUM)), the blocks
    /// of section 四 ([`REVIEW_SUM`](crate::template::identities::REVIEW_SUM)).
    pub const fn sum<K>(identity: &Identity<K>) -> Check {
        assert!(
            identity.whole.len() == 1,
            "a block's whole is its last column"
        );
        Check::Sum(identity.width())
    }
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
    /// The cells were digits of flattened text (so a note is about splitting runs, not a count).
    pub joined: bool,
    /// No column was left undetermined.
    pub resolved: bool,
    /// The value cells as printed, space-separated.
    pub printed: String,
    /// When the row's own arithmetic left several readings (at most [`MAX_ALTERNATIVES`]), the
    /// values of each, for identities across rows to choose between.
    pub alternatives: Vec<Vec<Option<f64>>>,
}

/// Readings kept for identities across rows to choose between.
pub const MAX_ALTERNATIVES: usize = 64;

/// A row placed cell by cell (see [`super::columns`]): every value as printed, the other
/// columns blank (null).
pub fn placed<'a>(slots: &[Option<&'a Cell>], note: String) -> Fit<'a> {
    let columns = slots
        .iter()
        .map(|s| Fitted {
            cell: *s,
            num: s.and_then(|c| read_value(&c.text).num().cloned()),
            source: CellSource::Table,
        })
        .collect();
    let printed = slots
        .iter()
        .flatten()
        .map(|c| c.raw.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    Fit {
        columns,
        note: Some(note),
        joined: false,
        resolved: true,
        printed,
        alternatives: Vec::new(),
    }
}

/// Fits `cells` (a row's value cells, in printed order) to `n` columns.
pub fn fit<'a>(cells: &[&'a Cell], n: usize, check: Check) -> Fit<'a> {
    let row = Printed::new(cells);
    let mut idx: Vec<usize> = (0..cells.len()).collect();
    while idx.len() > n && idx.last().is_some_and(|&i| cells[i].text.is_empty()) {
        idx.pop();
    }
    while idx.len() > n && idx.first().is_some_and(|&i| cells[i].text.is_empty()) {
        idx.remove(0);
    }
    let joined = idx.iter().any(|&i| cells[i].joined);
    let readings: Vec<Vec<V>> = if idx.len() == n {
        vec![idx.iter().map(|&i| V::Printed(i)).collect()]
    } else if idx.len() > n {
        // Extra cells are the blanks a spanning cell leaves (HTML, Word), where there are enough
        // of them; otherwise any cell may be the extra one.
        let drops = combinations(idx.len(), idx.len() - n);
        let blank_drops: Vec<Vec<usize>> = drops
            .iter()
            .filter(|d| d.iter().all(|&p| cells[idx[p]].text.is_empty()))
            .cloned()
            .collect();
        let drops = if blank_drops.is_empty() {
            drops
        } else {
            blank_drops
        };
        drops
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
    } else if joined {
        let mut readings = row.joined_readings(&idx, n);
        // With no arithmetic to choose (section 二), a cell that reads as one whole number may be
        // that number with the blanks beside it vanished (`257` under three columns is 257 and
        // two blanks as much as 2 | 5 | 7): such readings join the splits, and where they
        // disagree the cells stay null.
        let whole = idx.iter().all(|&i| {
            row.parsed[i]
                .num()
                .is_some_and(|x| !x.digits.starts_with('0') || x.digits == "0")
        });
        if matches!(check, Check::None) && whole {
            for blank in combinations(n, n - idx.len()) {
                let mut printed = idx.iter();
                let reading: Vec<V> = (0..n)
                    .map(|col| {
                        if blank.contains(&col) {
                            V::Blank
                        } else {
                            printed.next().map_or(V::Blank, |&i| V::Printed(i))
                        }
                    })
                    .collect();
                if !readings.contains(&reading) {
                    readings.push(reading);
                }
            }
        }
        readings
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
    let readings: Vec<Vec<V>> = if idx.len() == n {
        readings
    } else {
        readings
            .into_iter()
            .filter_map(|r| apply(&row, r, check))
            .collect()
    };
    let columns = merge(&row, &readings, n);
    let note = (cells.len() != n || joined && idx.len() != n)
        .then(|| describe(cells.len(), n, joined, &readings, &columns));
    let resolved = !readings.is_empty()
        && columns.iter().all(|c| {
            c.num.is_some() || c.cell.is_some() || readings.iter().all(|r| r.contains(&V::Blank))
        });
    let printed = cells
        .iter()
        .map(|c| c.raw.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let alternatives = if resolved || readings.len() < 2 || readings.len() > MAX_ALTERNATIVES {
        Vec::new()
    } else {
        readings
            .iter()
            .map(|r| r.iter().map(|v| row.num(v).map(|n| n.value)).collect())
            .collect()
    };
    Fit {
        alternatives,
        columns,
        note,
        joined,
        resolved,
        printed,
    }
}

/// Checks a reading against the arithmetic and fills a single missing cell per block.
/// Returns `None` when the reading contradicts it.
fn apply(row: &Printed, mut reading: Vec<V>, check: Check) -> Option<Vec<V>> {
    let Check::Sum(k) = check else {
        return Some(reading);
    };
    if !reading.len().is_multiple_of(k) {
        return Some(reading);
    }
    for block in reading.chunks_mut(k) {
        let value = |v: &V| row.num(v).map(|n| n.value);
        let missing: Vec<usize> = (0..k).filter(|&j| block[j] == V::Missing).collect();
        let null = block.iter().any(|v| *v != V::Missing && value(v).is_none());
        if null || missing.len() > 1 {
            continue;
        }
        let parts: f64 = block[..k - 1].iter().filter_map(value).sum();
        match (missing.first(), value(&block[k - 1])) {
            (None, Some(t)) if (parts - t).abs() > 1e-9 => return None,
            (None, _) => {}
            (Some(&j), _) if j == k - 1 => block[j] = V::Solved(parts),
            (Some(&j), Some(t)) => {
                if t - parts < 0.0 {
                    return None;
                }
                block[j] = V::Solved(t - parts);
            }
            (Some(_), None) => {}
        }
    }
    Some(reading)
}

fn merge<'a>(row: &Printed<'_, 'a>, readings: &[Vec<V>], n: usize) -> Vec<Fitted<'a>> {
    (0..n)
        .map(|col| merge_column(row, readings.iter().map(|r| &r[col]).collect()))
        .collect()
}

fn merge_column<'a>(row: &Printed<'_, 'a>, vs: Vec<&V>) -> Fitted<'a> {
    let undetermined = Fitted {
        cell: None,
        num: None,
        source: CellSource::Table,
    };
    let Some(&first) = vs.first() else {
        return undetermined;
    };
    let values: Vec<Option<Num>> = vs.iter().map(|v| row.num(v)).collect();
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
    let same_cell = first
        .cell()
        .filter(|c| vs.iter().all(|v| v.cell() == Some(*c)))
        .map(|c| row.cells[c]);
    match (vs.iter().all(|v| *v == first), first, agreed) {
        (true, V::Printed(i), _) => Fitted {
            cell: Some(row.cells[*i]),
            num: row.parsed[*i].num().cloned(),
            source: CellSource::Table,
        },
        // Every reading takes a whole printed cell with the same value: as printed, whichever it was.
        (false, V::Printed(i), Some(x)) if vs.iter().all(|v| matches!(v, V::Printed(_))) => {
            Fitted {
                cell: Some(row.cells[*i]),
                num: Some(x),
                source: CellSource::Table,
            }
        }
        (_, _, Some(x)) => Fitted {
            cell: same_cell,
            num: Some(x),
            source: CellSource::Repaired,
        },
        _ => undetermined,
    }
}

fn describe(
    printed: usize,
    n: usize,
    joined: bool,
    readings: &[Vec<V>],
    columns: &[Fitted],
) -> String {
    let head = if joined {
        format!("row flattened into {printed} runs of digits for {n} columns")
    } else {
        format!("row has {printed} value cells for {n} columns")
    };
    let undetermined = columns
        .iter()
        .filter(|c| c.num.is_none() && c.cell.is_none())
        .count();
    let blanks = readings
        .first()
        .map_or(0, |r| r.iter().filter(|v| **v == V::Blank).count());
    if readings.is_empty() {
        format!(
            "{head}; no reading of the cells fits the row's arithmetic (or there are too many to weigh), so all are left null"
        )
    } else if readings.len() == 1 && blanks > 0 {
        format!(
            "{head}; all printed values are 0, read left to right, the last {blanks} cells empty (null)"
        )
    } else if undetermined == 0 {
        match (joined, printed > n) {
            (true, _) => {
                format!("{head}; exactly one split of the digits fits the row's arithmetic")
            }
            (false, true) => {
                format!("{head}; every reading of the extra cells gives the same values")
            }
            (false, false) => format!("{head}; the missing cell follows from the row's arithmetic"),
        }
    } else {
        format!(
            "{head}; {} readings remain, {undetermined} cells on which they differ are left null",
            readings.len()
        )
    }
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

    fn joined(texts: &[&str], n: usize, check: Check) -> (Vec<Option<f64>>, Fit<'static>) {
        let owned: &'static [Cell] = Box::leak(
            texts
                .iter()
                .map(|t| Cell {
                    joined: true,
                    ..Cell::new(t, 1)
                })
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        );
        let refs: Vec<&Cell> = owned.iter().collect();
        let fit = fit(&refs, n, check);
        (values(&fit), fit)
    }

    #[test]
    fn digit_run_with_one_split_fitting_the_sum() {
        let (v, fit) = joined(&["713000074"], 7, Check::Sum(7));
        assert_eq!(
            v,
            [
                Some(71.0),
                Some(3.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(74.0)
            ]
        );
        assert!(fit.columns.iter().all(|c| c.source == CellSource::Repaired));
        assert_eq!(
            fit.columns[0].cell.map(|c| c.raw.as_str()),
            Some("713000074")
        );
        let (v, _) = joined(&["23", "0", "00", "0", "023"], 7, Check::Sum(7));
        assert_eq!(
            v,
            [
                Some(23.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(23.0)
            ]
        );
    }

    #[test]
    fn long_run_of_section_four_splits_by_its_three_sums() {
        // 平潭综合实验区 2024 report: seventeen digits for fifteen cells.
        let (v, _) = joined(&["21317000001324019"], 15, Check::Sum(5));
        let expected = [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19];
        assert_eq!(v, expected.map(|x| Some(f64::from(x))));
    }

    #[test]
    fn a_signed_run_splits_too_and_never_lends_its_sign_to_a_later_cell() {
        let (v, _) = joined(&["2648", "-18538"], 3, Check::None);
        assert_eq!(v, [None, None, None]);
    }

    #[test]
    fn digit_run_with_several_splits_is_left_null() {
        let (v, fit) = joined(&["3960181"], 3, Check::None);
        assert_eq!(v, [None, None, None]);
        assert!(fit.note.unwrap().contains("left null"));
        let (v, _) = joined(&["000"], 3, Check::None);
        assert_eq!(v, [Some(0.0); 3]);
    }

    #[test]
    fn amount_keeps_its_decimals_and_unit_in_the_last_piece() {
        let (_, fit) = joined(&["5", "75394432.52元"], 2, Check::None);
        assert_eq!(
            fit.columns[1].num.as_ref().map(|n| (n.value, n.unit)),
            Some((75394432.52, Some("元")))
        );
    }

    #[test]
    fn vanished_blanks_in_a_zero_row_are_the_last_cells() {
        let (v, _) = joined(&["0", "0", "0", "0", "0", "0"], 7, Check::Sum(7));
        assert_eq!(
            v,
            [
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                None
            ]
        );
        // Counted by the zeros of a run (`0 00000`), and never when two or more are missing.
        let (v, _) = joined(&["0", "00000"], 7, Check::Sum(7));
        assert_eq!(v[..6], [Some(0.0); 6]);
        assert_eq!(v[6], None);
        let (v, _) = joined(&["0", "0000"], 7, Check::Sum(7));
        assert_eq!(v, [None; 7]);
    }

    #[test]
    fn without_arithmetic_a_whole_number_may_be_one_cell_with_its_blanks_vanished() {
        // `257` under three columns is 2 | 5 | 7 or 257 beside two blanks: nothing tells which.
        let (v, _) = joined(&["257"], 3, Check::None);
        assert_eq!(v, [None; 3]);
        // `000` is no whole number (a leading zero): three zeros.
        let (v, _) = joined(&["000"], 3, Check::None);
        assert_eq!(v, [Some(0.0); 3]);
    }

    #[test]
    fn blanks_left_by_spanning_cells_are_the_extra_ones() {
        let (v, _) = run(&["6", "", "251000元", ""], 2, Check::None);
        assert_eq!(v, [Some(6.0), Some(251000.0)]);
        let (v, _) = run(&["0", "", "0", "0"], 3, Check::None);
        assert_eq!(v, [Some(0.0); 3]);
    }

    #[test]
    fn extra_cells_that_disagree_leave_nulls() {
        let (v, _) = run(&["1", "2", "3"], 2, Check::None);
        assert_eq!(v, [None, None]);
    }
}
