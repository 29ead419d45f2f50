//! The column builders: one DataFrame per table of docs/SCHEMA.md from a batch of file
//! outcomes, column by column, rows in outcome order then template order.

use polars::prelude::*;

use crate::model::{
    AppRow, Extraction, Figures, FileOutcome, Item, Measure, Outcome, PARSER_VERSION, Proceeding,
};

fn col<T, P: ?Sized>(name: &str, values: T) -> Column
where
    Series: NamedFrom<T, P>,
{
    Series::new(name.into(), values).into_column()
}

fn extracted(outcomes: &[FileOutcome]) -> impl Iterator<Item = (&str, &Extraction)> {
    outcomes
        .iter()
        .filter_map(|o| o.extraction().map(|e| (o.record.report_id.as_str(), e)))
}

fn meta(o: &FileOutcome) -> Option<&crate::model::Metadata> {
    o.extraction().map(|e| &e.meta)
}

pub(super) fn reports(outcomes: &[FileOutcome]) -> PolarsResult<DataFrame> {
    let r = |f: &dyn Fn(&FileOutcome) -> Option<String>| outcomes.iter().map(f).collect::<Vec<_>>();
    DataFrame::new_infer_height(vec![
        col(
            "report_id",
            outcomes
                .iter()
                .map(|o| o.record.report_id.as_str())
                .collect::<Vec<_>>(),
        ),
        col(
            "content_hash",
            outcomes
                .iter()
                .map(|o| o.record.content_hash.as_str())
                .collect::<Vec<_>>(),
        ),
        col(
            "bytes",
            outcomes
                .iter()
                .map(|o| o.record.bytes as i64)
                .collect::<Vec<_>>(),
        ),
        col(
            "format",
            outcomes
                .iter()
                .map(|o| o.record.format.as_str())
                .collect::<Vec<_>>(),
        ),
        col(
            "encoding",
            outcomes
                .iter()
                .map(|o| o.record.encoding)
                .collect::<Vec<_>>(),
        ),
        col(
            "encoding_source",
            outcomes
                .iter()
                .map(|o| o.record.encoding_source.map(|s| s.as_str()))
                .collect::<Vec<_>>(),
        ),
        col(
            "had_decode_errors",
            outcomes
                .iter()
                .map(|o| o.record.had_decode_errors)
                .collect::<Vec<_>>(),
        ),
        col(
            "status",
            outcomes
                .iter()
                .map(|o| o.status().as_str())
                .collect::<Vec<_>>(),
        ),
        col(
            "duplicate_of",
            outcomes
                .iter()
                .map(|o| o.record.duplicate_of.as_deref())
                .collect::<Vec<_>>(),
        ),
        col("error", r(&|o| o.error().map(str::to_owned))),
        col("title", r(&|o| meta(o).and_then(|m| m.title.clone()))),
        col("agency", r(&|o| meta(o).and_then(|m| m.agency.clone()))),
        col(
            "year",
            outcomes
                .iter()
                .map(|o| meta(o).and_then(|m| m.year))
                .collect::<Vec<_>>(),
        ),
        col(
            "template",
            outcomes
                .iter()
                .map(|o| o.extraction().map_or("unknown", |e| e.template.as_str()))
                .collect::<Vec<_>>(),
        ),
        col(
            "agency_normalized",
            r(&|o| meta(o).and_then(|m| m.region.agency_normalized.clone())),
        ),
        col(
            "agency_level",
            outcomes
                .iter()
                .map(|o| {
                    meta(o)
                        .and_then(|m| m.region.agency_level)
                        .map(|x| x.as_str())
                })
                .collect::<Vec<_>>(),
        ),
        col(
            "government_level",
            outcomes
                .iter()
                .map(|o| {
                    meta(o)
                        .and_then(|m| m.region.government_level)
                        .map(|x| x.as_str())
                })
                .collect::<Vec<_>>(),
        ),
        col(
            "scope",
            outcomes
                .iter()
                .map(|o| meta(o).and_then(|m| m.region.scope).map(|x| x.as_str()))
                .collect::<Vec<_>>(),
        ),
        col(
            "province",
            r(&|o| meta(o).and_then(|m| m.region.province.clone())),
        ),
        col("city", r(&|o| meta(o).and_then(|m| m.region.city.clone()))),
        col(
            "county",
            r(&|o| meta(o).and_then(|m| m.region.county.clone())),
        ),
        col(
            "division_code",
            r(&|o| meta(o).and_then(|m| m.region.division_code.clone())),
        ),
        col(
            "region_source",
            outcomes
                .iter()
                .map(|o| {
                    meta(o)
                        .and_then(|m| m.region.region_source)
                        .map(|x| x.as_str())
                })
                .collect::<Vec<_>>(),
        ),
        col(
            "parser_version",
            outcomes.iter().map(|_| PARSER_VERSION).collect::<Vec<_>>(),
        ),
        col(
            "n_errors",
            outcomes
                .iter()
                .map(|o| o.count(crate::model::Severity::Error) as i64)
                .collect::<Vec<_>>(),
        ),
        col(
            "n_warnings",
            outcomes
                .iter()
                .map(|o| o.count(crate::model::Severity::Warning) as i64)
                .collect::<Vec<_>>(),
        ),
        col(
            "raw_path",
            outcomes
                .iter()
                .map(|o| o.record.raw_path.as_deref())
                .collect::<Vec<_>>(),
        ),
    ])
}

