//! From what the user named (`--corpus`, `--data`, or nothing: the bundled data) to a [`Model`].
//!
//! Parsing and extraction run on all cores (rayon); the model is filled in path order so the result
//! does not depend on scheduling.

use crate::Diagnostic;
use crate::corpus::{self, Article, LoadOptions};
use crate::embedded;
use crate::extract::{Event, Extractor};
use crate::knowledge::{Knowledge, KnowledgeError};
use crate::model::Model;
use rayon::prelude::*;
use std::path::PathBuf;

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Corpus folders; empty means the bundled articles.
    pub corpus: Vec<PathBuf>,
    /// Knowledge folder; `None` means the bundled knowledge base.
    pub data: Option<PathBuf>,
    pub options: LoadOptions,
}

/// Loads the knowledge base the inputs name.
pub fn load_knowledge(inputs: &Inputs) -> Result<Knowledge, KnowledgeError> {
    match &inputs.data {
        Some(dir) => Knowledge::load_dir(dir),
        None => embedded::knowledge(),
    }
}

/// One parsed and extracted article, ready to add to a model.
pub type Loaded = (Article, Vec<Event>);

/// Parses and extracts every article the inputs name; `on_batch` receives results in path order,
/// in batches, as they are ready (for progress and a matrix that fills in while loading).
pub fn load_articles(
    inputs: &Inputs,
    extractor: &Extractor,
    mut on_batch: impl FnMut(Vec<Loaded>, Vec<Diagnostic>, Progress),
) {
    if inputs.corpus.is_empty() {
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
        return;
    }
    let (files, diags) = corpus::discover(&inputs.corpus);
    let total = files.len();
    let total_bytes: u64 = files.iter().map(|f| f.size).sum();
    let mut progress = Progress {
        done: 0,
        total,
        bytes: 0,
        total_bytes,
    };
    on_batch(Vec::new(), diags, progress);
    // Batches big enough to keep both cores busy, small enough for a lively progress bar.
    for chunk in files.chunks(64) {
        let results: Vec<(Option<Article>, Vec<Diagnostic>)> = chunk
            .par_iter()
            .map(|f| corpus::load_file(f, &inputs.options))
            .collect();
        let mut batch = Vec::with_capacity(results.len());
        let mut diags = Vec::new();
        let extracted: Vec<(Option<Loaded>, Vec<Diagnostic>)> = results
            .into_par_iter()
            .map(|(art, d)| {
                (
                    art.map(|a| {
                        let evs = extractor.extract(&a);
                        (a, evs)
                    }),
                    d,
                )
            })
            .collect();
        for (loaded, d) in extracted {
            diags.extend(d);
            batch.extend(loaded);
        }
        progress.done += chunk.len();
        progress.bytes += chunk.iter().map(|f| f.size).sum::<u64>();
        on_batch(batch, diags, progress);
    }
}

/// How far a load has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub bytes: u64,
    pub total_bytes: u64,
}

/// Loads everything into a model, blocking. For the CLI and tests.
pub fn load_model(inputs: &Inputs) -> Result<Model, KnowledgeError> {
    let knowledge = load_knowledge(inputs)?;
    let extractor = Extractor::new(&knowledge);
    let mut model = Model::new(knowledge);
    load_articles(inputs, &extractor, |batch, diags, _| {
        model.add_diagnostics(diags);
        for (art, evs) in batch {
            model.add_article(art, evs);
        }
    });
    Ok(model)
}
