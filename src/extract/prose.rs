//! Headline figures the report states in its prose: applications received (共收到申请3件,
//! 未收到申请), the other section 三 totals some reports write as sentences, and review and
//! litigation counts (未发生行政复议和诉讼). They stand in for a missing table (source `prose`)
//! and are compared with the table when both exist (`prose_mismatch`).

use super::patterns::{
    PROSE_NO_REVIEW, PROSE_NONE_RECEIVED, PROSE_RECEIVED, PROSE_REVIEW_COUNT, PROSE_ROWS,
};
use crate::layout::Document;
use crate::model::{
    AppCell, AppRow, Applicant, CellSource, Extraction, Finding, Outcome, Proceeding, Provenance,
    ReviewCell, Severity,
};
use crate::template::Rule;

/// What a prose figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The 总计 column of a section 三 row.
    Applications(AppRow),
    /// The 总计 of a section 四 block.
    Review(Proceeding),
    /// Lawsuits of both kinds together (direct + after review).
    Litigation,
}

/// A figure stated in prose.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// What it counts.
    pub target: Target,
    /// The number.
    pub value: i64,
    /// The words it was read from.
    pub raw: String,
    /// Where.
    pub line: u32,
}

/// Every headline figure the running text states, first statement of each target only.
pub fn figures(doc: &Document) -> Vec<Figure> {
    let mut out: Vec<Figure> = Vec::new();
    let mut push = |target, value, raw: &str, line| {
        if !out.iter().any(|f: &Figure| f.target == target) {
            out.push(Figure {
                target,
                value,
                raw: raw.to_owned(),
                line,
            });
        }
    };
    for l in doc.lines() {
        let t = l.text.as_str();
        for c in PROSE_RECEIVED.captures_iter(t) {
            let n: Option<i64> = c
                .name("n")
                .or(c.name("m"))
                .and_then(|m| m.as_str().parse().ok());
            // `共受理申请24件(含上年结转1件)`: 23 new, 1 carried over.
            let carried: Option<i64> = c.name("c").and_then(|m| m.as_str().parse().ok());
            match (n, carried) {
                (Some(n), Some(k)) if k <= n => {
                    push(
                        Target::Applications(AppRow::NewReceived),
                        n - k,
                        &c[0],
                        l.line,
                    );
                    push(Target::Applications(AppRow::CarriedOver), k, &c[0], l.line);
                }
                (Some(n), _) => push(Target::Applications(AppRow::NewReceived), n, &c[0], l.line),
                _ => {}
            }
        }
        for c in PROSE_NONE_RECEIVED.captures_iter(t) {
            if !c["what"].contains("复议") && !c["what"].contains("诉讼") {
                push(Target::Applications(AppRow::NewReceived), 0, &c[0], l.line);
            }
        }
        for c in PROSE_ROWS.captures_iter(t) {
            let row = match &c["row"] {
                "上年结转政府信息公开申请" => AppRow::CarriedOver,
                "本年度办理结果" => AppRow::TotalHandled,
                _ => AppRow::CarriedForward,
            };
            if let Ok(n) = c["n"].parse() {
                push(Target::Applications(row), n, &c[0], l.line);
            }
        }
        for m in PROSE_NO_REVIEW.find_iter(t) {
            push(Target::Review(Proceeding::Review), 0, m.as_str(), l.line);
            push(Target::Litigation, 0, m.as_str(), l.line);
        }
        for c in PROSE_REVIEW_COUNT.captures_iter(t) {
            let target = if &c["kind"] == "行政复议" {
                Target::Review(Proceeding::Review)
            } else {
                Target::Litigation
            };
            if let Ok(n) = c["n"].parse() {
                push(target, n, &c[0], l.line);
            }
        }
    }
    out
}

/// Fills a missing section 三 or 四 from the figures, or checks the tables against them.
pub fn apply(e: &mut Extraction, figures: &[Figure]) {
    let (apps_from_table, review_from_table) = (!e.applications.is_empty(), !e.review.is_empty());
    for f in figures {
        let prov = Provenance {
            raw: Some(f.raw.clone()),
            source: CellSource::Prose,
            line: Some(f.line),
            confidence: None,
        };
        match f.target {
            Target::Applications(row) if !apps_from_table => {
                e.applications.push(AppCell {
                    row,
                    applicant: Applicant::Total,
                    value: Some(f.value),
                    label: None,
                    prov,
                });
            }
            // "收到申请75件" often counts the applications carried over from last year too (B010).
            Target::Applications(AppRow::NewReceived)
                if e.app(AppRow::NewReceived, Applicant::Total)
                    .zip(e.app(AppRow::CarriedOver, Applicant::Total))
                    .is_some_and(|(a, b)| a + b == f.value) => {}
            Target::Applications(row) => {
                compare(e.app(row, Applicant::Total), f, row.key(), &mut e.findings)
            }
            Target::Review(p) if !review_from_table => push_review(e, p, f.value, prov),
            Target::Review(p) => compare(e.review(p, Outcome::Total), f, p.key(), &mut e.findings),
            // Zero lawsuits in all means zero of each kind; a positive count cannot be split.
            Target::Litigation if !review_from_table => {
                if f.value == 0 {
                    push_review(e, Proceeding::LitigationDirect, 0, prov.clone());
                    push_review(e, Proceeding::LitigationAfterReview, 0, prov);
                }
            }
            Target::Litigation => {
                let sum = e
                    .review(Proceeding::LitigationDirect, Outcome::Total)
                    .zip(e.review(Proceeding::LitigationAfterReview, Outcome::Total))
                    .map(|(a, b)| a + b);
                compare(sum, f, "litigation", &mut e.findings);
            }
        }
    }
    e.applications.sort_by_key(|c| (c.row, c.applicant));
}

fn push_review(e: &mut Extraction, proceeding: Proceeding, value: i64, prov: Provenance) {
    e.review.push(ReviewCell {
        proceeding,
        outcome: Outcome::Total,
        value: Some(value),
        prov,
    });
}

fn compare(table: Option<i64>, f: &Figure, row: &str, findings: &mut Vec<Finding>) {
    if let Some(t) = table
        && t != f.value
    {
        let section = match f.target {
            Target::Applications(_) => crate::model::Section::Applications,
            _ => crate::model::Section::Review,
        };
        findings.push(
            Finding::new(
                Rule::ProseMismatch,
                Severity::Error,
                Some(section),
                format!(
                    "the text says '{}' ({}), the table says {t}",
                    f.raw, f.value
                ),
            )
            .row(row)
            .column("total")
            .values(f.value.to_string(), t.to_string())
            .at(Some(f.line)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stated(text: &str) -> Vec<(Target, i64)> {
        figures(&crate::layout::text::read(text).unwrap())
            .into_iter()
            .map(|f| (f.target, f.value))
            .collect()
    }

    #[test]
    fn applications_received_with_the_carried_over_ones_counted_in() {
        assert_eq!(
            stated("2023年共受理政府信息公开申请24件(含上年结转1件),予以公开4件。"),
            [
                (Target::Applications(AppRow::NewReceived), 23),
                (Target::Applications(AppRow::CarriedOver), 1)
            ]
        );
        assert_eq!(
            stated("全年共收到政府信息公开申请3件。"),
            [(Target::Applications(AppRow::NewReceived), 3)]
        );
    }
}
