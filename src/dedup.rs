//! Duplicates: the same bytes under two names, or the same report in another format or encoding
//! (same agency, year and identical section 三 cells). The later file (in walk order) gets
//! `duplicate_of`, the report_id it repeats; its cells are still written, but comparisons count
//! each report once. Streaming: outcomes are marked one by one as they come, and what is kept of
//! the earlier ones is compact (a 128-bit digest of each key and the original's id).

use hashbrown::HashTable;

use crate::model::{CellSource, FileOutcome};

/// 128-bit keys, each with the original it belongs to. The table holds only positions in
/// `keys`: 30 bytes or so per key, where a `HashMap<u128, u32>` takes 66 (its 32-byte slots
/// half empty after each doubling); at a million reports the two sets of keys hold 60 MB, not
/// 140 MB. The keys are blake3 digests, uniform already: their low 64 bits are the hash.
#[derive(Default)]
struct Keys {
    keys: Vec<[u8; 16]>,
    originals: Vec<u32>,
    table: HashTable<u32>,
}

impl Keys {
    fn get(&self, key: &[u8; 16]) -> Option<u32> {
        self.table
            .find(hash_of(key), |&i| self.keys[i as usize] == *key)
            .map(|&i| self.originals[i as usize])
    }

    /// Adds a key the caller has just looked up and not found.
    fn insert_new(&mut self, key: [u8; 16], original: u32) {
        debug_assert!(self.get(&key).is_none());
        let i = self.keys.len() as u32;
        self.keys.push(key);
        self.originals.push(original);
        let keys = &self.keys;
        self.table
            .insert_unique(hash_of(&key), i, |&j| hash_of(&keys[j as usize]));
    }
}

fn hash_of(key: &[u8; 16]) -> u64 {
    u64::from_le_bytes(key[..8].try_into().unwrap_or_default())
}

/// What has been seen so far.
#[derive(Default)]
pub struct Dedup {
    by_hash: Keys,
    by_report: Keys,
    /// The ids of originals, one after the other; `starts` says where each begins.
    ids: String,
    starts: Vec<u64>,
}

impl Dedup {
    /// Marks `o` when it repeats an earlier outcome, else remembers it.
    pub fn mark(&mut self, o: &mut FileOutcome) {
        let hash = digest_of_hex(&o.record.content_hash);
        let report = report_key(o);
        let original = hash
            .and_then(|h| self.by_hash.get(&h))
            .or_else(|| report.and_then(|k| self.by_report.get(&k)));
        if let Some(n) = original {
            o.record.duplicate_of = Some(self.id(n).to_owned());
            return;
        }
        o.record.duplicate_of = None;
        if hash.is_none() && report.is_none() {
            return;
        }
        let n = self.starts.len() as u32;
        self.starts.push(self.ids.len() as u64);
        self.ids.push_str(&o.record.report_id);
        if let Some(h) = hash {
            self.by_hash.insert_new(h, n);
        }
        if let Some(k) = report {
            self.by_report.insert_new(k, n);
        }
    }

    fn id(&self, n: u32) -> &str {
        let n = n as usize;
        let end = self
            .starts
            .get(n + 1)
            .map_or(self.ids.len(), |&e| e as usize);
        &self.ids[self.starts[n] as usize..end]
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
fn digest_of_hex(hex: &str) -> Option<[u8; 16]> {
    hex.get(..32)
        .and_then(|h| u128::from_str_radix(h, 16).ok())
        .map(u128::to_be_bytes)
}

/// A digest of the agency, year and printed section 三 cells, when there are any to compare.
fn report_key(o: &FileOutcome) -> Option<[u8; 16]> {
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
    bytes.as_bytes()[..16].try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::Keys;

    /// Two keys whose low 64 bits (the hash) are equal stay apart: each finds its own original.
    #[test]
    fn keys_sharing_a_hash_are_told_apart() {
        let mut a = [7u8; 16];
        let mut b = [7u8; 16];
        a[15] = 1;
        b[15] = 2;
        let mut keys = Keys::default();
        keys.insert_new(a, 10);
        assert_eq!(keys.get(&b), None);
        keys.insert_new(b, 20);
        assert_eq!(keys.get(&a), Some(10));
        assert_eq!(keys.get(&b), Some(20));
        let mut c = a;
        c[0] = 8;
        assert_eq!(keys.get(&c), None);
    }

    /// Thousands of keys (the table grows and rehashes many times) are all found again.
    #[test]
    fn keys_survive_growth() {
        let mut keys = Keys::default();
        for n in 0..5_000u32 {
            let digest = blake3::hash(&n.to_le_bytes());
            let key: [u8; 16] = digest.as_bytes()[..16].try_into().unwrap();
            keys.insert_new(key, n);
        }
        for n in (0..5_000u32).step_by(7) {
            let digest = blake3::hash(&n.to_le_bytes());
            let key: [u8; 16] = digest.as_bytes()[..16].try_into().unwrap();
            assert_eq!(keys.get(&key), Some(n));
        }
    }
}
