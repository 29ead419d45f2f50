//! The reporting body's name. Candidates, in order: the head of the title, a scraped page's
//! `发布机构:` line, a line of its own near the title, the signature (a line among the last few,
//! or the last line before a date), the preamble's `由…编制`. The first that reads as a body's
//! name ([`crate::region::is_body_name`]: no sentence punctuation or 《》, one of the endings a
//! body's name takes) is the agency; a sentence fragment never is (`定》)和《关于印发中华人民共和国`
//! from a title cut out of the preamble). None → null, with a `missing_agency` finding that
//! names the first candidate turned down. In OCR'd text a candidate is first cleared of the
//! specks OCR strews in it, then spelled as the rest of the text spells it.

use std::sync::LazyLock;

use regex::Regex;

use super::metadata::{collapse, declared};
use super::patterns::{AGENCY_LINE, LEADING_YEAR, TITLE_SUBJECT, TRAILING_YEAR};
use crate::model::{Finding, Severity};
use crate::region::{OcrName, gazetteer_spelling, is_body_name, ocr_name};
use crate::template::Rule;
use crate::text::compact;

/// The preamble's compiler: `本报告由平潭综合实验区财政金融局编制`.
static COMPILED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"由(?P<body>[\p{Han}()]{2,40}?)(?:负责)?(?:编制|编写|制作)")
        .expect("pattern compiles")
});

/// A date on a line of its own, as signatures print it: `2021年1月12日`, `2021-01-12`.
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(?(?:19|20)\d{2}(?:年\d{1,2}月\d{1,2}日|[-./]\d{1,2}[-./]\d{1,2})\)?$")
        .expect("pattern compiles")
});

/// How many leading lines the preamble is looked for in.
const PREAMBLE_WINDOW: usize = 30;

/// The agency, or null with a `missing_agency` finding. `title_at` is the title's index in
/// `lines` (the document's non-empty text lines); `ocr` when the text was read by OCR.
pub(super) fn read(
    title: Option<&str>,
    title_at: Option<usize>,
    lines: &[&str],
    ocr: bool,
) -> (Option<String>, Option<Finding>) {
    let candidates: [&dyn Fn() -> Option<String>; 6] = [
        &|| title.and_then(title_agency),
        &|| declared(lines, "发布机构"),
        &|| title_at.and_then(|i| agency_near(lines, i)),
        &|| signature(lines),
        &|| dated_signature(lines),
        &|| preamble(lines),
    ];
    let mut rejected: Option<String> = None;
    for candidate in candidates {
        let Some(name) = candidate() else {
            continue;
        };
        let name = if ocr { ocr_specks_removed(&name) } else { name };
        if !is_body_name(&name) {
            rejected.get_or_insert(name);
            continue;
        }
        let name = if ocr {
            let name = respell(&name, lines, title_at)
                .filter(|r| is_body_name(r))
                .unwrap_or(name);
            let name = gazetteer_spelling(&name).unwrap_or(name);
            match ocr_name(&name) {
                OcrName::Kept => name,
                OcrName::Respelled(r) => r,
                OcrName::Implausible => return (None, Some(garbled(name))),
            }
        } else {
            name
        };
        return (Some(name), None);
    }
    (None, Some(missing(rejected)))
}

/// An OCR'd name whose place part the gazetteer cannot read: null rather than garbage.
fn garbled(name: String) -> Finding {
    Finding::new(
        Rule::MissingAgency,
        Severity::Warning,
        None,
        format!("the OCR'd body's name '{name}' holds words no place's name takes; agency is null"),
    )
    .values("a body's name", name)
}

fn missing(rejected: Option<String>) -> Finding {
    let where_ =
        "in the title, a 发布机构 line, the lines near the title, the signature or the preamble";
    match rejected {
        Some(r) => Finding::new(
            Rule::MissingAgency,
            Severity::Warning,
            None,
            format!("no body's name found {where_}: '{r}' is not one; agency is null"),
        )
        .values("a body's name", r),
        None => Finding::new(
            Rule::MissingAgency,
            Severity::Warning,
            None,
            format!("no body's name found {where_}; agency is null"),
        ),
    }
}

