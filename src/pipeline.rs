//! One file's way from bytes to outcome: read (within the size limit), sniff, decode, read the
//! layout, extract, check. Every file yields exactly one [`FileOutcome`], whatever happens: a
//! panic inside a stage is caught and becomes a `failed` outcome.

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};

use encoding_rs::Encoding;

use crate::model::{FileOutcome, Format, Listed, Reading, ReportRecord, Source};
use crate::{decode, extract, layout, sniff, validate};

use crate::limits::MAX_FILE_BYTES;

/// Reads one source and processes it; never panics outward.
pub(crate) fn process(
    source: &Source,
    buf: &mut Vec<u8>,
    encoding: Option<&'static Encoding>,
) -> FileOutcome {
    match read(source, buf) {
        Ok(()) => process_read(source, buf, blake3::hash(buf), encoding),
        Err(outcome) => *outcome,
    }
}

/// Reads a source's bytes into the reused buffer, or says why it is not read (an entry that is
/// not a regular file, a file over the size limit, an I/O error).
///
/// # Errors
/// The outcome of a source that is not read.
pub(crate) fn read(source: &Source, buf: &mut Vec<u8>) -> Result<(), Box<FileOutcome>> {
    let unread = |reading| Err(Box::new(unreadable(source, reading)));
    match &source.listed {
        Listed::File => {}
        Listed::Unreadable(why) => return unread(Reading::Failed(why.clone())),
        other => return unread(Reading::Skipped(other.reason().unwrap_or_default())),
    }
    if source.bytes > MAX_FILE_BYTES {
        let why = format!(
            "file of {} MB is larger than the {} MB a report can be; skipped unread",
            source.bytes >> 20,
            MAX_FILE_BYTES >> 20
        );
        return unread(Reading::Skipped(why));
    }
    buf.clear();
    let read =
        std::fs::File::open(&source.path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(buf));
    if let Err(e) = read {
        return unread(Reading::Failed(format!("cannot be read: {e}")));
    }
    Ok(())
}

/// Processes the bytes read of a source (their digest already taken); never panics outward.
pub(crate) fn process_read(
    source: &Source,
    bytes: &[u8],
    hash: blake3::Hash,
    encoding: Option<&'static Encoding>,
) -> FileOutcome {
    let mut outcome = match catch_unwind(AssertUnwindSafe(|| {
        analyze_bytes(&source.id, bytes, hash, encoding)
    })) {
        Ok(outcome) => outcome,
        Err(_) => unreadable(
            source,
            Reading::Failed(
                "internal error while reading this file (please report it with the file)"
                    .to_owned(),
            ),
        ),
    };
    outcome.record.raw_path.clone_from(&source.raw_path);
    outcome
}

/// Processes the bytes of one file: sniff, decode, read the layout, extract.
pub fn process_bytes(id: &str, bytes: &[u8], encoding: Option<&'static Encoding>) -> FileOutcome {
    analyze_bytes(id, bytes, blake3::hash(bytes), encoding)
}

fn analyze_bytes(
    id: &str,
    bytes: &[u8],
    hash: blake3::Hash,
    encoding: Option<&'static Encoding>,
) -> FileOutcome {
    let mut record = ReportRecord {
        report_id: id.to_owned(),
        raw_path: None,
        content_hash: hash.to_hex().to_string(),
        bytes: bytes.len() as u64,
        format: sniff::format_of(bytes),
        encoding: None,
        encoding_source: None,
        had_decode_errors: false,
        duplicate_of: None,
    };
    let reading = read_bytes(bytes, encoding, &mut record);
    FileOutcome { record, reading }
}

