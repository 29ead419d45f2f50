//! The publish rule for numbers read by OCR: OCR misreads digits (a 1 lost in a rule, 64 for
//! 54), so an OCR'd number stands only if the table's arithmetic confirms it, or OCR's
//! confidence is high and nothing contradicts it; otherwise it is null with an
//! `ocr_unconfirmed` finding that keeps what OCR read. The arithmetic is the template's own (see
//! [`crate::validate`]): each section 三 row's applicants sum to its 总计, each column's
//! outcomes sum to （七）总计 and balance (一 + 二 = （七） + 四), each section 四 block sums to
//! its 总计. A number confirmed by an identity that holds is published unless another identity
//! it is part of fails. A blank cell counts as nothing printed (0) in these sums: an identity
//! that holds with it blank is evidence for the numbers beside it, unless it only equates one
//! number with one other (a row `5 … 5` whose other columns are blank), which OCR misreads alike.
//! Pure.

use crate::layout::ocr::{MAX_PAGES, OcrRun};
use crate::model::{
    AppRow, Applicant, CellSource, Extraction, Finding, Proceeding, Provenance, Section, Severity,
};
use crate::template::Rule;
use crate::template::identities::{ACROSS_ROWS, REVIEW_SUM, ROW_SUM};

/// A confidence at least this high publishes an OCR'd number that no identity contradicts.
pub const HIGH_CONFIDENCE: f64 = 90.0;

/// The source of a value read from a cell: `ocr` for a cell read by OCR as printed.
pub fn source(read: CellSource, confidence: Option<f64>) -> CellSource {
    match (read, confidence) {
        (CellSource::Table, Some(_)) => CellSource::Ocr,
        _ => read,
    }
}

/// A cell of section 三 or 四, by its index in the extraction.
#[derive(Clone, Copy, PartialEq)]
enum At {
    App(usize),
    Review(usize),
}

/// What an identity says about its cells.
#[derive(Clone, Copy, PartialEq)]
enum Verdict {
    Holds,
    Fails,
    Unknown,
}

/// Nulls the OCR'd numbers the arithmetic does not confirm (unless OCR was sure of them and
/// nothing contradicts them), with a finding for each. `ocr` says the text itself came from
/// OCR: then figures read from its prose are held to the same rule (they carry no confidence).
pub fn confirm(e: &mut Extraction, ocr: bool) {
    let identities = identities(e);
    let value = |e: &Extraction, at: At| -> Option<Option<i64>> {
        let (value, prov) = match at {
            At::App(i) => (e.applications[i].value, &e.applications[i].prov),
            At::Review(i) => (e.review[i].value, &e.review[i].prov),
        };
        match value {
            Some(v) => Some(Some(v)),
            None if blank(prov) => Some(None),
            None => None,
        }
    };
    let sum = |side: &[At]| -> Option<i64> {
        side.iter()
            .map(|&p| value(e, p).map(|v| v.unwrap_or(0)))
            .sum()
    };
    let printed = |side: &[At]| {
        side.iter()
            .filter(|&&p| value(e, p).is_some_and(|v| v.is_some()))
            .count()
    };
    let verdicts: Vec<Verdict> = identities
        .iter()
        .map(|(left, right)| match (sum(left), sum(right)) {
            // One number equal to one other (a row whose other columns are blank: 5 … 5) is
            // the same digits printed twice, which OCR misreads alike: it contradicts, it
            // does not confirm.
            (Some(l), Some(r)) if l == r && printed(left).max(printed(right)) >= 2 => {
                Verdict::Holds
            }
            (Some(l), Some(r)) if l == r => Verdict::Unknown,
            (Some(_), Some(_)) => Verdict::Fails,
            _ => Verdict::Unknown,
        })
        .collect();
    let judge = |at: At, prov: &Provenance| -> bool {
        let mut holds = false;
        for ((left, right), v) in identities.iter().zip(&verdicts) {
            if left.contains(&at) || right.contains(&at) {
                match v {
                    Verdict::Fails => return false,
                    Verdict::Holds => holds = true,
                    Verdict::Unknown => {}
                }
            }
        }
        holds || prov.confidence.is_some_and(|c| c >= HIGH_CONFIDENCE)
    };
    let subject =
        |prov: &Provenance| prov.confidence.is_some() || (ocr && prov.source == CellSource::Prose);
    let mut findings = Vec::new();
    let mut keep_app: Vec<bool> = Vec::with_capacity(e.applications.len());
    for (i, c) in e.applications.iter().enumerate() {
        keep_app.push(c.value.is_none() || !subject(&c.prov) || judge(At::App(i), &c.prov));
    }
    let mut keep_review: Vec<bool> = Vec::with_capacity(e.review.len());
    for (i, c) in e.review.iter().enumerate() {
        keep_review.push(c.value.is_none() || !subject(&c.prov) || judge(At::Review(i), &c.prov));
    }
    for (c, keep) in e.applications.iter_mut().zip(keep_app) {
        if !keep {
            findings.push(unconfirmed(
                Section::Applications,
                c.row.key(),
                c.applicant.key(),
                &c.prov,
                c.value.map(|v| v as f64),
            ));
            c.value = None;
        }
    }
    for (c, keep) in e.review.iter_mut().zip(keep_review) {
        if !keep {
            findings.push(unconfirmed(
                Section::Review,
                c.proceeding.key(),
                c.outcome.key(),
                &c.prov,
                c.value.map(|v| v as f64),
            ));
            c.value = None;
        }
    }
    for c in &mut e.proactive {
        let sure = c.prov.confidence.is_some_and(|x| x >= HIGH_CONFIDENCE);
        if c.value.is_some() && subject(&c.prov) && !sure {
            findings.push(unconfirmed(
                Section::Proactive,
                c.item.key(),
                c.measure.key(),
                &c.prov,
                c.value,
            ));
            c.value = None;
        }
    }
    e.findings.extend(findings);
}

