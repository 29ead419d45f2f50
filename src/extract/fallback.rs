//! Section 三 rows whose labels floated away (PDF-to-markdown converters print the label column
//! as text lines between label-less rows of numbers, or leave a fragment of it, `本` or `（三）不`,
//! in a cell): such rows take the template's rows in order, but only where their number fills
//! the gap between the labelled rows around them exactly, and they are kept only where the
//! template's identities confirm the placement ([`confirmed`]). Otherwise they stay null, with a
//! `label_fallback` warning: a misplaced row would put every number of it under the wrong row.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{AppRow, Applicant, Template};
use crate::template::identities::{ACROSS_ROWS, OTHER_SUB_ROWS, ROW_SUM};
use crate::template::labels;

/// What a row of section 三 tells about where the rows of numbers around it belong.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Entry {
    /// A row of numbers whose label names this row.
    Labelled(AppRow),
    /// A row of numbers under only its group's label (`（三）不予公开`): taken as the group's
    /// first row, like a floated label's row.
    Group(AppRow),
    /// A row with no numbers whose label names this row (not a header row): a row of numbers
    /// beside it is it.
    Anchor(AppRow),
    /// A row of numbers with no label, or with a fragment of one that names no row.
    Bare,
    /// Anything else: no evidence either way.
    Ignored,
}

/// Where each entry goes: its row (labelled, group or placed bare rows), or `None`; and the
/// runs of bare rows that could not be placed, as (first entry index, entries, rows of the
/// template in the gap).
pub struct Placement {
    /// The row of each entry.
    pub rows: Vec<Option<AppRow>>,
    /// Runs of bare rows whose number does not fill their gap: (entry indices, template rows
    /// in the gap, or `None` where no order of the template places them).
    pub unplaced: Vec<(Vec<usize>, Option<usize>)>,
}

/// The orders of section 三 a report of this template may print: the 2021 template's （六）
/// by its three sub-rows, by the single row of 2019, or by both.
fn orders(template: Template) -> Vec<Vec<AppRow>> {
    let (other, subs) = OTHER_SUB_ROWS;
    let base = labels::template_rows(template);
    if template == Template::T2019 {
        return vec![base];
    }
    let without_subs: Vec<AppRow> = base
        .iter()
        .copied()
        .filter(|r| !subs.contains(r) && *r != other)
        .collect();
    let at = without_subs
        .iter()
        .position(|r| *r == AppRow::TotalHandled)
        .unwrap_or(without_subs.len());
    let with = |rows: &[AppRow]| {
        let mut v = without_subs.clone();
        v.splice(at..at, rows.iter().copied());
        v
    };
    let mut both = vec![other];
    both.extend_from_slice(subs);
    vec![with(subs), with(&[other]), with(&both)]
}

/// Places the bare rows of section 三 in template order where the row count confirms it.
pub fn place(entries: &[Entry], template: Template) -> Placement {
    let named: BTreeSet<AppRow> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Labelled(r) | Entry::Group(r) | Entry::Anchor(r) => Some(*r),
            _ => None,
        })
        .collect();
    let orders: Vec<Vec<AppRow>> = orders(template)
        .into_iter()
        .filter(|o| named.iter().all(|r| o.contains(r)))
        .collect();
    let mut rows: Vec<Option<AppRow>> = entries
        .iter()
        .map(|e| match e {
            Entry::Labelled(r) | Entry::Group(r) => Some(*r),
            _ => None,
        })
        .collect();
    let mut unplaced = Vec::new();
    for run in runs(entries) {
        // The rows each order gives the run, where its count fills the gap.
        let mut fits: Vec<Vec<AppRow>> = Vec::new();
        let mut gap = None;
        for order in &orders {
            let pos = |r: AppRow| order.iter().position(|x| *x == r);
            let start = run.before.map_or(Some(0), |r| pos(r).map(|p| p + 1));
            let end = run.after.map_or(Some(order.len()), pos);
            let (Some(start), Some(end)) = (start, end) else {
                continue;
            };
            let width = end.saturating_sub(start);
            gap = Some(width);
            if end >= start && width == run.bare.len() {
                fits.push(order[start..end].to_vec());
            }
        }
        fits.sort();
        fits.dedup();
        match fits.as_slice() {
            [one] if run.anchors_agree(one) => {
                for (&i, &r) in run.bare.iter().zip(one) {
                    rows[i] = Some(r);
                }
            }
            [_] => unplaced.push((run.bare.clone(), None)),
            _ => unplaced.push((run.bare.clone(), if fits.is_empty() { gap } else { None })),
        }
    }
    Placement { rows, unplaced }
}

