//! Identities across the rows of section 三 settle what one row's own arithmetic left open: a
//! run of digits such as `330000033` reads 33|0|0|0|0|0|33 or 3|30|0|0|0|0|33 by its row sum, but
//! only one of them makes the column of 自然人 add up to its （七）总计 (outcome_sum) and keeps
//! 一 + 二 = 三（七）+ 四 (balance). A reading is kept only where every identity that can be checked
//! (all its other cells known) holds; a row is settled when exactly one reading is left. Where
//! two or more rows stay open because each identity holds cells of both, their readings are tried
//! together, and a row takes the reading every consistent combination gives it.

use std::collections::BTreeMap;

use crate::model::AppRow;
use crate::template::identities::ACROSS_ROWS;

/// One row's values and, while it is open, the readings still possible.
#[derive(Clone, Debug, PartialEq)]
pub struct RowState {
    /// The values fixed so far (null where open).
    pub values: Vec<Option<f64>>,
    /// The readings still possible; empty once settled.
    pub alternatives: Vec<Vec<Option<f64>>>,
}

/// Narrows the open rows until nothing changes; returns the rows settled, with their values.
pub fn settle(rows: &mut BTreeMap<AppRow, RowState>) -> Vec<(AppRow, Vec<Option<f64>>)> {
    let mut settled = Vec::new();
    loop {
        let open: Vec<AppRow> = rows
            .iter()
            .filter(|(_, s)| !s.alternatives.is_empty())
            .map(|(r, _)| *r)
            .collect();
        let mut changed = false;
        for row in open {
            let alternatives = rows[&row].alternatives.clone();
            let keep: Vec<Vec<Option<f64>>> = alternatives
                .into_iter()
                .filter(|alt| consistent(rows, row, alt))
                .collect();
            let state = rows.get_mut(&row).expect("open row");
            if keep.len() == 1 {
                state.values = keep[0].clone();
                state.alternatives.clear();
                settled.push((row, state.values.clone()));
                changed = true;
            } else if !keep.is_empty() && keep.len() < state.alternatives.len() {
                state.alternatives = keep;
                changed = true;
            }
        }
        if !changed && !settle_jointly(rows, &mut settled) {
            return settled;
        }
    }
}

/// At most this many combinations of the open rows' readings are tried together.
const MAX_COMBINATIONS: usize = 4096;

/// Tries the open rows' readings together; settles each row on which all combinations that keep
/// every identity agree. Returns whether any row was settled.
fn settle_jointly(
    rows: &mut BTreeMap<AppRow, RowState>,
    settled: &mut Vec<(AppRow, Vec<Option<f64>>)>,
) -> bool {
    let open: Vec<AppRow> = rows
        .iter()
        .filter(|(_, s)| !s.alternatives.is_empty())
        .map(|(r, _)| *r)
        .collect();
    let sizes: Vec<usize> = open.iter().map(|r| rows[r].alternatives.len()).collect();
    let total = sizes
        .iter()
        .try_fold(1usize, |acc, &n| acc.checked_mul(n))
        .unwrap_or(usize::MAX);
    if open.len() < 2 || total > MAX_COMBINATIONS {
        return false;
    }
    // For each open row, the readings (by index) some consistent combination gives it.
    let mut chosen: Vec<Option<usize>> = vec![None; open.len()];
    let mut ambiguous = vec![false; open.len()];
    let mut any = false;
    for n in 0..total {
        let mut pick = Vec::with_capacity(open.len());
        let mut rest = n;
        for &size in &sizes {
            pick.push(rest % size);
            rest /= size;
        }
        let assignment: BTreeMap<AppRow, &[Option<f64>]> = open
            .iter()
            .zip(&pick)
            .map(|(r, &i)| (*r, rows[r].alternatives[i].as_slice()))
            .collect();
        if !jointly_consistent(rows, &assignment) {
            continue;
        }
        any = true;
        for (k, &i) in pick.iter().enumerate() {
            match chosen[k] {
                None => chosen[k] = Some(i),
                Some(j) if j != i => ambiguous[k] = true,
                _ => {}
            }
        }
    }
    if !any {
        return false;
    }
    let mut progress = false;
    for (k, row) in open.iter().enumerate() {
        if let (Some(i), false) = (chosen[k], ambiguous[k]) {
            let state = rows.get_mut(row).expect("open row");
            state.values = state.alternatives[i].clone();
            state.alternatives.clear();
            settled.push((*row, state.values.clone()));
            progress = true;
        }
    }
    progress
}

