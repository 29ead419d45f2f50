//! Bytes to text, with the decision recorded: byte-order mark, then a forced `--encoding`, then
//! BOM-less UTF-16, then valid UTF-8, then chardetng's guess (with the `.cn` hint that keeps short
//! GBK text from being taken for EUC-KR). GBK and GB2312 are decoded as GB18030, their superset.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};

use crate::model::EncodingSource;

/// A decoded file.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The text, BOM removed.
    pub text: String,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// How it was chosen.
    pub source: EncodingSource,
    /// Replacement characters were produced.
    pub had_errors: bool,
}

impl Decoded {
    /// WHATWG name of the encoding used, with GBK reported as GB18030 (the decoder actually run).
    pub fn encoding_name(&self) -> &'static str {
        name(self.encoding)
    }
}

/// WHATWG name of an encoding, GBK reported as GB18030.
pub fn name(encoding: &'static Encoding) -> &'static str {
    if encoding == GBK || encoding == GB18030 {
        "GB18030"
    } else {
        encoding.name()
    }
}

/// Decodes a file's bytes. `forced` (from `--encoding`) wins over everything but a BOM; then the
/// encoding the document declares (an HTML `<meta charset>`), then detection.
pub fn decode(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
    declared: Option<&'static Encoding>,
) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return run(encoding, &bytes[bom_len..], EncodingSource::Bom);
    }
    if let Some(encoding) = forced {
        return run(encoding, bytes, EncodingSource::Forced);
    }
    // A page declaring UTF-16 in ASCII cannot be UTF-16; such a declaration is ignored, and so is
    // one the bytes contradict (a GB2312 page still saying utf-8 after a re-encoding).
    if let Some(encoding) = declared.filter(|e| *e != UTF_16LE && *e != UTF_16BE) {
        let decoded = run(encoding, bytes, EncodingSource::Declared);
        if !decoded.had_errors {
            return decoded;
        }
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return run(encoding, bytes, EncodingSource::Detected);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_owned(),
            encoding: UTF_8,
            source: EncodingSource::ValidUtf8,
            had_errors: false,
        };
    }
    // chardetng reads about 25 MB/s, a third of a run's time when fed whole files: it is fed a
    // prefix first, and a GB18030 guess stands when the prefix holds enough CJK bytes and the
    // whole file decodes with it cleanly. Any other guess (a page head all ASCII looks like
    // windows-1252) or a file it does not decode is judged again on all its bytes.
    if bytes.len() > DETECT_PREFIX
        && bytes[..DETECT_PREFIX]
            .iter()
            .filter(|b| !b.is_ascii())
            .count()
            >= 1024
    {
        let guess = detect_prefix(bytes, DETECT_PREFIX);
        if guess == GB18030 {
            let decoded = run(guess, bytes, EncodingSource::Detected);
            if !decoded.had_errors {
                return decoded;
            }
        }
    }
    run(detect(bytes), bytes, EncodingSource::Detected)
}

/// How many bytes chardetng sees first: with at least 1,024 of them non-ASCII, some hundreds
/// of CJK characters, far past what settles its scores on report text.
pub const DETECT_PREFIX: usize = 4 * 1024;

/// chardetng's guess for non-UTF-8 bytes; the `cn` top-level-domain hint is what mainland
/// reports need (short GBK strings are otherwise guessed as EUC-KR or EUC-JP).
pub fn detect(bytes: &[u8]) -> &'static Encoding {
    guess(bytes, true)
}

/// chardetng's guess from the first `len` bytes (or fewer: the cut backs off to a line feed,
/// which no legacy CJK encoding uses inside a character).
pub fn detect_prefix(bytes: &[u8], len: usize) -> &'static Encoding {
    if bytes.len() <= len {
        return detect(bytes);
    }
    let cut = bytes[..len]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(len, |i| i + 1);
    guess(&bytes[..cut], false)
}

fn guess(bytes: &[u8], last: bool) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, last);
    let guess = detector.guess(Some(b"cn"), Utf8Detection::Allow);
    if guess == GBK { GB18030 } else { guess }
}

fn run(encoding: &'static Encoding, bytes: &[u8], source: EncodingSource) -> Decoded {
    let encoding = if encoding == GBK { GB18030 } else { encoding };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding,
        source,
        had_errors,
    }
}

