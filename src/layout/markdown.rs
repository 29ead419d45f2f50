//! What PDF-to-markdown converters (MinerU, pymupdf4llm and the like) leave in text besides the
//! report: page numbers alone on a line between the pieces of a table (`- 3`, `— 3 —`, `第 3 页`),
//! line breaks inside pipe cells (`（三）不<br>予公开`), the placeholder headers they give a
//! table continued on the next page (`|Col1|Col2|…`), and the numbers of neighbouring columns
//! run into one cell (`| 3001 53 | 0 0 |`).

use std::sync::LazyLock;

use regex::Regex;

use super::Cell;
use crate::text::number::is_lone_number;

/// A page number printed alone on its line, set off by dashes or words: `- 3`, `-3-`,
/// `— 3 —`, `第 3 页`, `第3页 共6页`, `3 / 6`. A bare number is not one (a table printed one
/// cell per line has those), nor `-3` (a signed change).
static PAGE_FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:[-—–－_]+\s+\d{1,3}\s*[-—–－_]*|[-—–－_]+\d{1,3}\s*[-—–－_]+|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$",
    )
    .expect("pattern compiles")
});

/// A line that is only a page number (see [`PAGE_FOOTER`]): dropped, so the table it interrupts
/// reads on.
pub fn is_page_footer(line: &str) -> bool {
    PAGE_FOOTER.is_match(line)
}

/// A markdown table cell: a line break inside it (`<br>`) is a space (the normaliser then drops
/// it between two CJK characters), and a converter's placeholder header (`Col3`) is blank.
pub fn cell(raw: &str, line: u32) -> Cell {
    let text = BREAK.replace_all(raw, " ");
    if PLACEHOLDER.is_match(&text) {
        return Cell {
            raw: raw.trim().to_owned(),
            ..Cell::new("", line)
        };
    }
    Cell {
        raw: raw.trim().to_owned(),
        ..Cell::new(&text, line)
    }
}

/// The cells a markdown table cell holds: one, or one per number where the converter ran the
/// numbers of neighbouring columns into one cell with a space between them (`3001 53`: each a
/// whole number, none split).
pub fn cells(raw: &str, line: u32) -> Vec<Cell> {
    let one = cell(raw, line);
    let tokens: Vec<&str> = one.text.split_whitespace().collect();
    if tokens.len() < 2 || !tokens.iter().all(|t| is_lone_number(t)) {
        return vec![one];
    }
    let raws: Vec<&str> = raw.split_whitespace().collect();
    let same = raws.len() == tokens.len();
    tokens
        .iter()
        .enumerate()
        .map(|(i, t)| Cell {
            raw: if same { raws[i] } else { t }.to_owned(),
            ..Cell::new(t, line)
        })
        .collect()
}

/// `<br>`, `<br/>`, `<br />`.
static BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<br\s*/?>").expect("pattern compiles"));

/// `Col1`, `Col12`: the names a converter gives header cells it found empty.
static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*Col\d{1,2}\s*$").expect("pattern compiles"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_footers_and_what_is_not_one() {
        for l in [
            "- 3",
            "                                             - 3 ",
            "-4-",
            "— 12 —",
            "第 3 页",
            "第3页 共6页",
            "3 / 6",
        ] {
            assert!(is_page_footer(l), "{l:?}");
        }
        for l in ["3", "-3", "0 0 0", "- 3 件", "规章 - 3", "2024"] {
            assert!(!is_page_footer(l), "{l:?}");
        }
    }

    #[test]
    fn breaks_inside_cells_and_placeholder_headers() {
        let c = cell("（三）不<br>予公开", 4);
        assert_eq!(
            (c.text.as_str(), c.raw.as_str()),
            ("(三)不予公开", "（三）不<br>予公开")
        );
        assert_eq!(cell("结果<br/>维持", 1).text, "结果维持");
        assert_eq!(cell("Col2", 1).text, "");
        assert_eq!(cell("Col2", 1).raw, "Col2");
        assert_eq!(cell("2516<br>1", 1).text, "2516 1");
    }

    #[test]
    fn numbers_of_neighbouring_columns_run_into_one_cell() {
        let texts = |raw| {
            cells(raw, 1)
                .into_iter()
                .map(|c| c.text)
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(" 3001 53 "), ["3001", "53"]);
        assert_eq!(texts("0 0"), ["0", "0"]);
        assert_eq!(texts("3119"), ["3119"]);
        assert_eq!(texts("科研机 社会公益"), ["科研机社会公益"]);
        assert_eq!(texts("22（其中修订 16 件）"), ["22(其中修订 16 件)"]);
        assert_eq!(texts("- 3"), ["- 3"]);
    }
}