/// What the bytes of a file are (its record filled in on the way: format, encoding).
fn read_bytes(
    bytes: &[u8],
    encoding: Option<&'static Encoding>,
    record: &mut ReportRecord,
) -> Reading {
    if let Some(why) = sniff::skip_reason(record.format) {
        return Reading::Skipped(why.to_owned());
    }
    // A text file's stray NULs (or NUL padding) are dropped and said (`nul_bytes`).
    let stripped = match record.format {
        Format::Txt => sniff::strip_nuls(bytes),
        _ => None,
    };
    let nuls = stripped.as_ref().map(|(_, n)| *n);
    let bytes = stripped.as_ref().map_or(bytes, |(b, _)| b.as_slice());
    let mut ocr = None;
    let doc = match record.format {
        Format::Docx => layout::docx::read(bytes)
            .map(|d| (d, false))
            .map_err(|e| Reading::Failed(e.to_string())),
        Format::Doc => {
            layout::doc::read(bytes)
                .map(|d| (d, false))
                .map_err(|e| match e.is_unsupported() {
                    true => Reading::Skipped(e.to_string()),
                    false => Reading::Failed(e.to_string()),
                })
        }
        Format::Pdf => layout::pdf::read(bytes)
            .map(|read| {
                ocr = read.ocr;
                (read.doc, false)
            })
            .map_err(|e| match e {
                layout::pdf::PdfError::Ocr(_) => Reading::Skipped(e.to_string()),
                _ => Reading::Failed(e.to_string()),
            }),
        Format::Image => layout::ocr::read_image(bytes)
            .map(|(doc, run)| {
                ocr = Some(run);
                (doc, false)
            })
            .map_err(|e| Reading::Skipped(format!("image file: {e}"))),
        _ => decode_text(bytes, encoding, record).map_err(Reading::Failed),
    };
    let (doc, traditional) = match doc {
        Ok(read) => read,
        Err(not_read) => return not_read,
    };
    if matches!(record.format, Format::Docx | Format::Pdf | Format::Image) {
        // All carry Unicode text: XML declares it, pdftotext and tesseract write UTF-8.
        record.encoding = Some("UTF-8");
        record.encoding_source = Some(crate::model::EncodingSource::Declared);
    }
    match read_document_from(doc, ocr.is_some()) {
        Ok(mut extraction) => {
            if let Some(run) = &ocr {
                extraction.findings.extend(extract::ocr::run_findings(run));
            }
            if let Some(n) = nuls {
                extraction.findings.push(crate::model::Finding::new(
                    crate::model::Rule::NulBytes,
                    crate::model::Severity::Warning,
                    None,
                    format!("{n} NUL byte(s) dropped from the text before reading"),
                ));
            }
            if traditional {
                extraction.findings.push(crate::model::Finding::new(
                    crate::model::Rule::TraditionalScript,
                    crate::model::Severity::Info,
                    None,
                    "the text is in traditional characters; it was read converted to simplified"
                        .to_owned(),
                ));
            }
            Reading::read(extraction)
        }
        Err(why) => Reading::Skipped(match record.format {
            Format::Image => format!("image file: {why} (read by OCR)"),
            _ => why.to_string(),
        }),
    }
}

/// Decodes a text or HTML file, records how, and reads its layout; true when the text was in
/// traditional characters (read converted to simplified), or why a page over a budget of
/// [`crate::limits`] is not read.
fn decode_text(
    bytes: &[u8],
    encoding: Option<&'static Encoding>,
    record: &mut ReportRecord,
) -> Result<(layout::Document, bool), String> {
    let decoded = decode::decode(bytes, encoding, sniff::declared_charset(bytes));
    record.encoding = Some(decoded.encoding_name());
    record.encoding_source = Some(decoded.source);
    record.had_decode_errors = decoded.had_errors;
    let simplified = crate::text::to_simplified(&decoded.text);
    let traditional = simplified.is_some();
    let text = simplified.as_deref().unwrap_or(&decoded.text);
    if let Some(doc) = layout::json::read(text) {
        record.format = Format::Json;
        return Ok((doc.map_err(|e| e.to_string())?, traditional));
    }
    let doc = if sniff::is_html(text) {
        record.format = Format::Html;
        layout::html::read(text)
    } else {
        layout::text::read(text)
    };
    Ok((doc.map_err(|e| e.to_string())?, traditional))
}

/// Reads decoded text as a report: layout, extraction, checks.
///
/// # Errors
/// Why the text is not read: not an OGI annual report ([`extract::NotAReport`]), or its HTML
/// tables past the cells budget.
pub fn read_text(text: &str) -> Result<crate::model::Extraction, String> {
    let doc = layout::text::read(text).map_err(|e| e.to_string())?;
    read_document(doc).map_err(|e| e.to_string())
}

/// Reads a document from any layout reader as a report: flattened tables, extraction, checks.
///
/// # Errors
/// [`extract::NotAReport`] when the document is not an OGI annual report.
pub(crate) fn read_document(
    doc: layout::Document,
) -> Result<crate::model::Extraction, extract::NotAReport> {
    read_document_from(doc, false)
}

/// [`read_document`] for a document whose text came from OCR (`ocr`) or not: OCR'd numbers the
/// arithmetic does not confirm are nulled before the checks ([`extract::ocr::confirm`]).
fn read_document_from(
    doc: layout::Document,
    ocr: bool,
) -> Result<crate::model::Extraction, extract::NotAReport> {
    let doc = layout::inline::expand(doc);
    let mut extraction = extract::extract(&doc)?;
    extract::ocr::confirm(&mut extraction, ocr);
    let checks = validate::check(&extraction);
    extraction.findings.extend(checks);
    Ok(extraction)
}

/// The outcome of a source whose bytes were not read, or whose reading panicked.
fn unreadable(source: &Source, reading: Reading) -> FileOutcome {
    FileOutcome {
        record: ReportRecord {
            report_id: source.id.clone(),
            raw_path: source.raw_path.clone(),
            content_hash: String::new(),
            bytes: source.bytes,
            format: Format::Unknown,
            encoding: None,
            encoding_source: None,
            had_decode_errors: false,
            duplicate_of: None,
        },
        reading,
    }
}
