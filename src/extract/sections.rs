//! Splits a document's table rows among sections 二, 三 and 四: by the numbered headings, and,
//! where a heading is missing or was flattened into the table, by the header rows each section's
//! table starts with.

use crate::layout::{Block, Document, Row};
use crate::model::Section;
use crate::template::headings::{Heading, header_section, heading};
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
                if let Some(s) = header_section(&row_text(row))
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

/// A row's cells compacted and joined: the text a table header row is recognised by.
fn row_text(row: &Row) -> String {
    row.cells.iter().map(|c| compact(&c.text)).collect()
}
