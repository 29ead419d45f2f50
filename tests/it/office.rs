//! Word 97-2003 .doc files: the ones LibreOffice made from .docx reports laid out as the
//! national template (tests/fixtures/office, see SOURCES.md) give exactly the cells of the .docx
//! they came from and of the reports' hand-checked truth; a .doc written the Word 97 way
//! (horizontal merges as flagged cells, cells of two paragraphs, a hyperlink field) gives its
//! values; damaged, encrypted, pre-97 and non-Word OLE2 files get their status and reason.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use ogi::model::{AppRow, Applicant, Extraction, FileOutcome, Item, Measure};
use serde_json::Value;

fn fixture(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(file)
}

fn process(name: &str, bytes: &[u8]) -> FileOutcome {
    ogi::pipeline::process_bytes(name, bytes, None)
}

/// The extraction's cells keyed as in the truth files, with their values.
fn values(e: &Extraction) -> Vec<(String, Option<f64>)> {
    let mut out: Vec<(String, Option<f64>)> = Vec::new();
    for c in &e.applications {
        let key = format!("{}/{}", c.row.key(), c.applicant.key());
        out.push((key, c.value.map(|v| v as f64)));
    }
    for c in &e.review {
        let key = format!("{}/{}", c.proceeding.key(), c.outcome.key());
        out.push((key, c.value.map(|v| v as f64)));
    }
    for c in &e.proactive {
        out.push((format!("{}/{}", c.item.key(), c.measure.key()), c.value));
    }
    out
}

/// The truth's cells, keyed the same way.
fn truth_values(truth: &Value) -> Vec<(String, Option<f64>)> {
    let mut out = Vec::new();
    for part in ["applications", "review_litigation", "proactive"] {
        for (row, cols) in truth[part].as_object().expect("section") {
            for (col, v) in cols.as_object().expect("row") {
                out.push((format!("{row}/{col}"), v.as_f64()));
            }
        }
    }
    out
}

#[test]
fn doc_made_by_libreoffice_gives_the_cells_of_its_docx_and_truth() {
    let mut total = 0;
    for id in ["A002", "B005", "B007", "B017"] {
        let doc_bytes = std::fs::read(fixture(&format!("office/{id}.doc"))).expect("doc");
        let docx_bytes = std::fs::read(fixture(&format!("office/{id}.docx"))).expect("docx");
        let o = process(&format!("{id}.doc"), &doc_bytes);
        assert_eq!((o.record.format.as_str(), o.error()), ("doc", None), "{id}");
        let x = process(&format!("{id}.docx"), &docx_bytes);
        assert_eq!(o.status(), x.status(), "{id}");
        let (e, ex) = (
            o.into_extraction().expect("read"),
            x.into_extraction().expect("read"),
        );
        assert_eq!(values(&e), values(&ex), "{id}: cells of the .docx");

        let truth: Value = serde_json::from_slice(
            &std::fs::read(fixture(&format!("corpus/{id}.json"))).expect("truth"),
        )
        .expect("json");
        assert_eq!(e.meta.agency.as_deref(), truth["agency"].as_str(), "{id}");
        assert_eq!(e.meta.year.map(i64::from), truth["year"].as_i64(), "{id}");
        assert_eq!(
            Some(e.template.as_str()),
            truth["template"].as_str(),
            "{id}"
        );
        let ours = values(&e);
        for (key, want) in truth_values(&truth) {
            let got = ours.iter().find(|(k, _)| *k == key).and_then(|(_, v)| *v);
            assert_eq!(got, want, "{id} {key}");
            total += 1;
        }
    }
    assert_eq!(total, 198 + 186 + 200 + 200);
}

