//! Incremental runs: a run over an output folder reuses the cached extraction of every file
//! whose bytes did not change, reads the rest, drops what was removed, and its tables equal
//! those of a full run over the same archive; changes.parquet names exactly the reports added,
//! changed and removed; runs.parquet keeps the history. A cache of another build or a damaged
//! one is never used.

use std::path::Path;

use predicates::str::contains;

use crate::util::*;

fn analyze(archive: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    ogi()
        .arg("analyze")
        .arg(archive)
        .arg("--out")
        .arg(out)
        .args(extra)
        .assert()
}

/// The tables that describe the archive (not the history of runs), as bytes.
fn tables(out: &Path) -> Vec<(String, Vec<u8>)> {
    ogi::output::TABLES
        .iter()
        .filter(|t| !matches!(**t, "changes" | "runs"))
        .map(|t| {
            let name = format!("{t}.parquet");
            let bytes = std::fs::read(out.join(&name)).unwrap();
            (name, bytes)
        })
        .collect()
}

fn changes(out: &Path) -> Vec<(String, String)> {
    let df = parquet(&out.join("changes.parquet"));
    strs(&df, "report_id")
        .into_iter()
        .zip(strs(&df, "change"))
        .map(|(a, b)| (a.unwrap(), b.unwrap()))
        .collect()
}

#[test]
fn an_incremental_run_equals_a_full_run_and_says_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    std::fs::create_dir_all(archive.join("2020")).unwrap();
    for seed in ["000", "001", "002", "003"] {
        std::fs::copy(sample(seed), archive.join(format!("2020/{seed}.txt"))).unwrap();
    }
    let out = dir.path().join("out");
    analyze(&archive, &out, &[]).success().stderr(contains(
        "4 files (4 added, 0 changed, 0 removed, 0 reused)",
    ));
    assert_eq!(changes(&out).len(), 4);

    // A night: one new report, one changed (003 rewritten with another figure), one removed, one
    // renamed (its cached extraction is found by its digest).
    std::fs::copy(sample("004"), archive.join("2020/004.txt")).unwrap();
    let mut apps = zero_apps();
    let four = |n: &str| {
        vec![
            n.to_owned(),
            "0".into(),
            "0".into(),
            "0".into(),
            "0".into(),
            "0".into(),
            n.to_owned(),
        ]
    };
    for row in ["new_received", "granted", "total_handled"] {
        apps.insert(row, four("4"));
    }
    let changed = tsv_report(
        "白银市平川区人民政府2020年政府信息公开工作年度报告",
        "",
        &apps,
        &ZERO_REVIEW,
    );
    std::fs::write(archive.join("2020/003.txt"), &changed).unwrap();
    std::fs::remove_file(archive.join("2020/001.txt")).unwrap();
    std::fs::rename(
        archive.join("2020/002.txt"),
        archive.join("2020/002-renamed.txt"),
    )
    .unwrap();
    analyze(&archive, &out, &[]).success().stderr(contains(
        "4 files (2 added, 1 changed, 2 removed, 2 reused)",
    ));
    assert_eq!(
        changes(&out),
        [
            ("2020/001.txt".to_owned(), "removed".to_owned()),
            ("2020/002-renamed.txt".to_owned(), "added".to_owned()),
            ("2020/002.txt".to_owned(), "removed".to_owned()),
            ("2020/003.txt".to_owned(), "changed".to_owned()),
            ("2020/004.txt".to_owned(), "added".to_owned()),
        ]
    );
    let df = parquet(&out.join("changes.parquet"));
    let at = 3;
    assert_eq!(
        (
            ints(&df, "previous_new_received")[at],
            ints(&df, "new_received")[at]
        ),
        (Some(3), Some(4))
    );
    assert!(strs(&df, "previous_content_hash")[at] != strs(&df, "content_hash")[at]);
    assert_eq!(
        ints(&df, "previous_new_received")[0],
        Some(0),
        "001 as it was"
    );
    assert_eq!(ints(&df, "new_received")[0], None, "001 is gone");

    // The same archive read in full gives the same tables.
    let full = dir.path().join("full");
    analyze(&archive, &full, &["--full"])
        .success()
        .stderr(contains("0 reused"));
    assert_eq!(tables(&out), tables(&full));

    // A run with nothing changed reads nothing and reports no change.
    analyze(&archive, &out, &[]).success().stderr(contains(
        "4 files (0 added, 0 changed, 0 removed, 4 reused)",
    ));
    assert_eq!(changes(&out), []);
    assert_eq!(tables(&out), tables(&full));

    // The history of runs.
    let runs = parquet(&out.join("runs.parquet"));
    assert_eq!(ints(&runs, "files"), [Some(4), Some(4), Some(4)]);
    assert_eq!(ints(&runs, "added"), [Some(4), Some(2), Some(0)]);
    assert_eq!(ints(&runs, "reused"), [Some(0), Some(2), Some(4)]);
    assert_eq!(ints(&runs, "removed"), [Some(0), Some(2), Some(0)]);
}

#[test]
fn a_cache_of_another_build_is_not_used() {
    use ogi::output::manifest::{self, Found};
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::copy(sample("004"), archive.join("004.txt")).unwrap();
    let out = dir.path().join("out");
    analyze(&archive, &out, &[]).success();
    // The manifest of an output written by another version of the parser.
    let Found::Sealed(mut m) = manifest::read(&out) else {
        panic!("ogi's own manifest");
    };
    m.cache_key = "ogi-0.0.9+0000|encoding=detect".to_owned();
    std::fs::write(out.join("manifest.json"), m.render()).unwrap();
    analyze(&archive, &out, &[])
        .success()
        .stderr(contains("the cache was written by another build of ogi"))
        .stderr(contains("1 file (0 added, 0 changed, 0 removed, 0 reused)"));
    // --encoding changes what is read: the cache is not used either.
    analyze(&archive, &out, &["--encoding", "gbk"])
        .success()
        .stderr(contains("0 reused"));
}

#[test]
fn a_damaged_cache_is_ignored_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::copy(sample("004"), archive.join("004.txt")).unwrap();
    std::fs::copy(sample("003"), archive.join("003.txt")).unwrap();
    let out = dir.path().join("out");
    analyze(&archive, &out, &[]).success();
    let full = tables(&out);
    // Flip bytes inside the records: the records' checksums catch it.
    let path = out.join("cache/records.bin");
    let mut bytes = std::fs::read(&path).unwrap();
    let n = bytes.len();
    for b in &mut bytes[n / 2..n / 2 + 16] {
        *b ^= 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();
    analyze(&archive, &out, &[]).success();
    assert_eq!(tables(&out), full);
    // A damaged index (it no longer matches the manifest): a warning, then a full read.
    std::fs::write(out.join("cache/index.bin"), b"OGICACH1garbage").unwrap();
    analyze(&archive, &out, &[])
        .success()
        .stderr(contains("warning: the cache in"))
        .stderr(contains("is damaged"))
        .stderr(contains("0 reused"));
    assert_eq!(tables(&out), full);
}
