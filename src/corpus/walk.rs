//! Finding article files under corpus roots: recursive, symlinks followed (loops detected by the
//! canonical paths of the folders being walked), an explicit stack instead of recursion, and a
//! sort at the end so the order never depends on the file system.
//!
//! The `stat` each article file needs (its size) is taken on the other cores, with the rest of the
//! file's record, while this thread goes on listing folders ([`Tasks`]): on a large corpus the
//! walk is one `stat` per file, and nothing can be parsed before it ends.

use super::{EXTENSIONS, FileRef};
use crate::Diagnostic;
use rayon::slice::ParallelSliceMut;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// A file found, before ids are assigned.
struct Found {
    path: PathBuf,
    /// The relative path (lossy UTF-8, `/`-separated) without the extension: the plain id.
    plain: String,
    ext: &'static str,
    root: usize,
    /// The file's size; for a file described by a [`Tasks`] task, what its `stat` said.
    size: Stat,
    /// [`sort_key`] of `path`.
    key: Vec<u8>,
}

/// What a `stat` says of a file the listing called regular: its size, `None` if it is no longer a
/// regular file (replaced since it was listed), or the error.
type Stat = io::Result<Option<u64>>;

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

/// [`sort_key`] of `dir.join(name)` from `dir`'s key (`name` is one component, as a folder
/// listing gives it), without splitting the whole path into components again.
fn child_key(dir_key: &[u8], name: &std::ffi::OsStr) -> Vec<u8> {
    let name = name.as_encoded_bytes();
    let mut key = Vec::with_capacity(dir_key.len() + name.len() + 2);
    key.extend_from_slice(dir_key);
    key.push(4);
    key.extend_from_slice(name);
    key.push(0);
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

/// One folder being walked: its canonical path (for loop detection) and what is left to visit
/// (`E`: [`Entry`] for [`discover`], [`Listed`] for [`stream`]).
struct Frame<E = Entry> {
    canon: PathBuf,
    folder: Arc<Folder>,
    entries: std::vec::IntoIter<E>,
}

/// What a file's record needs of its folder, shared with the [`Tasks`] that make the records.
struct Folder {
    /// The folder's path relative to the root, `/`-separated, ending in `/` (empty for the root).
    prefix: String,
    /// [`sort_key`] of the folder's path.
    key: Vec<u8>,
    root: usize,
}

/// A folder entry.
enum Entry {
    /// An article file the listing calls regular: a task makes its record ([`Tasks`]); this is
    /// its batch and its index in the batch.
    Handed { batch: usize, index: usize },
    /// Anything else; the file type comes free with the listing on most systems.
    Other {
        path: PathBuf,
        name: String,
        file_type: Option<fs::FileType>,
    },
}

/// Where the walk met a handed file: how many diagnostics it had made by then (a failed `stat`
/// puts its diagnostic there, where the walk would have put it had it taken the `stat` itself)
/// and how many handed files it had met before (to order failures met at the same place).
#[derive(Clone, Copy)]
struct Met {
    diag_at: usize,
    seq: usize,
}

/// Files per task: a big folder is split so that its files are shared among the cores.
const TASK_FILES: usize = 256;

/// Tasks in flight at most. Each holds its folder open (its files are `stat`ed relative to it, a
/// one-name lookup instead of the whole path), so a walk of many small folders that runs far
/// ahead of the tasks must not run out of file descriptors: past this many, the walking thread
/// does the work itself.
const MAX_TASKS: usize = 64;

/// Makes the records of the regular article files ([`Found`]: path, id, sort key, and the `stat`
/// for the size) on the thread pool while this thread goes on listing folders: on a large corpus
/// nearly every entry is such a file, and the `stat` is most of the walk. Batches of up to
/// [`TASK_FILES`] files come back through a channel, numbered in the order they were handed out.
struct Tasks<'a, 'scope> {
    scope: &'a rayon::Scope<'scope>,
    tx: mpsc::Sender<(usize, Vec<Found>)>,
    in_flight: &'scope AtomicUsize,
    /// Per batch handed out, where the walk met its files (filled as it meets them).
    met: Vec<Vec<Met>>,
    /// Handed files met so far, over every root ([`Met::seq`]).
    seen: usize,
}

impl<'scope> Tasks<'_, 'scope> {
    /// Hands out `files` (regular article files of one listing, with their extensions); the
    /// `i`th is in batch `first + i / TASK_FILES` at index `i % TASK_FILES`, `first` returned.
    fn start(&mut self, files: Vec<(fs::DirEntry, &'static str)>, folder: &Arc<Folder>) -> usize {
        let first = self.met.len();
        let mut files = files.into_iter();
        loop {
            let chunk: Vec<_> = files.by_ref().take(TASK_FILES).collect();
            if chunk.is_empty() {
                return first;
            }
            let batch = self.met.len();
            self.met.push(Vec::with_capacity(chunk.len()));
            let tx = self.tx.clone();
            let folder = Arc::clone(folder);
            if self.in_flight.load(Ordering::Relaxed) >= MAX_TASKS {
                // The receiver lives until every batch is in: a send cannot fail.
                let _ = tx.send((batch, describe(chunk, &folder)));
                continue;
            }
            self.in_flight.fetch_add(1, Ordering::Relaxed);
            let in_flight = self.in_flight;
            self.scope.spawn(move |_| {
                let found = describe(chunk, &folder);
                in_flight.fetch_sub(1, Ordering::Relaxed);
                let _ = tx.send((batch, found));
            });
        }
    }

    /// Notes that the walk met the file at `batch`, `index` (in index order within a batch).
    fn meet(&mut self, batch: usize, index: usize, diag_at: usize) {
        let seq = self.seen;
        self.seen += 1;
        if let Some(met) = self.met.get_mut(batch) {
            debug_assert_eq!(met.len(), index);
            met.push(Met { diag_at, seq });
        }
    }
}

/// The records of some regular article files of `folder`, each with its `stat` (relative to the
/// open folder). Consumes the entries, so the folder is closed once the last batch is done.
fn describe(files: Vec<(fs::DirEntry, &'static str)>, folder: &Folder) -> Vec<Found> {
    (files.into_iter())
        .map(|(e, ext)| {
            let name = e.file_name();
            Found {
                key: child_key(&folder.key, &name),
                plain: format!("{}{}", folder.prefix, stem(&name.to_string_lossy())),
                size: e.metadata().map(|m| m.is_file().then_some(m.len())),
                path: e.path(),
                ext,
                root: folder.root,
            }
        })
        .collect()
}

/// Lists a folder; an unreadable folder is a diagnostic. The article files among the entries that
/// the listing calls regular go to the [`Tasks`].
fn list(
    dir: &Path,
    folder: &Arc<Folder>,
    diags: &mut Vec<Diagnostic>,
    tasks: &mut Tasks<'_, '_>,
) -> Vec<Entry> {
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            diags.push(diag(dir, io_message("cannot read folder", &e)));
            return Vec::new();
        }
    };
    let mut entries = Vec::new();
    let mut regular = Vec::new();
    for entry in rd {
        let e = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(diag(dir, io_message("cannot read folder", &e)));
                continue;
            }
        };
        let file_type = e.file_type().ok();
        let name = e.file_name();
        let ext = article_ext(Path::new(&name));
        match (ext, file_type) {
            // A plain file that is not an article costs nothing more.
            (None, Some(t)) if t.is_file() => {}
            (Some(ext), Some(t)) if t.is_file() => {
                entries.push(Entry::Handed {
                    batch: regular.len() / TASK_FILES,
                    index: regular.len() % TASK_FILES,
                });
                regular.push((e, ext));
            }
            _ => entries.push(Entry::Other {
                path: e.path(),
                name: name.to_string_lossy().into_owned(),
                file_type,
            }),
        }
    }
    let first = tasks.start(regular, folder);
    for e in &mut entries {
        if let Entry::Handed { batch, .. } = e {
            *batch += first;
        }
    }
    entries
}

