//! Helpers: the sample archive's files, extraction grids, temporary archives, the binary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ogi::model::{Extraction, Severity};

/// A file of the committed sample archive.
pub fn sample(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    std::fs::read_dir(&dir)
        .expect("data/sample exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(name))
        })
        .unwrap_or_else(|| panic!("no sample file starting with {name}"))
}

/// The text of a seed report.
pub fn seed_text(prefix: &str) -> String {
    std::fs::read_to_string(sample(prefix)).expect("seed is UTF-8")
}

/// A seed report extracted.
pub fn seed(prefix: &str) -> Extraction {
    ogi::app::read_text(&seed_text(prefix)).expect("seed is a report")
}

/// Section 三 as (row, applicant) → value.
pub fn apps(e: &Extraction) -> BTreeMap<(&'static str, &'static str), Option<i64>> {
    e.applications
        .iter()
        .map(|c| ((c.row.key(), c.applicant.key()), c.value))
        .collect()
}

/// One section 三 row's seven values.
pub fn app_row(e: &Extraction, row: &str) -> Vec<Option<i64>> {
    e.applications
        .iter()
        .filter(|c| c.row.key() == row)
        .map(|c| c.value)
        .collect()
}

/// Section 四 as (proceeding, outcome) → value.
pub fn review(e: &Extraction) -> BTreeMap<(&'static str, &'static str), Option<i64>> {
    e.review
        .iter()
        .map(|c| ((c.proceeding.key(), c.outcome.key()), c.value))
        .collect()
}

/// Section 二 as (item, measure) → value.
pub fn proactive(e: &Extraction) -> BTreeMap<(&'static str, &'static str), Option<f64>> {
    e.proactive
        .iter()
        .map(|c| ((c.item.key(), c.measure.key()), c.value))
        .collect()
}

/// Rules of the findings of a severity, in order.
pub fn rules(e: &Extraction, severity: Severity) -> Vec<&'static str> {
    e.findings
        .iter()
        .filter(|f| f.severity == severity)
        .map(|f| f.rule)
        .collect()
}

/// Seven values of a row.
pub fn seven(v: [i64; 7]) -> Vec<Option<i64>> {
    v.iter().map(|&x| Some(x)).collect()
}

/// UTF-16 bytes of a text, with or without a BOM.
pub fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend(if big_endian {
            [0xFE, 0xFF]
        } else {
            [0xFF, 0xFE]
        });
    }
    for unit in text.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

/// The `ogi` binary under test.
pub fn ogi() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("ogi").expect("binary is built")
}

/// Reads a Parquet file back.
pub fn parquet(path: &Path) -> polars::prelude::DataFrame {
    use polars::prelude::{ParquetReader, SerReader};
    ParquetReader::new(std::fs::File::open(path).expect("parquet exists"))
        .finish()
        .expect("parquet reads")
}

/// A string column as owned values.
pub fn strs(df: &polars::prelude::DataFrame, name: &str) -> Vec<Option<String>> {
    df.column(name)
        .expect("column")
        .str()
        .expect("str column")
        .iter()
        .map(|s| s.map(str::to_owned))
        .collect()
}

/// An i64 column.
pub fn ints(df: &polars::prelude::DataFrame, name: &str) -> Vec<Option<i64>> {
    df.column(name)
        .expect("column")
        .i64()
        .expect("i64 column")
        .iter()
        .collect()
}
