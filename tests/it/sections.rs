//! Sections found by what they are, not by their numeral: real reports built into the outlines
//! other reports print (the headings renumbered 一/二/三 when 总体情况 is unnumbered, section 三
//! printed as `二、`, the 第二十条第（X）项 sub-headings dropped) give the cells of the report as
//! printed, and a report whose section table was removed or not read is `partial` with a
//! `missing_section` finding naming the section, never `ok`.

use std::collections::BTreeMap;
use std::path::Path;

use ogi::model::{Extraction, Severity};

use crate::util::{app_row, proactive, review, seed_text, seven};

/// A report read from its text, as a file of the archive: its status and extraction.
fn read(text: &str) -> (String, Extraction) {
    let o = ogi::pipeline::process_bytes("variant.txt", text.as_bytes(), None);
    let status = o.status().as_str().to_owned();
    (status, o.into_extraction().expect("a report"))
}

fn corpus_text(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus")
        .join(file);
    std::fs::read_to_string(path).expect("corpus fixture")
}

/// Replaces every occurrence of each heading, asserting it is printed.
fn replaced(text: &str, pairs: &[(&str, &str)]) -> String {
    pairs.iter().fold(text.to_owned(), |t, (from, to)| {
        assert!(t.contains(from), "{from} is not printed");
        t.replace(from, to)
    })
}

/// The outline shifted up: 总体情况 printed without a numeral, so 主动公开 is 一、, the
/// applications 二、, review and litigation 三、, the problems 四、 and the rest 五、.
fn shifted(text: &str, applications: &str, review: &str) -> String {
    let (a, r) = (format!("三、{applications}"), format!("四、{review}"));
    let (a2, r2) = (format!("二、{applications}"), format!("三、{review}"));
    let t = replaced(text, &[("一、总体情况", "总体情况")]);
    let t = replaced(
        &t,
        &[("二、主动公开政府信息情况", "一、主动公开政府信息情况")],
    );
    let t = replaced(&t, &[(&a, &a2)]);
    replaced(&t, &[(&r, &r2)])
}

/// The 第二十条第（X）项 sub-headings of section 二 dropped (their lines removed).
fn without_sub_headings(text: &str) -> String {
    text.lines()
        .filter(|l| !l.contains("第二十条第"))
        .map(|l| format!("{l}\n"))
        .collect()
}

type Cells = (
    BTreeMap<(&'static str, &'static str), Option<f64>>,
    BTreeMap<(&'static str, &'static str), Option<i64>>,
    BTreeMap<(&'static str, &'static str), Option<i64>>,
);

fn cells(e: &Extraction) -> Cells {
    (proactive(e), crate::util::apps(e), review(e))
}

/// Findings of a severity as (rule, section, row, column).
fn findings(e: &Extraction, severity: Severity) -> Vec<(String, Option<String>, Option<String>)> {
    e.findings
        .iter()
        .filter(|f| f.severity == severity)
        .map(|f| {
            (
                f.rule.as_str().to_owned(),
                f.section.map(|s| s.as_str().to_owned()),
                f.row.clone().or(f.column.clone()),
            )
        })
        .collect()
}

/// Seed 003 (a Word export, one cell per line): `三、政府信息依申请公开办理情况`.
const SEED_003_APPLICATIONS: &str = "政府信息依申请公开办理情况";
const SEED_003_REVIEW: &str = "政府信息公开行政复议、行政诉讼情况";

#[test]
fn seed_003_renumbered_misnumbered_or_without_sub_headings_gives_its_cells() {
    let original = seed_text("003");
    let (status, e) = read(&original);
    assert_eq!(status, "partial");
    let variants = [
        (
            "shifted",
            shifted(&original, SEED_003_APPLICATIONS, SEED_003_REVIEW),
        ),
        (
            "三 as 二",
            replaced(
                &original,
                &[(
                    "三、政府信息依申请公开办理情况",
                    "二、政府信息依申请公开办理情况",
                )],
            ),
        ),
        ("no sub-headings", without_sub_headings(&original)),
        (
            "shifted, no sub-headings",
            without_sub_headings(&shifted(&original, SEED_003_APPLICATIONS, SEED_003_REVIEW)),
        ),
    ];
    for (name, text) in variants {
        let (s, v) = read(&text);
        // Partial for the seed's own arithmetic (3 received, 总计 0), exactly as the original.
        assert_eq!(s, "partial", "{name}");
        assert_eq!(cells(&v), cells(&e), "{name}");
        assert_eq!(
            findings(&v, Severity::Error),
            findings(&e, Severity::Error),
            "{name}"
        );
        assert!(
            v.findings.iter().all(|f| f.rule != "missing_section"),
            "{name}"
        );
        assert_eq!(
            app_row(&v, "new_received"),
            seven([3, 0, 0, 0, 0, 0, 3]),
            "{name}"
        );
        assert_eq!(
            proactive(&v)[&("licensing", "change")],
            Some(169.0),
            "{name}"
        );
    }
}