/// Walks one root, pushing files into `found` (the regular article files go to `tasks`).
fn walk_root(
    root: &Path,
    index: usize,
    found: &mut Vec<Found>,
    diags: &mut Vec<Diagnostic>,
    tasks: &mut Tasks<'_, '_>,
) {
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
                size: Ok(Some(meta.len())),
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
    let folder = Arc::new(Folder {
        prefix: String::new(),
        key: sort_key(root),
        root: index,
    });
    let entries = list(root, &folder, diags, tasks).into_iter();
    let mut stack = vec![Frame {
        canon,
        folder,
        entries,
    }];
    while let Some(frame) = stack.last_mut() {
        let (path, name, file_type) = match frame.entries.next() {
            None => {
                stack.pop();
                continue;
            }
            Some(Entry::Handed { batch, index }) => {
                tasks.meet(batch, index, diags.len());
                continue;
            }
            Some(Entry::Other {
                path,
                name,
                file_type,
            }) => (path, name, file_type),
        };
        let ancestors = stack.iter().map(|f| f.canon.as_path());
        let Some(frame) = stack.last() else { break };
        match visit_other(path, &name, file_type, frame, ancestors, diags) {
            Some(Visited::Folder {
                path,
                canon,
                folder,
            }) => {
                let entries = list(&path, &folder, diags, tasks).into_iter();
                stack.push(Frame {
                    canon,
                    folder,
                    entries,
                });
            }
            Some(Visited::File(f)) => found.push(f),
            None => {}
        }
    }
}

