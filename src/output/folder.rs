//! The output folder: which folder ogi may write into and what it may delete (only what it
//! wrote), the lock that keeps two runs on one folder apart, the staging folder a run writes
//! into, the journaled swap that puts it in place, and the recovery that, at the next run,
//! finishes or rolls back a swap a kill interrupted and removes the staging folders of dead runs.
//!
//! Beside an output folder `OUT` live, while a run needs them: `.OUT.ogi-lock` (the lock, kept),
//! `.OUT.ogi-tmp-PID` (a run's staging folder), `.OUT.ogi-new` (a complete output about to be
//! swapped in) and `.OUT.ogi-old` (the previous output being swapped out). The swap is: staging
//! complete and synced → renamed to `.ogi-new` → `OUT` renamed to `.ogi-old` → `.ogi-new` renamed to
//! `OUT` → `.ogi-old` removed, the parent folder synced after each rename. A kill at any point
//! leaves a state the next run recognises.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use super::manifest::{self, Found, MANIFEST};

/// The file inside a staging folder that marks it as one.
const STAGING_MARK: &str = ".ogi-staging";

/// The output folder cannot be used, with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    /// --out is the archive, inside it, or holds it.
    #[error(
        "--out '{out}' is {relation} the archive '{archive}'; the output must be outside the archive and must not hold it: choose another --out"
    )]
    Archive {
        /// The output folder.
        out: PathBuf,
        /// The archive.
        archive: PathBuf,
        /// "the same folder as", "inside", "a folder holding".
        relation: &'static str,
    },
    /// --out names no folder (`.`, `/`).
    #[error("--out '{0}' does not name a folder of its own; choose a folder such as data/out")]
    NoName(PathBuf),
    /// --out is a symbolic link.
    #[error(
        "--out '{0}' is a symbolic link; pass the folder it points to (ogi replaces the output folder as a whole)"
    )]
    Symlink(PathBuf),
    /// The folder holds files ogi did not write.
    #[error(
        "output folder '{out}' holds files ogi did not write ({entries}); ogi only writes into a folder that is empty, absent, or an earlier ogi output: choose another --out, or move those files away"
    )]
    Foreign {
        /// The output folder.
        out: PathBuf,
        /// A few of the entries, listed.
        entries: String,
    },
    /// Another run holds the lock.
    #[error(
        "another ogi run is writing '{out}' ({holder}); wait for it to finish, or choose another --out"
    )]
    Locked {
        /// The output folder.
        out: PathBuf,
        /// What the lock file says of its holder.
        holder: String,
    },
    /// A file system operation failed.
    #[error("cannot {what} '{path}': {source}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// On what.
        path: PathBuf,
        /// Why not.
        source: std::io::Error,
    },
}

fn io(what: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> FolderError {
    let path = path.to_path_buf();
    move |source| FolderError::Io { what, path, source }
}

/// An output folder this run holds the lock of.
#[derive(Debug)]
pub struct Folder {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    _lock: File,
    notes: Vec<String>,
}

/// A run's staging folder. Removed (only what ogi wrote in it) if the run fails before commit.
#[derive(Debug)]
pub struct Staging {
    path: PathBuf,
    committed: bool,
}

impl Staging {
    /// Where the run writes its files.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_own(&self.path);
        }
    }
}

impl Folder {
    /// Checks `out` against the archive, takes the lock, recovers from an interrupted run, and
    /// checks that the folder is empty, absent or ogi's own. A folder that is refused is left
    /// untouched.
    ///
    /// # Errors
    /// [`FolderError`] saying why the folder cannot be used.
    pub fn open(out: &Path, archive: &Path) -> Result<Folder, FolderError> {
        let (parent, name) = resolve(out)?;
        let abs = parent.join(&name);
        let archive = archive.canonicalize().map_err(io("read", archive))?;
        let relation = if abs == archive {
            Some("the same folder as")
        } else if abs.starts_with(&archive) {
            Some("inside")
        } else if archive.starts_with(&abs) {
            Some("a folder holding")
        } else {
            None
        };
        if let Some(relation) = relation {
            return Err(FolderError::Archive {
                out: out.to_path_buf(),
                archive,
                relation,
            });
        }
        let folder = |suffix: &str| parent.join(format!(".{name}.{suffix}"));
        // Refuse a foreign folder before anything is written beside it.
        let swapping = folder("ogi-new").exists() || folder("ogi-old").exists();
        if !swapping {
            check_own(out, &abs)?;
        }
        fs::create_dir_all(&parent).map_err(io("create", &parent))?;
        let lock = lock(&folder("ogi-lock"), out)?;
        let mut this = Folder {
            out: abs.clone(),
            parent,
            name,
            _lock: lock,
            notes: Vec::new(),
        };
        this.recover()?;
        check_own(out, &abs)?;
        Ok(this)
    }

    /// The output folder (absolute).
    pub fn path(&self) -> &Path {
        &self.out
    }

