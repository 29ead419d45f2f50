//! Section 三, the applications matrix: each row found by its label, its cells fitted to the
//! seven applicant columns. Rows whose labels were lost (seed 004) take the template's next row
//! after the last labelled one, and say so. The output is the template's full grid: a row that
//! was not found is null, never zero.

use std::collections::BTreeMap;

use super::align::{self, Check, Fitted};
use super::columns;
use super::row::view;
use super::{fit_findings, int_value, settle};
use crate::layout::Row;
use crate::model::{AppCell, AppRow, Applicant, Finding, Provenance, Section, Severity, Template};
use crate::template::Rule;
use crate::template::identities::{OTHER_SUB_ROWS, ROW_SUM};
use crate::template::labels::{self, AppLabel};
use crate::text::number;

const SECTION: Option<Section> = Some(Section::Applications);

struct Found<'a> {
    columns: Vec<Fitted<'a>>,
    label: String,
    line: u32,
    /// Readings the row's own arithmetic left open (see [`settle`]).
    alternatives: Vec<Vec<Option<f64>>>,
    /// The printed run of digits, for the provenance of a settled row.
    run: Option<&'a crate::layout::Cell>,
}

/// Extracts the section 三 grid from its rows; empty when no row of it could be read.
pub fn extract(rows: &[&Row], template: Template, findings: &mut Vec<Finding>) -> Vec<AppCell> {
    let order = labels::template_rows(template);
    let mut found: BTreeMap<AppRow, Found> = BTreeMap::new();
    let mut cursor: Option<AppRow> = None;
    let mut pending: Option<AppRow> = None;
    let views: Vec<_> = rows.iter().map(|r| view(r)).collect();
    let n = Applicant::ALL.len();
    let grids = columns::grids(
        views
            .iter()
            .filter(|v| v.has_values)
            .map(|v| (v.line, v.values.as_slice())),
        n,
    );
    for v in &views {
        let label = labels::app_label(&v.label, template);
        if !v.has_values {
            pending = match label {
                Some(AppLabel::Row(r) | AppLabel::Group(r)) => Some(r),
                None => pending,
            };
            continue;
        }
        let key = match label {
            Some(AppLabel::Row(r)) => r,
            Some(AppLabel::Group(first)) => {
                findings.push(fallback(
                    first,
                    v.line,
                    "only the group label is printed; the cells are taken as the group's first row",
                ));
                first
            }
            None if v.label.is_empty() => {
                let Some(next) = pending.or_else(|| next_after(&order, cursor)) else {
                    // Placeholder rows of dashes before the table (PDF-to-markdown output) hold nothing.
                    if !v
                        .values
                        .iter()
                        .all(|c| number::parse(&c.text) == number::Parsed::Null)
                    {
                        findings.push(unmatched(&v.display, v.line));
                    }
                    continue;
                };
                findings.push(fallback(
                    next,
                    v.line,
                    "row label lost; the row is taken as the template's next row",
                ));
                next
            }
            None => {
                findings.push(unmatched(&v.display, v.line));
                continue;
            }
        };
        pending = None;
        let placed = (v.values.len() < n)
            .then(|| columns::place(&v.values, v.line, &grids))
            .flatten();
        let fit = match placed {
            Some((slots, from)) => align::placed(
                &slots,
                format!(
                    "row has {} value cells for {n} columns; placed by position under the columns of the full row at line {from}, the others blank (null)",
                    v.values.len()
                ),
            ),
            None => align::fit(&v.values, n, Check::sum(&ROW_SUM)),
        };
        let columns: Vec<&str> = Applicant::ALL.iter().map(|a| a.key()).collect();
        fit_findings(&fit, SECTION, key.key(), &columns, v.line, findings);
        if found.contains_key(&key) {
            findings.push(
                Finding::new(
                    Rule::DuplicateRow,
                    Severity::Warning,
                    SECTION,
                    format!("row {} printed twice; the first one is kept", key.key()),
                )
                .row(key.key())
                .at(Some(v.line)),
            );
            continue;
        }
        found.insert(
            key,
            Found {
                columns: fit.columns,
                label: v.display.clone(),
                line: v.line,
                alternatives: fit.alternatives,
                run: v.values.first().copied(),
            },
        );
        cursor = Some(key);
    }
    if found.is_empty() {
        return Vec::new();
    }
    settle_open_rows(&mut found, findings);
    grid(&order, &found, findings)
}

