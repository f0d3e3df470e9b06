//! The parse cache: a warm load gives exactly what a fresh parse gives, and anything doubtful
//! (changed files, damaged or truncated packs, another knowledge base) is parsed again.
#![allow(clippy::unwrap_used)]

use socialscope::cache::{CacheStats, PackState};
use socialscope::loader::{self, Inputs};
use socialscope::model::Model;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cache/corpus");

/// A fresh copy of the fixture corpus with mtimes an hour in the past (files modified in the last
/// two seconds are never cached, by design), and an empty cache folder beside it.
struct Setup {
    _tmp: tempfile::TempDir,
    corpus: PathBuf,
    cache: PathBuf,
}

fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    copy_dir(Path::new(FIXTURES), &corpus);
    for f in files(&corpus) {
        age(&f, 3600);
    }
    let cache = tmp.path().join("cache");
    Setup {
        _tmp: tmp,
        corpus,
        cache,
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dst = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dst);
        } else {
            std::fs::copy(e.path(), dst).unwrap();
        }
    }
}

/// Every file under a folder, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Sets a file's mtime `secs` seconds in the past.
fn age(path: &Path, secs: u64) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(secs))
        .unwrap();
}

fn inputs(corpus: &Path, data: Option<&Path>) -> Inputs {
    Inputs {
        corpus: vec![corpus.to_path_buf()],
        data: data.map(Path::to_path_buf),
        ..Inputs::default()
    }
}

fn load(inputs: &Inputs, cache: &Path) -> (Model, CacheStats) {
    loader::load_model_cached(inputs, Some(cache)).unwrap()
}

/// The facts of a model, for comparing loads: its content and every index built over it (the
/// date-ordered cells and platform lists, events per article, article ids).
fn facts(m: &Model) -> String {
    let (np, nf) = (m.knowledge.platforms.len(), m.knowledge.features.len());
    let cells: Vec<&[usize]> = (0..np)
        .flat_map(|p| (0..nf).map(move |f| (p, f)))
        .map(|(p, f)| m.cell(p, f))
        .collect();
    let platforms: Vec<&[usize]> = (0..np).map(|p| m.platform_events(p)).collect();
    let by_article: Vec<&[usize]> = (0..m.articles.len()).map(|a| m.article_events(a)).collect();
    let ids: Vec<Option<usize>> = m.articles.iter().map(|a| m.article_index(&a.id)).collect();
    format!(
        "{:?}\n{:?}\n{:?}\n{cells:?}\n{platforms:?}\n{by_article:?}\n{ids:?}\n{:?}",
        m.articles,
        m.events,
        m.diagnostics,
        m.timeline(None, None)
    )
}

fn pack(cache: &Path) -> PathBuf {
    let packs: Vec<PathBuf> = files(cache)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    assert_eq!(packs.len(), 1, "one pack per corpus: {packs:?}");
    packs.into_iter().next().unwrap()
}

#[test]
fn warm_load_equals_fresh_load() {
    let s = setup();
    let inp = inputs(&s.corpus, None);
    let fresh = loader::load_model(&inp).unwrap();
    assert_eq!(fresh.articles.len(), 3, "the fixtures parse");
    assert!(
        !fresh.events.is_empty(),
        "and state events, so events go through the cache too"
    );

    let (cold, st) = load(&inp, &s.cache);
    assert_eq!(st.pack, PackState::Missing);
    assert_eq!((st.hits, st.misses), (0, 3));
    assert!(st.written);
    assert_eq!(facts(&cold), facts(&fresh));

    let (warm, st) = load(&inp, &s.cache);
    assert_eq!(st.pack, PackState::Loaded);
    assert_eq!((st.hits, st.misses, st.damaged), (3, 0, 0));
    assert!(
        !st.written,
        "an unchanged corpus does not rewrite the cache"
    );
    assert_eq!(facts(&warm), facts(&fresh));
}

#[test]
fn changed_files_are_read_again() {
    let s = setup();
    let inp = inputs(&s.corpus, None);
    load(&inp, &s.cache);

    // New size: a changed title.
    let taobao = s.corpus.join("taobao.md");
    let text = std::fs::read_to_string(&taobao).unwrap();
    std::fs::write(&taobao, text.replacen("谁不想做社交", "谁都想做社交了", 1)).unwrap();
    age(&taobao, 1800);
    // Same size, new mtime.
    age(&s.corpus.join("sub/kuaishou.md"), 60);

    let (m, st) = load(&inp, &s.cache);
    assert_eq!((st.hits, st.misses), (1, 2));
    assert!(st.written);
    assert_eq!(facts(&m), facts(&loader::load_model(&inp).unwrap()));
    assert!(
        m.articles
            .iter()
            .any(|a| a.title.contains("谁都想做社交了"))
    );

    let (_, st) = load(&inp, &s.cache);
    assert_eq!((st.hits, st.misses), (3, 0), "the new versions were cached");
}

#[test]
fn removed_and_fresh_files() {
    let s = setup();
    let inp = inputs(&s.corpus, None);
    load(&inp, &s.cache);

    std::fs::remove_file(s.corpus.join("sub/qunliao.md")).unwrap();
    let (m, st) = load(&inp, &s.cache);
    assert_eq!(m.articles.len(), 2);
    assert_eq!((st.hits, st.misses), (2, 0));
    assert!(st.written, "the pack drops the removed file");

    // A file written just now is parsed but not trusted to the cache (its mtime may not change
    // on a quick second edit).
    std::fs::copy(s.corpus.join("taobao.md"), s.corpus.join("new.md")).unwrap();
    let (m, st) = load(&inp, &s.cache);
    assert_eq!(m.articles.len(), 3);
    assert_eq!((st.hits, st.misses), (2, 1));
    let (_, st) = load(&inp, &s.cache);
    assert_eq!((st.hits, st.misses), (2, 1));
}