    /// What recovery did, for the user.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    fn sibling(&self, suffix: &str) -> PathBuf {
        self.parent.join(format!(".{}.{suffix}", self.name))
    }

    /// Creates this run's staging folder.
    ///
    /// # Errors
    /// When it cannot be created.
    pub fn stage(&self) -> Result<Staging, FolderError> {
        let path = self.sibling(&format!("ogi-tmp-{}", std::process::id()));
        if path.exists() {
            remove_own(&path).map_err(io("remove", &path))?;
        }
        fs::create_dir(&path).map_err(io("create", &path))?;
        let mark = path.join(STAGING_MARK);
        fs::write(
            &mark,
            format!("ogi staging folder of pid {}\n", std::process::id()),
        )
        .map_err(io("write", &mark))?;
        Ok(Staging {
            path,
            committed: false,
        })
    }

    /// Puts a complete staging folder (its manifest written) in place of the output.
    ///
    /// # Errors
    /// When a rename fails; the state left is one the next run recovers from.
    pub fn commit(&self, mut staging: Staging) -> Result<(), FolderError> {
        let tmp = staging.path.clone();
        let mark = tmp.join(STAGING_MARK);
        fs::remove_file(&mark).map_err(io("remove", &mark))?;
        sync_dir(&tmp).map_err(io("sync", &tmp))?;
        let new = self.sibling("ogi-new");
        fs::rename(&tmp, &new).map_err(io("rename", &tmp))?;
        staging.committed = true;
        sync_dir(&self.parent).map_err(io("sync", &self.parent))?;
        self.swap_in(&new)
    }

    /// From a complete `.ogi-new`: the output out, the new one in, the old one removed.
    fn swap_in(&self, new: &Path) -> Result<(), FolderError> {
        let old = self.sibling("ogi-old");
        if self.out.exists() {
            if old.exists() {
                remove_own(&old).map_err(io("remove", &old))?;
            }
            fs::rename(&self.out, &old).map_err(io("rename", &self.out))?;
            sync_dir(&self.parent).map_err(io("sync", &self.parent))?;
        }
        fs::rename(new, &self.out).map_err(io("rename", new))?;
        sync_dir(&self.parent).map_err(io("sync", &self.parent))?;
        if old.exists() {
            remove_own(&old).map_err(io("remove", &old))?;
        }
        Ok(())
    }

    /// Finishes or rolls back an interrupted swap and removes the staging folders of dead runs
    /// (this run holds the lock, so no other run is alive on this folder).
    fn recover(&mut self) -> Result<(), FolderError> {
        let prefix = format!(".{}.ogi-tmp-", self.name);
        let stale: Vec<PathBuf> = fs::read_dir(&self.parent)
            .map_err(io("list", &self.parent))?
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with(&prefix))
            })
            .map(|e| e.path())
            .collect();
        for tmp in stale {
            let left = remove_own(&tmp).map_err(io("remove", &tmp))?;
            self.notes.push(if left.is_empty() {
                format!(
                    "removed the staging folder of an interrupted run ({})",
                    tmp.display()
                )
            } else {
                format!(
                    "left {} in place: it holds files ogi did not write ({})",
                    tmp.display(),
                    left.join(", ")
                )
            });
        }
        let new = self.sibling("ogi-new");
        let old = self.sibling("ogi-old");
        if new.exists() {
            if matches!(manifest::read(&new), Found::Sealed(_)) {
                self.swap_in(&new)?;
                self.notes.push(format!(
                    "finished putting in place the output of an interrupted run ({})",
                    self.out.display()
                ));
            } else {
                remove_own(&new).map_err(io("remove", &new))?;
                self.notes
                    .push("removed an incomplete output of an interrupted run".to_owned());
            }
        } else if old.exists() {
            if self.out.exists() {
                remove_own(&old).map_err(io("remove", &old))?;
            } else {
                fs::rename(&old, &self.out).map_err(io("rename", &old))?;
                sync_dir(&self.parent).map_err(io("sync", &self.parent))?;
                self.notes.push(format!(
                    "restored the previous output an interrupted run had moved aside ({})",
                    self.out.display()
                ));
            }
        }
        Ok(())
    }
}

/// The parent (canonical) and name of `out`, which need not exist yet.
fn resolve(out: &Path) -> Result<(PathBuf, String), FolderError> {
    if fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(FolderError::Symlink(out.to_path_buf()));
    }
    let abs = std::path::absolute(out).map_err(io("resolve", out))?;
    let name = abs
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| *n != "..")
        .ok_or_else(|| FolderError::NoName(out.to_path_buf()))?
        .to_owned();
    let parent = abs.parent().unwrap_or(Path::new("/"));
    // Canonicalise the deepest part that exists; the rest is created later.
    let mut existing = parent.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(n), Some(p)) => {
                rest.push(n.to_owned());
                existing = p.to_path_buf();
            }
            _ => break,
        }
    }
    let mut parent = existing.canonicalize().map_err(io("resolve", &existing))?;
    for part in rest.into_iter().rev() {
        parent.push(part);
    }
    Ok((parent, name))
}

