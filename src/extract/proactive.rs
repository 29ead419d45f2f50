//! Section 二, proactive disclosure: items found by their labels, columns by the header row
//! printed above them (so a 2019 measure is never stored as a 2021 one), or, where the header
//! was lost, by the template's own column order. Amounts printed in 元 become 万元.

use std::collections::BTreeMap;

use super::align::{self, Check};
use super::columns;
use super::fit_findings;
use super::row::view;
use crate::layout::Row;
use crate::model::{
    CellSource, Finding, Item, Measure, ProactiveCell, Provenance, Section, Severity, Template,
};
use crate::template::Rule;
use crate::template::labels;
use crate::text::compact;
use crate::text::number::Num;

const SECTION: Option<Section> = Some(Section::Proactive);

/// A header column: the measure and the unit its header names.
type Header = Vec<(Measure, Option<&'static str>)>;

/// Extracts the section 二 cells that were printed; empty when none could be read.
pub fn extract(
    rows: &[&Row],
    template: Template,
    findings: &mut Vec<Finding>,
) -> Vec<ProactiveCell> {
    let mut header: Option<Header> = None;
    let mut out: BTreeMap<(Item, Measure), ProactiveCell> = BTreeMap::new();
    let views: Vec<_> = rows.iter().map(|r| view(r)).collect();
    // Each row's item, found once; the column grids of the item rows, built once per column
    // count (a report's rows, not its rows squared).
    let items: Vec<Option<Item>> = views
        .iter()
        .map(|v| v.has_values.then(|| labels::item(&v.label)).flatten())
        .collect();
    let item_rows = || {
        views
            .iter()
            .zip(&items)
            .filter(|(_, item)| item.is_some())
            .map(|(v, _)| (v.line, v.values.as_slice()))
    };
    let mut grids_by_n: BTreeMap<usize, Vec<columns::Grid>> = BTreeMap::new();
    for ((row, v), &item) in rows.iter().zip(&views).zip(&items) {
        let h: Header = row
            .cells
            .iter()
            .flat_map(|c| {
                let unit = unit_named(&c.text);
                labels::measures_in(&compact(&c.text))
                    .into_iter()
                    .map(move |m| {
                        (
                            m,
                            if m == Measure::AmountWanYuan {
                                unit
                            } else {
                                None
                            },
                        )
                    })
            })
            .collect();
        if !h.is_empty() {
            // A header cell spanning columns repeats its measure in each: one column.
            let mut h = h;
            h.dedup_by_key(|(m, _)| *m);
            header = Some(h);
            continue;
        }
        if !v.has_values {
            continue;
        }
        let Some(item) = item else {
            let numbers = v
                .values
                .iter()
                .any(|c| c.text.bytes().any(|b| b.is_ascii_digit()));
            if numbers && !v.label.is_empty() {
                findings.push(
                    Finding::new(
                        Rule::UnmatchedRow,
                        Severity::Warning,
                        SECTION,
                        format!(
                            "a row with numbers whose label '{}' names no item of section 二 was skipped",
                            v.display
                        ),
                    )
                    .at(Some(v.line)),
                );
            }
            continue;
        };
        let columns = columns_for(item, template, header.as_ref());
        if columns.is_empty() {
            findings.push(
                Finding::new(Rule::UnmatchedRow, Severity::Warning, SECTION, format!("no column header for {} and the template is unknown; its cells were skipped", item.key()))
                    .row(item.key())
                    .at(Some(v.line)),
            );
            continue;
        }
        let n = columns.len();
        let fit = match (v.values.len() < n)
            .then(|| {
                let grids = grids_by_n
                    .entry(n)
                    .or_insert_with(|| columns::grids(item_rows(), n));
                columns::place(&v.values, v.line, grids)
            })
            .flatten()
        {
            Some((slots, from)) => align::placed(
                &slots,
                format!(
                    "row has {} value cells for {n} columns; placed by position under the columns of the row at line {from}, the others blank (null)",
                    v.values.len()
                ),
            ),
            None => align::fit(&v.values, n, Check::None),
        };
        let keys: Vec<&str> = columns.iter().map(|(m, _)| m.key()).collect();
        fit_findings(&fit, SECTION, item.key(), &keys, v.line, findings);
        for (&(measure, header_unit), f) in columns.iter().zip(&fit.columns) {
            let cell = cell(
                item,
                measure,
                header_unit,
                f.num.as_ref(),
                f.source,
                f.cell,
                v.line,
                findings,
            );
            out.entry((item, measure)).or_insert(cell);
        }
    }
    out.into_values().collect()
}

/// The columns of an item's row: the printed header when it fits the item, else the template's.
/// A header naming fewer of the template's columns than it prints (a header word lost in the
/// flattening) is not trusted: the template's own columns are used.
fn columns_for(item: Item, template: Template, header: Option<&Header>) -> Header {
    let allowed = labels::measures_allowed(item);
    let defaults = labels::default_measures(item, template);
    match header {
        Some(h)
            if h.iter().all(|(m, _)| allowed.contains(m))
                && !(h.len() < defaults.len() && h.iter().all(|(m, _)| defaults.contains(m))) =>
        {
            h.clone()
        }
        _ => defaults.iter().map(|&m| (m, None)).collect(),
    }
}

#[allow(clippy::too_many_arguments)]
fn cell(
    item: Item,
    measure: Measure,
    header_unit: Option<&'static str>,
    num: Option<&Num>,
    source: CellSource,
    printed: Option<&crate::layout::Cell>,
    row_line: u32,
    findings: &mut Vec<Finding>,
) -> ProactiveCell {
    let line = printed.map_or(row_line, |c| c.line);
    let confidence = printed.and_then(|c| c.conf).map(f64::from);
    let (value, unit) = match (measure, num) {
        (Measure::AmountWanYuan, Some(n)) => {
            let printed_unit = n.unit.or(header_unit);
            if printed_unit == Some("元") {
                findings.push(
                    Finding::new(
                        Rule::UnitConverted,
                        Severity::Info,
                        SECTION,
                        "amount printed in 元, converted to 万元".to_owned(),
                    )
                    .row(item.key())
                    .column(measure.key())
                    .values(
                        format!("{}", n.in_wan_yuan()),
                        printed.map_or(String::new(), |c| c.raw.clone()),
                    )
                    .at(Some(line)),
                );
            }
            let as_yuan = Num {
                unit: printed_unit,
                ..n.clone()
            };
            (Some(as_yuan.in_wan_yuan()), printed_unit.map(|_| "万元"))
        }
        (_, Some(n)) => (Some(n.value), Some(measure.unit())),
        (_, None) => (None, None),
    };
    ProactiveCell {
        item,
        measure,
        value,
        unit,
        prov: Provenance {
            raw: printed.map(|c| c.raw.clone()),
            source: super::ocr::source(source, confidence),
            line: Some(line),
            confidence,
        },
    }
}

/// The unit a header names: `采购总金额(单位:万元,保留4位小数)` → 万元.
fn unit_named(header: &str) -> Option<&'static str> {
    if header.contains("万元") {
        Some("万元")
    } else if header.contains("元") {
        Some("元")
    } else {
        None
    }
}
