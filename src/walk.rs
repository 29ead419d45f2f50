//! Walks the archive lazily, one folder at a time, in a deterministic order: the entries of each
//! folder sorted by name, folders entered where they sort. Every entry becomes a [`Source`]:
//! regular files to read; hidden files and folders, symbolic links, special files (FIFOs,
//! sockets, devices) and entries that cannot be read carry why they are not read. Nothing is
//! dropped, and no file is opened here (a FIFO would block).
//!
//! Report ids are lossless and unique: a name that is not UTF-8 is decoded as GB18030 where that
//! is valid (archives unzipped from Windows), else its invalid bytes are escaped as `\xNN`; such
//! a source keeps its raw path bytes in hex ([`Source::raw_path`]). Two entries of one folder
//! that would get the same id are told apart by the raw bytes.

use std::ffi::{OsStr, OsString};
use std::fs::{self, FileType, Metadata};
use std::path::{Path, PathBuf};

use crate::model::{Listed, Source, Stamp};

/// Lazily lists the sources under a root, in order.
pub struct Walk {
    /// Folders being listed: the entries still to hand out, deepest last.
    stack: Vec<std::vec::IntoIter<Entry>>,
}

/// An entry of a folder, named and stat'ed, not yet handed out.
struct Entry {
    id: String,
    raw_path: Option<String>,
    path: PathBuf,
    listed: Listed,
    bytes: u64,
    stamp: Option<Stamp>,
    /// A folder to enter after handing out this entry (it is not itself a source).
    enter: bool,
}

impl Walk {
    /// Starts a walk of `root`.
    ///
    /// # Errors
    /// When the root itself cannot be listed.
    pub fn new(root: &Path) -> std::io::Result<Walk> {
        let entries = list(root, "", None)?;
        Ok(Walk {
            stack: vec![entries.into_iter()],
        })
    }
}

impl Iterator for Walk {
    type Item = Source;

    fn next(&mut self) -> Option<Source> {
        loop {
            let top = self.stack.last_mut()?;
            let Some(entry) = top.next() else {
                self.stack.pop();
                continue;
            };
            if entry.enter {
                match list(&entry.path, &entry.id, entry.raw_path.as_deref()) {
                    Ok(children) => {
                        self.stack.push(children.into_iter());
                        continue;
                    }
                    Err(e) => {
                        return Some(Source {
                            listed: Listed::Unreadable(format!("folder cannot be read: {e}")),
                            ..source(entry)
                        });
                    }
                }
            }
            return Some(source(entry));
        }
    }
}

/// The walk's order of two report ids: component by component, each by its text.
pub fn order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

fn source(e: Entry) -> Source {
    Source {
        id: e.id,
        raw_path: e.raw_path,
        path: e.path,
        bytes: e.bytes,
        stamp: e.stamp,
        listed: e.listed,
    }
}

/// Lists one folder: its entries named, classified and sorted.
fn list(dir: &Path, prefix: &str, raw_prefix: Option<&str>) -> std::io::Result<Vec<Entry>> {
    let mut named: Vec<(String, bool, OsString, PathBuf, std::io::Result<Metadata>)> = Vec::new();
    for item in fs::read_dir(dir)? {
        let (name, path, meta) = match item {
            Ok(item) => {
                let meta = item.path().symlink_metadata();
                (item.file_name(), item.path(), meta)
            }
            Err(e) => {
                // An entry the folder listing itself failed on: accounted for under the folder.
                let name = OsString::from(format!("(unreadable entry {})", named.len() + 1));
                (name, dir.to_path_buf(), Err(e))
            }
        };
        let (text, exact) = name_text(&name);
        named.push((text, exact, name, path, meta));
    }
    disambiguate(&mut named);
    named.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.2.cmp(&b.2)));
    Ok(named
        .into_iter()
        .map(|(text, exact, name, path, meta)| {
            let id = if prefix.is_empty() {
                text
            } else {
                format!("{prefix}/{text}")
            };
            let raw_path = if exact && raw_prefix.is_none() {
                None
            } else {
                let mut hex = raw_prefix.map_or_else(String::new, |p| format!("{p}2f"));
                hex.push_str(&to_hex(name_bytes(&name).as_ref()));
                Some(hex)
            };
            classify(id, raw_path, path, &name, meta)
        })
        .collect())
}

