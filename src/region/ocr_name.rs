//! A body's name read by OCR checked against the gazetteer: spelled as the gazetteer spells its
//! place when exactly one place is close, turned down when its place part is garbage.

use super::gazetteer::{GAZETTEER, Level, short_name};
use super::zones::{ZONE, ZONE_WORDS, ZONES, Zone};

/// What the gazetteer makes of an OCR'd body's name.
#[derive(Debug, PartialEq, Eq)]
pub enum OcrName {
    /// Its place part is the gazetteer's (or nothing says otherwise): kept as read.
    Kept,
    /// The one place close to its place part, spelled as the gazetteer spells it.
    Respelled(String),
    /// A zone's name holding words no zone's name takes, not one known zone's with characters
    /// inserted (or as close to two): not published.
    Implausible,
}

/// The organ after a place: a government, its office, a department (…局, …委员会, …中心).
const ORGANS: &[&str] = &[
    "人民政府办公室",
    "人民政府",
    "政府办公室",
    "政府",
    "办公室",
    "办事处",
    "委员会",
    "管委会",
];
/// Endings of a department's name after a place (教育局, 发展和改革委员会, 政务服务中心).
const DEPARTMENT_ENDINGS: &[&str] = &["局", "厅", "委员会", "中心", "办公室"];

