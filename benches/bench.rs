//! `make bench` (the `ogi-bench` binary): what a run costs, measured on generated archives of unique reports (each file
//! gets its own agency line, so neither the bytes nor the reports repeat), with the release
//! binary run as a child process (its wall time and peak memory from `wait4`).
//!
//! 1. Throughput: 10,000 unique reports (the five seeds and the 120 KB B007 web page, each in
//!    UTF-8, GB18030 and UTF-16LE), `ogi analyze --full`, best of three, beside
//!    `rg --encoding gbk` counting one label over the same files (the floor of reading and
//!    decoding the bytes), and the ratio.
//! 2. Per format: reports/s and MB/s over archives of one format each (txt, html, pdf, docx).
//! 3. Nightly at scale: `OGI_BENCH_REPORTS` (default 100,000) unique text reports read in full,
//!    then 1 % new, 0.1 % changed and 0.1 % removed files read incrementally, then a fresh full
//!    run whose tables must equal the incremental run's.
//! 4. Large files: one report (seed 000) repeated to 3, 11, 28 and 60 MB, one file a run: time
//!    and peak memory must grow linearly with the size.
//!
//! `OGI_BENCH_ONLY=throughput|formats|nightly|large` runs one part; `OGI_BENCH_KEEP=1` keeps the
//! generated archives (for profiling).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The release `ogi` binary, beside this one.
fn bin() -> PathBuf {
    let me = std::env::current_exe().expect("own path");
    me.with_file_name("ogi")
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/sample")
        .join(name)
}

/// The sample's text reports and web page, as text.
fn bases(with_html: bool) -> Vec<String> {
    let mut names: Vec<_> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample"))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension()
                    .is_some_and(|e| e == "txt" || (with_html && e == "html"))
            })
            .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// Real place names to make agencies of: (city, county).
fn places() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/gazetteer");
    let field = |line: &str, i: usize| -> String {
        line.split(',')
            .nth(i)
            .unwrap_or_default()
            .trim_matches('"')
            .to_owned()
    };
    let cities: std::collections::HashMap<String, String> =
        std::fs::read_to_string(dir.join("cities.csv"))
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| (field(l, 0), field(l, 1)))
            .collect();
    std::fs::read_to_string(dir.join("areas.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| {
            let city = cities.get(&field(l, 2))?;
            let city = if city == "市辖区" { "" } else { city };
            Some((city.to_owned(), field(l, 1)))
        })
        .collect()
}

const DEPARTMENTS: [&str; 12] = [
    "人民政府",
    "人民政府办公室",
    "教育局",
    "财政局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "卫生健康委员会",
    "市场监督管理局",
    "应急管理局",
];

/// The agency line that makes report `i` unique; `generation` changes it for "changed" files.
fn title(places: &[(String, String)], i: usize, generation: usize) -> String {
    let (city, county) = &places[i % places.len()];
    let dept = DEPARTMENTS[(i / places.len()) % DEPARTMENTS.len()];
    let round = i / (places.len() * DEPARTMENTS.len());
    let year = 2019 + (round % 7) + generation;
    let office = if round >= 7 {
        format!("第{}办公室", round / 7)
    } else {
        String::new()
    };
    format!("{city}{county}{dept}{office}{year}年政府信息公开工作年度报告")
}

fn encode(text: &str, variant: usize) -> Vec<u8> {
    match variant % 3 {
        0 => text.as_bytes().to_vec(),
        1 => encoding_rs::GB18030.encode(text).0.into_owned(),
        _ => {
            let mut utf16 = vec![0xFF, 0xFE];
            utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            utf16
        }
    }
}

/// Report `i`: a base text under its own title line, in one of three encodings.
fn report(bases: &[String], places: &[(String, String)], i: usize, generation: usize) -> Vec<u8> {
    let base = &bases[i % bases.len()];
    let title = title(places, i, generation);
    let text = if base.trim_start().starts_with('<') {
        base.replacen("<body", &format!("<p>{title}</p><body"), 1)
    } else {
        format!("{title}\n{base}")
    };
    encode(&text, i / bases.len())
}

fn path_of(root: &Path, i: usize) -> PathBuf {
    root.join(format!("d{:03}/report-{i:07}.txt", i % 1000))
}

fn generate(root: &Path, n: usize, with_html: bool) -> u64 {
    let (bases, places) = (bases(with_html), places());
    let mut bytes = 0;
    for i in 0..n {
        let path = path_of(root, i);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let body = report(&bases, &places, i, 0);
        bytes += body.len() as u64;
        std::fs::write(path, body).unwrap();
    }
    bytes
}

