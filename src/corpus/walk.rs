//! Finding article files under corpus roots: recursive, symlinks followed (loops detected by the
//! canonical paths of the folders being walked), an explicit stack instead of recursion, and a
//! sort at the end so the order never depends on the file system.

use super::{EXTENSIONS, FileRef};
use crate::Diagnostic;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// A file found, before ids are assigned.
struct Found {
    path: PathBuf,
    /// The relative path (lossy UTF-8, `/`-separated) without the extension: the plain id.
    plain: String,
    ext: &'static str,
    root: usize,
    size: u64,
    /// [`sort_key`] of `path`.
    key: Vec<u8>,
}

/// Bytes that order as `Path` orders (component by component), so the sort compares with
/// `memcmp`: comparing `Path`s splits both into components at every comparison, which made the
/// sort most of the time of discovering 10,000 files. Each component is a tag byte in the order of
/// `Component`'s variants and, for a name, its bytes and a 0 that no name holds; the encoding is
/// prefix-free, so equal keys mean equal paths. (A Windows prefix is ordered by its bytes, which
/// may differ from `Path` between drives; nothing else changes.)
fn sort_key(path: &Path) -> Vec<u8> {
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    for c in path.components() {
        let (tag, name) = match c {
            Component::Prefix(p) => (0, Some(p.as_os_str())),
            Component::RootDir => (1, None),
            Component::CurDir => (2, None),
            Component::ParentDir => (3, None),
            Component::Normal(n) => (4, Some(n)),
        };
        key.push(tag);
        if let Some(name) = name {
            key.extend_from_slice(name.as_encoded_bytes());
            key.push(0);
        }
    }
    key
}

/// The article extension of a file name, lower-cased; `None` for other files.
fn article_ext(name: &Path) -> Option<&'static str> {
    let ext = name.extension()?.to_str()?;
    EXTENSIONS
        .iter()
        .find(|known| known.eq_ignore_ascii_case(ext))
        .copied()
}

fn diag(path: &Path, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(path.display().to_string(), message)
}

fn io_message(what: &str, e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => format!("{what}: permission denied"),
        io::ErrorKind::NotFound => format!("{what}: not found"),
        _ => format!("{what}: {e}"),
    }
}

/// One folder being walked: its canonical path (for loop detection) and what is left to visit.
struct Frame {
    canon: PathBuf,
    /// The folder's path relative to the root, `/`-separated, ending in `/` (empty for the root).
    prefix: String,
    entries: std::vec::IntoIter<Entry>,
}

/// A folder entry; the file type comes free with the listing on most systems.
struct Entry {
    path: PathBuf,
    name: String,
    file_type: Option<fs::FileType>,
    /// The `stat` of an article file that is not a symlink, taken while listing (see [`list`]).
    meta: Option<io::Result<fs::Metadata>>,
}

/// Lists a folder; an unreadable folder is a diagnostic.
///
/// The article files among the entries (known from the listing, not symlinks) are `stat`ed here,
/// on all cores and relative to the open folder: on a large corpus the walk is one `stat` per
/// file and runs before any file can be parsed, and a `stat` through the full path looks every
/// folder of it up again. Nothing of the folder is kept open once it is listed.
fn list(dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<Entry> {
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            diags.push(diag(dir, io_message("cannot read folder", &e)));
            return Vec::new();
        }
    };
    let mut listed = Vec::new();
    for entry in rd {
        match entry {
            Ok(e) => listed.push(e),
            Err(e) => diags.push(diag(dir, io_message("cannot read folder", &e))),
        }
    }
    listed
        .into_par_iter()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let file_type = e.file_type().ok();
            let article_file =
                file_type.is_some_and(|t| t.is_file()) && article_ext(Path::new(&name)).is_some();
            Entry {
                path: e.path(),
                meta: article_file.then(|| e.metadata()),
                name,
                file_type,
            }
        })
        .collect()
}