/// A run of bare rows, the labelled rows that bound it, and the labels printed alone among
/// them.
struct Run {
    before: Option<AppRow>,
    bare: Vec<usize>,
    /// Labels printed alone: how many bare rows of the run come before each, and its row.
    anchors: Vec<(usize, AppRow)>,
    after: Option<AppRow>,
}

impl Run {
    fn new(before: Option<AppRow>) -> Self {
        Run {
            before,
            bare: Vec::new(),
            anchors: Vec::new(),
            after: None,
        }
    }

    /// Whether each label printed alone names a row next to it once the run is placed as
    /// `rows`: the one after it or, for a label that floated below its numbers, the one before.
    fn anchors_agree(&self, rows: &[AppRow]) -> bool {
        self.anchors.iter().all(|&(k, r)| {
            let before = if k == 0 {
                self.before
            } else {
                rows.get(k - 1).copied()
            };
            let after = rows.get(k).copied().or(self.after);
            before == Some(r) || after == Some(r)
        })
    }
}

/// The runs of bare rows between the rows that say where they are (a labelled row, a group
/// row); empty runs are left out.
fn runs(entries: &[Entry]) -> Vec<Run> {
    let mut out = Vec::new();
    let mut run = Run::new(None);
    for (i, e) in entries.iter().enumerate() {
        match *e {
            Entry::Bare => run.bare.push(i),
            Entry::Anchor(r) => run.anchors.push((run.bare.len(), r)),
            Entry::Labelled(r) | Entry::Group(r) => {
                let mut done = std::mem::replace(&mut run, Run::new(Some(r)));
                done.after = Some(r);
                if !done.bare.is_empty() {
                    out.push(done);
                }
            }
            Entry::Ignored => {}
        }
    }
    if !run.bare.is_empty() {
        out.push(run);
    }
    out
}

/// Which rows placed without their labels (`placed`) the template's identities confirm, given
/// every row's values (`values`, in applicant order): a row is confirmed when an identity across
/// rows (outcome_sum, balance) that holds a cell of it can be checked and holds in at least one
/// column. Any identity holding a cell of them that fails (its own row sum too) confirms none:
/// `Err` says which. A row of numbers under the wrong row breaks those sums, so a confirmed
/// placement puts the numbers where the report printed them.
pub fn confirmed(
    values: &BTreeMap<AppRow, Vec<Option<f64>>>,
    placed: &BTreeSet<AppRow>,
) -> Result<BTreeSet<AppRow>, String> {
    let cell = |r: AppRow, a: usize| values.get(&r).and_then(|v| v.get(a).copied().flatten());
    let sum = |rows: &[AppRow], a: usize| -> Option<f64> { rows.iter().map(|&r| cell(r, a)).sum() };
    let applicant = |a: Applicant| Applicant::ALL.iter().position(|x| *x == a).unwrap_or(0);
    for &r in placed {
        let parts: Vec<usize> = ROW_SUM.parts.iter().map(|&a| applicant(a)).collect();
        let whole = applicant(ROW_SUM.whole[0]);
        let parts: Option<f64> = parts.iter().map(|&a| cell(r, a)).sum();
        if let (Some(p), Some(w)) = (parts, cell(r, whole))
            && p != w
        {
            return Err(format!(
                "row {}: {} fails ({p} ≠ {w})",
                r.key(),
                ROW_SUM.name
            ));
        }
    }
    let printed: Vec<AppRow> = values.keys().copied().collect();
    let mut held: BTreeSet<AppRow> = BTreeSet::new();
    let (other, subs) = OTHER_SUB_ROWS;
    for id in ACROSS_ROWS {
        let parts = id.parts_printed(&printed);
        let terms: Vec<AppRow> = parts.iter().chain(id.whole).copied().collect();
        // A row every report prints that was not found leaves the sum unknown, not smaller.
        let lost = id
            .parts
            .iter()
            .chain(id.whole)
            .any(|r| *r != other && !subs.contains(r) && !values.contains_key(r));
        if lost || !terms.iter().any(|r| placed.contains(r)) {
            continue;
        }
        for a in 0..Applicant::ALL.len() {
            let (Some(p), Some(w)) = (sum(&parts, a), sum(id.whole, a)) else {
                continue;
            };
            if p != w {
                return Err(format!(
                    "column {}: {} fails ({p} ≠ {w})",
                    Applicant::ALL[a].key(),
                    id.name
                ));
            }
            held.extend(terms.iter().filter(|r| placed.contains(r)));
        }
    }
    Ok(held)
}

