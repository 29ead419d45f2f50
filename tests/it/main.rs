//! Integration tests, one binary (see Cargo.toml `autotests = false`): exact values of the seed
//! reports, encoding variants, and the `ogi` binary end to end.

mod agencies;
mod cli;
mod compare;
mod corpus;
mod encodings;
mod flattenings;
mod formats;
mod hostile;
mod large;
mod markdown;
mod nightly;
mod office;
mod output;
mod pdf;
mod property;
mod rules;
mod sections;
mod seeds;
mod util;
