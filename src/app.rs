//! Orchestration: walk the archive, read, decode and extract every file once in parallel (one
//! outcome per file, in walk order), write the dataset, and summarise. Per-file failures are
//! data; only a failure of the run itself (unreadable root, unwritable output) is an error.

use std::fmt;
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use encoding_rs::Encoding;
use indicatif::ParallelProgressIterator;
use rayon::prelude::*;

use crate::config::Config;
use crate::model::{FileOutcome, Format, ReportRecord, Source, Status};
use crate::{decode, extract, layout, output, progress, sniff, validate, walk};

/// Files larger than this are not reports; they are skipped unread.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The run itself failed.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The archive root cannot be listed.
    #[error("cannot read archive folder '{path}': {source}; check the path and its permissions")]
    Walk {
        /// The root.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The worker pool could not start.
    #[error("cannot start {0} worker threads; try a smaller --threads")]
    Pool(usize),
    /// The dataset could not be written.
    #[error(transparent)]
    Output(#[from] output::OutputError),
}

/// What a run did, for the summary line and the exit status.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Files seen.
    pub files: usize,
    /// Files per status.
    pub ok: usize,
    /// Reports with missing tables or cells, or failed checks.
    pub partial: usize,
    /// Files that could not be read.
    pub failed: usize,
    /// Files that are not reports.
    pub skipped: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Wall time.
    pub elapsed: Duration,
    /// Where the dataset was written.
    pub out: std::path::PathBuf,
}

impl Summary {
    fn of(outcomes: &[FileOutcome], elapsed: Duration, out: &std::path::Path) -> Self {
        let count = |s: Status| outcomes.iter().filter(|o| o.record.status == s).count();
        Summary {
            files: outcomes.len(),
            ok: count(Status::Ok),
            partial: count(Status::Partial),
            failed: count(Status::Failed),
            skipped: count(Status::Skipped),
            bytes: outcomes.iter().map(|o| o.record.bytes).sum(),
            elapsed,
            out: out.to_path_buf(),
        }
    }

    /// Exit status: 0, or 1 under `--strict` when a file failed or is partial.
    pub fn exit_code(&self, strict: bool) -> u8 {
        u8::from(strict && (self.failed > 0 || self.partial > 0))
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        let mb_s = self.bytes as f64 / 1e6 / secs.max(1e-9);
        write!(
            f,
            "ogi: {} files: {} ok, {} partial, {} failed, {} skipped in {secs:.2} s ({mb_s:.1} MB/s) -> {}",
            self.files,
            self.ok,
            self.partial,
            self.failed,
            self.skipped,
            self.out.display()
        )
    }
}

/// Runs `ogi analyze`.
///
/// # Errors
/// [`RunError`] when the archive cannot be listed or the dataset cannot be written.
pub fn run(config: &Config) -> Result<Summary, RunError> {
    let start = Instant::now();
    let exclude = config.out.canonicalize().ok();
    let root = config
        .archive
        .canonicalize()
        .unwrap_or_else(|_| config.archive.clone());
    let mut sources = walk::walk(&root, exclude.as_deref()).map_err(|source| RunError::Walk {
        path: config.archive.clone(),
        source,
    })?;
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    let mut outcomes = analyze(&sources, config.encoding, config.threads, config.quiet)?;
    crate::dedup::mark(&mut outcomes);
    output::write_dataset(&config.out, &outcomes)?;
    Ok(Summary::of(&outcomes, start.elapsed(), &config.out))
}

/// Reads every source in parallel; the outcomes keep the order of `sources`.
///
/// # Errors
/// [`RunError::Pool`] when the threads cannot be started.
pub fn analyze(
    sources: &[Source],
    encoding: Option<&'static Encoding>,
    threads: usize,
    quiet: bool,
) -> Result<Vec<FileOutcome>, RunError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|_| RunError::Pool(threads))?;
    let bar = progress::bar(sources.len(), quiet);
    let outcomes = pool.install(|| {
        sources
            .par_iter()
            .progress_with(bar.clone())
            .map_init(Vec::new, |buf, source| process(source, buf, encoding))
            .collect()
    });
    bar.finish_and_clear();
    Ok(outcomes)
}

/// Reads one source into the reused buffer and processes it; never panics outward.
pub fn process(
    source: &Source,
    buf: &mut Vec<u8>,
    encoding: Option<&'static Encoding>,
) -> FileOutcome {
    if let Some(why) = &source.walk_error {
        return unreadable(source, Format::Unknown, Status::Skipped, why.clone());
    }
    if source.bytes > MAX_FILE_BYTES {
        let why = format!(
            "file of {} MB is larger than the {} MB a report can be; skipped unread",
            source.bytes >> 20,
            MAX_FILE_BYTES >> 20
        );
        return unreadable(source, Format::Unknown, Status::Skipped, why);
    }
    buf.clear();
    let read =
        std::fs::File::open(&source.path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(buf));
    if let Err(e) = read {
        return unreadable(
            source,
            Format::Unknown,
            Status::Failed,
            format!("cannot be read: {e}"),
        );
    }
    match catch_unwind(AssertUnwindSafe(|| {
        process_bytes(&source.id, buf, encoding)
    })) {
        Ok(outcome) => outcome,
        Err(_) => unreadable(
            source,
            Format::Unknown,
            Status::Failed,
            "internal error while reading this file (please report it with the file)".to_owned(),
        ),
    }
}

