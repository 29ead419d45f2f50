//! PDF-to-markdown text: the corpus PDFs as pymupdf4llm and markitdown convert them
//! (tests/fixtures/corpus/*-pymupdf4llm.md, *-markitdown.md; SOURCES.md), and section 三 tables
//! rendered here with their labels floated away from the rows of numbers (above, below, or a
//! fragment left in a cell), page numbers between them. Rows without labels take the template's
//! rows in order only where they fill the gap between labelled rows and the identities confirm
//! it: never a wrong number.

use ogi::model::{AppRow, CellSource, Extraction, Severity};
use serde_json::Value;

use crate::corpus::{check, fixture};
use crate::util::{app_row, seed, seed_text, seven};

/// Every PDF-to-markdown fixture, cell for cell against its truth: correct cells over all
/// cells, and no wrong number (`make accuracy` prints it).
#[test]
fn pdf_to_markdown_accuracy_is_at_least_99_percent_with_no_wrong_number() {
    let files: [(&str, &[&str], (usize, usize)); 8] = [
        ("B001.txt", &[], (200, 200)),
        ("B007-mineru.md", &[], (200, 200)),
        ("B004-pymupdf4llm.md", &[], (200, 200)),
        ("B005-pymupdf4llm.md", &[], (186, 186)),
        ("B006-pymupdf4llm.md", &[], (186, 186)),
        ("B004-markitdown.md", &[], (200, 200)),
        ("B005-markitdown.md", &[], (186, 186)),
        // 行政处罚 and its 2776 are two text lines, no table row.
        ("B006-markitdown.md", &["penalty/decisions"], (185, 186)),
    ];
    let (mut correct, mut total) = (0, 0);
    for (file, missed, expected) in files {
        let got = check(file, missed);
        assert_eq!(got, expected, "{file}");
        correct += got.0;
        total += got.1;
    }
    eprintln!(
        "pdf-to-markdown accuracy: {correct}/{total} cells correct ({:.2} %), 0 wrong",
        correct as f64 * 100.0 / total as f64
    );
    assert_eq!((correct, total), (1543, 1544));
}

fn read(file: &str) -> Extraction {
    let bytes = std::fs::read(fixture(file)).expect("fixture");
    ogi::pipeline::process_bytes(file, &bytes, None)
        .into_extraction()
        .expect("a report")
}

fn sources(e: &Extraction, row: &str) -> Vec<CellSource> {
    e.applications
        .iter()
        .filter(|c| c.row.key() == row)
        .map(|c| c.prov.source)
        .collect()
}

fn fallbacks(e: &Extraction, severity: Severity) -> Vec<String> {
    e.findings
        .iter()
        .filter(|f| f.rule == "label_fallback" && f.severity == severity)
        .map(|f| f.row.clone().unwrap_or_else(|| f.message.clone()))
        .collect()
}

/// markitdown's B004: the rows whose labels floated into text lines are placed by order and
/// say so in their source; the rows that kept their label are read as printed.
#[test]
fn b004_markitdown_rows_placed_by_order_say_so() {
    let e = read("B004-markitdown.md");
    assert_eq!(app_row(&e, "carried_over"), seven([34, 0, 0, 0, 0, 0, 34]));
    assert_eq!(sources(&e, "carried_over"), [CellSource::LabelFallback; 7]);
    assert_eq!(sources(&e, "new_received"), [CellSource::Table; 7]);
    // `| 本 | | 30 1 | 0 0 | 0 0 | 31 |`: a fragment of 三、本年度办理结果 in the label cell.
    assert_eq!(
        app_row(&e, "withheld_law_prohibited"),
        seven([30, 1, 0, 0, 0, 0, 31])
    );
    assert_eq!(
        e.applications
            .iter()
            .find(|c| c.row == AppRow::TotalHandled && c.applicant.key() == "total")
            .map(|c| (c.value, c.prov.raw.as_deref(), c.prov.line)),
        Some((Some(3050), Some("3050"), Some(179)))
    );
    assert_eq!(
        fallbacks(&e, Severity::Info),
        [
            "carried_over",
            "granted",
            "partially_granted",
            "withheld_law_prohibited",
            "withheld_security_stability",
            "withheld_third_party",
            "withheld_enforcement_file",
            "withheld_administrative_query",
            "unable_needs_creation",
            "unable_unclear",
            "not_processed_petition",
            "not_processed_confirmation",
            "other_no_correction",
            "other_no_fee",
            "total_handled",
            "carried_forward"
        ]
    );
    assert!(fallbacks(&e, Severity::Warning).is_empty());
}

