//! Plain data passed between the stages: sources, extracted cells with their provenance,
//! findings and the per-file outcome. No I/O and no polars here. The canonical keys are the
//! template's (`template/`), re-exported here.

use std::path::PathBuf;

pub use crate::region::{AgencyLevel, GovernmentLevel, RegionSource, Scope};
pub use crate::template::{
    AppRow, Applicant, Item, Measure, Outcome, Proceeding, Rule, Section, Template,
};

/// Version of the extractor, written into every `reports.parquet` row.
pub const PARSER_VERSION: &str = concat!("ogi-", env!("CARGO_PKG_VERSION"));

/// One entry found under the archive root.
#[derive(Clone, Debug)]
pub struct Source {
    /// Path relative to the archive root, '/'-separated: the join key of every table (lossless
    /// and unique: a name that is not UTF-8 is decoded as GB18030 or escaped).
    pub id: String,
    /// The raw bytes of the relative path in hex, where a name in it is not UTF-8 (`None` when the
    /// id is the path's own bytes).
    pub raw_path: Option<String>,
    /// Where to read it from.
    pub path: PathBuf,
    /// Size in bytes as listed by the walk (0 when unknown).
    pub bytes: u64,
    /// The file's identity on disk when listed, for telling an unchanged file without reading it.
    pub stamp: Option<Stamp>,
    /// What the walk found: a file to read, or why it is not read.
    pub listed: Listed,
}

/// What the walk found at an entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Listed {
    /// A regular file, to be read.
    File,
    /// A file whose name starts with '.': not read.
    HiddenFile,
    /// A folder whose name starts with '.' (.git, .svn …): not entered.
    HiddenFolder,
    /// A symbolic link: not followed.
    Symlink,
    /// A FIFO, socket or device: never opened.
    Special(&'static str),
    /// The entry or folder could not be read (the reason).
    Unreadable(String),
}

impl Listed {
    /// Why an entry that is not a regular file is not read, in words.
    pub fn reason(&self) -> Option<String> {
        Some(match self {
            Listed::File => return None,
            Listed::HiddenFile => "hidden file (name starts with '.'): not read".to_owned(),
            Listed::HiddenFolder => {
                "hidden folder (name starts with '.'): not entered, its files not read".to_owned()
            }
            Listed::Symlink => "symbolic link: not followed".to_owned(),
            Listed::Special(kind) => format!("{kind}: not a regular file, not opened"),
            Listed::Unreadable(why) => why.clone(),
        })
    }
}

/// A file's identity on disk: size aside, what changes when its bytes are rewritten.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    /// Modification time, nanoseconds since the epoch.
    pub mtime_ns: i128,
    /// Status-change time (set by the system on every write or rename, cannot be set back).
    pub ctime_ns: i128,
    /// Inode number.
    pub inode: u64,
    /// Device number.
    pub device: u64,
}

/// A file format, decided from the bytes (magic numbers, markup), not only the extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Format {
    /// Plain text (including markdown and tab-separated exports).
    Txt,
    /// An HTML page.
    Html,
    /// A JSON document with the report's HTML or text in a string field (crawler output).
    Json,
    /// A PDF document.
    Pdf,
    /// An Office Open XML Word document.
    Docx,
    /// A Word 97-2003 document (.doc; also a Kingsoft WPS .wps saved in Word's format).
    Doc,
    /// An Excel 97-2003 workbook (.xls).
    Xls,
    /// Another OLE2 compound file (PowerPoint, Outlook message, installer, older WPS formats).
    Ole,
    /// An image (PNG, JPEG, GIF ...).
    Image,
    /// An archive or compressed file other than a .docx.
    Archive,
    /// Bytes that are not text and not a known format.
    Binary,
    /// A file of zero bytes.
    Empty,
    /// The walk could not read it.
    Unknown,
}

impl Format {
    /// Name written to `reports.format`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Html => "html",
            Format::Json => "json",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Doc => "doc",
            Format::Xls => "xls",
            Format::Ole => "ole",
            Format::Image => "image",
            Format::Archive => "archive",
            Format::Binary => "binary",
            Format::Empty => "empty",
            Format::Unknown => "unknown",
        }
    }
}

