//! The `ogi` binary end to end on temporary archives: outputs read back, statuses and reasons of
//! files that are not reports, determinism across thread counts, exit statuses.

use std::path::Path;

use predicates::str::contains;

use crate::util::*;

/// An archive with two seeds, a GB18030 copy in a subfolder, and files that are not reports.
fn archive() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("gb")).unwrap();
    std::fs::copy(sample("003"), root.join("003.txt")).unwrap();
    std::fs::copy(sample("004"), root.join("004.txt")).unwrap();
    let text = seed_text("003");
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(root.join("gb/003-gb18030.txt"), gb).unwrap();
    std::fs::write(
        root.join("image.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10",
    )
    .unwrap();
    std::fs::write(
        root.join("blob.bin"),
        (0..=255u8).cycle().take(4096).collect::<Vec<_>>(),
    )
    .unwrap();
    std::fs::write(root.join("empty.txt"), b"").unwrap();
    std::fs::write(
        root.join("notes.txt"),
        "会议纪要：今天讨论了道路维修和绿化工作。\n".as_bytes(),
    )
    .unwrap();
    dir
}

fn run(archive: &Path, out: &Path, threads: &str) -> assert_cmd::assert::Assert {
    ogi()
        .args(["analyze"])
        .arg(archive)
        .arg("--out")
        .arg(out)
        .args(["--threads", threads])
        .assert()
}

#[test]
fn analyze_writes_the_dataset_and_accounts_for_every_file() {
    let archive = archive();
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    run(archive.path(), &out, "2").success().stderr(contains(
        "ogi: 7 files (7 added, 0 changed, 0 removed, 0 reused): 1 ok, 2 partial, 0 failed, 4 skipped",
    ));
    let reports = parquet(&out.join("reports.parquet"));
    let ids: Vec<_> = strs(&reports, "report_id").into_iter().flatten().collect();
    assert_eq!(
        ids,
        [
            "003.txt",
            "004.txt",
            "blob.bin",
            "empty.txt",
            "gb/003-gb18030.txt",
            "image.txt",
            "notes.txt"
        ]
    );
    let status: Vec<_> = strs(&reports, "status").into_iter().flatten().collect();
    assert_eq!(
        status,
        [
            "partial", "ok", "skipped", "skipped", "partial", "skipped", "skipped"
        ]
    );
    // The GB18030 copy is the same report as 003.txt in another encoding.
    let dups = strs(&reports, "duplicate_of");
    assert_eq!(dups.iter().filter(|d| d.is_some()).count(), 1);
    assert_eq!(dups[4].as_deref(), Some("003.txt"));
    let error = strs(&reports, "error");
    assert_eq!(
        error[2].as_deref(),
        Some("binary file: not text and not a known document format")
    );
    assert_eq!(error[3].as_deref(), Some("empty file (0 bytes)"));
    assert_eq!(
        error[5].as_deref(),
        Some("image file: its header cannot be read (a damaged or truncated image)")
    );
    assert!(
        error[6]
            .as_deref()
            .is_some_and(|e| e.starts_with("no annual report found"))
    );
    let formats: Vec<_> = strs(&reports, "format").into_iter().flatten().collect();
    assert_eq!(
        formats,
        ["txt", "txt", "binary", "empty", "txt", "image", "txt"]
    );
    assert_eq!(strs(&reports, "encoding")[4].as_deref(), Some("GB18030"));
    assert_eq!(
        strs(&reports, "agency")[1].as_deref(),
        Some("宁波市鄞州区人民政府白鹤街道办事处")
    );
    let years: Vec<Option<i32>> = reports
        .column("year")
        .unwrap()
        .i32()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(
        years,
        [Some(2020), Some(2020), None, None, Some(2020), None, None]
    );
    assert_eq!(
        strs(&reports, "content_hash")[0].as_deref().map(str::len),
        Some(64)
    );

    let apps = parquet(&out.join("applications.parquet"));
    assert_eq!(apps.height(), 3 * 23 * 7);
    let (ids, rows, applicants, values) = (
        strs(&apps, "report_id"),
        strs(&apps, "row"),
        strs(&apps, "applicant"),
        ints(&apps, "value"),
    );
    let cell = |id: &str, row: &str, applicant: &str| {
        (0..apps.height())
            .find(|&i| {
                ids[i].as_deref() == Some(id)
                    && rows[i].as_deref() == Some(row)
                    && applicants[i].as_deref() == Some(applicant)
            })
            .map(|i| values[i])
    };
    assert_eq!(
        cell("003.txt", "new_received", "natural_person"),
        Some(Some(3))
    );
    assert_eq!(
        cell("gb/003-gb18030.txt", "unable_not_held", "total"),
        Some(Some(3))
    );
    assert_eq!(cell("003.txt", "total_handled", "total"), Some(Some(0)));

    let proactive = parquet(&out.join("proactive.parquet"));
    let values: Vec<Option<f64>> = proactive
        .column("value")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect();
    let raws = strs(&proactive, "raw");
    let i = raws
        .iter()
        .position(|r| r.as_deref() == Some("增169"))
        .expect("licensing change cell");
    assert_eq!(values[i], Some(169.0));
    assert_eq!(strs(&proactive, "source")[i].as_deref(), Some("table"));
    assert_eq!(ints(&proactive, "line")[i], Some(45));

    assert_eq!(
        parquet(&out.join("review_litigation.parquet")).height(),
        3 * 15
    );
    let metrics = parquet(&out.join("report_metrics.parquet"));
    assert_eq!(metrics.height(), 3);
    assert_eq!(ints(&metrics, "new_received"), [Some(3), Some(0), Some(3)]);
    let amount: Vec<Option<f64>> = metrics
        .column("procurement_amount_wan_yuan")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(
        amount,
        [Some(45822.4584), Some(29.058388), Some(45822.4584)]
    );
    let findings = parquet(&out.join("findings.parquet"));
    assert!(
        strs(&findings, "rule")
            .iter()
            .any(|r| r.as_deref() == Some("label_fallback"))
    );
    assert!(out.join("manifest.json").is_file());
}

