//! The comparison tables over a generated archive: by_region sums equal the sums of the reports
//! they cover, each beside the count of reports that print the figure; rates have their
//! documented denominators; duplicates count once; a carried-over count that differs from the
//! year before's carried-forward one is flagged.

use std::collections::BTreeMap;

use polars::prelude::DataFrame;

use crate::util::*;

fn apps(rows: &[(&'static str, [&str; 7])]) -> BTreeMap<&'static str, Vec<String>> {
    let mut apps = zero_apps();
    for (k, v) in rows {
        apps.insert(k, v.iter().map(|s| (*s).to_owned()).collect());
    }
    apps
}

fn row(v: i64) -> [String; 7] {
    [
        v.to_string(),
        "0".into(),
        "0".into(),
        "0".into(),
        "0".into(),
        "0".into(),
        v.to_string(),
    ]
}

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn f64s(df: &DataFrame, name: &str) -> Vec<Option<f64>> {
    df.column(name)
        .expect("column")
        .f64()
        .expect("f64")
        .iter()
        .collect()
}

#[test]
fn comparison_tables_sum_what_they_cover() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    let owned =
        |r: [String; 7]| -> [&'static str; 7] { r.map(|s| &*Box::leak(s.into_boxed_str())) };
    let a = tsv_report(
        "银川市金凤区长城中路街道办事处2020年政府信息公开工作年度报告",
        "",
        &apps(&[
            ("new_received", owned(row(5))),
            ("granted", owned(row(3))),
            ("partially_granted", owned(row(1))),
            ("total_handled", owned(row(5))),
            ("carried_over", owned(row(1))),
        ]),
        &ZERO_REVIEW,
    );
    write(&archive, "a.txt", &a);
    write(&archive, "a2.txt", &a);
    let b = tsv_report(
        "银川市兴庆区富宁街街道办事处2020年政府信息公开工作年度报告",
        "",
        &apps(&[
            ("new_received", owned(row(2))),
            ("granted", owned(row(2))),
            ("total_handled", owned(row(2))),
        ]),
        &ZERO_REVIEW,
    );
    write(&archive, "b.txt", &b);
    // 平川区 leaves its 本年新收 row blank: null, and not counted.
    let c = tsv_report(
        "白银市平川区人民政府2020年政府信息公开工作年度报告",
        "",
        &apps(&[
            ("new_received", [""; 7]),
            ("granted", owned(row(1))),
            ("total_handled", owned(row(4))),
        ]),
        &ZERO_REVIEW,
    );
    write(&archive, "c.txt", &c);
    // The same 街道 a year earlier carried 2 forward; 2020 says 1 was carried over.
    let a2019 = tsv_report(
        "银川市金凤区长城中路街道办事处2019年政府信息公开工作年度报告",
        "",
        &apps(&[("carried_forward", owned(row(2)))]),
        &ZERO_REVIEW,
    );
    write(&archive, "a2019.txt", &a2019);
    let out = dir.path().join("out");
    ogi()
        .arg("analyze")
        .arg(&archive)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();

    let by_region = parquet(&out.join("by_region.parquet"));
    let find = |level: &str, key: &str, year: i32| -> usize {
        let levels = strs(&by_region, "level");
        let names = strs(&by_region, level);
        let years: Vec<Option<i32>> = by_region
            .column("year")
            .unwrap()
            .i32()
            .unwrap()
            .iter()
            .collect();
        (0..by_region.height())
            .find(|&i| {
                levels[i].as_deref() == Some(level)
                    && names[i].as_deref() == Some(key)
                    && years[i] == Some(year)
            })
            .unwrap_or_else(|| panic!("no {level} row for {key}"))
    };
    let reports = ints(&by_region, "reports");
    let new = ints(&by_region, "new_received");
    let new_n = ints(&by_region, "new_received_reports");
    let grant = f64s(&by_region, "grant_rate");
    let county = find("county", "金凤区", 2020);
    assert_eq!(
        (reports[county], new[county], new_n[county], grant[county]),
        (Some(1), Some(5), Some(1), Some(0.8))
    );
    let city = find("city", "银川市", 2020);
    assert_eq!(
        (reports[city], new[city], new_n[city]),
        (Some(2), Some(7), Some(2))
    );
    assert_eq!(grant[city], Some(6.0 / 7.0));
    let province = find("province", "宁夏回族自治区", 2020);
    assert_eq!((reports[province], new[province]), (Some(2), Some(7)));
    let pingchuan = find("county", "平川区", 2020);
    assert_eq!(
        (reports[pingchuan], new[pingchuan], new_n[pingchuan]),
        (Some(1), None, Some(0))
    );
    assert_eq!(ints(&by_region, "total_handled")[pingchuan], Some(4));

    let by_level = parquet(&out.join("by_agency_level.parquet"));
    let levels = strs(&by_level, "agency_level");
    let years: Vec<Option<i32>> = by_level
        .column("year")
        .unwrap()
        .i32()
        .unwrap()
        .iter()
        .collect();
    let township = (0..by_level.height())
        .find(|&i| levels[i].as_deref() == Some("township") && years[i] == Some(2020))
        .unwrap();
    assert_eq!(
        (
            ints(&by_level, "reports")[township],
            ints(&by_level, "new_received")[township]
        ),
        (Some(2), Some(7))
    );

    let years = parquet(&out.join("agency_years.parquet"));
    assert_eq!(
        ints(&years, "carried_over").iter().flatten().sum::<i64>(),
        1
    );
    let flags: Vec<Option<bool>> = years
        .column("carryover_mismatch")
        .unwrap()
        .bool()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(flags.iter().filter(|f| **f == Some(true)).count(), 1);
    let findings = parquet(&out.join("findings.parquet"));
    let rules = strs(&findings, "rule");
    let at = rules
        .iter()
        .position(|r| r.as_deref() == Some("carryover_mismatch"))
        .expect("finding");
    assert_eq!(strs(&findings, "report_id")[at].as_deref(), Some("a.txt"));
    assert_eq!(
        (
            strs(&findings, "expected")[at].as_deref(),
            strs(&findings, "actual")[at].as_deref()
        ),
        (Some("2"), Some("1"))
    );
}
