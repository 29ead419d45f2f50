//! Government web domains as region clues: the label before `gov.cn` in a report's addresses
//! (`www.nbyz.gov.cn` → `nbyz`) matched against the spellings governments choose for their
//! domains, built once from the gazetteer with the pinyin crate: a division's short name in full
//! (`yinzhou`) or by initials (`yz`), alone or after its city's (`nbyz`, `ycxixia`, `jlscy`).

use std::collections::HashMap;
use std::sync::LazyLock;

use pinyin::ToPinyinMulti;
use regex::Regex;

use super::gazetteer::{Division, GAZETTEER, Level, short_name};

/// A host under gov.cn; group 1 is the label just before it.
static HOST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^a-z0-9.-])(?:[a-z0-9-]+\.)*([a-z0-9-]+)\.gov\.cn")
        .expect("pattern compiles")
});

/// At most this many spellings of one name (each character with several readings multiplies them).
const MAX_SPELLINGS: usize = 16;

/// The divisions each domain label can stand for.
pub struct DomainIndex {
    keys: HashMap<String, Vec<&'static str>>,
}

/// The index, built on first use (only reports whose region the names leave open need it).
pub static DOMAINS: LazyLock<DomainIndex> = LazyLock::new(DomainIndex::build);

impl DomainIndex {
    fn build() -> Self {
        let g = &*GAZETTEER;
        let mut keys: HashMap<String, Vec<&'static str>> = HashMap::new();
        let mut add = |key: String, code: &'static str| {
            let codes = keys.entry(key).or_default();
            if !codes.contains(&code) {
                codes.push(code);
            }
        };
        for d in &g.divisions {
            let Some(short) = short_name(d.name) else {
                continue;
            };
            let own = spellings(short);
            for (full, initials) in &own {
                add(full.clone(), d.code);
                add(initials.clone(), d.code);
            }
            // A county's domain often leads with its city's initials (宁波 鄞州 → nbyz, 吉林市
            // 昌邑 → jlscy); a district of a municipality with the municipality's (北京 海淀 → bjhd).
            if d.level == Level::County {
                let parent = d
                    .city_code()
                    .and_then(|c| g.get(c))
                    .filter(|c| short_name(c.name).is_some())
                    .or_else(|| g.get(d.province_code()));
                let parent_spellings = parent.map_or_else(Vec::new, |p| {
                    let mut all = spellings(p.name);
                    all.extend(short_name(p.name).map(spellings).unwrap_or_default());
                    all
                });
                for (parent_full, parent_initials) in parent_spellings {
                    for (full, initials) in &own {
                        add(format!("{parent_initials}{full}"), d.code);
                        add(format!("{parent_initials}{initials}"), d.code);
                        add(format!("{parent_full}{full}"), d.code);
                    }
                }
            }
        }
        DomainIndex { keys }
    }

    /// The codes of the divisions a label can stand for.
    pub fn divisions(&self, label: &str) -> &[&'static str] {
        self.keys.get(label).map_or(&[], Vec::as_slice)
    }
}

/// Every label before `gov.cn` in a text, lower-cased, each once.
pub fn labels(text: &str) -> Vec<String> {
    let mut out: Vec<String> = HOST
        .captures_iter(text)
        .map(|c| c[1].to_ascii_lowercase())
        .filter(|l| l != "www")
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether a division is one a label names, or lies in one (a county under a named city).
pub fn supports(label_codes: &[&str], d: &Division) -> bool {
    label_codes
        .iter()
        .any(|c| d.code.starts_with(c) || c.starts_with(d.code))
}

/// The pinyin spellings of a name, each as (full, initials): `鄞州` → (`yinzhou`, `yz`). Every
/// reading of a character with several is tried (长 chang/zhang), up to a bound.
fn spellings(name: &str) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), String::new())];
    for ch in name.chars() {
        let readings: Vec<(&str, &str)> = match ch.to_pinyin_multi() {
            Some(multi) => multi
                .into_iter()
                .map(|p| (p.plain(), p.first_letter()))
                .collect(),
            None => return Vec::new(),
        };
        out = out
            .iter()
            .flat_map(|(full, initials)| {
                readings
                    .iter()
                    .map(move |(f, i)| (format!("{full}{f}"), format!("{initials}{i}")))
            })
            .take(MAX_SPELLINGS)
            .collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(label: &str) -> Vec<&'static str> {
        let g = &*GAZETTEER;
        DOMAINS
            .divisions(label)
            .iter()
            .filter_map(|c| g.get(c).map(|d| d.name))
            .collect()
    }

    #[test]
    fn the_seeds_domains_name_their_counties() {
        assert_eq!(names("nbyz"), ["鄞州区"]);
        assert_eq!(names("bypc"), ["平川区"]);
        // 昌邑 and 船营 are both cy, both in 吉林市: the label narrows to the city.
        assert_eq!(names("jlscy"), ["昌邑区", "船营区"]);
        assert_eq!(names("ycxixia"), ["西夏区"]);
        assert_eq!(names("pingtan"), ["平潭县"]);
        assert!(names("fujian").contains(&"福建省"));
        assert!(names("fz").len() > 1, "initials alone are ambiguous");
    }

    #[test]
    fn labels_are_the_part_before_gov_cn() {
        assert_eq!(
            labels(
                "见http://xxgk.JLSCY.gov.cn/qtdw/和www.nbyz.gov.cn及www.gov.cn、beian.miit.gov.cn"
            ),
            ["jlscy", "miit", "nbyz"]
        );
    }
}
