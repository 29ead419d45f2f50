//! `make bench`: throughput of `ogi analyze` over a generated archive of 10,000 report files
//! (the sample's text reports in UTF-8, GB18030, UTF-16LE with BOM and CRLF variants, in 100 folders),
//! walk to written Parquet, reported as reports/s and MB/s. Run in release mode by cargo bench.

use std::path::Path;
use std::time::Instant;

const FILES: usize = 10_000;
const RUNS: usize = 3;

fn variants(text: &str) -> Vec<Vec<u8>> {
    let (gb, _, _) = encoding_rs::GB18030.encode(text);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    vec![
        text.as_bytes().to_vec(),
        gb.into_owned(),
        utf16,
        text.replace('\n', "\r\n").into_bytes(),
    ]
}

fn generate(root: &Path) -> std::io::Result<u64> {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    let mut pool = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&sample)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    names.sort();
    // The text reports only, so that figures stay comparable from one version to the next.
    for path in names
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        if let Ok(text) = std::fs::read_to_string(&path) {
            pool.extend(variants(&text));
        }
    }
    let mut bytes = 0;
    for i in 0..FILES {
        let dir = root.join(format!("d{:03}", i % 100));
        std::fs::create_dir_all(&dir)?;
        let body = &pool[i % pool.len()];
        std::fs::write(dir.join(format!("report-{i:05}.txt")), body)?;
        bytes += body.len() as u64;
    }
    Ok(bytes)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let archive = dir.path().join("archive");
    let bytes = generate(&archive)?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "archive: {FILES} files, {:.1} MB; {threads} threads; best of {RUNS} runs",
        bytes as f64 / 1e6
    );
    let mut best = f64::MAX;
    for run in 1..=RUNS {
        let config = ogi::config::Config {
            archive: archive.clone(),
            out: dir.path().join(format!("out{run}")),
            encoding: None,
            threads,
            strict: false,
            quiet: true,
            full: true,
        };
        let start = Instant::now();
        let summary = ogi::app::run(&config)?;
        let secs = start.elapsed().as_secs_f64();
        assert_eq!(summary.files, FILES as u64);
        println!(
            "run {run}: {secs:.2} s ({} ok, {} partial)",
            summary.ok, summary.partial
        );
        best = best.min(secs);
    }
    println!(
        "throughput: {:.0} reports/s, {:.1} MB/s",
        FILES as f64 / best,
        bytes as f64 / 1e6 / best
    );
    Ok(())
}
