//! Every cell of the five seed reports (data/sample, copied from the project's seeds), at its
//! exact value, with metadata and the findings a researcher relies on.

use ogi::model::{AppRow, Applicant, CellSource, Severity, Template};

use crate::util::*;

#[test]
fn seed_000_all_zero_with_a_short_row_repaired() {
    let e = seed("000");
    assert_eq!(
        e.meta.agency.as_deref(),
        Some("金凤区北京中路街道办事处办事处")
    );
    assert_eq!(
        e.meta.title.as_deref(),
        Some("金凤区北京中路街道办事处办事处 2020 年政府信息公开工作年度报告")
    );
    assert_eq!((e.meta.year, e.template), (Some(2020), Template::T2019));
    let a = apps(&e);
    assert_eq!(a.len(), 23 * 7);
    assert!(
        a.values().all(|v| *v == Some(0)),
        "every section 三 cell is 0"
    );
    assert_eq!(review(&e).len(), 15);
    assert!(review(&e).values().all(|v| *v == Some(0)));
    let p = proactive(&e);
    assert_eq!(p.len(), 22);
    assert!(p.values().all(|v| *v == Some(0.0)));
    // （四）1 prints six cells for seven columns: the arithmetic restores the missing one.
    let not_held: Vec<_> = e
        .applications
        .iter()
        .filter(|c| c.row == AppRow::UnableNotHeld)
        .collect();
    assert_eq!(not_held[0].prov.source, CellSource::Repaired);
    assert_eq!(
        (not_held[6].prov.source, not_held[6].prov.line),
        (CellSource::Table, Some(81))
    );
    let f = e
        .findings
        .iter()
        .find(|f| f.rule == "cell_count" && f.row.as_deref() == Some("unable_not_held"))
        .expect("cell_count finding");
    assert_eq!((f.severity, f.line), (Severity::Warning, Some(81)));
    assert!(rules(&e, Severity::Error).is_empty());
}

#[test]
fn seed_001_prose_only_has_metadata_prose_figures_and_missing_sections() {
    let e = seed("001");
    assert_eq!(
        e.meta.title.as_deref(),
        Some("兴华街道2020年政府信息公开工作年度报告")
    );
    assert_eq!(e.meta.agency.as_deref(), Some("兴华街道"));
    assert_eq!((e.meta.year, e.template), (Some(2020), Template::T2019));
    assert!(e.proactive.is_empty());
    // No table: only the figures the prose states, with source prose (see rules.rs).
    assert_eq!((e.applications.len(), e.review.len()), (1, 3));
    assert!(
        e.applications
            .iter()
            .all(|c| c.prov.source == CellSource::Prose)
    );
    assert!(e.review.iter().all(|c| c.prov.source == CellSource::Prose));
    assert_eq!(rules(&e, Severity::Error), ["missing_section"; 3]);
}

#[test]
fn seed_002_blank_applicant_cells_are_null_and_totals_kept() {
    let e = seed("002");
    assert_eq!(e.meta.agency.as_deref(), Some("西工区金谷园街道办事处"));
    assert_eq!((e.meta.year, e.template), (Some(2020), Template::T2019));
    let blank_then_zero = vec![None, None, None, None, None, None, Some(0)];
    assert_eq!(app_row(&e, "granted"), blank_then_zero);
    assert_eq!(app_row(&e, "partially_granted"), blank_then_zero);
    for (key, value) in apps(&e) {
        if !matches!(key.0, "granted" | "partially_granted") {
            assert_eq!(value, Some(0), "{key:?}");
        }
    }
    assert!(review(&e).values().all(|v| *v == Some(0)));
    let amount = e
        .proactive
        .iter()
        .find(|c| c.measure.key() == "amount_wan_yuan")
        .expect("amount");
    assert_eq!((amount.value, amount.unit), (Some(0.0), Some("万元")));
}

