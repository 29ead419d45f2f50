//! The clues a report's text gives that tell candidate divisions apart, tried in order: the
//! telephone area code, division names in the text, the postcode, the web domain.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::RegionSource;
use super::domains::{self, DOMAINS};
use super::gazetteer::{Division, GAZETTEER};

/// A telephone number with its area code: `0951—5192972`, `0591-23155817`, `(0591)23165370`.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])\(?(0[1-9][0-9]{1,2})\)?[-—－ ]?[1-9][0-9]{6,7}(?:[^0-9]|$)")
        .expect("pattern compiles")
});

/// A postcode the text labels as one (`邮编：750004`, `邮政编码 350400`).
static POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:邮编|邮政编码)[:：]?\s*([1-8][0-9]{5})(?:[^0-9]|$)").expect("pattern compiles")
});

/// What the candidate divisions were found from.
pub(super) enum Basis {
    /// County names in the body's name or the title (鼓楼区, which four counties share).
    Counties,
    /// The counties having the body's township or street.
    Township,
    /// A zone named after a county or city (平潭综合实验区 → 平潭县); the zone's own name.
    Zone(String),
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

    fn source(self) -> RegionSource {
        match self {
            Clue::AreaCode => RegionSource::AreaCode,
            Clue::Text => RegionSource::Text,
            Clue::Postcode => RegionSource::Postcode,
            Clue::Domain => RegionSource::Domain,
        }
    }
}

/// The clues of a text that can tell candidate divisions apart, each found on first use.
pub(super) struct Clues<'a> {
    text: &'a str,
    head: &'a [(usize, &'static Division)],
    /// Whether the text naming a candidate county itself supports it: yes for a township's
    /// parents or a zone's county, no for a county name several counties share (the name is
    /// what made them candidates).
    own_name_counts: bool,
}

impl<'a> Clues<'a> {
    pub(super) fn new(
        text: &'a str,
        head: &'a [(usize, &'static Division)],
        basis: &Basis,
    ) -> Self {
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
pub(super) fn narrow<'d>(
    mut candidates: Vec<&'d Division>,
    basis: &Basis,
    clues: &Clues,
) -> (Vec<&'d Division>, RegionSource) {
    let (mut source, needs_support) = match basis {
        Basis::Counties => (RegionSource::Agency, false),
        Basis::Township => (RegionSource::GazetteerParent, true),
        Basis::Zone(_) => (RegionSource::Zone, true),
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

/// A county the text supports: its city or province is named somewhere in it (its own name,
/// which several counties may share, is no support).
fn supported(d: &Division, named: &HashSet<&str>) -> bool {
    d.city_code().is_some_and(|c| named.contains(c)) || named.contains(d.province_code())
}
