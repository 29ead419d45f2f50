//! The same report in every encoding and line ending an archive holds gives exactly the same cells.

use encoding_rs::GB18030;
use ogi::model::{EncodingSource, Status};

use crate::util::*;

fn outcome(bytes: &[u8]) -> ogi::model::FileOutcome {
    ogi::pipeline::process_bytes("seed", bytes, None)
}

#[test]
fn re_encoded_seeds_give_identical_cells() {
    for seed in ["000", "002", "003", "004"] {
        let text = seed_text(seed);
        let original = outcome(text.as_bytes());
        let expected = if seed == "003" {
            Status::Partial
        } else {
            Status::Ok
        };
        assert_eq!(original.status(), expected);
        let (gb, _, unmappable) = GB18030.encode(&text);
        assert!(!unmappable);
        let mut utf8_bom = vec![0xEF, 0xBB, 0xBF];
        utf8_bom.extend(text.as_bytes());
        let variants: [(&str, Vec<u8>, &str, EncodingSource); 5] = [
            (
                "gb18030",
                gb.into_owned(),
                "GB18030",
                EncodingSource::Detected,
            ),
            (
                "utf-16le bom",
                utf16(&text, false, true),
                "UTF-16LE",
                EncodingSource::Bom,
            ),
            (
                "utf-16be bom",
                utf16(&text, true, true),
                "UTF-16BE",
                EncodingSource::Bom,
            ),
            ("utf-8 bom", utf8_bom, "UTF-8", EncodingSource::Bom),
            (
                "crlf",
                text.replace('\n', "\r\n").into_bytes(),
                "UTF-8",
                EncodingSource::ValidUtf8,
            ),
        ];
        for (name, bytes, encoding, source) in variants {
            let o = outcome(&bytes);
            assert_eq!(
                (o.record.encoding, o.record.encoding_source),
                (Some(encoding), Some(source)),
                "{seed} {name}"
            );
            assert!(!o.record.had_decode_errors, "{seed} {name}");
            assert_eq!(
                o.extraction(),
                original.extraction(),
                "{seed} {name}: cells differ"
            );
        }
    }
}

#[test]
fn utf16_without_bom_is_detected() {
    let text = seed_text("003");
    let o = outcome(&utf16(&text, false, false));
    assert_eq!(
        (o.record.encoding, o.record.encoding_source),
        (Some("UTF-16LE"), Some(EncodingSource::Detected))
    );
    assert_eq!(o.extraction(), outcome(text.as_bytes()).extraction());
}

/// A mirror site's traditional-character copy of a report reads as the report (converted to
/// simplified before reading, with a `traditional_script` note).
#[test]
fn a_traditional_character_copy_gives_the_same_cells() {
    // Enough of the characters a traditional copy changes for every label to differ.
    const PAIRS: [(char, char); 24] = [
        ('开', '開'),
        ('报', '報'),
        ('处', '處'),
        ('罚', '罰'),
        ('条', '條'),
        ('项', '項'),
        ('规', '規'),
        ('范', '範'),
        ('许', '許'),
        ('强', '強'),
        ('费', '費'),
        ('议', '議'),
        ('诉', '訴'),
        ('讼', '訟'),
        ('结', '結'),
        ('维', '維'),
        ('纠', '糾'),
        ('审', '審'),
        ('计', '計'),
        ('请', '請'),
        ('数', '數'),
        ('业', '業'),
        ('机', '機'),
        ('况', '況'),
    ];
    let seed = seed_text("004");
    let traditional: String = seed
        .chars()
        .map(|c| PAIRS.iter().find(|(s, _)| *s == c).map_or(c, |(_, t)| *t))
        .collect();
    assert!(traditional.contains("公開") && !traditional.contains("公开"));
    let original = ogi::pipeline::process_bytes("004", seed.as_bytes(), None);
    let copy = ogi::pipeline::process_bytes("004t", traditional.as_bytes(), None);
    let (a, b) = (
        original.into_extraction().expect("report"),
        copy.into_extraction().expect("report"),
    );
    assert_eq!(apps(&a), apps(&b));
    assert_eq!(review(&a), review(&b));
    assert_eq!(proactive(&a), proactive(&b));
    assert_eq!(a.meta.year, b.meta.year);
    assert!(b.findings.iter().any(|f| f.rule == "traditional_script"));
}