/// Section 三 labels as the template prints them, by row key.
const LABELS: [(&str, &str); 26] = [
    ("new_received", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("granted", "（一）予以公开"),
    (
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    ("withheld_state_secret", "1.属于国家秘密"),
    ("withheld_law_prohibited", "2.其他法律行政法规禁止公开"),
    ("withheld_security_stability", "3.危及“三安全一稳定”"),
    ("withheld_third_party", "4.保护第三方合法权益"),
    ("withheld_internal_affairs", "5.属于三类内部事务信息"),
    ("withheld_process_info", "6.属于四类过程性信息"),
    ("withheld_enforcement_file", "7.属于行政执法案卷"),
    ("withheld_administrative_query", "8.属于行政查询事项"),
    ("unable_not_held", "1.本机关不掌握相关政府信息"),
    ("unable_needs_creation", "2.没有现成信息需要另行制作"),
    ("unable_unclear", "3.补正后申请内容仍不明确"),
    ("not_processed_petition", "1.信访举报投诉类申请"),
    ("not_processed_duplicate", "2.重复申请"),
    ("not_processed_publication", "3.要求提供公开出版物"),
    ("not_processed_excessive", "4.无正当理由大量反复申请"),
    (
        "not_processed_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
    ),
    ("other", "（六）其他处理"),
    (
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "other_no_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("other_misc", "3.其他"),
    ("total_handled", "（七）总计"),
    ("carried_forward", "四、结转下年度继续办理"),
];

/// A section 三 table as markitdown writes a PDF's: every third row keeps its label in its first
/// cell, the others have it floated into a text line above or below; the numbers of the
/// applicant columns two to a cell; a page number between the rows and one in a row of its own.
fn floated(rows: &[(&str, Vec<Option<i64>>)]) -> String {
    let mut md = String::from(
        "三、收到和处理政府信息公开申请情况\n申请人情况\n\
         |     |     | 自然人 |          |      | 总计  |\n| --- | --- | --- | --- | --- | --- |\n\
         |     |     | 商业企业 | 科研机构 社会公益组织 | 法律服务机构 | 其他 |\n",
    );
    let cell = |v: &Option<i64>| v.map_or(String::new(), |x| x.to_string());
    for (i, (key, values)) in rows.iter().enumerate() {
        let label = LABELS.iter().find(|(k, _)| k == key).expect("a label").1;
        let pairs: Vec<String> = values[..6]
            .chunks(2)
            .map(|p| format!("{} {}", cell(&p[0]), cell(&p[1])).trim().to_owned())
            .collect();
        let numbers = format!("{} | {} |", pairs.join(" | "), cell(&values[6]));
        match i % 3 {
            0 => md += &format!("| {label} |     | {numbers}\n"),
            1 => {
                md += &format!(
                    "{label}\n|     |     | {numbers}\n| --- | --- | --- | --- | --- | --- |\n"
                )
            }
            _ => md += &format!("|     | 本 | {numbers}\n{label}\n"),
        }
        if i == 11 {
            md += "                                     - 4 -\n\n";
        }
        if i == 17 {
            md += "|     |     |     | - 5 | -   |\n| --- | --- | --- | --- | --- |\n";
        }
    }
    md
}

/// `text` with its section 三 replaced by `table`.
fn with_section_three(text: &str, table: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim_start().starts_with("三、") && l.contains("申请"))
        .expect("section 三");
    let end = lines
        .iter()
        .position(|l| l.trim_start().starts_with("四、政府信息公开行政复议"))
        .expect("section 四");
    format!(
        "{}\n{table}{}\n",
        lines[..start].join("\n"),
        lines[end..].join("\n")
    )
}

/// The truth of a corpus report's section 三, in template order.
fn truth_rows(id: &str) -> Vec<(&'static str, Vec<Option<i64>>)> {
    let path = fixture(&format!("{id}.json"));
    let truth: Value = serde_json::from_slice(&std::fs::read(path).expect("truth")).expect("json");
    let columns = [
        "natural_person",
        "commercial",
        "research",
        "social_org",
        "legal_service",
        "other_org",
        "total",
    ];
    AppRow::ALL
        .iter()
        .filter_map(|r| {
            let row = truth["applications"].get(r.key())?;
            Some((r.key(), columns.iter().map(|c| row[c].as_i64()).collect()))
        })
        .collect()
}

fn extract(text: &str) -> Extraction {
    ogi::pipeline::read_text(text).expect("a report")
}

/// B004's section 三 (its truth) rendered with floated labels into its own pdftotext dump.
#[test]
fn a_real_table_with_its_labels_floated_away_reads_exactly() {
    let rows = truth_rows("B004");
    let dump = std::fs::read_to_string(fixture("B004-pdftotext.txt")).expect("fixture");
    let e = extract(&with_section_three(&dump, &floated(&rows)));
    for (key, values) in &rows {
        assert_eq!(&app_row(&e, key), values, "{key}");
    }
    // Rows 1 and 2 of every three lost their label: placed by order, and say so.
    assert_eq!(sources(&e, "new_received"), [CellSource::Table; 7]);
    assert_eq!(sources(&e, "carried_over"), [CellSource::LabelFallback; 7]);
    assert_eq!(sources(&e, "granted"), [CellSource::LabelFallback; 7]);
    assert_eq!(sources(&e, "partially_granted"), [CellSource::Table; 7]);
    assert_eq!(fallbacks(&e, Severity::Info).len(), 16);
    assert!(fallbacks(&e, Severity::Warning).is_empty());
    assert!(!e.findings.iter().any(|f| f.severity == Severity::Error));

    // A row lost by the converter: the rows around it no longer fill their gap, so they stay
    // null (never shifted onto the wrong rows), and a warning says why.
    let mut lost = rows.clone();
    lost.remove(10); // withheld_enforcement_file: between 6.过程性 and 2.没有现成, both labelled
    let e = extract(&with_section_three(&dump, &floated(&lost)));
    for row in [
        "withheld_enforcement_file",
        "withheld_administrative_query",
        "unable_not_held",
    ] {
        assert_eq!(app_row(&e, row), vec![None; 7], "{row}");
    }
    assert_eq!(
        app_row(&e, "withheld_process_info"),
        seven([12, 0, 0, 0, 0, 0, 12])
    );
    assert_eq!(
        app_row(&e, "unable_needs_creation"),
        seven([11, 0, 0, 0, 0, 0, 11])
    );
    // With three rows null, (一)..(六) = (七) cannot be checked: the rows placed by order that
    // only it holds stay null too; those in 一 + 二 = (七) + 四, which still holds, are kept.
    let warnings = fallbacks(&e, Severity::Warning);
    assert_eq!(
        warnings[0],
        "2 rows of numbers without their labels where the template has 3; not placed, their cells are null"
    );
    assert!(warnings[1].starts_with("11 rows of numbers without their labels fill the gaps"));
    assert_eq!(warnings.len(), 2);
    assert_eq!(app_row(&e, "granted"), vec![None; 7]);
    assert_eq!(app_row(&e, "carried_over"), seven([34, 0, 0, 0, 0, 0, 34]));
    assert_eq!(
        app_row(&e, "total_handled"),
        seven([2932, 53, 0, 0, 61, 4, 3050])
    );
    assert_eq!(sources(&e, "total_handled"), [CellSource::LabelFallback; 7]);
    for (key, values) in &lost {
        let got = app_row(&e, key);
        assert!(got == *values || got == vec![None; 7], "{key}: {got:?}");
    }
}

/// Seed 000 (all zeros, 2019 template) the same way: every cell read back.
#[test]
fn a_seed_with_its_labels_floated_away_reads_back() {
    let original = seed("000");
    let rows: Vec<(&str, Vec<Option<i64>>)> = AppRow::ALL
        .iter()
        .filter(|r| original.applications.iter().any(|c| c.row == **r))
        .map(|r| (r.key(), app_row(&original, r.key())))
        .collect();
    assert_eq!(rows.len(), 23);
    let e = extract(&with_section_three(&seed_text("000"), &floated(&rows)));
    assert_eq!(e.applications.len(), 23 * 7);
    for (key, values) in &rows {
        assert_eq!(&app_row(&e, key), values, "{key}");
    }
    assert_eq!(sources(&e, "other"), [CellSource::LabelFallback; 7]);
}

/// Seed 003 prints arithmetic that fails (3 received, 3 不掌握, a 总计 of 0): with its labels
/// floated away nothing confirms the order, so those rows stay null, and a warning says why.
#[test]
fn floated_rows_the_identities_do_not_confirm_stay_null() {
    let original = seed("003");
    let rows: Vec<(&str, Vec<Option<i64>>)> = AppRow::ALL
        .iter()
        .filter(|r| original.applications.iter().any(|c| c.row == **r))
        .map(|r| (r.key(), app_row(&original, r.key())))
        .collect();
    let e = extract(&with_section_three(&seed_text("003"), &floated(&rows)));
    // Every third row kept its label and is read as printed; the others stay null.
    for (i, (key, values)) in rows.iter().enumerate() {
        let expected = if i % 3 == 0 {
            values.clone()
        } else {
            vec![None; 7]
        };
        assert_eq!(app_row(&e, key), expected, "{key}");
    }
    assert_eq!(app_row(&e, "unable_not_held"), seven([3, 0, 0, 0, 0, 0, 3]));
    let warnings = fallbacks(&e, Severity::Warning);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].contains("the identities do not confirm their order"),
        "{warnings:?}"
    );
    assert!(fallbacks(&e, Severity::Info).is_empty());
}

