//! The reporting body itself: its name normalised, the township or zone it names, its level
//! (province, city, county, township, department, zone) and the report's scope.

use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::{Division, GAZETTEER, Level};
use super::zones::ZONE;
use super::{AgencyLevel, GovernmentLevel, RegionSource, Scope};
use crate::model::Region;
use crate::text::compact;

/// Suffixes of a township's or street's office.
const TOWNSHIP: &[&str] = &[
    "街道办事处",
    "街道",
    "街办事处",
    "街",
    "镇人民政府",
    "乡人民政府",
    "镇",
    "乡",
    "苏木",
];
/// Suffixes of a government department.
const DEPARTMENT: &[&str] = &[
    "局",
    "委员会",
    "委",
    "办公室",
    "办",
    "中心",
    "厅",
    "署",
    "院",
    "所",
    "队",
    "站",
    "馆",
    "会",
];

/// The endings a body's name takes, collected from the reports' bodies and the gazetteer's
/// division names: a government or its office (…人民政府, …办事处, …委员会, …管委会), a
/// department (…局, …厅, …院, …中心, …所), a zone (…实验区, …开发区), a division reporting under
/// its own name (…区, …县, …市, …旗, …州, …盟, …镇, …乡, …街道, …苏木), a state farm or corps
/// (…场, …团), a school, a bank's branch, a company (…公司).
const BODY_ENDINGS: &[&str] = &[
    "人民政府",
    "政府",
    "办事处",
    "办公室",
    "委员会",
    "管委会",
    "局",
    "厅",
    "署",
    "院",
    "所",
    "中心",
    "站",
    "队",
    "馆",
    "会",
    "委",
    "办",
    "处",
    "科",
    "部",
    "室",
    "社",
    "公司",
    "集团",
    "银行",
    "支行",
    "分行",
    "海关",
    "监狱",
    "政协",
    "学校",
    "大学",
    "中学",
    "小学",
    "校",
    "区",
    "县",
    "市",
    "省",
    "旗",
    "州",
    "盟",
    "镇",
    "乡",
    "街道",
    "街",
    "苏木",
    "场",
    "团",
    "园",
    "岛",
    "城",
];

/// Words no body's name holds: a sentence's (根据…, 关于印发…, 以下简称) or the report's own
/// (报告, 条例, 年度).
const SENTENCE_WORDS: &[&str] = &[
    "根据", "按照", "依据", "关于", "印发", "通知", "简称", "报告", "条例", "年度", "编制", "情况",
];

/// A body naming itself in its own text (我局, 本街道, 全区), not by its name.
fn refers_to_itself(name: &str) -> bool {
    name.starts_with('我')
        || ['本', '全', '该', '各', '其'].iter().any(|p| {
            name.strip_prefix(*p)
                .is_some_and(|rest| BODY_ENDINGS.contains(&rest))
        })
}

/// Chinese characters and brackets only.
static BODY_CHARS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{Han}()（）]+$").expect("pattern compiles"));

/// True when a text reads as a government body's name: Chinese characters (and brackets) only,
/// so no sentence punctuation (，。、；：), book-title marks 《》, digits or Latin letters; no word
/// of a sentence or of the report's title; not a body referring to itself (我局, 本街道, 全区,
/// while 本溪市 and 全椒县 are names);
/// and one of the endings a body's name takes (`BODY_ENDINGS`) after at least one character.
/// `定》)和《关于印发中华人民共和国` and `报告包括总体情况、主动公开政府信息情况、收到和处理` are not.
pub fn is_body_name(name: &str) -> bool {
    let n = compact(name);
    let len = n.chars().count();
    (2..=40).contains(&len)
        && BODY_CHARS.is_match(&n)
        && !refers_to_itself(&n)
        && !SENTENCE_WORDS.iter().any(|w| n.contains(w))
        && BODY_ENDINGS
            .iter()
            .any(|e| n.ends_with(e) && n.len() > e.len())
}

/// A body's name read by OCR, with a county the gazetteer does not know spelled as the one county
/// of the city (or province) named just before it whose name differs in one character only
/// (`长沙市岳芒区教育局` → `长沙市岳麓区教育局`; OCR misreads a rare character the same way
/// throughout a scan). None when the name's divisions are all known, or when no county, or more
/// than one, is that close: nothing is guessed.
pub fn gazetteer_spelling(name: &str) -> Option<String> {
    let g = &*GAZETTEER;
    let mentions = g.mentions(name);
    let (at, parent) = mentions
        .iter()
        .filter(|(_, d)| d.level != Level::County)
        .max_by_key(|(at, d)| at + d.name.len())?;
    let after = at + parent.name.len();
    if mentions.iter().any(|(a, _)| *a >= after) {
        return None;
    }
    let rest: Vec<char> = name[after..].chars().collect();
    let close: Vec<&Division> = g
        .divisions
        .iter()
        .filter(|d| d.level == Level::County && d.code.starts_with(parent.code))
        .filter(|d| {
            let n: Vec<char> = d.name.chars().collect();
            n.len() >= 3
                && rest.len() > n.len()
                && rest[n.len() - 1] == n[n.len() - 1]
                && n.iter().zip(&rest).filter(|(a, b)| a != b).count() == 1
        })
        .collect();
    let [county] = close.as_slice() else {
        return None;
    };
    let n = county.name.chars().count();
    Some(format!(
        "{}{}{}",
        &name[..after],
        county.name,
        rest[n..].iter().collect::<String>()
    ))
}