fn classify(
    id: String,
    raw_path: Option<String>,
    path: PathBuf,
    name: &OsStr,
    meta: std::io::Result<Metadata>,
) -> Entry {
    let hidden = name_bytes(name).first() == Some(&b'.');
    let (listed, bytes, stamp, enter) = match meta {
        Err(e) => (
            Listed::Unreadable(format!("cannot be read: {e}")),
            0,
            None,
            false,
        ),
        Ok(m) if m.is_dir() && hidden => (Listed::HiddenFolder, 0, None, false),
        Ok(m) if m.is_dir() => (Listed::File, 0, None, true),
        Ok(m) if m.file_type().is_symlink() => (Listed::Symlink, 0, None, false),
        Ok(m) if !m.is_file() => (Listed::Special(special_kind(m.file_type())), 0, None, false),
        Ok(m) if hidden => (Listed::HiddenFile, m.len(), None, false),
        Ok(m) => (Listed::File, m.len(), Some(stamp(&m)), false),
    };
    Entry {
        id,
        raw_path,
        path,
        listed,
        bytes,
        stamp,
        enter,
    }
}

#[cfg(unix)]
fn special_kind(ft: FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        "named pipe (FIFO)"
    } else if ft.is_socket() {
        "socket"
    } else if ft.is_block_device() {
        "block device"
    } else if ft.is_char_device() {
        "character device"
    } else {
        "special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: FileType) -> &'static str {
    "special file"
}

#[cfg(unix)]
fn stamp(m: &Metadata) -> Stamp {
    use std::os::unix::fs::MetadataExt;
    Stamp {
        mtime_ns: m.mtime() as i128 * 1_000_000_000 + i128::from(m.mtime_nsec()),
        ctime_ns: m.ctime() as i128 * 1_000_000_000 + i128::from(m.ctime_nsec()),
        inode: m.ino(),
        device: m.dev(),
    }
}

#[cfg(not(unix))]
fn stamp(m: &Metadata) -> Stamp {
    let ns = |t: std::io::Result<std::time::SystemTime>| {
        t.ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128)
    };
    Stamp {
        mtime_ns: ns(m.modified()),
        ctime_ns: ns(m.created()),
        inode: 0,
        device: 0,
    }
}

#[cfg(unix)]
fn name_bytes(name: &OsStr) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    std::borrow::Cow::Borrowed(name.as_bytes())
}

#[cfg(not(unix))]
fn name_bytes(name: &OsStr) -> std::borrow::Cow<'_, [u8]> {
    std::borrow::Cow::Owned(name.to_string_lossy().into_owned().into_bytes())
}

/// A name as text, and whether that text is exactly its bytes (valid UTF-8).
fn name_text(name: &OsStr) -> (String, bool) {
    let bytes = name_bytes(name);
    if let Ok(s) = std::str::from_utf8(&bytes) {
        return (s.to_owned(), true);
    }
    if let Some(s) =
        encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&bytes)
        && !s.contains('\0')
    {
        return (s.into_owned(), false);
    }
    (escape(&bytes), false)
}