#[test]
fn doc_values_a_reader_relies_on() {
    let read = |id: &str| {
        let bytes = std::fs::read(fixture(&format!("office/{id}.doc"))).expect("doc");
        process(id, &bytes).into_extraction().expect("read")
    };
    let b007 = read("B007");
    assert_eq!(b007.app(AppRow::NewReceived, Applicant::Total), Some(81));
    assert_eq!(
        b007.app(AppRow::UnableNotHeld, Applicant::NaturalPerson),
        Some(31)
    );
    assert_eq!(b007.app(AppRow::OtherMisc, Applicant::Total), Some(1));
    assert_eq!(
        b007.proactive(Item::Fees, Measure::AmountWanYuan),
        Some(5949.088667)
    );
    // B017 prints its 予以公开 and 部分公开 totals blank: null, not 0.
    let b017 = read("B017");
    assert_eq!(b017.app(AppRow::Granted, Applicant::Total), None);
    assert_eq!(b017.app(AppRow::Granted, Applicant::NaturalPerson), Some(0));
    // A002 is a 2019-template report: signed changes and procurement in section 二.
    let a002 = read("A002");
    assert_eq!(a002.template.as_str(), "2019");
    assert_eq!(
        a002.proactive(Item::Licensing, Measure::Decisions),
        Some(181.0)
    );
}

/// One paragraph of a Word 97 body: its text with its end mark (`\r`, or `\x07` for a cell),
/// and its paragraph properties.
struct Para(String, Vec<u8>);

const IN_TABLE: [u8; 3] = [0x16, 0x24, 1];

/// A table row the Word 97 way: every grid column is a cell (1000 twips wide) whose flags say
/// whether it starts (`<`) or continues (`-`) a horizontal merge, starts (`^`) or continues
/// (`|`) a vertical one; the row end mark carries the TAP.
fn row(cells: &[&str]) -> Vec<Para> {
    let mut out = Vec::new();
    let mut tap = vec![cells.len() as u8];
    for i in 0..=cells.len() {
        tap.extend((i as u16 * 1000).to_le_bytes());
    }
    for cell in cells {
        let (flags, text) = match cell.chars().next() {
            Some('<') => (0x01u16, &cell[1..]),
            Some('-') => (0x02, &cell[1..]),
            Some('^') => (0x60, &cell[1..]),
            Some('|') => (0x20, &cell[1..]),
            _ => (0, *cell),
        };
        tap.extend(flags.to_le_bytes());
        tap.extend([0; 18]);
        // A cell of two paragraphs: the first ends with \r, still in the table.
        let mut parts: Vec<&str> = text.split('\n').collect();
        let last = parts.pop().unwrap_or_default();
        for p in parts {
            out.push(Para(format!("{p}\r"), IN_TABLE.to_vec()));
        }
        out.push(Para(format!("{last}\x07"), IN_TABLE.to_vec()));
    }
    let mut props = [IN_TABLE, [0x17, 0x24, 1]].concat();
    props.extend([0x08, 0xD6]);
    props.extend((tap.len() as u16 + 1).to_le_bytes());
    props.extend(tap);
    out.push(Para("\x07".into(), props));
    out
}

