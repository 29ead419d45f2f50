//! Each finding rule on a small constructed report: once where it fires, once where it does not.

use ogi::model::{Extraction, Severity};

use crate::util::*;

const TITLE: &str = "某区人民政府2020年政府信息公开工作年度报告";

fn read(text: &str) -> Extraction {
    ogi::pipeline::read_text(text).expect("a report")
}

fn fired(e: &Extraction, rule: &str) -> Vec<(Severity, Option<String>, Option<String>)> {
    e.findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| (f.severity, f.row.clone(), f.column.clone()))
        .collect()
}

fn errors(e: &Extraction, rule: &str) -> usize {
    e.findings
        .iter()
        .filter(|f| f.rule == rule && f.severity == Severity::Error)
        .count()
}

fn with(
    rows: &[(&'static str, [&str; 7])],
) -> std::collections::BTreeMap<&'static str, Vec<String>> {
    let mut apps = zero_apps();
    for (k, v) in rows {
        apps.insert(k, v.iter().map(|s| (*s).to_owned()).collect());
    }
    apps
}

#[test]
fn consistent_report_has_no_error() {
    let apps = with(&[
        ("new_received", ["3", "1", "0", "0", "0", "0", "4"]),
        ("granted", ["2", "1", "0", "0", "0", "0", "3"]),
        ("unable_not_held", ["1", "0", "0", "0", "0", "0", "1"]),
        ("total_handled", ["3", "1", "0", "0", "0", "0", "4"]),
    ]);
    let e = read(&tsv_report(
        TITLE,
        "本年度共收到政府信息公开申请4件。",
        &apps,
        &ZERO_REVIEW,
    ));
    let errs: Vec<_> = e
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert!(errs.is_empty(), "{errs:?}");
}

#[test]
fn balance() {
    let apps = with(&[
        ("new_received", ["3", "0", "0", "0", "0", "0", "3"]),
        ("unable_not_held", ["3", "0", "0", "0", "0", "0", "3"]),
    ]);
    let e = read(&tsv_report(TITLE, "", &apps, &ZERO_REVIEW));
    assert_eq!(
        fired(&e, "balance")
            .iter()
            .filter(|f| f.0 == Severity::Error)
            .map(|f| f.2.clone().unwrap())
            .collect::<Vec<_>>(),
        ["natural_person", "total"]
    );
    let apps = with(&[
        ("new_received", ["3", "0", "0", "0", "0", "0", "3"]),
        ("total_handled", ["3", "0", "0", "0", "0", "0", "3"]),
        ("unable_not_held", ["3", "0", "0", "0", "0", "0", "3"]),
    ]);
    assert_eq!(
        errors(
            &read(&tsv_report(TITLE, "", &apps, &ZERO_REVIEW)),
            "balance"
        ),
        0
    );
}

#[test]
fn row_sum() {
    let e = read(&tsv_report(
        TITLE,
        "",
        &with(&[("carried_over", ["1", "1", "0", "0", "0", "0", "3"])]),
        &ZERO_REVIEW,
    ));
    assert_eq!(
        fired(&e, "row_sum"),
        [(
            Severity::Error,
            Some("carried_over".into()),
            Some("total".into())
        )]
    );
    let e = read(&tsv_report(TITLE, "", &zero_apps(), &ZERO_REVIEW));
    assert!(fired(&e, "row_sum").is_empty());
}

#[test]
fn outcome_sum() {
    let e = read(&tsv_report(
        TITLE,
        "",
        &with(&[(
            "not_processed_duplicate",
            ["2", "0", "0", "0", "0", "0", "2"],
        )]),
        &ZERO_REVIEW,
    ));
    assert_eq!(errors(&e, "outcome_sum"), 2);
    assert_eq!(
        errors(
            &read(&tsv_report(TITLE, "", &zero_apps(), &ZERO_REVIEW)),
            "outcome_sum"
        ),
        0
    );
}

#[test]
fn review_sum() {
    let mut review = ZERO_REVIEW;
    review[6] = "2";
    let e = read(&tsv_report(TITLE, "", &zero_apps(), &review));
    assert_eq!(
        fired(&e, "review_sum"),
        [(
            Severity::Error,
            Some("litigation_direct".into()),
            Some("total".into())
        )]
    );
    review[9] = "2";
    assert!(
        fired(
            &read(&tsv_report(TITLE, "", &zero_apps(), &review)),
            "review_sum"
        )
        .is_empty()
    );
}

#[test]
fn cell_count() {
    let apps = with(&[("granted", ["0", "0", "0", "0", "0", "0", ""])]);
    let mut apps = apps;
    apps.get_mut("granted").unwrap().pop();
    let e = read(&tsv_report(TITLE, "", &apps, &ZERO_REVIEW));
    assert_eq!(
        fired(&e, "cell_count"),
        [(Severity::Warning, Some("granted".into()), None)]
    );
    assert!(
        fired(
            &read(&tsv_report(TITLE, "", &zero_apps(), &ZERO_REVIEW)),
            "cell_count"
        )
        .is_empty()
    );
}

#[test]
fn unreadable_cell() {
    let e = read(&tsv_report(
        TITLE,
        "",
        &with(&[("granted", ["0", "约3", "0", "0", "0", "0", "0"])]),
        &ZERO_REVIEW,
    ));
    assert_eq!(
        fired(&e, "unreadable_cell"),
        [(
            Severity::Warning,
            Some("granted".into()),
            Some("commercial".into())
        )]
    );
    assert_eq!(
        e.app(
            ogi::model::AppRow::Granted,
            ogi::model::Applicant::Commercial
        ),
        None
    );
    assert!(
        fired(
            &read(&tsv_report(TITLE, "", &zero_apps(), &ZERO_REVIEW)),
            "unreadable_cell"
        )
        .is_empty()
    );
}

#[test]
fn prose_mismatch() {
    let e = read(&tsv_report(
        TITLE,
        "2020年共收到政府信息公开申请5件。",
        &zero_apps(),
        &ZERO_REVIEW,
    ));
    let f = e
        .findings
        .iter()
        .find(|f| f.rule == "prose_mismatch")
        .expect("fires");
    assert_eq!(
        (f.expected.as_deref(), f.actual.as_deref(), f.line),
        (Some("5"), Some("0"), Some(2))
    );
    let e = read(&tsv_report(
        TITLE,
        "2020年，本机关未收到政府信息公开申请，未发生行政复议和行政诉讼。",
        &zero_apps(),
        &ZERO_REVIEW,
    ));
    assert!(fired(&e, "prose_mismatch").is_empty());
    let e = read(&tsv_report(
        TITLE,
        "本年度被申请行政复议2件。",
        &zero_apps(),
        &ZERO_REVIEW,
    ));
    assert_eq!(
        fired(&e, "prose_mismatch"),
        [(Severity::Error, Some("review".into()), Some("total".into()))]
    );
}

#[test]
fn year_mismatch() {
    let period = "本报告所列数据的统计期限自2019年1月1日起至2019年12月31日止。";
    let e = read(&tsv_report(TITLE, period, &zero_apps(), &ZERO_REVIEW));
    assert_eq!(
        fired(&e, "year_mismatch"),
        [(Severity::Warning, None, None)]
    );
    let e = read(&tsv_report(
        TITLE,
        &period.replace("2019", "2020"),
        &zero_apps(),
        &ZERO_REVIEW,
    ));
    assert!(fired(&e, "year_mismatch").is_empty());
}

#[test]
fn template_mismatch() {
    let e = read(&tsv_report(TITLE, "", &zero_apps(), &ZERO_REVIEW).replace(
        "规章\t0\t0\t0",
        "规章\t0\t0\t0\n信息内容\t本年制发件数\n行政规范性文件\t0",
    ));
    assert_eq!(fired(&e, "template_mismatch").len(), 1);
    assert!(
        fired(
            &read(&tsv_report(TITLE, "", &zero_apps(), &ZERO_REVIEW)),
            "template_mismatch"
        )
        .is_empty()
    );
}

#[test]
fn missing_section() {
    let text = tsv_report(TITLE, "", &zero_apps(), &ZERO_REVIEW);
    let cut = text.replace(&ZERO_REVIEW.join("\t"), "");
    let e = read(&cut);
    assert_eq!(
        fired(&e, "missing_section"),
        [(Severity::Error, None, None)]
    );
    assert!(fired(&read(&text), "missing_section").is_empty());
}

#[test]
fn seed_001_prose_figures_stand_in_for_missing_tables() {
    let e = seed("001");
    let apps: Vec<_> = e
        .applications
        .iter()
        .map(|c| {
            (
                c.row.key(),
                c.applicant.key(),
                c.value,
                c.prov.source.as_str(),
            )
        })
        .collect();
    assert_eq!(apps, [("new_received", "total", Some(0), "prose")]);
    let review: Vec<_> = e
        .review
        .iter()
        .map(|c| {
            (
                c.proceeding.key(),
                c.outcome.key(),
                c.value,
                c.prov.source.as_str(),
            )
        })
        .collect();
    assert_eq!(
        review,
        [
            ("review", "total", Some(0), "prose"),
            ("litigation_direct", "total", Some(0), "prose"),
            ("litigation_after_review", "total", Some(0), "prose")
        ]
    );
    assert_eq!(e.applications[0].prov.line, Some(29));
}
