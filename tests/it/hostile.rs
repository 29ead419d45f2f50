//! Hostile nesting: pages thousands of elements deep (nested tables, nested divs, unclosed
//! spans and fonts) are read without recursion; each gets a row, and unclosed inline tags leave a
//! real page's cells as they were.

use ogi::model::{AppRow, Applicant, FileOutcome, Item, Measure, Status};

use crate::formats::shanghai_html;
use crate::util::docx_with_body;

fn process(name: &str, bytes: &[u8]) -> FileOutcome {
    ogi::pipeline::process_bytes(name, bytes, None)
}

fn nested(open: &str, close: &str, depth: usize) -> String {
    format!(
        "<html><head><meta charset=\"utf-8\"></head><body>{}<p>2019年政府信息公开工作年度报告</p>{}</body></html>",
        open.repeat(depth),
        close.repeat(depth)
    )
}

/// The Shanghai page with 4,000 unclosed `<span>`s and 4,000 unclosed `<font>`s after `<body>`.
fn unclosed() -> String {
    let page = shanghai_html();
    let at = page.find("<body>").unwrap() + "<body>".len();
    format!(
        "{}{}{}{}",
        &page[..at],
        "<span>".repeat(4000),
        "<font color=\"red\">".repeat(4000),
        &page[at..]
    )
}

/// A page of nothing but its nesting and a title: read, partial (no tables), year 2019.
fn assert_partial_2019(name: &str, page: &str) {
    let o = process(name, page.as_bytes());
    assert_eq!((o.status(), o.error()), (Status::Partial, None));
    assert_eq!(o.into_extraction().expect("read").meta.year, Some(2019));
}

#[test]
fn a_thousand_nested_tables_get_a_row() {
    assert_partial_2019(
        "tables.html",
        &nested("<table><tr><td>", "</td></tr></table>", 1000),
    );
}

#[test]
fn nested_divs_within_the_budget_are_read() {
    // 1,998 divs inside <html><body>: 2,000 deep, the budget itself.
    assert_partial_2019("divs.html", &nested("<div>", "</div>", 1998));
}

/// Past the depth budget a page is not parsed at all (html5ever is quadratic in depth: 100,000
/// divs took ~1,220 s), it fails at once with the depth it has (`<html>` and `<body>` count).
#[test]
fn a_hundred_thousand_nested_divs_fail_with_the_depth() {
    for (depth, why) in [
        (5_000, "HTML elements nested 5,002 deep (more than 2,000)"),
        (
            100_000,
            "HTML elements nested 100,002 deep (more than 2,000)",
        ),
    ] {
        let o = process("divs.html", nested("<div>", "</div>", depth).as_bytes());
        assert_eq!((o.status(), o.error()), (Status::Failed, Some(why)));
    }
}

#[test]
fn unclosed_spans_and_fonts_keep_the_cells() {
    let plain = process("shanghai.html", shanghai_html().as_bytes());
    let o = process("shanghai.html", unclosed().as_bytes());
    assert_eq!(o.status(), plain.status());
    let (e, p) = (
        o.into_extraction().expect("read"),
        plain.into_extraction().expect("read"),
    );
    assert_eq!(
        (&e.proactive, &e.applications, &e.review),
        (&p.proactive, &p.applications, &p.review)
    );
    assert_eq!(
        e.proactive(Item::Procurement, Measure::AmountWanYuan),
        Some(25.1)
    );
    assert_eq!(e.app(AppRow::NewReceived, Applicant::ALL[0]), Some(821));
}

/// A table of `n` cells `<td rowspan="100" colspan="100">`, each 10,000 grid slots.
fn span_table(n: usize) -> String {
    let td = "<td rowspan=\"100\" colspan=\"100\">本年新收政府信息公开申请数量</td>";
    format!("<table><tr>{}</tr></table>", td.repeat(n))
}

/// A page holding [`span_table`] after a report title.
fn span_bomb(n: usize) -> String {
    format!(
        "<html><head><meta charset=\"utf-8\"></head><body><p>2019年政府信息公开工作年度报告</p>{}</body></html>",
        span_table(n)
    )
}

