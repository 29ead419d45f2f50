//! Duplicates: the same bytes under two names, or the same report in another format or encoding
//! (same agency, year and identical section 三 cells). The later file (in walk order) gets
//! `duplicate_of`, the report_id it repeats; its cells are still written, but comparisons count
//! each report once. Streaming: outcomes are marked one by one as they come, and what is kept of
//! the earlier ones is compact (a 128-bit digest of each key and the original's id).

use std::collections::HashMap;

use crate::model::{CellSource, FileOutcome};

/// What has been seen so far.
#[derive(Default)]
pub struct Dedup {
    by_hash: HashMap<u128, u32>,
    by_report: HashMap<u128, u32>,
    /// The ids of originals, one after the other; `starts` says where each begins.
    ids: String,
    starts: Vec<usize>,
}

impl Dedup {
    /// Marks `o` when it repeats an earlier outcome, else remembers it.
    pub fn mark(&mut self, o: &mut FileOutcome) {
        let hash = digest_of_hex(&o.record.content_hash);
        let report = report_key(o);
        let original = hash
            .and_then(|h| self.by_hash.get(&h))
            .or_else(|| report.and_then(|k| self.by_report.get(&k)))
            .copied();
        if let Some(n) = original {
            o.record.duplicate_of = Some(self.id(n).to_owned());
            return;
        }
        o.record.duplicate_of = None;
        if hash.is_none() && report.is_none() {
            return;
        }
        let n = self.starts.len() as u32;
        self.starts.push(self.ids.len());
        self.ids.push_str(&o.record.report_id);
        if let Some(h) = hash {
            self.by_hash.insert(h, n);
        }
        if let Some(k) = report {
            self.by_report.insert(k, n);
        }
    }

    fn id(&self, n: u32) -> &str {
        let n = n as usize;
        let end = self.starts.get(n + 1).copied().unwrap_or(self.ids.len());
        &self.ids[self.starts[n]..end]
    }
}

/// Marks every outcome that repeats an earlier one.
pub fn mark(outcomes: &mut [FileOutcome]) {
    let mut dedup = Dedup::default();
    for o in outcomes {
        dedup.mark(o);
    }
}

/// The first 128 bits of a hex digest.
fn digest_of_hex(hex: &str) -> Option<u128> {
    hex.get(..32).and_then(|h| u128::from_str_radix(h, 16).ok())
}

/// A digest of the agency, year and printed section 三 cells, when there are any to compare.
fn report_key(o: &FileOutcome) -> Option<u128> {
    let e = o.extraction()?;
    let agency = e.meta.agency.as_deref()?;
    let year = e.meta.year?;
    let printed = e
        .applications
        .iter()
        .any(|c| c.value.is_some() && c.prov.source != CellSource::Prose);
    if !printed {
        return None;
    }
    // Fields are length- or tag-prefixed so that no two different reports hash the same bytes.
    let mut h = blake3::Hasher::new();
    h.update(&(agency.len() as u64).to_le_bytes());
    h.update(agency.as_bytes());
    h.update(&year.to_le_bytes());
    for c in &e.applications {
        for key in [c.row.key(), c.applicant.key()] {
            h.update(&[key.len() as u8]);
            h.update(key.as_bytes());
        }
        match c.value {
            Some(v) => h.update(&[1]).update(&v.to_le_bytes()),
            None => h.update(&[0]),
        };
    }
    let bytes = h.finalize();
    Some(u128::from_be_bytes(bytes.as_bytes()[..16].try_into().ok()?))
}
