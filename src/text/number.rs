//! Cell text to number, as printed: sign words (增169 → 169, 减79 → −79), units (万元, 元),
//! thousands separators; blank, '/', '—', '-', '无' are null, never 0. A cell that is neither
//! labels rather than counts. Pure functions.

use std::sync::LazyLock;

use regex::Regex;

/// A printed number with its sign word and unit.
/// Matches `增169`, `减79`, `-30`, `45822.4584万元`, `1,234`; not `3件（含1件）`.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?P<inc>增加?)|(?P<dec>减少?)|(?P<sign>[+-]))?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>万元|元|件|项|个|条|次|家|笔|%)?$",
    )
    .expect("built-in pattern compiles")
});

/// A number read from a cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Num {
    /// The value, signed.
    pub value: f64,
    /// The digits as printed (no sign, no separators), for exact unit conversion.
    pub digits: String,
    /// Negative (减, '-').
    pub negative: bool,
    /// The unit printed in the cell.
    pub unit: Option<&'static str>,
}

impl Num {
    /// The value as an integer, when it is one.
    pub fn as_int(&self) -> Option<i64> {
        (self.value.fract() == 0.0 && self.value.abs() < 9.0e15).then_some(self.value as i64)
    }

    /// The value in 万元: unchanged when printed in 万元 or without unit, divided by 10,000
    /// (by moving the decimal point, so no binary rounding creeps in) when printed in 元.
    pub fn in_wan_yuan(&self) -> f64 {
        if self.unit != Some("元") {
            return self.value;
        }
        let shifted: f64 = shift_decimal(&self.digits, 4).parse().unwrap_or(f64::NAN);
        if self.negative { -shifted } else { shifted }
    }
}

/// What a cell holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Parsed {
    /// A number.
    Num(Num),
    /// Printed empty or with a null marker.
    Null,
    /// Text that is not a number.
    Text,
}

impl Parsed {
    /// The number, if any.
    pub fn num(&self) -> Option<&Num> {
        match self {
            Parsed::Num(n) => Some(n),
            _ => None,
        }
    }
}

/// Reads a normalised cell text.
pub fn parse(text: &str) -> Parsed {
    if is_null_marker(text) {
        return Parsed::Null;
    }
    // Most cells are plain counts: read them without the regex.
    if text.len() <= 15 && text.bytes().all(|b| b.is_ascii_digit()) {
        let value = text.parse::<u64>().map_or(f64::NAN, |v| v as f64);
        return Parsed::Num(Num {
            value,
            digits: text.to_owned(),
            negative: false,
            unit: None,
        });
    }
    let Some(c) = NUMBER.captures(text) else {
        return Parsed::Text;
    };
    let digits: String = c["num"].chars().filter(|&ch| ch != ',').collect();
    let Ok(magnitude) = digits.parse::<f64>() else {
        return Parsed::Text;
    };
    let negative = c.name("dec").is_some() || c.name("sign").is_some_and(|s| s.as_str() == "-");
    let unit = c.name("unit").map(|u| match u.as_str() {
        "万元" => "万元",
        "元" => "元",
        "件" => "件",
        "项" => "项",
        "笔" => "笔",
        "%" => "%",
        _ => "个",
    });
    Parsed::Num(Num {
        value: if negative { -magnitude } else { magnitude },
        digits,
        negative,
        unit,
    })
}

/// A number printed with a remark in brackets after it: `22(其中修订16件)`, `3件(含1件)` (text
/// normalised, so full-width brackets are ASCII). The remark holds CJK text.
static REMARKED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<num>[^()]+?)\s*\((?P<remark>[^()]*\p{Han}[^()]*)\)$")
        .expect("built-in pattern compiles")
});

/// The leading number of a value cell that carries a remark in brackets (`22(其中修订16件)` →
/// 22): the cell's own count, the remark a breakdown of it. `None` for any other text.
pub fn remarked(text: &str) -> Option<Num> {
    let c = REMARKED.captures(text.trim())?;
    match parse(c["num"].trim()) {
        Parsed::Num(n) => Some(n),
        _ => None,
    }
}

/// Reads a value cell (normalised): as [`parse`], and a number with a remark in brackets as its
/// number ([`remarked`]).
pub fn read_value(text: &str) -> Parsed {
    match parse(text) {
        Parsed::Text => remarked(text).map_or(Parsed::Text, Parsed::Num),
        p => p,
    }
}