/// Processes the bytes of one file: sniff, decode, read the layout, extract.
pub fn process_bytes(id: &str, bytes: &[u8], encoding: Option<&'static Encoding>) -> FileOutcome {
    let mut record = ReportRecord {
        report_id: id.to_owned(),
        content_hash: blake3::hash(bytes).to_hex().to_string(),
        bytes: bytes.len() as u64,
        format: sniff::format_of(bytes),
        encoding: None,
        encoding_source: None,
        had_decode_errors: false,
        status: Status::Skipped,
        duplicate_of: None,
        error: None,
    };
    if let Some(why) = sniff::skip_reason(record.format) {
        record.error = Some(why.to_owned());
        return FileOutcome {
            record,
            extraction: None,
        };
    }
    let doc = match record.format {
        Format::Docx => layout::docx::read(bytes)
            .map(|d| (d, false))
            .map_err(|e| (Status::Failed, e.to_string())),
        Format::Pdf => layout::pdf::read(bytes)
            .map(|d| (d, false))
            .map_err(|e| match e {
                layout::pdf::PdfError::NoTextLayer => (Status::Skipped, e.to_string()),
                _ => (Status::Failed, e.to_string()),
            }),
        _ => Ok(decode_text(bytes, encoding, &mut record)),
    };
    let (doc, traditional) = match doc {
        Ok((doc, traditional)) => (Ok(doc), traditional),
        Err(e) => (Err(e), false),
    };
    let doc = match doc {
        Ok(doc) => doc,
        Err((status, why)) => {
            record.status = status;
            record.error = Some(why);
            return FileOutcome {
                record,
                extraction: None,
            };
        }
    };
    if matches!(record.format, Format::Docx | Format::Pdf) {
        // Both carry Unicode text: XML declares it, pdftotext is asked for UTF-8.
        record.encoding = Some("UTF-8");
        record.encoding_source = Some(crate::model::EncodingSource::Declared);
    }
    match read_document(doc) {
        Ok(mut extraction) => {
            if traditional {
                extraction.findings.push(crate::model::Finding::new(
                    crate::model::Rule::TraditionalScript,
                    crate::model::Severity::Info,
                    None,
                    "the text is in traditional characters; it was read converted to simplified"
                        .to_owned(),
                ));
            }
            let has_error = extraction
                .findings
                .iter()
                .any(|f| f.severity == crate::model::Severity::Error);
            record.status = if has_error {
                Status::Partial
            } else {
                Status::Ok
            };
            FileOutcome {
                record,
                extraction: Some(extraction),
            }
        }
        Err(why) => {
            record.error = Some(why.to_string());
            FileOutcome {
                record,
                extraction: None,
            }
        }
    }
}

/// Decodes a text or HTML file, records how, and reads its layout; true when the text was in
/// traditional characters (read converted to simplified).
fn decode_text(
    bytes: &[u8],
    encoding: Option<&'static Encoding>,
    record: &mut ReportRecord,
) -> (layout::Document, bool) {
    let decoded = decode::decode(bytes, encoding, sniff::declared_charset(bytes));
    record.encoding = Some(decoded.encoding_name());
    record.encoding_source = Some(decoded.source);
    record.had_decode_errors = decoded.had_errors;
    let simplified = crate::text::to_simplified(&decoded.text);
    let traditional = simplified.is_some();
    let text = simplified.as_deref().unwrap_or(&decoded.text);
    if let Some(doc) = layout::json::read(text) {
        record.format = Format::Json;
        return (doc, traditional);
    }
    let doc = if sniff::is_html(text) {
        record.format = Format::Html;
        layout::html::read(text)
    } else {
        layout::text::read(text)
    };
    (doc, traditional)
}

/// Reads decoded text as a report: layout, extraction, checks.
///
/// # Errors
/// [`extract::NotAReport`] when the text is not an OGI annual report.
pub fn read_text(text: &str) -> Result<crate::model::Extraction, extract::NotAReport> {
    read_document(layout::text::read(text))
}

/// Reads a document from any layout reader as a report: flattened tables, extraction, checks.
///
/// # Errors
/// [`extract::NotAReport`] when the document is not an OGI annual report.
pub fn read_document(
    doc: layout::Document,
) -> Result<crate::model::Extraction, extract::NotAReport> {
    let doc = layout::inline::expand(doc);
    let mut extraction = extract::extract(&doc)?;
    let checks = validate::check(&extraction);
    extraction.findings.extend(checks);
    Ok(extraction)
}

fn unreadable(source: &Source, format: Format, status: Status, why: String) -> FileOutcome {
    FileOutcome {
        record: ReportRecord {
            report_id: source.id.clone(),
            content_hash: String::new(),
            bytes: source.bytes,
            format,
            encoding: None,
            encoding_source: None,
            had_decode_errors: false,
            status,
            duplicate_of: None,
            error: Some(why),
        },
        extraction: None,
    }
}