#[test]
fn seed_003_word_export_values_as_printed() {
    let e = seed("003");
    assert_eq!(e.meta.agency.as_deref(), Some("白银市平川区"));
    assert_eq!((e.meta.year, e.template), (Some(2020), Template::T2019));
    let p = proactive(&e);
    let expected = [
        (("regulations", "made_this_year"), 0.0),
        (("regulations", "published_this_year"), 0.0),
        (("regulations", "total_public"), 0.0),
        (("normative_documents", "made_this_year"), 3.0),
        (("normative_documents", "published_this_year"), 3.0),
        (("normative_documents", "total_public"), 11.0),
        (("licensing", "items_last_year"), 347.0),
        (("licensing", "change"), 169.0),
        (("licensing", "decisions"), 2558.0),
        (("other_services", "items_last_year"), 283.0),
        (("other_services", "change"), -79.0),
        (("other_services", "decisions"), 31923.0),
        (("penalty", "items_last_year"), 1924.0),
        (("penalty", "change"), 958.0),
        (("penalty", "decisions"), 278.0),
        (("coercion", "items_last_year"), 124.0),
        (("coercion", "change"), 46.0),
        (("coercion", "decisions"), 42.0),
        (("fees", "items_last_year"), 11.0),
        (("fees", "change"), 16.0),
        (("procurement", "items"), 149.0),
        (("procurement", "amount_wan_yuan"), 45822.4584),
    ];
    assert_eq!(p, expected.iter().map(|(k, v)| (*k, Some(*v))).collect());
    let licensing_change = e
        .proactive
        .iter()
        .find(|c| c.item.key() == "licensing" && c.measure.key() == "change")
        .expect("cell");
    assert_eq!(
        (
            licensing_change.prov.raw.as_deref(),
            licensing_change.prov.line
        ),
        (Some("增169"), Some(45))
    );
    let amount = e
        .proactive
        .iter()
        .find(|c| c.measure.key() == "amount_wan_yuan")
        .expect("amount");
    assert_eq!(
        (amount.unit, amount.prov.raw.as_deref()),
        (Some("万元"), Some("45822.4584万元"))
    );
    // The table's own totals do not add up (3 received, 3 not held, 总计 0): kept as printed.
    assert_eq!(app_row(&e, "new_received"), seven([3, 0, 0, 0, 0, 0, 3]));
    assert_eq!(app_row(&e, "unable_not_held"), seven([3, 0, 0, 0, 0, 0, 3]));
    assert_eq!(app_row(&e, "total_handled"), seven([0; 7]));
    for (key, value) in apps(&e) {
        if !matches!(key.0, "new_received" | "unable_not_held") {
            assert_eq!(value, Some(0), "{key:?}");
        }
    }
    assert_eq!(
        e.app(AppRow::NewReceived, Applicant::NaturalPerson),
        Some(3)
    );
    assert!(review(&e).values().all(|v| *v == Some(0)));
    assert!(
        e.applications
            .iter()
            .all(|c| c.prov.source == CellSource::Table)
    );
}

#[test]
fn seed_004_lost_labels_follow_template_order() {
    let e = seed("004");
    assert_eq!(e.meta.title.as_deref(), Some("政府信息公开工作年度报告"));
    assert_eq!(
        e.meta.agency.as_deref(),
        Some("宁波市鄞州区人民政府白鹤街道办事处")
    );
    assert_eq!((e.meta.year, e.template), (Some(2020), Template::T2019));
    let p = proactive(&e);
    assert_eq!(p[&("penalty", "items_last_year")], Some(315.0));
    assert_eq!(p[&("penalty", "change")], Some(-30.0));
    assert_eq!(p[&("penalty", "decisions")], Some(285.0));
    assert_eq!(p[&("procurement", "items")], Some(43.0));
    assert_eq!(p[&("procurement", "amount_wan_yuan")], Some(29.058388));
    let others = p
        .iter()
        .filter(|(k, _)| !matches!(k.0, "penalty" | "procurement"));
    assert!(others.clone().count() == 17 && others.into_iter().all(|(_, v)| *v == Some(0.0)));
    let a = apps(&e);
    assert_eq!(a.len(), 23 * 7);
    assert!(a.values().all(|v| *v == Some(0)));
    // 3 group labels + 13 rows of bare numbers under （三）..（五）, placed in template order.
    let fallbacks: Vec<_> = e
        .findings
        .iter()
        .filter(|f| f.rule == "label_fallback")
        .filter_map(|f| f.row.as_deref())
        .collect();
    assert_eq!(fallbacks.len(), 16);
    assert_eq!(
        fallbacks[..3],
        [
            "withheld_state_secret",
            "withheld_law_prohibited",
            "withheld_security_stability"
        ]
    );
    assert_eq!(fallbacks[15], "not_processed_confirmation");
    // Their cells say so; the rows that kept their labels were read as printed.
    let source = |row: &str| {
        e.applications
            .iter()
            .filter(|c| c.row.key() == row)
            .map(|c| c.prov.source.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(source("withheld_law_prohibited"), ["label_fallback"; 7]);
    assert_eq!(source("partially_granted"), ["table"; 7]);
    assert!(review(&e).values().all(|v| *v == Some(0)));
}

#[test]
fn seed_003_fails_the_templates_own_arithmetic() {
    let e = seed("003");
    let errors: Vec<(&str, Option<&str>, &str)> = e
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.rule.as_str(), f.column.as_deref(), f.message.as_str()))
        .collect();
    assert!(errors.contains(&(
        "balance",
        Some("total"),
        "column total: 3 + 0 ≠ 0 + 0 (一 + 二 = 三(七) + 四)"
    )));
    assert!(errors.contains(&(
        "balance",
        Some("natural_person"),
        "column natural_person: 3 + 0 ≠ 0 + 0 (一 + 二 = 三(七) + 四)"
    )));
    let outcome_sum: Vec<_> = e
        .findings
        .iter()
        .filter(|f| f.rule == "outcome_sum" && f.severity == Severity::Error)
        .collect();
    assert_eq!(outcome_sum.len(), 2);
    assert_eq!(
        (
            outcome_sum[1].expected.as_deref(),
            outcome_sum[1].actual.as_deref()
        ),
        (Some("3"), Some("0"))
    );
    assert!(
        rules(&e, Severity::Error)
            .iter()
            .all(|r| matches!(*r, "balance" | "outcome_sum"))
    );
}

