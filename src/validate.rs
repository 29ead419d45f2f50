//! The template's own arithmetic ([`crate::template::identities`]), checked on an extraction.
//! Pure: an [`Extraction`] in, findings out. Rule codes are stable and documented in the README:
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
use crate::template::identities::{BALANCE, OUTCOME_SUM, REVIEW_SUM, ROW_SUM};

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

/// One identity checked in one row, column or block: where, and how to name it.
struct Check<'a> {
    rule: Rule,
    section: Section,
    row: &'a str,
    column: &'a str,
    what: String,
}

impl Check<'_> {
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

/// The sum of some terms, null when any of them is.
fn total(terms: &[Option<i64>]) -> Option<i64> {
    terms.iter().copied().sum()
}

fn row_sums(e: &Extraction, out: &mut Vec<Finding>) {
    let id = &ROW_SUM;
    for row in printed_rows(e) {
        let cells = |keys: &[Applicant]| -> Vec<Option<i64>> {
            keys.iter().map(|&a| e.app(row, a)).collect()
        };
        let check = Check {
            rule: id.rule,
            section: Section::Applications,
            row: row.key(),
            column: id.whole[0].key(),
            what: format!("row {}: {}", row.key(), id.name),
        };
        check.compare(&cells(id.parts), total(&cells(id.whole)), out);
    }
}

fn balance(e: &Extraction, out: &mut Vec<Finding>) {
    let id = &BALANCE;
    for &a in Applicant::ALL {
        let cells =
            |keys: &[AppRow]| -> Vec<Option<i64>> { keys.iter().map(|&r| e.app(r, a)).collect() };
        let (left, right) = (cells(id.parts), cells(id.whole));
        let what = format!("column {}: {}", a.key(), id.name);
        let nulls = left.iter().chain(&right).filter(|v| v.is_none()).count();
        if nulls > 0 {
            out.push(
                Finding::new(
                    id.rule,
                    Severity::Info,
                    Some(Section::Applications),
                    format!("{what}: cannot be assessed, {nulls} of its cells are null"),
                )
                .column(a.key()),
            );
            continue;
        }
        let sum = |side: &[Option<i64>]| side.iter().flatten().sum::<i64>();
        let (lhs, rhs) = (sum(&left), sum(&right));
        if lhs != rhs {
            let show = |side: &[Option<i64>]| {
                side.iter()
                    .flatten()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(" + ")
            };
            out.push(
                Finding::new(
                    id.rule,
                    Severity::Error,
                    Some(Section::Applications),
                    format!(
                        "column {}: {} ≠ {} ({})",
                        a.key(),
                        show(&left),
                        show(&right),
                        id.name
                    ),
                )
                .column(a.key())
                .values(lhs.to_string(), rhs.to_string()),
            );
        }
    }
}

fn outcome_sums(e: &Extraction, out: &mut Vec<Finding>) {
    let id = &OUTCOME_SUM;
    let parts = id.parts_printed(&printed_rows(e));
    for &a in Applicant::ALL {
        let cells =
            |keys: &[AppRow]| -> Vec<Option<i64>> { keys.iter().map(|&r| e.app(r, a)).collect() };
        let check = Check {
            rule: id.rule,
            section: Section::Applications,
            row: id.whole[0].key(),
            column: a.key(),
            what: format!("column {}: {}", a.key(), id.name),
        };
        check.compare(&cells(&parts), total(&cells(id.whole)), out);
    }
}

fn review_sums(e: &Extraction, out: &mut Vec<Finding>) {
    let id = &REVIEW_SUM;
    for &p in Proceeding::ALL {
        let cells = |keys: &[Outcome]| -> Vec<Option<i64>> {
            keys.iter().map(|&o| e.review(p, o)).collect()
        };
        let check = Check {
            rule: id.rule,
            section: Section::Review,
            row: p.key(),
            column: id.whole[0].key(),
            what: format!("block {}: {}", p.key(), id.name),
        };
        check.compare(&cells(id.parts), total(&cells(id.whole)), out);
    }
}
