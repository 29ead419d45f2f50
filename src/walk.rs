//! Walks the archive: every regular file under the root, in a deterministic order (sorted by
//! name at every level), hidden files and folders skipped, symbolic links not followed but
//! listed so that they are accounted for. Entries the walk cannot read become sources carrying
//! the error; nothing is dropped.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::model::Source;

/// Lists the sources under `root`, skipping the `exclude` folder (the output, when it sits inside
/// the archive).
///
/// # Errors
/// When the root itself cannot be read.
pub fn walk(root: &Path, exclude: Option<&Path>) -> std::io::Result<Vec<Source>> {
    std::fs::read_dir(root)?;
    let mut sources = Vec::new();
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || (!is_hidden(e.file_name()) && Some(e.path()) != exclude)
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => sources.push(Source {
                id: report_id(root, e.path()),
                path: e.path().to_path_buf(),
                bytes: e.metadata().map_or(0, |m| m.len()),
                walk_error: None,
            }),
            Ok(e) if e.path_is_symlink() => sources.push(Source {
                id: report_id(root, e.path()),
                path: e.path().to_path_buf(),
                bytes: 0,
                walk_error: Some("symbolic link: not followed".to_owned()),
            }),
            Ok(_) => {}
            Err(err) => {
                let path = err.path().map_or_else(|| root.to_path_buf(), PathBuf::from);
                sources.push(Source {
                    id: report_id(root, &path),
                    path,
                    bytes: 0,
                    walk_error: Some(format!(
                        "cannot be read: {}",
                        err.io_error()
                            .map_or_else(|| err.to_string(), ToString::to_string)
                    )),
                });
            }
        }
    }
    Ok(sources)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// The path relative to the root, '/'-separated.
pub fn report_id(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_hidden_skipped_symlinks_listed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/sub")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        for f in ["b/sub/2.txt", "a.txt", ".hidden", ".git/x", "b/1.txt"] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("a.txt"), root.join("c-link.txt")).unwrap();
        let ids: Vec<(String, bool)> = walk(root, None)
            .unwrap()
            .into_iter()
            .map(|s| (s.id, s.walk_error.is_some()))
            .collect();
        let expected = [
            ("a.txt", false),
            ("b/1.txt", false),
            ("b/sub/2.txt", false),
            ("c-link.txt", true),
        ];
        assert_eq!(ids, expected.map(|(a, b)| (a.to_owned(), b)));
    }

    #[test]
    fn missing_root_is_an_error() {
        assert!(walk(Path::new("no/such/archive"), None).is_err());
    }
}
