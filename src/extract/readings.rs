//! The readings of a row whose printed cells do not match its columns in number: each a way its
//! cells fill the columns (a whole printed cell, a piece of a run of digits, a cell lost or a
//! blank vanished). Runs of digits from flattened text (`713000074`) are cut every way that gives
//! the missing number of cells, no number with a leading zero; [`super::align`] keeps those the
//! arithmetic allows.

use crate::layout::Cell;
use crate::text::number::{Num, Parsed, parse, read_value};

#[derive(Clone, Debug, PartialEq)]
pub(super) enum V {
    /// A whole printed cell.
    Printed(usize),
    /// Digits `start..end` of the integer part of joined cell `cell` (the last piece keeps the
    /// cell's decimals and unit).
    Piece {
        cell: usize,
        start: usize,
        end: usize,
    },
    /// A cell lost by the export; the arithmetic may solve it.
    Missing,
    /// An empty cell whose blank vanished from flattened text: null.
    Blank,
    /// A missing cell the arithmetic solved.
    Solved(f64),
}

impl V {
    pub(super) fn cell(&self) -> Option<usize> {
        match self {
            V::Printed(i) | V::Piece { cell: i, .. } => Some(*i),
            _ => None,
        }
    }
}

/// Readings beyond this are not enumerated; the row's cells are left null instead.
pub(super) const MAX_READINGS: usize = 5000;

/// A row's printed value cells and what each holds.
pub(super) struct Printed<'r, 'a> {
    /// The cells, in printed order.
    pub(super) cells: &'r [&'a Cell],
    /// What each holds.
    pub(super) parsed: Vec<Parsed>,
}

