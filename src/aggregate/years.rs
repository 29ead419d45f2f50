//! agency_years, range of agencies by range: one row per agency and year from the summary on
//! disk, with the change from the year before and the carry-over check, and the sample of
//! agencies that cuts the summary into ranges of bounded size.

use polars::prelude::*;

/// agency_years over one range of agencies after another, in agency order; each part with its
/// carryover_mismatch findings.
pub struct AgencyYears {
    base: LazyFrame,
    /// The ranges' boundaries: range i holds agencies from bounds[i-1] (inclusive) to bounds[i].
    bounds: Vec<String>,
    next: usize,
}

impl AgencyYears {
    pub(super) fn new(base: LazyFrame, bounds: Vec<String>) -> Self {
        AgencyYears {
            base,
            bounds,
            next: 0,
        }
    }
}

impl Iterator for AgencyYears {
    type Item = PolarsResult<(DataFrame, DataFrame)>;

    fn next(&mut self) -> Option<Self::Item> {
        let i = self.next;
        if i > self.bounds.len() {
            return None;
        }
        self.next += 1;
        let mut range = col("agency").is_not_null();
        if i > 0 {
            range = range.and(col("agency").gt_eq(lit(self.bounds[i - 1].clone())));
        }
        if i < self.bounds.len() {
            range = range.and(col("agency").lt(lit(self.bounds[i].clone())));
        }
        Some(
            agency_years(&self.base.clone().filter(range))
                .and_then(|part| Ok((carryover_findings(&part)?, part)))
                .map(|(findings, part)| (part, findings)),
        )
    }
}

/// Agencies sampled from the summary as it is written, deterministically (every `stride`-th,
/// the stride doubling whenever the sample is full), to cut agency_years into ranges.
#[derive(Debug, Default)]
pub struct Sample {
    values: Vec<String>,
    stride: usize,
    seen: usize,
}

impl Sample {
    const CAPACITY: usize = 4096;

    /// Takes the agencies of a batch of the summary.
    pub fn take(&mut self, summary: &DataFrame) {
        let Ok(agency) = summary.column("agency").and_then(|c| c.str().cloned()) else {
            return;
        };
        for a in agency.iter().flatten() {
            if self.stride == 0 {
                self.stride = 1;
            }
            if self.seen.is_multiple_of(self.stride) {
                self.values.push(a.to_owned());
                if self.values.len() >= Self::CAPACITY {
                    self.values = self.values.iter().step_by(2).cloned().collect();
                    self.stride *= 2;
                }
            }
            self.seen += 1;
        }
    }

    /// Boundaries cutting the agencies seen into ranges of about `per_range` reports.
    pub(super) fn bounds(&self, per_range: usize) -> Vec<String> {
        let ranges = self.seen.div_ceil(per_range.max(1));
        if ranges <= 1 {
            return Vec::new();
        }
        let mut sorted = self.values.clone();
        sorted.sort();
        let mut bounds: Vec<String> = (1..ranges)
            .map(|k| sorted[k * sorted.len() / ranges].clone())
            .collect();
        bounds.dedup();
        bounds
    }
}

/// The figures of agency_years, each with its change from the year before.
const HEADLINE: [&str; 8] = [
    "new_received",
    "carried_over",
    "total_handled",
    "carried_forward",
    "granted",
    "partially_granted",
    "review_total",
    "litigation_total",
];

/// agency_years: one row per agency and year, its headline figures, the change from the year
/// before where both exist, and whether last year's carried-forward equals this year's
/// carried-over (`carryover_mismatch`).
pub fn agency_years(base: &LazyFrame) -> PolarsResult<DataFrame> {
    let years = base
        .clone()
        .filter(col("agency").is_not_null().and(col("year").is_not_null()))
        .group_by([col("agency"), col("year")])
        .agg(
            std::iter::once(col("report_id").min().alias("report_id"))
                .chain(HEADLINE.iter().map(|h| {
                    // polars sums an all-null group to 0: a figure no report printed stays null.
                    when(col(*h).is_not_null().sum().gt(lit(0)))
                        .then(col(*h).sum())
                        .otherwise(lit(NULL).cast(DataType::Int64))
                        .alias(*h)
                }))
                .collect::<Vec<_>>(),
        );
    let previous = years.clone().select(
        [col("agency"), (col("year") + lit(1)).alias("year")]
            .into_iter()
            .chain(
                HEADLINE
                    .iter()
                    .map(|h| col(*h).alias(format!("previous_{h}"))),
            )
            .collect::<Vec<_>>(),
    );
    let mut changes: Vec<Expr> = HEADLINE
        .iter()
        .map(|h| (col(*h) - col(format!("previous_{h}"))).alias(format!("{h}_change")))
        .collect();
    changes.push(
        col("previous_carried_forward")
            .is_not_null()
            .and(col("carried_over").is_not_null())
            .and(col("previous_carried_forward").neq(col("carried_over")))
            .alias("carryover_mismatch"),
    );
    years
        .join(
            previous,
            [col("agency"), col("year")],
            [col("agency"), col("year")],
            JoinArgs::new(JoinType::Left),
        )
        .with_columns(changes)
        .sort(["agency", "year"], SortMultipleOptions::default())
        .collect()
}

