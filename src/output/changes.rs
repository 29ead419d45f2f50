//! What changed since the previous run (changes.parquet: one row per report added, changed or
//! removed, with the headline figures before and after) and the history of runs (runs.parquet,
//! carried over from the previous output with this run added).

use std::path::Path;

use polars::prelude::*;

use super::manifest::FileEntry;
use super::{OutputError, TableFile, polars_err};
use crate::model::{AppRow, Applicant, Extraction, Outcome, Proceeding};

/// The headline figures compared before and after.
pub const HEADLINE: &[&str] = &[
    "new_received",
    "total_handled",
    "granted",
    "review_total",
    "litigation_total",
];

/// A report's headline figures, in [`HEADLINE`] order.
pub type Headline = [Option<i64>; 5];

/// The headline figures of an extraction.
pub fn headline(e: Option<&Extraction>) -> Headline {
    let Some(e) = e.map(Extraction::figures) else {
        return [None; 5];
    };
    let t = |r| e.app(r, Applicant::Total);
    let lit = match (
        e.review(Proceeding::LitigationDirect, Outcome::Total),
        e.review(Proceeding::LitigationAfterReview, Outcome::Total),
    ) {
        (Some(a), Some(b)) => Some(a + b),
        _ => None,
    };
    [
        t(AppRow::NewReceived),
        t(AppRow::TotalHandled),
        t(AppRow::Granted),
        e.review(Proceeding::Review, Outcome::Total),
        lit,
    ]
}

/// How a report changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// A new report_id.
    Added,
    /// Same report_id, other bytes.
    Changed,
    /// Gone from the archive.
    Removed,
}

impl Change {
    /// Name written to changes.change.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Changed => "changed",
            Change::Removed => "removed",
        }
    }
}

/// One row of changes.parquet.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeRow {
    /// The report.
    pub report_id: String,
    /// How it changed.
    pub change: Change,
    /// Its digest before (changed, removed).
    pub previous_hash: Option<String>,
    /// Its digest now (added, changed).
    pub hash: Option<String>,
    /// Headline figures before.
    pub before: Headline,
    /// Headline figures now.
    pub after: Headline,
}

/// Rows of changes.parquet per row group.
const CHANGE_BATCH: usize = 4096;

/// Streams changes.parquet, in walk order.
pub struct Changes {
    table: TableFile,
    rows: Vec<ChangeRow>,
    /// Added, changed, removed.
    pub counts: [u64; 3],
}

impl Changes {
    /// Creates changes.parquet in the staging folder `dir`.
    ///
    /// # Errors
    /// When the file cannot be created.
    pub fn create(dir: &Path) -> Result<Changes, OutputError> {
        let empty = frame(&[]).map_err(polars_err("changes"))?;
        Ok(Changes {
            table: TableFile::create(dir, "changes", empty.schema())?,
            rows: Vec::new(),
            counts: [0; 3],
        })
    }

    /// Records a change.
    ///
    /// # Errors
    /// When a batch cannot be written.
    pub fn push(&mut self, row: ChangeRow) -> Result<(), OutputError> {
        self.counts[row.change as usize] += 1;
        self.rows.push(row);
        if self.rows.len() >= CHANGE_BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), OutputError> {
        let df = frame(&self.rows).map_err(polars_err("changes"))?;
        self.table.write(&df)?;
        self.rows.clear();
        Ok(())
    }

    /// Writes the last rows and closes the file.
    ///
    /// # Errors
    /// When the file cannot be written.
    pub fn finish(mut self) -> Result<FileEntry, OutputError> {
        self.flush()?;
        self.table.finish()
    }
}

fn frame(r: &[ChangeRow]) -> PolarsResult<DataFrame> {
    let mut cols = vec![
        Column::new(
            "report_id".into(),
            r.iter().map(|c| c.report_id.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "change".into(),
            r.iter().map(|c| c.change.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "previous_content_hash".into(),
            r.iter()
                .map(|c| c.previous_hash.as_deref())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "content_hash".into(),
            r.iter().map(|c| c.hash.as_deref()).collect::<Vec<_>>(),
        ),
    ];
    for (i, name) in HEADLINE.iter().enumerate() {
        cols.push(Column::new(
            format!("previous_{name}").into(),
            r.iter().map(|c| c.before[i]).collect::<Vec<_>>(),
        ));
        cols.push(Column::new(
            (*name).into(),
            r.iter().map(|c| c.after[i]).collect::<Vec<_>>(),
        ));
    }
    DataFrame::new_infer_height(cols)
}

/// One run, for runs.parquet.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// When it started, RFC 3339 UTC.
    pub started: String,
    /// Wall time, seconds.
    pub seconds: f64,
    /// The extractor version.
    pub parser_version: String,
    /// `--full`, or no usable cache: every file read.
    pub full: bool,
    /// Worker threads.
    pub threads: u32,
    /// Entries found under the archive.
    pub files: u64,
    /// Files read and extracted this run.
    pub read: u64,
    /// Files whose cached extraction was reused.
    pub reused: u64,
    /// Added, changed, removed.
    pub changes: [u64; 3],
    /// ok, partial, failed, skipped.
    pub statuses: [u64; 4],
}

/// runs.parquet: the previous output's runs (when it has them) and this one.
///
/// # Errors
/// When polars refuses the frame or the previous one cannot be read.
pub fn runs_frame(previous: Option<&Path>, run: &Run) -> PolarsResult<DataFrame> {
    let int = |v: u64| v as i64;
    let this = df!(
        "started" => [run.started.as_str()],
        "seconds" => [run.seconds],
        "parser_version" => [run.parser_version.as_str()],
        "full" => [run.full],
        "threads" => [i64::from(run.threads)],
        "files" => [int(run.files)],
        "read" => [int(run.read)],
        "reused" => [int(run.reused)],
        "added" => [int(run.changes[0])],
        "changed" => [int(run.changes[1])],
        "removed" => [int(run.changes[2])],
        "ok" => [int(run.statuses[0])],
        "partial" => [int(run.statuses[1])],
        "failed" => [int(run.statuses[2])],
        "skipped" => [int(run.statuses[3])],
    )?;
    let Some(path) = previous.filter(|p| p.is_file()) else {
        return Ok(this);
    };
    let old = ParquetReader::new(std::fs::File::open(path).map_err(PolarsError::from)?).finish()?;
    if old.schema() != this.schema() {
        return Ok(this);
    }
    old.vstack(&this)
}