/// A null cell that was printed blank (or with a null marker), not one left unread or missing.
fn blank(prov: &Provenance) -> bool {
    prov.raw
        .as_deref()
        .is_some_and(|r| crate::text::number::is_null_marker(&crate::text::normalize(r)))
}

fn unconfirmed(
    section: Section,
    row: &str,
    column: &str,
    prov: &Provenance,
    read: Option<f64>,
) -> Finding {
    let confidence = prov
        .confidence
        .map_or("no confidence (prose)".to_owned(), |c| {
            format!("confidence {c:.0}")
        });
    Finding::new(
        Rule::OcrUnconfirmed,
        Severity::Warning,
        Some(section),
        format!(
            "OCR read '{}' ({confidence}); no arithmetic of the table confirms it and OCR was not sure of it, so it is null",
            prov.raw.as_deref().unwrap_or("")
        ),
    )
    .row(row)
    .column(column)
    .values(
        "a number the arithmetic confirms",
        read.map_or(String::new(), |v| v.to_string()),
    )
    .at(prov.line)
}

/// The template's identities (`template::identities`) over the printed cells, as two sides
/// whose sums are equal.
fn identities(e: &Extraction) -> Vec<(Vec<At>, Vec<At>)> {
    let app = |row: AppRow, a: Applicant| {
        e.applications
            .iter()
            .position(|c| c.row == row && c.applicant == a)
            .map(At::App)
    };
    let mut out = Vec::new();
    let mut rows: Vec<AppRow> = e.applications.iter().map(|c| c.row).collect();
    rows.dedup();
    for &r in &rows {
        let side =
            |keys: &[Applicant]| keys.iter().map(|&a| app(r, a)).collect::<Option<Vec<At>>>();
        if let (Some(parts), Some(whole)) = (side(ROW_SUM.parts), side(ROW_SUM.whole)) {
            out.push((parts, whole));
        }
    }
    for identity in &ACROSS_ROWS {
        let parts = identity.parts_printed(&rows);
        for &a in Applicant::ALL {
            let side =
                |keys: &[AppRow]| keys.iter().map(|&r| app(r, a)).collect::<Option<Vec<At>>>();
            if let (Some(p), Some(w)) = (side(&parts), side(identity.whole)) {
                out.push((p, w));
            }
        }
    }
    for &p in Proceeding::ALL {
        let side = |keys: &[crate::model::Outcome]| {
            keys.iter()
                .map(|&o| {
                    e.review
                        .iter()
                        .position(|c| c.proceeding == p && c.outcome == o)
                        .map(At::Review)
                })
                .collect::<Option<Vec<At>>>()
        };
        if let (Some(parts), Some(whole)) = (side(REVIEW_SUM.parts), side(REVIEW_SUM.whole)) {
            out.push((parts, whole));
        }
    }
    out
}