/// The reporting body named at the head of the title, before its subject phrase
/// (政府信息公开工作年度报告), with the year and a bare 政府 trimmed off.
fn title_agency(title: &str) -> Option<String> {
    let subject = TITLE_SUBJECT.find(title)?;
    let mut head = title[..subject.start()].trim_end();
    loop {
        let before = head;
        if let Some(y) = TRAILING_YEAR.find(head) {
            head = &head[..y.start()];
        }
        head = head.trim_end().trim_end_matches("关于").trim_end();
        if head.ends_with("政府") && !head.ends_with("人民政府") {
            head = &head[..head.len() - "政府".len()];
        }
        if head == before {
            break;
        }
    }
    let agency = collapse(&LEADING_YEAR.replace(head, ""));
    let plausible = !agency.is_empty()
        && agency.chars().count() <= 60
        && agency.chars().any(|c| c > '\u{2E80}');
    plausible.then_some(agency)
}

/// In OCR'd text, the body's name as the rest of the text spells it, when the title's spelling
/// is printed nowhere else: OCR misreads a big bold title more often than the body text
/// (`长A沙市岳芒区教育局` in the title, `长沙市岳麓区教育局` in the first paragraph and the
/// signature). The closest name within a couple of characters, that reads as a body's name.
fn respell(agency: &str, lines: &[&str], title_at: Option<usize>) -> Option<String> {
    let a: Vec<char> = compact(agency).chars().collect();
    if a.len() < 4 {
        return None;
    }
    let body: Vec<char> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != title_at)
        .flat_map(|(_, l)| {
            compact(l)
                .chars()
                .chain(std::iter::once('\n'))
                .collect::<Vec<_>>()
        })
        .collect();
    let wanted: String = a.iter().collect();
    if body.iter().collect::<String>().contains(&wanted) {
        return None;
    }
    let limit = (a.len() / 5).max(1);
    let mut best: Option<(usize, String)> = None;
    for start in 0..body.len() {
        for len in a.len().saturating_sub(1)..=a.len() + 1 {
            let Some(window) = body.get(start..start + len) else {
                continue;
            };
            if window.contains(&'\n') {
                continue;
            }
            let d = edit_distance(&a, window);
            if d <= limit && best.as_ref().is_none_or(|(b, _)| d < *b) {
                let w: String = window.iter().collect();
                if AGENCY_LINE.is_match(&w) {
                    best = Some((d, w));
                }
            }
        }
    }
    best.map(|(_, w)| w)
}

/// A body's name read by OCR from a garbled title, up to the year that follows it, without the
/// Latin letters and digits OCR strews among the characters (`长沙市岳芒区PR教育局2021 年政府二`
/// → `长沙市岳芒区教育局`): a body's name has neither.
fn ocr_specks_removed(agency: &str) -> String {
    agency
        .chars()
        .take_while(|c| !c.is_ascii_digit())
        .filter(|c| crate::text::is_cjk(*c) || "()（）".contains(*c))
        .collect()
}

/// Levenshtein distance between two character sequences.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// A body name on a line of its own right after the title (`政府信息公开工作年度报告` /
/// `宁波市鄞州区人民政府白鹤街道办事处`).
fn agency_near(lines: &[&str], title_at: usize) -> Option<String> {
    lines
        .iter()
        .skip(title_at + 1)
        .take(3)
        .chain(lines.iter().take(title_at).rev().take(2))
        .map(|l| compact(l))
        .find(|l| AGENCY_LINE.is_match(l))
}

/// The body signing the report at its end.
fn signature(lines: &[&str]) -> Option<String> {
    lines
        .iter()
        .rev()
        .take(4)
        .map(|l| compact(l))
        .find(|l| AGENCY_LINE.is_match(l))
}

/// The signature of a page whose footer follows it: the last line before a date line that
/// reads as a body's name.
fn dated_signature(lines: &[&str]) -> Option<String> {
    lines
        .windows(2)
        .rev()
        .find(|w| DATE_LINE.is_match(&compact(w[1])) && is_body_name(w[0]))
        .map(|w| compact(w[0]))
}

