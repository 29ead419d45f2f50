//! The template's own arithmetic, checked on an extraction. Pure: an [`Extraction`] in, findings
//! out. Rule codes are stable and documented in the README:
//! - `row_sum`: in section 三, the six applicant columns add up to 总计, per row;
//! - `balance`: the 勾稽关系, per column: 一 + 二 = 三（七）总计 + 四;
//! - `outcome_sum`: per column, （七）总计 = the sum of rows （一）..（六） (with （六）'s sub-rows in
//!   2021 reports);
//! - `review_sum`: in section 四, 维持 + 纠正 + 其他 + 尚未审结 = 总计, per block.
//!
//! A check whose cells are null cannot be assessed and says so (severity info); null is never
//! taken as 0.

use crate::model::{
    AppRow, Applicant, Extraction, Finding, Outcome, Proceeding, Section, Severity,
};
use crate::template::Rule;

/// Runs every arithmetic check.
pub fn check(e: &Extraction) -> Vec<Finding> {
    let mut out = Vec::new();
    if !e.applications.is_empty()
        && e.applications
            .iter()
            .any(|c| c.prov.source != crate::model::CellSource::Prose)
    {
        row_sums(e, &mut out);
        balance(e, &mut out);
        outcome_sums(e, &mut out);
    }
    if e.review
        .iter()
        .any(|c| c.prov.source != crate::model::CellSource::Prose)
    {
        review_sums(e, &mut out);
    }
    out
}

/// One identity to check: which rule, where, and how to name it.
struct Identity<'a> {
    rule: Rule,
    section: Section,
    row: &'a str,
    column: &'a str,
    what: String,
}

impl Identity<'_> {
    /// Compares `parts` (summed) with `whole`; a finding when they differ or cannot be assessed.
    fn compare(&self, parts: &[Option<i64>], whole: Option<i64>, out: &mut Vec<Finding>) {
        let nulls = parts.iter().filter(|p| p.is_none()).count() + usize::from(whole.is_none());
        let finding = |severity, message| {
            Finding::new(self.rule, severity, Some(self.section), message)
                .row(self.row)
                .column(self.column)
        };
        if nulls > 0 {
            out.push(finding(
                Severity::Info,
                format!(
                    "{}: cannot be assessed, {nulls} of its cells are null",
                    self.what
                ),
            ));
            return;
        }
        let sum: i64 = parts.iter().flatten().sum();
        let whole = whole.unwrap_or_default();
        if sum != whole {
            let shown = if parts.len() > 6 {
                format!("the sum of {} rows", parts.len())
            } else {
                parts
                    .iter()
                    .flatten()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(" + ")
            };
            out.push(
                finding(
                    Severity::Error,
                    format!("{}: {shown} = {sum} ≠ {whole}", self.what),
                )
                .values(sum.to_string(), whole.to_string()),
            );
        }
    }
}

fn printed_rows(e: &Extraction) -> Vec<AppRow> {
    let mut rows: Vec<AppRow> = e.applications.iter().map(|c| c.row).collect();
    rows.dedup();
    rows
}

fn row_sums(e: &Extraction, out: &mut Vec<Finding>) {
    for row in printed_rows(e) {
        let parts: Vec<Option<i64>> = Applicant::ALL[..6].iter().map(|&a| e.app(row, a)).collect();
        let id = Identity {
            rule: Rule::RowSum,
            section: Section::Applications,
            row: row.key(),
            column: "total",
            what: format!("row {}: applicants = 总计", row.key()),
        };
        id.compare(&parts, e.app(row, Applicant::Total), out);
    }
}

fn balance(e: &Extraction, out: &mut Vec<Finding>) {
    for &a in Applicant::ALL {
        let (new, carried) = (e.app(AppRow::NewReceived, a), e.app(AppRow::CarriedOver, a));
        let (handled, forward) = (
            e.app(AppRow::TotalHandled, a),
            e.app(AppRow::CarriedForward, a),
        );
        let what = format!("column {}: 一 + 二 = 三(七) + 四", a.key());
        let nulls = [new, carried, handled, forward]
            .iter()
            .filter(|v| v.is_none())
            .count();
        if nulls > 0 {
            out.push(
                Finding::new(
                    Rule::Balance,
                    Severity::Info,
                    Some(Section::Applications),
                    format!("{what}: cannot be assessed, {nulls} of its cells are null"),
                )
                .column(a.key()),
            );
            continue;
        }
        let (lhs, rhs) = (
            new.unwrap_or(0) + carried.unwrap_or(0),
            handled.unwrap_or(0) + forward.unwrap_or(0),
        );
        if lhs != rhs {
            let show = |v: Option<i64>| v.unwrap_or(0);
            out.push(
                Finding::new(
                    Rule::Balance,
                    Severity::Error,
                    Some(Section::Applications),
                    format!(
                        "column {}: {} + {} ≠ {} + {} (一 + 二 = 三(七) + 四)",
                        a.key(),
                        show(new),
                        show(carried),
                        show(handled),
                        show(forward)
                    ),
                )
                .column(a.key())
                .values(lhs.to_string(), rhs.to_string()),
            );
        }
    }
}

fn outcome_sums(e: &Extraction, out: &mut Vec<Finding>) {
    let rows = AppRow::outcome_rows(&printed_rows(e));
    for &a in Applicant::ALL {
        let parts: Vec<Option<i64>> = rows.iter().map(|&r| e.app(r, a)).collect();
        let id = Identity {
            rule: Rule::OutcomeSum,
            section: Section::Applications,
            row: AppRow::TotalHandled.key(),
            column: a.key(),
            what: format!("column {}: (一)..(六) = (七)总计", a.key()),
        };
        id.compare(&parts, e.app(AppRow::TotalHandled, a), out);
    }
}

fn review_sums(e: &Extraction, out: &mut Vec<Finding>) {
    for &p in Proceeding::ALL {
        let parts: Vec<Option<i64>> = Outcome::ALL[..4].iter().map(|&o| e.review(p, o)).collect();
        let id = Identity {
            rule: Rule::ReviewSum,
            section: Section::Review,
            row: p.key(),
            column: "total",
            what: format!("block {}: 维持 + 纠正 + 其他 + 尚未审结 = 总计", p.key()),
        };
        id.compare(&parts, e.review(p, Outcome::Total), out);
    }
}