#[test]
fn seeds_000_002_004_balance() {
    for seed_id in ["000", "002", "004"] {
        let e = seed(seed_id);
        assert!(
            !e.findings
                .iter()
                .any(|f| f.rule == "balance" && f.severity == Severity::Error),
            "{seed_id}"
        );
        assert!(
            !e.findings.iter().any(|f| f.severity == Severity::Error),
            "{seed_id}"
        );
    }
    // Seed 002's blank applicant cells make its outcome sums unassessable, and it says so.
    let e = seed("002");
    let info: Vec<_> = e
        .findings
        .iter()
        .filter(|f| f.rule == "outcome_sum")
        .map(|f| f.severity)
        .collect();
    assert_eq!(info, vec![Severity::Info; 6]);
}

#[test]
fn seeds_resolve_to_their_districts_with_codes() {
    let expected = [
        (
            "000",
            ["宁夏回族自治区", "银川市", "金凤区", "640106"],
            "township",
        ),
        ("001", ["吉林省", "吉林市", "昌邑区", "220202"], "township"),
        ("002", ["河南省", "洛阳市", "西工区", "410303"], "township"),
        ("003", ["甘肃省", "白银市", "平川区", "620403"], "county"),
        ("004", ["浙江省", "宁波市", "鄞州区", "330212"], "township"),
    ];
    for (id, [province, city, county, code], level) in expected {
        let r = seed(id).meta.region;
        let got = (
            r.province.as_deref(),
            r.city.as_deref(),
            r.county.as_deref(),
            r.division_code.as_deref(),
            r.agency_level.map(|x| x.as_str()),
        );
        assert_eq!(
            got,
            (
                Some(province),
                Some(city),
                Some(county),
                Some(code),
                Some(level)
            ),
            "seed {id}"
        );
    }
    // 兴华街道 never names its county in its title: the text's 昌邑区 is its parent in the gazetteer.
    assert_eq!(
        seed("001").meta.region.region_source.map(|x| x.as_str()),
        Some("gazetteer_parent")
    );
    assert_eq!(
        seed("000").meta.region.agency_normalized.as_deref(),
        Some("金凤区北京中路街道办事处")
    );
}

#[test]
fn figures_answer_as_the_cell_lookups_first_cell_of_a_key_winning() {
    use ogi::model::{Item, Measure, Outcome, Proceeding};
    for prefix in ["000", "001", "002", "003", "004"] {
        let mut e = seed(prefix);
        // A key printed twice (a repeated row): the first cell's value is the key's value.
        let first = e.applications[0].clone();
        let mut again = first.clone();
        again.value = Some(first.value.unwrap_or(0) + 1000);
        e.applications.push(again);
        // A key whose only cell is unreadable answers None.
        if let Some(c) = e.review.first_mut() {
            c.value = None;
        }
        let f = e.figures();
        assert_eq!(f.template, e.template, "{prefix}");
        assert_eq!(f.app(first.row, first.applicant), first.value, "{prefix}");
        for &row in AppRow::ALL {
            for &who in Applicant::ALL {
                assert_eq!(f.app(row, who), e.app(row, who), "{prefix} {row:?} {who:?}");
            }
        }
        for &p in Proceeding::ALL {
            for &o in Outcome::ALL {
                assert_eq!(f.review(p, o), e.review(p, o), "{prefix} {p:?} {o:?}");
            }
        }
        for &i in Item::ALL {
            for &m in Measure::ALL {
                assert_eq!(f.proactive(i, m), e.proactive(i, m), "{prefix} {i:?} {m:?}");
            }
        }
    }
    // Seed 003's table as printed: 3 received, 总计 0, read through the figures.
    let f = seed("003").figures();
    assert_eq!(f.app(AppRow::NewReceived, Applicant::Total), Some(3));
    assert_eq!(f.app(AppRow::TotalHandled, Applicant::Total), Some(0));
    assert_eq!(f.proactive(Item::Licensing, Measure::Change), Some(169.0));
}