/// What an entry the listing did not hand out as a regular article file turned out to be.
enum Visited {
    /// A folder to walk (not one of its ancestors).
    Folder {
        path: PathBuf,
        canon: PathBuf,
        folder: Arc<Folder>,
    },
    /// An article file, with its size (a symlink to one, or one the listing could not type).
    File(Found),
}

/// Looks at an entry of `parent` that is not known to be a regular file (a symlink, a folder,
/// or something the listing could not type): follows symlinks, detects loops against
/// `ancestors` (the canonical paths of the folders being walked, `parent`'s included), and
/// reports what cannot be followed or read.
fn visit_other<'a>(
    path: PathBuf,
    name: &str,
    file_type: Option<fs::FileType>,
    parent: &Frame<impl Sized>,
    mut ancestors: impl Iterator<Item = &'a Path>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Visited> {
    let ext = article_ext(Path::new(name));
    let link = match file_type {
        Some(t) => t.is_symlink(),
        None => fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()),
    };
    let meta = match fs::metadata(&path) {
        Ok(m) => m,
        Err(e) if link && e.kind() == io::ErrorKind::NotFound => {
            diags.push(diag(&path, "dangling symlink (its target does not exist)"));
            return None;
        }
        Err(e) if link => {
            // A symlink to itself or a cycle of symlinks (ELOOP).
            diags.push(diag(&path, io_message("cannot follow symlink", &e)));
            return None;
        }
        Err(e) => {
            // Vanished since the folder was listed, or unreadable.
            if ext.is_some() {
                diags.push(diag(&path, cannot_read(&e)));
            }
            return None;
        }
    };
    let key = || child_key(&parent.folder.key, path.file_name().unwrap_or_default());
    if meta.is_dir() {
        let canon = if link {
            match fs::canonicalize(&path) {
                Ok(c) => c,
                Err(e) => {
                    diags.push(diag(&path, io_message("cannot follow symlink", &e)));
                    return None;
                }
            }
        } else {
            parent.canon.join(name)
        };
        if let Some(ancestor) = ancestors.find(|&a| a == canon) {
            diags.push(diag(
                &path,
                format!(
                    "symlink loop: points back to {}; not followed",
                    ancestor.display()
                ),
            ));
            return None;
        }
        let folder = Arc::new(Folder {
            prefix: format!("{}{name}/", parent.folder.prefix),
            key: key(),
            root: parent.folder.root,
        });
        return Some(Visited::Folder {
            path,
            canon,
            folder,
        });
    }
    let ext = ext?;
    if !meta.is_file() {
        diags.push(diag(&path, NOT_REGULAR));
        return None;
    }
    Some(Visited::File(Found {
        key: key(),
        plain: format!("{}{}", parent.folder.prefix, stem(name)),
        path,
        ext,
        root: parent.folder.root,
        size: Ok(Some(meta.len())),
    }))
}

const NOT_REGULAR: &str = "not a regular file; skipped";

fn cannot_read(e: &io::Error) -> String {
    io_message("cannot read", e)
}

/// A file name without its extension.
fn stem(name: &str) -> Cow<'_, str> {
    Path::new(name)
        .file_stem()
        .map_or(Cow::Borrowed(name), |s| s.to_string_lossy())
}

