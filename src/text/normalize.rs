//! Text normalisation before matching: one function per cell or line, so that labels and numbers
//! printed with full-width digits and brackets, ideographic or no-break spaces, spaces inside
//! labels (结 果 维 持), markdown emphasis or Word export artefacts all compare equal.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Word export artefacts such as `[bookmark: _GoBack]`, and markdown emphasis markers.
static ARTEFACTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[bookmark:[^\]]*\]|\*\*|__").expect("artefact pattern compiles")
});

/// Normalises one line or cell of text:
/// NFKC (full-width digits, letters and brackets become ASCII, CJK compatibility and Kangxi
/// radical forms become the unified ideographs), U+2212 minus as '-', every kind of space as
/// one ASCII space, no space between two CJK characters, trimmed: `（一）　结 果 维 持　１６９`
/// becomes `(一) 结果维持 169`.
pub fn normalize(s: &str) -> String {
    let s: Cow<str> = if s.contains('[') || s.contains('*') || s.contains('_') {
        ARTEFACTS.replace_all(s, "")
    } else {
        Cow::Borrowed(s)
    };
    let s: Cow<str> = match nfkc(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(n) => Cow::Owned(n),
    };
    if s.chars()
        .all(|c| !c.is_whitespace() && !matches!(c, '\u{2212}' | '\u{200B}' | '\u{FEFF}'))
    {
        return s.into_owned();
    }
    collapse_spaces(&s)
}

/// NFKC, applied only where it changes something: runs of characters that can change (full-width
/// forms, compatibility ideographs, combining marks) are normalised with the character before
/// them (which a mark may compose with); ASCII, unified ideographs and every other character NFKC
/// leaves alone, and which nothing before it composes with, are copied as they are.
fn nfkc(s: &str) -> Cow<'_, str> {
    let stable = |c: char| {
        c.is_ascii()
            || ('\u{4E00}'..='\u{9FFF}').contains(&c)
            || (is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
                && canonical_combining_class(c) == 0)
    };
    let mut out = String::new();
    let mut copied = 0;
    let mut prev: Option<usize> = None;
    let mut chars = s.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if stable(c) {
            prev = Some(at);
            continue;
        }
        let start = prev.unwrap_or(at);
        let mut end = s.len();
        while let Some(&(next, c)) = chars.peek() {
            if stable(c) {
                end = next;
                break;
            }
            chars.next();
        }
        out.push_str(&s[copied..start]);
        out.extend(s[start..end].nfkc());
        copied = end;
        prev = None;
    }
    if copied == 0 && out.is_empty() {
        return Cow::Borrowed(s);
    }
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}

/// The text in simplified characters, when it is written in traditional ones (a mirror site's
/// copy: `政府信息公開工作年度報告`); None when it is not. Told by 公開 or 資訊, which a
/// simplified report never prints. Taiwanese wording such copies bring is put back where the
/// template's labels depend on it (資訊 → 信息, 規範性檔案 → 规范性文件).
pub fn to_simplified(text: &str) -> Option<String> {
    (text.contains("公開") || text.contains("資訊")).then(|| {
        fast2s::convert(text)
            .replace("资讯", "信息")
            .replace("规范性档案", "规范性文件")
    })
}

/// Removes all whitespace: the form labels are matched in.
pub fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// True for CJK ideographs, CJK punctuation and full-width forms: characters between which a
/// space is a typesetting artefact, never a separator.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FFF}' | '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}'
        | '\u{201C}' | '\u{201D}')
}

fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut prev: Option<char> = None;
    for c in s.chars() {
        let c = if c == '\u{2212}' { '-' } else { c };
        if c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}' {
            pending_space = prev.is_some();
            continue;
        }
        if pending_space && !(prev.is_some_and(is_cjk) && is_cjk(c)) {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_and_its_number() {
        assert_eq!(
            normalize("（一）\u{3000}结 果 维 持　１６９"),
            "(一) 结果维持 169"
        );
    }

    #[test]
    fn full_width_digits_and_brackets() {
        assert_eq!(normalize("（一）予以公开"), "(一)予以公开");
        assert_eq!(normalize("１２３"), "123");
        assert_eq!(normalize("(一) 予以公开"), "(一) 予以公开");
    }

    #[test]
    fn spaces_inside_labels_go_spaces_between_numbers_stay() {
        assert_eq!(normalize("结 果 维 持"), "结果维持");
        assert_eq!(normalize("年 度 报 告"), "年度报告");
        assert_eq!(normalize("行政许可 0 0 0"), "行政许可 0 0 0");
        assert_eq!(normalize("\u{00A0}0\u{3000}"), "0");
    }

    #[test]
    fn artefacts_and_emphasis() {
        assert_eq!(normalize("[bookmark: _GoBack]2020年"), "2020年");
        assert_eq!(
            normalize("1. **主动公开政府信息数量。**2020年"),
            "1. 主动公开政府信息数量。2020年"
        );
    }

    #[test]
    fn nfkc_only_where_it_changes_something() {
        let samples = [
            "平潭综合实验区",
            "（一）予以公开１６９件",
            "e\u{301}t\u{E9}，ＡＢ\u{3000}c",
            "\u{301}起首的组合符",
            "\u{2F00}、\u{F900}\u{FA10}",
            "",
        ];
        for s in samples {
            assert_eq!(nfkc(s), s.nfkc().collect::<String>(), "{s:?}");
        }
        assert!(matches!(nfkc("银川市金凤区 2020年"), Cow::Borrowed(_)));
    }

    proptest::proptest! {
        #[test]
        fn nfkc_agrees_with_the_whole_string_form(s in "[a-e0-9 \u{300}-\u{36F}\u{2F00}-\u{2F0F}\u{3000}-\u{3010}\u{4E00}-\u{4E10}\u{F900}-\u{F910}\u{FF01}-\u{FF20}\u{AC00}-\u{AC10}\u{1100}-\u{1112}\u{1161}-\u{1175}]{0,24}") {
            proptest::prop_assert_eq!(nfkc(&s), s.nfkc().collect::<String>());
        }
    }

    #[test]
    fn traditional_copies_read_in_simplified() {
        assert_eq!(
            to_simplified("武漢市2020年政府資訊公開工作年度報告 規範性檔案 行政處罰").as_deref(),
            Some("武汉市2020年政府信息公开工作年度报告 规范性文件 行政处罚")
        );
        assert_eq!(to_simplified("政府信息公开工作年度报告"), None);
    }

    #[test]
    fn minus_sign_and_kangxi_radicals() {
        assert_eq!(normalize("\u{2212}30"), "-30");
        // U+2F00 KANGXI RADICAL ONE, as PDF text layers often produce.
        assert_eq!(normalize("\u{2F00}、总体情况"), "一、总体情况");
    }
}