const TOO_MANY_CELLS: &str = "tables of more than 1,000,000 cells";

/// 200 cells of 10,000 slots are past the budget (1,000,000 slots per file): the file fails
/// at once, as a page or with the table embedded in a text file.
#[test]
fn a_span_bomb_fails_with_the_cells_budget() {
    let o = process("spans.html", span_bomb(200).as_bytes());
    assert_eq!(
        (o.record.format.as_str(), o.status(), o.error()),
        ("html", Status::Failed, Some(TOO_MANY_CELLS))
    );
    let text = format!(
        "2019年政府信息公开工作年度报告\n二、主动公开政府信息情况\n{}\n",
        span_table(200)
    );
    let o = process("spans.txt", text.as_bytes());
    assert_eq!(
        (o.record.format.as_str(), o.status(), o.error()),
        ("txt", Status::Failed, Some(TOO_MANY_CELLS))
    );
}

fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// A Word table row of 20,000 cells spanning 64 grid columns each (the most a `gridSpan` is
/// read as): 1,280,000 slots, past the budget.
#[test]
fn a_docx_of_wide_spans_fails_with_the_cells_budget() {
    let tc = format!(
        "<w:tc><w:tcPr><w:gridSpan w:val=\"64\"/></w:tcPr>{}</w:tc>",
        para("行政许可")
    );
    let body = format!(
        "{}<w:tbl><w:tr>{}</w:tr></w:tbl>",
        para("2019年政府信息公开工作年度报告"),
        tc.repeat(20_000)
    );
    let o = process("spans.docx", &docx_with_body(&body));
    assert_eq!(
        (o.record.format.as_str(), o.status(), o.error()),
        ("docx", Status::Failed, Some(TOO_MANY_CELLS))
    );
}

/// 10,000 tables nested in cells, and 10,000 nested content controls (`w:sdt`), around a
/// report title: read in one pass, no recursion.
#[test]
fn a_docx_nested_ten_thousand_deep_gets_a_row() {
    let tables = format!(
        "{}{}{}",
        "<w:tbl><w:tr><w:tc>".repeat(10_000),
        para("2019年政府信息公开工作年度报告"),
        "</w:tc></w:tr></w:tbl>".repeat(10_000)
    );
    let sdts = format!(
        "{}{}{}",
        "<w:sdt><w:sdtContent>".repeat(10_000),
        para("2019年政府信息公开工作年度报告"),
        "</w:sdtContent></w:sdt>".repeat(10_000)
    );
    for (name, body) in [("tables.docx", tables), ("sdts.docx", sdts)] {
        let o = process(name, &docx_with_body(&body));
        assert_eq!((o.status(), o.error()), (Status::Partial, None), "{name}");
        assert_eq!(
            o.into_extraction().expect("read").meta.year,
            Some(2019),
            "{name}"
        );
    }
}

/// The five seed reports, copied into `dir`; their report_ids.
fn seeds(dir: &std::path::Path) -> Vec<String> {
    std::fs::create_dir_all(dir).unwrap();
    ["000", "001", "002", "003", "004"]
        .iter()
        .map(|n| {
            let from = crate::util::sample(n);
            let name = from.file_name().unwrap().to_string_lossy().into_owned();
            std::fs::copy(&from, dir.join(&name)).unwrap();
            name
        })
        .collect()
}

fn analyze(archive: &std::path::Path, out: &std::path::Path) -> assert_cmd::assert::Assert {
    crate::util::ogi()
        .arg("analyze")
        .arg(archive)
        .arg("--out")
        .arg(out)
        .assert()
}

/// A table's rows of the given reports.
fn rows_of(out: &std::path::Path, table: &str, ids: &[String]) -> polars::prelude::DataFrame {
    let df = crate::util::parquet(&out.join(format!("{table}.parquet")));
    let keep: polars::prelude::BooleanChunked = crate::util::strs(&df, "report_id")
        .iter()
        .map(|id| id.as_ref().is_some_and(|id| ids.contains(id)))
        .collect();
    df.filter(&keep).unwrap()
}

