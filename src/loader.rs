//! From what the user named (`--corpus`, `--data`, or nothing: the bundled data) to a [`Model`].
//!
//! Parsing and extraction run on all cores (rayon); the model is filled in path order so the result
//! does not depend on scheduling. With a cache folder ([`load_articles_cached`]), unchanged files
//! come from the parse cache ([`crate::cache`]) instead, its first entries decoded while the corpus
//! folders are still being walked. Hand batches to [`Model::add_articles`] whole: it keeps the
//! model's date-ordered lists with one merge per batch; a blocking load stores every batch in a
//! [`crate::model::Appender`] and orders the lists once, after the last file. A blocking load
//! without a cache has no batches at all: the walk streams files to workers and each result is
//! stored as soon as those before it are in (`pipeline`).

use crate::Diagnostic;
use crate::cache::{self, CacheStats, Lookup, Outcome};
use crate::corpus::{self, Article, FileRef, LoadOptions};
use crate::embedded;
use crate::extract::{Event, Extractor};
use crate::knowledge::{Knowledge, KnowledgeError};
use crate::model::{Appender, Model};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

mod pipeline;

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Corpus folders; empty means the bundled articles.
    pub corpus: Vec<PathBuf>,
    /// Knowledge folder; `None` means the bundled knowledge base.
    pub data: Option<PathBuf>,
    pub options: LoadOptions,
    /// Parse-cache folder (see [`crate::cache`]); `None` turns the cache off. Off by default so
    /// that tests and library users never touch the user's cache folder unless they ask.
    pub cache: Option<PathBuf>,
    /// The user's own knowledge file (see [`crate::userdata`]), merged on top of the knowledge
    /// base; `None` (the default) reads none, so tests never see the user's additions.
    pub user_knowledge: Option<PathBuf>,
}

/// Loads the knowledge base the inputs name.
pub fn load_knowledge(inputs: &Inputs) -> Result<Knowledge, KnowledgeError> {
    let mut knowledge = match &inputs.data {
        Some(dir) => Knowledge::load_dir(dir)?,
        None => embedded::knowledge()?,
    };
    if let Some(path) = &inputs.user_knowledge {
        crate::userdata::UserFile::at(path).merge_into(&mut knowledge)?;
    }
    Ok(knowledge)
}

/// One parsed and extracted article, ready to add to a model.
pub type Loaded = (Article, Vec<Event>);

/// Parses and extracts every article the inputs name; `on_batch` receives results in path order,
/// in batches, as they are ready (for progress and a matrix that fills in while loading).
///
/// Does not use the parse cache; see [`load_articles_cached`].
pub fn load_articles(
    inputs: &Inputs,
    extractor: &Extractor,
    on_batch: impl FnMut(Vec<Loaded>, Vec<Diagnostic>, Progress),
) {
    load_articles_cached(inputs, extractor, inputs.cache.as_deref(), on_batch);
}

/// Files per batch: enough to keep both cores busy and amortise the hand-over, few enough for a
/// lively progress bar (about 1 MB of articles).
const BATCH: usize = 64;

/// [`load_articles`] with the parse cache in `cache_dir` (`None`: off): files whose path, size and
/// mtime match a trusted cache entry skip parsing and extraction; the cache is rewritten at the
/// end if anything changed. The bundled articles are never cached (they are two small files).
/// The cache is silently off when `cache_dir` cannot be created or lies inside a corpus folder.
pub fn load_articles_cached(
    inputs: &Inputs,
    extractor: &Extractor,
    cache_dir: Option<&Path>,
    on_batch: impl FnMut(Vec<Loaded>, Vec<Diagnostic>, Progress),
) -> CacheStats {
    let walk = || corpus::discover(&inputs.corpus);
    load_in_batches(inputs, extractor, cache_dir, BATCH, walk, on_batch)
}

/// What the walk of the corpus folders finds ([`corpus::discover`]).
type Walked = (Vec<FileRef>, Vec<Diagnostic>);

/// Files per batch when nobody watches the progress ([`load_model_cached`] with a cache): every
/// batch ends with one core waiting for the other's last file, so fewer, larger batches keep both
/// busier.
const BLOCKING_BATCH: usize = 1024;