fn organ(rest: &[char]) -> bool {
    let s: String = rest.iter().collect();
    ORGANS.contains(&s.as_str())
        || (rest.len() <= 10 && DEPARTMENT_ENDINGS.iter().any(|e| s.ends_with(e)))
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn lcs(a: &[char], b: &[char]) -> usize {
    let mut prev = vec![0; b.len() + 1];
    for ca in a {
        let mut cur = vec![0; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = if ca == cb {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The places a body's name may begin with: each city, each county, each county after its city.
fn places() -> impl Iterator<Item = String> {
    let g = &*GAZETTEER;
    g.divisions.iter().flat_map(move |d| {
        let mut v = vec![];
        if d.level != Level::Province {
            v.push(d.name.to_owned());
        }
        if d.level == Level::County
            && let Some(city) = d.city_code().and_then(|c| g.get(c))
            && city.name != d.name
        {
            v.push(format!("{}{}", city.name, d.name));
        }
        v
    })
}

/// True when the name's place part is the gazetteer's: division names one after the other from
/// its start, then an organ (or nothing).
fn known(name: &str) -> bool {
    let mut at = 0;
    let mut any = false;
    while let Some(end) = GAZETTEER
        .mentions(&name[at..])
        .iter()
        .filter(|(a, _)| *a == 0)
        .map(|(_, d)| d.name.len())
        .max()
    {
        at += end;
        any = true;
    }
    let rest: Vec<char> = name[at..].chars().collect();
    any && (rest.is_empty() || organ(&rest))
}

/// The gazetteer's reading of an OCR'd body's name (`淮安任安市人民政府` → 淮安市人民政府,
/// `淮安住呈直市人洪半泽区人民政府` → 淮安市洪泽区人民政府). A place is close when the name
/// begins with its first character, holds all its characters in order, ends it
/// with its last, and OCR put no more characters in it than it has; then an organ follows. The
/// closest place (fewest edits) is taken only when no other place is as close: nothing is guessed.
pub fn ocr_name(name: &str) -> OcrName {
    if zone_garbage(name) {
        return match zone_respelled(name, &ZONES) {
            Some(z) if z == name => OcrName::Kept,
            Some(z) => OcrName::Respelled(z),
            None => OcrName::Implausible,
        };
    }
    if known(name) {
        return OcrName::Kept;
    }
    let p: Vec<char> = name.chars().collect();
    let mut best: Vec<(usize, String)> = vec![];
    for place in places() {
        let c: Vec<char> = place.chars().collect();
        if c.len() < 2 || c[0] != p[0] {
            continue;
        }
        for k in c.len()..=(2 * c.len()).min(p.len().saturating_sub(1)) {
            let pre = &p[..k];
            if pre[k - 1] != c[c.len() - 1] || !organ(&p[k..]) {
                continue;
            }
            // OCR's noise here is inserted characters: a place differing by a substituted
            // character (沐阳县, printed so, is not 沐川县) is another place, not a misreading.
            if lcs(&c, pre) < c.len() {
                continue;
            }
            let d = levenshtein(&c, pre);
            if d == 0 {
                return OcrName::Kept;
            }
            let fixed = format!("{place}{}", p[k..].iter().collect::<String>());
            best.push((d, fixed));
        }
    }
    let Some(min) = best.iter().map(|(d, _)| *d).min() else {
        return OcrName::Kept;
    };
    let mut at_min: Vec<&String> = best
        .iter()
        .filter(|(d, _)| *d == min)
        .map(|(_, s)| s)
        .collect();
    at_min.dedup();
    match at_min.as_slice() {
        [one] => OcrName::Respelled((*one).clone()),
        _ => OcrName::Kept,
    }
}

/// The known zone an OCR'd zone's name is, spelled as the list spells it, the rest of the name
/// as read (`平潭丁综合安全实验区` → 平潭综合实验区, `福建省平潭丁综合衬人导实验区管委会` →
/// 福建省平潭综合实验区管委会). By the rule places are respelled by: the name, after division
/// names or the zone's own province or city (青岛西海岸新区), holds every character of the
/// zone's name in order, beginning with its first and ending with its last, OCR put no more
/// characters in it than it has, and an organ (or nothing) follows; the zone with the fewest
/// characters inserted is taken only when no other zone is as close. None when no zone, or more
/// than one, is that close; the name itself when it spells a zone exactly.
fn zone_respelled(name: &str, zones: &[Zone]) -> Option<String> {
    let mut best: Vec<(usize, String)> = vec![];
    for zone in zones {
        let c: Vec<char> = zone.name.chars().collect();
        let own: Vec<&str> = [Some(zone.province), zone.city]
            .into_iter()
            .flatten()
            .flat_map(|n| [Some(n), short_name(n)])
            .flatten()
            .collect();
        let mut at = 0;
        loop {
            let p: Vec<char> = name[at..].chars().collect();
            for k in c.len()..=(2 * c.len()).min(p.len()) {
                if p[0] != c[0] || p[k - 1] != c[c.len() - 1] {
                    continue;
                }
                let rest: String = p[k..].iter().collect();
                if (!rest.is_empty() && !organ(&p[k..])) || lcs(&c, &p[..k]) < c.len() {
                    continue;
                }
                best.push((k - c.len(), format!("{}{}{rest}", &name[..at], zone.name)));
            }
            let division = GAZETTEER
                .mentions(&name[at..])
                .iter()
                .filter(|(a, _)| *a == 0)
                .map(|(_, d)| d.name.len())
                .max();
            let prefix = own
                .iter()
                .filter(|n| name[at..].starts_with(**n))
                .map(|n| n.len());
            match division.into_iter().chain(prefix).max() {
                Some(len) if at + len < name.len() => at += len,
                _ => break,
            }
        }
    }
    let min = best.iter().map(|(d, _)| *d).min()?;
    let mut at_min: Vec<String> = best
        .into_iter()
        .filter(|(d, _)| *d == min)
        .map(|(_, s)| s)
        .collect();
    at_min.sort();
    at_min.dedup();
    match <[String; 1]>::try_from(at_min) {
        Ok([one]) => Some(one),
        Err(_) => None,
    }
}

/// A zone's name (a place's short name or a known zone's place part, zone words, a zone word)
/// with other characters between its place and its zone word.
fn zone_garbage(name: &str) -> bool {
    let Some(end) = ZONE.iter().filter_map(|z| name.find(z)).min() else {
        return false;
    };
    let head = &name[..end];
    let chars: Vec<(usize, char)> = head.char_indices().collect();
    let Some(stem_end) = (2..=chars.len().min(4)).rev().find_map(|n| {
        let at = chars.get(n).map_or(head.len(), |(a, _)| *a);
        let stem = &head[..at];
        let place = !GAZETTEER.by_short_name(stem).is_empty()
            || ZONES.iter().any(|z| z.stem() == stem)
            || GAZETTEER
                .mentions(stem)
                .iter()
                .any(|(a, d)| *a == 0 && d.name == stem);
        place.then_some(at)
    }) else {
        return false;
    };
    let mut middle = &head[stem_end..];
    while !middle.is_empty() {
        match ZONE_WORDS
            .iter()
            .filter(|w| middle.starts_with(**w))
            .max_by_key(|w| w.len())
        {
            Some(w) => middle = &middle[w.len()..],
            None => return true,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ocr_misread_places_are_respelled_or_turned_down() {
        assert_eq!(
            ocr_name("淮安任安市人民政府"),
            OcrName::Respelled("淮安市人民政府".into())
        );
        assert_eq!(
            ocr_name("淮安住呈直市人洪半泽区人民政府"),
            OcrName::Respelled("淮安市洪泽区人民政府".into())
        );
    }

    /// The scans' 平潭综合实验区, and zones named after their city or province (青岛西海岸新区).
    #[test]
    fn ocr_misread_zones_are_respelled_as_the_list_spells_them() {
        for (read, zone) in [
            ("平潭丁综合安全实验区", "平潭综合实验区"),
            ("平潭丁综合衬人导实验区", "平潭综合实验区"),
            ("平潭丁综合安全实验区经济发展局", "平潭综合实验区经济发展局"),
            (
                "福建省平潭丁综合衬人导实验区管委会",
                "福建省平潭综合实验区管委会",
            ),
            ("两江丁新区", "两江新区"),
            ("青岛西海丁岸新区", "青岛西海岸新区"),
            ("长春丁新区管委会", "长春新区管委会"),
        ] {
            assert_eq!(ocr_name(read), OcrName::Respelled(zone.into()), "{read}");
        }
        // Spelled as the list spells them: kept (舟山群岛 and 青岛西海岸 are not zone words).
        for n in [
            "舟山群岛新区",
            "重庆两江新区",
            "青岛西海岸新区管委会",
            "平潭综合实验区",
        ] {
            assert_eq!(ocr_name(n), OcrName::Kept, "{n}");
        }
        // More characters inserted than the zone has, or another zone's garbage: null.
        assert_eq!(
            ocr_name("平潭丁综合安全丁丁丁丁丁丁丁实验区"),
            OcrName::Implausible
        );
        assert_eq!(ocr_name("平潭丁综合安全开发区"), OcrName::Implausible);
        // A zone's name of zone words is no misreading of a listed zone (福州高新区 is not 福州新区).
        assert_eq!(ocr_name("福州高新区"), OcrName::Kept);
    }

    /// Two zones as close as each other: neither is taken.
    #[test]
    fn a_name_as_close_to_two_zones_is_not_respelled() {
        let zones = [
            Zone {
                name: "长春经济技术开发区",
                province: "吉林省",
                city: Some("长春市"),
            },
            Zone {
                name: "长沙经济技术开发区",
                province: "湖南省",
                city: Some("长沙市"),
            },
        ];
        assert_eq!(zone_respelled("长春沙经济技术开发区", &zones), None);
        assert_eq!(
            zone_respelled("长春丁经济技术开发区", &zones).as_deref(),
            Some("长春经济技术开发区")
        );
        assert_eq!(
            zone_respelled("长沙经济技术开发区管委会", &zones).as_deref(),
            Some("长沙经济技术开发区管委会")
        );
    }

    #[test]
    fn correct_names_are_kept_and_nothing_is_guessed() {
        for n in [
            "淮安市人民政府",
            "淮安市洪泽区人民政府",
            "洪泽区人民政府",
            "平潭综合实验区",
            "平潭综合实验区经济发展局",
            "长沙市岳麓区教育局",
            "西工区金谷园街道办事处",
            // A name printed with one character other than a county's stays as printed.
            "沐阳县人民政府",
        ] {
            assert_eq!(ocr_name(n), OcrName::Kept, "{n}");
        }
        // 鼓楼区 is a district of four cities, all spelled alike: the spelling is not a guess.
        assert_eq!(
            ocr_name("鼓丁楼区人民政府"),
            OcrName::Respelled("鼓楼区人民政府".into())
        );
    }
}