/// A Word 97 .doc of these paragraphs: a FIB, one UTF-16 piece, a PAPX page per paragraph.
fn word97(paras: &[Para]) -> Vec<u8> {
    const TEXT_AT: usize = 0x400;
    let mut word = vec![0u8; TEXT_AT];
    let put = |w: &mut Vec<u8>, at: usize, v: &[u8]| w[at..at + v.len()].copy_from_slice(v);
    put(&mut word, 0, &[0xEC, 0xA5, 0xC1, 0]);
    put(&mut word, 0x0A, &0x0200u16.to_le_bytes()); // the table stream is 1Table
    put(&mut word, 32, &14u16.to_le_bytes());
    put(&mut word, 62, &22u16.to_le_bytes());
    put(&mut word, 152, &93u16.to_le_bytes());
    let mut bounds = vec![TEXT_AT as u32];
    let mut cp = 0u32;
    for p in paras {
        for u in p.0.encode_utf16() {
            word.extend(u.to_le_bytes());
            cp += 1;
        }
        bounds.push(word.len() as u32);
    }
    put(&mut word, 76, &cp.to_le_bytes());
    let mut pns = Vec::new();
    for (i, p) in paras.iter().enumerate() {
        word.resize(word.len().div_ceil(512) * 512, 0);
        pns.push((word.len() / 512) as u32);
        let mut page = vec![0u8; 512];
        page[..4].copy_from_slice(&bounds[i].to_le_bytes());
        page[4..8].copy_from_slice(&bounds[i + 1].to_le_bytes());
        page[8] = 11; // the PAPX at byte 22
        let mut papx = vec![0, 0]; // the style index
        papx.extend(&p.1);
        let head = if papx.len() % 2 == 1 {
            vec![papx.len().div_ceil(2) as u8]
        } else {
            vec![0, (papx.len() / 2) as u8]
        };
        let papx = [head, papx].concat();
        page[22..22 + papx.len()].copy_from_slice(&papx);
        page[511] = 1;
        word.extend(page);
    }
    let mut table = vec![0x02];
    table.extend(16u32.to_le_bytes());
    table.extend(0u32.to_le_bytes());
    table.extend(cp.to_le_bytes());
    table.extend([0, 0]);
    table.extend((TEXT_AT as u32).to_le_bytes());
    table.extend([0, 0]);
    let clx_len = table.len() as u32;
    let papx_at = table.len() as u32;
    for fc in &bounds {
        table.extend(fc.to_le_bytes());
    }
    for pn in &pns {
        table.extend(pn.to_le_bytes());
    }
    let papx_len = table.len() as u32 - papx_at;
    put(
        &mut word,
        154 + 13 * 8,
        &[papx_at.to_le_bytes(), papx_len.to_le_bytes()].concat(),
    );
    put(
        &mut word,
        154 + 33 * 8,
        &[0u32.to_le_bytes(), clx_len.to_le_bytes()].concat(),
    );
    compound(&[("WordDocument", &word), ("1Table", &table)])
}

/// An OLE2 compound file holding these streams.
fn compound(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut ole = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).expect("cfb");
    for (name, bytes) in streams {
        ole.create_stream(name)
            .expect("stream")
            .write_all(bytes)
            .expect("write");
    }
    ole.flush().expect("flush");
    ole.into_inner().into_inner()
}

fn para(text: &str) -> Vec<Para> {
    vec![Para(format!("{text}\r"), Vec::new())]
}