/// The zone a body's name begins with and the divisions its stem is the short name of
/// (`平潭综合实验区经济发展局` → `平潭综合实验区`, 平潭县); division names before the stem are
/// skipped (`福建省平潭综合实验区`).
pub(super) fn zone_stem(agency: &str) -> Option<(String, Vec<&'static Division>)> {
    let end = ZONE
        .iter()
        .filter_map(|z| agency.find(z).map(|at| at + z.len()))
        .min()?;
    let zone = &agency[..end];
    let mut rest = zone;
    while let Some((0, d)) = GAZETTEER.mentions(rest).first().copied() {
        rest = &rest[d.name.len()..];
    }
    let chars: Vec<(usize, char)> = rest.char_indices().collect();
    (2..=chars.len().min(4)).rev().find_map(|n| {
        let stem = &rest[..chars.get(n).map_or(rest.len(), |(at, _)| *at)];
        let divisions = GAZETTEER.by_short_name(stem);
        (!divisions.is_empty()).then(|| (zone.to_owned(), divisions))
    })
}

/// The body's name without spaces, a doubled office suffix collapsed (办事处办事处 → 办事处).
pub fn normalize_agency(agency: &str) -> String {
    let mut a = compact(agency);
    for suffix in ["办事处", "人民政府", "委员会", "办公室", "街道"] {
        let doubled = format!("{suffix}{suffix}");
        while a.ends_with(&doubled) {
            a.truncate(a.len() - suffix.len());
        }
    }
    a
}

/// The township or street a body's name ends with, as the gazetteer spells such names
/// (`昌邑区兴华街道办事处` → `兴华街道`).
pub(super) fn township_core(agency: &str) -> Option<String> {
    let name = agency.strip_suffix("办事处").unwrap_or(agency);
    let name = name.strip_suffix("人民政府").unwrap_or(name);
    // Tianjin's street offices call themselves 街 (佳荣里街); the NBS list says 街道.
    let name = if name.ends_with('街') && name.chars().count() >= 3 {
        format!("{name}道")
    } else {
        name.to_owned()
    };
    let tail = ["街道", "镇", "乡"].iter().find(|s| name.ends_with(*s))?;
    let mentions = GAZETTEER.mentions(&name);
    let start = mentions.last().map_or(0, |(at, d)| at + d.name.len());
    let core = &name[start..];
    (core.chars().count() > tail.chars().count()).then(|| core.to_owned())
}

/// A county-level district whose own name has a zone word (浦东新区, 滨海新区): the body names it,
/// and its code is not one of the NBS's functional-zone codes (…71 to …79: 苏州工业园区 320576).
fn regular_district(agency: &str, region: &Region) -> bool {
    let functional = region
        .division_code
        .as_deref()
        .and_then(|c| c.get(4..6))
        .and_then(|d| d.parse::<u8>().ok())
        .is_some_and(|d| (71..=79).contains(&d));
    region.region_source != Some(RegionSource::Zone)
        && region.county.as_deref().is_some_and(|c| agency.contains(c))
        && !functional
}

pub(super) fn set_levels(region: &mut Region, agency: Option<&str>) {
    region.agency_level = agency.map(|a| level(a, region));
    // A department reports on its own work, whatever its text says of the area.
    if region.agency_level == Some(AgencyLevel::Department) {
        region.scope = Some(Scope::Agency);
    }
    region.government_level = match region.agency_level.and_then(AgencyLevel::government) {
        Some(own) => Some(own),
        _ if region.county.is_some() => Some(GovernmentLevel::County),
        _ if region.city.is_some() => Some(GovernmentLevel::City),
        _ if region.province.is_some() => Some(GovernmentLevel::Province),
        _ => None,
    };
}

