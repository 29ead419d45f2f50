//! Who reported, and where: the reporting body's name normalised, its level (province, city,
//! county, township, department, zone), the report's scope, and its province, city and county
//! with the 6-digit division code, resolved with the gazetteer from every clue the text gives:
//! division names in the body's name and the title, the township's parent county, the county a
//! zone is named after, names in the text, telephone area codes, postcodes and web domains. Where
//! the clues leave more than one candidate the fields stay null and an `ambiguous_region` finding
//! says which, where none an `unresolved_region` note; nothing is guessed. A stage of its own:
//! it reads a report's metadata and text, never its layout. The body itself is read in `agency.rs`,
//! the clues in `clues.rs`, the gazetteer and the web domains it searches in [`gazetteer`] and
//! [`domains`]; what the fields can say is in `levels.rs`.

mod agency;
mod clues;
pub mod domains;
pub mod gazetteer;
mod levels;
mod ocr_name;
mod zones;

pub use agency::{gazetteer_spelling, is_body_name, normalize_agency};
pub use levels::{AgencyLevel, GovernmentLevel, RegionSource, Scope};
pub use ocr_name::{OcrName, ocr_name};

use agency::{scope, set_levels, township_core, zone_stem};
use clues::{Basis, Clues, narrow};
use gazetteer::{Division, GAZETTEER, Level};