/// UTF-16 without a BOM: text in UTF-8 or GB18030 never holds NUL bytes, UTF-16 text with ASCII
/// digits, tabs and newlines does. Among the two byte orders, take the one whose code units are
/// almost all plausible report characters (ASCII, CJK, punctuation, full-width forms).
pub fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(8192) & !1];
    if sample.len() < 4 || !sample.contains(&0) {
        return None;
    }
    let plausible = |big_endian: bool| {
        let units = sample.chunks_exact(2).map(|p| {
            if big_endian {
                u16::from_be_bytes([p[0], p[1]])
            } else {
                u16::from_le_bytes([p[0], p[1]])
            }
        });
        let total = sample.len() / 2;
        let good = units.filter(|&u| plausible_unit(u)).count();
        good * 100 >= total * 95
    };
    if plausible(false) {
        Some(UTF_16LE)
    } else if plausible(true) {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn plausible_unit(u: u16) -> bool {
    matches!(u, 0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0xA0..=0x17F | 0x2000..=0x206F
        | 0x2150..=0x24FF | 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "白银市平川区2020年政府信息公开工作年度报告\n行政许可\t347\t增169\t2558\n";

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if big_endian {
                [0xFE, 0xFF]
            } else {
                [0xFF, 0xFE]
            });
        }
        for unit in text.encode_utf16() {
            out.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        out
    }

    #[test]
    fn utf8_plain_and_with_bom() {
        let d = decode(TEXT.as_bytes(), None, None);
        assert_eq!(
            (d.text.as_str(), d.encoding_name(), d.source),
            (TEXT, "UTF-8", EncodingSource::ValidUtf8)
        );
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(TEXT.as_bytes());
        let d = decode(&bom, None, None);
        assert_eq!(
            (d.text.as_str(), d.encoding_name(), d.source),
            (TEXT, "UTF-8", EncodingSource::Bom)
        );
    }

    #[test]
    fn gb18030_is_detected_even_when_short() {
        let (bytes, _, _) = GB18030.encode("年度报告");
        let d = decode(&bytes, None, None);
        assert_eq!(
            (d.text.as_str(), d.encoding_name(), d.had_errors),
            ("年度报告", "GB18030", false)
        );
        let (bytes, _, _) = GB18030.encode(TEXT);
        let d = decode(&bytes, None, None);
        assert_eq!(
            (d.text.as_str(), d.source),
            (TEXT, EncodingSource::Detected)
        );
    }

    #[test]
    fn utf16_with_and_without_bom() {
        for big_endian in [false, true] {
            let d = decode(&utf16(TEXT, big_endian, true), None, None);
            assert_eq!((d.text.as_str(), d.source), (TEXT, EncodingSource::Bom));
            let d = decode(&utf16(TEXT, big_endian, false), None, None);
            assert_eq!(
                (d.text.as_str(), d.source),
                (TEXT, EncodingSource::Detected)
            );
            assert_eq!(
                d.encoding_name(),
                if big_endian { "UTF-16BE" } else { "UTF-16LE" }
            );
        }
    }

    #[test]
    fn declared_charset_is_used_unless_a_bom_says_otherwise() {
        let (bytes, _, _) = GB18030.encode("<meta charset=\"gb2312\">年度报告");
        let d = decode(&bytes, None, Encoding::for_label(b"gb2312"));
        assert_eq!(
            (d.text.as_str(), d.encoding_name(), d.source),
            (
                "<meta charset=\"gb2312\">年度报告",
                "GB18030",
                EncodingSource::Declared
            )
        );
    }

    #[test]
    fn a_declaration_the_bytes_contradict_is_ignored() {
        let (bytes, _, _) = GB18030.encode("<meta charset=\"utf-8\">政府信息公开工作年度报告");
        let d = decode(&bytes, None, Some(UTF_8));
        assert_eq!(
            (d.encoding_name(), d.source, d.had_errors),
            ("GB18030", EncodingSource::Detected, false)
        );
    }

    #[test]
    fn long_gb18030_is_detected_from_its_prefix_and_decoded_whole() {
        let text = TEXT.repeat(200);
        let (bytes, _, _) = GB18030.encode(&text);
        assert!(bytes.len() > 2 * DETECT_PREFIX);
        assert_eq!(detect_prefix(&bytes, DETECT_PREFIX), GB18030);
        let d = decode(&bytes, None, None);
        assert_eq!(
            (d.text == text, d.encoding_name(), d.source, d.had_errors),
            (true, "GB18030", EncodingSource::Detected, false)
        );
    }

    #[test]
    fn a_page_whose_head_is_all_ascii_is_judged_on_all_its_bytes() {
        // 6 KB of markup before the first CJK byte: the prefix alone would say windows-1252.
        let head = format!(
            "<html><head><style>{}</style></head><body>",
            "p{margin:0}\n".repeat(500)
        );
        let page = format!("{head}{}</body></html>", TEXT.repeat(20));
        let (bytes, _, _) = GB18030.encode(&page);
        assert_ne!(detect_prefix(&bytes, DETECT_PREFIX), GB18030);
        let d = decode(&bytes, None, None);
        assert_eq!(
            (d.text == page, d.encoding_name(), d.had_errors),
            (true, "GB18030", false)
        );
    }

    #[test]
    fn bytes_the_prefix_guess_cannot_decode_are_judged_again_whole() {
        // Clean GB18030 for 8 KB, then a byte no GB18030 text holds: the same guess and the same
        // replacement as a detection over the whole file.
        let mut bytes = GB18030.encode(&TEXT.repeat(100)).0.into_owned();
        bytes.extend([0x81, 0x0A]);
        let d = decode(&bytes, None, None);
        assert_eq!(d.encoding, detect(&bytes));
        assert!(d.had_errors);
    }

    #[test]
    fn binary_with_nul_is_not_utf16() {
        let bytes: Vec<u8> = (0..=255u8).cycle().take(2048).collect();
        assert_eq!(utf16_without_bom(&bytes), None);
    }

    #[test]
    fn forced_encoding_and_replacements_are_recorded() {
        let (bytes, _, _) = GB18030.encode(TEXT);
        let d = decode(&bytes, Some(UTF_8), None);
        assert_eq!((d.source, d.had_errors), (EncodingSource::Forced, true));
    }
}