/// A 2019-template report as Word 97 wrote tables: sections 三 and 四 with their merged
/// headers and label columns; 8 applications from three kinds of applicant, all not held.
fn word97_report() -> Vec<u8> {
    let mut p = para("兴隆县2020年政府信息公开工作年度报告");
    p.extend(para(
        "本报告可在\x13 HYPERLINK \"http://www.xl.gov.cn\" \x14兴隆县人民政府网站\x15查阅。统计期限为2020年1月1日至12月31日。",
    ));
    p.extend(para("三、收到和处理政府信息公开申请情况"));
    p.extend(row(&[
        "<（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "-",
        "-",
        "<申请人情况",
        "-",
        "-",
        "-",
        "-",
        "-",
        "-",
    ]));
    p.extend(row(&[
        "|",
        "|",
        "|",
        "^自然人",
        "<法人或其他组织",
        "-",
        "-",
        "-",
        "-",
        "^总计",
    ]));
    p.extend(row(&[
        "|",
        "|",
        "|",
        "|",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "|",
    ]));
    let eight = ["5", "1", "0", "2", "0", "0", "8"];
    let zeros = ["0"; 7];
    let mut table = |cells: Vec<&str>, values: &[&str]| {
        p.extend(row(&[cells, values.to_vec()].concat()));
    };
    table(vec!["<一、本年新收政府信息公开申请数量", "-", "-"], &eight);
    table(vec!["<二、上年结转政府信息公开申请数量", "-", "-"], &zeros);
    table(vec!["^三、本年度办理结果", "<（一）予以公开", "-"], &zeros);
    table(
        vec![
            "|",
            "<（二）部分公开（区分处理的，\n只计这一情形，不计其他情形）",
            "-",
        ],
        &zeros,
    );
    let groups: [(&str, &[&str]); 3] = [
        (
            "（三）不予公开",
            &[
                "1.属于国家秘密",
                "2.其他法律行政法规禁止公开",
                "3.危及“三安全一稳定”",
                "4.保护第三方合法权益",
                "5.属于三类内部事务信息",
                "6.属于四类过程性信息",
                "7.属于行政执法案卷",
                "8.属于行政查询事项",
            ],
        ),
        (
            "（四）无法提供",
            &[
                "1.本机关不掌握相关政府信息",
                "2.没有现成信息需要另行制作",
                "3.补正后申请内容仍不明确",
            ],
        ),
        (
            "（五）不予处理",
            &[
                "1.信访举报投诉类申请",
                "2.重复申请",
                "3.要求提供公开出版物",
                "4.无正当理由大量反复申请",
                "5.要求行政机关确认或重新出具已获取信息",
            ],
        ),
    ];
    for (group, labels) in groups {
        for (i, label) in labels.iter().enumerate() {
            let head = format!("{}{group}", if i == 0 { "^" } else { "|" });
            let values = if *label == "1.本机关不掌握相关政府信息" {
                &eight
            } else {
                &zeros
            };
            table(vec!["|", &head, label], values);
        }
    }
    table(vec!["|", "<（六）其他处理", "-"], &zeros);
    table(vec!["|", "<（七）总计", "-"], &eight);
    table(vec!["<四、结转下年度继续办理", "-", "-"], &zeros);
    p.extend(para("四、政府信息公开行政复议、行政诉讼情况"));
    let mut head = vec!["<行政复议", "-", "-", "-", "-", "<行政诉讼"];
    head.extend(["-"; 9]);
    p.extend(row(&head));
    let outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    let mut second: Vec<String> = outcomes.iter().map(|o| format!("^{o}")).collect();
    second.extend(
        [
            "<未经复议直接起诉",
            "-",
            "-",
            "-",
            "-",
            "<复议后起诉",
            "-",
            "-",
            "-",
            "-",
        ]
        .map(String::from),
    );
    p.extend(row(&second.iter().map(String::as_str).collect::<Vec<_>>()));
    let mut third = vec!["|"; 5];
    third.extend(outcomes);
    third.extend(outcomes);
    p.extend(row(&third));
    p.extend(row(&[
        "1", "2", "0", "0", "3", "0", "1", "1", "0", "2", "0", "0", "0", "1", "1",
    ]));
    p.extend(para("五、存在的主要问题及改进情况"));
    word97(&p)
}

#[test]
fn word97_doc_with_flagged_merges_gives_its_values() {
    let o = process("xinglong.doc", &word97_report());
    assert_eq!((o.record.format.as_str(), o.error()), ("doc", None));
    let e = o.into_extraction().expect("read");
    assert_eq!(e.meta.agency.as_deref(), Some("兴隆县"));
    assert_eq!((e.meta.year, e.template.as_str()), (Some(2020), "2019"));
    let row = |r: AppRow| {
        Applicant::ALL
            .iter()
            .map(|a| e.app(r, *a))
            .collect::<Vec<_>>()
    };
    let eight = [
        Some(5),
        Some(1),
        Some(0),
        Some(2),
        Some(0),
        Some(0),
        Some(8),
    ];
    assert_eq!(row(AppRow::NewReceived), eight);
    assert_eq!(row(AppRow::UnableNotHeld), eight);
    assert_eq!(row(AppRow::TotalHandled), eight);
    assert_eq!(row(AppRow::PartiallyGranted), [Some(0); 7]);
    assert_eq!(row(AppRow::WithheldAdministrativeQuery), [Some(0); 7]);
    let review: Vec<Option<i64>> = e.review.iter().map(|c| c.value).collect();
    let want = [1, 2, 0, 0, 3, 0, 1, 1, 0, 2, 0, 0, 0, 1, 1].map(Some);
    assert_eq!(review, want);
    let errors: Vec<&str> = e
        .findings
        .iter()
        .filter(|f| f.severity == ogi::model::Severity::Error)
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(errors, ["missing_section"], "only section 二 is absent");
}

