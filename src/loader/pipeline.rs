//! The blocking load without a cache ([`super::load_model_cached`] with `cache_dir` `None`): files
//! flow from the walk to the workers and, in path order, into the model, with no batch boundary
//! at which a core waits.
//!
//! Batches of a fixed size (what the progressive load does) cost a blocking load twice: at the
//! end of every batch one core waits for the other's last file, and after the last file the
//! model still has a whole batch to store while the other core idles. Here each worker claims a
//! few files at a time from a [`Feed`], claims shrink as the work runs out (so the workers end
//! together), and this thread stores every result as soon as those before it are in, so little
//! is left to store after the last file.

use super::{Inputs, Loaded, load_knowledge, load_one};
use crate::Diagnostic;
use crate::corpus::{self, FileRef};
use crate::extract::Extractor;
use crate::knowledge::KnowledgeError;
use crate::model::{Appender, Model};
use std::collections::VecDeque;
use std::sync::mpsc;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// Files claimed at most at once: enough that the hand-over (a lock, a message to the storing
/// thread) is rare next to parsing them, few enough that no worker is left alone with a long
/// claim at the end (the claims shrink toward the end anyway, see [`Feed::claim`]).
const MAX_CLAIM: usize = 64;

/// The files still to load, in path order, shared by the walk (which adds them) and the workers
/// (which claim them).
#[derive(Default)]
struct Feed {
    queue: Mutex<Queue>,
    /// Signalled when files are added or the walk ends.
    ready: Condvar,
}

#[derive(Default)]
struct Queue {
    files: VecDeque<FileRef>,
    /// The index (in path order) of `files`' first file.
    next: usize,
    /// The walk has ended: no file will be added.
    closed: bool,
}

impl Feed {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        // A panicking worker cannot leave the queue half changed: its methods do not panic.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds the next files in path order.
    fn push(&self, files: Vec<FileRef>) {
        if files.is_empty() {
            return;
        }
        self.lock().files.extend(files);
        self.ready.notify_all();
    }

    /// No more files will be added.
    fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_all();
    }

    /// The next files and the index of the first, waiting for the walk if it has none yet;
    /// `None` once every file is claimed. Once the walk has ended, a claim takes a share of what
    /// is left that shrinks with it, so the workers run out of work at nearly the same time.
    fn claim(&self, workers: usize) -> Option<(usize, Vec<FileRef>)> {
        let mut q = self.lock();
        while q.files.is_empty() && !q.closed {
            q = self.ready.wait(q).unwrap_or_else(PoisonError::into_inner);
        }
        let left = q.files.len();
        if left == 0 {
            return None;
        }
        let take = if q.closed {
            left.div_ceil(2 * workers).min(MAX_CLAIM)
        } else {
            left.min(MAX_CLAIM)
        };
        let first = q.next;
        q.next += take;
        Some((first, q.files.drain(..take).collect()))
    }
}

/// Closes the feed when dropped, so a walk that panics does not leave the workers waiting.
struct CloseOnDrop<'a>(&'a Feed);

impl Drop for CloseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// What one file gave: the article and its events (`None` if skipped), and its diagnostics.
type Slot = (Option<Loaded>, Vec<Diagnostic>);

/// What the storing thread hears.
enum Message {
    /// The results of the files from index `first` on.
    Loaded { first: usize, slots: Vec<Slot> },
    /// The walk has ended: how many files it found, and its diagnostics.
    Walked {
        total: usize,
        diagnostics: Vec<Diagnostic>,
    },
}

/// Loads the corpus folders into a model. The walk starts first, on its own thread, handing
/// files over as it finds them ([`corpus::discover_streaming`]); the knowledge base is read and
/// the extractor made meanwhile, and the workers start on the first files while the walk goes on.
/// The result is the batched load's: articles in path order, the walk's diagnostics first and
/// then each file's.
pub(super) fn load_model(inputs: &Inputs) -> Result<Model, KnowledgeError> {
    let feed = Feed::default();
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|scope| {
        let walk_tx = tx.clone();
        let feed = &feed;
        scope.spawn(move || {
            let _close = CloseOnDrop(feed);
            let mut total = 0;
            let diagnostics = corpus::discover_streaming(&inputs.corpus, |files| {
                total += files.len();
                feed.push(files);
            });
            let _ = walk_tx.send(Message::Walked { total, diagnostics });
        });
        let knowledge = load_knowledge(inputs)?;
        let extractor = Extractor::new(&knowledge);
        let mut model = Appender::new(Model::new(knowledge));
        load(inputs, &extractor, feed, tx, rx, &mut model);
        let model = model.finish();
        Ok(model)
    })
}

