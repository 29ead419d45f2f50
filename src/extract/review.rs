//! Section 四, administrative review and litigation: fifteen cells in three blocks of five
//! (维持, 纠正, 其他, 尚未审结, 总计), printed as one row of fifteen or as one row per block.

use super::align::{self, Check, Fitted};
use super::row::view;
use super::{fit_findings, int_value};
use crate::layout::Row;
use crate::model::{Finding, Outcome, Proceeding, ReviewCell, Section};
use crate::template::identities::REVIEW_SUM;
use crate::template::labels;

const SECTION: Option<Section> = Some(Section::Review);

/// The columns of one block: its outcomes, the last their total.
const BLOCK: usize = REVIEW_SUM.width();

/// Extracts the fifteen cells; empty when the section has no row with numbers.
pub fn extract(rows: &[&Row], findings: &mut Vec<Finding>) -> Vec<ReviewCell> {
    let views: Vec<_> = rows
        .iter()
        .map(|r| view(r))
        .filter(|v| v.has_values)
        .collect();
    if views.is_empty() {
        return Vec::new();
    }
    let per_block: Vec<Option<Proceeding>> =
        views.iter().map(|v| labels::proceeding(&v.label)).collect();
    let outcome_keys: Vec<&str> = Outcome::ALL.iter().map(|o| o.key()).collect();
    let mut cells = Vec::new();
    if per_block.iter().all(Option::is_some) {
        for &p in Proceeding::ALL {
            let Some(v) = views
                .iter()
                .zip(&per_block)
                .find(|(_, b)| **b == Some(p))
                .map(|(v, _)| v)
            else {
                let null = Fitted {
                    cell: None,
                    num: None,
                    source: crate::model::CellSource::Table,
                };
                push_block(&mut cells, p, &vec![null; BLOCK], views[0].line, findings);
                continue;
            };
            let fit = align::fit(&v.values, BLOCK, Check::sum(&REVIEW_SUM));
            fit_findings(&fit, SECTION, p.key(), &outcome_keys, v.line, findings);
            push_block(&mut cells, p, &fit.columns, v.line, findings);
        }
        return cells;
    }
    let values: Vec<_> = views
        .iter()
        .flat_map(|v| v.values.iter().copied())
        .collect();
    let line = views[0].line;
    let fit = align::fit(
        &values,
        BLOCK * Proceeding::ALL.len(),
        Check::sum(&REVIEW_SUM),
    );
    let columns: Vec<String> = Proceeding::ALL
        .iter()
        .flat_map(|p| {
            Outcome::ALL
                .iter()
                .map(move |o| format!("{}_{}", p.key(), o.key()))
        })
        .collect();
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    fit_findings(&fit, SECTION, "review_litigation", &columns, line, findings);
    for (i, &p) in Proceeding::ALL.iter().enumerate() {
        push_block(
            &mut cells,
            p,
            &fit.columns[i * BLOCK..(i + 1) * BLOCK],
            line,
            findings,
        );
    }
    cells
}

fn push_block(
    cells: &mut Vec<ReviewCell>,
    proceeding: Proceeding,
    columns: &[Fitted],
    line: u32,
    findings: &mut Vec<Finding>,
) {
    for (&outcome, f) in Outcome::ALL.iter().zip(columns) {
        let (value, prov) = int_value(
            f,
            Some(line),
            SECTION,
            proceeding.key(),
            outcome.key(),
            findings,
        );
        cells.push(ReviewCell {
            proceeding,
            outcome,
            value,
            prov,
        });
    }
}
