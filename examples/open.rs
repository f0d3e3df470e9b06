//! Times one open of a corpus to a fully loaded model, through the parse cache:
//! `open CORPUS_DIR [--cache DIR | --no-cache] [--data DIR] [--drop] [--one-by-one]`.
//!
//! For `scripts/bench-ripgrep.sh` (warm-cache open time, peak memory) until the CLI has a cache
//! switch. Prints the time to the first batch (what a dashboard waits for before its first frame),
//! the time to the full model and what the cache did.

/// The binary's allocator (see `src/main.rs`), so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use socialscope::cache;
use socialscope::extract::Extractor;
use socialscope::loader::{self, Inputs};
use socialscope::model::Model;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut inputs = Inputs::default();
    let mut cache_dir = cache::default_dir();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--cache" => cache_dir = args.next().map(PathBuf::from),
            "--no-cache" => cache_dir = None,
            "--data" => inputs.data = args.next().map(PathBuf::from),
            "--drop" | "--one-by-one" => {}
            _ => inputs.corpus.push(PathBuf::from(a)),
        }
    }
    let t0 = Instant::now();
    let knowledge = match loader::load_knowledge(&inputs) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("open: {e}");
            return ExitCode::from(1);
        }
    };
    let extractor = Extractor::new(&knowledge);
    let t_ready = t0.elapsed();
    let mut model = Model::new(knowledge);
    // The dashboard (for now) adds a batch article by article; `--one-by-one` does the same.
    let one_by_one = std::env::args().any(|a| a == "--one-by-one");
    let mut first = None;
    let stats = loader::load_articles_cached(
        &inputs,
        &extractor,
        cache_dir.as_deref(),
        |batch, diags, _| {
            first.get_or_insert_with(|| t0.elapsed());
            model.add_diagnostics(diags);
            if one_by_one {
                for (art, evs) in batch {
                    model.add_article(art, evs);
                }
            } else {
                model.add_articles(batch);
            }
        },
    );
    let t_loaded = t0.elapsed();
    println!(
        "knowledge+extractor {:.1} ms, first batch {:.1} ms, loaded {:.1} ms: {} articles, {} events; cache {:?}",
        t_ready.as_secs_f64() * 1e3,
        first.unwrap_or_default().as_secs_f64() * 1e3,
        t_loaded.as_secs_f64() * 1e3,
        model.articles.len(),
        model.events.len(),
        stats
    );
    // The process ends here: freeing the model string by string (half a million blocks) would
    // only add its teardown to the time measured for an open. `--drop` times that teardown.
    if std::env::args().any(|a| a == "--drop") {
        let t = Instant::now();
        drop(model);
        println!("dropped in {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    } else {
        std::mem::forget(model);
    }
    ExitCode::SUCCESS
}
