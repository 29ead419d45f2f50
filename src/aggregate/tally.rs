//! by_region and by_agency_level, tallied report by report as the summary streams past: a
//! mergeable sum per group (exact integer sums, money summed in walk order), so their memory is
//! the number of groups, not the number of reports.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::MEASURES;

/// The three rates: name, numerator column, denominator column.
const RATES: [(&str, &str, &str); 3] = [
    ("grant_rate", "grant_num", "grant_den"),
    (
        "review_correction_rate",
        "review_corr_num",
        "review_corr_den",
    ),
    ("litigation_correction_rate", "lit_corr_num", "lit_corr_den"),
];

/// A key part that sorts its nulls last, as the tables do.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Last<T> {
    Some(T),
    Null,
}

impl<T> From<Option<T>> for Last<T> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Last::Null, Last::Some)
    }
}

impl<T: Clone> Last<T> {
    fn get(&self) -> Option<T> {
        match self {
            Last::Some(v) => Some(v.clone()),
            Last::Null => None,
        }
    }
}

type Text = Last<String>;

/// A measure's sum over a group and the number of reports that print it.
#[derive(Debug, Clone, Copy, Default)]
struct Sum<T> {
    total: T,
    reports: i64,
}

/// What a group of reports adds up to.
#[derive(Debug, Clone, Default)]
struct Tally {
    reports: i64,
    with_errors: i64,
    counts: Vec<Sum<i64>>,
    amounts: Vec<Sum<f64>>,
    rates: [(i64, i64); 3],
}

/// One report's figures, read from a row of the summary.
struct Row {
    has_errors: bool,
    counts: Vec<Option<i64>>,
    amounts: Vec<Option<f64>>,
    rates: [(Option<i64>, Option<i64>); 3],
}

impl Tally {
    fn add(&mut self, row: &Row) {
        self.reports += 1;
        self.with_errors += i64::from(row.has_errors);
        self.counts.resize(row.counts.len(), Sum::default());
        self.amounts.resize(row.amounts.len(), Sum::default());
        for (s, v) in self.counts.iter_mut().zip(&row.counts) {
            if let Some(v) = v {
                s.total += v;
                s.reports += 1;
            }
        }
        for (s, v) in self.amounts.iter_mut().zip(&row.amounts) {
            if let Some(v) = v {
                s.total += v;
                s.reports += 1;
            }
        }
        for (r, (num, den)) in self.rates.iter_mut().zip(&row.rates) {
            r.0 += num.unwrap_or(0);
            r.1 += den.unwrap_or(0);
        }
    }
}

/// Whether a measure is an amount of money (a real number) rather than a count.
fn is_amount(m: &str) -> bool {
    m.ends_with("_yuan")
}

/// The tallies of by_region and by_agency_level, fed batch by batch with the summary.
#[derive(Debug, Default)]
pub struct Tallies {
    /// (year, level, province, city, county).
    regions: BTreeMap<(Last<i32>, &'static str, Text, Text, Text), Tally>,
    /// (year, agency_level).
    levels: BTreeMap<(Last<i32>, Text), Tally>,
}

impl Tallies {
    /// Adds the reports of a batch of the summary (the frame of [`super::per_report`]).
    ///
    /// # Errors
    /// When the frame lacks a column of the summary.
    pub fn take(&mut self, summary: &DataFrame) -> PolarsResult<()> {
        let text = |name: &str| summary.column(name).and_then(|c| c.str().cloned());
        let int = |name: &str| summary.column(name).and_then(|c| c.i64().cloned());
        let year = summary.column("year")?.i32()?.clone();
        let (province, city, county) = (text("province")?, text("city")?, text("county")?);
        let level = text("agency_level")?;
        let errors = summary.column("has_errors")?.bool()?.clone();
        let counts: Vec<Int64Chunked> = MEASURES
            .iter()
            .filter(|m| !is_amount(m))
            .map(|m| int(m))
            .collect::<PolarsResult<_>>()?;
        let amounts: Vec<Float64Chunked> = MEASURES
            .iter()
            .filter(|m| is_amount(m))
            .map(|m| summary.column(m).and_then(|c| c.f64().cloned()))
            .collect::<PolarsResult<_>>()?;
        let rates: Vec<(Int64Chunked, Int64Chunked)> = RATES
            .iter()
            .map(|(_, n, d)| Ok((int(n)?, int(d)?)))
            .collect::<PolarsResult<_>>()?;
        for i in 0..summary.height() {
            let row = Row {
                has_errors: errors.get(i).unwrap_or(false),
                counts: counts.iter().map(|c| c.get(i)).collect(),
                amounts: amounts.iter().map(|c| c.get(i)).collect(),
                rates: std::array::from_fn(|k| (rates[k].0.get(i), rates[k].1.get(i))),
            };
            let y = Last::from(year.get(i));
            let (p, c, k) = (province.get(i), city.get(i), county.get(i));
            let own = |v: Option<&str>| Last::from(v.map(str::to_owned));
            if p.is_some() {
                let key = (y.clone(), "province", own(p), Last::Null, Last::Null);
                self.regions.entry(key).or_default().add(&row);
            }
            if c.is_some() {
                let key = (y.clone(), "city", own(p), own(c), Last::Null);
                self.regions.entry(key).or_default().add(&row);
            }
            if k.is_some() {
                let key = (y.clone(), "county", own(p), own(c), own(k));
                self.regions.entry(key).or_default().add(&row);
            }
            self.levels
                .entry((y, own(level.get(i))))
                .or_default()
                .add(&row);
        }
        Ok(())
    }