#[test]
fn damaged_doc_fails_with_its_reason() {
    let bytes = std::fs::read(fixture("office/B007.doc")).expect("doc");
    let o = process("cut.doc", &bytes[..bytes.len() / 3]);
    assert_eq!(
        (o.record.format.as_str(), o.status().as_str()),
        ("doc", "failed")
    );
    let why = o.error().unwrap_or_default();
    assert!(
        why.starts_with("damaged .doc: not a readable OLE2 compound file"),
        "{why}"
    );

    // The WordDocument stream overwritten with garbage, the compound file intact.
    let mut ole = cfb::CompoundFile::open(std::io::Cursor::new(bytes.clone())).expect("cfb");
    let mut word = Vec::new();
    ole.open_stream("WordDocument")
        .unwrap()
        .read_to_end(&mut word)
        .unwrap();
    let garbage: Vec<u8> = (0..word.len()).map(|i| (i * 7 + 3) as u8).collect();
    let o = process("garbage.doc", &compound(&[("WordDocument", &garbage)]));
    assert_eq!(o.status().as_str(), "failed");
    assert_eq!(
        o.error(),
        Some("damaged .doc: the WordDocument stream lacks Word's signature")
    );
    // A valid FIB whose piece table points past the table stream.
    let mut bad = word.clone();
    let clx = 154 + 33 * 8;
    bad[clx..clx + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    let mut table = Vec::new();
    ole.open_stream("1Table")
        .unwrap()
        .read_to_end(&mut table)
        .unwrap();
    let o = process(
        "bad-clx.doc",
        &compound(&[("WordDocument", &bad), ("1Table", &table)]),
    );
    assert_eq!(
        (o.status().as_str(), o.error()),
        (
            "failed",
            Some("damaged .doc: a structure lies outside its stream")
        )
    );
    // Encrypted and Word 95 files are not read, with their reason.
    let mut encrypted = word.clone();
    encrypted[0x0B] |= 0x01;
    let o = process(
        "secret.doc",
        &compound(&[("WordDocument", &encrypted), ("1Table", &table)]),
    );
    assert_eq!(
        (o.status().as_str(), o.error()),
        (
            "skipped",
            Some(
                "encrypted (password-protected) Word document: cannot be read without its password"
            )
        )
    );
    let mut word95 = word;
    word95[2..4].copy_from_slice(&0x65u16.to_le_bytes());
    let o = process("old.doc", &compound(&[("WordDocument", &word95)]));
    assert_eq!(o.status().as_str(), "skipped");
    assert_eq!(
        o.error(),
        Some(
            "Word 6/95 document (file format version 101): not supported; save it as .docx or .doc (Word 97-2003)"
        )
    );
}

#[test]
fn xls_and_other_ole2_files_are_skipped_with_their_reason() {
    let o = process("table.xls", &compound(&[("Workbook", b"\x09\x08 BIFF8")]));
    assert_eq!(
        (o.record.format.as_str(), o.status().as_str()),
        ("xls", "skipped")
    );
    assert_eq!(
        o.error(),
        Some(
            "Excel workbook (.xls): spreadsheets are not read; save the report as .docx, .doc or text"
        )
    );
    let o = process(
        "slides.ppt",
        &compound(&[("PowerPoint Document", b"slides")]),
    );
    assert_eq!(
        (o.record.format.as_str(), o.status().as_str()),
        ("ole", "skipped")
    );
    assert!(
        o.error()
            .is_some_and(|e| e.starts_with("OLE2 compound file that is not a Word document")),
        "{:?}",
        o.error()
    );
}