/// The seeds beside hostile files (too deep, a span bomb, NUL padding, a zip bomb, a name that
/// is not UTF-8, a hidden file): the run ends normally, every file has its row, and the seeds'
/// rows of every table are those of a run over the seeds alone.
#[cfg(unix)]
#[test]
fn hostile_files_beside_the_seeds_leave_the_seeds_as_read_alone() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let (alone, mixed) = (dir.path().join("alone"), dir.path().join("mixed"));
    let ids = seeds(&alone);
    seeds(&mixed);
    let seed_002 = std::fs::read(crate::util::sample("002")).unwrap();
    let mut padded = seed_002.clone();
    padded.extend(vec![0u8; 4096]);
    let bomb = docx_with_body(&format!(
        "{}{}",
        para("2019年政府信息公开工作年度报告"),
        " ".repeat(65 << 20)
    ));
    for (name, bytes) in [
        (
            &b"divs.html"[..],
            nested("<div>", "</div>", 100_000).into_bytes(),
        ),
        (b"spans.html", span_bomb(200).into_bytes()),
        (b"nul.txt", padded),
        (b"bomb.docx", bomb),
        (b"n_\xff.txt", seed_002),
        (b".hidden.txt", b"x".to_vec()),
    ] {
        std::fs::write(mixed.join(std::ffi::OsStr::from_bytes(name)), bytes).unwrap();
    }
    let (out_alone, out_mixed) = (dir.path().join("out-alone"), dir.path().join("out-mixed"));
    analyze(&alone, &out_alone).code(0);
    analyze(&mixed, &out_mixed).code(0);
    let reports = crate::util::parquet(&out_mixed.join("reports.parquet"));
    let row = |i: usize| {
        let col = |c: &str| {
            crate::util::strs(&reports, c)[i]
                .clone()
                .unwrap_or_default()
        };
        (
            col("report_id"),
            col("status"),
            col("error"),
            col("duplicate_of"),
        )
    };
    let rows: Vec<_> = (0..reports.height()).map(row).collect();
    let mut expected: Vec<(String, String, String, String)> = [
        (".hidden.txt", "skipped", "hidden file (name starts with '.'): not read", ""),
        ("bomb.docx", "failed", "word/document.xml expands to more than 64 MB (a zip bomb or an oversized document); not read", ""),
        ("divs.html", "failed", "HTML elements nested 100,002 deep (more than 2,000)", ""),
        ("n_\\xff.txt", "ok", "", ids[2].as_str()),
        ("nul.txt", "ok", "", ids[2].as_str()),
        ("spans.html", "failed", TOO_MANY_CELLS, ""),
    ]
    .iter()
    .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
    .collect();
    let alone_reports = crate::util::parquet(&out_alone.join("reports.parquet"));
    for i in 0..alone_reports.height() {
        let col = |c: &str| {
            crate::util::strs(&alone_reports, c)[i]
                .clone()
                .unwrap_or_default()
        };
        expected.push((
            col("report_id"),
            col("status"),
            col("error"),
            col("duplicate_of"),
        ));
    }
    expected.sort();
    assert_eq!(rows, expected);
    for table in ogi::output::TABLES.iter().filter(|t| **t != "runs") {
        let all = crate::util::parquet(&out_alone.join(format!("{table}.parquet")));
        if all.column("report_id").is_err() {
            let mixed_all = crate::util::parquet(&out_mixed.join(format!("{table}.parquet")));
            assert!(
                all.equals_missing(&mixed_all),
                "{table}: {all} vs {mixed_all}"
            );
            continue;
        }
        let (a, b) = (
            rows_of(&out_alone, table, &ids),
            rows_of(&out_mixed, table, &ids),
        );
        assert_eq!(a.height(), all.height(), "{table}");
        assert!(a.equals_missing(&b), "{table}: {a} vs {b}");
    }
}

