//! Helpers: the sample archive's files, extraction grids, temporary archives, the binary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ogi::model::{Extraction, Severity};

/// A text report of the committed sample archive (a seed), by its number.
pub fn sample(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    std::fs::read_dir(&dir)
        .expect("data/sample exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            let file = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            file.starts_with(name) && file.ends_with(".txt")
        })
        .unwrap_or_else(|| panic!("no sample file starting with {name}"))
}

/// The text of a seed report.
pub fn seed_text(prefix: &str) -> String {
    std::fs::read_to_string(sample(prefix)).expect("seed is UTF-8")
}

/// A seed report extracted.
pub fn seed(prefix: &str) -> Extraction {
    ogi::pipeline::read_text(&seed_text(prefix)).expect("seed is a report")
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
        .map(|f| f.rule.as_str())
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

/// A .docx whose document.xml body is `body` (WordprocessingML), zipped as Word does.
pub fn docx_with_body(body: &str) -> Vec<u8> {
    use std::io::Write;
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap();
    out.into_inner()
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

/// Section 三 row labels as the 2019 template prints them, in order.
pub const APP_LABELS: [(&str, &str); 23] = [
    ("new_received", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("granted", "三、本年度办理结果（一）予以公开"),
    (
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    ("withheld_state_secret", "（三）不予公开1.属于国家秘密"),
    ("withheld_law_prohibited", "2.其他法律行政法规禁止公开"),
    ("withheld_security_stability", "3.危及“三安全一稳定”"),
    ("withheld_third_party", "4.保护第三方合法权益"),
    ("withheld_internal_affairs", "5.属于三类内部事务信息"),
    ("withheld_process_info", "6.属于四类过程性信息"),
    ("withheld_enforcement_file", "7.属于行政执法案卷"),
    ("withheld_administrative_query", "8.属于行政查询事项"),
    (
        "unable_not_held",
        "（四）无法提供1.本机关不掌握相关政府信息",
    ),
    ("unable_needs_creation", "2.没有现成信息需要另行制作"),
    ("unable_unclear", "3.补正后申请内容仍不明确"),
    (
        "not_processed_petition",
        "（五）不予处理1.信访举报投诉类申请",
    ),
    ("not_processed_duplicate", "2.重复申请"),
    ("not_processed_publication", "3.要求提供公开出版物"),
    ("not_processed_excessive", "4.无正当理由大量反复申请"),
    (
        "not_processed_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
    ),
    ("other", "（六）其他处理"),
    ("total_handled", "（七）总计"),
    ("carried_forward", "四、结转下年度继续办理"),
];

/// A 2019-template report as tab-separated rows, with `prose` after the title.
pub fn tsv_report(
    title: &str,
    prose: &str,
    apps: &BTreeMap<&str, Vec<String>>,
    review: &[&str],
) -> String {
    let mut s = format!(
        "{title}\n{prose}\n二、主动公开政府信息情况\n第二十条第（一）项\t\t\t\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n"
    );
    s.push_str("三、收到和处理政府信息公开申请情况\n\t申请人情况\t\t\t\t\t\t总计\n");
    for (key, label) in APP_LABELS {
        if let Some(cells) = apps.get(key) {
            s.push_str(&format!("{label}\t{}\n", cells.join("\t")));
        }
    }
    s.push_str("四、政府信息公开行政复议、行政诉讼情况\n行政复议\t\t\t\t\t行政诉讼\n");
    s.push_str(&review.join("\t"));
    s.push_str("\n五、存在的主要问题及改进情况\n无。\n");
    s
}

/// Every section 三 row of zeros.
pub fn zero_apps() -> BTreeMap<&'static str, Vec<String>> {
    APP_LABELS
        .iter()
        .map(|(k, _)| (*k, vec!["0".to_owned(); 7]))
        .collect()
}

/// Fifteen section 四 zeros.
pub const ZERO_REVIEW: [&str; 15] = ["0"; 15];
