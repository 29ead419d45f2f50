//! Report metadata: the title as printed, the reporting body, and the reporting year (from the
//! title, then the 统计期限 sentence, then the year the text mentions most, dates excluded).

use std::collections::BTreeMap;

use super::patterns::{STAT_PERIOD, YEAR};
use crate::layout::Document;
use crate::model::{Finding, Metadata};
use crate::text::compact;

/// How many leading text lines may hold the title.
const TITLE_WINDOW: usize = 12;

/// Reads title, agency and year (`text` is the whole normalised text, for the year fallbacks),
/// with a `missing_agency` finding when no body's name was found.
pub fn read(doc: &Document, text: &str) -> (Metadata, Option<Finding>) {
    let lines: Vec<&str> = doc
        .lines()
        .map(|l| l.text.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    let (title, title_at) = title(&lines).map_or((None, None), |(t, i)| (Some(t), Some(i)));
    let ocr = doc.blocks.iter().any(
        |b| matches!(b, crate::layout::Block::Row(r) if r.cells.iter().any(|c| c.conf.is_some())),
    );
    let (agency, missing) = super::agency::read(title.as_deref(), title_at, &lines, ocr);
    let year = title
        .as_deref()
        .and_then(first_year)
        .or_else(|| {
            STAT_PERIOD
                .captures(text)
                .and_then(|c| c["year"].parse().ok())
        })
        .or_else(|| most_mentioned_year(text));
    let meta = Metadata {
        title,
        agency,
        year,
        ..Metadata::default()
    };
    (meta, missing)
}

/// The title: a `标题:` line of a scraped page, or the first short line naming a report
/// (joined with the line before when the title was broken over two lines).
fn title(lines: &[&str]) -> Option<(String, usize)> {
    if let Some(t) = declared(lines, "标题") {
        return Some((t, 0));
    }
    let head = &lines[..lines.len().min(TITLE_WINDOW)];
    // The first of the best candidates: a short line naming a report; one that names the
    // 政府信息公开 report and its year beats a bare `信息公开年报`; a navigation trail
    // (`当前位置:街镇 > 河包镇 > … > 政府信息公开年报`) is never one.
    let score = |l: &str| -> Option<u8> {
        let c = compact(l);
        let candidate = c.chars().count() <= 80
            && (c.contains("报告") || c.contains("年报"))
            && !is_prose(&c)
            && !c.contains('>')
            && !c.contains("当前位置");
        candidate.then(|| {
            u8::from(c.contains("政府信息公开"))
                + u8::from(c.contains("工作年度报告"))
                + u8::from(c.chars().filter(char::is_ascii_digit).count() >= 4)
        })
    };
    let Some(best) = head.iter().filter_map(|l| score(l)).max() else {
        // A page saved as one long line: its title is its start, up to the first 年度报告.
        let first = head.iter().position(|l| !l.trim().is_empty())?;
        let line = head[first].trim();
        let end = line.find("年度报告").map(|at| at + "年度报告".len())?;
        let title = &line[..end];
        // A line of the preamble (`…规定》)和《关于印发中华人民共和国政府信息公开工作年度报告…`)
        // is no title.
        let sentence = compact(title).contains(['。', ',', ';', ':', '、', '《', '》']);
        return (title.chars().count() <= 80 && title.contains("信息公开") && !sentence)
            .then(|| (collapse(title), first));
    };
    let at = head.iter().position(|l| score(l) == Some(best))?;
    let line = head[at].trim_start_matches('#').trim();
    let joined = match at
        .checked_sub(1)
        .map(|p| head[p].trim_start_matches('#').trim())
    {
        Some(prev) if !compact(line).contains("信息公开") && compact(prev).ends_with("工作") =>
        {
            format!("{prev}{line}")
        }
        // `左贡县人民政府2021年度` / `信息公开年度报告`: the body and year on the line before.
        Some(prev)
            if compact(line).starts_with("信息公开")
                || compact(line).starts_with("政府信息公开") =>
        {
            let p = compact(prev);
            if p.ends_with("年度") || p.ends_with('年') {
                format!("{prev}{line}")
            } else {
                line.to_owned()
            }
        }
        _ => line.to_owned(),
    };
    Some((collapse(&joined), at))
}

/// A line of a sentence, never a title: sentence punctuation, a cited law (`《条例》`), a list
/// (`总体情况、主动公开…`), or the opening words of the report's first paragraph.
pub(super) fn is_prose(compact: &str) -> bool {
    compact.contains(['。', ',', ';', '!', '?', '《', '》'])
        || (compact.contains('、') && !compact.contains("年度报告"))
        || ["本报告", "根据", "按照", "现将"]
            .iter()
            .any(|w| compact.starts_with(w))
}

/// A `key: value` header line of a scraped page (`标题:`, `发布机构:`).
pub(super) fn declared(lines: &[&str], key: &str) -> Option<String> {
    lines.iter().take(TITLE_WINDOW).find_map(|l| {
        let rest = l.strip_prefix(key)?.trim_start();
        let rest = rest
            .strip_prefix(':')
            .or_else(|| rest.strip_prefix('：'))?
            .trim();
        (!rest.is_empty()).then(|| collapse(rest))
    })
}

fn first_year(text: &str) -> Option<i32> {
    YEAR.captures_iter(text)
        .filter(|c| c.name("month").is_none())
        .find_map(|c| c["year"].parse().ok())
}

/// The year the text mentions most often, not counting dates (年…月).
fn most_mentioned_year(text: &str) -> Option<i32> {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for c in YEAR
        .captures_iter(text)
        .filter(|c| c.name("month").is_none())
    {
        if let Ok(y) = c["year"].parse() {
            *counts.entry(y).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(year, n)| (n, std::cmp::Reverse(year)))
        .map(|(y, _)| y)
}

pub(super) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text;

    fn meta(text: &str) -> Metadata {
        let doc = text::read(text).unwrap();
        read(&doc, text).0
    }

    #[test]
    fn title_broken_over_two_lines() {
        let m = meta("\n兴华街道2020年政府信息公开工作\n年 度 报 告\n（2021年1月12日）\n");
        assert_eq!(
            m.title.as_deref(),
            Some("兴华街道2020年政府信息公开工作年度报告")
        );
        assert_eq!(m.agency.as_deref(), Some("兴华街道"));
        assert_eq!(m.year, Some(2020));
    }

    #[test]
    fn navigation_trails_and_bare_titles_give_way_to_the_report_title() {
        let m = meta(
            "当前位置:街镇 > 河包镇 > 政务公开 > 政府信息公开年报\n河包镇2020年政府信息公开工作年度报告\n日期:2021-01-29\n",
        );
        assert_eq!(
            (m.title.as_deref(), m.agency.as_deref()),
            (Some("河包镇2020年政府信息公开工作年度报告"), Some("河包镇"))
        );
        let m = meta("2020年信息公开年报\n蒲纺工业园区2020年政府信息公开工作年度报告\n");
        assert_eq!(m.agency.as_deref(), Some("蒲纺工业园区"));
        let m = meta("左贡县人民政府2021年度\n信息公开年度报告\n");
        assert_eq!(
            (m.title.as_deref(), m.agency.as_deref()),
            (
                Some("左贡县人民政府2021年度信息公开年度报告"),
                Some("左贡县人民政府")
            )
        );
    }

    #[test]
    fn a_page_saved_as_one_line_starts_with_its_title() {
        let m = meta(
            "保定市徐水区交通运输局 2021年度政府信息公开工作年度报告 根据《中华人民共和国政府信息公开条例》规定，现公布本报告。一、总体情况",
        );
        assert_eq!(m.agency.as_deref(), Some("保定市徐水区交通运输局"));
    }

    #[test]
    fn body_on_the_line_after_a_bare_title_and_year_from_text() {
        let m = meta(
            "政府信息公开工作年度报告\n宁波市鄞州区人民政府白鹤街道办事处\n2020年12月31日\n2020年白鹤街道始终\n2021年，我街道将\n2020年度本街道",
        );
        assert_eq!(
            m.agency.as_deref(),
            Some("宁波市鄞州区人民政府白鹤街道办事处")
        );
        assert_eq!(m.year, Some(2020));
    }

    #[test]
    fn a_prose_line_is_never_a_title() {
        let m = meta(
            "本报告根据《中华人民共和国政府信息公开条例》(以下简称《条例》)和国务院办公厅政\n报告包括总体情况、主动公开政府信息情况、收到和处理\n淮安市洪泽区人民政府2023年政府信息公开工作年度报告\n",
        );
        assert_eq!(m.agency.as_deref(), Some("淮安市洪泽区人民政府"));
    }

    #[test]
    fn statistics_period_beats_other_years() {
        let m = meta(
            "政府信息公开工作年度报告\n本报告所列数据的统计期限自2019年1月1日起至2019年12月31日止。2020年工作计划。2020年。",
        );
        assert_eq!(m.year, Some(2019));
    }
}
