//! ogi turns archives of Chinese government open-information annual reports
//! (政府信息公开工作年度报告) into a Parquet dataset.
//!
//! The pipeline, one module per stage, each importing only from the floors below it:
//! `walk` (archive → sorted [`model::Source`]s) → `sniff` (bytes → [`model::Format`]) →
//! `decode` (bytes → text, encoding recorded) → `layout` (text → rows of cells with their
//! lines) → `extract` (rows → canonical cells and findings) → `region` (who reported, and where)
//! → `validate` (the template's arithmetic) → [`output`] (Parquet). Below them, `text` holds
//! normalisation and the number grammar of a cell, and `template` the national template as data:
//! its keys, labels, headings, identities and rule codes, which layout, extraction and
//! validation all read. [`pipeline`] takes one file from bytes to its outcome through those
//! stages; [`app`] runs it over files in parallel; `main` only parses flags and prints. The library's surface is what `main` and the tests use; the stages are `pub(crate)`.
//!
//! Glossary: a *source* is a file found by the walk; a *document* is its text read into text
//! lines and table rows; an *extraction* is what one report yields (metadata, cells, findings);
//! a *finding* is a documented check or note about a report; a *file outcome* is the one record
//! every source produces, whatever happened to it, its *reading* the status with the cells of a
//! report read or the reason it was not.
#![deny(missing_docs)]

pub(crate) mod aggregate;
pub mod app;
pub mod cli;
pub mod config;
pub(crate) mod decode;
pub mod dedup;
pub(crate) mod extract;
pub mod inspect;
pub(crate) mod layout;
pub(crate) mod limits;
pub(crate) mod memory;
pub mod model;
pub mod output;
pub mod pipeline;
pub(crate) mod progress;
pub(crate) mod region;
pub(crate) mod sniff;
pub(crate) mod stream;
pub(crate) mod template;
pub(crate) mod text;
pub(crate) mod validate;
pub(crate) mod walk;

pub use extract::NotAReport;
pub use region::is_body_name;
