//! Extraction: a [`Document`] to an [`Extraction`]. Metadata and template first, then the rows
//! of sections 二, 三 and 四 mapped by label to canonical keys, cell by cell, with every number
//! traceable to the line it was printed on. The template's labels, headings and arithmetic are
//! read from [`crate::template`]; the region is resolved by [`crate::region`] (called here, after
//! the metadata, so that its findings keep their place). Pure: no I/O.

pub mod agency;
pub mod align;
pub mod applications;
pub mod columns;
mod coverage;
pub mod fallback;
pub mod metadata;
pub mod ocr;
pub mod patterns;
pub mod proactive;
pub mod prose;
mod readings;
pub mod review;
pub mod row;
pub mod sections;
pub mod settle;

use align::{Fit, Fitted};

use crate::layout::{Block, Document};
use crate::model::{CellSource, Extraction, Finding, Provenance, Section, Severity};
use crate::template::Rule;
use crate::template::detect as template;
use crate::text::compact;
use crate::text::number::{Parsed, read_value};

/// Why a text is not read as a report.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotAReport {
    /// None of the words every annual report prints.
    #[error(
        "no annual report found: the text never mentions 政府信息公开 (open government information) together with a report title or its tables"
    )]
    NoMarkers,
}

/// Extracts a report from a document read by any layout reader.
///
/// # Errors
/// [`NotAReport`] when the text is not an OGI annual report.
pub fn extract(doc: &Document) -> Result<Extraction, NotAReport> {
    let text = full_text(doc);
    let compact_text = compact(&text);
    if !template::is_report(&compact_text) {
        return Err(NotAReport::NoMarkers);
    }
    let (mut meta, missing_agency) = metadata::read(doc, &text);
    let detection = template::detect(&compact_text, meta.year);
    let template = detection.template;
    let mut findings = template_findings(detection);
    findings.extend(missing_agency);
    meta.region = crate::region::resolve(&meta, &compact_text, &mut findings);
    if meta.year.is_none() {
        findings.push(Finding::new(
            Rule::MissingYear,
            Severity::Warning,
            None,
            "no reporting year found in the title, the statistics period or the text".to_owned(),
        ));
    }
    let sections = sections::split(doc);
    let proactive = proactive::extract(sections.rows(Section::Proactive), template, &mut findings);
    let applications = applications::extract(
        sections.rows(Section::Applications),
        template,
        &mut findings,
    );
    let review = review::extract(sections.rows(Section::Review), &mut findings);
    findings.extend(coverage::missing_sections(
        &proactive,
        &applications,
        &review,
        |s| sections.heading(s),
    ));
    let mut extraction = Extraction {
        meta,
        template,
        proactive,
        applications,
        review,
        findings,
    };
    let figures = prose::figures(doc);
    prose::apply(&mut extraction, &figures);
    if let Some(f) = year_mismatch(&text, extraction.meta.year) {
        extraction.findings.push(f);
    }
    Ok(extraction)
}

/// The title's year against the statistics period's, when both are printed.
fn year_mismatch(text: &str, year: Option<i32>) -> Option<Finding> {
    let period: i32 = patterns::STAT_PERIOD.captures(text)?["year"].parse().ok()?;
    let year = year?;
    (year != period).then(|| {
        Finding::new(
            Rule::YearMismatch,
            Severity::Warning,
            None,
            format!("the title's year {year} differs from the statistics period's {period}; the title's is used"),
        )
        .values(period.to_string(), year.to_string())
    })
}

/// The normalised text of every line and cell, one per line.
fn full_text(doc: &Document) -> String {
    let mut text = String::new();
    for block in &doc.blocks {
        match block {
            Block::Text(l) => text.push_str(&l.text),
            Block::Row(r) => {
                for c in &r.cells {
                    text.push_str(&c.text);
                    text.push('\t');
                }
            }
        }
        text.push('\n');
    }
    text
}

fn template_findings(d: template::Detection) -> Vec<Finding> {
    match d.basis {
        template::Basis::Labels => vec![],
        template::Basis::Mixed { n2019, n2021 } => vec![Finding::new(
            Rule::TemplateMismatch,
            Severity::Warning,
            None,
            format!(
                "labels of both templates found ({n2019} of the 2019 template, {n2021} of the 2021 one); read as the {} template",
                d.template.as_str()
            ),
        )],
        template::Basis::Year => vec![Finding::new(
            Rule::TemplateFromYear,
            Severity::Info,
            None,
            format!(
                "no template-specific label printed; the {} template follows from the reporting year",
                d.template.as_str()
            ),
        )],
        template::Basis::None => vec![Finding::new(
            Rule::TemplateUnknown,
            Severity::Warning,
            None,
            "neither template's labels nor a reporting year found".to_owned(),
        )],
    }
}

/// Findings for a fitted row: the cell count when it was off, and unreadable cells.
pub(crate) fn fit_findings(
    fit: &Fit,
    section: Option<Section>,
    row: &str,
    columns: &[&str],
    line: u32,
    findings: &mut Vec<Finding>,
) {
    if let Some(note) = &fit.note {
        let (rule, severity) = match (fit.joined, fit.resolved) {
            (true, true) => (Rule::DigitSplit, Severity::Info),
            (true, false) => (Rule::DigitSplit, Severity::Warning),
            (false, _) => (Rule::CellCount, Severity::Warning),
        };
        let read: Vec<String> = fit
            .columns
            .iter()
            .map(|c| {
                c.num
                    .as_ref()
                    .map_or("null".to_owned(), |n| format!("{}", n.value))
            })
            .collect();
        findings.push(
            Finding::new(rule, severity, section, note.clone())
                .row(row)
                .values(read.join(" "), fit.printed.clone())
                .at(Some(line)),
        );
    }
    for (f, column) in fit.columns.iter().zip(columns) {
        if let Some(c) = f.cell
            && read_value(&c.text) == Parsed::Text
        {
            findings.push(
                Finding::new(
                    Rule::UnreadableCell,
                    Severity::Warning,
                    section,
                    format!("cell '{}' is not a number; stored as null", c.raw),
                )
                .row(row)
                .column(*column)
                .values("a number", c.raw.clone())
                .at(Some(c.line)),
            );
        }
    }
}

/// A fitted cell as a whole number with its provenance; a fraction where a count belongs is
/// unreadable, stored as null.
pub(crate) fn int_value(
    f: &Fitted,
    row_line: Option<u32>,
    section: Option<Section>,
    row: &str,
    column: &str,
    findings: &mut Vec<Finding>,
) -> (Option<i64>, Provenance) {
    let confidence = f.cell.and_then(|c| c.conf).map(f64::from);
    let prov = Provenance {
        raw: f.cell.map(|c| c.raw.clone()),
        source: ocr::source(f.source, confidence),
        line: f.cell.map(|c| c.line).or(row_line),
        confidence,
    };
    let value = f.num.as_ref().and_then(|n| {
        let int = n.as_int();
        if int.is_none() {
            findings.push(
                Finding::new(
                    Rule::UnreadableCell,
                    Severity::Warning,
                    section,
                    format!(
                        "'{}' is not a whole number; stored as null",
                        prov.raw.as_deref().unwrap_or("")
                    ),
                )
                .row(row)
                .column(column)
                .at(prov.line),
            );
        }
        int
    });
    let prov = if value.is_none() && f.source == CellSource::Repaired {
        Provenance {
            source: CellSource::Table,
            ..prov
        }
    } else {
        prov
    };
    (value, prov)
}