/// Findings about the OCR run itself.
pub fn run_findings(run: &OcrRun) -> Vec<Finding> {
    let mut out = vec![Finding::new(
        Rule::OcrRead,
        Severity::Info,
        None,
        format!(
            "no text layer: read by OCR (tesseract), {} page(s) in {:.1} s; OCR'd numbers are published only where the arithmetic confirms them or OCR was sure of them",
            run.read, run.seconds
        ),
    )];
    if run.read < run.pages {
        out.push(
            Finding::new(
                Rule::OcrPageLimit,
                Severity::Warning,
                None,
                format!(
                    "the file has {} pages; only the first {MAX_PAGES} were read by OCR",
                    run.pages
                ),
            )
            .values(run.pages.to_string(), run.read.to_string()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::model::Extraction;

    fn row(e: &Extraction, key: &str) -> Vec<Option<i64>> {
        e.applications
            .iter()
            .filter(|c| c.row.key() == key)
            .map(|c| c.value)
            .collect()
    }

    fn review(e: &Extraction, p: &str, o: &str) -> Option<i64> {
        e.review
            .iter()
            .find(|c| c.proceeding.key() == p && c.outcome.key() == o)
            .and_then(|c| c.value)
    }

    /// OCR'd numbers (cells with a confidence) stand only where the arithmetic confirms them or OCR
    /// was sure of them and nothing contradicts them.
    #[test]
    fn unconfirmed_ocr_numbers_are_null_with_a_finding() {
        let text = "某某县人民政府2021年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n\
                    (一)予以公开\t3\t0\t0\t0\t0\t0\t3\n(二)部分公开\t2\t0\t0\t0\t0\t0\t7\n\
                    四、政府信息公开行政复议、行政诉讼情况\n1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t4\t0\t0\t0\t4\n";
        let mut doc = crate::layout::text::read(text).unwrap();
        // Row (一) adds up, so it stands at a low confidence; row (二) does not (2 ≠ 7), so even a
        // confidence of 99 does not publish it; section 四's blocks add up.
        let conf = [("予以公开", 40.0), ("部分公开", 99.0), ("", 60.0)];
        for block in &mut doc.blocks {
            if let crate::layout::Block::Row(row) = block {
                let label = row.cells[0].text.clone();
                let c = conf
                    .iter()
                    .find(|(l, _)| !l.is_empty() && label.contains(l))
                    .map_or(60.0, |(_, c)| *c);
                for cell in &mut row.cells {
                    cell.conf = Some(c);
                }
            }
        }
        let e = crate::pipeline::read_document(doc).expect("a report");
        assert_eq!(row(&e, "granted")[0], Some(3));
        assert_eq!(row(&e, "granted")[6], Some(3));
        assert_eq!(row(&e, "partially_granted"), vec![None; 7]);
        let unconfirmed: Vec<_> = e
            .findings
            .iter()
            .filter(|f| f.rule == super::Rule::OcrUnconfirmed)
            .collect();
        assert_eq!(unconfirmed.len(), 7, "{unconfirmed:?}");
        assert!(
            unconfirmed
                .iter()
                .all(|f| f.row.as_deref() == Some("partially_granted"))
        );
        assert_eq!(unconfirmed[6].actual.as_deref(), Some("7"));
        assert_eq!(review(&e, "review", "total"), Some(1));
        assert_eq!(review(&e, "litigation_after_review", "total"), Some(4));
    }
}