fn grid(
    order: &[AppRow],
    found: &BTreeMap<AppRow, Found>,
    findings: &mut Vec<Finding>,
) -> Vec<AppCell> {
    let mut cells = Vec::new();
    // Some 2021 reports keep the 2019 single （六）其他处理 row (B005, B006): no sub-rows expected then.
    let (other, subs) = OTHER_SUB_ROWS;
    let single_other = found.contains_key(&other) && !subs.iter().any(|r| found.contains_key(r));
    for &row in AppRow::ALL {
        let printed = found.get(&row);
        if printed.is_none() && (!order.contains(&row) || (single_other && subs.contains(&row))) {
            continue;
        }
        if printed.is_none() {
            findings.push(
                Finding::new(
                    Rule::MissingRow,
                    Severity::Warning,
                    SECTION,
                    format!(
                        "row {} of the template was not found; its cells are null",
                        row.key()
                    ),
                )
                .row(row.key()),
            );
        }
        for (i, &applicant) in Applicant::ALL.iter().enumerate() {
            let fitted = printed.map(|p| &p.columns[i]);
            let (value, prov) = match fitted {
                Some(f) => int_value(
                    f,
                    printed.map(|p| p.line),
                    SECTION,
                    row.key(),
                    applicant.key(),
                    findings,
                ),
                None => (
                    None,
                    Provenance {
                        raw: None,
                        source: crate::model::CellSource::Table,
                        line: None,
                        confidence: None,
                    },
                ),
            };
            cells.push(AppCell {
                row,
                applicant,
                value,
                label: printed.map(|p| p.label.clone()).filter(|l| !l.is_empty()),
                prov,
            });
        }
    }
    cells
}

/// Rows whose digits several readings fit: the column identities choose (see [`settle`]).
fn settle_open_rows(found: &mut BTreeMap<AppRow, Found>, findings: &mut Vec<Finding>) {
    let mut states: BTreeMap<AppRow, settle::RowState> = found
        .iter()
        .map(|(r, f)| {
            let values = f
                .columns
                .iter()
                .map(|c| c.num.as_ref().map(|n| n.value))
                .collect();
            (
                *r,
                settle::RowState {
                    values,
                    alternatives: f.alternatives.clone(),
                },
            )
        })
        .collect();
    for (row, values) in settle::settle(&mut states) {
        let Some(f) = found.get_mut(&row) else {
            continue;
        };
        let run = f.run;
        f.columns = values
            .iter()
            .map(|v| Fitted {
                cell: run,
                num: v.map(|x| number::Num {
                    value: x,
                    digits: x.to_string(),
                    negative: x < 0.0,
                    unit: None,
                }),
                source: crate::model::CellSource::Repaired,
            })
            .collect();
        let read: Vec<String> = values
            .iter()
            .map(|v| v.map_or("null".to_owned(), |x| x.to_string()))
            .collect();
        // The row's own note said its cells were left null; they no longer are.
        findings.retain(|x| !(x.rule == Rule::DigitSplit && x.row.as_deref() == Some(row.key())));
        findings.push(
            Finding::new(Rule::DigitSplit, Severity::Info, SECTION, "the row's digits fit several splits; the column sums (outcome_sum, balance) leave one".to_owned())
                .row(row.key())
                .values(read.join(" "), run.map_or(String::new(), |c| c.raw.clone()))
                .at(Some(f.line)),
        );
    }
}

fn next_after(order: &[AppRow], cursor: Option<AppRow>) -> Option<AppRow> {
    let at = order.iter().position(|r| Some(*r) == cursor)?;
    order.get(at + 1).copied()
}

fn fallback(row: AppRow, line: u32, why: &str) -> Finding {
    Finding::new(Rule::LabelFallback, Severity::Info, SECTION, why.to_owned())
        .row(row.key())
        .at(Some(line))
}

fn unmatched(label: &str, line: u32) -> Finding {
    Finding::new(
        Rule::UnmatchedRow,
        Severity::Warning,
        SECTION,
        format!(
            "a row with numbers whose label '{label}' names no row of the template was skipped"
        ),
    )
    .at(Some(line))
}