/// Adds the tasks' records to `found`: the files whose `stat` failed are left out, each with the
/// diagnostic the walk would have made, at the place it would have made it.
fn gather(
    found: &mut Vec<Found>,
    diags: &mut Vec<Diagnostic>,
    batches: impl Iterator<Item = (usize, Vec<Found>)>,
    met: &[Vec<Met>],
) {
    let mut failed: Vec<(Met, Diagnostic)> = Vec::new();
    found.reserve(met.iter().map(Vec::len).sum());
    for (batch, records) in batches {
        for (i, f) in records.into_iter().enumerate() {
            let message = match &f.size {
                Ok(Some(_)) => {
                    found.push(f);
                    continue;
                }
                Ok(None) => NOT_REGULAR.to_string(),
                Err(e) => cannot_read(e),
            };
            let at = (met.get(batch).and_then(|m| m.get(i)).copied()).unwrap_or(Met {
                diag_at: diags.len(),
                seq: usize::MAX,
            });
            failed.push((at, diag(&f.path, message)));
        }
    }
    if failed.is_empty() {
        return;
    }
    failed.sort_by_key(|(at, _)| (at.diag_at, at.seq));
    let mut merged = Vec::with_capacity(diags.len() + failed.len());
    let mut failed = failed.into_iter().peekable();
    for (i, d) in std::mem::take(diags).into_iter().enumerate() {
        while let Some((_, f)) = failed.next_if(|(at, _)| at.diag_at <= i) {
            merged.push(f);
        }
        merged.push(d);
    }
    merged.extend(failed.map(|(_, f)| f));
    *diags = merged;
}

/// A short name for a root, used to tell apart ids that clash across roots.
fn root_name(root: &Path, index: usize) -> String {
    fs::canonicalize(root)
        .ok()
        .and_then(|c| c.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("root{}", index + 1))
}

/// Gives files their ids, in path order: the relative path; a clash within a root keeps the
/// extension (`x.md`, `x.txt`), a clash across roots is prefixed with the root's folder name, and
/// a last resort numbers it.
struct Ids<'a> {
    roots: &'a [PathBuf],
    /// Every id given, with the root of its file.
    owner: HashMap<String, usize>,
    /// [`root_name`] of the roots that needed it.
    names: HashMap<usize, String>,
}

impl<'a> Ids<'a> {
    fn new(roots: &'a [PathBuf], files: usize) -> Self {
        Ids {
            roots,
            owner: HashMap::with_capacity(files),
            names: HashMap::new(),
        }
    }

    /// The id of the next file: `plain` unless taken.
    fn assign(&mut self, plain: String, ext: &str, root: usize) -> String {
        let id = match self.owner.get(&plain) {
            None => plain,
            Some(&other) => self.unclash(&plain, ext, root, other),
        };
        self.owner.insert(id.clone(), root);
        id
    }

    /// An id for a file whose plain id a file of root `other` has.
    fn unclash(&mut self, plain: &str, ext: &str, root: usize, other: usize) -> String {
        let roots = self.roots;
        let mut root_name = || {
            (self.names.entry(root))
                .or_insert_with(|| root_name(&roots[root], root))
                .clone()
        };
        let with_ext = format!("{plain}.{ext}");
        let mut id = if other == root {
            with_ext.clone()
        } else {
            format!("{}/{plain}", root_name())
        };
        if self.owner.contains_key(&id) {
            id = format!("{}/{with_ext}", root_name());
        }
        let base = id.clone();
        let mut n = 1;
        while self.owner.contains_key(&id) {
            n += 1;
            id = format!("{base}~{n}");
        }
        id
    }
}

/// An entry of a folder listed by [`stream`], which visits entries in name order.
struct Listed {
    /// The file name, to order entries by.
    name: std::ffi::OsString,
    /// Where the listing gave it, to order the diagnostics as [`discover`] does.
    at: u32,
    kind: ListedKind,
}