/// The body the preamble says compiled the report (`本报告由…编制`).
fn preamble(lines: &[&str]) -> Option<String> {
    lines.iter().take(PREAMBLE_WINDOW).find_map(|l| {
        COMPILED_BY
            .captures(&compact(l))
            .map(|c| c["body"].to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agency(lines: &[&str], title_at: Option<usize>) -> (Option<String>, Option<Finding>) {
        read(title_at.map(|i| lines[i]), title_at, lines, false)
    }

    #[test]
    fn agency_from_title_variants() {
        let a = |t: &str| title_agency(t);
        assert_eq!(
            a("白银市平川区2020年政府信息公开工作年度报告").as_deref(),
            Some("白银市平川区")
        );
        assert_eq!(
            a("XX区人民政府信息公开工作年度报告").as_deref(),
            Some("XX区人民政府")
        );
        assert_eq!(
            a("沐阳县人民政府 2025 年 政府信息公开工作年度报告").as_deref(),
            Some("沐阳县人民政府")
        );
        assert_eq!(
            a("2020年平川区财政局政府信息公开工作年度报告").as_deref(),
            Some("平川区财政局")
        );
        assert_eq!(a("政府信息公开工作年度报告"), None);
    }

    #[test]
    fn an_ocr_misread_title_body_is_spelled_as_the_text_spells_it() {
        let lines = [
            "长A沙市岳芒区教育局2022年政府信息公开工作年度报告",
            "本年度,长沙市岳麓区教育局坚持以人民为中心",
            "长沙市岳麓区教育局",
        ];
        assert_eq!(
            respell("长A沙市岳芒区教育局", &lines, Some(0)).as_deref(),
            Some("长沙市岳麓区教育局")
        );
        assert_eq!(respell("长沙市岳麓区教育局", &lines, Some(0)), None);
        assert_eq!(
            ocr_specks_removed("长沙市岳芒区PR教育局2021 年政府二"),
            "长沙市岳芒区教育局"
        );
    }

    /// A title cut out of the preamble gives a sentence fragment: never the agency.
    #[test]
    fn a_fragment_of_the_preamble_is_no_agency() {
        let lines = ["定》)和《关于印发中华人民共和国政府信息公开工作年度报告格式的通知》"];
        assert_eq!(
            title_agency(lines[0]).as_deref(),
            Some("定》)和《关于印发中华人民共和国")
        );
        let (agency, finding) = agency(&lines, Some(0));
        assert_eq!(agency, None);
        let f = finding.expect("missing_agency");
        assert_eq!(f.rule, Rule::MissingAgency);
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(f.actual.as_deref(), Some("定》)和《关于印发中华人民共和国"));
        assert_eq!(
            f.message,
            "no body's name found in the title, a 发布机构 line, the lines near the title, the signature or the preamble: '定》)和《关于印发中华人民共和国' is not one; agency is null"
        );
    }

    /// A list of the report's parts taken for a title: the signature names the body.
    #[test]
    fn a_list_of_the_report_s_parts_gives_way_to_the_signature() {
        let lines = [
            "报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况",
            "一、总体情况",
            "六、其他需要报告的事项",
            "无。",
            "淮安市洪泽区人民政府",
            "2024年1月20日",
        ];
        assert_eq!(
            title_agency(lines[0]).as_deref(),
            Some("报告包括总体情况、主动公开政府信息情况、收到和处理")
        );
        assert_eq!(
            agency(&lines, Some(0)),
            (Some("淮安市洪泽区人民政府".to_owned()), None)
        );
    }

    /// A web page's footer after the signature: the body on the line before the date.
    #[test]
    fn the_signature_before_a_date_above_a_page_footer() {
        let lines = [
            "政府信息公开工作年度报告",
            "六、其他需要报告的事项",
            "平潭综合实验区财政金融局",
            "2025-01-23",
            "主办单位:福建省平潭综合实验区管理委员会办公室",
            "网站标识码:3500000001",
            "闽ICP备05002578号",
            "技术支持:平潭综合实验区信息中心",
            "建议使用浏览器:IE9及以上",
        ];
        assert_eq!(
            agency(&lines, Some(0)).0.as_deref(),
            Some("平潭综合实验区财政金融局")
        );
    }

    /// The preamble's 由…编制 when nothing else names the body.
    #[test]
    fn the_body_that_compiled_the_report() {
        let lines = [
            "根据《中华人民共和国政府信息公开条例》要求，由银川市金凤区北京中路街道办事处编制完成本报告。",
            "一、总体情况",
        ];
        assert_eq!(
            agency(&lines, None).0.as_deref(),
            Some("银川市金凤区北京中路街道办事处")
        );
        assert_eq!(
            agency(&["一、总体情况"], None),
            (
                None,
                Some(Finding::new(
                    Rule::MissingAgency,
                    Severity::Warning,
                    None,
                    "no body's name found in the title, a 发布机构 line, the lines near the title, the signature or the preamble; agency is null".to_owned()
                ))
            )
        );
    }
}
