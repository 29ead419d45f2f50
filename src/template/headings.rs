//! Where the template's parts begin: the numbered top-level headings (`二、主动公开政府信息情况`),
//! told by their title words whatever their numeral and recognised in a line of their own or
//! inside running text, and the header rows each section's table opens with, for reports whose
//! headings are missing. Every reader of headings (the section splitter, the text reader, the
//! inline reader, the PDF reader) asks here.

use std::sync::LazyLock;

use regex::Regex;

use super::keys::Section;
use crate::text::compact;

/// A numbered top-level heading at the start of a line: `二、主动公开政府信息情况`,
/// `## 三、收到和处理政府信息公开申请情况`; not `（二）主动公开`.
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^#*\s*(?P<n>[一二三四五六七八])\s*[、.,:]").expect("pattern compiles")
});

/// A numbered heading inside running text; the heading text is bounded by its first 情况, digit
/// or 30 characters.
static INLINE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[一二三四五六七]、[^0-9]{0,30}?(?:情况|[0-9]|$)").expect("pattern compiles")
});

/// What a numbered heading opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Heading {
    /// One of the statistical sections.
    Section(Section),
    /// Another top-level section (一、总体情况, 五、存在的主要问题…, 六、其他需要报告的事项).
    Other,
}

/// Classifies a normalised text line as a top-level heading, by its title words rather than its
/// numeral: real reports shift the outline (`一、主动公开…`, `二、收到和处理政府信息公开申请情况`,
/// `三、行政复议…`) or misprint a numeral (section 三 as `二、`). The words are read in the
/// heading's own text (up to its first 情况, 。 or 40 characters); the template's numbered row
/// labels (`一、本年新收…`, `三、本年度办理结果`, `四、结转下年度继续办理`) are no heading.
pub fn heading(text: &str) -> Option<Heading> {
    let c = HEADING.captures(text)?;
    let full = compact(text);
    let t = heading_text(&full);
    let has = |s: &str| t.contains(s);
    if ROW_LABEL_WORDS.iter().any(|w| has(w)) {
        return None;
    }
    if OTHER_WORDS.iter().any(|w| has(w)) {
        Some(Heading::Other)
    } else if has("复议") || has("诉讼") {
        Some(Heading::Section(Section::Review))
    } else if has("主动公开") {
        Some(Heading::Section(Section::Proactive))
    } else if has("申请") {
        Some(Heading::Section(Section::Applications))
    } else if matches!(&c["n"], "五" | "六" | "七" | "八") {
        Some(Heading::Other)
    } else {
        None
    }
}

/// Words of section 三's numbered row labels, which look like headings.
const ROW_LABEL_WORDS: &[&str] = &["办理结果", "本年新收", "上年结转", "结转下年度"];

/// Title words of the top-level sections around the tables (一、总体情况, 五、存在的主要问题及改进情况,
/// 六、其他需要报告的事项), wherever they are numbered.
const OTHER_WORDS: &[&str] = &[
    "总体情况",
    "存在的主要问题",
    "存在问题",
    "改进",
    "其他需要报告",
    "其他事项",
];

