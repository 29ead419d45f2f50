//! The output, the only writer: the output folder ([`folder`]: lock, staging, swap, recovery),
//! its manifest ([`manifest`]), the extraction cache of incremental runs ([`cache`]), what changed
//! since the previous run ([`changes`]), the writer's own thread ([`background`]), and the tables of docs/SCHEMA.md streamed as Parquet: file
//! outcomes arrive in walk order and are built into frames in batches of [`BATCH`] reports, so
//! that memory holds one batch, never the archive; each table gathers its frames into a row group
//! that closes at [`ROW_GROUP_ROWS`] rows or [`ROW_GROUP_BYTES`] bytes (a one-row-per-report table
//! would otherwise get one small row group per batch: 2,000 at a million reports, each with its
//! own statistics and footer entry). The files are byte-identical whatever the thread count.
//! Parquet is written with the Arrow schema of plain (large) strings, which every Parquet reader
//! knows (pyarrow before 15 cannot read string views).

pub mod background;
pub mod cache;
pub mod changes;
mod discard;
pub mod folder;
pub mod manifest;
mod tables;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use polars::prelude::*;

use crate::aggregate;
use crate::model::{FileOutcome, Status};
use manifest::{Counts, DigestedFile, FileEntry};

pub use tables::review_column;

/// Reports per batch.
pub const BATCH: usize = 512;

/// Free pages go back to the system after this many batches ([`crate::memory::release`]).
/// Over 40,000 generated reports, after every batch: a run over unchanged files 5.1 s (2.0 s of
/// it in the kernel, faulting the pages in again), peak 165 MB; every 4: 4.4 s (1.3 s), 185 MB;
/// every 8: 4.4 s, 204 MB.
pub const RELEASE_EVERY: usize = 4;

/// A table's frames are written as one row group once they hold this many rows...
///
/// polars' Parquet writer keeps every column chunk's page specs (headers and statistics, for the
/// page indexes) until the file is closed: about 2 KB a column chunk, 10.6 MB at 100,000 reports
/// (heaptrack). Row groups twice as large as before (65,536 rows, 2 MB) halve that: at 1,000,000
/// reports the full run peaked at 390 MB instead of 417 MB, the incremental run at 463 MB
/// instead of 506 MB; at 100,000, 15 MB more (204 MB full), no slower.
pub const ROW_GROUP_ROWS: usize = 131_072;
/// ... or this many bytes in memory (polars' estimate), whichever comes first.
pub const ROW_GROUP_BYTES: usize = 4 << 20;

/// The Parquet files written, in docs/SCHEMA.md order, then the comparison tables, then the
/// history of the archive.
pub const TABLES: &[&str] = &[
    "reports",
    "applications",
    "review_litigation",
    "proactive",
    "report_metrics",
    "findings",
    "by_region",
    "by_agency_level",
    "agency_years",
    "changes",
    "runs",
];

/// The per-report table the comparison tables are computed from; removed before the swap.
pub const SUMMARY: &str = "summary.parquet";

/// Every file a staging folder can hold (what a failed or killed run may leave, and ogi may
/// remove).
pub const STAGED_FILES: &[&str] = &[
    "reports.parquet",
    "applications.parquet",
    "review_litigation.parquet",
    "proactive.parquet",
    "report_metrics.parquet",
    "findings.parquet",
    "by_region.parquet",
    "by_agency_level.parquet",
    "agency_years.parquet",
    "changes.parquet",
    "runs.parquet",
    SUMMARY,
    manifest::MANIFEST,
    cache::INDEX,
    cache::RECORDS,
    cache::ENTRIES,
];

impl From<std::io::Error> for OutputError {
    fn from(source: std::io::Error) -> Self {
        OutputError::Io {
            path: PathBuf::from("(worker threads)"),
            source,
        }
    }
}

/// Writing the dataset failed.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A file or folder could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// What was being written.
        path: PathBuf,
        /// Why not.
        source: std::io::Error,
    },
    /// polars refused a frame.
    #[error("cannot build or write table {table}: {source}")]
    Polars {
        /// Which table.
        table: &'static str,
        /// Why not.
        source: PolarsError,
    },
}

