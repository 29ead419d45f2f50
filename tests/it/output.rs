//! The output folder keeps a user's files safe: --out around or inside the archive is refused, a
//! folder ogi did not write is never replaced, a swap interrupted by a kill at any instant is
//! finished or rolled back by the next run, two runs on one folder exclude each other, and a file
//! listing's odd entries (names that are not UTF-8, hidden files, FIFOs) each get their own row.
//! Closed pipes end the program quietly.

use std::path::Path;

use predicates::str::contains;

use crate::util::*;

/// An archive of two seed reports.
fn small_archive(root: &Path) {
    std::fs::create_dir_all(root).unwrap();
    std::fs::copy(sample("003"), root.join("003.txt")).unwrap();
    std::fs::copy(sample("004"), root.join("004.txt")).unwrap();
}

fn analyze(archive: &Path, out: &Path) -> assert_cmd::assert::Assert {
    ogi()
        .arg("analyze")
        .arg(archive)
        .arg("--out")
        .arg(out)
        .assert()
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_out_above_the_archive_is_refused_and_the_archive_kept() {
    let dir = tempfile::tempdir().unwrap();
    let s3 = dir.path().join("s3");
    let archive = s3.join("myarchive");
    small_archive(&archive);
    let elsewhere = dir.path().join("elsewhere");
    // s3 as an earlier ogi output holding the archive: refused, nothing touched.
    analyze(&archive, &elsewhere).success();
    analyze(&archive, &s3)
        .code(2)
        .stderr(contains("is a folder holding the archive"));
    assert_eq!(names(&archive), ["003.txt", "004.txt"]);
    assert_eq!(names(&s3), ["myarchive"]);
    // The archive itself, or a folder inside it.
    analyze(&archive, &archive)
        .code(2)
        .stderr(contains("is the same folder as the archive"));
    analyze(&archive, &archive.join("out"))
        .code(2)
        .stderr(contains("is inside the archive"));
    assert_eq!(names(&archive), ["003.txt", "004.txt"]);
}

#[test]
fn a_folder_with_a_manifest_ogi_did_not_write_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    small_archive(&archive);
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("manifest.json"), "{}").unwrap();
    std::fs::write(mine.join("thesis.docx"), b"my thesis").unwrap();
    analyze(&archive, &mine).code(2).stderr(contains(
        "holds files ogi did not write (manifest.json, thesis.docx)",
    ));
    assert_eq!(
        std::fs::read(mine.join("thesis.docx")).unwrap(),
        b"my thesis"
    );
    // An ogi output the user then put a file into is not replaced either.
    let out = dir.path().join("out");
    analyze(&archive, &out).success();
    std::fs::write(out.join("notes.txt"), b"mine").unwrap();
    analyze(&archive, &out)
        .code(2)
        .stderr(contains("holds files ogi did not write (notes.txt)"));
    assert!(out.join("notes.txt").is_file());
    // Nothing was written beside a refused folder.
    assert!(!dir.path().join(".mine.ogi-lock").exists());
}

#[test]
fn an_output_of_the_first_layout_is_recognised_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    small_archive(&archive);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(
        out.join("manifest.json"),
        r#"{"tool": "ogi", "parser_version": "ogi-0.1.0", "files": 2, "tables": ["reports.parquet"]}"#,
    )
    .unwrap();
    std::fs::write(out.join("reports.parquet"), b"old").unwrap();
    analyze(&archive, &out).success();
    assert_eq!(parquet(&out.join("reports.parquet")).height(), 2);
}

/// Moves a complete output aside as a kill between the two renames of the swap leaves it.
fn killed_between_renames(out: &Path) {
    let parent = out.parent().unwrap();
    let new = parent.join(".out.ogi-new");
    let old = parent.join(".out.ogi-old");
    copy_dir(out, &new);
    std::fs::rename(out, old).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn a_swap_killed_between_its_renames_is_finished_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    small_archive(&archive);
    let out = dir.path().join("out");
    analyze(&archive, &out).success();
    killed_between_renames(&out);
    // A staging folder of a dead run, and one holding a file ogi did not write.
    let stale = dir.path().join(".out.ogi-tmp-999999");
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join(".ogi-staging"), "x").unwrap();
    std::fs::write(stale.join("reports.parquet"), "half").unwrap();
    analyze(&archive, &out)
        .success()
        .stderr(contains(
            "finished putting in place the output of an interrupted run",
        ))
        .stderr(contains("removed the staging folder of an interrupted run"));
    assert_eq!(names(dir.path()), [".out.ogi-lock", "archive", "out"]);
    assert_eq!(parquet(&out.join("reports.parquet")).height(), 2);
    // Only the output moved aside: it is restored.
    std::fs::rename(&out, dir.path().join(".out.ogi-old")).unwrap();
    analyze(&archive, &out)
        .success()
        .stderr(contains("restored the previous output"));
    assert_eq!(names(dir.path()), [".out.ogi-lock", "archive", "out"]);
}

