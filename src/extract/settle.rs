//! Identities across the rows of section 三 settle what one row's own arithmetic left open: a
//! run of digits such as `330000033` reads 33|0|0|0|0|0|33 or 3|30|0|0|0|0|33 by its row sum, but
//! only one of them makes the column of 自然人 add up to its （七）总计 (outcome_sum) and keeps
//! 一 + 二 = 三（七）+ 四 (balance). A reading is kept only where every identity that can be checked
//! (all its other cells known) holds; a row is settled when exactly one reading is left.

use std::collections::BTreeMap;

use crate::model::AppRow;

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
        if !changed {
            return settled;
        }
    }
}

/// The identities of the template: parts, and the whole they add up to.
fn identities(rows: &BTreeMap<AppRow, RowState>) -> Vec<(Vec<AppRow>, Vec<AppRow>)> {
    let printed: Vec<AppRow> = rows.keys().copied().collect();
    let outcomes = AppRow::outcome_rows(&printed);
    vec![
        (outcomes, vec![AppRow::TotalHandled]),
        (
            vec![AppRow::NewReceived, AppRow::CarriedOver],
            vec![AppRow::TotalHandled, AppRow::CarriedForward],
        ),
    ]
}

/// Whether `row` reading `alt` keeps every identity that can be checked.
fn consistent(rows: &BTreeMap<AppRow, RowState>, row: AppRow, alt: &[Option<f64>]) -> bool {
    let value = |r: AppRow, c: usize| -> Option<f64> {
        if r == row {
            return alt.get(c).copied().flatten();
        }
        let s = rows.get(&r)?;
        if s.alternatives.is_empty() {
            s.values.get(c).copied().flatten()
        } else {
            None
        }
    };
    for (left, right) in identities(rows) {
        if !left.contains(&row) && !right.contains(&row) {
            continue;
        }
        for c in 0..alt.len() {
            let side = |rs: &[AppRow]| rs.iter().map(|&r| value(r, c)).sum::<Option<f64>>();
            if let (Some(l), Some(r)) = (side(&left), side(&right))
                && (l - r).abs() > 1e-9
            {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(v: [f64; 2]) -> RowState {
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
        rows.insert(AppRow::PartiallyGranted, known([38.0, 0.0]));
        rows.insert(AppRow::TotalHandled, known([71.0, 0.0]));
        let settled = settle(&mut rows);
        assert_eq!(
            settled,
            vec![(AppRow::Granted, vec![Some(33.0), Some(0.0)])]
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
        rows.insert(AppRow::TotalHandled, known([71.0, 0.0]));
        assert!(settle(&mut rows).is_empty());
    }
}
