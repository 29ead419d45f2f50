//! manifest.json: what an output folder holds (every file with its size and blake3 digest), the
//! counts and versions of the run that wrote it, sealed with a keyed digest of its own content so
//! that ogi recognises a folder it wrote by what the manifest says, never by its name alone.
//! Also the writer that digests a file while it is written.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The manifest's file name.
pub const MANIFEST: &str = "manifest.json";

/// This layout of the output folder.
pub const LAYOUT: u32 = 2;

/// The context string the seal's key is derived from (blake3 `derive_key`).
const SEAL_CONTEXT: &str = "ogi 2026-12 output manifest seal v2";

/// One file of the output folder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Size in bytes.
    pub bytes: u64,
    /// blake3 hex digest.
    pub blake3: String,
}

/// Files per status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Entries found under the archive.
    pub files: u64,
    /// Status ok.
    pub ok: u64,
    /// Status partial.
    pub partial: u64,
    /// Status failed.
    pub failed: u64,
    /// Status skipped.
    pub skipped: u64,
}

/// The manifest of an output folder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always "ogi".
    pub tool: String,
    /// [`LAYOUT`].
    pub layout: u32,
    /// The extractor version (reports.parser_version).
    pub parser_version: String,
    /// What the extraction cache is valid for (parser build and options).
    pub cache_key: String,
    /// When the run finished, RFC 3339 UTC.
    pub written: String,
    /// Where the tables are documented.
    pub schema: String,
    /// Files per status.
    pub counts: Counts,
    /// The Parquet tables, in docs/SCHEMA.md order.
    pub tables: Vec<String>,
    /// Every file of the folder but this one, by '/'-separated relative path.
    pub files: BTreeMap<String, FileEntry>,
    /// Keyed blake3 of this manifest with `seal` empty.
    pub seal: String,
}

impl Manifest {
    /// Seals the manifest and renders it.
    pub fn render(&mut self) -> String {
        self.seal = String::new();
        self.seal = seal_of(&self.body());
        self.body()
    }

    fn body(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

fn seal_of(body: &str) -> String {
    let key = blake3::derive_key(SEAL_CONTEXT, b"");
    blake3::keyed_hash(&key, body.as_bytes())
        .to_hex()
        .to_string()
}

/// What a folder's manifest says of it.
#[derive(Debug)]
pub enum Found {
    /// No manifest.json.
    None,
    /// A manifest ogi wrote, its seal intact.
    Sealed(Box<Manifest>),
    /// A manifest of the first output layout (no seal): the tables it lists.
    Legacy(Vec<String>),
    /// A manifest.json ogi did not write (or one that was edited).
    Foreign,
}

/// Reads and checks the manifest of `dir`.
pub fn read(dir: &Path) -> Found {
    let Ok(text) = std::fs::read_to_string(dir.join(MANIFEST)) else {
        return if dir.join(MANIFEST).exists() {
            Found::Foreign
        } else {
            Found::None
        };
    };
    if let Ok(mut m) = serde_json::from_str::<Manifest>(&text) {
        let seal = std::mem::take(&mut m.seal);
        if m.tool == "ogi" && seal_of(&m.body()) == seal {
            m.seal = seal;
            return Found::Sealed(Box::new(m));
        }
        return Found::Foreign;
    }
    legacy(&text).map_or(Found::Foreign, Found::Legacy)
}

/// The tables listed by a manifest of the first layout (`{"tool": "ogi", "tables": [...]}`).
fn legacy(text: &str) -> Option<Vec<String>> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    if v.get("tool")?.as_str()? != "ogi" || v.get("seal").is_some() {
        return None;
    }
    v.get("tables")?
        .as_array()?
        .iter()
        .map(|t| {
            t.as_str()
                .filter(|t| t.ends_with(".parquet") && !t.contains('/'))
                .map(str::to_owned)
        })
        .collect()
}

/// A file being written, digested on the way (size and blake3), synced to disk when finished.
/// The digest is taken of the buffered blocks on their way to the file (64 KB, which blake3
/// hashes several chunks at a time), not of each small write.
pub struct DigestedFile {
    out: BufWriter<Digesting>,
}

/// The file under the buffer, digesting what reaches it.
struct Digesting {
    file: File,
    hasher: blake3::Hasher,
    bytes: u64,
}

impl Write for Digesting {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl DigestedFile {
    /// Creates the file.
    ///
    /// # Errors
    /// When it cannot be created.
    pub fn create(path: &Path) -> std::io::Result<Self> {
        Ok(DigestedFile {
            out: BufWriter::with_capacity(
                1 << 16,
                Digesting {
                    file: File::create(path)?,
                    hasher: blake3::Hasher::new(),
                    bytes: 0,
                },
            ),
        })
    }