/// Wall time (s) and peak memory (MB) of a child process.
struct Measured {
    secs: f64,
    peak_mb: f64,
    stderr: String,
}

// The child is reaped by wait4 below, which also gives its peak memory (Child::wait does not).
#[allow(clippy::zombie_processes)]
fn measure(cmd: &mut Command) -> Measured {
    let start = Instant::now();
    let child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut stderr = child.stderr.expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut s);
        s
    });
    let mut status = 0;
    // SAFETY: rusage is plain data filled in by the kernel; pid is our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4");
    let secs = start.elapsed().as_secs_f64();
    let stderr = reader.join().unwrap_or_default();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "child failed: {stderr}"
    );
    Measured {
        secs,
        peak_mb: usage.ru_maxrss as f64 / 1024.0,
        stderr,
    }
}

fn analyze(archive: &Path, out: &Path, full: bool) -> Measured {
    let mut cmd = Command::new(bin());
    cmd.arg("analyze").arg(archive).arg("--out").arg(out);
    if full {
        cmd.arg("--full");
    }
    measure(&mut cmd)
}

fn throughput(scratch: &Path) {
    const FILES: usize = 10_000;
    let archive = scratch.join("throughput");
    let bytes = generate(&archive, FILES, true);
    println!(
        "throughput: {FILES} unique reports (5 seeds and the B007 page in UTF-8, GB18030, UTF-16LE), {:.1} MB",
        bytes as f64 / 1e6
    );
    let mut best = f64::MAX;
    for run in 1..=3 {
        let m = analyze(&archive, &scratch.join("throughput-out"), true);
        println!("  ogi run {run}: {:.2} s, peak {:.0} MB", m.secs, m.peak_mb);
        best = best.min(m.secs);
    }
    let rg = Command::new("rg").arg("--version").output().is_ok();
    let mut floor = f64::MAX;
    if rg {
        for _ in 0..3 {
            let m = measure(
                Command::new("rg")
                    .args(["--encoding", "gbk", "-c", "本年新收", "-j"])
                    .arg(
                        std::thread::available_parallelism()
                            .map_or(1, |n| n.get())
                            .to_string(),
                    )
                    .arg(&archive),
            );
            floor = floor.min(m.secs);
        }
    }
    println!(
        "  ogi: {:.2} s, {:.0} reports/s, {:.1} MB/s",
        best,
        FILES as f64 / best,
        bytes as f64 / 1e6 / best
    );
    if rg {
        println!(
            "  rg --encoding gbk: {floor:.2} s; ogi / rg = {:.1}",
            best / floor
        );
    } else {
        println!("  rg not installed (`make bench` installs ripgrep): no ratio");
    }
}

fn formats(scratch: &Path) {
    let one = |name: &str, files: usize, make: &dyn Fn(usize) -> Vec<u8>, ext: &str| {
        let archive = scratch.join(format!("format-{name}"));
        std::fs::create_dir_all(&archive).unwrap();
        let mut bytes = 0;
        for i in 0..files {
            let body = make(i);
            bytes += body.len() as u64;
            std::fs::write(archive.join(format!("r{i:05}.{ext}")), body).unwrap();
        }
        let m = analyze(&archive, &scratch.join(format!("format-{name}-out")), true);
        println!(
            "  {name}: {files} files, {:.1} MB: {:.2} s, {:.0} reports/s, {:.1} MB/s",
            bytes as f64 / 1e6,
            m.secs,
            files as f64 / m.secs,
            bytes as f64 / 1e6 / m.secs
        );
    };
    println!("per format (unique files):");
    let (txt, places) = (bases(false), places());
    one("txt", 3000, &|i| report(&txt, &places, i, 0), "txt");
    let html = std::fs::read_to_string(sample("B007_pingtan_2023.html")).unwrap();
    one(
        "html",
        1000,
        &|i| report(std::slice::from_ref(&html), &places, i, 0),
        "html",
    );
    let pdf = std::fs::read(sample("B006_hongze_2024.pdf")).unwrap();
    one(
        "pdf",
        200,
        &|i| {
            let mut b = pdf.clone();
            b.extend(format!("\n%unique {i}\n").into_bytes());
            b
        },
        "pdf",
    );
    let docx = std::fs::read(sample("003_pingchuan_2020.docx")).unwrap();
    one(
        "docx",
        1000,
        &|i| {
            // A zip comment makes the bytes unique; the document is the same.
            let mut b = docx.clone();
            let n = b.len();
            if b[n - 22..n - 18] == [0x50, 0x4b, 0x05, 0x06] {
                let comment = format!("{i:08}");
                b[n - 2..].copy_from_slice(&(comment.len() as u16).to_le_bytes());
                b.extend(comment.into_bytes());
            }
            b
        },
        "docx",
    );
}