use crate::model::{Finding, Metadata, Region, Severity};
use crate::template::Rule;
use crate::text::compact;

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
    // `agency` when the body's name names the division, `title` when only the title does.
    let agency_len = agency.as_deref().map_or(0, str::len);
    let named_in = |d: &Division| {
        if head
            .iter()
            .any(|(at, x)| x.code == d.code && *at < agency_len)
        {
            RegionSource::Agency
        } else {
            RegionSource::Title
        }
    };
    let head_counties = dedup(
        head.iter()
            .filter(|(_, d)| d.level == Level::County)
            .map(|(_, d)| *d)
            .collect(),
    );
    // The usual case: the body's own name names one county; the text need not be searched.
    if let [county] = head_counties.as_slice() {
        fill(&mut region, county, named_in(county));
        set_levels(&mut region, agency.as_deref());
        return region;
    }
    let (candidates, basis) = if !head_counties.is_empty() {
        (head_counties, Some(Basis::Counties))
    } else if let Some(core) = agency.as_deref().and_then(township_core) {
        let mut parents = g.counties_with_street(&core);
        if parents.is_empty() {
            parents = g.counties_with_street_like(&core);
        }
        (dedup(parents), Some(Basis::Township))
    } else if let Some((zone, divisions)) = agency.as_deref().and_then(zone_stem) {
        (dedup(divisions), Some(Basis::Zone(zone)))
    } else {
        (Vec::new(), None)
    };
    let (candidates, source) = match &basis {
        Some(basis) => narrow(candidates, basis, &Clues::new(text, &head, basis)),
        None => (candidates, RegionSource::Agency),
    };
    match candidates.as_slice() {
        [d] => {
            let source = if source == RegionSource::Agency {
                named_in(d)
            } else {
                source
            };
            fill(&mut region, d, source);
            if let (Some(Basis::Zone(zone)), Level::County) = (&basis, d.level) {
                region.county = Some(zone.clone());
            }
        }
        [] => {
            // No county: a city or province government, or a body named by its city only.
            let cities: Vec<&Division> = dedup(
                head.iter()
                    .filter(|(_, d)| d.level == Level::City)
                    .map(|(_, d)| *d)
                    .collect(),
            );
            let provinces: Vec<&Division> = dedup(
                head.iter()
                    .filter(|(_, d)| d.level == Level::Province)
                    .map(|(_, d)| *d)
                    .collect(),
            );
            match (cities.as_slice(), provinces.as_slice()) {
                ([city], _) => fill(&mut region, city, named_in(city)),
                ([], [province]) => fill(&mut region, province, named_in(province)),
                _ => {}
            }
        }
        many => findings.push(
            Finding::new(
                Rule::AmbiguousRegion,
                Severity::Warning,
                None,
                format!(
                    "{} fits {} divisions ({}); no clue in the text tells which",
                    match &basis {
                        Some(Basis::Township) => "the body's township",
                        Some(Basis::Zone(_)) => "the zone's name",
                        _ => "the body's county name",
                    },
                    many.len(),
                    many.iter()
                        .map(|d| format!("{} {}", d.code6(), path(d)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .actual(many.iter().map(|d| d.code6()).collect::<Vec<_>>().join(" ")),
        ),
    }
    if region.province.is_none() && candidates.len() <= 1 {
        findings.push(unresolved(agency.as_deref()));
    }
    set_levels(&mut region, agency.as_deref());
    region
}

/// The finding of a body no clue placed (a name the gazetteer does not have, such as an OCR'd
/// 沐阳县 for 沭阳县, and a text that gives nothing else).
fn unresolved(agency: Option<&str>) -> Finding {
    let message = match agency {
        Some(a) => {
            format!("no division of the gazetteer fits {a}, and no clue in the text places it")
        }
        None => "the report names no body, and no clue in the text places it".to_owned(),
    };
    Finding::new(Rule::UnresolvedRegion, Severity::Info, None, message)
}

fn dedup(mut divisions: Vec<&Division>) -> Vec<&Division> {
    divisions.sort_by(|a, b| a.code.cmp(b.code));
    divisions.dedup_by(|a, b| a.code == b.code);
    divisions
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

fn fill(region: &mut Region, d: &Division, source: RegionSource) {
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
            (
                r.division_code.as_deref(),
                r.region_source.map(RegionSource::as_str)
            ),
            (Some("350102"), Some("area_code"))
        );
        assert_eq!(r.agency_level, Some(AgencyLevel::County));
    }

    #[test]
    fn a_township_resolves_through_a_parent_county_the_text_names() {
        let (r, _) = region(
            "兴华街道",
            "昌邑区兴华街道办事处2020年共受理信息公开申请0件",
        );
        assert_eq!(
            (
                r.city.as_deref(),
                r.county.as_deref(),
                r.region_source.map(RegionSource::as_str)
            ),
            (Some("吉林市"), Some("昌邑区"), Some("gazetteer_parent"))
        );
        assert_eq!(r.agency_level, Some(AgencyLevel::Township));
        let (r, f) = region("兴华街道", "本街道2020年共受理信息公开申请0件");
        assert_eq!(r.county, None);
        assert_eq!(
            f.iter().map(|f| f.rule).collect::<Vec<_>>(),
            ["unresolved_region"]
        );
        // The NBS list spells it 金谷园路街道; the text names its city.
        let (r, _) = region("金谷园街道办事处", "在洛阳市委、市政府的领导下");
        assert_eq!(
            (r.county.as_deref(), r.division_code.as_deref()),
            (Some("西工区"), Some("410303"))
        );
    }

    #[test]
    fn postcodes_and_web_domains_tell_namesakes_apart() {
        let (r, f) = region("鼓楼区人民政府", "通讯地址：某路1号，邮编：350001。");
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(
            (
                r.division_code.as_deref(),
                r.region_source.map(RegionSource::as_str)
            ),
            (Some("350102"), Some("postcode"))
        );
        let (r, _) = region("鼓楼区人民政府", "邮政编码 221005");
        assert_eq!(r.city.as_deref(), Some("徐州市"));
        let (r, _) = region(
            "鼓楼区人民政府",
            "详见本区政府网站（http://www.fzgl.gov.cn）",
        );
        assert_eq!(
            (
                r.division_code.as_deref(),
                r.region_source.map(RegionSource::as_str)
            ),
            (Some("350102"), Some("domain"))
        );
        // A six-digit number that is not labelled a postcode is no clue.
        let (r, f) = region("鼓楼区人民政府", "共有350001件");
        assert_eq!((r.county, f[0].rule), (None, Rule::AmbiguousRegion));
    }

    #[test]
    fn a_county_only_the_title_names_is_sourced_to_the_title() {
        let meta = Metadata {
            agency: Some("白鹤街道办事处".to_owned()),
            title: Some("宁波市鄞州区白鹤街道办事处2020年政府信息公开工作年度报告".to_owned()),
            ..Metadata::default()
        };
        let r = resolve(&meta, "", &mut Vec::new());
        assert_eq!(
            (
                r.division_code.as_deref(),
                r.region_source.map(RegionSource::as_str)
            ),
            (Some("330212"), Some("title"))
        );
    }

    #[test]
    fn a_city_named_beside_a_shared_county_name_decides() {
        let (r, f) = region("福州市鼓楼区人民政府", "");
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(
            (
                r.division_code.as_deref(),
                r.region_source.map(RegionSource::as_str)
            ),
            (Some("350102"), Some("text"))
        );
        let (r, _) = region("鼓楼区人民政府", "在南京市委、市政府的领导下");
        assert_eq!(r.division_code.as_deref(), Some("320106"));
        // 江苏 has two 鼓楼区 (南京, 徐州): the province narrows, the postcode decides.
        let (r, f) = region("鼓楼区人民政府", "江苏省");
        assert_eq!(f[0].actual.as_deref(), Some("320106 320302"));
        assert_eq!(r.county, None);
        let (r, _) = region("鼓楼区人民政府", "江苏省，邮编：221005");
        assert_eq!(
            (
                r.division_code.as_deref(),
                r.region_source.map(RegionSource::as_str)
            ),
            (Some("320302"), Some("postcode"))
        );
    }

    #[test]
    fn zone_words_in_a_district_name_or_a_zone_named_after_a_province() {
        let (r, _) = region("上海市浦东新区人民政府", "");
        assert_eq!(
            (r.county.as_deref(), r.agency_level.map(AgencyLevel::as_str)),
            (Some("浦东新区"), Some("county"))
        );
        let (r, _) = region("苏州工业园区管理委员会", "");
        assert_eq!(
            (
                r.division_code.as_deref(),
                r.agency_level.map(AgencyLevel::as_str)
            ),
            (Some("320576"), Some("zone"))
        );
        let (r, _) = region("天津经济技术开发区管理委员会", "天津市");
        assert_eq!(
            (r.province.as_deref(), r.county, r.division_code.as_deref()),
            (Some("天津市"), None, Some("120000"))
        );
    }

    #[test]
    fn a_zone_named_after_a_county_takes_its_place_and_keeps_its_name() {
        let text = "根据《福建省政府信息公开办法》，平潭综合实验区管委会编制本报告。";
        let (r, f) = region("平潭综合实验区", text);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(
            (
                r.province.as_deref(),
                r.city.as_deref(),
                r.county.as_deref(),
                r.division_code.as_deref(),
                r.region_source.map(RegionSource::as_str),
                r.agency_level.map(AgencyLevel::as_str),
            ),
            (
                Some("福建省"),
                Some("福州市"),
                Some("平潭综合实验区"),
                Some("350128"),
                Some("zone"),
                Some("zone")
            )
        );
        let (r, _) = region("平潭综合实验区经济发展局", "邮编：350400");
        assert_eq!(
            (r.county.as_deref(), r.agency_level.map(AgencyLevel::as_str)),
            (Some("平潭综合实验区"), Some("department"))
        );
        // The stem alone is no evidence: nothing in the text places it.
        let (r, f) = region("平潭综合实验区", "本区2020年共受理申请0件");
        assert_eq!((r.province, f[0].rule), (None, Rule::UnresolvedRegion));
    }

    #[test]
    fn an_unknown_county_is_reported_never_filled_in() {
        let (r, f) = region("沐阳县人民政府", "本县2025年共受理申请0件");
        assert_eq!((r.county, r.division_code), (None, None));
        assert_eq!(r.agency_level, Some(AgencyLevel::County));
        assert_eq!(f[0].rule, "unresolved_region");
        assert_eq!(f[0].severity, Severity::Info);
        assert_eq!(
            f[0].message,
            "no division of the gazetteer fits 沐阳县人民政府, and no clue in the text places it"
        );
    }

    #[test]
    fn a_street_office_named_jie_is_a_street() {
        let (r, _) = region("佳荣里街", "天津市北辰区佳荣里街2021年政府信息公开");
        assert_eq!(
            (
                r.county.as_deref(),
                r.agency_level.map(AgencyLevel::as_str),
                r.region_source.map(RegionSource::as_str)
            ),
            (Some("北辰区"), Some("township"), Some("gazetteer_parent"))
        );
    }

    #[test]
    fn names_levels_and_scope() {
        assert_eq!(
            normalize_agency("金凤区北京中路街道办事处办事处"),
            "金凤区北京中路街道办事处"
        );
        let (r, _) = region("平潭综合实验区经济发展局", "福建省");
        assert_eq!(r.agency_level, Some(AgencyLevel::Department));
        let (r, _) = region("平潭综合实验区财政金融局", "全区汇总各单位数据。");
        assert_eq!(r.scope, Some(Scope::Agency));
        let (r, _) = region("某区人民政府", "2021年,全区共收到政府信息公开申请70件");
        assert_eq!(r.scope, Some(Scope::Area));
        let (r, _) = region("淮安市人民政府", "2024年全市各级行政机关共收到申请");
        assert_eq!(
            (
                r.agency_level.map(AgencyLevel::as_str),
                r.scope.map(Scope::as_str),
                r.division_code.as_deref()
            ),
            (Some("city"), Some("area"), Some("320800"))
        );
    }
}