/// Blank cells and the markers reports print for "nothing here".
pub fn is_null_marker(text: &str) -> bool {
    let t = text.trim();
    t.is_empty()
        || matches!(t, "无" | "空" | "暂无" | "N/A" | "n/a")
        || (t.chars().count() <= 4
            && t.chars()
                .all(|c| matches!(c, '/' | '\\' | '-' | '—' | '–' | '─' | '_')))
}

/// True for a cell that labels rather than counts: text that is not a number nor a null marker
/// (`增169` and `251000元` are numbers). A label spanning rows or columns is repeated in each slot
/// it covers; a number never is.
pub fn is_label(text: &str) -> bool {
    parse(&super::normalize(text)) == Parsed::Text
}

/// A token that reads as a number or a null marker.
pub fn is_value_token(token: &str) -> bool {
    !is_label(token)
}

/// A cell holding one number and nothing else.
pub fn is_lone_number(cell: &str) -> bool {
    !cell.is_empty()
        && !cell.contains(char::is_whitespace)
        && is_value_token(cell)
        && cell.bytes().any(|b| b.is_ascii_digit())
}

/// Moves the decimal point of a plain decimal string `places` to the left.
fn shift_decimal(digits: &str, places: usize) -> String {
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let int = int.trim_start_matches('0');
    let padded = format!("{int:0>width$}", width = places + 1);
    let (head, tail) = padded.split_at(padded.len() - places);
    let frac = format!("{tail}{frac}");
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        head.to_owned()
    } else {
        format!("{head}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(s: &str) -> Option<f64> {
        parse(s).num().map(|n| n.value)
    }

    #[test]
    fn the_number_pattern() {
        for s in ["增169", "减79", "-30", "45822.4584万元", "1,234", "0"] {
            assert!(NUMBER.is_match(s), "{s}");
        }
        assert!(!NUMBER.is_match("3件(含1件)"));
        assert!(!NUMBER.is_match("规章"));
    }

    #[test]
    fn numbers_as_printed() {
        assert_eq!(value("增169"), Some(169.0));
        assert_eq!(value("减79"), Some(-79.0));
        assert_eq!(value("-30"), Some(-30.0));
        assert_eq!(value("1,234"), Some(1234.0));
        let n = parse("45822.4584万元");
        assert_eq!(
            n.num().map(|n| (n.value, n.unit)),
            Some((45822.4584, Some("万元")))
        );
    }

    #[test]
    fn null_markers_are_never_zero() {
        for s in ["", " ", "/", "—", "——", "-", "无", "／"] {
            let s = crate::text::normalize(s);
            assert_eq!(parse(&s), Parsed::Null, "{s:?}");
        }
        assert_eq!(parse("一"), Parsed::Text);
        assert_eq!(parse("3件(含1件)"), Parsed::Text);
        assert_eq!(
            parse("2笔").num().map(|n| (n.value, n.unit)),
            Some((2.0, Some("笔")))
        );
    }

    #[test]
    fn a_number_with_a_remark_in_brackets_reads_as_its_number() {
        let n = crate::text::normalize("22（其中修订 16 件）");
        assert_eq!(parse(&n), Parsed::Text);
        assert_eq!(read_value(&n).num().map(|n| n.value), Some(22.0));
        assert_eq!(
            read_value("3件(含1件)").num().map(|n| (n.value, n.unit)),
            Some((3.0, Some("件")))
        );
        assert_eq!(
            remarked("45.5万元(含追缴2万元)").map(|n| n.value),
            Some(45.5)
        );
        // A remark without CJK text, a label, text around the number: not a number.
        for s in [
            "22(16)",
            "(一)予以公开",
            "规章(3件)",
            "共22(其中16件)",
            "22(其中16件)件",
        ] {
            assert_eq!(read_value(s), Parsed::Text, "{s}");
        }
        assert_eq!(read_value("/"), Parsed::Null);
    }

    #[test]
    fn yuan_to_wan_yuan_is_exact() {
        let n = parse("251000元");
        assert_eq!(n.num().map(Num::in_wan_yuan), Some(25.1));
        let n = parse("75394432.52元");
        assert_eq!(n.num().map(Num::in_wan_yuan), Some(7539.443252));
        let n = parse("29.058388万元");
        assert_eq!(n.num().map(Num::in_wan_yuan), Some(29.058388));
        assert_eq!(shift_decimal("5", 4), "0.0005");
        assert_eq!(shift_decimal("10000", 4), "1");
    }

    #[test]
    fn integers() {
        assert_eq!(parse("2558").num().and_then(Num::as_int), Some(2558));
        assert_eq!(parse("2.5").num().and_then(Num::as_int), None);
    }
}