/// Refuses a folder that is not empty, absent, or ogi's own.
fn check_own(out: &Path, abs: &Path) -> Result<(), FolderError> {
    let foreign = foreign_entries(abs).map_err(io("read", abs))?;
    if foreign.is_empty() {
        return Ok(());
    }
    let mut entries = foreign
        .iter()
        .take(5)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if foreign.len() > 5 {
        entries.push_str(&format!(" and {} more", foreign.len() - 5));
    }
    Err(FolderError::Foreign {
        out: out.to_path_buf(),
        entries,
    })
}

/// The entries of `dir` ogi did not write ('/'-separated relative paths); none for a missing or
/// empty folder.
fn foreign_entries(dir: &Path) -> std::io::Result<Vec<String>> {
    let meta = match fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    if !meta.is_dir() {
        return Ok(vec!["(it is a file, not a folder)".to_owned()]);
    }
    let own = own_files(dir);
    let mut foreign = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((at, prefix)) = stack.pop() {
        for entry in fs::read_dir(&at)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{prefix}{name}");
            let ft = entry.file_type()?;
            if ft.is_dir() && own.iter().any(|o| o.starts_with(&format!("{rel}/"))) {
                stack.push((entry.path(), format!("{rel}/")));
            } else if !(ft.is_file() && own.contains(&rel)) {
                foreign.push(rel);
            }
        }
    }
    foreign.sort();
    Ok(foreign)
}

/// The files of `dir` that ogi wrote, by what its manifest says.
fn own_files(dir: &Path) -> Vec<String> {
    let mut own = match manifest::read(dir) {
        Found::Sealed(m) => m.files.keys().cloned().collect(),
        Found::Legacy(tables) => tables,
        Found::None | Found::Foreign => return Vec::new(),
    };
    own.push(MANIFEST.to_owned());
    own
}

/// Removes what ogi wrote in `dir` (the files its manifest lists, or a staging folder's files
/// ogi names), then the folder if nothing else is left. Returns what was left.
fn remove_own(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut own = own_files(dir);
    if dir.join(STAGING_MARK).is_file() {
        own.extend(super::STAGED_FILES.iter().map(|s| (*s).to_owned()));
        own.push(STAGING_MARK.to_owned());
    }
    // The manifest last, so that a kill midway leaves a folder still recognised as ogi's.
    own.sort_by_key(|f| (f == MANIFEST || f == STAGING_MARK, f.clone()));
    for rel in &own {
        match fs::remove_file(dir.join(rel)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    let mut dirs: Vec<&str> = own
        .iter()
        .filter_map(|f| f.rsplit_once('/').map(|(d, _)| d))
        .collect();
    dirs.sort_by_key(|d| std::cmp::Reverse(d.len()));
    for d in dirs {
        let _ = fs::remove_dir(dir.join(d));
    }
    let left = foreign_entries(dir).unwrap_or_default();
    if left.is_empty() {
        match fs::remove_dir(dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                let rest: Vec<String> = fs::read_dir(dir)?
                    .filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect();
                return if rest.is_empty() { Err(e) } else { Ok(rest) };
            }
            _ => {}
        }
    }
    Ok(left)
}

/// Takes the run lock (released by the system when the process ends, however it ends).
fn lock(path: &Path, out: &Path) -> Result<File, FolderError> {
    use std::io::{Read, Seek, Write};
    let mut file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(io("create the lock file", path))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = holder.trim();
            return Err(FolderError::Locked {
                out: out.to_path_buf(),
                holder: if holder.is_empty() {
                    "its lock file is held".to_owned()
                } else {
                    holder.to_owned()
                },
            });
        }
        Err(fs::TryLockError::Error(e)) => return Err(io("lock", path)(e)),
    }
    let started = humantime::format_rfc3339_seconds(std::time::SystemTime::now());
    let _ = file.set_len(0);
    let _ = file.rewind();
    let _ = write!(file, "pid {}, started {started}", std::process::id());
    Ok(file)
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_next_to_the_archive_is_fine_and_one_around_it_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("a/archive");
        fs::create_dir_all(&archive).unwrap();
        assert!(Folder::open(&dir.path().join("a/out"), &archive).is_ok());
        for (out, relation) in [
            (archive.clone(), "the same folder as"),
            (archive.join("out"), "inside"),
            (dir.path().join("a"), "a folder holding"),
        ] {
            let err = Folder::open(&out, &archive).unwrap_err();
            assert!(
                matches!(&err, FolderError::Archive { relation: r, .. } if *r == relation),
                "{err}"
            );
        }
        assert!(!dir.path().join("a/.archive.ogi-lock").exists());
    }

    #[test]
    fn a_second_run_on_a_locked_folder_is_refused_with_its_holder() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("archive");
        fs::create_dir(&archive).unwrap();
        let first = Folder::open(&dir.path().join("out"), &archive).unwrap();
        let err = Folder::open(&dir.path().join("out"), &archive).unwrap_err();
        let pid = format!("pid {}", std::process::id());
        assert!(matches!(&err, FolderError::Locked { holder, .. } if holder.starts_with(&pid)));
        drop(first);
        assert!(Folder::open(&dir.path().join("out"), &archive).is_ok());
    }
}
