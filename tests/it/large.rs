//! Large and damaged inputs: NUL bytes in a text report, a report repeated into megabytes, and
//! a fuzz over mutated real reports (bytes flipped, inserted, cut; tags and sections repeated):
//! every input gets an outcome with a status, never a panic.

use ogi::model::{FileOutcome, Reading, Severity};
use proptest::prelude::*;

use crate::formats::shanghai_html;
use crate::util::*;

fn process(name: &str, bytes: &[u8]) -> FileOutcome {
    ogi::pipeline::process_bytes(name, bytes, None)
}

#[test]
fn nul_bytes_are_dropped_with_a_warning_and_the_cells_kept() {
    let text = seed_text("002");
    let clean = process("002.txt", text.as_bytes());
    let mut bytes = text.clone().into_bytes();
    let mid = text.find('\n').unwrap() + 1;
    bytes.insert(mid, 0);
    bytes.extend([0u8; 512]);
    let o = process("002.txt", &bytes);
    assert_eq!(o.status(), clean.status());
    let (e, c) = (
        o.into_extraction().expect("read"),
        clean.into_extraction().expect("read"),
    );
    assert_eq!(apps(&e), apps(&c));
    assert_eq!(review(&e), review(&c));
    assert_eq!(proactive(&e), proactive(&c));
    assert_eq!(e.meta.year, Some(2020));
    let nul: Vec<&str> = e
        .findings
        .iter()
        .filter(|f| f.rule.as_str() == "nul_bytes")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        nul,
        ["513 NUL byte(s) dropped from the text before reading"]
    );
}

#[test]
fn utf16_reports_keep_their_nuls_and_read_as_before() {
    let text = seed_text("002");
    let clean = seed("002");
    for bom in [true, false] {
        let o = process("002.txt", &utf16(&text, false, bom));
        let e = o.into_extraction().expect("read");
        assert_eq!(apps(&e), apps(&clean), "bom {bom}");
        assert!(e.findings.iter().all(|f| f.rule.as_str() != "nul_bytes"));
    }
}

#[test]
fn a_report_repeated_into_megabytes_reads_its_first_copy() {
    // 400 copies, 3.3 MB: each section is read once, from its first heading (the release build
    // reads 60 MB of copies in seconds; `make bench` measures the rate).
    let text = seed_text("000");
    let big = text.repeat(400);
    let o = process("big.txt", big.as_bytes());
    let e = o.into_extraction().expect("read");
    assert_eq!(e.meta.year, Some(2020));
    assert_eq!(apps(&e), apps(&seed("000")));
}

/// A real report or page with one mutation.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    let sources = prop_oneof![
        Just(seed_text("000").into_bytes()),
        Just(seed_text("003").into_bytes()),
        Just(shanghai_html().into_bytes()),
    ];
    (sources, 0usize..6, any::<u64>(), any::<u8>()).prop_map(|(mut b, kind, at, byte)| {
        let i = (at as usize) % b.len().max(1);
        match kind {
            0 => b[i] ^= byte | 1,
            1 => b.insert(i, byte),
            2 => b.truncate(i),
            3 => {
                let piece = b[i..(i + 4096).min(b.len())].to_vec();
                b.splice(i..i, piece.iter().copied().cycle().take(piece.len() * 20));
            }
            4 => b
                .splice(i..i, b"<table><tr><td rowspan=\"9\">".repeat(50))
                .for_each(drop),
            _ => b
                .splice(i..i, [0u8, 0xff, 0xfe, b'\r', 0x1b])
                .for_each(drop),
        }
        b
    })
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// Any bytes get an outcome: ok without an error finding, partial with one, failed or
    /// skipped with a reason in words.
    #[test]
    fn fuzz_mutated_reports_never_panic(bytes in mutated(), html in any::<bool>()) {
        let name = if html { "fuzz.html" } else { "fuzz.txt" };
        let o = process(name, &bytes);
        prop_assert_eq!(o.record.bytes, bytes.len() as u64);
        let errors = o.count(Severity::Error);
        match &o.reading {
            Reading::Ok(_) => prop_assert_eq!(errors, 0),
            Reading::Partial(_) => prop_assert!(errors > 0),
            Reading::Failed(why) | Reading::Skipped(why) => prop_assert!(!why.is_empty()),
        }
    }
}
