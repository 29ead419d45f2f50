//! The extraction cache of incremental runs, kept in the output folder (`cache/`): one record per
//! file read (its outcome, without what depends on other files or on its name, bincode then
//! zstd, with a checksum), and an index in walk order (id, size, on-disk stamp, content digest,
//! where the record is). A run reuses a file's record when its stamp shows the file untouched,
//! or when its bytes hash to a cached digest (a file renamed or copied reuses it too); every
//! other file is read again. The cache is valid for one cache key (the parser's build and the
//! run's options): another key, or a cache that fails its checks, is never used.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::manifest::{self, DigestedFile, FileEntry};
use crate::model::{FileOutcome, Stamp, Status};

/// The index file, relative to the output folder.
pub const INDEX: &str = "cache/index.bin";
/// The index entries while they are written (staging folders only).
pub const ENTRIES: &str = "cache/index.entries";
/// The records file, relative to the output folder.
pub const RECORDS: &str = "cache/records.bin";

const MAGIC: &[u8; 8] = b"OGICACH1";
/// A record larger than this is damage, not a record.
const MAX_RECORD: usize = 64 << 20;
/// Files whose on-disk stamp is this close to the previous run's start are hashed anyway: they
/// may have changed again within the timestamps' resolution.
const RACY_NS: i128 = 2_000_000_000;

fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<MAX_RECORD>()
}

/// Where a file's record is in the records file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordAt {
    offset: u64,
    len: u32,
    check: u64,
}

/// What the index knows of one source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Its report_id.
    pub id: String,
    /// Size when read.
    pub bytes: u64,
    /// On-disk stamp when read: (mtime, ctime, inode, device).
    pub stamp: Option<(i128, i128, u64, u64)>,
    /// blake3 of the bytes, where they were read.
    pub hash: Option<[u8; 32]>,
    /// Its record, where it was cached.
    pub record: Option<RecordAt>,
}

impl Entry {
    /// The content digest as written to reports.content_hash.
    pub fn hash_hex(&self) -> Option<String> {
        self.hash
            .map(|h| blake3::Hash::from_bytes(h).to_hex().to_string())
    }
}

fn stamp_tuple(s: &Stamp) -> (i128, i128, u64, u64) {
    (s.mtime_ns, s.ctime_ns, s.inode, s.device)
}

/// The index's header.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    key: String,
    /// When the run that wrote the cache started, ns since the epoch.
    started_ns: i128,
    entries: u64,
}

/// Why the previous cache is not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unused {
    /// No earlier output, or an earlier one without a cache.
    Absent,
    /// `--full`.
    Full,
    /// Written for another parser build or other options.
    OtherKey,
    /// It failed a check (the reason).
    Damaged(String),
}

/// The cache of the previous run, opened for reading.
pub struct Previous {
    records: File,
    index: PathBuf,
    header: Header,
    /// (first 128 bits of the digest, record) of every cached record, sorted by digest.
    by_hash: Vec<([u8; 16], RecordAt)>,
}

impl Previous {
    /// Opens the cache in the previous output folder `dir`, checking it against the manifest
    /// that listed it; `Err` says why it is not used.
    ///
    /// # Errors
    /// [`Unused`] when there is no usable cache.
    pub fn open(
        dir: &Path,
        listed: &std::collections::BTreeMap<String, FileEntry>,
        key: &str,
    ) -> Result<Previous, Unused> {
        let (Some(index_entry), Some(records_entry)) = (listed.get(INDEX), listed.get(RECORDS))
        else {
            return Err(Unused::Absent);
        };
        let damaged = |why: &str| Unused::Damaged(why.to_owned());
        let index = dir.join(INDEX);
        if manifest::digest(&index).ok().as_ref() != Some(index_entry) {
            return Err(damaged("the cache index does not match the manifest"));
        }
        let records = File::open(dir.join(RECORDS)).map_err(|e| Unused::Damaged(e.to_string()))?;
        if records.metadata().map(|m| m.len()).ok() != Some(records_entry.bytes) {
            return Err(damaged("the cache records do not match the manifest"));
        }
        let mut reader = IndexReader::open(&index).map_err(|e| Unused::Damaged(e.to_string()))?;
        if reader.header.key != key {
            return Err(Unused::OtherKey);
        }
        let mut by_hash = Vec::new();
        let mut last: Option<String> = None;
        for entry in &mut reader {
            let entry = entry.map_err(|e| Unused::Damaged(e.to_string()))?;
            if last
                .as_deref()
                .is_some_and(|l| crate::walk::order(l, &entry.id).is_ge())
            {
                return Err(damaged("the cache index is out of order"));
            }
            if let (Some(h), Some(r)) = (entry.hash, entry.record) {
                if r.offset + u64::from(r.len) > records_entry.bytes {
                    return Err(damaged("a cache record lies outside the records file"));
                }
                by_hash.push((h[..16].try_into().unwrap_or_default(), r));
            }
            last = Some(entry.id);
        }
        if reader.read != reader.header.entries {
            return Err(damaged("the cache index is cut short"));
        }
        by_hash.sort_unstable_by_key(|(h, _)| *h);
        by_hash.dedup_by_key(|(h, _)| *h);
        Ok(Previous {
            records,
            index,
            header: reader.header,
            by_hash,
        })
    }

