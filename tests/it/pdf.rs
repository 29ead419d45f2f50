//! PDFs made by office software (tests/fixtures/pdf, see its SOURCES.md): a report laid out as
//! the national template in a .docx and exported by LibreOffice, read by the words' positions;
//! the same PDF rasterised with no text layer, read by OCR (the publish rule for OCR'd numbers
//! is unit-tested in `extract/ocr.rs`). The OCR tests need tesseract with chi_sim (`make test`
//! installs it).

use std::path::Path;

use ogi::model::{CellSource, Severity};
use serde_json::Value;

use crate::corpus::{check_extraction, score};
use crate::util::{app_row, proactive, review, rules};

fn fixture(name: &str) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
    std::fs::read(dir.join(name)).expect("fixture")
}

fn truth() -> Value {
    serde_json::from_slice(&fixture("office-2019-blank-orgs.json")).expect("truth json")
}

/// Section 三 printed with its five 法人或其他组织 columns blank: each row has two numbers for
/// seven columns, and each stays in its column (自然人, 总计), the blanks null.
#[test]
fn libreoffice_pdf_with_blank_org_columns_reads_every_cell() {
    let o =
        ogi::pipeline::process_bytes("office.pdf", &fixture("office-2019-blank-orgs.pdf"), None);
    assert_eq!(o.status().as_str(), "ok");
    let e = o.into_extraction().expect("a report");
    check_extraction("office-2019-blank-orgs", &e, &truth(), &[]);
    let blank = |n: i64| vec![Some(n), None, None, None, None, None, Some(n)];
    assert_eq!(app_row(&e, "new_received"), blank(139));
    assert_eq!(app_row(&e, "withheld_third_party"), blank(21));
    assert_eq!(app_row(&e, "total_handled"), blank(137));
    assert_eq!(review(&e)[&("review", "total")], Some(5));
    assert!(rules(&e, Severity::Warning).is_empty(), "{:?}", e.findings);
}

/// The title wraps at 18 pt (`…2019 年政府信息公开工作` / `年度报告`): one title, the body from it.
#[test]
fn a_wrapped_big_font_title_is_one_title() {
    let o =
        ogi::pipeline::process_bytes("office.pdf", &fixture("office-2019-blank-orgs.pdf"), None);
    let e = o.into_extraction().expect("a report");
    assert_eq!(
        e.meta.title.as_deref(),
        Some("嘉兴市秀洲区王江泾镇人民政府2019年政府信息公开工作年度报告")
    );
    assert_eq!(
        e.meta.agency.as_deref(),
        Some("嘉兴市秀洲区王江泾镇人民政府")
    );
}

/// A 2019 row printed `政府集中采购 15 6805947.43 元`: 15 items and 680.594743 万元.
#[test]
fn procurement_in_yuan_with_a_space_before_the_unit() {
    let o =
        ogi::pipeline::process_bytes("office.pdf", &fixture("office-2019-blank-orgs.pdf"), None);
    let e = o.into_extraction().expect("a report");
    let p = proactive(&e);
    assert_eq!(p[&("procurement", "items")], Some(15.0));
    assert_eq!(p[&("procurement", "amount_wan_yuan")], Some(680.594743));
    let amount = e
        .findings
        .iter()
        .find(|f| f.rule == "unit_converted")
        .expect("the conversion is recorded");
    assert_eq!(amount.actual.as_deref(), Some("6805947.43 元"));
}

/// The same PDF rasterised at 150 dpi with no text layer: read by OCR, every number published
/// is the truth's, with source `ocr` and its confidence.
#[test]
fn scanned_pdf_is_read_by_ocr_and_never_gives_a_wrong_number() {
    let o = ogi::pipeline::process_bytes(
        "scan.pdf",
        &fixture("office-2019-blank-orgs-scan.pdf"),
        None,
    );
    let e = o.into_extraction().expect("a report read by OCR");
    assert_eq!(
        e.meta.agency.as_deref(),
        Some("嘉兴市秀洲区王江泾镇人民政府")
    );
    assert_eq!((e.meta.year, e.template.as_str()), (Some(2019), "2019"));
    let (tables, pro) = score(&e, &truth());
    assert!(
        tables.wrong.is_empty() && pro.wrong.is_empty(),
        "{:?} {:?}",
        tables.wrong,
        pro.wrong
    );
    let correct = tables.matched + pro.matched;
    let total = correct + tables.missed.len() + pro.missed.len();
    assert!(correct * 10 >= total * 9, "{correct}/{total} cells");
    let cell = e
        .applications
        .iter()
        .find(|c| c.row.key() == "total_handled" && c.applicant.key() == "natural_person")
        .expect("cell");
    assert_eq!(cell.value, Some(137));
    assert_eq!(cell.prov.source, CellSource::Ocr);
    assert!(cell.prov.confidence.is_some_and(|c| c > 50.0));
    assert_eq!(
        app_row(&e, "new_received"),
        vec![Some(139), None, None, None, None, None, Some(139)]
    );
    assert!(rules(&e, Severity::Info).contains(&"ocr_read"));
}

