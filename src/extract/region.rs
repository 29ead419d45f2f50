//! Who reported, and where: the reporting body's name normalised, its level (province, city,
//! county, township, department, zone), the report's scope, and its province, city and county
//! with the 6-digit division code, resolved with the gazetteer from every clue the text gives:
//! division names in the body's name and the title, the township's parent county, the county a
//! zone is named after, names in the text, telephone area codes, postcodes and web domains. Where
//! the clues leave more than one candidate the fields stay null and an `ambiguous_region` finding
//! says which, where none an `unresolved_region` note; nothing is guessed.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::domains::{self, DOMAINS};
use crate::gazetteer::{Division, GAZETTEER, Level};
use crate::model::{Finding, Metadata, Region, Severity};
use crate::template::Rule;
use crate::text::compact;

/// A telephone number with its area code: `0951—5192972`, `0591-23155817`, `(0591)23165370`.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])\(?(0[1-9][0-9]{1,2})\)?[-—－ ]?[1-9][0-9]{6,7}(?:[^0-9]|$)")
        .expect("pattern compiles")
});

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

/// What the candidate divisions were found from.
enum Basis {
    /// County names in the body's name or the title (鼓楼区, which four counties share).
    Counties,
    /// The counties having the body's township or street.
    Township,
    /// A zone named after a county or city (平潭综合实验区 → 平潭县); the zone's own name.
    Zone(String),
}

/// A postcode the text labels as one (`邮编：750004`, `邮政编码 350400`).
static POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:邮编|邮政编码)[:：]?\s*([1-8][0-9]{5})(?:[^0-9]|$)").expect("pattern compiles")
});

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
            "agency"
        } else {
            "title"
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
        None => (candidates, "agency"),
    };
    match candidates.as_slice() {
        [d] => {
            let source = if source == "agency" {
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

/// A kind of clue that tells candidate divisions apart, in the order they are tried; the first
/// to leave one candidate is the `region_source`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Clue {
    AreaCode,
    Text,
    Postcode,
    Domain,
}

impl Clue {
    const ORDER: [Clue; 4] = [Clue::AreaCode, Clue::Text, Clue::Postcode, Clue::Domain];

    fn source(self) -> &'static str {
        match self {
            Clue::AreaCode => "area_code",
            Clue::Text => "text",
            Clue::Postcode => "postcode",
            Clue::Domain => "domain",
        }
    }
}

/// The clues of a text that can tell candidate divisions apart, each found on first use.
struct Clues<'a> {
    text: &'a str,
    head: &'a [(usize, &'static Division)],
    /// Whether the text naming a candidate county itself supports it: yes for a township's
    /// parents or a zone's county, no for a county name several counties share (the name is
    /// what made them candidates).
    own_name_counts: bool,
}

