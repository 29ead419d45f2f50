//! `ogi inspect`: one report as a researcher checks it — metadata, each table as a grid with
//! nulls and repaired cells marked, and the findings; or the same as JSON. Pure rendering.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::model::{
    Applicant, CellSource, Extraction, FileOutcome, Outcome, Proceeding, Provenance,
};

/// Marker printed for a null cell.
const NULL: &str = "·";

/// Renders an outcome for a terminal.
pub fn text(outcome: &FileOutcome) -> String {
    let r = &outcome.record;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}  [{}]  {} {} ({})",
        r.report_id,
        outcome.status().as_str(),
        r.format.as_str(),
        r.encoding.unwrap_or("-"),
        r.encoding_source.map_or("-", |e| e.as_str())
    );
    if let Some(e) = outcome.error() {
        let _ = writeln!(s, "  {e}");
    }
    let Some(x) = outcome.extraction() else {
        return s;
    };
    let m = &x.meta;
    let _ = writeln!(s, "title:    {}", m.title.as_deref().unwrap_or(NULL));
    let _ = writeln!(s, "agency:   {}", m.agency.as_deref().unwrap_or(NULL));
    let _ = writeln!(
        s,
        "year:     {}   template: {}",
        m.year.map_or(NULL.to_owned(), |y| y.to_string()),
        x.template.as_str()
    );
    let r = &m.region;
    let _ = writeln!(
        s,
        "region:   {}/{}/{} {} (from {})   level: {} (government: {})   scope: {}",
        r.province.as_deref().unwrap_or(NULL),
        r.city.as_deref().unwrap_or(NULL),
        r.county.as_deref().unwrap_or(NULL),
        r.division_code.as_deref().unwrap_or(NULL),
        r.region_source.map_or(NULL, |x| x.as_str()),
        r.agency_level.map_or(NULL, |x| x.as_str()),
        r.government_level.map_or(NULL, |x| x.as_str()),
        r.scope.map_or(NULL, |x| x.as_str())
    );
    let _ = writeln!(s, "\n二 proactive (item / measure = value unit)");
    for c in &x.proactive {
        let v = c.value.map_or(NULL.to_owned(), |v| format!("{v}"));
        let _ = writeln!(
            s,
            "  {:<20} {:<20} {:>14}{} {}",
            c.item.key(),
            c.measure.key(),
            v,
            mark(&c.prov),
            c.unit.unwrap_or("")
        );
    }
    applications(&mut s, x);
    review(&mut s, x);
    let _ = writeln!(s, "\nfindings ({}): ", x.findings.len());
    for f in &x.findings {
        let at = f.line.map_or(String::new(), |l| format!(" line {l}"));
        let _ = writeln!(
            s,
            "  {:<7} {:<18}{at} {}",
            f.severity.as_str(),
            f.rule.as_str(),
            f.message
        );
    }
    let _ = writeln!(
        s,
        "\n{NULL} null   * repaired by arithmetic   ^ from prose   ~ read by OCR   + row placed by template order"
    );
    s
}

fn mark(p: &Provenance) -> &'static str {
    match p.source {
        CellSource::Repaired => "*",
        CellSource::Prose => "^",
        CellSource::Derived => "=",
        CellSource::Table => " ",
        CellSource::Ocr => "~",
        CellSource::LabelFallback => "+",
    }
}

fn applications(s: &mut String, x: &Extraction) {
    let _ = write!(s, "\n三 applications\n  {:<30}", "");
    for a in Applicant::ALL {
        let _ = write!(s, "{:>15}", a.key());
    }
    s.push('\n');
    for row in x.applications.chunks(Applicant::ALL.len()) {
        let _ = write!(s, "  {:<30}", row[0].row.key());
        for c in row {
            let v = c.value.map_or(NULL.to_owned(), |v| v.to_string());
            let _ = write!(s, "{:>14}{}", v, mark(&c.prov));
        }
        s.push('\n');
    }
}

fn review(s: &mut String, x: &Extraction) {
    let _ = write!(s, "\n四 review and litigation\n  {:<24}", "");
    for o in Outcome::ALL {
        let _ = write!(s, "{:>11}", o.key());
    }
    s.push('\n');
    for p in Proceeding::ALL {
        let _ = write!(s, "  {:<24}", p.key());
        for c in x.review.iter().filter(|c| c.proceeding == *p) {
            let v = c.value.map_or(NULL.to_owned(), |v| v.to_string());
            let _ = write!(s, "{:>10}{}", v, mark(&c.prov));
        }
        s.push('\n');
    }
}

fn prov(p: &Provenance) -> Value {
    json!({"raw": p.raw, "source": p.source.as_str(), "line": p.line})
}

/// Renders an outcome as JSON.
pub fn json(outcome: &FileOutcome) -> Value {
    let r = &outcome.record;
    let mut v = json!({
        "report_id": r.report_id, "status": outcome.status().as_str(), "format": r.format.as_str(),
        "encoding": r.encoding, "encoding_source": r.encoding_source.map(|e| e.as_str()),
        "had_decode_errors": r.had_decode_errors, "error": outcome.error(), "content_hash": r.content_hash,
    });
    if let Some(x) = outcome.extraction() {
        v["title"] = json!(x.meta.title);
        v["agency"] = json!(x.meta.agency);
        v["year"] = json!(x.meta.year);
        v["template"] = json!(x.template.as_str());
        let r = &x.meta.region;
        v["region"] = json!({
            "agency_normalized": r.agency_normalized, "agency_level": r.agency_level.map(|x| x.as_str()), "government_level": r.government_level.map(|x| x.as_str()), "scope": r.scope.map(|x| x.as_str()),
            "province": r.province, "city": r.city, "county": r.county,
            "division_code": r.division_code, "region_source": r.region_source.map(|x| x.as_str()),
        });
        v["applications"] = x.applications.iter().map(|c| json!({"row": c.row.key(), "applicant": c.applicant.key(), "value": c.value, "label": c.label, "prov": prov(&c.prov)})).collect();
        v["review_litigation"] = x.review.iter().map(|c| json!({"proceeding": c.proceeding.key(), "outcome": c.outcome.key(), "value": c.value, "prov": prov(&c.prov)})).collect();
        v["proactive"] = x.proactive.iter().map(|c| json!({"item": c.item.key(), "measure": c.measure.key(), "value": c.value, "unit": c.unit, "prov": prov(&c.prov)})).collect();
        v["findings"] = x.findings.iter().map(|f| json!({
            "rule": f.rule.as_str(), "severity": f.severity.as_str(), "section": f.section.map(|s| s.as_str()),
            "row": f.row, "column": f.column, "expected": f.expected, "actual": f.actual, "message": f.message, "line": f.line,
        })).collect();
    }
    v
}