/// Columns shared by the long tables: report_id, value columns, then provenance.
struct Long<'a> {
    report_id: Vec<&'a str>,
    keys: Vec<Vec<&'static str>>,
    raw: Vec<Option<&'a str>>,
    source: Vec<&'static str>,
    line: Vec<Option<u32>>,
    confidence: Vec<Option<f64>>,
}

impl<'a> Long<'a> {
    fn new(n_keys: usize) -> Self {
        Long {
            report_id: Vec::new(),
            keys: vec![Vec::new(); n_keys],
            raw: Vec::new(),
            source: Vec::new(),
            line: Vec::new(),
            confidence: Vec::new(),
        }
    }

    fn push(&mut self, id: &'a str, keys: &[&'static str], prov: &'a crate::model::Provenance) {
        self.report_id.push(id);
        for (k, v) in self.keys.iter_mut().zip(keys) {
            k.push(v);
        }
        self.raw.push(prov.raw.as_deref());
        self.source.push(prov.source.as_str());
        self.line.push(prov.line);
        self.confidence.push(prov.confidence);
    }

    fn frame(self, key_names: &[&str], values: Vec<Column>) -> PolarsResult<DataFrame> {
        let mut cols = vec![col("report_id", self.report_id)];
        for (name, keys) in key_names.iter().zip(self.keys) {
            cols.push(col(name, keys));
        }
        cols.extend(values);
        cols.push(col("raw", self.raw));
        cols.push(col("source", self.source));
        cols.push(col(
            "line",
            self.line
                .into_iter()
                .map(|l| l.map(i64::from))
                .collect::<Vec<_>>(),
        ));
        cols.push(col("confidence", self.confidence));
        DataFrame::new_infer_height(cols)
    }
}

pub(super) fn applications(outcomes: &[FileOutcome]) -> PolarsResult<DataFrame> {
    let mut long = Long::new(2);
    let (mut value, mut label) = (Vec::new(), Vec::new());
    for (id, e) in extracted(outcomes) {
        for c in &e.applications {
            long.push(id, &[c.row.key(), c.applicant.key()], &c.prov);
            value.push(c.value);
            label.push(c.label.as_deref());
        }
    }
    long.frame(
        &["row", "applicant"],
        vec![col("value", value), col("label", label)],
    )
}

pub(super) fn review(outcomes: &[FileOutcome]) -> PolarsResult<DataFrame> {
    let mut long = Long::new(2);
    let mut value = Vec::new();
    for (id, e) in extracted(outcomes) {
        for c in &e.review {
            long.push(id, &[c.proceeding.key(), c.outcome.key()], &c.prov);
            value.push(c.value);
        }
    }
    long.frame(&["proceeding", "outcome"], vec![col("value", value)])
}

