//! Orchestration of `ogi analyze`, every stage in view: open the output folder (lock, recovery of
//! an interrupted run, ownership), open the previous run's cache, walk the archive and plan each
//! file (reuse its cached extraction, or read it), read the files in parallel and take them in
//! walk order, mark duplicates, stream the tables and the new cache, compute the comparison tables
//! from what was written, record what changed and the run, and swap the new output into place.
//! Per-file failures are data; only a failure of the run itself is an error.

use std::cell::RefCell;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::config::Config;
use crate::dedup::Dedup;
use crate::model::{FileOutcome, Source};
use crate::output::cache::{self, Entry, Previous, Record, Unused};
use crate::output::changes::{self, Change, ChangeRow, Changes, Run};
use crate::output::folder::{Folder, FolderError};
use crate::output::manifest::{self, Found, MANIFEST, Manifest};
use crate::output::{self, OutputError};
use crate::text::thousands;
use crate::walk::Walk;
use crate::{aggregate, pipeline, progress, stream};

/// Stack of each worker thread: generous, because layout readers walk document trees.
pub const WORKER_STACK: usize = 64 << 20;

/// The run itself failed.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The archive root cannot be listed.
    #[error("cannot read archive folder '{path}': {source}; check the path and its permissions")]
    Walk {
        /// The root.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The output folder cannot be used.
    #[error(transparent)]
    Folder(#[from] FolderError),
    /// The dataset could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The comparison tables could not be computed.
    #[error("cannot compute the comparison tables: {0}")]
    Compare(polars::prelude::PolarsError),
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError {
    let path = path.to_path_buf();
    move |source| OutputError::Io { path, source }
}

/// What a run did, for the summary line and the exit status.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Entries found under the archive.
    pub files: u64,
    /// Reports read with no error finding.
    pub ok: u64,
    /// Reports with missing tables or cells, or failed checks.
    pub partial: u64,
    /// Files that could not be read.
    pub failed: u64,
    /// Files that are not reports.
    pub skipped: u64,
    /// Reports new since the previous run.
    pub added: u64,
    /// Reports whose bytes changed.
    pub changed: u64,
    /// Reports gone from the archive.
    pub removed: u64,
    /// Files whose cached extraction was reused.
    pub reused: u64,
    /// Bytes of the files found.
    pub bytes: u64,
    /// Wall time.
    pub elapsed: Duration,
    /// Where the dataset was written.
    pub out: PathBuf,
    /// What the user should know: recovery of an interrupted run, a cache not used.
    pub notes: Vec<String>,
}

impl Summary {
    /// Exit status: 0, or 1 under `--strict` when a file failed or is partial.
    pub fn exit_code(&self, strict: bool) -> u8 {
        u8::from(strict && (self.failed > 0 || self.partial > 0))
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        let mb_s = self.bytes as f64 / 1e6 / secs.max(1e-9);
        write!(
            f,
            "ogi: {} {} ({} added, {} changed, {} removed, {} reused): {} ok, {} partial, {} failed, {} skipped in {secs:.2} s ({mb_s:.1} MB/s) -> {}",
            thousands(self.files),
            if self.files == 1 { "file" } else { "files" },
            thousands(self.added),
            thousands(self.changed),
            thousands(self.removed),
            thousands(self.reused),
            thousands(self.ok),
            thousands(self.partial),
            thousands(self.failed),
            thousands(self.skipped),
            self.out.display()
        )
    }
}

/// What the cache is valid for: this parser's build and the options that change extraction.
pub fn cache_key(config: &Config) -> String {
    format!(
        "{}+{}|encoding={}",
        crate::model::PARSER_VERSION,
        env!("OGI_SOURCE_DIGEST"),
        config.encoding.map_or("detect", |e| e.name())
    )
}

/// One step of the plan: a source to read or reuse, or a file gone since the previous run.
enum Job {
    Source(Source, Option<Entry>),
    Removed(Entry),
}

/// What a worker hands back for one job.
struct Done {
    outcome: Option<FileOutcome>,
    stamp: Option<crate::model::Stamp>,
    hash: Option<[u8; 32]>,
    record: Option<Record>,
    change: Option<ChangeRow>,
    reused: bool,
}

/// Runs `ogi analyze`.
///
/// # Errors
/// [`RunError`] when the output folder cannot be used, the archive cannot be listed or the
/// dataset cannot be written; the previous output is then left as it was.
pub fn run(config: &Config) -> Result<Summary, RunError> {
    let start = Instant::now();
    let started = SystemTime::now();
    crate::memory::configure();
    let folder = Folder::open(&config.out, &config.archive)?;
    let mut notes = folder.notes().to_vec();
    let key = cache_key(config);
    let found = manifest::read(folder.path());
    let previous = previous_cache(folder.path(), &found, &key, config.full, &mut notes);
    let expected = match &found {
        Found::Sealed(m) => Some(m.counts.files),
        _ => None,
    };
    let walk = Walk::new(&config.archive).map_err(|source| RunError::Walk {
        path: config.archive.clone(),
        source,
    })?;
    let entries = previous_entries(folder.path(), &found, &mut notes);
    let staging = folder.stage()?;
    let dir = staging.path().to_path_buf();
    let started_ns = started
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128);
    let mut writer = output::background::Background::spawn(output::Writer::create(&dir)?)?;
    let mut cache_out = cache::Writer::create(&dir, &key, started_ns).map_err(io_error(&dir))?;
    let mut changes = Changes::create(&dir)?;
    let mut dedup = Dedup::default();
    let (mut bytes, mut reused) = (0u64, 0u64);
    let bar = progress::bar(expected, config.quiet);
    let options = stream::Options {
        threads: config.threads,
        window: 64 * config.threads.max(1),
        stack: WORKER_STACK,
    };
    stream::ordered_map(
        plan(walk, entries),
        options,
        |job| work(job, previous.as_ref(), config.encoding),
        |done: Done| -> Result<(), OutputError> {
            if let Some(change) = done.change {
                changes.push(change)?;
            }
            let Some(mut outcome) = done.outcome else {
                return Ok(());
            };
            bar.inc(1);
            bytes += outcome.record.bytes;
            reused += u64::from(done.reused);
            dedup.mark(&mut outcome);
            let r = &outcome.record;
            cache_out
                .push(
                    &r.report_id,
                    r.bytes,
                    done.stamp.as_ref(),
                    done.hash,
                    done.record.as_ref(),
                )
                .map_err(io_error(&dir))?;
            writer.push(outcome)
        },
    )?;
    bar.finish_and_clear();
    let mut writer = writer.finish()?;
    let summary_table = writer.finish_files()?;
    let comparison =
        aggregate::compare(&summary_table, writer.running()).map_err(RunError::Compare)?;
    let (counts, mut files) = writer.finish(comparison)?;
    files.extend(cache_out.finish().map_err(io_error(&dir))?);
    let change_counts = changes.counts;
    files.insert("changes.parquet".to_owned(), changes.finish()?);
    let elapsed = start.elapsed();
    let run = Run {
        started: humantime::format_rfc3339_seconds(started).to_string(),
        seconds: elapsed.as_secs_f64(),
        parser_version: crate::model::PARSER_VERSION.to_owned(),
        full: previous.is_none(),
        threads: config.threads as u32,
        files: counts.files,
        read: counts.files - reused,
        reused,
        changes: change_counts,
        statuses: [counts.ok, counts.partial, counts.failed, counts.skipped],
    };
    let previous_runs =
        matches!(found, Found::Sealed(_)).then(|| folder.path().join("runs.parquet"));
    let runs = changes::runs_frame(previous_runs.as_deref(), &run).map_err(|source| {
        OutputError::Polars {
            table: "runs",
            source,
        }
    })?;
    files.insert(
        "runs.parquet".to_owned(),
        output::write_table(&dir, "runs", &runs)?,
    );
    let mut manifest = Manifest {
        tool: "ogi".to_owned(),
        layout: manifest::LAYOUT,
        parser_version: crate::model::PARSER_VERSION.to_owned(),
        cache_key: key,
        written: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
        schema: "docs/SCHEMA.md (README: Outputs)".to_owned(),
        counts: counts.clone(),
        tables: output::TABLES
            .iter()
            .map(|t| format!("{t}.parquet"))
            .collect(),
        files,
        seal: String::new(),
    };
    let path = dir.join(MANIFEST);
    write_synced(&path, manifest.render().as_bytes()).map_err(io_error(&path))?;
    folder.commit(staging)?;
    Ok(Summary {
        files: counts.files,
        ok: counts.ok,
        partial: counts.partial,
        failed: counts.failed,
        skipped: counts.skipped,
        added: change_counts[0],
        changed: change_counts[1],
        removed: change_counts[2],
        reused,
        bytes,
        elapsed: start.elapsed(),
        out: config.out.clone(),
        notes,
    })
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// The previous run's cache, when there is one to use; a note says why not where that matters.
fn previous_cache(
    dir: &Path,
    found: &Found,
    key: &str,
    full: bool,
    notes: &mut Vec<String>,
) -> Option<Previous> {
    if full {
        return None;
    }
    let Found::Sealed(m) = found else {
        return None;
    };
    if m.cache_key != key {
        notes.push(
            "the cache was written by another build of ogi or with other options: every file is read again"
                .to_owned(),
        );
        return None;
    }
    match Previous::open(dir, &m.files, key) {
        Ok(p) => Some(p),
        Err(Unused::Absent | Unused::Full) => None,
        Err(Unused::OtherKey) => {
            notes.push(
                "the cache was written by another build of ogi or with other options: every file is read again"
                    .to_owned(),
            );
            None
        }
        Err(Unused::Damaged(why)) => {
            notes.push(format!(
                "warning: the cache in {} is damaged ({why}); it is not used, every file is read again",
                dir.display()
            ));
            None
        }
    }
}

/// The previous run's index entries, for telling what changed (even when its cache is not used).
fn previous_entries(
    dir: &Path,
    found: &Found,
    notes: &mut Vec<String>,
) -> Option<cache::IndexReader> {
    let Found::Sealed(m) = found else {
        return None;
    };
    m.files.get(cache::INDEX)?;
    match cache::IndexReader::open_checked(dir, &m.files) {
        Ok(r) => Some(r),
        Err(e) => {
            notes.push(format!(
                "warning: the previous run's index cannot be read ({e}); every report counts as added"
            ));
            None
        }
    }
}

/// Merges the walk with the previous index (both in walk order): each source with its previous
/// entry, and the entries of files gone.
fn plan(walk: Walk, entries: Option<cache::IndexReader>) -> impl Iterator<Item = Job> + Send {
    let mut entries = entries
        .into_iter()
        .flatten()
        .map_while(Result::ok)
        .peekable();
    let mut walk = walk.peekable();
    std::iter::from_fn(move || match (walk.peek(), entries.peek()) {
        (None, None) => None,
        (Some(_), None) => walk.next().map(|s| Job::Source(s, None)),
        (None, Some(_)) => entries.next().map(Job::Removed),
        (Some(s), Some(e)) => match crate::walk::order(&e.id, &s.id) {
            std::cmp::Ordering::Less => entries.next().map(Job::Removed),
            std::cmp::Ordering::Equal => {
                let e = entries.next();
                walk.next().map(|s| Job::Source(s, e))
            }
            std::cmp::Ordering::Greater => walk.next().map(|s| Job::Source(s, None)),
        },
    })
}

thread_local! {
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// One job on a worker: reuse, or read and extract, and say what changed.
fn work(
    job: Job,
    previous: Option<&Previous>,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Done {
    let (source, entry) = match job {
        Job::Source(s, e) => (s, e),
        Job::Removed(e) => {
            let before = previous_headline(previous, &e);
            return Done {
                outcome: None,
                stamp: None,
                hash: None,
                record: None,
                change: Some(ChangeRow {
                    report_id: e.id.clone(),
                    change: Change::Removed,
                    previous_hash: e.hash_hex(),
                    hash: None,
                    before,
                    after: [None; 5],
                }),
                reused: false,
            };
        }
    };
    let load = |at| {
        let p = previous?;
        let record = p.load(at).ok()?;
        let outcome = record
            .outcome(&source.id, source.raw_path.as_deref())
            .ok()?;
        Some((record, outcome))
    };
    // Untouched on disk since well before the previous run: its record stands, unread.
    if let (Some(p), Some(e)) = (previous, &entry)
        && p.untouched(e, source.bytes, source.stamp.as_ref())
        && let Some((record, outcome)) = e.record.and_then(load)
    {
        return Done {
            outcome: Some(outcome),
            stamp: source.stamp,
            hash: e.hash,
            record: Some(record),
            change: None,
            reused: true,
        };
    }
    BUFFER.with_borrow_mut(|buf| {
        if let Err(outcome) = pipeline::read(&source, buf) {
            let change = change_of(&source, entry.as_ref(), None, None, previous);
            return Done {
                outcome: Some(*outcome),
                stamp: source.stamp,
                hash: None,
                record: None,
                change,
                reused: false,
            };
        }
        let hash = blake3::hash(buf);
        let cached = previous.and_then(|p| {
            entry
                .as_ref()
                .filter(|e| e.hash == Some(*hash.as_bytes()))
                .and_then(|e| e.record)
                .or_else(|| p.find(&hash))
        });
        let (outcome, record, reused) = match cached.and_then(load) {
            Some((record, outcome)) => (outcome, Some(record), true),
            None => {
                let outcome = pipeline::process_read(&source, buf, hash, encoding);
                let record = Record::of(&outcome);
                (outcome, record, false)
            }
        };
        let change = change_of(
            &source,
            entry.as_ref(),
            Some(&hash),
            outcome.extraction(),
            previous,
        );
        Done {
            outcome: Some(outcome),
            stamp: source.stamp,
            hash: Some(*hash.as_bytes()),
            record,
            change,
            reused,
        }
    })
}

/// The change a source makes against its previous entry: added (no entry) or changed (other
/// bytes), with the headline figures before and after.
fn change_of(
    source: &Source,
    entry: Option<&Entry>,
    hash: Option<&blake3::Hash>,
    now: Option<&crate::model::Extraction>,
    previous: Option<&Previous>,
) -> Option<ChangeRow> {
    let hash_hex = hash.map(|h| h.to_hex().to_string());
    let (change, previous_hash, before) = match entry {
        None => (Change::Added, None, [None; 5]),
        Some(e) if e.hash != hash.map(|h| *h.as_bytes()) => (
            Change::Changed,
            e.hash_hex(),
            previous_headline(previous, e),
        ),
        Some(_) => return None,
    };
    Some(ChangeRow {
        report_id: source.id.clone(),
        change,
        previous_hash,
        hash: hash_hex,
        before,
        after: changes::headline(now),
    })
}

/// The headline figures of a previous entry's cached record, where it can be read.
fn previous_headline(previous: Option<&Previous>, e: &Entry) -> changes::Headline {
    previous
        .zip(e.record)
        .and_then(|(p, at)| p.load(at).ok())
        .and_then(|r| r.outcome(&e.id, None).ok())
        .map_or([None; 5], |o| changes::headline(o.extraction()))
}

/// Reads every source in order on `threads` workers (no cache): the outcomes, for tests and
/// callers of the library.
pub fn analyze(
    sources: Vec<Source>,
    encoding: Option<&'static encoding_rs::Encoding>,
    threads: usize,
) -> Vec<FileOutcome> {
    let mut outcomes = Vec::with_capacity(sources.len());
    let options = stream::Options {
        threads,
        window: 64 * threads.max(1),
        stack: WORKER_STACK,
    };
    let _ = stream::ordered_map(
        sources.into_iter(),
        options,
        |s| BUFFER.with_borrow_mut(|buf| pipeline::process(&s, buf, encoding)),
        |o| {
            outcomes.push(o);
            Ok::<(), std::io::Error>(())
        },
    );
    outcomes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(101_000), "101,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn statuses_other_than_ok_make_strict_fail() {
        let s = Summary {
            partial: 1,
            ..Summary::default()
        };
        assert_eq!(s.exit_code(false), 0);
        assert_eq!(s.exit_code(true), 1);
    }
}