/// A002, a web page flattened into one line with its cells run together: before headings were
/// found by their words, `二、收到和处理政府信息公开申请情况` left the section 三 table unread
/// (22 `missing_row` warnings) and the report `ok`.
#[test]
fn a_flattened_page_renumbered_or_with_section_three_printed_as_two_gives_its_cells() {
    let original = corpus_text("A002.txt");
    let (status, e) = read(&original);
    assert_eq!(status, "ok");
    let applications = "收到和处理政府信息公开申请情况";
    let review_heading = "政府信息公开行政复议、行政诉讼情况";
    let variants = [
        ("shifted", shifted(&original, applications, review_heading)),
        (
            "三 as 二",
            replaced(
                &original,
                &[(
                    "三、收到和处理政府信息公开申请情况",
                    "二、收到和处理政府信息公开申请情况",
                )],
            ),
        ),
    ];
    for (name, text) in variants {
        let (s, v) = read(&text);
        assert_eq!(s, "ok", "{name}");
        assert_eq!(cells(&v), cells(&e), "{name}");
        assert!(
            v.findings
                .iter()
                .all(|f| f.rule != "missing_row" && f.rule != "missing_section"),
            "{name}"
        );
        assert_eq!(
            app_row(&v, "new_received"),
            seven([23, 0, 0, 0, 0, 0, 23]),
            "{name}"
        );
        assert_eq!(
            app_row(&v, "total_handled"),
            seven([23, 0, 0, 0, 0, 0, 23]),
            "{name}"
        );
    }
}

/// Seed 003 with its whole section 三 (heading and table) removed: partial, one
/// `missing_section` naming section 三, sections 二 and 四 as printed.
#[test]
fn a_report_with_a_section_removed_is_partial_naming_it() {
    let original = seed_text("003");
    let (_, e) = read(&original);
    let start = original
        .find("三、政府信息依申请公开办理情况")
        .expect("section 三");
    let end = original
        .find("四、政府信息公开行政复议")
        .expect("section 四");
    let text = format!("{}{}", &original[..start], &original[end..]);
    let (status, v) = read(&text);
    assert_eq!(status, "partial");
    let missing: Vec<_> = v
        .findings
        .iter()
        .filter(|f| f.rule == "missing_section")
        .map(|f| (f.section.map(|s| s.as_str()), f.message.as_str(), f.line))
        .collect();
    assert_eq!(
        missing,
        [(
            Some("applications"),
            "section 三 (applications): neither its heading nor its table was found",
            None
        )]
    );
    assert_eq!(proactive(&v), proactive(&e));
    assert_eq!(review(&v), review(&e));
    assert_eq!(proactive(&v)[&("licensing", "change")], Some(169.0));
}

/// Seed 000 (tab-separated) with its section 三 table cut down to the one row this version
/// would find in a layout it does not read: the grid is 22 rows of nulls, and the report is
/// partial with a `missing_section` saying how many rows were found, not `ok`.
#[test]
fn a_section_table_not_read_is_partial_not_ok() {
    let original = seed_text("000");
    let lines: Vec<&str> = original.lines().collect();
    let heading = lines
        .iter()
        .position(|l| l.starts_with("三、收到和处理政府信息公开申请情况"))
        .expect("section 三");
    let last = lines
        .iter()
        .position(|l| l.contains("四、结转下年度继续办理"))
        .expect("its last row");
    let text: String = lines[..=heading]
        .iter()
        .chain(&lines[last..])
        .map(|l| format!("{l}\n"))
        .collect();
    let (status, v) = read(&text);
    assert_eq!(status, "partial");
    assert_eq!(app_row(&v, "carried_forward"), seven([0; 7]));
    assert_eq!(app_row(&v, "new_received"), vec![None; 7]);
    let missing: Vec<_> = v
        .findings
        .iter()
        .filter(|f| f.rule == "missing_section")
        .map(|f| {
            (
                f.section.map(|s| s.as_str()),
                f.message.clone(),
                f.expected.as_deref(),
                f.actual.as_deref(),
                f.line,
            )
        })
        .collect();
    let line = u32::try_from(heading + 1).expect("line");
    assert_eq!(
        missing,
        [(
            Some("applications"),
            format!(
                "section 三 (applications): heading found at line {line}, but only 1 of the template's 23 rows were found in its table; the table was not read"
            ),
            Some("23"),
            Some("1"),
            Some(line)
        )]
    );
    assert_eq!(
        v.findings
            .iter()
            .filter(|f| f.rule == "missing_row")
            .count(),
        22
    );
}
