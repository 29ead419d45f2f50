//! Word and PDF files: a .docx built here from a seed's tables (with merged cells) gives the
//! seed's values; damaged, oversized and scanned files get their status and reason; duplicates.

use ogi::model::{AppRow, Applicant, FileOutcome, Item, Measure};

use crate::util::*;

/// A part of a Word body: a paragraph, or a table as rows of cells (a cell written `>text`
/// continues a vertical merge, `text|2` spans two grid columns).
enum Part<'a> {
    Para(&'a str),
    Table(Vec<Vec<&'a str>>),
}

/// A .docx holding `parts`, its document.xml padded with `padding` spaces.
fn docx(parts: &[Part], padding: usize) -> Vec<u8> {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let mut body = String::new();
    for part in parts {
        match part {
            Part::Para(p) => body.push_str(&format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", esc(p))),
            Part::Table(rows) => {
                body.push_str("<w:tbl>");
                for row in rows {
                    body.push_str("<w:tr>");
                    for cell in row {
                        let (text, props) = if let Some(rest) = cell.strip_prefix('>') {
                            (rest.to_owned(), "<w:tcPr><w:vMerge/></w:tcPr>".to_owned())
                        } else if let Some((t, n)) = cell.split_once('|') {
                            (
                                t.to_owned(),
                                format!("<w:tcPr><w:gridSpan w:val=\"{n}\"/></w:tcPr>"),
                            )
                        } else {
                            ((*cell).to_owned(), String::new())
                        };
                        body.push_str(&format!(
                            "<w:tc>{props}<w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>",
                            esc(&text)
                        ));
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
            }
        }
    }
    body.push_str(&" ".repeat(padding));
    docx_with_body(&body)
}

/// Seed 003's sections 二, 三 and 四 as Word tables: group labels merged down over their rows,
/// headers and the procurement amount spanning columns.
fn seed_003_docx(padding: usize) -> Vec<u8> {
    let proactive = vec![
        vec!["第二十条第（一）项|4"],
        vec![
            "信息内容",
            "本年新制作数量",
            "本年新公开数量",
            "对外公开总数量",
        ],
        vec!["规章", "0", "0", "0"],
        vec!["规范性文件", "3", "3", "11"],
        vec!["第二十条第（五）项|4"],
        vec!["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        vec!["行政许可", "347", "增169", "2558"],
        vec!["其他对外管理服务事项", "283", "减79", "31923"],
        vec!["第二十条第（九）项|4"],
        vec!["信息内容", "采购项目数量", "采购总金额|2"],
        vec!["政府集中采购", "149", "45822.4584万元|2"],
    ];
    let mut apps = vec![vec![
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）|2",
        "申请人情况|7",
    ]];
    for (key, label) in APP_LABELS {
        let mut row: Vec<&str> = match label.find('1') {
            Some(at) if at > 0 => vec![&label[..at], &label[at..]],
            _ if label.starts_with(|c: char| c.is_ascii_digit()) => vec![">", label],
            _ => vec![label, ""],
        };
        row.extend(if matches!(key, "new_received" | "unable_not_held") {
            ["3", "0", "0", "0", "0", "0", "3"]
        } else {
            ["0"; 7]
        });
        apps.push(row);
    }
    let review = vec![
        vec!["行政复议|5", "行政诉讼|10"],
        vec![
            "结果维持",
            "结果纠正",
            "其他结果",
            "尚未审结",
            "总计",
            "未经复议直接起诉|5",
            "复议后起诉|5",
        ],
        vec!["0"; 15],
    ];
    docx(
        &[
            Part::Para("白银市平川区2020年政府信息公开工作年度报告"),
            Part::Para("二、主动公开政府信息情况"),
            Part::Table(proactive),
            Part::Para("三、政府信息依申请公开办理情况"),
            Part::Table(apps),
            Part::Para("四、政府信息公开行政复议、行政诉讼情况"),
            Part::Table(review),
        ],
        padding,
    )
}

fn process(name: &str, bytes: &[u8]) -> FileOutcome {
    ogi::pipeline::process_bytes(name, bytes, None)
}

#[test]
fn docx_built_from_seed_003_gives_its_values() {
    let o = process("003.docx", &seed_003_docx(0));
    assert_eq!((o.record.format.as_str(), o.error()), ("docx", None));
    let e = o.into_extraction().expect("read");
    let text = ogi::pipeline::read_text(&seed_text("003")).expect("seed");
    assert_eq!(e.meta.agency.as_deref(), Some("白银市平川区"));
    assert_eq!(e.meta.year, Some(2020));
    for row in AppRow::ALL.iter().filter(|r| {
        !matches!(
            r,
            AppRow::OtherNoCorrection | AppRow::OtherNoFee | AppRow::OtherMisc
        )
    }) {
        for a in Applicant::ALL {
            assert_eq!(
                e.app(*row, *a),
                text.app(*row, *a),
                "{} {}",
                row.key(),
                a.key()
            );
        }
    }
    assert_eq!(e.proactive(Item::Licensing, Measure::Change), Some(169.0));
    assert_eq!(
        e.proactive(Item::OtherServices, Measure::Change),
        Some(-79.0)
    );
    assert_eq!(
        e.proactive(Item::Procurement, Measure::AmountWanYuan),
        Some(45822.4584)
    );
    assert_eq!(
        e.app(AppRow::WithheldLawProhibited, Applicant::Total),
        Some(0)
    );
    assert!(e.review.iter().all(|c| c.value == Some(0)) && e.review.len() == 15);
}

#[test]
fn zip_bomb_docx_fails_with_its_reason() {
    let bomb = seed_003_docx(65 << 20);
    assert!(bomb.len() < 1 << 20, "compresses to {} bytes", bomb.len());
    let o = process("bomb.docx", &bomb);
    assert_eq!(o.status().as_str(), "failed");
    assert_eq!(
        o.error(),
        Some(
            "word/document.xml expands to more than 64 MB (a zip bomb or an oversized document); not read"
        )
    );
}

#[test]
fn truncated_pdf_fails_and_a_pdf_without_text_is_skipped() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let pdf = std::fs::read(dir.join("B005.pdf")).unwrap();
    let o = process("cut.pdf", &pdf[..30_000]);
    assert_eq!(
        (o.record.format.as_str(), o.status().as_str()),
        ("pdf", "failed")
    );
    assert!(
        o.error().is_some_and(|e| e.starts_with("damaged PDF")),
        "{:?}",
        o.error()
    );
    let o = process("scan.pdf", &image_only_pdf());
    assert_eq!(o.status().as_str(), "skipped");
    assert_eq!(
        o.error(),
        Some("no text layer (scanned PDF): OCR found no text on its pages")
    );
}

/// A one-page PDF that only paints a grey rectangle, as a scan has only images.
fn image_only_pdf() -> Vec<u8> {
    let content = "0.5 g 50 50 500 700 re f";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for off in offsets {
        pdf.extend(format!("{off:010} 00000 n \n").bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    pdf
}

#[test]
fn same_bytes_or_same_report_in_another_format_is_a_duplicate() {
    let text = seed_text("003");
    let mut outcomes = vec![
        process("a/003.txt", text.as_bytes()),
        process("b/003.docx", &seed_003_docx(0)),
        process("c/003-copy.txt", text.as_bytes()),
        process("d/004.txt", seed_text("004").as_bytes()),
    ];
    ogi::dedup::mark(&mut outcomes);
    let dups: Vec<Option<&str>> = outcomes
        .iter()
        .map(|o| o.record.duplicate_of.as_deref())
        .collect();
    assert_eq!(dups, [None, Some("a/003.txt"), Some("a/003.txt"), None]);
}

/// An HTML page laid out as a real one (上海市人民政府办公厅 2019): blank cells are `&nbsp;`, a header
/// cell and the value cells under it span different columns, an amount is printed in 元, and a
/// row label spans twenty rows.
/// The page of the Shanghai 2019 report the test below reads (also the real page of the hostile
/// tests).
pub fn shanghai_html() -> String {
    let td = |t: &str| format!("<td><p align=\"center\">{t}</p></td>");
    let span = |n: u32, t: &str| format!("<td colspan=\"{n}\"><p>{t}</p></td>");
    let row = |cells: Vec<String>| format!("<tr>{}</tr>", cells.concat());
    let mut html = String::from(
        "<html><head><meta charset=\"utf-8\"><title>2019年上海市人民政府办公厅政府信息公开工作年度报告</title></head><body>",
    );
    html.push_str("<p>本年度报告中所列数据统计期限从2019年1月1日到12月31日止。</p><p>二、主动公开政府信息情况</p><table>");
    html.push_str(&row(vec![span(5, "第二十条第（五）项")]));
    html.push_str(&row(vec![
        td("信息内容"),
        td("上一年项目数量"),
        span(2, "本年增/减"),
        td("处理决定数量"),
    ]));
    html.push_str(&row(vec![td("行政许可"), span(2, "0"), td("0"), td("0")]));
    html.push_str(&row(vec![span(5, "第二十条第（九）项")]));
    html.push_str(&row(vec![
        td("信息内容"),
        span(2, "采购项目数量"),
        span(2, "采购总金额"),
    ]));
    html.push_str(&row(vec![
        td("政府集中采购"),
        span(2, "6"),
        span(2, "251000元"),
    ]));
    html.push_str("</table><p>三、收到和处理政府信息公开申请情况</p><table>");
    let values = |v: [&str; 7]| {
        v.iter()
            .map(|x| td(if x.is_empty() { "&nbsp;" } else { x }))
            .collect::<Vec<_>>()
    };
    let mut first = vec![span(3, "一、本年新收政府信息公开申请数量")];
    first.extend(values(["821", "35", "", "", "2", "1", "859"]));
    html.push_str(&row(first));
    let mut granted = vec![
        "<td rowspan=\"20\"><p>三、本年度办理结果</p></td>".to_owned(),
        span(2, "（一）予以公开"),
    ];
    granted.extend(values(["258", "12", "", "", "1", "1", ""]));
    html.push_str(&row(granted));
    let mut secret = vec![
        "<td rowspan=\"8\"><p>（三）不予公开</p></td>".to_owned(),
        td("1.属于国家秘密"),
    ];
    secret.extend(values(["14", "", "", "", "", "", ""]));
    html.push_str(&row(secret));
    let mut law = vec![td("2.其他法律行政法规禁止公开")];
    law.extend(values(["", "", "", "", "", "", ""]));
    html.push_str(&row(law));
    html.push_str("</table><p>四、政府信息公开行政复议、行政诉讼情况</p><table>");
    html.push_str(&row(vec![span(5, "行政复议"), span(10, "行政诉讼")]));
    let review = [
        "5", "", "", "2", "7", "8", "", "", "1", "9", "", "", "", "", "",
    ];
    html.push_str(&row(review
        .iter()
        .map(|x| td(if x.is_empty() { "&nbsp;" } else { x }))
        .collect()));
    html.push_str("</table><p>五、政府信息公开工作存在的主要问题及改进情况</p></body></html>");

    html
}

#[test]
fn html_table_with_blank_cells_and_uneven_spans() {
    let html = shanghai_html();
    let o = process("shanghai.html", html.as_bytes());
    let e = o.into_extraction().expect("read");
    assert_eq!((e.meta.year, e.template.as_str()), (Some(2019), "2019"));
    assert_eq!(e.meta.agency.as_deref(), Some("上海市人民政府办公厅"));
    let p = |i: Item, m: Measure| e.proactive(i, m);
    assert_eq!(
        (
            p(Item::Licensing, Measure::ItemsLastYear),
            p(Item::Licensing, Measure::Change),
            p(Item::Licensing, Measure::Decisions)
        ),
        (Some(0.0), Some(0.0), Some(0.0))
    );
    assert_eq!(
        (
            p(Item::Procurement, Measure::Items),
            p(Item::Procurement, Measure::AmountWanYuan)
        ),
        (Some(6.0), Some(25.1))
    );
    let row = |r: AppRow| {
        Applicant::ALL
            .iter()
            .map(|a| e.app(r, *a))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        row(AppRow::NewReceived),
        [Some(821), Some(35), None, None, Some(2), Some(1), Some(859)]
    );
    assert_eq!(
        row(AppRow::Granted),
        [Some(258), Some(12), None, None, Some(1), Some(1), None]
    );
    assert_eq!(
        row(AppRow::WithheldStateSecret),
        [Some(14), None, None, None, None, None, None]
    );
    assert_eq!(row(AppRow::WithheldLawProhibited), [None; 7]);
    let review: Vec<Option<i64>> = e.review.iter().map(|c| c.value).collect();
    assert_eq!(
        &review[..10],
        [
            Some(5),
            None,
            None,
            Some(2),
            Some(7),
            Some(8),
            None,
            None,
            Some(1),
            Some(9)
        ]
    );
    assert_eq!(&review[10..], [None; 5]);
}
