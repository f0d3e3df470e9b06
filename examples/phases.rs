//! Where ingest time goes, one thread: read, parse (front matter + HTML → blocks), extract.
//! `phases CORPUS_DIR`: single-threaded times per phase (read alone; load = read + parse as `corpus::load_file` does it; extract), to see where a change helps.
#![allow(clippy::expect_used)]
use socialscope::corpus::{self, LoadOptions};
use socialscope::extract::Extractor;
use std::time::{Duration, Instant};

fn main() {
    let dir = std::env::args().nth(1).expect("corpus dir");
    let k = socialscope::embedded::knowledge().expect("knowledge");
    let ex = Extractor::new(&k);
    let (files, _) = corpus::discover(&[dir.into()]);
    let (mut t_read, mut t_parse, mut t_extract) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let (mut bytes, mut text, mut blocks, mut events) = (0u64, 0usize, 0usize, 0usize);
    for f in &files {
        // Reading alone (to see the kernel's share), then the real path: read + parse.
        let t = Instant::now();
        let b = std::fs::read(&f.path).expect("read");
        t_read += t.elapsed();
        bytes += b.len() as u64;
        let t = Instant::now();
        let (Some(a), _) = corpus::load_file(f, &LoadOptions::default()) else {
            continue;
        };
        t_parse += t.elapsed();
        text += a.text.len();
        blocks += a.blocks.len();
        let t = Instant::now();
        events += ex.extract(&a).len();
        t_extract += t.elapsed();
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "{} files {mb:.1} MB, text {:.1} MB, {blocks} blocks, {events} events",
        files.len(),
        text as f64 / 1e6
    );
    for (n, d) in [("read", t_read), ("load", t_parse), ("extract", t_extract)] {
        println!(
            "{n:8} {:7.0} ms  {:6.0} MB/s",
            d.as_secs_f64() * 1e3,
            mb / d.as_secs_f64()
        );
    }
}
