//! The reporting body itself: its name normalised, the township or zone it names, its level
//! (province, city, county, township, department, zone) and the report's scope.

use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::{Division, GAZETTEER};
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
/// Words of a development zone's name.
const ZONE: &[&str] = &["实验区", "开发区", "新区", "高新区", "示范区", "园区"];

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