fn polars_err(table: &'static str) -> impl Fn(PolarsError) -> OutputError {
    move |source| OutputError::Polars { table, source }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError {
    let path = path.to_path_buf();
    move |source| OutputError::Io { path, source }
}

/// A table's builder from a batch of outcomes.
type Build = fn(&[FileOutcome]) -> PolarsResult<DataFrame>;

/// The per-file tables, streamed: (name, builder).
const STREAMED: &[(&str, Build)] = &[
    ("reports", tables::reports),
    ("applications", tables::applications),
    ("review_litigation", tables::review),
    ("proactive", tables::proactive),
    ("report_metrics", tables::metrics),
    ("findings", tables::findings),
    ("summary", aggregate::per_report),
];

/// A file shared between a polars writer and us, so that it can be finished after polars is done.
#[derive(Clone)]
struct Shared(Arc<Mutex<Option<DigestedFile>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self
            .0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .as_mut()
        {
            Some(f) => f.write(buf),
            None => Err(std::io::Error::other("file already finished")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self
            .0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .as_mut()
        {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

/// One Parquet file written row group by row group.
struct TableFile {
    name: &'static str,
    path: PathBuf,
    file: Shared,
    writer: polars::io::parquet::write::BatchedWriter<Shared>,
    /// The rows of the next row group, and their estimated size.
    pending: Option<DataFrame>,
    pending_bytes: usize,
}

impl TableFile {
    fn create(dir: &Path, name: &'static str, schema: &Schema) -> Result<TableFile, OutputError> {
        let path = dir.join(format!("{name}.parquet"));
        let file = Shared(Arc::new(Mutex::new(Some(
            DigestedFile::create(&path).map_err(io_err(&path))?,
        ))));
        // The Arrow schema polars would store names string views; store plain strings instead.
        let arrow = schema.to_arrow(CompatLevel::oldest());
        let key = polars_parquet::write::schema_to_metadata_key(&arrow);
        let writer = ParquetWriter::new(file.clone())
            .with_compression(ParquetCompression::Zstd(None))
            .with_statistics(StatisticsOptions::default())
            .with_key_value_metadata(Some(KeyValueMetadata::Static(vec![key])))
            .batched(schema)
            .map_err(polars_err(name))?;
        Ok(TableFile {
            name,
            path,
            file,
            writer,
            pending: None,
            pending_bytes: 0,
        })
    }

    fn write(&mut self, df: &DataFrame) -> Result<(), OutputError> {
        if df.height() == 0 {
            return Ok(());
        }
        self.pending_bytes += df.estimated_size();
        match &mut self.pending {
            Some(p) => {
                p.vstack_mut(df).map_err(polars_err(self.name))?;
            }
            None => self.pending = Some(df.clone()),
        }
        let rows = self.pending.as_ref().map_or(0, DataFrame::height);
        if rows >= ROW_GROUP_ROWS || self.pending_bytes >= ROW_GROUP_BYTES {
            self.write_pending()?;
        }
        Ok(())
    }

    /// Writes what is pending as one row group (one chunk is one row group to polars).
    fn write_pending(&mut self) -> Result<(), OutputError> {
        if let Some(mut df) = self.pending.take() {
            df.rechunk_mut_par();
            self.writer
                .write_batch(&df)
                .map_err(polars_err(self.name))?;
        }
        self.pending_bytes = 0;
        Ok(())
    }

    fn finish(mut self) -> Result<FileEntry, OutputError> {
        self.write_pending()?;
        self.writer.finish().map_err(polars_err(self.name))?;
        drop(self.writer);
        let file = self
            .file
            .0
            .lock()
            .ok()
            .and_then(|mut f| f.take())
            .ok_or_else(|| io_err(&self.path)(std::io::Error::other("file lost")))?;
        file.finish().map_err(io_err(&self.path))
    }
}

/// Writes a whole table at once (the comparison tables, changes, runs).
///
/// # Errors
/// [`OutputError`] when it cannot be written.
pub fn write_table(
    dir: &Path,
    name: &'static str,
    df: &DataFrame,
) -> Result<FileEntry, OutputError> {
    let mut t = TableFile::create(dir, name, df.schema())?;
    t.write(df)?;
    t.finish()
}

/// The streamed writer of the per-file tables.
pub struct Writer {
    dir: PathBuf,
    batch: Vec<FileOutcome>,
    tables: Vec<(TableFile, Build)>,
    files: BTreeMap<String, FileEntry>,
    counts: Counts,
    running: aggregate::Running,
    discard: discard::Discard,
}

impl Writer {
    /// Creates the table files in `dir` (the staging folder).
    ///
    /// # Errors
    /// [`OutputError`] when a file cannot be created.
    pub fn create(dir: &Path) -> Result<Writer, OutputError> {
        let mut tables = Vec::new();
        for &(name, build) in STREAMED {
            let empty = build(&[]).map_err(polars_err(name))?;
            tables.push((TableFile::create(dir, name, empty.schema())?, build));
        }
        Ok(Writer {
            dir: dir.to_path_buf(),
            batch: Vec::with_capacity(BATCH),
            tables,
            files: BTreeMap::new(),
            counts: Counts::default(),
            running: aggregate::Running::default(),
            discard: discard::Discard::spawn(),
        })
    }

    /// Takes the next outcome, in walk order.
    ///
    /// # Errors
    /// [`OutputError`] when a batch cannot be written.
    pub fn push(&mut self, outcome: FileOutcome) -> Result<(), OutputError> {
        self.counts.files += 1;
        match outcome.status() {
            Status::Ok => self.counts.ok += 1,
            Status::Partial => self.counts.partial += 1,
            Status::Failed => self.counts.failed += 1,
            Status::Skipped => self.counts.skipped += 1,
        }
        self.batch.push(outcome);
        if self.batch.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), OutputError> {
        // The frames of one batch are built side by side (pure functions of the batch), then
        // written in order.
        let batch = &self.batch;
        let frames: Vec<PolarsResult<DataFrame>> = std::thread::scope(|scope| {
            let handles: Vec<_> = self
                .tables
                .iter()
                .map(|(_, build)| scope.spawn(move || build(batch)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(PolarsError::ComputeError("a table builder panicked".into()))
                    })
                })
                .collect()
        });
        for ((table, _), df) in self.tables.iter_mut().zip(frames) {
            let df = df.map_err(polars_err(table.name))?;
            if table.name == "summary" {
                self.running.take(&df).map_err(polars_err("summary"))?;
            }
            table.write(&df)?;
        }
        let done = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        // The frames were freed here, the extractions are freed off this thread ([`discard`]).
        self.discard.push(done);
        Ok(())
    }

    /// What the comparison tables gathered from the summary so far.
    pub fn running(&self) -> &aggregate::Running {
        &self.running
    }

    /// Files per status so far.
    pub fn counts(&self) -> &Counts {
        &self.counts
    }

    /// Writes the last batch and closes every per-file table but findings (the comparison adds
    /// its own); the per-report summary the comparison tables are computed from.
    ///
    /// # Errors
    /// [`OutputError`] when a file cannot be written.
    pub fn finish_files(&mut self) -> Result<PathBuf, OutputError> {
        self.flush()?;
        let tables = std::mem::take(&mut self.tables);
        for (table, build) in tables {
            if table.name == "findings" {
                self.tables.push((table, build));
                continue;
            }
            let name = table.name;
            let entry = table.finish()?;
            if name != "summary" {
                self.files.insert(format!("{name}.parquet"), entry);
            }
        }
        Ok(self.dir.join(SUMMARY))
    }

    /// Writes the comparison tables, appends their findings, and closes the last file; the
    /// files written, for the manifest.
    ///
    /// # Errors
    /// [`OutputError`] when a file cannot be written.
    pub fn finish(
        mut self,
        comparison: aggregate::Comparison,
    ) -> Result<(Counts, BTreeMap<String, FileEntry>), OutputError> {
        let mut findings = self.tables.pop().map(|(t, _)| t);
        let mut years: Option<TableFile> = None;
        for part in comparison.agency_years {
            let (part, carryover) = part.map_err(polars_err("agency_years"))?;
            let table = match &mut years {
                Some(t) => t,
                None => years.insert(TableFile::create(&self.dir, "agency_years", part.schema())?),
            };
            table.write(&part)?;
            if let Some(f) = &mut findings {
                f.write(&carryover)?;
            }
        }
        for table in findings.into_iter().chain(years) {
            let name = table.name;
            self.files
                .insert(format!("{name}.parquet"), table.finish()?);
        }
        for (name, df) in [
            ("by_region", &comparison.by_region),
            ("by_agency_level", &comparison.by_agency_level),
        ] {
            let entry = write_table(&self.dir, name, df)?;
            self.files.insert(format!("{name}.parquet"), entry);
        }
        let summary = self.dir.join(SUMMARY);
        std::fs::remove_file(&summary).map_err(io_err(&summary))?;
        Ok((self.counts, self.files))
    }
}
