//! Who reported, and where: the reporting body's name normalised, its level (province, city,
//! county, township, department, zone), the report's scope, and its province, city and county
//! with the 6-digit division code, resolved with the gazetteer from every clue the text gives:
//! division names in the body's name and the title, the township's parent county, names in the
//! text, and telephone area codes. Where the clues leave more than one candidate the fields stay
//! null and an `ambiguous_region` finding says which; nothing is guessed.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::gazetteer::{Division, GAZETTEER, Level};
use crate::model::{Finding, Metadata, Region, Severity};
use crate::normalize::compact;

/// A telephone number with its area code: `0951—5192972`, `0591-23155817`, `(0591)23165370`.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])\(?(0[1-9][0-9]{1,2})\)?[-—－ ]?[1-9][0-9]{6,7}(?:[^0-9]|$)")
        .expect("pattern compiles")
});

/// Suffixes of a township's or street's office.
const TOWNSHIP: &[&str] = &[
    "街道办事处",
    "街道",
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
const ZONE: &[&str] = &[
    "实验区",
    "开发区",
    "新区",
    "高新区",
    "管委会",
    "管理委员会",
    "示范区",
    "园区",
];

/// Resolves the region of a report from its metadata and its whole normalised text.
pub fn resolve(meta: &Metadata, text: &str, findings: &mut Vec<Finding>) -> Region {
    let agency = meta.agency.as_deref().map(normalize_agency);
    let mut region = Region {
        agency_normalized: agency.clone(),
        scope: Some(scope(text)),
        ..Region::default()
    };
    let g = &*GAZETTEER;
    let head_text = format!(
        "{}|{}",
        agency.as_deref().unwrap_or(""),
        meta.title.as_deref().map(compact).unwrap_or_default()
    );
    let head = g.mentions(&head_text);
    // The usual case: the body's own name names one county; the text need not be searched.
    let named_counties = dedup(
        head.iter()
            .filter(|(_, d)| d.level == Level::County)
            .map(|(_, d)| *d)
            .collect(),
    );
    if let [county] = named_counties.as_slice() {
        fill(&mut region, county, "agency");
        region.agency_level = agency.as_deref().map(|a| level(a, &region));
        return region;
    }
    let body = g.mentions(text);
    let named: HashSet<&str> = head.iter().chain(&body).map(|(_, d)| d.code).collect();
    let phone_cities: HashSet<&str> = PHONE
        .captures_iter(text)
        .flat_map(|c| {
            g.cities_of_area_code(&c[1])
                .into_iter()
                .map(|d| d.code)
                .collect::<Vec<_>>()
        })
        .collect();

    let head_counties: Vec<&Division> = head
        .iter()
        .filter(|(_, d)| d.level == Level::County)
        .map(|(_, d)| *d)
        .collect();
    let (candidates, source): (Vec<&Division>, &'static str) = if !head_counties.is_empty() {
        (head_counties, "agency")
    } else if let Some(core) = agency.as_deref().and_then(township_core) {
        // The parent counties the text names, or whose city or province it names.
        let mut streets = g.counties_with_street(&core);
        if streets.is_empty() {
            streets = g.counties_with_street_like(&core);
        }
        let parents: Vec<&Division> = streets
            .into_iter()
            .filter(|d| named.contains(d.code) || supported(d, &named))
            .collect();
        (parents, "gazetteer_parent")
    } else {
        (Vec::new(), "agency")
    };
    let mut candidates = dedup(candidates);
    let mut source = source;
    if candidates.len() > 1 {
        let by_phone: Vec<&Division> = candidates
            .iter()
            .copied()
            .filter(|d| d.city_code().is_some_and(|c| phone_cities.contains(c)))
            .collect();
        let by_name: Vec<&Division> = candidates
            .iter()
            .copied()
            .filter(|d| supported(d, &named))
            .collect();
        if by_phone.len() == 1 {
            candidates = by_phone;
            source = "area_code";
        } else if by_name.len() == 1 {
            candidates = by_name;
            source = "text";
        }
    }
    match candidates.as_slice() {
        [county] => fill(&mut region, county, source),
        [] => {
            // No county: a city or province government, or a body named by its city only.
            let cities: Vec<&Division> = dedup(head.iter().filter(|(_, d)| d.level == Level::City).map(|(_, d)| *d).collect());
            let provinces: Vec<&Division> = dedup(head.iter().filter(|(_, d)| d.level == Level::Province).map(|(_, d)| *d).collect());
            match (cities.as_slice(), provinces.as_slice()) {
                ([city], _) => fill(&mut region, city, "agency"),
                ([], [province]) => fill(&mut region, province, "agency"),
                _ => {}
            }
        }
        many => findings.push(
            Finding::new(
                "ambiguous_region",
                Severity::Warning,
                None,
                format!(
                    "the body's county name fits {} divisions ({}); no clue in the text tells which",
                    many.len(),
                    many.iter().map(|d| format!("{} {}", d.code6(), path(d))).collect::<Vec<_>>().join(", ")
                ),
            )
            .actual(many.iter().map(|d| d.code6()).collect::<Vec<_>>().join(" ")),
        ),
    }
    region.agency_level = agency.as_deref().map(|a| level(a, &region));
    region
}

fn dedup(mut divisions: Vec<&Division>) -> Vec<&Division> {
    divisions.sort_by(|a, b| a.code.cmp(b.code));
    divisions.dedup_by(|a, b| a.code == b.code);
    divisions
}

/// A county the text supports: its city or province is named somewhere in it (its own name,
/// which several counties may share, is no support).
fn supported(d: &Division, named: &HashSet<&str>) -> bool {
    d.city_code().is_some_and(|c| named.contains(c)) || named.contains(d.province_code())
}

fn path(d: &Division) -> String {
    let g = &*GAZETTEER;
    let parts: Vec<&str> = [
        Some(d.province_code()),
        d.city_code().filter(|_| d.level == Level::County),
    ]
    .into_iter()
    .flatten()
    .filter_map(|c| g.get(c).map(|x| x.name))
    .chain(std::iter::once(d.name))
    .collect();
    parts.join("/")
}

fn fill(region: &mut Region, d: &Division, source: &'static str) {
    let g = &*GAZETTEER;
    let province = g.get(d.province_code()).map(|p| p.name);
    let city = match d.level {
        Level::Province => None,
        _ => d.city_code().and_then(|c| g.get(c)).map(|c| {
            if matches!(c.name, "市辖区" | "县") {
                province.unwrap_or_default()
            } else {
                c.name
            }
        }),
    };
    region.province = province.map(str::to_owned);
    region.city = city
        .filter(|c| !c.is_empty() && !c.contains("直辖县级"))
        .map(str::to_owned);
    region.county = (d.level == Level::County).then(|| d.name.to_owned());
    region.division_code = Some(d.code6());
    region.region_source = Some(source);
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
fn township_core(agency: &str) -> Option<String> {
    let name = agency.strip_suffix("办事处").unwrap_or(agency);
    let name = name.strip_suffix("人民政府").unwrap_or(name);
    let tail = ["街道", "镇", "乡"].iter().find(|s| name.ends_with(*s))?;
    let mentions = GAZETTEER.mentions(name);
    let start = mentions.last().map_or(0, |(at, d)| at + d.name.len());
    let core = &name[start..];
    (core.chars().count() > tail.chars().count()).then(|| core.to_owned())
}

fn level(agency: &str, region: &Region) -> &'static str {
    if TOWNSHIP.iter().any(|s| agency.ends_with(s)) {
        "township"
    } else if !agency.ends_with("人民政府")
        && DEPARTMENT.iter().any(|s| agency.ends_with(s))
        && !ZONE.iter().any(|z| agency.ends_with(z))
    {
        "department"
    } else if ZONE.iter().any(|z| agency.contains(z)) {
        "zone"
    } else if region.county.is_some() {
        "county"
    } else if region.city.is_some() {
        "city"
    } else if region.province.is_some() {
        "province"
    } else {
        "unknown"
    }
}

/// `area` when the report sums up its whole area (全区/全市/全县 with 各级行政机关 or 汇总), else
/// `agency`.
fn scope(text: &str) -> &'static str {
    let whole = ["全区", "全市", "全县", "全省", "全旗"]
        .iter()
        .any(|w| text.contains(w));
    let summary = ["各级行政机关", "汇总", "各单位共"]
        .iter()
        .any(|w| text.contains(w));
    if whole && summary { "area" } else { "agency" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(agency: &str, text: &str) -> (Region, Vec<Finding>) {
        let meta = Metadata {
            agency: Some(agency.to_owned()),
            title: Some(format!("{agency}2020年政府信息公开工作年度报告")),
            ..Metadata::default()
        };
        let mut findings = Vec::new();
        let r = resolve(&meta, &compact(text), &mut findings);
        (r, findings)
    }

    #[test]
    fn an_ambiguous_county_stays_null_until_an_area_code_decides() {
        let (r, f) = region("鼓楼区人民政府", "本报告由鼓楼区人民政府编制。");
        assert_eq!((r.county, r.division_code), (None, None));
        assert_eq!(f[0].rule, "ambiguous_region");
        assert_eq!(f[0].actual.as_deref(), Some("320106 320302 350102 410204"));
        let (r, f) = region("鼓楼区人民政府", "联系电话：0591-87654321。");
        assert!(f.is_empty());
        assert_eq!(
            (
                r.province.as_deref(),
                r.city.as_deref(),
                r.county.as_deref()
            ),
            (Some("福建省"), Some("福州市"), Some("鼓楼区"))
        );
        assert_eq!(
            (r.division_code.as_deref(), r.region_source),
            (Some("350102"), Some("area_code"))
        );
        assert_eq!(r.agency_level, Some("county"));
    }

    #[test]
    fn a_township_resolves_through_a_parent_county_the_text_names() {
        let (r, _) = region(
            "兴华街道",
            "昌邑区兴华街道办事处2020年共受理信息公开申请0件",
        );
        assert_eq!(
            (r.city.as_deref(), r.county.as_deref(), r.region_source),
            (Some("吉林市"), Some("昌邑区"), Some("gazetteer_parent"))
        );
        assert_eq!(r.agency_level, Some("township"));
        let (r, f) = region("兴华街道", "本街道2020年共受理信息公开申请0件");
        assert_eq!((r.county, f.len()), (None, 0));
        // The NBS list spells it 金谷园路街道; the text names its city.
        let (r, _) = region("金谷园街道办事处", "在洛阳市委、市政府的领导下");
        assert_eq!(
            (r.county.as_deref(), r.division_code.as_deref()),
            (Some("西工区"), Some("410303"))
        );
    }

    #[test]
    fn names_levels_and_scope() {
        assert_eq!(
            normalize_agency("金凤区北京中路街道办事处办事处"),
            "金凤区北京中路街道办事处"
        );
        let (r, _) = region("平潭综合实验区经济发展局", "福建省");
        assert_eq!(r.agency_level, Some("department"));
        let (r, _) = region("淮安市人民政府", "2024年全市各级行政机关共收到申请");
        assert_eq!(
            (r.agency_level, r.scope, r.division_code.as_deref()),
            (Some("city"), Some("area"), Some("320800"))
        );
    }
}
