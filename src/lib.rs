//! ogi turns archives of Chinese government open-information annual reports
//! (政府信息公开工作年度报告) into a Parquet dataset.
//!
//! The pipeline, one module per stage:
//! [`walk`] (archive → sorted [`model::Source`]s) → [`sniff`] (bytes → [`model::Format`]) →
//! [`decode`] (bytes → text, encoding recorded) → [`layout`] (text → rows of cells with their
//! lines) → [`extract`] (rows → canonical cells and findings) → [`validate`] (the template's arithmetic) →
//! [`output`] (Parquet).
//! [`app`] runs it over files in parallel; `main` only parses flags and prints.
//!
//! Glossary: a *source* is a file found by the walk; a *document* is its text read into text
//! lines and table rows; an *extraction* is what one report yields (metadata, cells, findings);
//! a *finding* is a documented check or note about a report; a *file outcome* is the one record
//! every source produces, whatever happened to it.
#![deny(missing_docs)]

pub mod aggregate;
pub mod app;
pub mod cli;
pub mod config;
pub mod decode;
pub mod dedup;
pub mod extract;
pub mod inspect;
pub mod layout;
pub mod model;
pub mod output;
pub mod progress;
pub mod region;
pub mod sniff;
pub mod template;
pub mod text;
pub mod validate;
pub mod walk;
