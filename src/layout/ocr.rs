//! Reads scanned pages by OCR: each page of a PDF without a text layer is rendered by poppler's
//! `pdftoppm` (300 dpi, grey), cleared of table rules ([`super::pixels`]), and read by tesseract
//! (Debian packages tesseract-ocr and tesseract-ocr-chi-sim) as TSV word boxes with their
//! confidences, which [`super::positioned`] lays out like a text layer. A page image (PNG, JPEG)
//! goes to tesseract as it is. Everything passes through pipes; nothing is written to disk.
//! Tesseract runs single-threaded (`OMP_THREAD_LIMIT=1`): files are already read in parallel.
//! At most [`MAX_PAGES`] pages of a file are read.

use std::time::Instant;

use super::Document;
use super::pdf::{RunError, run_bytes};
use super::pixels::Grey;
use super::positioned::{self, Page};

/// The OCR engine that is run.
pub const TESSERACT: &str = "tesseract";

pub use crate::limits::MAX_OCR_PAGES as MAX_PAGES;

/// A page image narrower or shorter than this (a logo, an icon) is not a report page.
const MIN_PAGE_PIXELS: u32 = 500;

/// The resolution pages are rendered at.
const DPI: u32 = 300;

/// Why OCR could not read a file.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    /// tesseract or its Chinese data is not installed.
    #[error(
        "OCR needs tesseract with its Simplified Chinese data (Debian/Ubuntu packages tesseract-ocr and tesseract-ocr-chi-sim; `make deps` installs them): {0}"
    )]
    Missing(String),
    /// A page could not be rendered.
    #[error("pdftoppm could not render page {page}: {why}")]
    Render {
        /// 1-based page.
        page: usize,
        /// What pdftoppm said.
        why: String,
    },
    /// tesseract failed on a page.
    #[error("tesseract failed: {0}")]
    Failed(String),
    /// OCR found no text.
    #[error("OCR found no text on its pages")]
    NoText,
    /// An image too small to be a page, or whose header cannot be read.
    #[error("{0}")]
    NotAPage(String),
}

/// How an OCR run went, for the report's findings.
#[derive(Clone, Debug, PartialEq)]
pub struct OcrRun {
    /// Pages in the file.
    pub pages: usize,
    /// Pages read (at most [`MAX_PAGES`]).
    pub read: usize,
    /// Wall time spent.
    pub seconds: f64,
}

/// Reads the pages of a scanned PDF (`pages` of them).
///
/// # Errors
/// [`OcrError`] when tesseract is missing, a page cannot be rendered or read, or no text is found.
pub fn read_pdf(bytes: &[u8], pages: usize) -> Result<(Document, OcrRun), OcrError> {
    let start = Instant::now();
    let read = pages.clamp(1, MAX_PAGES);
    let dpi = DPI.to_string();
    let mut out: Vec<Page> = Vec::new();
    for page in 1..=read {
        let p = page.to_string();
        // One `-`: the PDF on stdin; with no output root the image goes to stdout.
        let args = ["-r", &dpi, "-gray", "-f", &p, "-l", &p, "-singlefile", "-"];
        let pgm = run_bytes("pdftoppm", &args, bytes, &[]).map_err(|e| OcrError::Render {
            page,
            why: match e {
                RunError::Spawn(w) | RunError::Failed(w) => w,
            },
        })?;
        let image = match Grey::from_pgm(&pgm) {
            Some(mut g) => {
                g.remove_rules(DPI as usize / 3);
                g.to_pgm()
            }
            None => pgm,
        };
        out.extend(recognise(&image, 72.0 / DPI as f32)?);
    }
    finish(out, pages, read, start)
}

/// Reads a page image (PNG, JPEG, …) as it is.
///
/// # Errors
/// As [`read_pdf`].
pub fn read_image(bytes: &[u8]) -> Result<(Document, OcrRun), OcrError> {
    let start = Instant::now();
    let png_or_jpeg = bytes.starts_with(b"\x89PNG") || bytes.starts_with(&[0xFF, 0xD8]);
    match super::pixels::image_size(bytes) {
        Some((w, h)) if w.min(h) < MIN_PAGE_PIXELS => {
            return Err(OcrError::NotAPage(format!(
                "{w}×{h} pixels is too small to be a report page"
            )));
        }
        None if png_or_jpeg => {
            return Err(OcrError::NotAPage(
                "its header cannot be read (a damaged or truncated image)".to_owned(),
            ));
        }
        _ => {}
    }
    let pages = recognise(bytes, 1.0)?;
    finish(pages, 1, 1, start)
}

fn finish(
    pages: Vec<Page>,
    total: usize,
    read: usize,
    start: Instant,
) -> Result<(Document, OcrRun), OcrError> {
    let visible: usize = pages
        .iter()
        .flat_map(|p| &p.words)
        .map(|w| w.text.chars().count())
        .sum();
    if visible < 20 {
        return Err(OcrError::NoText);
    }
    let run = OcrRun {
        pages: total,
        read,
        seconds: start.elapsed().as_secs_f64(),
    };
    Ok((positioned::read(&pages), run))
}

/// One image through tesseract: its words, table-rule debris removed, in points (`scale` per
/// pixel).
fn recognise(image: &[u8], scale: f32) -> Result<Vec<Page>, OcrError> {
    let args = ["stdin", "stdout", "-l", "chi_sim", "--psm", "6", "tsv"];
    let tsv =
        run_bytes(TESSERACT, &args, image, &[("OMP_THREAD_LIMIT", "1")]).map_err(|e| match e {
            RunError::Spawn(why) => OcrError::Missing(why),
            RunError::Failed(why) if why.contains("chi_sim") || why.contains("language") => {
                OcrError::Missing(why)
            }
            RunError::Failed(why) => OcrError::Failed(why),
        })?;
    let mut pages = positioned::from_tsv(&String::from_utf8_lossy(&tsv), scale, true);
    for page in &mut pages {
        page.words.retain_mut(|w| {
            // Rules' remnants stick to the words beside them as bars, brackets and quotes.
            let t = w
                .text
                .trim_matches(|c| "|丨[]{}【】\"'“”‘’".contains(c))
                .to_owned();
            // Punctuation OCR is unsure of is a speck or a rule's remnant, and would join the
            // cells on either side of it (`商业企 ， 科研机`).
            let symbols = t.chars().all(|c| !c.is_alphanumeric());
            let unsure_speck = symbols && w.conf.is_some_and(|c| c < 50.0);
            let keep =
                !t.is_empty() && !t.chars().all(|c| "'\"“”‘’`_".contains(c)) && !unsure_speck;
            w.text = t;
            keep
        });
    }
    Ok(pages)
}