enum ListedKind {
    /// An article file the listing calls regular: no `stat` is taken.
    File { path: PathBuf, ext: &'static str },
    /// Anything else, for [`visit_other`].
    Other {
        path: PathBuf,
        file_type: Option<fs::FileType>,
    },
}

/// A diagnostic of [`stream`] with the place [`discover`]'s walk, which visits entries in
/// listing order, would have made it: the listing positions of the entries from the root down.
type Placed = (Vec<u32>, Diagnostic);

/// Lists a folder for [`stream`], in name order; problems are placed at `at`.
fn list_sorted(dir: &Path, at: &[u32], diags: &mut Vec<Placed>) -> Vec<Listed> {
    let place = |d| (at.to_vec(), d);
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            diags.push(place(diag(dir, io_message("cannot read folder", &e))));
            return Vec::new();
        }
    };
    let mut entries = Vec::new();
    for entry in rd {
        let e = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(place(diag(dir, io_message("cannot read folder", &e))));
                continue;
            }
        };
        let file_type = e.file_type().ok();
        let name = e.file_name();
        let ext = article_ext(Path::new(&name));
        let kind = match (ext, file_type) {
            (None, Some(t)) if t.is_file() => continue,
            (Some(ext), Some(t)) if t.is_file() => ListedKind::File {
                path: e.path(),
                ext,
            },
            _ => ListedKind::Other {
                path: e.path(),
                file_type,
            },
        };
        let at = u32::try_from(entries.len()).unwrap_or(u32::MAX);
        entries.push(Listed { name, at, kind });
    }
    entries.sort_unstable_by(|a, b| a.name.cmp(&b.name));
    entries
}

/// Files handed over at once by [`stream`]: the loader starts on the first ones while the walk
/// goes on.
const STREAM_FILES: usize = 64;

/// Adds `file` to those `ready` to be handed over, and hands them over once there are enough.
fn hand(file: FileRef, ready: &mut Vec<FileRef>, emit: &mut impl FnMut(Vec<FileRef>)) {
    ready.push(file);
    if ready.len() >= STREAM_FILES {
        emit(std::mem::replace(ready, Vec::with_capacity(STREAM_FILES)));
    }
}

/// See [`super::discover_streaming`].
pub(crate) fn stream(roots: &[PathBuf], mut emit: impl FnMut(Vec<FileRef>)) -> Vec<Diagnostic> {
    let [root] = roots else {
        // Files of several roots are ordered across them: only a whole walk knows the order.
        let (files, diags) = discover(roots);
        emit(files);
        return diags;
    };
    if !fs::metadata(root).is_ok_and(|m| m.is_dir()) {
        // A missing root, or a file named as one: nothing to stream.
        let (files, diags) = discover(roots);
        emit(files);
        return diags;
    }
    let mut ids = Ids::new(roots, 0);
    let mut diags: Vec<Placed> = Vec::new();
    let mut ready = Vec::with_capacity(STREAM_FILES);
    let canon = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let folder = Arc::new(Folder {
        prefix: String::new(),
        key: sort_key(root),
        root: 0,
    });
    let entries = list_sorted(root, &[], &mut diags).into_iter();
    let mut stack: Vec<(Frame<Listed>, Vec<u32>)> = vec![(
        Frame {
            canon,
            folder,
            entries,
        },
        Vec::new(),
    )];
    // The diagnostics of the entry being visited, before they are placed.
    let mut made = Vec::new();
    while let Some((frame, at)) = stack.last_mut() {
        let Some(Listed { name, at: i, kind }) = frame.entries.next() else {
            stack.pop();
            continue;
        };
        let (path, file_type) = match kind {
            ListedKind::File { path, ext } => {
                let plain = format!("{}{}", frame.folder.prefix, stem(&name.to_string_lossy()));
                let id = ids.assign(plain, ext, 0);
                hand(FileRef { id, path, size: 0 }, &mut ready, &mut emit);
                continue;
            }
            ListedKind::Other { path, file_type } => (path, file_type),
        };
        let mut entry_at = at.clone();
        entry_at.push(i);
        let ancestors = stack.iter().map(|(f, _)| f.canon.as_path());
        let Some((frame, _)) = stack.last() else {
            break;
        };
        let name = name.to_string_lossy();
        match visit_other(path, &name, file_type, frame, ancestors, &mut made) {
            Some(Visited::Folder {
                path,
                canon,
                folder,
            }) => {
                diags.extend(made.drain(..).map(|d| (entry_at.clone(), d)));
                let entries = list_sorted(&path, &entry_at, &mut diags).into_iter();
                let frame = Frame {
                    canon,
                    folder,
                    entries,
                };
                stack.push((frame, entry_at));
                continue;
            }
            Some(Visited::File(f)) => {
                let size = f.size.ok().flatten().unwrap_or_default();
                let id = ids.assign(f.plain, f.ext, 0);
                hand(
                    FileRef {
                        id,
                        path: f.path,
                        size,
                    },
                    &mut ready,
                    &mut emit,
                );
            }
            None => {}
        }
        diags.extend(made.drain(..).map(|d| (entry_at.clone(), d)));
    }
    emit(ready);
    // Stable: the diagnostics of one place stay in the order they were made.
    diags.sort_by(|(a, _), (b, _)| a.cmp(b));
    diags.into_iter().map(|(_, d)| d).collect()
}

