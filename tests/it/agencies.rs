//! An agency is a body's name, never a sentence fragment: over every report fixture (the sample
//! archive, the development corpus in each format collected, the office documents and their
//! scans, the LibreOffice PDFs), the agency is either null with a `missing_agency` finding or
//! passes the body-name check; reports stripped of their titles fall back to the signature and
//! the preamble's 由…编制 or are null, never to a line of the preamble.

use std::path::{Path, PathBuf};

use ogi::model::Extraction;

use crate::util::seed_text;

/// Every file under tests/fixtures and data/sample but the truth files and notes.
fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        "data/sample",
        "tests/fixtures/corpus",
        "tests/fixtures/office",
        "tests/fixtures/pdf",
    ] {
        for entry in std::fs::read_dir(root.join(dir)).expect("fixture folder") {
            let path = entry.expect("entry").path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let note = name
                .as_deref()
                .is_some_and(|n| n.ends_with(".json") || n == "SOURCES.md" || n.starts_with('.'));
            if path.is_file() && !note {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn extract(path: &Path) -> Option<Extraction> {
    let bytes = std::fs::read(path).expect("fixture");
    let name = path
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    ogi::pipeline::process_bytes(&name, &bytes, None).into_extraction()
}

/// A report's agency and whether it has a `missing_agency` finding.
type Read = (Option<String>, bool);

fn agency_and_finding(e: &Extraction) -> (Option<&str>, bool) {
    (
        e.meta.agency.as_deref(),
        e.findings.iter().any(|f| f.rule == "missing_agency"),
    )
}

#[test]
fn every_fixture_s_agency_is_a_body_s_name_or_null_with_missing_agency() {
    let files = fixtures();
    // The scans take seconds each (OCR): read the files side by side.
    let results: Vec<(PathBuf, Option<Read>)> = std::thread::scope(|s| {
        let handles: Vec<_> = files
            .iter()
            .map(|f| {
                s.spawn(move || {
                    let read = extract(f).map(|e| {
                        let (a, m) = agency_and_finding(&e);
                        (a.map(str::to_owned), m)
                    });
                    (f.clone(), read)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("no panic"))
            .collect()
    });
    let mut reports = 0;
    for (file, read) in &results {
        let Some((agency, missing)) = read else {
            continue;
        };
        reports += 1;
        match agency {
            Some(a) => {
                assert!(ogi::is_body_name(a), "{}: agency '{a}'", file.display());
                assert!(!missing, "{}: missing_agency with '{a}'", file.display());
            }
            None => assert!(
                missing,
                "{}: null agency without missing_agency",
                file.display()
            ),
        }
    }
    assert_eq!((files.len(), reports), (50, 50));
    let agency_of = |suffix: &str| {
        results
            .iter()
            .find(|(f, _)| f.to_string_lossy().ends_with(suffix))
            .and_then(|(_, r)| r.as_ref())
            .and_then(|(a, _)| a.clone())
    };
    for (file, agency) in [
        ("data/sample/001_920a4b5d549ad15c.txt", "兴华街道"),
        ("data/sample/003_pingchuan_2020.docx", "白银市平川区"),
        (
            "data/sample/004_c5d1731892c97f2b.txt",
            "宁波市鄞州区人民政府白鹤街道办事处",
        ),
        ("data/sample/B006_hongze_2024.pdf", "淮安市洪泽区人民政府"),
        ("corpus/B001.txt", "沐阳县人民政府"),
        ("corpus/B007-mineru.md", "平潭综合实验区"),
        ("corpus/B017.txt", "平潭综合实验区经济发展局"),
        ("corpus/pingtan-czj-2024.txt", "平潭综合实验区财政金融局"),
        ("office/B005.doc", "洪泽区人民政府"),
        ("office/B017-scan.pdf", "平潭综合实验区经济发展局"),
        (
            "pdf/office-2019-blank-orgs.pdf",
            "嘉兴市秀洲区王江泾镇人民政府",
        ),
    ] {
        assert_eq!(agency_of(file).as_deref(), Some(agency), "{file}");
    }
}

fn read_text(text: &str) -> Extraction {
    ogi::pipeline::read_text(text).expect("a report")
}

/// Seed 000 without its title line: the first line is the preamble, whose 由…编制 names the
/// body (before, the title was that line cut at 年度报告 and the agency `根据《中华人民共和国`).
#[test]
fn a_report_without_its_title_takes_the_body_that_compiled_it() {
    let text = seed_text("000").replacen(
        "金凤区北京中路街道办事处办事处 2020 年政府信息公开工作年度报告",
        "",
        1,
    );
    let e = read_text(&text);
    assert_eq!(e.meta.title, None);
    assert_eq!(
        agency_and_finding(&e),
        (Some("银川市金凤区北京中路街道办事处办事处"), false)
    );
}

/// A scraped page whose title is its local path (`本地目录: …/80576_平潭综合实验区2019年度…`)
/// and which names its body nowhere else it can be read: null, with the candidate turned down.
#[test]
fn a_title_that_is_a_path_gives_no_agency_but_says_so() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let original =
        std::fs::read_to_string(root.join("tests/fixtures/corpus/A002.txt")).expect("A002");
    // The page's own title line, then its body starting with the title: both dropped.
    let text = original.replace("平潭综合实验区2019年政府信息公开工作年度报告 ", "");
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("标题"))
        .map(|l| format!("{l}\n"))
        .collect();
    let e = read_text(&text);
    let f = e
        .findings
        .iter()
        .find(|f| f.rule == "missing_agency")
        .expect("missing_agency");
    assert_eq!(e.meta.agency, None);
    assert_eq!(
        f.actual.as_deref(),
        Some("本地目录: zwgk/zfxxgk/zfxxgknb/202001/80576_平潭综合实验区")
    );
}
