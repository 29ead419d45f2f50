//! The comparison tables, from the per-report summary (one row per report, duplicates counted
//! once) the writer streams: by_region (per year and province, city, county, with a `level`
//! column) and by_agency_level (per year and agency level) tallied as it streams past
//! ([`tally`]), agency_years (one row per agency and year, with the change from the year before
//! and the carry-over check) computed with polars from the summary written to disk, range of
//! agencies by range ([`years`]). Every sum sits beside the count of reports it covers
//! (`<measure>_reports`), so a null cell never turns into a silent undercount; rates are computed
//! only over reports that print all their terms.

mod tally;
mod years;

pub use tally::Tallies;
pub use years::{AgencyYears, Sample};

use polars::prelude::*;

use crate::model::{
    AppRow, Applicant, Extraction, Figures, FileOutcome, Item, Measure, Outcome, Proceeding,
    Severity, Template,
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
fn group(e: &Figures, rows: &[AppRow]) -> Option<i64> {
    rows.iter().map(|&r| e.app(r, Applicant::Total)).sum()
}

fn total(e: &Figures, r: AppRow) -> Option<i64> {
    e.app(r, Applicant::Total)
}

fn rev(e: &Figures, p: Proceeding, o: Outcome) -> Option<i64> {
    e.review(p, o)
}

fn add(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    Some(a? + b?)
}

/// One row per report counted in comparisons: extracted and not a duplicate.
pub fn per_report(outcomes: &[FileOutcome]) -> PolarsResult<DataFrame> {
    let rows: Vec<(&FileOutcome, &Extraction, Figures)> = outcomes
        .iter()
        .filter(|o| o.record.duplicate_of.is_none())
        .filter_map(|o| o.extraction().map(|e| (o, e, e.figures())))
        .collect();
    let s = |f: &dyn Fn(&Extraction) -> Option<String>| {
        rows.iter().map(|(_, e, _)| f(e)).collect::<Vec<_>>()
    };
    let num =
        |f: &dyn Fn(&Figures) -> Option<i64>| rows.iter().map(|(_, _, x)| f(x)).collect::<Vec<_>>();
    let real =
        |f: &dyn Fn(&Figures) -> Option<f64>| rows.iter().map(|(_, _, x)| f(x)).collect::<Vec<_>>();
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
    let review_closed = |e: &Figures, p: Proceeding| {
        Some(rev(e, p, Outcome::Total)? - rev(e, p, Outcome::Pending)?)
    };
    let lit = |e: &Figures, o: Outcome| {
        add(
            rev(e, Proceeding::LitigationDirect, o),
            rev(e, Proceeding::LitigationAfterReview, o),
        )
    };
    // Procurement left the template in 2021: only 2019-template reports carry it.
    let procurement = |e: &Figures, m: Measure| {
        if e.template == Template::T2019 {
            e.proactive(Item::Procurement, m)
        } else {
            None
        }
    };
    let grant_num = |e: &Figures| {
        add(total(e, Granted), total(e, PartiallyGranted))
            .filter(|_| total(e, TotalHandled).is_some())
    };
    let columns = vec![
        Column::new(
            "report_id".into(),
            rows.iter()
                .map(|(o, _, _)| o.record.report_id.as_str())
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
            rows.iter().map(|(_, e, _)| e.meta.year).collect::<Vec<_>>(),
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
                .map(|(_, e, _)| e.findings.iter().any(|f| f.severity == Severity::Error))
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

/// The comparison tables and the findings they raise.
pub struct Comparison {
    /// by_region.parquet.
    pub by_region: DataFrame,
    /// by_agency_level.parquet.
    pub by_agency_level: DataFrame,
    /// agency_years.parquet and its carryover_mismatch findings, computed range by range.
    pub agency_years: AgencyYears,
}

/// Reports per range of agencies agency_years is computed over at once: its rows are about one
/// per report, so the ranges bound its memory whatever the archive's size.
pub const AGENCY_RANGE: usize = 50_000;

/// What the comparison tables gather from the summary as it streams past.
#[derive(Debug, Default)]
pub struct Running {
    tallies: Tallies,
    sample: Sample,
}

impl Running {
    /// Takes a batch of the summary (the frame of [`per_report`]).
    ///
    /// # Errors
    /// When the frame lacks a column of the summary.
    pub fn take(&mut self, summary: &DataFrame) -> PolarsResult<()> {
        self.sample.take(summary);
        self.tallies.take(summary)
    }
}

/// Computes the comparison tables: by_region and by_agency_level from what `running` tallied,
/// agency_years range by range from the per-report summary written to `summary`.
///
/// # Errors
/// When polars cannot read the summary or build a table.
pub fn compare(summary: &std::path::Path, running: &Running) -> PolarsResult<Comparison> {
    let path = summary.to_str().ok_or_else(
        || polars_err!(ComputeError: "output path is not UTF-8: {}", summary.display()),
    )?;
    let base = LazyFrame::scan_parquet(PlRefPath::new(path), ScanArgsParquet::default())?;
    Ok(Comparison {
        by_region: running.tallies.by_region()?,
        by_agency_level: running.tallies.by_agency_level()?,
        agency_years: AgencyYears::new(base, running.sample.bounds(AGENCY_RANGE)),
    })
}