fn nightly(scratch: &Path) {
    let n: usize = std::env::var("OGI_BENCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let archive = scratch.join("nightly");
    let t = Instant::now();
    let bytes = generate(&archive, n, false);
    println!(
        "nightly: {n} unique text reports, {:.0} MB (generated in {:.0} s)",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let out = scratch.join("nightly-out");
    let full = analyze(&archive, &out, false);
    println!(
        "  full run: {:.1} s ({:.0} reports/s), peak {:.0} MB",
        full.secs,
        n as f64 / full.secs,
        full.peak_mb
    );
    // The night: 1 % new files, 0.1 % changed, 0.1 % removed (spread over the archive).
    let (bases, places) = (bases(false), places());
    let (added, changed, removed) = (n / 100, n / 1000, n / 1000);
    for i in n..n + added {
        let path = path_of(&archive, i);
        std::fs::write(path, report(&bases, &places, i, 0)).unwrap();
    }
    for k in 0..changed {
        let i = k * 997 % n;
        std::fs::write(path_of(&archive, i), report(&bases, &places, i, 1)).unwrap();
    }
    for k in 0..removed {
        let i = (k * 991 + 500) % n;
        let _ = std::fs::remove_file(path_of(&archive, i));
    }
    let incr = analyze(&archive, &out, false);
    let summary = incr.stderr.lines().last().unwrap_or_default().to_owned();
    println!(
        "  after {added} new, {changed} changed, {removed} removed: {:.1} s ({:.1} % of the full run), peak {:.0} MB",
        incr.secs,
        100.0 * incr.secs / full.secs,
        incr.peak_mb
    );
    println!("    {summary}");
    let fresh = scratch.join("nightly-fresh");
    let again = analyze(&archive, &fresh, true);
    println!(
        "  fresh full run over the same archive: {:.1} s, peak {:.0} MB",
        again.secs, again.peak_mb
    );
    // Every table but the history of runs and what changed, which differ by design.
    for table in ogi::output::TABLES
        .iter()
        .filter(|t| !matches!(**t, "changes" | "runs"))
    {
        let name = format!("{table}.parquet");
        let same = std::fs::read(out.join(&name)).ok() == std::fs::read(fresh.join(&name)).ok();
        assert!(same, "{name}: the incremental run differs from a full run");
    }
    println!("  the incremental run's tables equal the fresh full run's (byte for byte)");
    let _ = std::io::stdout().flush();
}

fn large(scratch: &Path) {
    let seed = std::fs::read(sample("000_8df5764692c327e7.txt")).expect("seed 000");
    println!("large files (seed 000 repeated, one file a run):");
    for copies in [250, 1000, 2500, 5300] {
        let archive = scratch.join(format!("large-{copies}"));
        std::fs::create_dir_all(&archive).unwrap();
        std::fs::write(archive.join("report.txt"), seed.repeat(copies)).unwrap();
        let m = analyze(&archive, &scratch.join(format!("large-{copies}-out")), true);
        let mb = (seed.len() * copies) as f64 / 1e6;
        println!(
            "  {mb:.1} MB: {:.2} s ({:.1} MB/s), peak {:.0} MB",
            m.secs,
            mb / m.secs,
            m.peak_mb
        );
    }
}

fn main() {
    let base = std::env::var_os("OGI_BENCH_DIR").map_or_else(std::env::temp_dir, PathBuf::from);
    let scratch = base.join(format!("ogi-bench-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("scratch folder");
    let only = std::env::var("OGI_BENCH_ONLY").unwrap_or_default();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("ogi bench: {threads} threads, {}", bin().display());
    if only.is_empty() || only == "throughput" {
        throughput(&scratch);
    }
    if only.is_empty() || only == "formats" {
        formats(&scratch);
    }
    if only.is_empty() || only == "nightly" {
        nightly(&scratch);
    }
    if only.is_empty() || only == "large" {
        large(&scratch);
    }
    if std::env::var_os("OGI_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&scratch);
    } else {
        println!("archives kept in {}", scratch.display());
    }
}
