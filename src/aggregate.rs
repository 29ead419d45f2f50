//! The comparison tables, computed with polars (lazy scans, group_by/agg) from the per-report
//! summary the writer streamed to disk, one row per report
//! (duplicates counted once): by_region (per year and province, city, county, with a `level`
//! column), by_agency_level (per year and agency level) and agency_years (one row per agency and
//! year, with the change from the year before and the carry-over check). Every sum sits beside
//! the count of reports it covers (`<measure>_reports`), so a null cell never turns into a silent
//! undercount; rates are computed only over reports that print all their terms.

use polars::prelude::*;

use crate::model::{
    AppRow, Applicant, Extraction, FileOutcome, Item, Measure, Outcome, Proceeding, Severity,
    Template,
};

/// The summed measures, as columns of the per-report frame.
pub const MEASURES: &[&str] = &[
    "new_received",
    "carried_over",
    "total_handled",
    "carried_forward",
    "granted",
    "partially_granted",
    "withheld",
    "unable",
    "not_processed",
    "review_total",
    "review_corrected",
    "litigation_total",
    "litigation_corrected",
    "procurement_items",
    "procurement_amount_wan_yuan",
];

/// Sums a group of section 三 totals; null when any of them is null.
fn group(e: &Extraction, rows: &[AppRow]) -> Option<i64> {
    rows.iter().map(|&r| e.app(r, Applicant::Total)).sum()
}

fn total(e: &Extraction, r: AppRow) -> Option<i64> {
    e.app(r, Applicant::Total)
}

fn rev(e: &Extraction, p: Proceeding, o: Outcome) -> Option<i64> {
    e.review(p, o)
}

fn add(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    Some(a? + b?)
}

