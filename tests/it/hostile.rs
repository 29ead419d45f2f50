//! Hostile nesting: pages thousands of elements deep (nested tables, nested divs, unclosed
//! spans and fonts) are read without recursion; each gets a row, and unclosed inline tags leave a
//! real page's cells as they were.

use ogi::model::{AppRow, Applicant, FileOutcome, Item, Measure, Status};

use crate::formats::shanghai_html;

fn process(name: &str, bytes: &[u8]) -> FileOutcome {
    ogi::app::process_bytes(name, bytes, None)
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
    assert_eq!(
        (o.record.status, o.record.error.as_deref()),
        (Status::Partial, None)
    );
    assert_eq!(o.extraction.expect("read").meta.year, Some(2019));
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
        assert_eq!(
            (o.record.status, o.record.error.as_deref()),
            (Status::Failed, Some(why))
        );
    }
}

#[test]
fn unclosed_spans_and_fonts_keep_the_cells() {
    let plain = process("shanghai.html", shanghai_html().as_bytes());
    let o = process("shanghai.html", unclosed().as_bytes());
    assert_eq!(o.record.status, plain.record.status);
    let (e, p) = (o.extraction.expect("read"), plain.extraction.expect("read"));
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
