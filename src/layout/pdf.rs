//! Reads a PDF's text layer with poppler's `pdftotext -layout` (Debian package poppler-utils),
//! then reads that text like any other: rows whose cells are separated by runs of spaces, labels
//! broken over lines. poppler is the dependency of choice because it is the most faithful
//! extractor of CJK text with embedded fonts (the pure-Rust PDF crates drop or garble CID-keyed
//! fonts), and because its `-layout` mode keeps each table row on one line. The PDF is passed on
//! stdin; nothing is written to disk.

use std::io::Write;
use std::process::{Command, Stdio};

use super::Document;

/// The text extractor that is run.
pub const PDFTOTEXT: &str = "pdftotext";

/// Why a PDF could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// No text: a scan of paper pages.
    #[error("no text layer (scanned PDF); OCR is not supported")]
    NoTextLayer,
    /// pdftotext is not installed.
    #[error(
        "reading PDFs needs poppler's pdftotext (Debian/Ubuntu package poppler-utils; `make analyze` installs it): {0}"
    )]
    Missing(String),
    /// pdftotext refused the file.
    #[error("damaged PDF: {0}")]
    Damaged(String),
}

/// Reads a PDF's bytes.
///
/// # Errors
/// [`PdfError`] for a scanned or damaged PDF, or when pdftotext is missing.
pub fn read(bytes: &[u8]) -> Result<Document, PdfError> {
    let text = text_layer(bytes)?;
    let visible = text.chars().filter(|c| !c.is_whitespace()).count();
    if visible < 20 || !text.chars().any(crate::text::is_cjk) {
        return Err(PdfError::NoTextLayer);
    }
    Ok(super::text::read(&text))
}

/// The text layer as laid out by `pdftotext -layout`.
fn text_layer(bytes: &[u8]) -> Result<String, PdfError> {
    let mut child = Command::new(PDFTOTEXT)
        .args(["-layout", "-enc", "UTF-8", "-q", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| PdfError::Missing(e.to_string()))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| PdfError::Damaged("cannot write to pdftotext".to_owned()))?;
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || {
        // A broken pipe only means pdftotext stopped reading a damaged file; its exit status says so.
        let _ = stdin.write_all(&input);
    });
    let output = child
        .wait_with_output()
        .map_err(|e| PdfError::Damaged(e.to_string()))?;
    let _ = writer.join();
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        let why = why.lines().next().unwrap_or("pdftotext failed").trim();
        return Err(PdfError::Damaged(if why.is_empty() {
            "pdftotext could not read it".to_owned()
        } else {
            why.to_owned()
        }));
    }
    Ok(String::from_utf8_lossy(&output.stdout).replace('\u{C}', "\n"))
}
