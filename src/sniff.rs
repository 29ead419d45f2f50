//! Format detection from the bytes (magic numbers, markup), never from the extension alone, and
//! the reason in words when a file is not something this version reads.

use crate::decode;
use crate::model::Format;

/// Decides the format of a file from its first bytes.
pub fn format_of(bytes: &[u8]) -> Format {
    if bytes.is_empty() {
        return Format::Empty;
    }
    if bytes.starts_with(b"%PDF") {
        return Format::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return if contains(&bytes[..bytes.len().min(64 * 1024)], b"word/") {
            Format::Docx
        } else {
            Format::Archive
        };
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return ole_format(bytes);
    }
    if let Some(kind) = infer::get(bytes) {
        match kind.matcher_type() {
            infer::MatcherType::Image => return Format::Image,
            infer::MatcherType::Archive => return Format::Archive,
            infer::MatcherType::Text => {}
            _ => return Format::Binary,
        }
    }
    if encoding_rs::Encoding::for_bom(bytes).is_none()
        && decode::utf16_without_bom(bytes).is_none()
        && looks_binary(bytes)
    {
        return Format::Binary;
    }
    Format::Txt
}

/// The format of an OLE2 compound file, from its root's stream names: a `WordDocument` stream
/// is Word 97-2003 (or Kingsoft WPS in Word's format), `Workbook`/`Book` an Excel workbook. A
/// file whose structure cannot be read goes to the Word reader, which says how it is damaged.
fn ole_format(bytes: &[u8]) -> Format {
    let Ok(ole) = cfb::CompoundFile::open(std::io::Cursor::new(bytes)) else {
        return Format::Doc;
    };
    if ole.is_stream("WordDocument") {
        Format::Doc
    } else if ole.is_stream("Workbook") || ole.is_stream("Book") {
        Format::Xls
    } else {
        Format::Ole
    }
}

/// True when decoded text is an HTML page (or fragment) rather than plain text.
pub fn is_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with('<')
        && ["<html", "<head", "<body", "<table", "<p", "<div", "<meta"]
            .iter()
            .any(|t| head.contains(t))
}

/// The encoding an HTML page declares in its first bytes (`<meta charset="gb2312">`,
/// `<meta http-equiv="Content-Type" content="text/html; charset=GBK">`), if the label is known.
pub fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    if !contains(&lower, b"<meta") {
        return None;
    }
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let label: Vec<u8> = lower[at..]
        .iter()
        .skip_while(|&&b| b == b'"' || b == b'\'' || b == b' ')
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        .copied()
        .collect();
    encoding_rs::Encoding::for_label(&label)
}

/// Why a file of this format is skipped by this version, or `None` when it is read.
pub fn skip_reason(format: Format) -> Option<&'static str> {
    Some(match format {
        Format::Txt
        | Format::Html
        | Format::Json
        | Format::Pdf
        | Format::Docx
        | Format::Doc
        | Format::Image => {
            return None;
        }
        Format::Empty => "empty file (0 bytes)",
        Format::Xls => {
            "Excel workbook (.xls): spreadsheets are not read; save the report as .docx, .doc or text"
        }
        Format::Ole => {
            "OLE2 compound file that is not a Word document (PowerPoint, Outlook message, installer, or a Kingsoft WPS file in its own pre-2005 format): not read; save the report as .docx, .doc or text"
        }
        Format::Archive => "archive or compressed file: unpack it into the archive folder first",
        Format::Binary => "binary file: not text and not a known document format",
        Format::Unknown => "unreadable file",
    })
}

/// Bytes whose first 8 KB of non-NUL bytes hold a high share of control characters (or that
/// are nothing but NULs) are not text in any encoding we read. NULs alone do not make a file
/// binary: a text report with a stray NUL or NUL padding is read with them dropped
/// ([`strip_nuls`]). UTF-16 is told apart before this (its NULs are half its bytes).
fn looks_binary(bytes: &[u8]) -> bool {
    let sample: Vec<u8> = bytes
        .iter()
        .copied()
        .filter(|&b| b != 0)
        .take(8192)
        .collect();
    if sample.is_empty() {
        return true;
    }
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    control * 20 > sample.len()
}

/// A text file's bytes with its NUL bytes dropped, and how many were dropped; `None` when it
/// has none, or when it is UTF-16 (with or without a BOM), whose NULs are part of its characters.
pub fn strip_nuls(bytes: &[u8]) -> Option<(Vec<u8>, usize)> {
    let nuls = bytes.iter().filter(|&&b| b == 0).count();
    if nuls == 0
        || encoding_rs::Encoding::for_bom(bytes).is_some()
        || decode::utf16_without_bom(bytes).is_some()
    {
        return None;
    }
    let kept: Vec<u8> = bytes.iter().copied().filter(|&b| b != 0).collect();
    Some((kept, nuls))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_content_not_extension() {
        assert_eq!(format_of(b""), Format::Empty);
        assert_eq!(format_of(b"%PDF-1.7\n..."), Format::Pdf);
        assert_eq!(format_of(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Format::Image);
        assert_eq!(
            format_of(&[0u8, 1, 2, 3, 200, 201, 0, 0, 7, 8]),
            Format::Binary
        );
        assert_eq!(format_of("年度报告\n".as_bytes()), Format::Txt);
        assert_eq!(format_of("年度\0报告\n\0\0".as_bytes()), Format::Txt);
        assert_eq!(format_of(&[0u8; 64]), Format::Binary);
        assert_eq!(
            format_of(b"PK\x03\x04....[Content_Types].xml word/document.xml"),
            Format::Docx
        );
    }

    #[test]
    fn nuls_dropped_from_text_not_utf16() {
        assert_eq!(
            strip_nuls("年度\0报告\0\0".as_bytes()),
            Some(("年度报告".as_bytes().to_vec(), 3))
        );
        assert_eq!(strip_nuls("年度报告".as_bytes()), None);
        let utf16: Vec<u8> = "2023年度报告\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(strip_nuls(&utf16), None);
    }

    #[test]
    fn html_by_markup() {
        assert!(is_html("\n<!DOCTYPE html><html><body>报告</body></html>"));
        assert!(is_html("<div class=\"TRS_Editor\"><p>报告</p></div>"));
        assert!(!is_html("二、主动公开政府信息情况 <b>"));
    }

    #[test]
    fn declared_charsets() {
        assert_eq!(
            declared_charset(b"<html><meta charset=\"gb2312\">").map(|e| e.name()),
            Some("GBK")
        );
        let http_equiv = b"<META http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\">";
        assert_eq!(
            declared_charset(http_equiv).map(|e| e.name()),
            Some("UTF-8")
        );
        assert_eq!(declared_charset(b"charset=gbk but no markup"), None);
    }
}