/// See [`super::discover`].
pub(crate) fn discover(roots: &[PathBuf]) -> (Vec<FileRef>, Vec<Diagnostic>) {
    let (tx, rx) = mpsc::channel();
    let in_flight = AtomicUsize::new(0);
    // This thread walks while the pool describes the files; the scope ends when both have.
    let (mut found, mut diags, met) = rayon::in_place_scope(|scope| {
        let mut tasks = Tasks {
            scope,
            tx,
            in_flight: &in_flight,
            met: Vec::new(),
            seen: 0,
        };
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
            walk_root(root, i, &mut found, &mut diags, &mut tasks);
        }
        (found, diags, tasks.met)
    });
    gather(&mut found, &mut diags, rx.try_iter(), &met);
    // Within a root no two files share a key; of one file found through two roots, the first
    // root's entry stays. On the pool: the cores that described the files are free again.
    found.par_sort_unstable_by(|a, b| a.key.cmp(&b.key).then(a.root.cmp(&b.root)));
    found.dedup_by(|a, b| a.key == b.key);

    let mut ids = Ids::new(roots, found.len());
    let files = (found.into_iter())
        .map(|f| FileRef {
            id: ids.assign(f.plain, f.ext, f.root),
            path: f.path,
            size: f.size.ok().flatten().unwrap_or_default(),
        })
        .collect();
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

    #[test]
    fn child_keys_are_the_keys_of_joined_paths() {
        for dir in ["a", "a/", "/", ".", "./a", "a/..", "a/./b", "/x/y", "é"] {
            for name in ["b", "b.md", ".hidden", "é"] {
                let dir = Path::new(dir);
                assert_eq!(
                    child_key(&sort_key(dir), name.as_ref()),
                    sort_key(&dir.join(name)),
                    "{dir:?} + {name}"
                );
            }
        }
    }

    fn record(path: &str, size: Stat) -> Found {
        Found {
            path: path.into(),
            plain: path.into(),
            ext: "md",
            root: 0,
            size,
            key: sort_key(Path::new(path)),
        }
    }

    /// A handed file whose `stat` failed gets its diagnostic where the walk met it.
    #[test]
    fn failed_stats_are_diagnosed_in_walk_order() {
        let mut diags = vec![diag(Path::new("d0"), "x"), diag(Path::new("d1"), "x")];
        let batches = vec![
            (
                1,
                vec![
                    record("b0", Err(io::ErrorKind::PermissionDenied.into())),
                    record("b1", Ok(Some(3))),
                ],
            ),
            (
                0,
                vec![
                    record("a0", Ok(None)),
                    record("a1", Err(io::ErrorKind::NotFound.into())),
                ],
            ),
        ];
        let met = vec![
            vec![Met { diag_at: 1, seq: 0 }, Met { diag_at: 2, seq: 3 }],
            vec![Met { diag_at: 1, seq: 1 }, Met { diag_at: 2, seq: 2 }],
        ];
        let mut found = Vec::new();
        gather(&mut found, &mut diags, batches.into_iter(), &met);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].size.as_ref().ok(), Some(&Some(3)));
        let got: Vec<(&str, &str)> = (diags.iter())
            .map(|d| (d.path.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("d0", "x"),
                ("a0", "not a regular file; skipped"),
                ("b0", "cannot read: permission denied"),
                ("d1", "x"),
                ("a1", "cannot read: not found"),
            ]
        );
    }

    proptest! {
        #[test]
        fn sort_keys_order_like_random_paths(a in "[ab./\\-é]{0,8}", b in "[ab./\\-é]{0,8}") {
            same_order(&a, &b);
        }
    }
}