/// 1,000 nested tables whose every level holds 20 cells before (or after) the cell the next
/// table is in. Each table's search for a nested one stops at its first, and a table without
/// one is read at once, so a node is searched once, by the innermost table holding it: the time
/// is linear in the levels (with 100 cells a level, in debug: 250 levels 0.60 s, 500 1.18 s,
/// 1,000 2.37 s, for both orders; parsing and extraction, not the search).
#[test]
fn nested_tables_with_wide_levels_are_read_in_one_pass() {
    let cells = "<td>规章</td>".repeat(20);
    for (open, close) in [
        (
            format!("<table><tr>{cells}<td>"),
            "</td></tr></table>".to_owned(),
        ),
        (
            "<table><tr><td>".to_owned(),
            format!("</td>{cells}</tr></table>"),
        ),
    ] {
        assert_partial_2019("wide.html", &nested(&open, &close, 1000));
    }
}

/// One label of 10,200 bytes spanning 100 by 100 slots is within the slots budget but would be
/// 102 MB of copies: past the text budget (64 MB), the file fails before copying it.
#[test]
fn a_long_label_spanning_many_slots_fails_with_the_text_budget() {
    let td = format!(
        "<td rowspan=\"100\" colspan=\"100\">{}</td>",
        "规章".repeat(1700)
    );
    let page = format!(
        "<html><head><meta charset=\"utf-8\"></head><body><p>2019年政府信息公开工作年度报告</p><table><tr>{td}</tr></table></body></html>"
    );
    let o = process("label.html", page.as_bytes());
    assert_eq!(
        (o.status(), o.error()),
        (
            Status::Failed,
            Some("table cells holding more than 64 MB of text")
        )
    );
}

/// A text report holding one HTML table whose cell is `depth` nested `<div>`s deep.
fn text_with_deep_table(depth: usize) -> String {
    format!(
        "2019年政府信息公开工作年度报告\n二、主动公开政府信息情况\n<table><tr><td>{}规章{}</td></tr></table>\n",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    )
}

/// HTML inside other inputs goes through the same depth budget as a page: a table in a text
/// report whose cell is 100,000 divs deep fails at once with the depth of the table's markup
/// (the `<table>` counts, its implicitly closed rows and cells do not), as does a JSON record
/// whose markup is 100,000 divs deep. Unmeasured, html5ever took ~20 min on such nesting; in
/// debug each file is now read in about a second (the guard is for the quadratic case).
#[test]
fn a_hundred_thousand_nested_divs_inside_text_or_json_fail_with_the_depth() {
    let record = serde_json::json!({
        "title": "某区2019年政府信息公开工作年度报告",
        "content": format!(
            "{}<p>2019年政府信息公开工作年度报告</p>{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        ),
    })
    .to_string();
    for (name, bytes, format, why) in [
        (
            "divs.txt",
            text_with_deep_table(100_000),
            "txt",
            "HTML elements nested 100,001 deep (more than 2,000)",
        ),
        (
            "divs.json",
            record,
            "json",
            "HTML elements nested 100,000 deep (more than 2,000)",
        ),
    ] {
        let started = std::time::Instant::now();
        let o = process(name, bytes.as_bytes());
        assert_eq!(
            (o.record.format.as_str(), o.status(), o.error()),
            (format, Status::Failed, Some(why)),
            "{name}"
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "{name}"
        );
    }
}

/// A table in a text report whose cell is 1,999 divs deep is within the budget (2,000 with the
/// `<table>`) and read.
#[test]
fn a_table_in_text_within_the_depth_budget_is_read() {
    let o = process("divs.txt", text_with_deep_table(1_999).as_bytes());
    assert_eq!(
        (o.record.format.as_str(), o.status(), o.error()),
        ("txt", Status::Partial, None)
    );
}

/// 1,000 tables nested in each other's cells inside a text report: within the budget, read.
#[test]
fn a_thousand_nested_tables_inside_text_get_a_row() {
    let text = format!(
        "2019年政府信息公开工作年度报告\n二、主动公开政府信息情况\n{}规章{}\n",
        "<table><tr><td>".repeat(1000),
        "</td></tr></table>".repeat(1000)
    );
    let o = process("tables.txt", text.as_bytes());
    assert_eq!(
        (o.record.format.as_str(), o.status(), o.error()),
        ("txt", Status::Partial, None)
    );
    assert_eq!(o.into_extraction().expect("read").meta.year, Some(2019));
}
