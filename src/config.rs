//! The run's configuration, resolved and checked from the flags before any work starts, so that a
//! bad flag fails in milliseconds with a message that says what to do.

use std::path::PathBuf;

use encoding_rs::Encoding;

use crate::cli::AnalyzeArgs;

/// A checked configuration for `ogi analyze`.
#[derive(Clone, Debug)]
pub struct Config {
    /// The archive root.
    pub archive: PathBuf,
    /// The output folder.
    pub out: PathBuf,
    /// Forced encoding for files without a BOM.
    pub encoding: Option<&'static Encoding>,
    /// Worker threads.
    pub threads: usize,
    /// Exit 1 when a file failed or is partial.
    pub strict: bool,
    /// No progress bar and no summary.
    pub quiet: bool,
    /// Ignore the cache of the previous run: read every file.
    pub full: bool,
}

/// A flag that cannot be used, with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The archive root is missing or not a folder.
    #[error(
        "archive folder '{0}' does not exist or is not a folder; pass the folder of reports as ARCHIVE"
    )]
    Archive(PathBuf),
    /// Unknown encoding label.
    #[error(
        "unknown encoding '{0}'; see --encoding (WHATWG labels such as gbk, gb18030, utf-8, big5)"
    )]
    Encoding(String),
    /// Zero threads.
    #[error("--threads must be at least 1")]
    Threads,
}

impl Config {
    /// Resolves and checks the flags of `ogi analyze`.
    ///
    /// # Errors
    /// A [`ConfigError`] naming the flag to change.
    pub fn from_args(args: AnalyzeArgs) -> Result<Config, ConfigError> {
        if !args.archive.is_dir() {
            return Err(ConfigError::Archive(args.archive));
        }
        let encoding = encoding(args.encoding.as_deref())?;
        let threads = match args.threads {
            Some(0) => return Err(ConfigError::Threads),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        Ok(Config {
            archive: args.archive,
            out: args.out,
            encoding,
            threads,
            strict: args.strict,
            quiet: args.quiet,
            full: args.full,
        })
    }
}

/// Resolves an `--encoding` label.
///
/// # Errors
/// [`ConfigError::Encoding`] for a label WHATWG does not know.
pub fn encoding(label: Option<&str>) -> Result<Option<&'static Encoding>, ConfigError> {
    label
        .map(|l| {
            Encoding::for_label(l.trim().as_bytes())
                .ok_or_else(|| ConfigError::Encoding(l.to_owned()))
        })
        .transpose()
}
