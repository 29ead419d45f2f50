//! What a zone's name is: the words zone names are made of, and the national-level zones whose
//! administrations report (data/zones.csv: the 19 国家级新区 and 平潭综合实验区, each with its
//! province and city).

use std::sync::LazyLock;

/// The word a zone's name ends with.
pub(super) const ZONE: &[&str] = &["实验区", "开发区", "新区", "高新区", "示范区", "园区"];

/// Words a zone's name takes between its place and its zone word.
pub(super) const ZONE_WORDS: &[&str] = &[
    "综合",
    "经济",
    "技术",
    "高新",
    "高技术",
    "产业",
    "工业",
    "开发",
    "实验",
    "示范",
    "保税",
    "旅游",
    "度假",
    "新",
    "科技",
    "生态",
    "农业",
    "港",
    "临空",
    "国家级",
    "国家",
    "自由贸易",
];

/// A national-level zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    /// Its name without the province or city its full name may begin with (西海岸新区).
    pub name: &'static str,
    /// The province it is in.
    pub province: &'static str,
    /// The one city whose territory holds it, None where it spans several.
    pub city: Option<&'static str>,
}

impl Zone {
    /// The place part of its name, before its zone words and zone word (平潭综合实验区 → 平潭,
    /// 舟山群岛新区 → 舟山群岛).
    pub fn stem(&self) -> &'static str {
        let mut s = ZONE
            .iter()
            .filter_map(|z| self.name.strip_suffix(z))
            .min_by_key(|s| s.len())
            .unwrap_or(self.name);
        while let Some(w) = ZONE_WORDS
            .iter()
            .filter(|w| s.ends_with(**w) && s.len() > w.len())
            .max_by_key(|w| w.len())
        {
            s = &s[..s.len() - w.len()];
        }
        s
    }
}

/// The zones of data/zones.csv.
pub static ZONES: LazyLock<Vec<Zone>> = LazyLock::new(|| {
    include_str!("../../data/zones.csv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split(',').map(str::trim);
            let (name, province, city) = (f.next()?, f.next()?, f.next().unwrap_or(""));
            Some(Zone {
                name,
                province,
                city: (!city.is_empty()).then_some(city),
            })
        })
        .collect()
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::gazetteer::{GAZETTEER, Level};

    /// Nineteen 国家级新区 and 平潭综合实验区, each in a province and city the gazetteer has.
    #[test]
    fn the_zones_are_the_national_new_areas_and_pingtan() {
        assert_eq!(ZONES.len(), 20);
        assert_eq!(
            ZONES.iter().filter(|z| z.name.ends_with("新区")).count(),
            19
        );
        let names = |level: Level| -> Vec<&str> {
            GAZETTEER
                .divisions
                .iter()
                .filter(|d| d.level == level)
                .map(|d| d.name)
                .collect()
        };
        let (provinces, cities) = (names(Level::Province), names(Level::City));
        for z in ZONES.iter() {
            assert!(provinces.contains(&z.province), "{z:?}");
            let municipality = z.city == Some(z.province);
            assert!(
                z.city.is_none_or(|c| municipality || cities.contains(&c)),
                "{z:?}"
            );
        }
        let stems: Vec<&str> = ZONES.iter().map(Zone::stem).collect();
        assert_eq!(&stems[..4], ["浦东", "滨海", "两江", "舟山群岛"]);
        assert_eq!(stems[8], "西海岸");
        assert_eq!(stems[19], "平潭");
    }
}