/// One row per report counted in comparisons: extracted and not a duplicate.
pub fn per_report(outcomes: &[FileOutcome]) -> PolarsResult<DataFrame> {
    let rows: Vec<(&FileOutcome, &Extraction)> = outcomes
        .iter()
        .filter(|o| o.record.duplicate_of.is_none())
        .filter_map(|o| o.extraction.as_ref().map(|e| (o, e)))
        .collect();
    let s = |f: &dyn Fn(&Extraction) -> Option<String>| {
        rows.iter().map(|(_, e)| f(e)).collect::<Vec<_>>()
    };
    let num =
        |f: &dyn Fn(&Extraction) -> Option<i64>| rows.iter().map(|(_, e)| f(e)).collect::<Vec<_>>();
    let real =
        |f: &dyn Fn(&Extraction) -> Option<f64>| rows.iter().map(|(_, e)| f(e)).collect::<Vec<_>>();
    use AppRow::*;
    let withheld = [
        WithheldStateSecret,
        WithheldLawProhibited,
        WithheldSecurityStability,
        WithheldThirdParty,
        WithheldInternalAffairs,
        WithheldProcessInfo,
        WithheldEnforcementFile,
        WithheldAdministrativeQuery,
    ];
    let unable = [UnableNotHeld, UnableNeedsCreation, UnableUnclear];
    let not_processed = [
        NotProcessedPetition,
        NotProcessedDuplicate,
        NotProcessedPublication,
        NotProcessedExcessive,
        NotProcessedConfirmation,
    ];
    let review_closed = |e: &Extraction, p: Proceeding| {
        Some(rev(e, p, Outcome::Total)? - rev(e, p, Outcome::Pending)?)
    };
    let lit = |e: &Extraction, o: Outcome| {
        add(
            rev(e, Proceeding::LitigationDirect, o),
            rev(e, Proceeding::LitigationAfterReview, o),
        )
    };
    // Procurement left the template in 2021: only 2019-template reports carry it.
    let procurement = |e: &Extraction, m: Measure| {
        if e.template == Template::T2019 {
            e.proactive(Item::Procurement, m)
        } else {
            None
        }
    };
    let grant_num = |e: &Extraction| {
        add(total(e, Granted), total(e, PartiallyGranted))
            .filter(|_| total(e, TotalHandled).is_some())
    };
    let columns = vec![
        Column::new(
            "report_id".into(),
            rows.iter()
                .map(|(o, _)| o.record.report_id.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "agency".into(),
            s(&|e| {
                e.meta
                    .region
                    .agency_normalized
                    .clone()
                    .or_else(|| e.meta.agency.clone())
            }),
        ),
        Column::new(
            "year".into(),
            rows.iter().map(|(_, e)| e.meta.year).collect::<Vec<_>>(),
        ),
        Column::new("province".into(), s(&|e| e.meta.region.province.clone())),
        Column::new("city".into(), s(&|e| e.meta.region.city.clone())),
        Column::new("county".into(), s(&|e| e.meta.region.county.clone())),
        Column::new(
            "agency_level".into(),
            s(&|e| e.meta.region.agency_level.map(|l| l.as_str().to_owned())),
        ),
        Column::new(
            "has_errors".into(),
            rows.iter()
                .map(|(_, e)| e.findings.iter().any(|f| f.severity == Severity::Error))
                .collect::<Vec<_>>(),
        ),
        Column::new("new_received".into(), num(&|e| total(e, NewReceived))),
        Column::new("carried_over".into(), num(&|e| total(e, CarriedOver))),
        Column::new("total_handled".into(), num(&|e| total(e, TotalHandled))),
        Column::new("carried_forward".into(), num(&|e| total(e, CarriedForward))),
        Column::new("granted".into(), num(&|e| total(e, Granted))),
        Column::new(
            "partially_granted".into(),
            num(&|e| total(e, PartiallyGranted)),
        ),
        Column::new("withheld".into(), num(&|e| group(e, &withheld))),
        Column::new("unable".into(), num(&|e| group(e, &unable))),
        Column::new("not_processed".into(), num(&|e| group(e, &not_processed))),
        Column::new(
            "review_total".into(),
            num(&|e| rev(e, Proceeding::Review, Outcome::Total)),
        ),
        Column::new(
            "review_corrected".into(),
            num(&|e| rev(e, Proceeding::Review, Outcome::Corrected)),
        ),
        Column::new("litigation_total".into(), num(&|e| lit(e, Outcome::Total))),
        Column::new(
            "litigation_corrected".into(),
            num(&|e| lit(e, Outcome::Corrected)),
        ),
        Column::new(
            "procurement_items".into(),
            num(&|e| {
                procurement(e, Measure::Items)
                    .filter(|v| v.fract() == 0.0)
                    .map(|v| v as i64)
            }),
        ),
        Column::new(
            "procurement_amount_wan_yuan".into(),
            real(&|e| procurement(e, Measure::AmountWanYuan)),
        ),
        Column::new("grant_num".into(), num(&|e| grant_num(e))),
        Column::new(
            "grant_den".into(),
            num(&|e| grant_num(e).and(total(e, TotalHandled))),
        ),
        Column::new(
            "review_corr_num".into(),
            num(&|e| {
                rev(e, Proceeding::Review, Outcome::Corrected)
                    .filter(|_| review_closed(e, Proceeding::Review).is_some())
            }),
        ),
        Column::new(
            "review_corr_den".into(),
            num(&|e| {
                review_closed(e, Proceeding::Review)
                    .filter(|_| rev(e, Proceeding::Review, Outcome::Corrected).is_some())
            }),
        ),
        Column::new(
            "lit_corr_num".into(),
            num(&|e| {
                lit(e, Outcome::Corrected).filter(|_| {
                    add(
                        review_closed(e, Proceeding::LitigationDirect),
                        review_closed(e, Proceeding::LitigationAfterReview),
                    )
                    .is_some()
                })
            }),
        ),
        Column::new(
            "lit_corr_den".into(),
            num(&|e| {
                add(
                    review_closed(e, Proceeding::LitigationDirect),
                    review_closed(e, Proceeding::LitigationAfterReview),
                )
                .filter(|_| lit(e, Outcome::Corrected).is_some())
            }),
        ),
    ];
    DataFrame::new_infer_height(columns)
}

/// A rate of two summed columns, null where the denominator is 0 or absent.
fn rate(num: &str, den: &str, name: &str) -> Expr {
    let d = col(den).sum().cast(DataType::Float64);
    when(d.clone().gt(lit(0.0)))
        .then(col(num).sum().cast(DataType::Float64) / d)
        .otherwise(lit(NULL).cast(DataType::Float64))
        .alias(name)
}

/// The type of a summed measure: counts are whole numbers, amounts of money are not.
fn measure_type(m: &str) -> DataType {
    if m.ends_with("_yuan") {
        DataType::Float64
    } else {
        DataType::Int64
    }
}

/// The aggregations every comparison table carries.
fn measures() -> Vec<Expr> {
    let mut aggs = vec![
        len().cast(DataType::Int64).alias("reports"),
        col("has_errors")
            .sum()
            .cast(DataType::Int64)
            .alias("reports_with_errors"),
    ];
    for m in MEASURES {
        // polars sums an all-null group to 0; a group where no report prints the figure is null.
        aggs.push(
            when(col(*m).is_not_null().sum().gt(lit(0)))
                .then(col(*m).sum())
                .otherwise(lit(NULL).cast(measure_type(m)))
                .alias(*m),
        );
        aggs.push(
            col(*m)
                .is_not_null()
                .sum()
                .cast(DataType::Int64)
                .alias(format!("{m}_reports")),
        );
    }
    aggs.push(rate("grant_num", "grant_den", "grant_rate"));
    aggs.push(rate(
        "review_corr_num",
        "review_corr_den",
        "review_correction_rate",
    ));
    aggs.push(rate(
        "lit_corr_num",
        "lit_corr_den",
        "litigation_correction_rate",
    ));
    aggs
}

/// The names of the aggregated columns, in order.
fn measure_names() -> Vec<String> {
    let mut names = vec!["reports".to_owned(), "reports_with_errors".to_owned()];
    for m in MEASURES {
        names.push((*m).to_owned());
        names.push(format!("{m}_reports"));
    }
    names.extend(
        [
            "grant_rate",
            "review_correction_rate",
            "litigation_correction_rate",
        ]
        .map(str::to_owned),
    );
    names
}

/// The comparison tables and the findings they raise.
pub struct Comparison {
    /// by_region.parquet.
    pub by_region: DataFrame,
    /// by_agency_level.parquet.
    pub by_agency_level: DataFrame,
    /// agency_years.parquet.
    pub agency_years: DataFrame,
    /// carryover_mismatch findings, in the columns of findings.parquet.
    pub carryover: DataFrame,
}

/// Computes the comparison tables from the per-report summary written by [`per_report`].
///
/// # Errors
/// When polars cannot read the summary or compute a table.
pub fn compare(summary: &std::path::Path) -> PolarsResult<Comparison> {
    let path = summary.to_str().ok_or_else(
        || polars_err!(ComputeError: "output path is not UTF-8: {}", summary.display()),
    )?;
    let base = LazyFrame::scan_parquet(PlRefPath::new(path), ScanArgsParquet::default())?;
    let agency_years = agency_years(&base)?;
    Ok(Comparison {
        by_region: by_region(&base)?,
        by_agency_level: by_agency_level(&base)?,
        carryover: carryover_findings(&agency_years)?,
        agency_years,
    })
}

/// by_region: per year and county, city and province (the `level` column says which; the keys
/// below it are null).
pub fn by_region(base: &LazyFrame) -> PolarsResult<DataFrame> {
    let keys = ["province", "city", "county"];
    let levels = [("province", 1), ("city", 2), ("county", 3)];
    let frames: Vec<LazyFrame> = levels
        .iter()
        .map(|&(level, depth)| {
            let mut by = vec![col("year")];
            by.extend(keys[..depth].iter().map(|k| col(*k)));
            let missing: Vec<Expr> = keys[depth..]
                .iter()
                .map(|k| lit(NULL).cast(DataType::String).alias(*k))
                .collect();
            let order: Vec<Expr> = ["year", "level", "province", "city", "county"]
                .into_iter()
                .map(col)
                .chain(measure_names().iter().map(|m| col(m.as_str())))
                .collect();
            base.clone()
                .filter(col(keys[depth - 1]).is_not_null())
                .group_by(by)
                .agg(measures())
                .with_columns(
                    std::iter::once(lit(level).alias("level"))
                        .chain(missing)
                        .collect::<Vec<_>>(),
                )
                .select(order)
        })
        .collect();
    concat(frames, UnionArgs::default())?
        .sort(
            ["year", "level", "province", "city", "county"],
            SortMultipleOptions::default().with_nulls_last(true),
        )
        .collect()
}

/// by_agency_level: per year and agency level.
pub fn by_agency_level(base: &LazyFrame) -> PolarsResult<DataFrame> {
    base.clone()
        .group_by([col("year"), col("agency_level")])
        .agg(measures())
        .sort(
            ["year", "agency_level"],
            SortMultipleOptions::default().with_nulls_last(true),
        )
        .collect()
}

/// agency_years: one row per agency and year, its headline figures, the change from the year
/// before where both exist, and whether last year's carried-forward equals this year's
/// carried-over (`carryover_mismatch`).
pub fn agency_years(base: &LazyFrame) -> PolarsResult<DataFrame> {
    let headline = [
        "new_received",
        "carried_over",
        "total_handled",
        "carried_forward",
        "granted",
        "partially_granted",
        "review_total",
        "litigation_total",
    ];
    let years = base
        .clone()
        .filter(col("agency").is_not_null().and(col("year").is_not_null()))
        .group_by([col("agency"), col("year")])
        .agg(
            std::iter::once(col("report_id").min().alias("report_id"))
                .chain(headline.iter().map(|h| col(*h).sum().alias(*h)))
                .collect::<Vec<_>>(),
        );
    let previous = years.clone().select(
        [col("agency"), (col("year") + lit(1)).alias("year")]
            .into_iter()
            .chain(
                headline
                    .iter()
                    .map(|h| col(*h).alias(format!("previous_{h}"))),
            )
            .collect::<Vec<_>>(),
    );
    let mut changes: Vec<Expr> = headline
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