/// Loads the files of `feed` with one worker per core and stores them in `model`.
fn load(
    inputs: &Inputs,
    extractor: &Extractor,
    feed: &Feed,
    tx: mpsc::Sender<Message>,
    rx: mpsc::Receiver<Message>,
    model: &mut Appender,
) {
    let workers = rayon::current_num_threads().max(1);
    std::thread::scope(|scope| {
        // The automaton is built on its own thread: the workers have files to parse meanwhile,
        // and only wait for it if they get to extracting first.
        scope.spawn(|| {
            extractor.prepare();
        });
        for _ in 0..workers {
            let tx = tx.clone();
            scope.spawn(move || {
                while let Some((first, files)) = feed.claim(workers) {
                    let slots = (files.iter())
                        .map(|f| {
                            let (loaded, diags, _) = load_one(f, inputs, extractor, None, None);
                            (loaded, diags)
                        })
                        .collect();
                    // The files are freed here, on the worker, rather than all at the end.
                    drop(files);
                    if tx.send(Message::Loaded { first, slots }).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        store(rx, model);
    });
}

/// Stores results in path order as they come: each as soon as every file before it is in. The
/// files' diagnostics wait for the walk's, which come first.
fn store(rx: mpsc::Receiver<Message>, model: &mut Appender) {
    // Results that arrived ahead of an earlier file's; `waiting[0]` is file `stored`.
    let mut waiting: VecDeque<Option<Slot>> = VecDeque::new();
    let mut stored = 0;
    let mut walked = false;
    let mut held: Vec<Diagnostic> = Vec::new();
    while let Ok(first) = rx.recv() {
        for message in std::iter::once(first).chain(rx.try_iter()) {
            match message {
                Message::Loaded { first, slots } => {
                    let at = first - stored;
                    if waiting.len() < at + slots.len() {
                        waiting.resize_with(at + slots.len(), || None);
                    }
                    for (i, slot) in slots.into_iter().enumerate() {
                        waiting[at + i] = Some(slot);
                    }
                }
                Message::Walked { total, diagnostics } => {
                    model.reserve(total.saturating_sub(stored));
                    model.add_diagnostics(diagnostics);
                    model.add_diagnostics(std::mem::take(&mut held));
                    walked = true;
                }
            }
        }
        let mut run = Vec::new();
        while let Some(Some((loaded, diags))) = waiting.front_mut().map(Option::take) {
            waiting.pop_front();
            stored += 1;
            run.extend(loaded);
            if walked {
                model.add_diagnostics(diags);
            } else {
                held.extend(diags);
            }
        }
        if !run.is_empty() {
            model.append(run);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Article;

    fn slot(id: &str) -> Slot {
        let article = Article {
            id: id.into(),
            ..Article::default()
        };
        (
            Some((article, Vec::new())),
            vec![Diagnostic::new(id, "seen")],
        )
    }

    /// Results come in whatever order the workers finish, the walk's end somewhere among them:
    /// the model still gets the articles in path order and the walk's diagnostics first.
    #[test]
    fn results_out_of_order_are_stored_in_path_order() {
        let knowledge = crate::embedded::knowledge().expect("bundled knowledge");
        let mut model = Appender::new(Model::new(knowledge));
        let loaded = |first, ids: &[&str]| Message::Loaded {
            first,
            slots: ids.iter().map(|id| slot(id)).collect(),
        };
        let messages = vec![
            loaded(1, &["b"]),
            loaded(0, &["a"]),
            loaded(4, &["e", "f"]),
            Message::Walked {
                total: 6,
                diagnostics: vec![Diagnostic::new("walk", "skipped")],
            },
            loaded(2, &["c"]),
            loaded(3, &["d"]),
        ];
        // A channel without room: each message is taken before the next is sent, so `store`
        // sees some results before the walk has ended (their diagnostics wait) and some after.
        let (tx, rx) = mpsc::sync_channel(0);
        let sender = std::thread::spawn(move || {
            for m in messages {
                tx.send(m).expect("send");
            }
        });
        store(rx, &mut model);
        sender.join().expect("sender");
        let model = model.finish();
        let ids: Vec<&str> = model.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "d", "e", "f"]);
        let diags: Vec<&str> = model.diagnostics.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(diags, ["walk", "a", "b", "c", "d", "e", "f"]);
    }
}
