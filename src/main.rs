//! The `ogi` binary: parse flags, resolve the configuration, run, print the summary, exit.
//! The only place that prints and the only place that uses anyhow. A closed stdout (`ogi inspect
//! … | head`) ends the program quietly with the status of a broken pipe (141); a closed stderr
//! never stops a run.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use ogi::cli::{Args, Command};
use ogi::config::Config;

/// The status of a process whose output pipe was closed (128 + SIGPIPE).
const BROKEN_PIPE: u8 = 141;

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) => {
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::from(BROKEN_PIPE);
            }
            let _ = writeln!(std::io::stderr(), "ogi: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    match args.command {
        Command::Analyze(args) => {
            let config = Config::from_args(args)?;
            let summary = ogi::app::run(&config)
                .context("the run did not complete; the previous output, if any, is unchanged")?;
            let mut stderr = std::io::stderr().lock();
            for note in &summary.notes {
                let _ = writeln!(stderr, "ogi: {note}");
            }
            if !config.quiet {
                let _ = writeln!(stderr, "{summary}");
            }
            Ok(ExitCode::from(summary.exit_code(config.strict)))
        }
        Command::Inspect(args) => {
            let encoding = ogi::config::encoding(args.encoding.as_deref())?;
            let bytes = std::fs::read(&args.file)
                .with_context(|| format!("cannot read '{}'", args.file.display()))?;
            let id = args
                .file
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let outcome = ogi::pipeline::process_bytes(&id, &bytes, encoding);
            let text = if args.json {
                format!("{:#}\n", ogi::inspect::json(&outcome))
            } else {
                ogi::inspect::text(&outcome)
            };
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
