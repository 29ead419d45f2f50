//! A body's name read by OCR checked against the gazetteer: spelled as the gazetteer spells its
//! place when exactly one place is close, turned down when its place part is garbage.

use super::gazetteer::{GAZETTEER, Level};

/// What the gazetteer makes of an OCR'd body's name.
#[derive(Debug, PartialEq, Eq)]
pub enum OcrName {
    /// Its place part is the gazetteer's (or nothing says otherwise): kept as read.
    Kept,
    /// The one place close to its place part, spelled as the gazetteer spells it.
    Respelled(String),
    /// A zone's name holding words no zone's name takes (`平潭丁综合安全实验区`): not published.
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

/// Words a zone's name takes between its place and its zone word.
const ZONE_WORDS: &[&str] = &[
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
const ZONE: &[&str] = &["实验区", "开发区", "新区", "高新区", "示范区", "园区"];

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
        return OcrName::Implausible;
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

/// A zone's name (a place's short name, zone words, a zone word) with other characters between
/// its place and its zone word.
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
        assert_eq!(ocr_name("平潭丁综合安全实验区"), OcrName::Implausible);
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