/// Walks one root, pushing files into `found`.
fn walk_root(root: &Path, index: usize, found: &mut Vec<Found>, diags: &mut Vec<Diagnostic>) {
    let meta = match fs::metadata(root) {
        Ok(m) => m,
        Err(e) => {
            diags.push(diag(
                root,
                match e.kind() {
                    io::ErrorKind::NotFound => "corpus folder does not exist".to_string(),
                    _ => io_message("cannot open corpus folder", &e),
                },
            ));
            return;
        }
    };
    if meta.is_file() {
        // A single file named as a root: take it if it is an article.
        match (article_ext(root), root.file_stem()) {
            (Some(ext), Some(stem)) => found.push(Found {
                path: root.to_path_buf(),
                plain: stem.to_string_lossy().into_owned(),
                ext,
                root: index,
                size: meta.len(),
                key: sort_key(root),
            }),
            _ => diags.push(diag(
                root,
                format!(
                    "not a folder nor an article file (.{})",
                    EXTENSIONS.join(" .")
                ),
            )),
        }
        return;
    }
    let canon = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut stack = vec![Frame {
        canon,
        prefix: String::new(),
        entries: list(root, diags).into_iter(),
    }];
    while let Some(frame) = stack.last_mut() {
        let Some(Entry {
            path,
            name,
            file_type,
            meta,
        }) = frame.entries.next()
        else {
            stack.pop();
            continue;
        };
        let ext = article_ext(Path::new(&name));
        // A plain file that is not an article costs no further system call.
        if ext.is_none() && file_type.is_some_and(|t| t.is_file()) {
            continue;
        }
        let link = match file_type {
            Some(t) => t.is_symlink(),
            None => fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()),
        };
        let meta = match meta.unwrap_or_else(|| fs::metadata(&path)) {
            Ok(m) => m,
            Err(e) if link && e.kind() == io::ErrorKind::NotFound => {
                diags.push(diag(&path, "dangling symlink (its target does not exist)"));
                continue;
            }
            Err(e) if link => {
                // A symlink to itself or a cycle of symlinks (ELOOP).
                diags.push(diag(&path, io_message("cannot follow symlink", &e)));
                continue;
            }
            Err(e) => {
                // Vanished since the folder was listed, or unreadable.
                if ext.is_some() {
                    diags.push(diag(&path, io_message("cannot read", &e)));
                }
                continue;
            }
        };
        if meta.is_dir() {
            let canon = if link {
                match fs::canonicalize(&path) {
                    Ok(c) => c,
                    Err(e) => {
                        diags.push(diag(&path, io_message("cannot follow symlink", &e)));
                        continue;
                    }
                }
            } else {
                frame.canon.join(&name)
            };
            let prefix = format!("{}{name}/", frame.prefix);
            if let Some(ancestor) = stack.iter().find(|f| f.canon == canon) {
                diags.push(diag(
                    &path,
                    format!(
                        "symlink loop: points back to {}; not followed",
                        ancestor.canon.display()
                    ),
                ));
                continue;
            }
            let entries = list(&path, diags).into_iter();
            stack.push(Frame {
                canon,
                prefix,
                entries,
            });
        } else if let Some(ext) = ext {
            if !meta.is_file() {
                diags.push(diag(&path, "not a regular file; skipped"));
                continue;
            }
            let stem = Path::new(&name)
                .file_stem()
                .map_or(Cow::Borrowed(name.as_str()), |s| s.to_string_lossy());
            found.push(Found {
                key: sort_key(&path),
                plain: format!("{}{stem}", frame.prefix),
                path,
                ext,
                root: index,
                size: meta.len(),
            });
        }
    }
}

/// A short name for a root, used to tell apart ids that clash across roots.
fn root_name(root: &Path, index: usize) -> String {
    fs::canonicalize(root)
        .ok()
        .and_then(|c| c.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("root{}", index + 1))
}

/// See [`super::discover`].
pub(crate) fn discover(roots: &[PathBuf]) -> (Vec<FileRef>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut diags = Vec::new();
    let mut seen_roots = HashSet::new();
    for (i, root) in roots.iter().enumerate() {
        // The same folder named twice is walked once.
        if let Ok(c) = fs::canonicalize(root)
            && !seen_roots.insert(c)
        {
            continue;
        }
        walk_root(root, i, &mut found, &mut diags);
    }
    // Stable: of one file found through two roots, the first root's entry stays.
    found.sort_by(|a, b| a.key.cmp(&b.key));
    found.dedup_by(|a, b| a.key == b.key);

    // Ids: the relative path; a clash within a root keeps the extension (`x.md`, `x.txt`), a
    // clash across roots is prefixed with the root's folder name, and a last resort numbers it.
    let mut owner: HashMap<String, usize> = HashMap::with_capacity(found.len());
    let mut names: HashMap<usize, String> = HashMap::new();
    let mut files = Vec::with_capacity(found.len());
    for f in found {
        let plain = f.plain;
        let id = match owner.get(&plain) {
            None => plain,
            Some(&other) => {
                let with_ext = format!("{plain}.{}", f.ext);
                let first = if other == f.root {
                    with_ext.clone()
                } else {
                    let name = names
                        .entry(f.root)
                        .or_insert_with(|| root_name(&roots[f.root], f.root));
                    format!("{name}/{plain}")
                };
                let mut id = first;
                if owner.contains_key(&id) {
                    let name = names
                        .entry(f.root)
                        .or_insert_with(|| root_name(&roots[f.root], f.root));
                    id = format!("{name}/{with_ext}");
                }
                let base = id.clone();
                let mut n = 1;
                while owner.contains_key(&id) {
                    n += 1;
                    id = format!("{base}~{n}");
                }
                id
            }
        };
        owner.insert(id.clone(), f.root);
        files.push(FileRef {
            id,
            path: f.path,
            size: f.size,
        });
    }
    (files, diags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same_order(a: &str, b: &str) {
        let (pa, pb) = (Path::new(a), Path::new(b));
        assert_eq!(
            sort_key(pa).cmp(&sort_key(pb)),
            pa.cmp(pb),
            "{a:?} vs {b:?}"
        );
    }

    #[test]
    fn sort_keys_order_like_paths() {
        let paths = [
            "a/b", "a.b", "a-b", "a", "a/", "a//b", "a/./b", "./a", "../a", "/a", "/", "", "ab",
            "a/b/c", "a/bc", "b", "é/x", "e/x", "a/b.md", "a/b/", "0/1", "A/b",
        ];
        for a in paths {
            for b in paths {
                same_order(a, b);
            }
        }
    }

    proptest! {
        #[test]
        fn sort_keys_order_like_random_paths(a in "[ab./\\-é]{0,8}", b in "[ab./\\-é]{0,8}") {
            same_order(&a, &b);
        }
    }
}
