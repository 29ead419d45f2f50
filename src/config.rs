//! The run's configuration, resolved and checked from the flags before any work starts, so that a
//! bad flag fails in milliseconds with a message that says what to do.

use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use crate::cli::AnalyzeArgs;
use crate::output::MANIFEST;

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
    /// The output would overwrite the archive.
    #[error("output folder '{0}' is the archive itself; choose another --out")]
    OutIsArchive(PathBuf),
    /// The output folder holds files ogi did not write.
    #[error(
        "output folder '{0}' exists and was not written by ogi (no {MANIFEST}); choose another --out or empty it"
    )]
    OutForeign(PathBuf),
    /// The output's parent cannot be written.
    #[error("cannot write output folder '{0}': {1}; choose another --out")]
    OutUnwritable(PathBuf, std::io::Error),
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
        check_out(&args.archive, &args.out)?;
        Ok(Config {
            archive: args.archive,
            out: args.out,
            encoding,
            threads,
            strict: args.strict,
            quiet: args.quiet,
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

fn check_out(archive: &Path, out: &Path) -> Result<(), ConfigError> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same(archive, out) {
        return Err(ConfigError::OutIsArchive(out.to_path_buf()));
    }
    if out.exists() {
        let foreign = !out.is_dir()
            || (!out.join(MANIFEST).is_file()
                && std::fs::read_dir(out).map_or(true, |mut d| d.next().is_some()));
        if foreign {
            return Err(ConfigError::OutForeign(out.to_path_buf()));
        }
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .map_err(|e| ConfigError::OutUnwritable(out.to_path_buf(), e))?;
    let probe = parent.join(format!(".ogi-write-probe-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(|e| ConfigError::OutUnwritable(out.to_path_buf(), e))?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}