impl<'a> Clues<'a> {
    fn new(text: &'a str, head: &'a [(usize, &'static Division)], basis: &Basis) -> Self {
        Clues {
            text,
            head,
            own_name_counts: !matches!(basis, Basis::Counties),
        }
    }

    /// The candidates a clue keeps, or None when the text has no such clue.
    fn keep<'d>(&self, clue: Clue, candidates: &[&'d Division]) -> Option<Vec<&'d Division>> {
        let g = &*GAZETTEER;
        let kept = |f: &dyn Fn(&Division) -> bool| -> Vec<&'d Division> {
            candidates.iter().copied().filter(|d| f(d)).collect()
        };
        match clue {
            Clue::AreaCode => {
                let cities: HashSet<&str> = PHONE
                    .captures_iter(self.text)
                    .flat_map(|c| {
                        g.cities_of_area_code(&c[1])
                            .into_iter()
                            .map(|d| d.code)
                            .collect::<Vec<_>>()
                    })
                    .collect();
                (!cities.is_empty())
                    .then(|| kept(&|d| d.city_code().is_some_and(|c| cities.contains(c))))
            }
            Clue::Text => {
                let named: HashSet<&str> = self
                    .head
                    .iter()
                    .chain(&g.mentions(self.text))
                    .map(|(_, d)| d.code)
                    .collect();
                (!named.is_empty()).then(|| {
                    kept(&|d| {
                        (self.own_name_counts && named.contains(d.code)) || supported(d, &named)
                    })
                })
            }
            Clue::Postcode => {
                let codes: Vec<&str> = POSTCODE
                    .captures_iter(self.text)
                    .map(|c| c.get(1).map_or("", |m| m.as_str()))
                    .collect();
                let shared = |d: &Division| -> usize {
                    let Some(own) = g.postcode_of(d) else {
                        return 0;
                    };
                    codes
                        .iter()
                        .map(|c| {
                            c.bytes()
                                .zip(own.bytes())
                                .take_while(|(a, b)| a == b)
                                .count()
                        })
                        .max()
                        .unwrap_or(0)
                };
                let best = candidates.iter().map(|d| shared(d)).max().unwrap_or(0);
                // Two digits name a province's postal area; fewer is no evidence.
                (!codes.is_empty()).then(|| {
                    if best >= 2 {
                        kept(&|d| shared(d) == best)
                    } else {
                        Vec::new()
                    }
                })
            }
            Clue::Domain => {
                let index = &*DOMAINS;
                let labels: Vec<&[&str]> = domains::labels(self.text)
                    .iter()
                    .map(|l| index.divisions(l))
                    .filter(|codes| !codes.is_empty())
                    .collect();
                (!labels.is_empty())
                    .then(|| kept(&|d| labels.iter().any(|codes| domains::supports(codes, d))))
            }
        }
    }
}

/// Narrows candidates with the text's clues. A township's or a zone's candidates need at least
/// one clue that keeps them (its name alone, which many places share, is not enough); county
/// names stand on their own.
fn narrow<'d>(
    mut candidates: Vec<&'d Division>,
    basis: &Basis,
    clues: &Clues,
) -> (Vec<&'d Division>, &'static str) {
    let (mut source, needs_support) = match basis {
        Basis::Counties => ("agency", false),
        Basis::Township => ("gazetteer_parent", true),
        Basis::Zone(_) => ("zone", true),
    };
    let mut supported = false;
    for clue in Clue::ORDER {
        if candidates.len() <= 1 && (supported || !needs_support) {
            break;
        }
        let Some(kept) = clues.keep(clue, &candidates) else {
            continue;
        };
        if kept.is_empty() {
            continue; // the clue contradicts every candidate: it is about some other place
        }
        supported = true;
        if kept.len() < candidates.len() {
            candidates = kept;
            // A township's or zone's county the text names is its basis's own evidence.
            if candidates.len() == 1 && !(needs_support && clue == Clue::Text) {
                source = clue.source();
            }
        }
    }
    if needs_support && !supported {
        candidates.clear();
    }
    (candidates, source)
}

/// The zone a body's name begins with and the divisions its stem is the short name of
/// (`平潭综合实验区经济发展局` → `平潭综合实验区`, 平潭县); division names before the stem are
/// skipped (`福建省平潭综合实验区`).
fn zone_stem(agency: &str) -> Option<(String, Vec<&'static Division>)> {
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
    region.region_source != Some("zone")
        && region.county.as_deref().is_some_and(|c| agency.contains(c))
        && !functional
}

fn set_levels(region: &mut Region, agency: Option<&str>) {
    region.agency_level = agency.map(|a| level(a, region));
    // A department reports on its own work, whatever its text says of the area.
    if region.agency_level == Some("department") {
        region.scope = Some("agency");
    }
    region.government_level = match region.agency_level {
        Some(own @ ("township" | "county" | "city" | "province")) => Some(own),
        _ if region.county.is_some() => Some("county"),
        _ if region.city.is_some() => Some("city"),
        _ if region.province.is_some() => Some("province"),
        _ => None,
    };
}