/// [`load_articles_cached`] with `batch` files per batch; `walk` walks the corpus folders (or
/// waits for a walk already under way).
fn load_in_batches(
    inputs: &Inputs,
    extractor: &Extractor,
    cache_dir: Option<&Path>,
    batch: usize,
    walk: impl FnOnce() -> Walked,
    mut on_batch: impl FnMut(Vec<Loaded>, Vec<Diagnostic>, Progress),
) -> CacheStats {
    if inputs.corpus.is_empty() {
        load_embedded(extractor, on_batch);
        return CacheStats::default();
    }
    let (files, diags, mut session, mut prefetched) =
        discover_and_prefetch(inputs, extractor, cache_dir, walk);
    let total = files.len();
    let total_bytes: u64 = files.iter().map(|f| f.size).sum();
    let mut progress = Progress {
        done: 0,
        total,
        bytes: 0,
        total_bytes,
    };
    on_batch(Vec::new(), diags, progress);
    let (pack, mut recorder) = match session.as_mut().map(cache::Session::parts) {
        Some((p, r)) => (Some(p), Some(r)),
        None => (None, None),
    };
    // A producer thread parses (or decodes) the next batch on all cores while this thread hands
    // the previous one to `on_batch`, so adding to a model overlaps with parsing. `on_batch` stays
    // on the caller's thread and need not be `Send`.
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel(2);
        let files = &files;
        scope.spawn(move || {
            for chunk in files.chunks(batch.max(1)) {
                let early: Vec<_> = (chunk.iter())
                    .map(|f| pack.and_then(|p| prefetched.take(p, f)))
                    .collect();
                let results: Vec<(Option<Loaded>, Vec<Diagnostic>, Option<Outcome>)> = chunk
                    .par_iter()
                    .zip(early)
                    .map(|(f, early)| load_one(f, inputs, extractor, pack, early))
                    .collect();
                if tx.send((chunk, results)).is_err() {
                    break;
                }
            }
        });
        for (chunk, results) in rx {
            let mut batch = Vec::with_capacity(results.len());
            let mut diags = Vec::new();
            for (f, (loaded, d, outcome)) in chunk.iter().zip(results) {
                if let (Some(p), Some(r), Some(o)) = (pack, recorder.as_mut(), outcome) {
                    r.record(p, f, o);
                }
                diags.extend(d);
                batch.extend(loaded);
            }
            progress.done += chunk.len();
            progress.bytes += chunk.iter().map(|f| f.size).sum::<u64>();
            on_batch(batch, diags, progress);
        }
    });
    session.map_or_else(CacheStats::default, cache::Session::finish)
}

/// Walks the corpus folders while another thread opens the cache and decodes the pack's first
/// entries on the other cores, or, without a cache, builds the extractor's automaton: the walk is
/// one thread's work, and until it ends there is nothing else to do. Decoding in index order is a
/// guess (the files the walk finds, in path order, unless the corpus changed); every prefetched
/// entry is still checked against its file by [`cache::Pack::lookup_with`].
fn discover_and_prefetch(
    inputs: &Inputs,
    extractor: &Extractor,
    cache_dir: Option<&Path>,
    walk: impl FnOnce() -> Walked,
) -> (
    Vec<FileRef>,
    Vec<Diagnostic>,
    Option<cache::Session>,
    cache::Prefetched,
) {
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        let early = scope.spawn(|| {
            // Without a cache every file is extracted: the automaton is built now, not by the
            // first file while the other cores wait.
            if cache_dir.is_none() {
                extractor.prepare();
            }
            let session = cache_dir.and_then(|dir| {
                cache::Session::open(dir, &inputs.corpus, extractor.knowledge(), &inputs.options)
            });
            let prefetched = (session.as_ref())
                .map(|s| s.pack().prefetch(&stop))
                .unwrap_or_default();
            (session, prefetched)
        });
        let (files, diags) = walk();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let (session, prefetched) = early
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (files, diags, session, prefetched)
    })
}