#[test]
fn one_thread_and_four_threads_write_identical_files() {
    let archive = archive();
    let base = tempfile::tempdir().unwrap();
    let (one, four) = (base.path().join("one"), base.path().join("four"));
    run(archive.path(), &one, "1").success();
    run(archive.path(), &four, "4").success();
    // Every table but the history of runs (which records the time and the threads).
    for table in ogi::output::TABLES.iter().filter(|t| **t != "runs") {
        let name = format!("{table}.parquet");
        let a = std::fs::read(one.join(&name)).unwrap();
        let b = std::fs::read(four.join(&name)).unwrap();
        assert!(a == b, "{name} differs between 1 and 4 threads");
    }
}

#[test]
fn rerun_replaces_an_earlier_output() {
    let archive = archive();
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    run(archive.path(), &out, "2").success();
    std::fs::remove_file(archive.path().join("notes.txt")).unwrap();
    run(archive.path(), &out, "2").success().stderr(contains(
        "6 files (0 added, 0 changed, 1 removed, 6 reused)",
    ));
    assert_eq!(parquet(&out.join("reports.parquet")).height(), 6);
}

#[test]
fn strict_exits_1_when_a_report_is_partial() {
    let dir = tempfile::tempdir().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    std::fs::copy(sample("001"), dir.path().join("001.txt")).unwrap();
    let out = scratch.path().join("out");
    ogi()
        .arg("analyze")
        .arg(dir.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stderr(contains("1 partial"));
    ogi()
        .arg("analyze")
        .arg(dir.path())
        .arg("--out")
        .arg(&out)
        .arg("--strict")
        .assert()
        .code(1);
}

#[test]
fn run_failures_exit_2_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    ogi()
        .args(["analyze", "no/such/archive"])
        .assert()
        .code(2)
        .stderr(contains("does not exist or is not a folder"));
    ogi().args(["analyze", "--no-such-flag"]).assert().code(2);
    ogi()
        .arg("analyze")
        .arg(dir.path())
        .args(["--encoding", "gbk2312"])
        .assert()
        .code(2)
        .stderr(contains("see --encoding"));
    let scratch = tempfile::tempdir().unwrap();
    let foreign = scratch.path().join("mine");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("thesis.docx"), b"x").unwrap();
    ogi()
        .arg("analyze")
        .arg(dir.path())
        .arg("--out")
        .arg(&foreign)
        .assert()
        .code(2)
        .stderr(contains("holds files ogi did not write (thesis.docx)"));
    assert!(foreign.join("thesis.docx").is_file());
}

#[test]
fn inspect_shows_grids_and_json() {
    ogi()
        .arg("inspect")
        .arg(sample("003"))
        .assert()
        .success()
        .stdout(contains("白银市平川区"))
        .stdout(contains("45822.4584"));
    let out = ogi()
        .arg("inspect")
        .arg("--json")
        .arg(sample("004"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["year"], 2020);
    assert_eq!(v["agency"], "宁波市鄞州区人民政府白鹤街道办事处");
}
