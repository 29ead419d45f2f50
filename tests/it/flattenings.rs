//! The seeds' tab-separated tables flattened again the ways web-page-to-text converters and
//! copy-paste flatten real report pages: one cell per line ending in a pipe (a blank cell a lone
//! pipe, no row boundaries), and one cell per paragraph (blank cells gone). Whatever cannot be
//! placed any more is null; no cell may differ from what the tab-separated original gives.

use std::collections::BTreeMap;

use crate::util::{apps, proactive, review, seed, seed_text};

/// Every table cell of a text on a line of its own ending in ` |`; other lines kept.
fn cell_per_line(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.contains('\t') {
            for cell in line.split('\t') {
                out.push_str(&format!("{} |\n", cell.trim()));
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Every table cell of a text as a paragraph of its own; blank cells vanish.
fn cell_per_paragraph(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        for cell in line.split('\t').map(str::trim).filter(|c| !c.is_empty()) {
            out.push_str(cell);
            out.push_str("\n\n");
        }
    }
    out
}

/// All cells of an extraction, keyed by table, row and column, as numbers.
fn cells(e: &ogi::model::Extraction) -> BTreeMap<String, Option<f64>> {
    let mut out = BTreeMap::new();
    for ((r, c), v) in apps(e) {
        out.insert(format!("三 {r} {c}"), v.map(|v| v as f64));
    }
    for ((r, c), v) in review(e) {
        out.insert(format!("四 {r} {c}"), v.map(|v| v as f64));
    }
    for ((r, c), v) in proactive(e) {
        out.insert(format!("二 {r} {c}"), v);
    }
    out
}

/// (cells the original reads, those of them now null) after flattening; panics on a differing
/// cell.
fn compare(id: &str, flatten: fn(&str) -> String) -> (usize, Vec<String>) {
    let original = cells(&seed(id));
    let flat = ogi::app::read_text(&flatten(&seed_text(id))).expect("a report");
    let again = cells(&flat);
    let mut nulls = Vec::new();
    for (key, want) in &original {
        let Some(want) = want else { continue };
        match again.get(key).copied().flatten() {
            None => nulls.push(key.clone()),
            Some(got) => assert_eq!(got, *want, "seed {id}: {key}"),
        }
    }
    (original.values().filter(|v| v.is_some()).count(), nulls)
}

#[test]
fn seeds_flattened_one_cell_per_line_or_paragraph_read_the_same_or_null() {
    for flatten in [cell_per_line, cell_per_paragraph] {
        // 000's row with a missing cell, repaired by its own arithmetic in the original, is
        // one zero short here: its total is the cell that vanished.
        let (read, nulls) = compare("000", flatten);
        assert_eq!(
            (read, nulls),
            (198, vec!["三 unable_not_held total".to_owned()])
        );
        // 002 prints 予以公开 and 部分公开 with blank applicant cells and a total: with the
        // blanks gone from the stream, the one number could be any column.
        let (read, nulls) = compare("002", flatten);
        assert_eq!(
            (read, nulls),
            (
                186,
                vec![
                    "三 granted total".to_owned(),
                    "三 partially_granted total".to_owned()
                ]
            )
        );
    }
}