/// One file: from the cache when it can be trusted (`early`: its entry, if already decoded),
/// else parsed and extracted.
fn load_one(
    f: &FileRef,
    inputs: &Inputs,
    extractor: &Extractor,
    pack: Option<&cache::Pack>,
    early: Option<Option<cache::Decoded>>,
) -> (Option<Loaded>, Vec<Diagnostic>, Option<Outcome>) {
    let (key, damaged) = match pack.map(|p| p.lookup_with(f, early)) {
        Some(Lookup::Hit(loaded, diags)) => return (loaded, diags, Some(Outcome::Hit)),
        Some(Lookup::Miss { key, damaged }) => (key, damaged),
        None => (None, false),
    };
    let (art, diags) = corpus::load_file(f, &inputs.options);
    let loaded = art.map(|a| {
        let evs = extractor.extract(&a);
        (a, evs)
    });
    let outcome = pack.map(|_| Outcome::Miss {
        damaged,
        new: cache::Session::encode(key, loaded.as_ref(), &diags),
    });
    (loaded, diags, outcome)
}

fn load_embedded(
    extractor: &Extractor,
    mut on_batch: impl FnMut(Vec<Loaded>, Vec<Diagnostic>, Progress),
) {
    let files = embedded::articles();
    let total_bytes = files.iter().map(|(_, b)| b.len() as u64).sum();
    let mut diags = Vec::new();
    let loaded: Vec<Loaded> = files
        .iter()
        .map(|(name, bytes)| {
            let id = name.rsplit_once('.').map_or(*name, |(stem, _)| stem);
            let (mut art, d) =
                corpus::parse_article(id, &format!("embedded:articles/{name}"), bytes);
            art.size = bytes.len() as u64;
            diags.extend(d);
            let evs = extractor.extract(&art);
            (art, evs)
        })
        .collect();
    let n = loaded.len();
    on_batch(
        loaded,
        diags,
        Progress {
            done: n,
            total: n,
            bytes: total_bytes,
            total_bytes,
        },
    );
}

/// How far a load has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub bytes: u64,
    pub total_bytes: u64,
}

/// Loads everything into a model, blocking. For the CLI and tests. Does not use the parse cache.
pub fn load_model(inputs: &Inputs) -> Result<Model, KnowledgeError> {
    load_model_cached(inputs, inputs.cache.as_deref()).map(|(model, _)| model)
}

/// [`load_model`] with the parse cache in `cache_dir` (`None`: off); also says what the cache did.
///
/// Without a cache the files go straight from the walk to the workers (see `pipeline`): nothing
/// waits for the whole walk, nor for a batch to end.
pub fn load_model_cached(
    inputs: &Inputs,
    cache_dir: Option<&Path>,
) -> Result<(Model, CacheStats), KnowledgeError> {
    if cache_dir.is_none() && !inputs.corpus.is_empty() {
        return pipeline::load_model(inputs).map(|model| (model, CacheStats::default()));
    }
    // The walk needs nothing of the knowledge base: it starts first, on its own thread, and the
    // knowledge base is read and the extractor made while it runs.
    std::thread::scope(|scope| {
        let walk =
            (!inputs.corpus.is_empty()).then(|| scope.spawn(|| corpus::discover(&inputs.corpus)));
        let walked = move || match walk {
            Some(w) => w
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => (Vec::new(), Vec::new()),
        };
        load_model_walking(inputs, cache_dir, walked)
    })
}

/// [`load_model_cached`] once the walk is under way.
fn load_model_walking(
    inputs: &Inputs,
    cache_dir: Option<&Path>,
    walk: impl FnOnce() -> Walked,
) -> Result<(Model, CacheStats), KnowledgeError> {
    let knowledge = load_knowledge(inputs)?;
    let extractor = Extractor::new(&knowledge);
    // Each batch is stored while the next one is parsed; the date-ordered lists are built once,
    // at the end, by one sort each instead of a merge per batch. Storing everything at the end
    // instead left one core idle while the other copied 10,000 articles into fresh memory.
    let mut model = Appender::new(Model::new(knowledge));
    let mut reserved = false;
    let stats = load_in_batches(
        inputs,
        &extractor,
        cache_dir,
        BLOCKING_BATCH,
        walk,
        |batch, diags, progress| {
            if !reserved {
                model.reserve(progress.total);
                reserved = true;
            }
            model.add_diagnostics(diags);
            model.append(batch);
        },
    );
    let model = model.finish();
    Ok((model, stats))
}