    /// The index entries again, in walk order, for merging with the walk.
    ///
    /// # Errors
    /// When the index cannot be read again.
    pub fn entries(&self) -> std::io::Result<IndexReader> {
        IndexReader::open(&self.index)
    }

    /// True when `stamp` and `bytes` show that the file is the one the entry describes, untouched
    /// since well before the previous run started.
    pub fn untouched(&self, entry: &Entry, bytes: u64, stamp: Option<&Stamp>) -> bool {
        let (Some(old), Some(new)) = (entry.stamp, stamp) else {
            return false;
        };
        entry.record.is_some()
            && entry.bytes == bytes
            && old == stamp_tuple(new)
            && new.mtime_ns < self.header.started_ns - RACY_NS
            && new.ctime_ns < self.header.started_ns - RACY_NS
    }

    /// A cached record of bytes with this digest, if any.
    pub fn find(&self, hash: &blake3::Hash) -> Option<RecordAt> {
        let key: [u8; 16] = hash.as_bytes()[..16].try_into().ok()?;
        let i = self.by_hash.binary_search_by_key(&key, |(h, _)| *h).ok()?;
        Some(self.by_hash[i].1)
    }

    /// Reads a record: its compressed bytes (to copy into the new cache) and the outcome.
    ///
    /// # Errors
    /// When the record cannot be read or fails its checksum.
    pub fn load(&self, at: RecordAt) -> std::io::Result<Record> {
        let mut bytes = vec![0; at.len as usize];
        read_at(&self.records, &mut bytes, at.offset)?;
        if check(&bytes) != at.check {
            return Err(std::io::Error::other("a cache record fails its checksum"));
        }
        Ok(Record { bytes })
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(not(unix))]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::io::Seek;
    let mut f = file.try_clone()?;
    f.seek(std::io::SeekFrom::Start(offset))?;
    f.read_exact(buf)
}

fn check(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(
        blake3::hash(bytes).as_bytes()[..8]
            .try_into()
            .unwrap_or_default(),
    )
}

type Contexts = (
    Option<Option<zstd::bulk::Compressor<'static>>>,
    Option<Option<zstd::bulk::Decompressor<'static>>>,
);

thread_local! {
    /// Each thread's zstd contexts, made once (making one costs more than a record).
    static ZSTD: std::cell::RefCell<Contexts> = const { std::cell::RefCell::new((None, None)) };
}

/// A file's cached outcome, compressed.
#[derive(Clone, Debug)]
pub struct Record {
    bytes: Vec<u8>,
}

impl Record {
    /// Caches an outcome, when it is one to keep (a file read whose outcome depends only on its
    /// bytes: not a failure, which is tried again next run).
    pub fn of(outcome: &FileOutcome) -> Option<Record> {
        if outcome.record.content_hash.is_empty() || outcome.status() == Status::Failed {
            return None;
        }
        let mut o = outcome.clone();
        o.record.report_id = String::new();
        o.record.raw_path = None;
        o.record.duplicate_of = None;
        let plain = bincode::serde::encode_to_vec(&o, config()).ok()?;
        let bytes = ZSTD.with_borrow_mut(|z| {
            let c =
                z.0.get_or_insert_with(|| zstd::bulk::Compressor::new(1).ok());
            c.as_mut()?.compress(&plain).ok()
        })?;
        Some(Record { bytes })
    }

    /// The outcome, under the id (and raw path) of the source it now stands for.
    ///
    /// # Errors
    /// When the record does not decode.
    pub fn outcome(&self, id: &str, raw_path: Option<&str>) -> std::io::Result<FileOutcome> {
        // The frame says its size: decompressing into the most a record may be would allocate
        // (and map, and unmap) 64 MB for every record reused.
        let size = zstd::zstd_safe::get_frame_content_size(&self.bytes)
            .ok()
            .flatten()
            .filter(|&n| n <= MAX_RECORD as u64)
            .ok_or_else(|| std::io::Error::other("a cache record does not say its size"))?;
        let plain = ZSTD.with_borrow_mut(|z| {
            let d =
                z.1.get_or_insert_with(|| zstd::bulk::Decompressor::new().ok());
            match d.as_mut() {
                Some(d) => d.decompress(&self.bytes, size as usize),
                None => zstd::bulk::decompress(&self.bytes, size as usize),
            }
        })?;
        let (mut o, _): (FileOutcome, usize) =
            bincode::serde::decode_from_slice(&plain, config()).map_err(std::io::Error::other)?;
        o.record.report_id = id.to_owned();
        o.record.raw_path = raw_path.map(str::to_owned);
        Ok(o)
    }
}