#[cfg(test)]
mod tests {
    use super::*;
    use AppRow::*;

    #[test]
    fn the_orders_of_the_2021_template() {
        let o = orders(Template::T2021);
        assert_eq!(
            o.iter().map(Vec::len).collect::<Vec<_>>(),
            [25, 23, 26],
            "sub-rows, single （六）, both"
        );
        assert_eq!(o[1][20], Other);
        assert_eq!(
            o[2][20..24],
            [Other, OtherNoCorrection, OtherNoFee, OtherMisc]
        );
        assert_eq!(orders(Template::T2019)[0].len(), 23);
    }

    #[test]
    fn bare_rows_fill_the_gap_between_labelled_rows_or_none_is_placed() {
        use Entry::*;
        let e = [
            Labelled(NewReceived),
            Bare,
            Bare,
            Bare,
            Labelled(WithheldStateSecret),
        ];
        let p = place(&e, Template::T2021);
        assert_eq!(
            p.rows[1..4],
            [Some(CarriedOver), Some(Granted), Some(PartiallyGranted)]
        );
        assert!(p.unplaced.is_empty());
        // One row too few for the gap: none is placed.
        let e = [
            Labelled(NewReceived),
            Bare,
            Bare,
            Labelled(WithheldStateSecret),
        ];
        let p = place(&e, Template::T2021);
        assert_eq!(p.rows[1..3], [None, None]);
        assert_eq!(p.unplaced, [(vec![1, 2], Some(3))]);
        // A label printed alone names the row after it or, floated below, the one before.
        let e = [
            Labelled(NewReceived),
            Bare,
            Anchor(Granted),
            Bare,
            Labelled(PartiallyGranted),
        ];
        assert_eq!(place(&e, Template::T2021).rows[3], Some(Granted));
        let e = [
            Labelled(NewReceived),
            Bare,
            Bare,
            Anchor(Granted),
            Labelled(PartiallyGranted),
        ];
        assert_eq!(place(&e, Template::T2021).rows[2], Some(Granted));
        // One that names neither: the run is not placed.
        let e = [
            Labelled(NewReceived),
            Anchor(PartiallyGranted),
            Bare,
            Bare,
            Labelled(PartiallyGranted),
        ];
        let p = place(&e, Template::T2021);
        assert_eq!((p.rows[2], p.unplaced), (None, vec![(vec![2, 3], None)]));
    }

    #[test]
    fn a_whole_table_of_bare_rows_takes_the_order_its_count_fits() {
        let e = vec![Entry::Bare; 23];
        let p = place(&e, Template::T2021);
        assert_eq!(p.rows[20], Some(Other), "the single （六） row of 2019");
        assert_eq!(p.rows[22], Some(CarriedForward));
        let e = vec![Entry::Bare; 24];
        assert!(place(&e, Template::T2021).rows.iter().all(Option::is_none));
    }
}
