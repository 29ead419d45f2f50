//! Command-line flags exactly as the user typed them (clap derive). Checking and resolving them
//! is [`crate::config`]'s job.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// ogi: open-government-information annual reports to a Parquet dataset.
#[derive(Debug, Parser)]
#[command(name = "ogi", version, about, long_about = None, propagate_version = true)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read every report under an archive folder and write the Parquet dataset.
    Analyze(AnalyzeArgs),
    /// Show how one file is read: metadata, each table as a grid, and the findings.
    Inspect(InspectArgs),
}

/// Flags of `ogi inspect`.
#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// The report file to show.
    pub file: PathBuf,

    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,

    /// Decode the file with this encoding (a WHATWG label) unless it has a byte-order mark.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
}

/// Flags of `ogi analyze`.
#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// Folder of reports to read (searched recursively; hidden files and folders, symbolic links
    /// and special files are listed, not read).
    #[arg(default_value = "data/sample", help_heading = "Input")]
    pub archive: PathBuf,

    /// Output folder for the Parquet files. It is replaced as a whole when the run succeeds, so
    /// it must be empty, absent, or an earlier ogi output (recognised by its sealed manifest),
    /// and outside the archive.
    #[arg(short, long, default_value = "data/out", help_heading = "Output")]
    pub out: PathBuf,

    /// Decode every file without a byte-order mark with this encoding (a WHATWG label such as
    /// gbk, gb18030, utf-8, big5) instead of detecting it per file.
    #[arg(long, value_name = "LABEL", help_heading = "Decoding")]
    pub encoding: Option<String>,

    /// Number of worker threads [default: all cores].
    #[arg(short = 'j', long, value_name = "N", help_heading = "Performance")]
    pub threads: Option<usize>,

    /// Read every file again, ignoring the extraction cache the previous run left in --out
    /// (by default only files that are new or whose bytes changed are read).
    #[arg(long, help_heading = "Input")]
    pub full: bool,

    /// Exit with status 1 when any file failed or is partial.
    #[arg(long, help_heading = "Output")]
    pub strict: bool,

    /// No progress bar and no summary line.
    #[arg(short, long, help_heading = "Output")]
    pub quiet: bool,
}