#[test]
fn truncated_pack_is_rebuilt() {
    let s = setup();
    let inp = inputs(&s.corpus, None);
    let (fresh, _) = load(&inp, &s.cache);
    let p = pack(&s.cache);
    let bytes = std::fs::read(&p).unwrap();
    for keep in [0, 10, 47, bytes.len() / 2, bytes.len() - 1] {
        std::fs::write(&p, &bytes[..keep]).unwrap();
        let (m, st) = load(&inp, &s.cache);
        assert_eq!(facts(&m), facts(&fresh), "truncated to {keep}");
        assert!(st.written, "truncated to {keep}: rebuilt");
        assert_eq!(st.hits + st.misses, 3);
        if keep < bytes.len() / 2 {
            assert_eq!(st.pack, PackState::Corrupt, "truncated to {keep}");
        }
        let (_, st) = load(&inp, &s.cache);
        assert_eq!((st.pack, st.hits), (PackState::Loaded, 3), "after {keep}");
    }
}

#[test]
fn flipped_bytes_are_detected() {
    let s = setup();
    let inp = inputs(&s.corpus, None);
    let (fresh, _) = load(&inp, &s.cache);
    let p = pack(&s.cache);
    let bytes = std::fs::read(&p).unwrap();
    // Every 97th byte, one at a time: header, index and payloads alike.
    for i in (0..bytes.len()).step_by(97).chain([bytes.len() - 1]) {
        let mut b = bytes.clone();
        b[i] ^= 0x20;
        std::fs::write(&p, &b).unwrap();
        let (m, st) = load(&inp, &s.cache);
        assert_eq!(facts(&m), facts(&fresh), "byte {i} flipped");
        assert!(st.hits < 3, "byte {i} flipped: something must be re-read");
        assert!(st.written, "byte {i} flipped: rebuilt");
    }
    let (_, st) = load(&inp, &s.cache);
    assert_eq!((st.pack, st.hits, st.damaged), (PackState::Loaded, 3, 0));
}

#[test]
fn a_pack_of_an_older_format_is_rebuilt_not_misread() {
    let s = setup();
    let inp = inputs(&s.corpus, None);
    let fresh = loader::load_model(&inp).unwrap();
    load(&inp, &s.cache);
    // A pack of format 2 (the same bytes, decoded before into a string per block) would decode
    // fine, but a format change is never trusted: the pack is made again.
    let p = pack(&s.cache);
    let mut bytes = std::fs::read(&p).unwrap();
    bytes[8..12].copy_from_slice(&2u32.to_le_bytes());
    std::fs::write(&p, &bytes).unwrap();
    let (m, st) = load(&inp, &s.cache);
    assert_eq!(st.pack, PackState::Stale);
    assert_eq!((st.hits, st.misses), (0, 3));
    assert!(st.written);
    assert_eq!(facts(&m), facts(&fresh));
    let (warm, st) = load(&inp, &s.cache);
    assert_eq!((st.pack, st.hits), (PackState::Loaded, 3));
    // A warm article is the fresh one: one text, its blocks ranges of it.
    for (w, f) in warm.articles.iter().zip(&fresh.articles) {
        assert_eq!((&w.text, &w.blocks), (&f.text, &f.blocks));
        assert_eq!(w.text, w.texts().collect::<String>());
    }
}

#[test]
fn changed_knowledge_invalidates() {
    let s = setup();
    let data = s.cache.parent().unwrap().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let repo_data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for f in files(&repo_data) {
        if f.extension().is_some_and(|e| e == "yaml") {
            std::fs::copy(&f, data.join(f.file_name().unwrap())).unwrap();
        }
    }
    let inp = inputs(&s.corpus, Some(&data));
    load(&inp, &s.cache);
    let (_, st) = load(&inp, &s.cache);
    assert_eq!(st.hits, 3);

    // A comment changes no fact: the cache keys on the knowledge itself, not on its file bytes.
    let platforms = data.join("platforms.yaml");
    let original = std::fs::read_to_string(&platforms).unwrap_or_default();
    std::fs::write(&platforms, format!("{original}\n# only a comment\n")).unwrap();
    let (_, st) = load(&inp, &s.cache);
    assert_eq!(st.hits, 3);

    // A real change (a new platform) may change any event: everything is parsed again.
    let added = "  - id: zz_new_app\n    name: 新测试应用\n    kind: social_app\n";
    std::fs::write(&platforms, format!("{original}{added}")).unwrap();
    let (_, st) = load(&inp, &s.cache);
    assert_eq!(st.pack, PackState::Stale);
    assert_eq!((st.hits, st.misses), (0, 3));

    // The bundled knowledge base differs from the edited copy: another context again.
    let (_, st) = load(&inputs(&s.corpus, None), &s.cache);
    assert_eq!(st.pack, PackState::Stale);
}

#[test]
fn never_writes_into_the_corpus() {
    let s = setup();
    let before = files(&s.corpus);
    let inp = inputs(&s.corpus, None);
    load(&inp, &s.cache);
    load(&inp, &s.cache);
    assert_eq!(files(&s.corpus), before);

    // A cache folder inside the corpus turns the cache off rather than write there.
    let inside = s.corpus.join("sub/.cache");
    let (m, st) = load(&inp, &inside);
    assert_eq!(m.articles.len(), 3);
    assert_eq!(st, CacheStats::default());
    assert_eq!(files(&s.corpus), before);
}