    /// Flushes and syncs the file to disk; its entry for the manifest.
    ///
    /// # Errors
    /// When the data cannot be written out.
    pub fn finish(self) -> std::io::Result<FileEntry> {
        let inner = self.out.into_inner().map_err(|e| e.into_error())?;
        inner.file.sync_all()?;
        Ok(FileEntry {
            bytes: inner.bytes,
            blake3: inner.hasher.finalize().to_hex().to_string(),
        })
    }
}

impl Write for DigestedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.out.write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// The size and digest of a file on disk.
///
/// # Errors
/// When it cannot be read.
pub fn digest(path: &Path) -> std::io::Result<FileEntry> {
    let mut hasher = blake3::Hasher::new();
    let bytes = std::io::copy(&mut File::open(path)?, &mut hasher)?;
    Ok(FileEntry {
        bytes,
        blake3: hasher.finalize().to_hex().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        Manifest {
            tool: "ogi".into(),
            layout: LAYOUT,
            parser_version: "ogi-0.1.0".into(),
            cache_key: "k".into(),
            written: "2026-12-02T06:00:00Z".into(),
            schema: "docs/SCHEMA.md".into(),
            counts: Counts::default(),
            tables: vec!["reports.parquet".into()],
            files: BTreeMap::from([(
                "reports.parquet".into(),
                FileEntry {
                    bytes: 3,
                    blake3: "ab".into(),
                },
            )]),
            seal: String::new(),
        }
    }

    #[test]
    fn a_sealed_manifest_is_recognised_and_an_edited_or_empty_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = manifest();
        std::fs::write(dir.path().join(MANIFEST), m.render()).unwrap();
        assert!(matches!(read(dir.path()), Found::Sealed(r) if *r == m));
        let edited = m.render().replace("\"bytes\": 3", "\"bytes\": 4");
        std::fs::write(dir.path().join(MANIFEST), edited).unwrap();
        assert!(matches!(read(dir.path()), Found::Foreign));
        std::fs::write(dir.path().join(MANIFEST), "{}").unwrap();
        assert!(matches!(read(dir.path()), Found::Foreign));
        std::fs::remove_file(dir.path().join(MANIFEST)).unwrap();
        assert!(matches!(read(dir.path()), Found::None));
    }

    #[test]
    fn a_first_layout_manifest_lists_its_tables() {
        let dir = tempfile::tempdir().unwrap();
        let text = r#"{"tool": "ogi", "parser_version": "ogi-0.1.0", "files": 8,
            "tables": ["reports.parquet", "findings.parquet"]}"#;
        std::fs::write(dir.path().join(MANIFEST), text).unwrap();
        assert!(matches!(read(dir.path()),
            Found::Legacy(t) if t == ["reports.parquet", "findings.parquet"]));
        let sneaky = r#"{"tool": "ogi", "tables": ["../thesis.docx"]}"#;
        std::fs::write(dir.path().join(MANIFEST), sneaky).unwrap();
        assert!(matches!(read(dir.path()), Found::Foreign));
    }

    #[test]
    fn a_digested_file_knows_its_size_and_digest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x");
        let mut f = DigestedFile::create(&path).unwrap();
        f.write_all(b"abc").unwrap();
        let entry = f.finish().unwrap();
        assert_eq!(entry, digest(&path).unwrap());
        assert_eq!(entry.bytes, 3);
        assert_eq!(entry.blake3, blake3::hash(b"abc").to_hex().to_string());
    }
}
