//! The progress bar: drawn on stderr when it is a terminal, hidden otherwise or with --quiet.
//! The number of files is not known before the walk ends; the previous run's count, when there
//! is one, stands in for it.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A counter of files, a bar over `expected` of them where that is known.
pub fn bar(expected: Option<u64>, quiet: bool) -> ProgressBar {
    let pb = match expected {
        Some(n) => ProgressBar::new(n),
        None => ProgressBar::new_spinner(),
    };
    let template = if expected.is_some() {
        "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} files ({per_sec}, eta {eta})"
    } else {
        "{spinner} [{elapsed_precise}] {pos} files ({per_sec})"
    };
    if quiet || !std::io::stderr().is_terminal() {
        pb.set_draw_target(ProgressDrawTarget::hidden());
    } else if let Ok(style) = ProgressStyle::with_template(template) {
        pb.set_style(style);
    }
    pb
}