pub(super) fn proactive(outcomes: &[FileOutcome]) -> PolarsResult<DataFrame> {
    let mut long = Long::new(2);
    let (mut value, mut unit) = (Vec::new(), Vec::new());
    for (id, e) in extracted(outcomes) {
        for c in &e.proactive {
            long.push(id, &[c.item.key(), c.measure.key()], &c.prov);
            value.push(c.value);
            unit.push(c.unit);
        }
    }
    long.frame(
        &["item", "measure"],
        vec![col("value", value), col("unit", unit)],
    )
}

/// Name of the report_metrics column for a section 四 cell.
pub fn review_column(p: Proceeding, o: Outcome) -> String {
    format!("{}_{}", p.key(), o.key())
}

pub(super) fn metrics(outcomes: &[FileOutcome]) -> PolarsResult<DataFrame> {
    let rows: Vec<(&str, &Extraction, Figures)> = extracted(outcomes)
        .map(|(id, e)| (id, e, e.figures()))
        .collect();
    let mut cols = vec![
        col(
            "report_id",
            rows.iter().map(|(id, _, _)| *id).collect::<Vec<_>>(),
        ),
        col(
            "agency",
            rows.iter()
                .map(|(_, e, _)| e.meta.agency.as_deref())
                .collect::<Vec<_>>(),
        ),
        col(
            "year",
            rows.iter().map(|(_, e, _)| e.meta.year).collect::<Vec<_>>(),
        ),
        col(
            "template",
            rows.iter()
                .map(|(_, e, _)| e.template.as_str())
                .collect::<Vec<_>>(),
        ),
    ];
    for &r in AppRow::ALL {
        let v: Vec<Option<i64>> = rows
            .iter()
            .map(|(_, _, f)| f.app(r, crate::model::Applicant::Total))
            .collect();
        cols.push(col(r.key(), v));
    }
    for &p in Proceeding::ALL {
        for &o in Outcome::ALL {
            let v: Vec<Option<i64>> = rows.iter().map(|(_, _, f)| f.review(p, o)).collect();
            cols.push(col(&review_column(p, o), v));
        }
    }
    let items: Vec<Option<f64>> = rows
        .iter()
        .map(|(_, _, f)| f.proactive(Item::Procurement, Measure::Items))
        .collect();
    let amount: Vec<Option<f64>> = rows
        .iter()
        .map(|(_, _, f)| f.proactive(Item::Procurement, Measure::AmountWanYuan))
        .collect();
    cols.push(col("procurement_items", items));
    cols.push(col("procurement_amount_wan_yuan", amount));
    DataFrame::new_infer_height(cols)
}

pub(super) fn findings(outcomes: &[FileOutcome]) -> PolarsResult<DataFrame> {
    let all: Vec<(&str, &crate::model::Finding)> = extracted(outcomes)
        .flat_map(|(id, e)| e.findings.iter().map(move |f| (id, f)))
        .collect();
    let s = |f: &dyn Fn(&crate::model::Finding) -> Option<&str>| {
        all.iter().map(|(_, x)| f(x)).collect::<Vec<_>>()
    };
    DataFrame::new_infer_height(vec![
        col(
            "report_id",
            all.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        ),
        col(
            "rule",
            all.iter().map(|(_, f)| f.rule.as_str()).collect::<Vec<_>>(),
        ),
        col(
            "severity",
            all.iter()
                .map(|(_, f)| f.severity.as_str())
                .collect::<Vec<_>>(),
        ),
        col("section", s(&|f| f.section.map(|x| x.as_str()))),
        col("row", s(&|f| f.row.as_deref())),
        col("column", s(&|f| f.column.as_deref())),
        col("expected", s(&|f| f.expected.as_deref())),
        col("actual", s(&|f| f.actual.as_deref())),
        col(
            "message",
            all.iter()
                .map(|(_, f)| f.message.as_str())
                .collect::<Vec<_>>(),
        ),
        col(
            "line",
            all.iter()
                .map(|(_, f)| f.line.map(i64::from))
                .collect::<Vec<_>>(),
        ),
    ])
}