/// How the text encoding of a file was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum EncodingSource {
    /// A byte-order mark.
    Bom,
    /// Declared by the document (HTML meta charset).
    Declared,
    /// The bytes are valid UTF-8.
    ValidUtf8,
    /// Guessed by chardetng (or the UTF-16 heuristic).
    Detected,
    /// Forced with `--encoding`.
    Forced,
}

impl EncodingSource {
    /// Name written to `reports.encoding_source`.
    pub fn as_str(self) -> &'static str {
        match self {
            EncodingSource::Bom => "bom",
            EncodingSource::Declared => "declared",
            EncodingSource::ValidUtf8 => "valid-utf8",
            EncodingSource::Detected => "detected",
            EncodingSource::Forced => "forced",
        }
    }
}

/// Outcome of one file.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Status {
    /// Every table found and read, no error finding.
    Ok,
    /// A report, but some tables or cells are missing or failed checks.
    Partial,
    /// Meant to be read, but could not be.
    Failed,
    /// Not a report this tool reads (empty, binary, image, unsupported format, no report in it).
    Skipped,
}

impl Status {
    /// Name written to `reports.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Partial => "partial",
            Status::Failed => "failed",
            Status::Skipped => "skipped",
        }
    }
}

/// Where a cell value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CellSource {
    /// Read from a table cell as printed.
    Table,
    /// Stated in the report's prose.
    Prose,
    /// Computed from other cells.
    Derived,
    /// Restored by arithmetic from a damaged row (logged as a finding).
    Repaired,
    /// Read by OCR from a scanned page, and published because the table's arithmetic confirms
    /// it or OCR's confidence is high and nothing contradicts it (see `confidence`).
    Ocr,
    /// Read from a table cell as printed, in a row whose label was lost (floated away in
    /// PDF-to-markdown text): the row was placed by template order, where the row count and
    /// the template's identities confirm it (logged as a `label_fallback` finding).
    LabelFallback,
}

impl CellSource {
    /// Name written to the `source` columns.
    pub fn as_str(self) -> &'static str {
        match self {
            CellSource::Table => "table",
            CellSource::Prose => "prose",
            CellSource::Derived => "derived",
            CellSource::Repaired => "repaired",
            CellSource::Ocr => "ocr",
            CellSource::LabelFallback => "label_fallback",
        }
    }
}

/// Where a number came from: the text as printed and its place in the decoded text.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Provenance {
    /// The cell text as printed (before normalisation); `None` where no cell was printed.
    pub raw: Option<String>,
    /// How the value was obtained.
    pub source: CellSource,
    /// 1-based line number in the decoded text.
    pub line: Option<u32>,
    /// OCR's confidence in the printed text (0 to 100), for cells read from scanned pages.
    pub confidence: Option<f64>,
}

/// A section 三 cell.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AppCell {
    /// Row key.
    pub row: AppRow,
    /// Column key.
    pub applicant: Applicant,
    /// The number, `None` where blank, '/', '—' or unreadable.
    pub value: Option<i64>,
    /// The row label as printed (whitespace collapsed), where one was printed.
    pub label: Option<String>,
    /// Where it came from.
    pub prov: Provenance,
}

/// A section 四 cell.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReviewCell {
    /// Block key.
    pub proceeding: Proceeding,
    /// Column key.
    pub outcome: Outcome,
    /// The number, `None` where blank or unreadable.
    pub value: Option<i64>,
    /// Where it came from.
    pub prov: Provenance,
}

/// A section 二 cell.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ProactiveCell {
    /// Row key.
    pub item: Item,
    /// Column key.
    pub measure: Measure,
    /// The number, `None` where blank or unreadable.
    pub value: Option<f64>,
    /// Unit of `value` where known (万元 after converting a value printed in 元).
    #[serde(deserialize_with = "statics::de_opt")]
    pub unit: Option<Name>,
    /// Where it came from.
    pub prov: Provenance,
}