/// Whether the open rows reading `assignment` keep every identity they take part in that can be
/// checked (all its other cells known).
fn jointly_consistent(
    rows: &BTreeMap<AppRow, RowState>,
    assignment: &BTreeMap<AppRow, &[Option<f64>]>,
) -> bool {
    let value = |r: AppRow, c: usize| -> Option<f64> {
        if let Some(alt) = assignment.get(&r) {
            return alt.get(c).copied().flatten();
        }
        let s = rows.get(&r)?;
        if s.alternatives.is_empty() {
            s.values.get(c).copied().flatten()
        } else {
            None
        }
    };
    let width = assignment.values().map(|a| a.len()).max().unwrap_or(0);
    let involved = |rs: &[AppRow]| rs.iter().any(|r| assignment.contains_key(r));
    identities(rows).iter().all(|(left, right)| {
        !(involved(left) || involved(right))
            || (0..width).all(|c| {
                let side = |rs: &[AppRow]| rs.iter().map(|&r| value(r, c)).sum::<Option<f64>>();
                match (side(left), side(right)) {
                    (Some(l), Some(r)) => (l - r).abs() <= 1e-9,
                    _ => true,
                }
            })
    })
}

/// The template's identities across rows ([`ACROSS_ROWS`]) over the rows printed: parts, and
/// the whole they add up to.
fn identities(rows: &BTreeMap<AppRow, RowState>) -> Vec<(Vec<AppRow>, Vec<AppRow>)> {
    let printed: Vec<AppRow> = rows.keys().copied().collect();
    ACROSS_ROWS
        .iter()
        .map(|id| (id.parts_printed(&printed), id.whole.to_vec()))
        .collect()
}

/// Whether `row` reading `alt` keeps every identity that can be checked.
fn consistent(rows: &BTreeMap<AppRow, RowState>, row: AppRow, alt: &[Option<f64>]) -> bool {
    jointly_consistent(rows, &BTreeMap::from([(row, alt)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(v: &[f64]) -> RowState {
        RowState {
            values: v.iter().map(|x| Some(*x)).collect(),
            alternatives: Vec::new(),
        }
    }

    #[test]
    fn the_column_sums_choose_the_reading() {
        let mut rows = BTreeMap::new();
        rows.insert(
            AppRow::Granted,
            RowState {
                values: vec![None, None],
                alternatives: vec![vec![Some(33.0), Some(0.0)], vec![Some(3.0), Some(30.0)]],
            },
        );
        rows.insert(AppRow::PartiallyGranted, known(&[38.0, 0.0]));
        rows.insert(AppRow::TotalHandled, known(&[71.0, 0.0]));
        let settled = settle(&mut rows);
        assert_eq!(
            settled,
            vec![(AppRow::Granted, vec![Some(33.0), Some(0.0)])]
        );
    }

    #[test]
    fn two_open_rows_are_settled_together_by_the_column_sums() {
        // 予以公开 270020130 and 不掌握 220000325 each split two ways by their own sums; only
        // one pair keeps every column's outcomes equal to its total.
        let open = |a: [f64; 3], b: [f64; 3]| RowState {
            values: vec![None; 3],
            alternatives: vec![a.map(Some).to_vec(), b.map(Some).to_vec()],
        };
        let mut rows = BTreeMap::new();
        rows.insert(AppRow::Granted, open([27.0, 0.0, 27.0], [2.0, 25.0, 27.0]));
        rows.insert(
            AppRow::UnableNotHeld,
            open([22.0, 3.0, 25.0], [2.0, 23.0, 25.0]),
        );
        rows.insert(AppRow::TotalHandled, known(&[49.0, 3.0, 52.0]));
        let settled = settle(&mut rows);
        assert_eq!(
            settled,
            vec![
                (AppRow::Granted, vec![Some(27.0), Some(0.0), Some(27.0)]),
                (
                    AppRow::UnableNotHeld,
                    vec![Some(22.0), Some(3.0), Some(25.0)]
                ),
            ]
        );
    }

    #[test]
    fn an_identity_with_an_unknown_cell_decides_nothing() {
        let mut rows = BTreeMap::new();
        rows.insert(
            AppRow::Granted,
            RowState {
                values: vec![None, None],
                alternatives: vec![vec![Some(33.0), Some(0.0)], vec![Some(3.0), Some(30.0)]],
            },
        );
        rows.insert(
            AppRow::PartiallyGranted,
            RowState {
                values: vec![None, None],
                alternatives: Vec::new(),
            },
        );
        rows.insert(AppRow::TotalHandled, known(&[71.0, 0.0]));
        assert!(settle(&mut rows).is_empty());
    }
}