fn level(agency: &str, region: &Region) -> &'static str {
    // A zone's own administration (苏州工业园区管理委员会) is the zone, not a department.
    let body = ["管理委员会", "管委会"]
        .iter()
        .find_map(|s| agency.strip_suffix(s))
        .unwrap_or(agency);
    if TOWNSHIP.iter().any(|s| agency.ends_with(s)) {
        "township"
    } else if !agency.ends_with("人民政府")
        && DEPARTMENT.iter().any(|s| agency.ends_with(s))
        && !ZONE.iter().any(|z| body.ends_with(z))
    {
        "department"
    } else if ZONE.iter().any(|z| agency.contains(z)) && !regular_district(agency, region) {
        "zone"
    } else if region.county.is_some() {
        "county"
    } else if region.city.is_some() {
        "city"
    } else if region.province.is_some() {
        "province"
    } else if ["县人民政府", "旗人民政府", "区人民政府"]
        .iter()
        .any(|s| agency.ends_with(s))
    {
        // A county government the gazetteer does not know (an OCR'd 沐阳县人民政府).
        "county"
    } else {
        "unknown"
    }
}

/// The whole area's applications counted: `全区共收到政府信息公开申请`, `全市各级行政机关共受理…申请`.
static AREA_APPLICATIONS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"全(?:区|市|县|省|旗|州|盟)[^。,，;；]{0,12}(?:收到|受理|新收)[^。]{0,12}申请")
        .expect("pattern compiles")
});

/// `area` when the report sums up its whole area (全区/全市/全县 with 各级行政机关 or 汇总, or the
/// whole area's applications counted), else `agency`.
fn scope(text: &str) -> &'static str {
    let whole = ["全区", "全市", "全县", "全省", "全旗"]
        .iter()
        .any(|w| text.contains(w));
    let summary = ["各级行政机关", "汇总", "各单位共"]
        .iter()
        .any(|w| text.contains(w));
    if (whole && summary) || AREA_APPLICATIONS.is_match(text) {
        "area"
    } else {
        "agency"
    }
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
            (r.division_code.as_deref(), r.region_source),
            (Some("350102"), Some("postcode"))
        );
        let (r, _) = region("鼓楼区人民政府", "邮政编码 221005");
        assert_eq!(r.city.as_deref(), Some("徐州市"));
        let (r, _) = region(
            "鼓楼区人民政府",
            "详见本区政府网站（http://www.fzgl.gov.cn）",
        );
        assert_eq!(
            (r.division_code.as_deref(), r.region_source),
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
            (r.division_code.as_deref(), r.region_source),
            (Some("330212"), Some("title"))
        );
    }

    #[test]
    fn a_city_named_beside_a_shared_county_name_decides() {
        let (r, f) = region("福州市鼓楼区人民政府", "");
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(
            (r.division_code.as_deref(), r.region_source),
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
            (r.division_code.as_deref(), r.region_source),
            (Some("320302"), Some("postcode"))
        );
    }

    #[test]
    fn zone_words_in_a_district_name_or_a_zone_named_after_a_province() {
        let (r, _) = region("上海市浦东新区人民政府", "");
        assert_eq!(
            (r.county.as_deref(), r.agency_level),
            (Some("浦东新区"), Some("county"))
        );
        let (r, _) = region("苏州工业园区管理委员会", "");
        assert_eq!(
            (r.division_code.as_deref(), r.agency_level),
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
                r.region_source,
                r.agency_level,
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
            (r.county.as_deref(), r.agency_level),
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
        assert_eq!(r.agency_level, Some("county"));
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
            (r.county.as_deref(), r.agency_level, r.region_source),
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
        assert_eq!(r.agency_level, Some("department"));
        let (r, _) = region("平潭综合实验区财政金融局", "全区汇总各单位数据。");
        assert_eq!(r.scope, Some("agency"));
        let (r, _) = region("某区人民政府", "2021年,全区共收到政府信息公开申请70件");
        assert_eq!(r.scope, Some("area"));
        let (r, _) = region("淮安市人民政府", "2024年全市各级行政机关共收到申请");
        assert_eq!(
            (r.agency_level, r.scope, r.division_code.as_deref()),
            (Some("city"), Some("area"), Some("320800"))
        );
    }
}