fn level(agency: &str, region: &Region) -> AgencyLevel {
    // A zone's own administration (苏州工业园区管理委员会) is the zone, not a department.
    let body = ["管理委员会", "管委会"]
        .iter()
        .find_map(|s| agency.strip_suffix(s))
        .unwrap_or(agency);
    if TOWNSHIP.iter().any(|s| agency.ends_with(s)) {
        AgencyLevel::Township
    } else if !agency.ends_with("人民政府")
        && DEPARTMENT.iter().any(|s| agency.ends_with(s))
        && !ZONE.iter().any(|z| body.ends_with(z))
    {
        AgencyLevel::Department
    } else if ZONE.iter().any(|z| agency.contains(z)) && !regular_district(agency, region) {
        AgencyLevel::Zone
    } else if region.county.is_some() {
        AgencyLevel::County
    } else if region.city.is_some() {
        AgencyLevel::City
    } else if region.province.is_some() {
        AgencyLevel::Province
    } else if ["县人民政府", "旗人民政府", "区人民政府"]
        .iter()
        .any(|s| agency.ends_with(s))
    {
        // A county government the gazetteer does not know (an OCR'd 沐阳县人民政府).
        AgencyLevel::County
    } else {
        AgencyLevel::Unknown
    }
}

/// The whole area's applications counted: `全区共收到政府信息公开申请`, `全市各级行政机关共受理…申请`.
static AREA_APPLICATIONS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"全(?:区|市|县|省|旗|州|盟)[^。,，;；]{0,12}(?:收到|受理|新收)[^。]{0,12}申请")
        .expect("pattern compiles")
});

/// `area` when the report sums up its whole area (全区/全市/全县 with 各级行政机关 or 汇总, or the
/// whole area's applications counted), else `agency`.
pub(super) fn scope(text: &str) -> Scope {
    let whole = ["全区", "全市", "全县", "全省", "全旗"]
        .iter()
        .any(|w| text.contains(w));
    let summary = ["各级行政机关", "汇总", "各单位共"]
        .iter()
        .any(|w| text.contains(w));
    if (whole && summary) || AREA_APPLICATIONS.is_match(text) {
        Scope::Area
    } else {
        Scope::Agency
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names of a gazetteer CSV (`code,"name",…`).
    fn names(csv: &'static str) -> Vec<&'static str> {
        csv.lines()
            .skip(1)
            .filter_map(|l| l.split(',').nth(1))
            .map(|n| n.trim_matches('"'))
            .collect()
    }

    #[test]
    fn bodies_names_and_sentence_fragments() {
        for name in [
            "金凤区北京中路街道办事处办事处",
            "兴华街道",
            "白银市平川区",
            "宁波市鄞州区人民政府白鹤街道办事处",
            "淮安市洪泽区人民政府",
            "平潭综合实验区",
            "平潭综合实验区经济发展局",
            "嘉兴市秀洲区王江泾镇人民政府",
            "蒲纺工业园区",
            "左贡县人民政府",
            "本溪市",
            "全椒县",
            "苏州工业园区管理委员会",
            "国家税务总局平潭综合实验区税务局",
        ] {
            assert!(is_body_name(name), "{name}");
        }
        for fragment in [
            "定》)和《关于印发中华人民共和国",
            "报告包括总体情况、主动公开政府信息情况、收到和处理",
            "根据《中华人民共和国",
            "本地目录: zwgk/zfxxgk/zfxxgknb/202001/80576_平潭综合实验区",
            "栏目:",
            "关于印发中华人民共和国政府",
            "2020年12月31日",
            "我局",
            "全区",
            "本街道",
            "区",
            "街道",
        ] {
            assert!(!is_body_name(fragment), "{fragment}");
        }
    }

    /// Every province, city and county of the gazetteer reads as a body's name (but the
    /// placeholders 市辖区 for a city's districts, 省直辖县级行政区划, and a sea area), and all but a
    /// few of its townships and streets (mines, reservoirs, farms' sub-units).
    #[test]
    fn the_gazetteer_s_divisions_are_bodies_names() {
        let placeholder = |n: &str| n.ends_with("行政区划") || n == "县" || n.ends_with("海域");
        for csv in [
            include_str!("../../data/gazetteer/provinces.csv"),
            include_str!("../../data/gazetteer/cities.csv"),
            include_str!("../../data/gazetteer/areas.csv"),
        ] {
            for name in names(csv).into_iter().filter(|n| !placeholder(n)) {
                assert!(is_body_name(name), "{name}");
            }
        }
        let streets = names(include_str!("../../data/gazetteer/streets.csv"));
        let not = streets.iter().filter(|n| !is_body_name(n)).count();
        assert!(not * 200 < streets.len(), "{not} of {}", streets.len());
    }

    #[test]
    fn an_ocr_misread_county_is_spelled_as_the_gazetteer_spells_it() {
        assert_eq!(
            gazetteer_spelling("长沙市岳芒区教育局").as_deref(),
            Some("长沙市岳麓区教育局")
        );
        assert_eq!(
            gazetteer_spelling("湖南省长沙市岳芒区人民政府").as_deref(),
            Some("湖南省长沙市岳麓区人民政府")
        );
        assert_eq!(gazetteer_spelling("长沙市岳麓区教育局"), None);
        assert_eq!(gazetteer_spelling("长沙市教育局"), None);
        assert_eq!(gazetteer_spelling("岳芒区教育局"), None);
    }
}