/// A `carryover_mismatch` finding for every agency-year whose carried-over applications differ
/// from the year before's carried-forward ones, in the columns of findings.parquet.
pub fn carryover_findings(agency_years: &DataFrame) -> PolarsResult<DataFrame> {
    let text = |v: &str| lit(v.to_owned());
    agency_years
        .clone()
        .lazy()
        .filter(col("carryover_mismatch").eq(lit(true)))
        .select([
            col("report_id"),
            text("carryover_mismatch").alias("rule"),
            text("warning").alias("severity"),
            text("applications").alias("section"),
            text("carried_over").alias("row"),
            text("total").alias("column"),
            col("previous_carried_forward")
                .cast(DataType::Int64)
                .cast(DataType::String)
                .alias("expected"),
            col("carried_over")
                .cast(DataType::Int64)
                .cast(DataType::String)
                .alias("actual"),
            text(
                "上年结转 differs from the previous year's report's 结转下年度 for the same agency",
            )
            .alias("message"),
            lit(NULL).cast(DataType::Int64).alias("line"),
        ])
        .collect()
}

#[cfg(test)]
mod scale {
    use super::super::{Running, compare, per_report};
    use super::*;

    /// Peak memory of computing the comparison tables from a summary of `OGI_SCALE_ROWS` reports
    /// (default 1,000,000): `cargo test --lib scale -- --ignored --nocapture` (the summary is
    /// written in batches, so the peak is the comparison's).
    #[test]
    #[ignore]
    fn comparison_memory_at_scale() {
        let n: usize = std::env::var("OGI_SCALE_ROWS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1_000_000);
        let empty = per_report(&[]).unwrap();
        let schema = empty.schema().clone();
        let chunk = |from: usize, to: usize| {
            let mut cols = Vec::new();
            for field in schema.iter_fields() {
                let name = field.name().clone();
                let col = match field.dtype() {
                    DataType::String => {
                        let v: Vec<String> = (from..to)
                            .map(|i| match name.as_str() {
                                "report_id" => format!("d{:03}/report-{i:07}.txt", i % 1000),
                                "agency" => format!("某某市第{}区人民政府办公室", i % (n / 7 + 1)),
                                "province" => format!("省{}", i % 2978 / 97),
                                "city" => format!("市{}", i % 2978 / 9),
                                "county" => format!("县{}", i % 2978),
                                _ => format!("v{}", i % 7),
                            })
                            .collect();
                        Column::new(name, v)
                    }
                    DataType::Int32 => Column::new(
                        name,
                        (from..to)
                            .map(|i| 2019 + (i / (n / 7 + 1)) as i32)
                            .collect::<Vec<_>>(),
                    ),
                    DataType::Int64 => Column::new(
                        name,
                        (from..to).map(|i| (i % 97) as i64).collect::<Vec<_>>(),
                    ),
                    DataType::Float64 => {
                        Column::new(name, (from..to).map(|i| i as f64 / 7.0).collect::<Vec<_>>())
                    }
                    DataType::Boolean => {
                        Column::new(name, (from..to).map(|i| i % 5 == 0).collect::<Vec<_>>())
                    }
                    other => panic!("{other}"),
                };
                cols.push(col);
            }
            DataFrame::new_infer_height(cols).unwrap()
        };
        let mut running = Running::default();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("summary.parquet");
        let mut writer = ParquetWriter::new(std::fs::File::create(&path).unwrap())
            .with_row_group_size(Some(512))
            .batched(&schema)
            .unwrap();
        for from in (0..n).step_by(512) {
            let df = chunk(from, (from + 512).min(n));
            running.take(&df).unwrap();
            writer.write_batch(&df).unwrap();
        }
        writer.finish().unwrap();
        let hwm = || {
            std::fs::read_to_string("/proc/self/status")
                .unwrap_or_default()
                .lines()
                .find(|l| l.starts_with("VmHWM"))
                .unwrap_or_default()
                .to_owned()
        };
        println!("after writing the summary: {}", hwm());
        let mem = || {
            std::fs::read_to_string("/proc/self/status")
                .unwrap_or_default()
                .lines()
                .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join(" / ")
        };
        println!("rss / hwm before: {}", mem());
        let c = compare(&path, &running).unwrap();
        println!("after by_region, by_agency_level: {}", mem());
        let regions = c.by_region.height();
        let years: usize = c
            .agency_years
            .map(|p| {
                let h = p.unwrap().0.height();
                println!("  part of {h}: {}", mem());
                h
            })
            .sum();
        println!(
            "after comparing {n} reports: {} ({years} agency-years, {regions} region rows)",
            hwm(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two reports of one agency and year, neither printing new_received, and one of the next
    /// year that does.
    fn base() -> LazyFrame {
        let none: [Option<i64>; 3] = [None, None, Some(5)];
        let mut columns = vec![
            Column::new("report_id".into(), ["a", "b", "c"]),
            Column::new("agency".into(), ["某区人民政府"; 3]),
            Column::new("year".into(), [2020i32, 2020, 2021]),
        ];
        for h in super::HEADLINE {
            let v = if h == "new_received" {
                none
            } else {
                [Some(1), Some(2), Some(3)]
            };
            columns.push(Column::new(h.into(), v));
        }
        DataFrame::new(3, columns).unwrap().lazy()
    }

    #[test]
    fn a_figure_no_report_of_the_year_printed_is_null_not_zero() {
        let years = agency_years(&base()).unwrap();
        let new = years.column("new_received").unwrap().i64().unwrap();
        assert_eq!(new.get(0), None);
        assert_eq!(new.get(1), Some(5));
        let change = years.column("new_received_change").unwrap().i64().unwrap();
        assert_eq!(change.get(1), None);
        let granted = years.column("granted").unwrap().i64().unwrap();
        assert_eq!((granted.get(0), granted.get(1)), (Some(3), Some(3)));
        let granted_change = years.column("granted_change").unwrap().i64().unwrap();
        assert_eq!(granted_change.get(1), Some(0));
        assert_eq!(
            years.column("report_id").unwrap().str().unwrap().get(0),
            Some("a")
        );
    }
}