impl<'r, 'a> Printed<'r, 'a> {
    /// Reads each cell.
    pub(super) fn new(cells: &'r [&'a Cell]) -> Self {
        Printed {
            cells,
            parsed: cells.iter().map(|c| read_value(&c.text)).collect(),
        }
    }

    pub(super) fn num(&self, v: &V) -> Option<Num> {
        match v {
            V::Printed(i) => self.parsed[*i].num().cloned(),
            V::Piece { cell, start, end } => {
                piece(&self.cells[*cell].text, *start, *end).and_then(|t| parse(&t).num().cloned())
            }
            V::Solved(x) => Some(solved(*x)),
            V::Missing | V::Blank => None,
        }
    }

    /// Readings of a short row of flattened text: the splits of its digit runs into `n` cells;
    /// failing those, empty cells that vanished. A row of zeros one cell short is read left to
    /// right (its last cell, the total, was the empty one); any other row tries every place for
    /// the blanks (a single `0` left of seven cells may be any of them, so none is known).
    pub(super) fn joined_readings(&self, idx: &[usize], n: usize) -> Vec<Vec<V>> {
        match self.splits(idx, n) {
            Some(out) if !out.is_empty() => return out,
            Some(_) => {}
            None => return Vec::new(),
        }
        // A row of zeros one short, counting each 0 of a run (`0 00000` is six zeros).
        let zero_run = |i: usize| {
            let t = &self.cells[i].text;
            !t.is_empty() && t.bytes().all(|b| b == b'0')
        };
        if idx.iter().all(|&i| zero_run(i))
            && idx.iter().map(|&i| self.cells[i].text.len()).sum::<usize>() + 1 == n
        {
            let mut reading: Vec<V> = idx
                .iter()
                .flat_map(|&i| {
                    (0..self.cells[i].text.len()).map(move |k| V::Piece {
                        cell: i,
                        start: k,
                        end: k + 1,
                    })
                })
                .collect();
            reading.resize(n, V::Blank);
            return vec![reading];
        }
        combinations(n, n - idx.len())
            .into_iter()
            .map(|blank| {
                let mut printed = idx.iter();
                (0..n)
                    .map(|col| {
                        if blank.contains(&col) {
                            V::Blank
                        } else {
                            printed.next().map_or(V::Blank, |&i| V::Printed(i))
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// Every way to cut the digit runs of `idx` into exactly `n` cells (no number with a leading
    /// zero); `None` when there are more than [`MAX_READINGS`] (the row is then left null rather
    /// than judged on part of its readings).
    fn splits(&self, idx: &[usize], n: usize) -> Option<Vec<Vec<V>>> {
        // Each run yields between `min` and `max` cells: what the others cannot supply, and what
        // they leave over. Only those counts are enumerated.
        let capacity: Vec<usize> = idx
            .iter()
            .map(|&i| run_digits(self.cells[i]).max(1))
            .collect();
        let total: usize = capacity.iter().sum();
        let options: Vec<Vec<Vec<V>>> = idx
            .iter()
            .zip(&capacity)
            .map(|(&i, &own)| {
                let min = n.saturating_sub(total - own).max(1);
                self.cuts(i, min, n + 1 - idx.len())
            })
            .collect::<Option<_>>()?;
        let mut out = Vec::new();
        let complete = extend(&options, n, &mut Vec::new(), &mut out);
        complete.then_some(out)
    }

    /// The ways to cut cell `i` into `min` to `max` numbers; `None` when there are too many.
    fn cuts(&self, i: usize, min: usize, max: usize) -> Option<Vec<Vec<V>>> {
        let digits = run_digits(self.cells[i]);
        let mut out = if min <= 1 {
            vec![vec![V::Printed(i)]]
        } else {
            Vec::new()
        };
        let text = self.cells[i].text.as_bytes();
        for k in min.max(2)..=max.min(digits) {
            let all = combinations(digits - 1, k - 1);
            if all.is_empty() {
                return None;
            }
            for cuts in all {
                let bounds: Vec<usize> = std::iter::once(0)
                    .chain(cuts.iter().map(|c| c + 1))
                    .chain(std::iter::once(digits))
                    .collect();
                if bounds
                    .windows(2)
                    .any(|w| w[1] - w[0] > 1 && text[sign_len(&self.cells[i].text) + w[0]] == b'0')
                {
                    continue;
                }
                out.push(
                    bounds
                        .windows(2)
                        .map(|w| V::Piece {
                            cell: i,
                            start: w[0],
                            end: w[1],
                        })
                        .collect(),
                );
            }
        }
        Some(out)
    }
}

/// Appends to `out` every choice of one option per token whose cells number exactly `n`;
/// false when that would exceed [`MAX_READINGS`].
fn extend(options: &[Vec<Vec<V>>], n: usize, prefix: &mut Vec<V>, out: &mut Vec<Vec<V>>) -> bool {
    let Some((first, rest)) = options.split_first() else {
        if prefix.len() == n {
            out.push(prefix.clone());
        }
        return out.len() <= MAX_READINGS;
    };
    let room = n.saturating_sub(prefix.len() + rest.len());
    for option in first.iter().filter(|o| o.len() <= room) {
        let len = prefix.len();
        prefix.extend(option.iter().cloned());
        let ok = extend(rest, n, prefix, out);
        prefix.truncate(len);
        if !ok {
            return false;
        }
    }
    true
}

/// Number of integer digits of a joined cell that may be cut (0 when it is not a digit run).
fn run_digits(cell: &Cell) -> usize {
    if !cell.joined {
        return 0;
    }
    let t = &cell.text[sign_len(&cell.text)..];
    let int = t.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &t[int..];
    let plain_rest = rest.is_empty()
        || rest.strip_prefix('.').is_some_and(|r| {
            r.trim_end_matches(['万', '元'])
                .bytes()
                .all(|b| b.is_ascii_digit())
        });
    if plain_rest || matches!(rest, "元" | "万元") {
        int
    } else {
        0
    }
}

/// Length of a leading sign (`-185` or `减79` run together with the next cell: `-18538`).
fn sign_len(text: &str) -> usize {
    text.chars()
        .next()
        .filter(|c| matches!(c, '-' | '增' | '减'))
        .map_or(0, char::len_utf8)
}

/// The text of a piece: its integer digits (the first keeping the run's sign), plus the
/// decimals and unit when it is the last.
fn piece(text: &str, start: usize, end: usize) -> Option<String> {
    let sign = sign_len(text);
    let body = &text[sign..];
    let int = body.bytes().take_while(u8::is_ascii_digit).count();
    let digits = body.get(start..end)?;
    let sign = if start == 0 { &text[..sign] } else { "" };
    Some(if end == int {
        format!("{sign}{digits}{}", &body[int..])
    } else {
        format!("{sign}{digits}")
    })
}

fn solved(x: f64) -> Num {
    Num {
        value: x,
        digits: format!("{}", x.abs()),
        negative: x < 0.0,
        unit: None,
    }
}

/// All `k`-element subsets of `0..n`, in lexicographic order (none when there are more than
/// [`MAX_READINGS`]). Their number is counted first, so a long row costs nothing, and they are
/// stepped through without recursion.
pub(super) fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
    if k > n || count(n, k) > MAX_READINGS {
        return Vec::new();
    }
    let mut cur: Vec<usize> = (0..k).collect();
    let mut out = vec![cur.clone()];
    // The next subset: raise the last index that can still rise, reset those after it.
    while let Some(i) = (0..k).rev().find(|&i| cur[i] < n - k + i) {
        cur[i] += 1;
        for j in i + 1..k {
            cur[j] = cur[j - 1] + 1;
        }
        out.push(cur.clone());
    }
    out
}

/// C(n, k), or more than [`MAX_READINGS`] once it passes it.
fn count(n: usize, k: usize) -> usize {
    let k = k.min(n - k);
    let mut c: usize = 1;
    for i in 0..k {
        // C(n, i + 1) = C(n, i) * (n - i) / (i + 1), exact at every step.
        c = c.saturating_mul(n - i) / (i + 1);
        if c > MAX_READINGS {
            return MAX_READINGS + 1;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_piece_keeps_the_sign_only_at_the_start_and_the_unit_only_at_the_end() {
        assert_eq!(piece("-18538", 0, 3).as_deref(), Some("-185"));
        assert_eq!(piece("-18538", 3, 5).as_deref(), Some("38"));
        assert_eq!(piece("增1692558", 0, 3).as_deref(), Some("增169"));
        assert_eq!(piece("75394432.52元", 4, 8).as_deref(), Some("4432.52元"));
    }

    #[test]
    fn combinations_in_order() {
        assert_eq!(
            combinations(4, 2),
            [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]
        );
        assert!(combinations(40, 20).is_empty());
        assert_eq!(combinations(3, 0), [Vec::<usize>::new()]);
        assert_eq!(combinations(3, 3), [[0, 1, 2]]);
        assert!(combinations(2, 3).is_empty());
        // C(5000, 1) is the most there may be; C(100000, 99999) is too many, decided at once.
        assert_eq!(combinations(5000, 1).len(), 5000);
        assert!(combinations(100_000, 99_999).is_empty());
    }
}
