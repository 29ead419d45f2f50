//! Section 三, the applications matrix: each row found by its label, its cells fitted to the
//! seven applicant columns. Rows whose labels were lost (seed 004, PDF-to-markdown text) take
//! the template's rows in order where they fill the gap between labelled rows and the identities
//! confirm it ([`fallback`]), and say so. The output is the template's full grid: a row that
//! was not found is null, never zero.

use std::collections::{BTreeMap, BTreeSet};

use super::align::{self, Check, Fitted};
use super::columns;
use super::fallback::{self, Entry};
use super::row::{RowView, view};
use super::{fit_findings, int_value, settle};
use crate::layout::Row;
use crate::model::{
    AppCell, AppRow, Applicant, CellSource, Finding, Provenance, Section, Severity, Template,
};
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
    /// Placed by template order, its label lost (see [`fallback`]).
    by_order: bool,
}

/// Extracts the section 三 grid from its rows; empty when no row of it could be read.
pub fn extract(rows: &[&Row], template: Template, findings: &mut Vec<Finding>) -> Vec<AppCell> {
    let order = labels::template_rows(template);
    let mut found: BTreeMap<AppRow, Found> = BTreeMap::new();
    let views: Vec<_> = rows.iter().map(|r| view(r)).collect();
    let n = Applicant::ALL.len();
    let grids = columns::grids(
        views
            .iter()
            .filter(|v| v.has_values)
            .map(|v| (v.line, v.values.as_slice())),
        n,
    );
    let entries = entries(&views, template, findings);
    let placement = fallback::place(&entries, template);
    for (run, gap) in &placement.unplaced {
        let printed: Vec<String> = run.iter().map(|&i| printed(&views[i])).collect();
        let message = match gap {
            Some(gap) => format!(
                "{} rows of numbers without their labels where the template has {gap}; not placed, their cells are null",
                run.len()
            ),
            None => format!(
                "{} rows of numbers without their labels that no order of the template places; not placed, their cells are null",
                run.len()
            ),
        };
        findings.push(
            Finding::new(Rule::LabelFallback, Severity::Warning, SECTION, message)
                .values(String::new(), printed.join(" / "))
                .at(run.first().map(|&i| views[i].line)),
        );
    }
    let mut placed: BTreeSet<AppRow> = BTreeSet::new();
    for ((v, entry), row) in views.iter().zip(&entries).zip(&placement.rows) {
        let Some(key) = *row else {
            continue;
        };
        let by_order = !matches!(entry, Entry::Labelled(_));
        if by_order && !found.contains_key(&key) {
            let why = match entry {
                Entry::Group(_) => {
                    "only the group label is printed; the cells are taken as the group's first row"
                }
                _ => {
                    "row label lost; the row is taken as the template's row in order (the rows fill the gap between the labelled rows)"
                }
            };
            findings.push(fallback(key, v.line, why));
        }
        let placed_cells = (v.values.len() < n)
            .then(|| columns::place(&v.values, v.line, &grids))
            .flatten();
        let fit = match placed_cells {
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
        if by_order {
            placed.insert(key);
        }
        found.insert(
            key,
            Found {
                columns: fit.columns,
                label: v.display.clone(),
                line: v.line,
                alternatives: fit.alternatives,
                run: v.values.first().copied(),
                by_order,
            },
        );
    }
    if found.is_empty() {
        return Vec::new();
    }
    settle_open_rows(&mut found, findings);
    confirm_placed(&mut found, &placed, findings);
    if found.is_empty() {
        return Vec::new();
    }
    grid(&order, &found, findings)
}

/// What each row says about where it belongs (see [`fallback`]); rows of numbers whose label
/// names no row of the template are reported, unless the label is a fragment (a floated
/// label's remains, `本`, `(三)不`).
fn entries(views: &[RowView], template: Template, findings: &mut Vec<Finding>) -> Vec<Entry> {
    let mut any = false;
    views
        .iter()
        .map(|v| {
            let label = labels::app_label(&v.label, template);
            let entry = match (v.has_values, label) {
                (false, Some(AppLabel::Row(r))) if !is_header(&v.label) => Entry::Anchor(r),
                (false, _) => Entry::Ignored,
                (true, Some(AppLabel::Row(r))) => Entry::Labelled(r),
                (true, Some(AppLabel::Group(r))) => Entry::Group(r),
                (true, None) if v.label.is_empty() || is_fragment(&v.label) => {
                    // Placeholder rows of dashes before the table (PDF-to-markdown output) hold nothing.
                    let empty = v
                        .values
                        .iter()
                        .all(|c| number::read_value(&c.text) == number::Parsed::Null);
                    if empty && !any {
                        Entry::Ignored
                    } else {
                        Entry::Bare
                    }
                }
                (true, None) => {
                    findings.push(unmatched(&v.display, v.line));
                    Entry::Ignored
                }
            };
            any |= !matches!(entry, Entry::Ignored);
            entry
        })
        .collect()
}

/// A label that names no row and is short enough to be a piece of a label broken over the
/// lines of a merged cell (`本`, `(三)不`, `法提供`), not a row of its own.
fn is_fragment(label: &str) -> bool {
    label.chars().count() <= 6 && !label.chars().any(|c| c.is_ascii_digit())
}

/// The header row of the applicant columns (`自然人 … 总计`), whose 总计 names no row.
fn is_header(label: &str) -> bool {
    [
        "申请人",
        "自然人",
        "法人",
        "商业",
        "科研",
        "公益",
        "法律服务",
        "机构",
    ]
    .iter()
    .any(|w| label.contains(w))
}

/// A row's printed value cells, for a finding.
fn printed(v: &RowView) -> String {
    v.values
        .iter()
        .map(|c| c.raw.as_str())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Keeps the rows placed without their labels only where the identities confirm them (all of
/// them none where one fails); the others are dropped (null), with a finding.
fn confirm_placed(
    found: &mut BTreeMap<AppRow, Found>,
    placed: &BTreeSet<AppRow>,
    findings: &mut Vec<Finding>,
) {
    if placed.is_empty() {
        return;
    }
    let values: BTreeMap<AppRow, Vec<Option<f64>>> = found
        .iter()
        .map(|(r, f)| {
            let v = f
                .columns
                .iter()
                .map(|c| c.num.as_ref().map(|n| n.value))
                .collect();
            (*r, v)
        })
        .collect();
    let (refused, why) = match fallback::confirmed(&values, placed) {
        Ok(held) => {
            let refused: BTreeSet<AppRow> = placed.difference(&held).copied().collect();
            (
                refused,
                "no sum across rows that holds a cell of them can be checked".to_owned(),
            )
        }
        Err(why) => (placed.clone(), why),
    };
    if refused.is_empty() {
        return;
    }
    let line = refused
        .iter()
        .filter_map(|r| found.get(r))
        .map(|f| f.line)
        .min();
    found.retain(|r, _| !refused.contains(r));
    findings.retain(|f| {
        !(f.rule == Rule::LabelFallback
            && f.severity == Severity::Info
            && f.row
                .as_deref()
                .is_some_and(|r| refused.iter().any(|p| p.key() == r)))
    });
    let rows: Vec<&str> = refused.iter().map(|r| r.key()).collect();
    findings.push(
        Finding::new(
            Rule::LabelFallback,
            Severity::Warning,
            SECTION,
            format!(
                "{} rows of numbers without their labels fill the gaps between the labelled rows, but the identities do not confirm their order ({why}); not placed, their cells are null",
                rows.len()
            ),
        )
        .values(rows.join(" "), String::new())
        .at(line),
    );
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
            let prov = match printed {
                Some(p) if p.by_order && prov.source == CellSource::Table => Provenance {
                    source: CellSource::LabelFallback,
                    ..prov
                },
                _ => prov,
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