/// How serious a finding is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    /// The data is wrong or missing; the report is `partial`.
    Error,
    /// Something a researcher should know; values are still trustworthy.
    Warning,
    /// A note on how a value was read.
    Info,
}

impl Severity {
    /// Name written to `findings.severity`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A documented check or extraction note about one report.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    /// Stable rule code (see README, "Findings").
    pub rule: Rule,
    /// How serious it is.
    pub severity: Severity,
    /// Section it concerns, if any.
    pub section: Option<Section>,
    /// Row key it concerns, if any.
    pub row: Option<String>,
    /// Column key it concerns, if any.
    pub column: Option<String>,
    /// The value the arithmetic or template expects.
    pub expected: Option<String>,
    /// The value found.
    pub actual: Option<String>,
    /// What happened, in words.
    pub message: String,
    /// 1-based line in the decoded text.
    pub line: Option<u32>,
}

impl Finding {
    /// A finding with only rule, severity, section and message set.
    pub fn new(rule: Rule, severity: Severity, section: Option<Section>, message: String) -> Self {
        Finding {
            rule,
            severity,
            section,
            row: None,
            column: None,
            expected: None,
            actual: None,
            message,
            line: None,
        }
    }

    /// Sets the row key.
    pub fn row(mut self, row: impl Into<String>) -> Self {
        self.row = Some(row.into());
        self
    }

    /// Sets the column key.
    pub fn column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    /// Sets expected and actual values.
    pub fn values(mut self, expected: impl Into<String>, actual: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self.actual = Some(actual.into());
        self
    }

    /// Sets the actual value only.
    pub fn actual(mut self, actual: impl Into<String>) -> Self {
        self.actual = Some(actual.into());
        self
    }

    /// Sets the line.
    pub fn at(mut self, line: Option<u32>) -> Self {
        self.line = line;
        self
    }
}

/// Where the reporting body sits, resolved with the gazetteer.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Region {
    /// The body's name normalised (spaces removed, a doubled suffix such as 办事处办事处 collapsed).
    pub agency_normalized: Option<String>,
    /// province, city, county, township, department or zone.
    pub agency_level: Option<AgencyLevel>,
    /// The tier of government the body belongs to: province, city, county or township (a
    /// department's or zone's from where it resolved; null where nothing placed it).
    pub government_level: Option<GovernmentLevel>,
    /// agency (the body's own work) or area (a summary for its whole area, 全区/全市 …).
    pub scope: Option<Scope>,
    /// Province name (NBS).
    pub province: Option<String>,
    /// City name (NBS; the municipality itself for 北京, 上海, 天津, 重庆).
    pub city: Option<String>,
    /// County name (NBS; a zone named after a county keeps its own name, 平潭综合实验区).
    pub county: Option<String>,
    /// 6-digit administrative division code of the most precise division resolved.
    pub division_code: Option<String>,
    /// Which clue decided it: agency, title, gazetteer_parent, zone, area_code, text, postcode,
    /// domain.
    pub region_source: Option<RegionSource>,
}

/// Report metadata read from the text.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Metadata {
    /// The title as printed, whitespace collapsed.
    pub title: Option<String>,
    /// The reporting body as printed, whitespace collapsed.
    pub agency: Option<String>,
    /// The reporting (statistics) year.
    pub year: Option<i32>,
    /// Where the body sits.
    pub region: Region,
}

/// Everything extracted from one report.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Extraction {
    /// Title, agency, year.
    pub meta: Metadata,
    /// The template followed.
    pub template: Template,
    /// Section 二 cells.
    pub proactive: Vec<ProactiveCell>,
    /// Section 三 cells.
    pub applications: Vec<AppCell>,
    /// Section 四 cells.
    pub review: Vec<ReviewCell>,
    /// Checks and extraction notes.
    pub findings: Vec<Finding>,
}

impl Extraction {
    /// The value of one section 三 cell.
    pub fn app(&self, row: AppRow, applicant: Applicant) -> Option<i64> {
        self.applications
            .iter()
            .find(|c| c.row == row && c.applicant == applicant)
            .and_then(|c| c.value)
    }

