//! Splits a document's table rows among sections 二, 三 and 四: by the numbered headings, and,
//! where a heading is missing or was flattened into the table, by the header rows each section's
//! table starts with.

use super::patterns::HEADING;
use crate::layout::{Block, Document, Row};
use crate::model::Section;
use crate::text::compact;

/// The rows of each statistical section, and where its heading was found.
#[derive(Debug, Default)]
pub struct Sections<'a> {
    /// Section 二 rows.
    pub proactive: Vec<&'a Row>,
    /// Section 三 rows.
    pub applications: Vec<&'a Row>,
    /// Section 四 rows.
    pub review: Vec<&'a Row>,
    /// Sections whose heading was found, with its line.
    pub headings: Vec<(Section, u32)>,
}

impl<'a> Sections<'a> {
    /// The rows of one section.
    pub fn rows(&self, section: Section) -> &[&'a Row] {
        match section {
            Section::Proactive => &self.proactive,
            Section::Applications => &self.applications,
            Section::Review => &self.review,
        }
    }

    /// The line of a section's heading, if found.
    pub fn heading(&self, section: Section) -> Option<u32> {
        self.headings
            .iter()
            .find(|(s, _)| *s == section)
            .map(|(_, l)| *l)
    }
}

/// What a numbered heading opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Heading {
    /// One of the statistical sections.
    Section(Section),
    /// Another top-level section (一、总体情况, 五、存在的主要问题…, 六、其他需要报告的事项).
    Other,
}

/// Classifies a normalised text line as a top-level heading.
pub fn heading(text: &str) -> Option<Heading> {
    let c = HEADING.captures(text)?;
    let t = compact(text);
    let has = |s: &str| t.contains(s);
    match &c["n"] {
        "二" if has("主动公开") => Some(Heading::Section(Section::Proactive)),
        "三" if has("申请") && !has("办理结果") => {
            Some(Heading::Section(Section::Applications))
        }
        "四" if has("复议") || has("诉讼") => Some(Heading::Section(Section::Review)),
        "一" if has("总体情况") => Some(Heading::Other),
        "五" | "六" | "七" | "八" => Some(Heading::Other),
        _ => None,
    }
}

/// The section a table header row opens, for reports whose headings are missing.
fn header_section(row: &Row) -> Option<Section> {
    let t: String = row.cells.iter().map(|c| compact(&c.text)).collect();
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

/// Assigns every table row to the section it belongs to (or none).
pub fn split(doc: &Document) -> Sections<'_> {
    let mut out = Sections::default();
    let mut current: Option<Section> = None;
    for block in &doc.blocks {
        match block {
            Block::Text(line) => match heading(&line.text) {
                Some(Heading::Section(s)) => {
                    current = Some(s);
                    out.headings.push((s, line.line));
                }
                Some(Heading::Other) => current = None,
                None => {}
            },
            Block::Row(row) => {
                if let Some(s) = header_section(row)
                    && current != Some(s)
                    && may_switch(current, s)
                {
                    current = Some(s);
                }
                match current {
                    Some(Section::Proactive) => out.proactive.push(row),
                    Some(Section::Applications) => out.applications.push(row),
                    Some(Section::Review) => out.review.push(row),
                    None => {}
                }
            }
        }
    }
    out
}

/// A header row moves the reader forward (二 → 三 → 四), or into a section from outside one;
/// it never moves it back (section 三's rows mention 行政复议 nowhere, but a stray
/// 第二十条 in section 四 must not reopen section 二).
fn may_switch(current: Option<Section>, to: Section) -> bool {
    let rank = |s: Section| match s {
        Section::Proactive => 0,
        Section::Applications => 1,
        Section::Review => 2,
    };
    current.is_none_or(|c| rank(to) > rank(c))
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
}
