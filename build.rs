//! Build script: a digest of everything that decides how reports are read (the sources, the
//! embedded gazetteer, the locked dependencies), as `OGI_SOURCE_DIGEST`. The extraction cache of
//! incremental runs is valid for one digest, so any change to the parser rereads every file.

use std::path::Path;

fn main() {
    let mut digest = Fnv::default();
    for part in ["src", "data/gazetteer", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={part}");
        feed(Path::new(part), &mut digest);
    }
    println!(
        "cargo:rustc-env=OGI_SOURCE_DIGEST={:016x}{:016x}",
        digest.a, digest.b
    );
}

/// Feeds a file, or a folder's files in name order, with their paths.
fn feed(path: &Path, digest: &mut Fnv) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries {
            feed(&e, digest);
        }
    } else if let Ok(bytes) = std::fs::read(path) {
        digest.update(path.to_string_lossy().as_bytes());
        digest.update(&bytes);
    }
}

/// Two 64-bit FNV-1a digests with different offsets (a build fingerprint, not a security measure).
struct Fnv {
    a: u64,
    b: u64,
}

impl Default for Fnv {
    fn default() -> Self {
        Fnv {
            a: 0xcbf2_9ce4_8422_2325,
            b: 0x6c62_272e_07bb_0142,
        }
    }
}

impl Fnv {
    fn update(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.a = (self.a ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            self.b = (self.b ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