/// A heading's own text: up to its first 情况 or 。, at most 40 characters.
fn heading_text(compact: &str) -> &str {
    let end = [
        compact.find("情况").map(|at| at + "情况".len()),
        compact.find('。'),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(compact.len());
    let t = &compact[..end];
    t.char_indices().nth(40).map_or(t, |(at, _)| &t[..at])
}

/// True when a raw line starts like a numbered top-level heading (`三、收到和处理政府信息公开申请情况`,
/// but also a row label such as `三、本年度办理结果`): never the continuation of a table cell.
pub fn starts_like_heading(raw: &str) -> bool {
    HEADING.is_match(&crate::text::normalize(raw))
}

/// The top-level headings inside a line of running text, by where each starts.
pub fn inline_headings(text: &str) -> Vec<(usize, Heading)> {
    INLINE_HEADING
        .find_iter(text)
        .filter_map(|m| heading(m.as_str()).map(|h| (m.start(), h)))
        .collect()
}

/// The length of the heading text a chunk of running text starts with (see
/// [`inline_headings`]): up to its first 情况, before its first digit, or 30 characters.
pub fn inline_heading_len(chunk: &str) -> usize {
    INLINE_HEADING.find(chunk).map_or(0, |m| {
        m.as_str()
            .char_indices()
            .find(|(_, c)| c.is_ascii_digit())
            .map_or(m.len(), |(i, _)| i)
    })
}

/// The section a table header row opens (its cells' text compacted and joined), for reports
/// whose headings are missing.
pub fn header_section(row_text: &str) -> Option<Section> {
    let t = row_text;
    if t.contains("申请人情况") || t.starts_with("一、本年新收") {
        Some(Section::Applications)
    } else if t.contains("行政复议") && t.contains("行政诉讼") {
        Some(Section::Review)
    } else if t.contains("第二十条第") || t.starts_with("信息内容") {
        Some(Section::Proactive)
    } else {
        None
    }
}

/// True when a compacted text holds the header words of a section 二 or 三 table (信息内容,
/// 申请人情况, or 本年新收 with 上年结转).
pub fn names_table_header(compact_text: &str) -> bool {
    let c = compact_text;
    c.contains("申请人情况")
        || c.contains("信息内容")
        || (c.contains("本年新收") && c.contains("上年结转"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        let h = |s: &str| heading(&crate::text::normalize(s));
        assert_eq!(
            h("二、主动公开政府信息情况"),
            Some(Heading::Section(Section::Proactive))
        );
        assert_eq!(
            h("三、政府信息依申请公开办理情况"),
            Some(Heading::Section(Section::Applications))
        );
        assert_eq!(h("### 三、本年度办理结果"), None);
        assert_eq!(
            h("四、因政府信息公开工作被申请行政复议及提起行政诉讼的情况"),
            Some(Heading::Section(Section::Review))
        );
        assert_eq!(h("### 四、结转下年度继续办理"), None);
        assert_eq!(h("五、存在的主要问题及改进情况"), Some(Heading::Other));
        assert_eq!(h("(二)主动公开"), None);
    }

    #[test]
    fn headings_are_told_by_their_words_not_their_numeral() {
        let h = |s: &str| heading(&crate::text::normalize(s));
        let (p, a, r) = (
            Some(Heading::Section(Section::Proactive)),
            Some(Heading::Section(Section::Applications)),
            Some(Heading::Section(Section::Review)),
        );
        // The outline shifted up when 总体情况 is printed without a numeral.
        assert_eq!(h("一、主动公开政府信息情况"), p);
        assert_eq!(h("二、收到和处理政府信息公开申请情况"), a);
        assert_eq!(h("三、政府信息公开行政复议、行政诉讼情况"), r);
        assert_eq!(h("四、存在的主要问题及改进情况"), Some(Heading::Other));
        assert_eq!(h("五、其他需要报告的事项"), Some(Heading::Other));
        // Section 四's heading names 申请 too; review words decide.
        assert_eq!(
            h("三、因政府信息公开工作被申请行政复议及提起行政诉讼的情况"),
            r
        );
        // An extra section before the tables pushes them down.
        assert_eq!(h("五、政府信息公开行政复议、行政诉讼情况"), r);
        // Section 三's numbered row labels are no headings, whatever their numeral.
        for label in [
            "一、本年新收政府信息公开申请数量",
            "二、上年结转政府信息公开申请数量",
            "三、本年度办理结果",
            "四、结转下年度继续办理",
        ] {
            assert_eq!(h(label), None, "{label}");
        }
        // The words are read in the heading's own text, not in the prose after it.
        assert_eq!(h("三、公开平台建设情况。本年度收到申请3件"), None);
    }

    #[test]
    fn the_heading_pattern() {
        assert_eq!(&HEADING.captures("## 三、收到和处理").unwrap()["n"], "三");
        assert!(!HEADING.is_match("(二)主动公开"));
        assert!(starts_like_heading("三、本年度办理结果"));
    }

    #[test]
    fn headings_inside_running_text() {
        let text =
            "概述。二、主动公开政府信息情况第二十条 三、收到和处理政府信息公开申请情况申请人情况";
        let found = inline_headings(text);
        assert_eq!(
            found.iter().map(|(_, h)| *h).collect::<Vec<_>>(),
            [
                Heading::Section(Section::Proactive),
                Heading::Section(Section::Applications)
            ]
        );
        let (at, _) = found[0];
        assert_eq!(
            &text[at..at + inline_heading_len(&text[at..])],
            "二、主动公开政府信息情况"
        );
        assert_eq!(
            inline_heading_len("四、行政复议 0 1"),
            "四、行政复议 ".len()
        );
    }
}