/// Reads the index entries one by one.
pub struct IndexReader {
    file: BufReader<File>,
    header: Header,
    read: u64,
}

impl IndexReader {
    /// Opens the index of the output folder `dir` after checking it against the manifest's
    /// entry for it.
    ///
    /// # Errors
    /// When it cannot be read or does not match.
    pub fn open_checked(
        dir: &Path,
        listed: &std::collections::BTreeMap<String, FileEntry>,
    ) -> std::io::Result<IndexReader> {
        let path = dir.join(INDEX);
        if manifest::digest(&path).ok().as_ref() != listed.get(INDEX) {
            return Err(std::io::Error::other("it does not match the manifest"));
        }
        IndexReader::open(&path)
    }

    fn open(path: &Path) -> std::io::Result<IndexReader> {
        let mut file = BufReader::new(File::open(path)?);
        let mut magic = [0; 8];
        file.read_exact(&mut magic)?;
        if &magic != MAGIC {
            return Err(std::io::Error::other("not an ogi cache index"));
        }
        let header: Header = bincode::serde::decode_from_std_read(&mut file, config())
            .map_err(std::io::Error::other)?;
        Ok(IndexReader {
            file,
            header,
            read: 0,
        })
    }
}

impl Iterator for IndexReader {
    type Item = std::io::Result<Entry>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.read == self.header.entries {
            return None;
        }
        self.read += 1;
        Some(
            bincode::serde::decode_from_std_read(&mut self.file, config())
                .map_err(std::io::Error::other),
        )
    }
}

/// Writes the new cache, entry by entry in walk order.
pub struct Writer {
    index_tmp: PathBuf,
    index: BufWriter<File>,
    records: DigestedFile,
    offset: u64,
    entries: u64,
    key: String,
    started_ns: i128,
    dir: PathBuf,
}

impl Writer {
    /// Creates the cache files in the staging folder `dir`.
    ///
    /// # Errors
    /// When they cannot be created.
    pub fn create(dir: &Path, key: &str, started_ns: i128) -> std::io::Result<Writer> {
        std::fs::create_dir_all(dir.join("cache"))?;
        // Entries first go to a scratch file: the header, written first, counts them.
        let index_tmp = dir.join(ENTRIES);
        let mut records = DigestedFile::create(&dir.join(RECORDS))?;
        records.write_all(MAGIC)?;
        Ok(Writer {
            index: BufWriter::new(File::create(&index_tmp)?),
            index_tmp,
            records,
            offset: MAGIC.len() as u64,
            entries: 0,
            key: key.to_owned(),
            started_ns,
            dir: dir.to_path_buf(),
        })
    }

    /// Adds a source: its stamp and digest, and its record where there is one.
    ///
    /// # Errors
    /// When the cache cannot be written.
    pub fn push(
        &mut self,
        id: &str,
        bytes: u64,
        stamp: Option<&Stamp>,
        hash: Option<[u8; 32]>,
        record: Option<&Record>,
    ) -> std::io::Result<()> {
        let record = match record {
            Some(r) => {
                self.records.write_all(&r.bytes)?;
                let at = RecordAt {
                    offset: self.offset,
                    len: r.bytes.len() as u32,
                    check: check(&r.bytes),
                };
                self.offset += r.bytes.len() as u64;
                Some(at)
            }
            None => None,
        };
        let entry = Entry {
            id: id.to_owned(),
            bytes,
            stamp: stamp.map(stamp_tuple),
            hash,
            record,
        };
        bincode::serde::encode_into_std_write(&entry, &mut self.index, config())
            .map_err(std::io::Error::other)?;
        self.entries += 1;
        Ok(())
    }

    /// Closes the cache files; their entries for the manifest.
    ///
    /// # Errors
    /// When the cache cannot be written out.
    pub fn finish(self) -> std::io::Result<Vec<(String, FileEntry)>> {
        let records = self.records.finish()?;
        drop(self.index.into_inner().map_err(|e| e.into_error())?);
        let mut index = DigestedFile::create(&self.dir.join(INDEX))?;
        index.write_all(MAGIC)?;
        let header = Header {
            key: self.key,
            started_ns: self.started_ns,
            entries: self.entries,
        };
        bincode::serde::encode_into_std_write(&header, &mut index, config())
            .map_err(std::io::Error::other)?;
        std::io::copy(&mut File::open(&self.index_tmp)?, &mut index)?;
        let index = index.finish()?;
        std::fs::remove_file(&self.index_tmp)?;
        Ok(vec![
            (INDEX.to_owned(), index),
            (RECORDS.to_owned(), records),
        ])
    }
}
