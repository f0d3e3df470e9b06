//! Watching corpus folders for `--watch`: one "corpus changed" message per burst of changes.
//!
//! Wraps `notify`'s recommended watcher (recursive on each root). Editors and sync tools touch a
//! file several times per save (temp file, rename, metadata), so events are debounced: after the
//! first relevant event the watcher waits until [`DEBOUNCE`] passes without another, then sends a
//! single [`WatchEvent::Changed`]. Files that are not articles (by extension) and temporary files
//! (`.name`, `name~`, `*.swp`, `*.tmp`, …) are ignored. What to do on a change — rebuild the model
//! in the background and swap it in — is the shell's job; this module only tells.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// Quiet time that ends a burst of changes.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// What the watcher reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchEvent {
    /// Articles were added, changed, renamed or removed (one message per burst); the paths are
    /// the article files involved, for a status line.
    Changed(Vec<PathBuf>),
    /// The watcher reported a problem (a root removed, too many watches); watching may go on.
    Error(String),
}

/// Why watching could not start.
#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot watch: {message}")]
pub struct WatchError {
    pub path: String,
    pub message: String,
}

/// A running watch; dropping it stops watching (and the debounce thread ends).
pub struct Watcher {
    _inner: notify::RecommendedWatcher,
}

impl Watcher {
    /// Watches `roots` recursively and sends one [`WatchEvent`] per burst of changes to `tx`.
    pub fn new(roots: &[PathBuf], tx: mpsc::Sender<WatchEvent>) -> Result<Watcher, WatchError> {
        Self::with_callback(roots, move |ev| tx.send(ev).is_ok())
    }

    /// Like [`Watcher::new`] but calls `f` (on the watcher's own thread) instead of sending;
    /// `f` returns `false` to stop (say, when the dashboard has quit). A terminal app can use it to
    /// wake its event loop.
    pub fn with_callback(
        roots: &[PathBuf],
        mut f: impl FnMut(WatchEvent) -> bool + Send + 'static,
    ) -> Result<Watcher, WatchError> {
        use notify::Watcher as _;
        let (raw_tx, raw_rx) = mpsc::channel::<notify::Result<notify::Event>>();
        let mut inner = notify::recommended_watcher(raw_tx).map_err(|e| WatchError {
            path: roots
                .first()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            message: e.to_string(),
        })?;
        for root in roots {
            inner
                .watch(root, notify::RecursiveMode::Recursive)
                .map_err(|e| WatchError {
                    path: root.display().to_string(),
                    message: e.to_string(),
                })?;
        }
        std::thread::Builder::new()
            .name("socialscope-watch".into())
            .spawn(move || debounce(&raw_rx, &mut f))
            .map_err(|e| WatchError {
                path: String::new(),
                message: e.to_string(),
            })?;
        Ok(Watcher { _inner: inner })
    }
}

/// Collects relevant paths until a quiet [`DEBOUNCE`], then reports them; ends when the notify
/// side is dropped or the receiver is gone.
fn debounce(
    rx: &mpsc::Receiver<notify::Result<notify::Event>>,
    f: &mut impl FnMut(WatchEvent) -> bool,
) {
    let mut pending: Vec<PathBuf> = Vec::new();
    loop {
        let next = if pending.is_empty() {
            rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            rx.recv_timeout(DEBOUNCE)
        };
        match next {
            Ok(Ok(ev)) => {
                for p in relevant_paths(&ev) {
                    if !pending.contains(&p) {
                        pending.push(p);
                    }
                }
            }
            Ok(Err(e)) => {
                if !f(WatchEvent::Error(e.to_string())) {
                    return;
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                if !f(WatchEvent::Changed(std::mem::take(&mut pending))) {
                    return;
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                if !pending.is_empty() {
                    f(WatchEvent::Changed(std::mem::take(&mut pending)));
                }
                return;
            }
        }
    }
}

/// The article paths an event is about; empty when it only concerns other files or only
/// access/metadata. A created or removed folder counts (it may hold articles).
fn relevant_paths(ev: &notify::Event) -> Vec<PathBuf> {
    use notify::EventKind;
    use notify::event::{CreateKind, ModifyKind, RemoveKind};
    match ev.kind {
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => return Vec::new(),
        EventKind::Create(CreateKind::Folder) | EventKind::Remove(RemoveKind::Folder) => {
            return ev.paths.iter().filter(|p| !is_temp(p)).cloned().collect();
        }
        _ => {}
    }
    ev.paths
        .iter()
        .filter(|p| is_article(p) || p.is_dir() && !is_temp(p))
        .cloned()
        .collect()
}

/// Whether a path names an article file (by extension, as the corpus reader takes them) that is
/// not a temporary file.
pub fn is_article(path: &Path) -> bool {
    let ext_ok = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        crate::corpus::EXTENSIONS
            .iter()
            .any(|x| x.eq_ignore_ascii_case(e))
    });
    ext_ok && !is_temp(path)
}

/// Hidden, backup, swap and partial-download files: written by editors and tools, not articles.
fn is_temp(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || [".swp", ".swx", ".tmp", ".part", ".crdownload", ".bak"]
            .iter()
            .any(|s| lower.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_and_temp_files() {
        assert!(is_article(Path::new("/c/a/001.md")));
        assert!(is_article(Path::new("/c/a/002.HTML")));
        assert!(!is_article(Path::new("/c/a/.001.md.swp")));
        assert!(!is_article(Path::new("/c/a/.socialscope-x.tmp")));
        assert!(!is_article(Path::new("/c/a/001.md~")));
        assert!(!is_article(Path::new("/c/a/notes.pdf")));
        assert!(!is_article(Path::new("/c/a/.hidden.md")));
    }
}