    /// The value of one section 四 cell.
    pub fn review(&self, proceeding: Proceeding, outcome: Outcome) -> Option<i64> {
        self.review
            .iter()
            .find(|c| c.proceeding == proceeding && c.outcome == outcome)
            .and_then(|c| c.value)
    }

    /// The value of one section 二 cell.
    pub fn proactive(&self, item: Item, measure: Measure) -> Option<f64> {
        self.proactive
            .iter()
            .find(|c| c.item == item && c.measure == measure)
            .and_then(|c| c.value)
    }

    /// Every cell's value by key, for readers that look up many of them: one pass over the
    /// cells, then each lookup is a slot, not a scan.
    pub fn figures(&self) -> Figures {
        let mut f = Figures {
            template: self.template,
            app: [None; APP_SLOTS],
            review: [None; REVIEW_SLOTS],
            proactive: [None; PROACTIVE_SLOTS],
        };
        // The first cell of a key wins, as in the lookups above.
        for c in &self.applications {
            f.app[app_slot(c.row, c.applicant)].get_or_insert(c.value);
        }
        for c in &self.review {
            f.review[review_slot(c.proceeding, c.outcome)].get_or_insert(c.value);
        }
        for c in &self.proactive {
            f.proactive[proactive_slot(c.item, c.measure)].get_or_insert(c.value);
        }
        f
    }
}

const APP_SLOTS: usize = AppRow::ALL.len() * Applicant::ALL.len();
const REVIEW_SLOTS: usize = Proceeding::ALL.len() * Outcome::ALL.len();
const PROACTIVE_SLOTS: usize = Item::ALL.len() * Measure::ALL.len();

fn app_slot(row: AppRow, applicant: Applicant) -> usize {
    row as usize * Applicant::ALL.len() + applicant as usize
}

fn review_slot(proceeding: Proceeding, outcome: Outcome) -> usize {
    proceeding as usize * Outcome::ALL.len() + outcome as usize
}

fn proactive_slot(item: Item, measure: Measure) -> usize {
    item as usize * Measure::ALL.len() + measure as usize
}

/// An extraction's values by key ([`Extraction::figures`]): the same answers as
/// [`Extraction::app`], [`Extraction::review`] and [`Extraction::proactive`], without a scan each.
#[derive(Clone, Debug)]
pub struct Figures {
    /// The template followed.
    pub template: Template,
    app: [Option<Option<i64>>; APP_SLOTS],
    review: [Option<Option<i64>>; REVIEW_SLOTS],
    proactive: [Option<Option<f64>>; PROACTIVE_SLOTS],
}

impl Figures {
    /// The value of one section 三 cell.
    pub fn app(&self, row: AppRow, applicant: Applicant) -> Option<i64> {
        self.app[app_slot(row, applicant)].flatten()
    }

    /// The value of one section 四 cell.
    pub fn review(&self, proceeding: Proceeding, outcome: Outcome) -> Option<i64> {
        self.review[review_slot(proceeding, outcome)].flatten()
    }

    /// The value of one section 二 cell.
    pub fn proactive(&self, item: Item, measure: Measure) -> Option<f64> {
        self.proactive[proactive_slot(item, measure)].flatten()
    }
}

/// What `reports.parquet` says of any file, read or not (its status and error are the
/// [`Reading`] beside it, its metadata the extraction).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReportRecord {
    /// Relative path, the join key.
    pub report_id: String,
    /// The raw path bytes in hex where a name is not UTF-8 (see [`Source::raw_path`]).
    pub raw_path: Option<String>,
    /// blake3 hex digest of the bytes ("" when unreadable).
    pub content_hash: String,
    /// File size.
    pub bytes: u64,
    /// Detected format.
    pub format: Format,
    /// WHATWG name of the decoding used.
    #[serde(deserialize_with = "statics::de_opt")]
    pub encoding: Option<Name>,
    /// How the encoding was chosen.
    pub encoding_source: Option<EncodingSource>,
    /// Replacement characters were produced while decoding.
    pub had_decode_errors: bool,
    /// The report_id this file repeats (same bytes, or the same report in another format).
    pub duplicate_of: Option<String>,
}

