//! The `ogi` binary: parse flags, resolve the configuration, run, print the summary, exit.
//! The only place that prints and the only place that uses anyhow.

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use ogi::cli::{Args, Command};
use ogi::config::Config;

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("ogi: error: {err:#}");
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
            if !config.quiet {
                eprintln!("{summary}");
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
            let outcome = ogi::app::process_bytes(&id, &bytes, encoding);
            if args.json {
                println!("{:#}", ogi::inspect::json(&outcome));
            } else {
                print!("{}", ogi::inspect::text(&outcome));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