/// The valid UTF-8 runs of `bytes` as they are, every other byte as `\xNN`.
pub fn escape(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// Gives every entry of one folder a distinct name: where two share one, those whose name is not
/// its own bytes are escaped byte for byte, and any left sharing one get `~2`, `~3` … in the
/// order of their raw bytes.
fn disambiguate<T, U>(named: &mut [(String, bool, OsString, T, U)]) {
    let mut counts = std::collections::HashMap::new();
    for n in named.iter() {
        *counts.entry(n.0.clone()).or_insert(0usize) += 1;
    }
    for n in named.iter_mut() {
        if counts[&n.0] > 1 && !n.1 {
            n.0 = escape(&name_bytes(&n.2));
        }
    }
    let mut order: Vec<usize> = (0..named.len()).collect();
    order.sort_by(|&a, &b| named[a].2.cmp(&named[b].2));
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for i in order {
        let n = seen.entry(named[i].0.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            named[i].0 = format!("{}~{n}", named[i].0);
        }
    }
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(root: &Path) -> Vec<(String, Listed)> {
        Walk::new(root).unwrap().map(|s| (s.id, s.listed)).collect()
    }

    #[test]
    fn sorted_folder_by_folder_with_every_entry_accounted_for() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/sub")).unwrap();
        fs::create_dir_all(root.join(".git")).unwrap();
        fs::create_dir_all(root.join("a-c")).unwrap();
        for f in [
            "b/sub/2.txt",
            "a.txt",
            ".hidden",
            ".git/x",
            "b/1.txt",
            "a-c/3.txt",
        ] {
            fs::write(root.join(f), "x").unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("a.txt"), root.join("c-link.txt")).unwrap();
        let expected = [
            (".git", Listed::HiddenFolder),
            (".hidden", Listed::HiddenFile),
            ("a-c/3.txt", Listed::File),
            ("a.txt", Listed::File),
            ("b/1.txt", Listed::File),
            ("b/sub/2.txt", Listed::File),
            ("c-link.txt", Listed::Symlink),
        ];
        assert_eq!(ids(root), expected.map(|(a, b)| (a.to_owned(), b)));
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_get_distinct_lossless_ids() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // GBK 报告.txt, two names invalid in both UTF-8 and GB18030, and a folder in GBK.
        let gbk = b"\xb1\xa8\xb8\xe6.txt";
        for name in [&gbk[..], b"n_\xff.txt", b"n_\xfe.txt"] {
            fs::write(root.join(OsStr::from_bytes(name)), "x").unwrap();
        }
        fs::create_dir(root.join(OsStr::from_bytes(b"\xc4\xea"))).unwrap(); // 年
        fs::write(root.join(OsStr::from_bytes(b"\xc4\xea/a.txt")), "x").unwrap();
        let sources: Vec<Source> = Walk::new(root).unwrap().collect();
        let got: Vec<(&str, Option<&str>)> = sources
            .iter()
            .map(|s| (s.id.as_str(), s.raw_path.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("n_\\xfe.txt", Some("6e5ffe2e747874")),
                ("n_\\xff.txt", Some("6e5fff2e747874")),
                ("年/a.txt", Some("c4ea2f612e747874")),
                ("报告.txt", Some("b1a8b8e62e747874")),
            ]
        );
        // The path to read is the real one.
        assert!(sources.iter().all(|s| s.path.is_file()));
    }

    #[cfg(unix)]
    #[test]
    fn a_gbk_name_equal_to_a_utf8_one_is_told_apart() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("报告.txt"), "x").unwrap();
        fs::write(
            dir.path().join(OsStr::from_bytes(b"\xb1\xa8\xb8\xe6.txt")),
            "x",
        )
        .unwrap();
        let got: Vec<String> = Walk::new(dir.path()).unwrap().map(|s| s.id).collect();
        assert_eq!(got, ["\\xb1\\xa8\\xb8\\xe6.txt", "报告.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn fifos_are_listed_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !status.is_ok_and(|s| s.success()) {
            return; // no mkfifo here
        }
        assert_eq!(
            ids(dir.path()),
            [("pipe.txt".to_owned(), Listed::Special("named pipe (FIFO)"))]
        );
    }

    #[test]
    fn ids_are_ordered_folder_by_folder() {
        use std::cmp::Ordering::*;
        assert_eq!(order("a/b", "a-c"), Less);
        assert_eq!("a/b".cmp("a-c"), Greater);
        assert_eq!(order("a", "a/b"), Less);
        assert_eq!(order("b/1.txt", "b/sub/2.txt"), Less);
        assert_eq!(order("x.txt", "x.txt"), Equal);
    }

    #[test]
    fn missing_root_is_an_error() {
        assert!(Walk::new(Path::new("no/such/archive")).is_err());
    }
}
