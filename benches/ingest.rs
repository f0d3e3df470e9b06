//! Ingest and open benchmarks: parse + extract a generated corpus of 1,000 and 10,000 articles
//! (about 15 and 150 MB), and open the 10,000 again through a warm parse cache.
//!
//! The corpora are generated once (by `examples/gencorpus.rs`, included below) into
//! `target/bench-corpus/<n>` and reused; delete the folder to regenerate. Throughput is reported in
//! bytes of article files per second. Run with `cargo bench --bench ingest`.
#![allow(clippy::unwrap_used)]

#[path = "../examples/gencorpus.rs"]
#[allow(dead_code)]
mod gencorpus;

/// The binary's allocator (see `src/main.rs`), so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use divan::Bencher;
use divan::counter::BytesCount;
use socialscope::extract::Extractor;
use socialscope::loader::{self, Inputs};
use std::path::{Path, PathBuf};

fn main() {
    divan::main();
}

/// The generated corpus of `n` articles (seed 1), made on first use; returns it and its size.
fn corpus(n: usize) -> (PathBuf, u64) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-corpus/{n}"));
    let done = dir.join("SIZE");
    let size = match std::fs::read_to_string(&done) {
        Ok(s) => s.trim().parse().unwrap(),
        Err(_) => {
            let _ = std::fs::remove_dir_all(&dir);
            let size = gencorpus::generate(&dir, n, 1, None).unwrap();
            std::fs::write(&done, size.to_string()).unwrap();
            size
        }
    };
    (dir, size)
}

fn ingest(bencher: Bencher, n: usize) {
    let (dir, size) = corpus(n);
    let inputs = Inputs {
        corpus: vec![dir],
        ..Inputs::default()
    };
    let knowledge = loader::load_knowledge(&inputs).unwrap();
    let extractor = Extractor::new(&knowledge);
    bencher.counter(BytesCount::new(size)).bench(|| {
        let mut events = 0;
        loader::load_articles(&inputs, &extractor, |batch, _, _| {
            events += batch.iter().map(|(_, evs)| evs.len()).sum::<usize>();
        });
        events
    });
}

/// Parse + extract 1,000 articles (about 15 MB), no cache.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn ingest_1k(bencher: Bencher) {
    ingest(bencher, 1_000);
}

/// Parse + extract 10,000 articles (about 150 MB), no cache.
#[divan::bench(sample_count = 2, sample_size = 1)]
fn ingest_10k(bencher: Bencher) {
    ingest(bencher, 10_000);
}

/// A second open of the unchanged 10,000 articles: knowledge, discovery, the warm parse cache and
/// a fully built model (what the dashboard needs for a complete matrix).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn open_warm_10k(bencher: Bencher) {
    let (dir, size) = corpus(10_000);
    let cache = tempfile::tempdir().unwrap();
    let inputs = Inputs {
        corpus: vec![dir],
        ..Inputs::default()
    };
    // Fill the cache; twice, since files written in the last two seconds are not cached yet.
    for _ in 0..2 {
        loader::load_model_cached(&inputs, Some(cache.path())).unwrap();
    }
    bencher
        .counter(BytesCount::new(size))
        .bench(|| loader::load_model_cached(&inputs, Some(cache.path())).unwrap());
}