/// With no tesseract on the PATH a scanned PDF is skipped, saying how to install it.
#[test]
fn a_scan_without_tesseract_is_skipped_with_how_to_install_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).expect("bin dir");
    for tool in ["pdftotext", "pdftoppm"] {
        let found = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
            .map(|p| p.join(tool))
            .find(|p| p.exists())
            .expect("poppler-utils installed");
        std::os::unix::fs::symlink(found, bin.join(tool)).expect("link");
    }
    let archive = dir.path().join("archive");
    std::fs::create_dir(&archive).expect("archive");
    std::fs::write(
        archive.join("scan.pdf"),
        fixture("office-2019-blank-orgs-scan.pdf"),
    )
    .expect("write");
    let out = dir.path().join("out");
    crate::util::ogi()
        .env("PATH", &bin)
        .args(["analyze", "--quiet", "--out"])
        .arg(&out)
        .arg(&archive)
        .assert()
        .success();
    let reports = crate::util::parquet(&out.join("reports.parquet"));
    let error = crate::util::strs(&reports, "error");
    let status = crate::util::strs(&reports, "status");
    assert_eq!(status[0].as_deref(), Some("skipped"));
    assert!(
        error[0].as_deref().is_some_and(|e| e.starts_with(
            "no text layer (scanned PDF): OCR needs tesseract with its Simplified Chinese data (Debian/Ubuntu packages tesseract-ocr and tesseract-ocr-chi-sim"
        )),
        "{error:?}"
    );
}

/// A report's cells, keyed `row/column`, from an extraction.
fn cells(e: &ogi::model::Extraction) -> std::collections::BTreeMap<String, Option<f64>> {
    let mut out = std::collections::BTreeMap::new();
    for c in &e.applications {
        let key = format!("{}/{}", c.row.key(), c.applicant.key());
        out.insert(key, c.value.map(|v| v as f64));
    }
    for c in &e.review {
        let key = format!("{}/{}", c.proceeding.key(), c.outcome.key());
        out.insert(key, c.value.map(|v| v as f64));
    }
    for c in &e.proactive {
        out.insert(format!("{}/{}", c.item.key(), c.measure.key()), c.value);
    }
    out
}

/// The office fixtures of the .doc work (tests/fixtures/office: four real reports laid out as
/// the template in a .docx, then LibreOffice's PDF of it and that PDF rasterised): each PDF gives
/// exactly the cells of its .docx; the scan (B017's, with blank 总计 cells) gives the same cells
/// or null, never a different number.
#[test]
fn libreoffice_pdfs_and_a_scan_give_the_cells_of_their_docx() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/office");
    let read = |name: &str| {
        let bytes = std::fs::read(dir.join(name)).expect("fixture");
        let o = ogi::pipeline::process_bytes(name, &bytes, None);
        let why = o.error().map(str::to_owned);
        o.into_extraction()
            .unwrap_or_else(|| panic!("{name}: {why:?}"))
    };
    for id in ["A002", "B005", "B007", "B017"] {
        let docx = read(&format!("{id}.docx"));
        let pdf = read(&format!("{id}.pdf"));
        assert_eq!(cells(&pdf), cells(&docx), "{id}.pdf");
        assert_eq!(pdf.meta.agency, docx.meta.agency, "{id}.pdf agency");
        assert_eq!(pdf.meta.year, docx.meta.year, "{id}.pdf year");
    }
    let docx = cells(&read("B017.docx"));
    let scan = read("B017-scan.pdf");
    assert_eq!(
        scan.meta.agency.as_deref(),
        Some("平潭综合实验区经济发展局")
    );
    let mut same = 0;
    for (key, value) in cells(&scan) {
        match value {
            Some(v) => {
                assert_eq!(Some(Some(v)), docx.get(&key).copied(), "{key}");
                same += 1;
            }
            None if docx.get(&key) == Some(&None) => same += 1,
            None => {}
        }
    }
    assert!(same * 10 >= docx.len() * 9, "{same}/{} cells", docx.len());
}
