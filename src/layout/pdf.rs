//! Reads a PDF: its text layer as positioned words from poppler's `pdftotext -tsv` (Debian
//! package poppler-utils), laid out by [`super::positioned`]; a PDF without a text layer (a
//! scan) is read by OCR ([`super::ocr`]). poppler is the dependency of choice because it is the
//! most faithful extractor of CJK text with embedded fonts (the pure-Rust PDF crates drop or
//! garble CID-keyed fonts), and its word boxes give each number's real position, so a blank cell
//! stays blank in its own column. The PDF is passed on stdin; nothing is written to disk.

use std::io::Write;
use std::process::{Command, Stdio};

use super::Document;
use super::ocr::{self, OcrError, OcrRun};

/// The text extractor that is run.
pub const PDFTOTEXT: &str = "pdftotext";

/// Why a PDF could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A scan of paper pages that OCR could not read.
    #[error("no text layer (scanned PDF): {0}")]
    Ocr(OcrError),
    /// pdftotext is not installed.
    #[error(
        "reading PDFs needs poppler's pdftotext (Debian/Ubuntu package poppler-utils; `make deps` installs it): {0}"
    )]
    Missing(String),
    /// pdftotext refused the file.
    #[error("damaged PDF: {0}")]
    Damaged(String),
}

/// A PDF read: the document, and how OCR went when the pages were scans.
#[derive(Debug)]
pub struct PdfRead {
    /// The document.
    pub doc: Document,
    /// Set when the text came from OCR.
    pub ocr: Option<OcrRun>,
}

/// Reads a PDF's bytes.
///
/// # Errors
/// [`PdfError`] for a damaged PDF, a scan OCR cannot read (or tesseract is missing), or when
/// pdftotext is missing.
pub fn read(bytes: &[u8]) -> Result<PdfRead, PdfError> {
    let tsv =
        run(PDFTOTEXT, &["-tsv", "-enc", "UTF-8", "-q", "-", "-"], bytes).map_err(|e| match e {
            RunError::Spawn(why) => PdfError::Missing(why),
            RunError::Failed(why) => PdfError::Damaged(why),
        })?;
    let pages = super::positioned::from_tsv(&tsv, 1.0, false);
    let text: String = pages
        .iter()
        .flat_map(|p| p.words.iter().map(|w| w.text.as_str()))
        .collect();
    let visible = text.chars().filter(|c| !c.is_whitespace()).count();
    if visible < 20 || !text.chars().any(crate::text::is_cjk) {
        let (doc, run) = ocr::read_pdf(bytes, pages.len()).map_err(PdfError::Ocr)?;
        return Ok(PdfRead {
            doc,
            ocr: Some(run),
        });
    }
    Ok(PdfRead {
        doc: super::positioned::read(&pages),
        ocr: None,
    })
}

/// Why a helper program failed.
#[derive(Debug)]
pub(super) enum RunError {
    /// It could not be started (not installed).
    Spawn(String),
    /// It ran and failed: the first line of what it said.
    Failed(String),
}

/// Runs a program with `input` on its stdin and returns its stdout as text.
pub(super) fn run(program: &str, args: &[&str], input: &[u8]) -> Result<String, RunError> {
    run_bytes(program, args, input, &[]).map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// Runs a program with `input` on its stdin (and `env` set) and returns its stdout.
pub(super) fn run_bytes(
    program: &str,
    args: &[&str],
    input: &[u8],
    env: &[(&str, &str)],
) -> Result<Vec<u8>, RunError> {
    let mut child = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| RunError::Spawn(e.to_string()))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| RunError::Failed(format!("cannot write to {program}")))?;
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        // A broken pipe only means the program stopped reading; its exit status says why.
        let _ = stdin.write_all(&input);
    });
    let output = child
        .wait_with_output()
        .map_err(|e| RunError::Failed(e.to_string()))?;
    let _ = writer.join();
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        let why = why
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("")
            .to_owned();
        return Err(RunError::Failed(if why.is_empty() {
            format!("{program} could not read it")
        } else {
            why
        }));
    }
    Ok(output.stdout)
}