/// What became of a file: its status, with the cells of a report read or the reason, in
/// words, why it was not. A report read is `ok` or `partial` by its findings (see
/// [`Reading::read`]); no other state (cells without a report, a reason beside cells) exists.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Reading {
    /// Every table found and read, no error finding.
    Ok(Extraction),
    /// A report, but some tables or cells are missing or failed checks (an error finding).
    Partial(Extraction),
    /// Meant to be read, but could not be: why.
    Failed(String),
    /// Not a report this tool reads: why (empty, binary, image, unsupported format, no report).
    Skipped(String),
}

impl Reading {
    /// A report read: `partial` when a finding is an error, else `ok`.
    pub fn read(extraction: Extraction) -> Reading {
        match extraction
            .findings
            .iter()
            .any(|f| f.severity == Severity::Error)
        {
            true => Reading::Partial(extraction),
            false => Reading::Ok(extraction),
        }
    }

    /// Its status, as written to `reports.status`.
    pub fn status(&self) -> Status {
        match self {
            Reading::Ok(_) => Status::Ok,
            Reading::Partial(_) => Status::Partial,
            Reading::Failed(_) => Status::Failed,
            Reading::Skipped(_) => Status::Skipped,
        }
    }
}

/// Everything one file produced: exactly one per file the walk saw.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct FileOutcome {
    /// Its `reports.parquet` row, but for status, error and metadata.
    pub record: ReportRecord,
    /// Its status, with the cells or the reason.
    pub reading: Reading,
}

impl FileOutcome {
    /// ok, partial, failed, skipped.
    pub fn status(&self) -> Status {
        self.reading.status()
    }

    /// The cells, when the file is a report that was read.
    pub fn extraction(&self) -> Option<&Extraction> {
        match &self.reading {
            Reading::Ok(e) | Reading::Partial(e) => Some(e),
            Reading::Failed(_) | Reading::Skipped(_) => None,
        }
    }

    /// The cells, when the file is a report that was read, taken.
    pub fn into_extraction(self) -> Option<Extraction> {
        match self.reading {
            Reading::Ok(e) | Reading::Partial(e) => Some(e),
            Reading::Failed(_) | Reading::Skipped(_) => None,
        }
    }

    /// Why a file failed or was skipped, in words.
    pub fn error(&self) -> Option<&str> {
        match &self.reading {
            Reading::Failed(why) | Reading::Skipped(why) => Some(why),
            Reading::Ok(_) | Reading::Partial(_) => None,
        }
    }

    /// Number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.extraction().map_or(0, |e| {
            e.findings.iter().filter(|f| f.severity == severity).count()
        })
    }
}

/// A name from a closed set (rule codes, levels, units, encodings). An alias, so that serde's
/// derive does not take these fields for text borrowed from the input: they are interned.
pub type Name = &'static str;

/// Serde support for the `&'static str` fields of cached outcomes: each distinct string is
/// interned once (leaked), and a cache holding more distinct ones than any real one does is
/// refused as damaged.
mod statics {
    use std::collections::HashSet;
    use std::sync::Mutex;

    use serde::{Deserialize, Deserializer, de::Error};

    /// More distinct strings than rule codes, levels, units and encodings together.
    const MAX: usize = 512;

    static INTERNED: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);

    fn intern(s: String) -> Option<&'static str> {
        let mut set = INTERNED.lock().ok()?;
        let set = set.get_or_insert_with(HashSet::new);
        if let Some(&known) = set.get(s.as_str()) {
            return Some(known);
        }
        if set.len() >= MAX {
            return None;
        }
        let leaked: &'static str = Box::leak(s.into_boxed_str());
        set.insert(leaked);
        Some(leaked)
    }

    pub fn de_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'static str>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|s| intern(s).ok_or_else(|| D::Error::custom("too many distinct names")))
            .transpose()
    }
}
