//! Duplicates: the same bytes under two names, or the same report in another format or encoding
//! (same agency, year and identical section 三 cells). The later file (in report_id order) gets
//! `duplicate_of`, the report_id it repeats; its cells are still written, but comparisons count
//! each report once. Pure: outcomes in, outcomes marked.

use std::collections::HashMap;

use crate::model::{CellSource, FileOutcome};

/// Marks every outcome that repeats an earlier one.
pub fn mark(outcomes: &mut [FileOutcome]) {
    let mut by_hash: HashMap<String, String> = HashMap::new();
    let mut by_report: HashMap<String, String> = HashMap::new();
    for o in outcomes.iter_mut() {
        let id = o.record.report_id.clone();
        let hash = o.record.content_hash.clone();
        let original = if hash.is_empty() {
            None
        } else {
            by_hash.get(&hash).cloned()
        };
        let original = original.or_else(|| report_key(o).and_then(|k| by_report.get(&k).cloned()));
        if let Some(original) = original {
            o.record.duplicate_of = Some(original);
            continue;
        }
        if !hash.is_empty() {
            by_hash.insert(hash, id.clone());
        }
        if let Some(k) = report_key(o) {
            by_report.insert(k, id);
        }
    }
}

/// Agency, year and the printed section 三 cells, when there are any to compare.
fn report_key(o: &FileOutcome) -> Option<String> {
    let e = o.extraction.as_ref()?;
    let agency = e.meta.agency.as_deref()?;
    let year = e.meta.year?;
    let printed = e
        .applications
        .iter()
        .any(|c| c.value.is_some() && c.prov.source != CellSource::Prose);
    if !printed {
        return None;
    }
    let cells: Vec<String> = e
        .applications
        .iter()
        .map(|c| format!("{}:{}:{:?}", c.row.key(), c.applicant.key(), c.value))
        .collect();
    Some(format!("{agency}|{year}|{}", cells.join(",")))
}