    /// by_region: per year and county, city and province (the `level` column says which; the
    /// keys below it are null), sorted by year, level and the keys, nulls last.
    ///
    /// # Errors
    /// When polars cannot build the frame.
    pub fn by_region(&self) -> PolarsResult<DataFrame> {
        let keys = self.regions.keys();
        let mut columns = vec![
            Column::new(
                "year".into(),
                keys.clone().map(|k| k.0.get()).collect::<Vec<_>>(),
            ),
            Column::new(
                "level".into(),
                keys.clone().map(|k| k.1).collect::<Vec<_>>(),
            ),
        ];
        for (name, part) in [("province", 2), ("city", 3), ("county", 4)] {
            let values: Vec<Option<String>> = keys
                .clone()
                .map(|k| match part {
                    2 => k.2.get(),
                    3 => k.3.get(),
                    _ => k.4.get(),
                })
                .collect();
            columns.push(Column::new(name.into(), values));
        }
        columns.extend(measure_columns(self.regions.values()));
        DataFrame::new_infer_height(columns)
    }

    /// by_agency_level: per year and agency level, sorted by both, nulls last.
    ///
    /// # Errors
    /// When polars cannot build the frame.
    pub fn by_agency_level(&self) -> PolarsResult<DataFrame> {
        let keys = self.levels.keys();
        let mut columns = vec![
            Column::new(
                "year".into(),
                keys.clone().map(|k| k.0.get()).collect::<Vec<_>>(),
            ),
            Column::new(
                "agency_level".into(),
                keys.map(|k| k.1.get()).collect::<Vec<_>>(),
            ),
        ];
        columns.extend(measure_columns(self.levels.values()));
        DataFrame::new_infer_height(columns)
    }
}

/// The aggregated columns of a table, in order: reports, reports_with_errors, each measure and
/// the count of reports printing it (a measure no report prints is null, not 0), the rates
/// (Σ numerator / Σ denominator over the reports printing all terms; null when that is 0).
fn measure_columns<'a>(tallies: impl Iterator<Item = &'a Tally> + Clone) -> Vec<Column> {
    let int = |name: &str, f: &dyn Fn(&Tally) -> Option<i64>| {
        Column::new(name.into(), tallies.clone().map(f).collect::<Vec<_>>())
    };
    let mut columns = vec![
        int("reports", &|t| Some(t.reports)),
        int("reports_with_errors", &|t| Some(t.with_errors)),
    ];
    let (mut c, mut a) = (0, 0);
    for m in MEASURES {
        let sums: Vec<Sum<f64>> = if is_amount(m) {
            a += 1;
            tallies
                .clone()
                .map(|t| t.amounts.get(a - 1).copied().unwrap_or_default())
                .collect()
        } else {
            c += 1;
            let i = c - 1;
            columns.push(int(m, &|t| {
                t.counts.get(i).filter(|s| s.reports > 0).map(|s| s.total)
            }));
            columns.push(int(&format!("{m}_reports"), &|t| {
                Some(t.counts.get(i).map_or(0, |s| s.reports))
            }));
            continue;
        };
        let totals: Vec<Option<f64>> = sums
            .iter()
            .map(|s| (s.reports > 0).then_some(s.total))
            .collect();
        columns.push(Column::new((*m).into(), totals));
        columns.push(Column::new(
            format!("{m}_reports").into(),
            sums.iter().map(|s| s.reports).collect::<Vec<_>>(),
        ));
    }
    for (k, (name, _, _)) in RATES.iter().enumerate() {
        let rates: Vec<Option<f64>> = tallies
            .clone()
            .map(|t| {
                let (num, den) = t.rates[k];
                (den > 0).then(|| num as f64 / den as f64)
            })
            .collect();
        columns.push(Column::new((*name).into(), rates));
    }
    columns
}
