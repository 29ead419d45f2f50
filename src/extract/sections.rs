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

#[cfg(test)]
mod tests {
    use crate::layout::positioned;
    use crate::model::Extraction;

    /// The sample's B006 PDF (淮安市洪泽区人民政府 2024) as poppler's word boxes.
    fn b006_tsv() -> Option<String> {
        let pdf = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/sample/B006_hongze_2024.pdf"
        );
        let out = std::process::Command::new(crate::layout::pdf::PDFTOTEXT)
            .args(["-tsv", "-enc", "UTF-8", "-q", pdf, "-"])
            .output()
            .ok()?;
        Some(String::from_utf8(out.stdout).expect("UTF-8"))
    }

    fn extract(tsv: &str) -> Extraction {
        let doc = positioned::read(&positioned::from_tsv(tsv, 1.0, false));
        super::super::extract(&doc).expect("a report")
    }

    /// Renames words (a heading is one word in poppler's output).
    fn renamed(tsv: &str, pairs: &[(&str, &str)]) -> String {
        pairs.iter().fold(tsv.to_owned(), |t, (from, to)| {
            let (from, to) = (format!("\t{from}\n"), format!("\t{to}\n"));
            assert!(t.contains(&from), "{from} is not a word");
            t.replace(&from, &to)
        })
    }

    /// The PDF with its outline shifted (总体情况 unnumbered) or its section 三 printed as
    /// `二、`: the same cells and findings as the PDF as printed.
    #[test]
    fn a_pdf_renumbered_gives_the_cells_of_the_pdf_as_printed() {
        let Some(tsv) = b006_tsv() else {
            eprintln!("pdftotext is not installed; skipped");
            return;
        };
        let original = extract(&tsv);
        let shifted = renamed(
            &tsv,
            &[
                ("一、总体情况", "总体情况"),
                ("二、主动公开政府信息情况", "一、主动公开政府信息情况"),
                (
                    "三、收到和处理政府信息公开申请情况",
                    "二、收到和处理政府信息公开申请情况",
                ),
                (
                    "四、政府信息公开行政复议、行政诉讼情况",
                    "三、政府信息公开行政复议、行政诉讼情况",
                ),
                (
                    "五、存在的主要问题及改进情况",
                    "四、存在的主要问题及改进情况",
                ),
                ("六、其他需要报告的事项", "五、其他需要报告的事项"),
            ],
        );
        let two_for_three = renamed(
            &tsv,
            &[(
                "三、收到和处理政府信息公开申请情况",
                "二、收到和处理政府信息公开申请情况",
            )],
        );
        let total = |e: &Extraction| {
            e.app(
                crate::model::AppRow::NewReceived,
                crate::model::Applicant::Total,
            )
        };
        assert_eq!(total(&original), Some(95));
        for text in [shifted, two_for_three] {
            let e = extract(&text);
            assert_eq!(e.applications, original.applications);
            assert_eq!(e.proactive, original.proactive);
            assert_eq!(e.review, original.review);
            assert_eq!(e.findings, original.findings);
        }
    }
}
