//! The national template as data: its canonical keys ([`keys`]), the labels that name them and
//! the anchors cut from those labels ([`labels`]), the headings its sections open with
//! ([`headings`]), its arithmetic ([`identities`]), the rule codes of its findings ([`rules`]), and which of the two templates a report follows ([`detect`]). Layout,
//! extraction and validation all read the template here; it reads nothing of theirs.

pub mod detect;
pub mod headings;
pub mod identities;
pub mod keys;
pub mod labels;
pub mod rules;

pub use detect::Template;
pub use keys::{AppRow, Applicant, Item, Measure, Outcome, Proceeding, Section};
pub use rules::Rule;