/// A value cell that carries a remark reads as its leading number; the remark stays in `raw`.
#[test]
fn a_value_cell_with_a_remark_reads_as_its_number() {
    let md = std::fs::read_to_string(fixture("B004-markitdown.md")).expect("fixture");
    let md = md
        .replace(
            "| 行政规范性文件 | 8      | 26     | 66     |",
            "| 行政规范性文件 | 8（其中修订 3 件） | 26 | 66 |",
        )
        .replace("| 61 4 | 3119 |", "| 61 4 | 3119（其中网上申请 2900 件） |");
    let e = extract(&md);
    let issued = e
        .proactive
        .iter()
        .find(|c| c.item.key() == "normative_documents" && c.measure.key() == "issued")
        .expect("a cell");
    assert_eq!(
        (issued.value, issued.prov.raw.as_deref()),
        (Some(8.0), Some("8（其中修订 3 件）"))
    );
    let total = e
        .applications
        .iter()
        .find(|c| c.row == AppRow::NewReceived && c.applicant.key() == "total")
        .expect("a cell");
    assert_eq!(
        (total.value, total.prov.raw.as_deref()),
        (Some(3119), Some("3119（其中网上申请 2900 件）"))
    );
    assert_eq!(
        app_row(&e, "new_received"),
        seven([3001, 53, 0, 0, 61, 4, 3119])
    );
    assert!(!e.findings.iter().any(|f| f.rule == "unreadable_cell"));
}