#[test]
fn a_run_killed_at_any_instant_leaves_an_output_the_next_run_uses() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    small_archive(&archive);
    std::fs::copy(sample("000"), archive.join("000.txt")).unwrap();
    let out = dir.path().join("out");
    analyze(&archive, &out).success();
    let bin = assert_cmd::cargo::cargo_bin("ogi");
    for delay_ms in [0u64, 5, 20, 40, 80, 150, 250, 400] {
        let mut child = std::process::Command::new(&bin)
            .arg("analyze")
            .arg(&archive)
            .arg("--out")
            .arg(&out)
            .arg("--full")
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Whatever the instant, the next run finds a complete output or finishes the swap.
        analyze(&archive, &out).success();
        assert_eq!(
            parquet(&out.join("reports.parquet")).height(),
            3,
            "after {delay_ms} ms"
        );
        assert_eq!(names(dir.path()), [".out.ogi-lock", "archive", "out"]);
    }
}

#[test]
fn a_second_run_on_a_locked_folder_exits_2_and_a_stale_lock_does_not_block() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    small_archive(&archive);
    let out = dir.path().join("out");
    // A lock file left by a crashed run, holding a pid, is no lock.
    std::fs::write(
        dir.path().join(".out.ogi-lock"),
        "pid 4242, started 2026-01-01T00:00:00Z",
    )
    .unwrap();
    analyze(&archive, &out).success();
    // A live holder blocks.
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.path().join(".out.ogi-lock"))
        .unwrap();
    lock.try_lock().unwrap();
    analyze(&archive, &out)
        .code(2)
        .stderr(contains("another ogi run is writing"))
        .stderr(contains("wait for it to finish, or choose another --out"));
    assert_eq!(parquet(&out.join("reports.parquet")).height(), 2);
    drop(lock);
    analyze(&archive, &out).success();
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_distinct_reports() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    std::fs::create_dir(&archive).unwrap();
    for name in [&b"n_\xff.txt"[..], b"n_\xfe.txt", b"\xb1\xa8\xb8\xe6.txt"] {
        std::fs::copy(
            sample("004"),
            archive.join(std::ffi::OsStr::from_bytes(name)),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    analyze(&archive, &out).success();
    let reports = parquet(&out.join("reports.parquet"));
    let ids: Vec<_> = strs(&reports, "report_id").into_iter().flatten().collect();
    assert_eq!(ids, ["n_\\xfe.txt", "n_\\xff.txt", "报告.txt"]);
    assert_eq!(
        strs(&reports, "raw_path"),
        [
            Some("6e5ffe2e747874".to_owned()),
            Some("6e5fff2e747874".to_owned()),
            Some("b1a8b8e62e747874".to_owned())
        ]
    );
    // Same bytes: the later two repeat the first.
    assert_eq!(
        strs(&reports, "duplicate_of"),
        [
            None,
            Some("n_\\xfe.txt".to_owned()),
            Some("n_\\xfe.txt".to_owned())
        ]
    );
}

#[cfg(unix)]
#[test]
fn hidden_entries_links_and_fifos_get_a_row_saying_why_they_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    small_archive(&archive);
    std::fs::write(archive.join(".DS_Store"), b"x").unwrap();
    std::fs::create_dir(archive.join(".git")).unwrap();
    std::fs::write(archive.join(".git/HEAD"), b"ref").unwrap();
    std::os::unix::fs::symlink(archive.join("003.txt"), archive.join("link.txt")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(archive.join("pipe.txt"))
        .status()
        .is_ok_and(|s| s.success());
    let out = dir.path().join("out");
    analyze(&archive, &out)
        .success()
        .stderr(contains(if fifo { "6 files" } else { "5 files" }));
    let reports = parquet(&out.join("reports.parquet"));
    let rows: Vec<(String, String, String)> = (0..reports.height())
        .map(|i| {
            (
                strs(&reports, "report_id")[i].clone().unwrap(),
                strs(&reports, "status")[i].clone().unwrap(),
                strs(&reports, "error")[i].clone().unwrap_or_default(),
            )
        })
        .collect();
    let mut expected = vec![
        (
            ".DS_Store",
            "skipped",
            "hidden file (name starts with '.'): not read",
        ),
        (
            ".git",
            "skipped",
            "hidden folder (name starts with '.'): not entered, its files not read",
        ),
        ("003.txt", "partial", ""),
        ("004.txt", "ok", ""),
        ("link.txt", "skipped", "symbolic link: not followed"),
    ];
    if fifo {
        expected.push((
            "pipe.txt",
            "skipped",
            "named pipe (FIFO): not a regular file, not opened",
        ));
    }
    let expected: Vec<(String, String, String)> = expected
        .into_iter()
        .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn a_closed_stdout_ends_inspect_quietly_with_the_broken_pipe_status() {
    use std::io::Read;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ogi"))
        .args(["inspect", "--json"])
        .arg(sample("000"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before ogi has written anything (`ogi inspect … | head -0`).
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(141), "stderr: {stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn a_closed_stderr_does_not_stop_a_run() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    small_archive(&archive);
    let out = dir.path().join("out");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ogi"))
        .arg("analyze")
        .arg(&archive)
        .arg("--out")
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert_eq!(parquet(&out.join("reports.parquet")).height(), 2);
}
