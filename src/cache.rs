//! The parse cache: parsed articles and their events kept between runs, so a second open of an
//! unchanged corpus skips parsing and extraction.
//!
//! Owns: where the cache lives, its file format, and deciding whether an entry can be trusted.
//! Must not: write anywhere inside a corpus folder, or ever return something it cannot vouch for —
//! a cache is only a shortcut, so every doubt (bad header, checksum mismatch, another program
//! version, another knowledge base, a file changed since) means "parse the file again".
//!
//! # Layout
//!
//! One *pack* file per set of corpus roots, `<dir>/corpus-<hash of the roots>.bin`, where `<dir>`
//! is `$SOCIALSCOPE_CACHE_DIR` or the user's cache folder + `socialscope`. A pack is
//!
//! ```text
//! header: magic "SSCACHE\0" | format u32 | 0u32 | context u64
//! payloads: one per file, see [`payload`] (metadata and events as postcard, then block text)
//! index: postcard Vec<IndexEntry> (path, size, mtime, offset, length, checksum)
//! footer: index_len u64 | index_sum u64 | "SSCEND\0\0"
//! ```
//!
//! all integers little-endian. `context` hashes everything besides the file itself that the parse
//! result depends on: the cache format, the program version and the identity of the running binary
//! (size and mtime, so a rebuilt binary with changed extraction rules starts afresh), the knowledge
//! base and the load options. Each entry is keyed by the file's path, size and mtime (ns) and carries
//! a checksum of its payload. One pack (rather than a file per article) makes a warm open one read;
//! an entry-wise checksum lets one damaged entry be re-parsed without discarding the rest. The index
//! sits at the end so a pack is written as a stream while the load runs (payloads are not held in
//! memory), into a temporary file renamed over the old pack at the end: readers see the old pack
//! or the new one, never half of one (as [`crate::export::write_atomic`] does for whole buffers).

mod payload;

use crate::Diagnostic;
use crate::corpus::{Article, FileRef, LoadOptions};
use crate::extract::Event;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Overrides the cache folder (tests and benchmarks point it at a temporary folder).
pub const ENV_DIR: &str = "SOCIALSCOPE_CACHE_DIR";

const MAGIC: &[u8; 8] = b"SSCACHE\0";
/// Bumped whenever the layout or the payload encoding changes, or what a payload decodes to.
/// 3 has the bytes of 2; it was bumped when a payload began to decode into one text per article
/// with blocks as ranges of it, so that this never rests on the binary's identity alone.
const FORMAT: u32 = 3;
const HEADER_LEN: usize = 8 + 4 + 4 + 8;
const END: &[u8; 8] = b"SSCEND\0\0";
const FOOTER_LEN: usize = 8 + 8 + 8;

/// A file modified this recently is not cached: on file systems with coarse timestamps a second
/// edit within the same tick would keep size and mtime and be mistaken for the cached version.
const RACY: Duration = Duration::from_secs(2);

/// The cache folder to use by default: `$SOCIALSCOPE_CACHE_DIR`, else `<user cache>/socialscope`
/// (`~/.cache/socialscope` on Linux); `None` when the platform has no cache folder.
pub fn default_dir() -> Option<PathBuf> {
    match std::env::var_os(ENV_DIR) {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => dirs::cache_dir().map(|d| d.join("socialscope")),
    }
}

/// What a file looked like when it was parsed: if any of this changed, the entry is stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileKey {
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch.
    pub mtime_ns: i128,
}

impl FileKey {
    /// Reads a file's key; `None` (never cached) when it cannot be read or is too fresh to trust.
    pub fn of(path: &Path) -> Option<FileKey> {
        let meta = std::fs::metadata(path).ok()?;
        let mtime = meta.modified().ok()?;
        if SystemTime::now()
            .duration_since(mtime)
            .is_ok_and(|age| age < RACY)
            || mtime > SystemTime::now()
        {
            return None;
        }
        let mtime_ns = match mtime.duration_since(UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        };
        Some(FileKey {
            size: meta.len(),
            mtime_ns,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct IndexEntry {
    /// `OsStr::as_encoded_bytes` of the full path: exact for non-UTF-8 names too.
    path: Vec<u8>,
    key: FileKey,
    /// Offset of the payload from the start of the payload area.
    offset: u64,
    len: u64,
    sum: u64,
}

/// How the pack on disk was found when the load started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PackState {
    /// The cache was not used (turned off, no cache folder, or the folder is inside a corpus).
    #[default]
    Off,
    /// No pack yet for these corpus roots.
    Missing,
    /// Read and trusted (entries are still checked one by one).
    Loaded,
    /// Written by another program version or binary, or for another knowledge base or options.
    Stale,
    /// Unreadable, truncated or damaged: ignored and rewritten.
    Corrupt,
}

/// What the cache did during one load, for tests, benchmarks and `--verbose` style reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    pub pack: PackState,
    /// Files taken from the cache.
    pub hits: usize,
    /// Files parsed (not in the cache, changed, or their entry was damaged).
    pub misses: usize,
    /// Entries whose size and mtime matched but whose payload failed its checksum or decoding.
    pub damaged: usize,
    /// Whether a new pack was written at the end.
    pub written: bool,
}

/// One load's view of the cache: the pack as read at the start ([`Pack`], shared by the worker
/// threads) and the entries for the pack to write at the end ([`Recorder`], owned by the thread
/// that hands batches over). Split with [`Session::parts`].
pub struct Session {
    pack: Pack,
    rec: Recorder,
}

/// The pack as read at the start of a load.
///
/// Payloads are read entry by entry with positioned reads rather than the whole file at once: a
/// warm open then never holds the pack and the model in memory together, and each payload is
/// decoded from a small buffer that is still in the CPU cache.
pub struct Pack {
    path: PathBuf,
    context: u64,
    file: Option<std::fs::File>,
    /// Where the index starts: payloads lie between the header and here.
    index_start: u64,
    /// The index in the order it was written: path order, the order a load asks for files.
    list: Vec<IndexEntry>,
    /// Path → position in `list`.
    entries: HashMap<Vec<u8>, usize>,
}

/// What a cache entry holds, decoded.
pub type Decoded = (Article, Vec<Event>, Vec<Diagnostic>);

/// Payloads decoded ahead of their lookups ([`Pack::prefetch`]), by position in the index.
#[derive(Default)]
pub struct Prefetched(HashMap<usize, Option<Decoded>>);

impl Prefetched {
    /// Takes out what was decoded for the entry of `file`'s path, if anything: `Some(None)` when
    /// that entry was found damaged. Hand it to [`Pack::lookup_with`].
    pub fn take(&mut self, pack: &Pack, file: &FileRef) -> Option<Option<Decoded>> {
        let i = pack.position(file)?;
        self.0.remove(&i)
    }
}

/// Writes the next pack, in path order, as the load goes.
pub struct Recorder {
    path: PathBuf,
    context: u64,
    /// Files already recorded: by position for paths the old pack has (no hashing of a path
    /// again on every hit), by path for the others.
    seen: Vec<bool>,
    recorded: std::collections::HashSet<Vec<u8>>,
    /// Entries reused from the old pack before anything changed (nothing written yet).
    pending: Vec<usize>,
    /// Open once something changed: the temporary file, its index so far, its length.
    writer: Option<Writer>,
    /// A write failed: stop writing, keep the old pack.
    failed: bool,
    stats: CacheStats,
    /// True when the pack on disk differs from what this load would write.
    dirty: bool,
}

struct Writer {
    out: std::io::BufWriter<tempfile::NamedTempFile>,
    index: Vec<IndexEntry>,
    len: u64,
}

impl Writer {
    fn create(path: &Path, context: u64) -> std::io::Result<Writer> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let tmp = tempfile::Builder::new()
            .prefix(".socialscope-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        let mut w = Writer {
            out: std::io::BufWriter::with_capacity(1 << 20, tmp),
            index: Vec::new(),
            len: 0,
        };
        let mut header = Vec::with_capacity(HEADER_LEN);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&FORMAT.to_le_bytes());
        header.extend_from_slice(&0u32.to_le_bytes());
        header.extend_from_slice(&context.to_le_bytes());
        w.write(&header)?;
        Ok(w)
    }

    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write;
        self.out.write_all(bytes)?;
        self.len += bytes.len() as u64;
        Ok(())
    }

    fn entry(
        &mut self,
        path: Vec<u8>,
        key: FileKey,
        payload: &[u8],
        sum: u64,
    ) -> std::io::Result<()> {
        self.index.push(IndexEntry {
            path,
            key,
            offset: self.len,
            len: payload.len() as u64,
            sum,
        });
        self.write(payload)
    }

    /// Index, footer, flush, sync, rename over the pack.
    fn commit(mut self, path: &Path) -> std::io::Result<()> {
        let index = postcard::to_allocvec(&self.index).map_err(std::io::Error::other)?;
        let sum = checksum(&index);
        self.write(&index)?;
        self.write(&(index.len() as u64).to_le_bytes())?;
        self.write(&sum.to_le_bytes())?;
        self.write(END)?;
        let tmp = self.out.into_inner().map_err(|e| e.into_error())?;
        tmp.as_file().sync_all()?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// What happened to one file, for [`Recorder::record`].
pub enum Outcome {
    Hit,
    Miss {
        damaged: bool,
        /// The encoded entry, when the file may be cached.
        new: Option<(FileKey, Vec<u8>)>,
    },
}

/// The result of looking a file up.
// A hit holds the article itself: a lookup is made and moved once per file, so boxing it to keep
// the miss small would cost an allocation per file and save nothing.
#[allow(clippy::large_enum_variant)]
pub enum Lookup {
    /// Taken from the cache.
    Hit(Option<(Article, Vec<Event>)>, Vec<Diagnostic>),
    /// Parse it, then hand the result to [`Session::encode`] and [`Recorder::record`].
    Miss {
        /// The file's key, `None` when it must not be cached (unreadable, or modified just now).
        key: Option<FileKey>,
        /// Size and mtime matched an entry whose payload failed its checksum or decoding.
        damaged: bool,
    },
}

impl Session {
    /// Opens the cache for a load of `roots` with a knowledge base and options, or `None` when
    /// the cache cannot be used: the folder cannot be created, or it lies inside a corpus root.
    ///
    /// `knowledge` is the knowledge base the extraction runs with, as merged from every source
    /// (bundled or `--data`, plus the user's own file): its content is part of the cache key.
    pub fn open(
        dir: &Path,
        roots: &[PathBuf],
        knowledge: &crate::knowledge::Knowledge,
        options: &LoadOptions,
    ) -> Option<Session> {
        let roots: Vec<PathBuf> = roots
            .iter()
            .map(|r| r.canonicalize().unwrap_or_else(|_| r.clone()))
            .collect();
        // Checked before creating anything, so not even an empty folder appears in a corpus.
        if roots.iter().any(|r| resolve(dir).starts_with(r)) {
            return None;
        }
        std::fs::create_dir_all(dir).ok()?;
        let dir = dir.canonicalize().ok()?;
        let mut h = Hasher::new();
        for r in &roots {
            h.write(r.as_os_str().as_encoded_bytes());
            h.write(&[0]);
        }
        let mut pack = Pack {
            path: dir.join(format!("corpus-{:016x}.bin", h.finish())),
            context: context_hash(knowledge, options),
            file: None,
            index_start: 0,
            list: Vec::new(),
            entries: HashMap::new(),
        };
        let state = pack.read();
        let rec = Recorder {
            path: pack.path.clone(),
            context: pack.context,
            seen: vec![false; pack.list.len()],
            recorded: Default::default(),
            pending: Vec::new(),
            writer: None,
            failed: false,
            stats: CacheStats {
                pack: state,
                ..CacheStats::default()
            },
            // Until proven otherwise (a miss, a dropped entry), a loaded pack is right.
            dirty: state != PackState::Loaded,
        };
        Some(Session { pack, rec })
    }

    /// Where this session's pack lives.
    pub fn pack_path(&self) -> &Path {
        &self.pack.path
    }

    /// The pack as read at the start.
    pub fn pack(&self) -> &Pack {
        &self.pack
    }

    /// The pack to look files up in (shared) and the recorder of outcomes (exclusive).
    pub fn parts(&mut self) -> (&Pack, &mut Recorder) {
        (&self.pack, &mut self.rec)
    }

    /// Writes the new pack if anything changed (atomically: readers see the old pack or the new
    /// one) and returns what happened. A failed write only costs the next open its speed.
    pub fn finish(self) -> CacheStats {
        let Session { pack, mut rec } = self;
        let kept = rec.pending.len() + rec.writer.as_ref().map_or(0, |w| w.index.len());
        if kept != pack.entries.len() {
            // Files were removed from the corpus (or never cached): the pack is out of date.
            rec.dirty = true;
        }
        if rec.dirty {
            rec.open_writer(&pack);
            if let Some(w) = rec.writer.take() {
                rec.stats.written = w.commit(&rec.path).is_ok();
            }
        }
        rec.stats
    }

    /// Encodes a freshly parsed file for the next pack (run it on the worker thread, it costs).
    /// A file that gave no article is not cached: whatever stopped it may be gone next time.
    pub fn encode(
        key: Option<FileKey>,
        loaded: Option<&(Article, Vec<Event>)>,
        diags: &[Diagnostic],
    ) -> Option<(FileKey, Vec<u8>)> {
        let (art, evs) = loaded?;
        let bytes = payload::encode(art, evs, diags)?;
        Some((key?, bytes))
    }
}

impl Pack {
    fn read(&mut self) -> PackState {
        let file = match std::fs::File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return PackState::Missing,
            Err(_) => return PackState::Corrupt,
        };
        let Ok(len) = file.metadata().map(|m| m.len()) else {
            return PackState::Corrupt;
        };
        let mut header = [0u8; HEADER_LEN];
        let mut footer = [0u8; FOOTER_LEN];
        let Some(footer_at) = len.checked_sub((HEADER_LEN + FOOTER_LEN) as u64) else {
            return PackState::Corrupt;
        };
        let footer_at = footer_at + HEADER_LEN as u64;
        if read_at(&file, 0, &mut header).is_err()
            || read_at(&file, footer_at, &mut footer).is_err()
        {
            return PackState::Corrupt;
        }
        let u32_at = |b: &[u8], i: usize| {
            let mut a = [0u8; 4];
            a.copy_from_slice(&b[i..i + 4]);
            u32::from_le_bytes(a)
        };
        let u64_at = |b: &[u8], i: usize| {
            let mut a = [0u8; 8];
            a.copy_from_slice(&b[i..i + 8]);
            u64::from_le_bytes(a)
        };
        if &header[..8] != MAGIC || u32_at(&header, 12) != 0 || &footer[16..] != END {
            return PackState::Corrupt;
        }
        if u32_at(&header, 8) != FORMAT || u64_at(&header, 16) != self.context {
            return PackState::Stale;
        }
        let Some(index_start) = footer_at
            .checked_sub(u64_at(&footer, 0))
            .filter(|&s| s >= HEADER_LEN as u64)
        else {
            return PackState::Corrupt;
        };
        let Ok(index_len) = usize::try_from(footer_at - index_start) else {
            return PackState::Corrupt;
        };
        let mut index = vec![0u8; index_len];
        if read_at(&file, index_start, &mut index).is_err()
            || checksum(&index) != u64_at(&footer, 8)
        {
            return PackState::Corrupt;
        }
        let Ok(list) = postcard::from_bytes::<Vec<IndexEntry>>(&index) else {
            return PackState::Corrupt;
        };
        self.entries = (list.iter().enumerate())
            .map(|(i, e)| (e.path.clone(), i))
            .collect();
        self.list = list;
        self.index_start = index_start;
        self.file = Some(file);
        PackState::Loaded
    }

    /// Looks a discovered file up. Safe to call from several threads.
    pub fn lookup(&self, file: &FileRef) -> Lookup {
        self.lookup_with(file, None)
    }

    /// [`Pack::lookup`], using `prefetched` (from [`Prefetched::take`]) instead of decoding the
    /// entry again when there is one. The file is checked against its entry all the same.
    pub fn lookup_with(&self, file: &FileRef, prefetched: Option<Option<Decoded>>) -> Lookup {
        let Some(key) = FileKey::of(&file.path) else {
            return Lookup::Miss {
                key: None,
                damaged: false,
            };
        };
        let entry = self
            .position(file)
            .map(|i| &self.list[i])
            .filter(|e| e.key == key);
        let Some(e) = entry else {
            return Lookup::Miss {
                key: Some(key),
                damaged: false,
            };
        };
        match prefetched.unwrap_or_else(|| self.decode(e)) {
            Some((art, evs, diags)) => Lookup::Hit(Some((art, evs)), diags),
            None => Lookup::Miss {
                key: Some(key),
                damaged: true,
            },
        }
    }

    /// Where `file`'s entry is in the index.
    fn position(&self, file: &FileRef) -> Option<usize> {
        self.entries
            .get(file.path.as_os_str().as_encoded_bytes())
            .copied()
    }

    /// Decodes entries in index order on the rayon pool until `stop` is set, for
    /// [`Pack::lookup_with`]. Run while the corpus folders are walked: the walk keeps one core
    /// busy for tens of milliseconds on a big corpus, and the files it will find are, unless the
    /// corpus changed, the ones the index lists in that order. What is not taken is dropped.
    pub fn prefetch(&self, stop: &std::sync::atomic::AtomicBool) -> Prefetched {
        use rayon::prelude::*;
        /// Entries per round: small, so a finished walk is noticed soon.
        const ROUND: usize = 32;
        let mut out = HashMap::new();
        for (r, round) in self.list.chunks(ROUND).enumerate() {
            if stop.load(std::sync::atomic::Ordering::Relaxed) {
                break;
            }
            let decoded: Vec<(usize, Option<Decoded>)> = (round.par_iter().enumerate())
                .map(|(i, e)| (r * ROUND + i, self.decode(e)))
                .collect();
            out.extend(decoded);
        }
        Prefetched(out)
    }

    /// Reads an entry's payload into `buf` (reused, so a warm open does not allocate and free a
    /// buffer per file); `false` unless it lies inside the payload area and matches its checksum.
    fn payload_into(&self, e: &IndexEntry, buf: &mut Vec<u8>) -> bool {
        let Some(file) = self.file.as_ref() else {
            return false;
        };
        let (Some(end), Ok(len)) = (e.offset.checked_add(e.len), usize::try_from(e.len)) else {
            return false;
        };
        if e.offset < HEADER_LEN as u64 || end > self.index_start {
            return false;
        }
        buf.clear();
        buf.resize(len, 0);
        read_at(file, e.offset, buf).is_ok() && checksum(buf) == e.sum
    }

    fn decode(&self, e: &IndexEntry) -> Option<Decoded> {
        thread_local! {
            static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        BUF.with_borrow_mut(|buf| {
            if self.payload_into(e, buf) {
                payload::decode(buf)
            } else {
                None
            }
        })
    }
}

impl Recorder {
    /// Records the outcome for one file, in path order: a hit keeps its entry, a miss adds `new`
    /// (from [`Session::encode`]; `damaged` as [`Lookup::Miss`] said).
    pub fn record(&mut self, pack: &Pack, file: &FileRef, outcome: Outcome) {
        let path = file.path.as_os_str().as_encoded_bytes();
        let at = pack.position(file);
        // Overlapping roots can name a file twice; the pack keeps it once.
        let first = match at.and_then(|i| self.seen.get_mut(i)) {
            Some(seen) => !std::mem::replace(seen, true),
            None => self.recorded.insert(path.to_vec()),
        };
        if !first {
            return;
        }
        match outcome {
            Outcome::Hit => {
                self.stats.hits += 1;
                if let Some(i) = at {
                    self.keep(pack, i);
                }
            }
            Outcome::Miss { damaged, new } => {
                self.stats.misses += 1;
                self.stats.damaged += usize::from(damaged);
                self.dirty = true;
                self.open_writer(pack);
                if let (Some(w), Some((key, bytes))) = (self.writer.as_mut(), new) {
                    let sum = checksum(&bytes);
                    if w.entry(path.to_vec(), key, &bytes, sum).is_err() {
                        self.fail();
                    }
                }
            }
        }
    }

    /// Keeps an entry of the old pack: noted while nothing changed, copied once writing.
    fn keep(&mut self, pack: &Pack, i: usize) {
        let Some(w) = self.writer.as_mut() else {
            self.pending.push(i);
            return;
        };
        let Some(e) = pack.list.get(i) else {
            self.fail();
            return;
        };
        let mut bytes = Vec::new();
        let ok = pack.payload_into(e, &mut bytes)
            && w.entry(e.path.clone(), e.key, &bytes, e.sum).is_ok();
        if !ok {
            self.fail();
        }
    }

    /// Starts the new pack (once), copying the entries kept so far.
    fn open_writer(&mut self, pack: &Pack) {
        if self.writer.is_some() || self.failed {
            return;
        }
        match Writer::create(&self.path, self.context) {
            Ok(w) => {
                self.writer = Some(w);
                for i in std::mem::take(&mut self.pending) {
                    self.keep(pack, i);
                }
            }
            Err(_) => self.fail(),
        }
    }

    /// A write failed (disk full, folder gone): drop the new pack, the old one stays.
    fn fail(&mut self) {
        self.failed = true;
        self.writer = None;
        self.pending.clear();
    }
}

/// Reads exactly `buf.len()` bytes at `offset`, without moving a shared file position (the worker
/// threads read the pack at once).
#[cfg(unix)]
fn read_at(file: &std::fs::File, offset: u64, buf: &mut [u8]) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &std::fs::File, mut offset: u64, mut buf: &mut [u8]) -> std::io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut std::mem::take(&mut buf)[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

/// A path made absolute with symlinks resolved as far as it exists (the rest may not exist yet).
fn resolve(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    for base in abs.ancestors() {
        if let Ok(real) = base.canonicalize() {
            let rest = abs.strip_prefix(base).unwrap_or(Path::new(""));
            return real.join(rest);
        }
    }
    abs
}

/// Everything besides a file's own bytes that its parse result depends on.
fn context_hash(knowledge: &crate::knowledge::Knowledge, options: &LoadOptions) -> u64 {
    let mut h = Hasher::new();
    h.write(&FORMAT.to_le_bytes());
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    h.write(&[0]);
    // The running binary: a rebuild (new extraction rules, new bundled knowledge) invalidates.
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
    {
        h.write(&meta.len().to_le_bytes());
        if let Ok(d) = meta
            .modified()
            .map(|m| m.duration_since(UNIX_EPOCH).unwrap_or_default())
        {
            h.write(&d.as_nanos().to_le_bytes());
        }
    }
    h.write(&options.max_file_size.to_le_bytes());
    // The knowledge base itself, whatever it was merged from: a changed alias changes events.
    let k = knowledge;
    h.write(&serde_json::to_vec(&(&k.platforms, &k.companies, &k.features)).unwrap_or_default());
    h.finish()
}

/// A fast 64-bit checksum for detecting damage (not an adversary): each 8-byte word is mixed in
/// by a bijective step, so any single changed word always changes the result; the length is
/// folded in, so truncation is caught too. Stable across Rust versions, unlike `DefaultHasher`.
///
/// Every byte of a pack goes through it on a warm open, so the words are spread over four
/// independent lanes (word `i` of each 32-byte chunk to lane `i`) that the CPU mixes in parallel;
/// the lanes, the length and the tail then go through one `Hasher`. Each step stays bijective,
/// so the single-word guarantee holds.
pub fn checksum(data: &[u8]) -> u64 {
    let mut lanes = [
        Hasher::new(),
        Hasher::seeded(1),
        Hasher::seeded(2),
        Hasher::seeded(3),
    ];
    let mut chunks = data.chunks_exact(32);
    for c in &mut chunks {
        for (lane, w) in lanes.iter_mut().zip(c.chunks_exact(8)) {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            lane.word(u64::from_le_bytes(b));
        }
    }
    let mut h = Hasher::new();
    for lane in &lanes {
        h.write(&lane.h.to_le_bytes());
    }
    h.write(&(data.len() as u64).to_le_bytes());
    h.write(chunks.remainder());
    h.finish()
}

struct Hasher {
    h: u64,
    len: u64,
}

impl Hasher {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;

    fn new() -> Self {
        Self::seeded(0)
    }

    /// A hasher whose start differs by `seed` (for the lanes of [`checksum`]).
    fn seeded(seed: u64) -> Self {
        Hasher {
            h: 0x243F_6A88_85A3_08D3 ^ seed.wrapping_mul(Self::K),
            len: 0,
        }
    }

    fn word(&mut self, w: u64) {
        self.h = (self.h ^ w).wrapping_mul(Self::K).rotate_left(29);
    }

    fn write(&mut self, data: &[u8]) {
        self.len = self.len.wrapping_add(data.len() as u64);
        let mut chunks = data.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.word(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            // Mark the tail's length so "ab" and "ab\0" differ.
            self.word(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
        }
    }

    fn finish(&self) -> u64 {
        // murmur3's fmix64 over the state and the length.
        let mut z = self.h ^ self.len.wrapping_mul(Self::K);
        z = (z ^ (z >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        z = (z ^ (z >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        z ^ (z >> 33)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_sees_flips_and_truncation() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let base = checksum(&data);
        for i in [0, 7, 8, 31, 32, 500, 990, 999] {
            let mut d = data.clone();
            d[i] ^= 0x01;
            assert_ne!(checksum(&d), base, "flip at {i}");
        }
        assert_ne!(checksum(&data[..999]), base);
        assert_ne!(checksum(&data[..992]), base);
        assert_ne!(checksum(&data[..960]), checksum(&data[..992]));
        // Swapping two words of one chunk moves them between lanes: seen.
        let mut d = data.clone();
        d[..8].copy_from_slice(&data[8..16]);
        d[8..16].copy_from_slice(&data[..8]);
        assert_ne!(checksum(&d), base);
        assert_eq!(checksum(&data), base);
    }

    /// A pack with one entry for `file`, whose payload is `bytes` under a correct checksum.
    fn pack_with(dir: &Path, file: &Path, bytes: &[u8]) -> Pack {
        let path = dir.join("pack.bin");
        let key = FileKey::of(file).unwrap();
        let name = file.as_os_str().as_encoded_bytes().to_vec();
        let mut w = Writer::create(&path, 7).unwrap();
        w.entry(name, key, bytes, checksum(bytes)).unwrap();
        w.commit(&path).unwrap();
        let mut pack = Pack {
            path,
            context: 7,
            file: None,
            index_start: 0,
            list: Vec::new(),
            entries: HashMap::new(),
        };
        assert_eq!(pack.read(), PackState::Loaded);
        pack
    }

    /// A one-paragraph article `a.md` in `dir`, and its reference.
    fn article_file(dir: &Path) -> (PathBuf, FileRef) {
        let file = dir.join("a.md");
        std::fs::write(&file, "---\ntitle: 标题\n---\n<p>微信上线群聊</p>").unwrap();
        let file_ref = FileRef {
            id: "a".into(),
            path: file.clone(),
            size: 0,
        };
        (file, file_ref)
    }

    /// Sets the file's modification time `secs` seconds back.
    fn backdate(file: &Path, secs: u64) {
        let f = std::fs::File::options().write(true).open(file).unwrap();
        f.set_modified(SystemTime::now() - Duration::from_secs(secs))
            .unwrap();
    }

    #[test]
    fn a_payload_with_a_good_checksum_that_does_not_decode_is_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let (file, file_ref) = article_file(dir.path());
        backdate(&file, 3600);
        let (art, diags) = crate::corpus::load_file(&file_ref, &LoadOptions::default());
        let art = art.unwrap();
        let good = payload::encode(&art, &[], &diags).unwrap();

        let pack = pack_with(dir.path(), &file, &good);
        match pack.lookup(&file_ref) {
            Lookup::Hit(Some((a, evs)), d) => {
                assert_eq!((a, evs, d), (art.clone(), vec![], diags.clone()));
            }
            _ => panic!("an intact entry is a hit"),
        }
        // The last byte of the block text made invalid UTF-8: the checksum cannot see it (it was
        // computed after), decoding must.
        let mut bad = good.clone();
        *bad.last_mut().unwrap() = 0xff;
        let pack = pack_with(dir.path(), &file, &bad);
        assert!(matches!(
            pack.lookup(&file_ref),
            Lookup::Miss { damaged: true, .. }
        ));
    }

    #[test]
    fn prefetched_entries_are_still_checked_against_their_file() {
        let dir = tempfile::tempdir().unwrap();
        let (file, file_ref) = article_file(dir.path());
        let age = |secs| backdate(&file, secs);
        age(3600);
        let (art, diags) = crate::corpus::load_file(&file_ref, &LoadOptions::default());
        let art = art.unwrap();
        let pack = pack_with(
            dir.path(),
            &file,
            &payload::encode(&art, &[], &diags).unwrap(),
        );

        let stop = std::sync::atomic::AtomicBool::new(false);
        let mut early = pack.prefetch(&stop);
        let taken = early.take(&pack, &file_ref);
        assert!(matches!(taken, Some(Some(_))), "decoded ahead");
        assert!(early.take(&pack, &file_ref).is_none(), "taken once");
        assert!(matches!(
            pack.lookup_with(&file_ref, taken),
            Lookup::Hit(Some(_), _)
        ));

        // The file changed after the pack was written: its prefetched entry must not be used.
        let mut early = pack.prefetch(&stop);
        age(1800);
        let taken = early.take(&pack, &file_ref);
        assert!(taken.is_some());
        assert!(matches!(
            pack.lookup_with(&file_ref, taken),
            Lookup::Miss {
                damaged: false,
                key: Some(_)
            }
        ));

        // Stopped before it started: nothing decoded, lookups decode as usual.
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        assert!(pack.prefetch(&stop).take(&pack, &file_ref).is_none());
    }

    #[test]
    fn hasher_separates_tails() {
        assert_ne!(checksum(b"ab"), checksum(b"ab\0"));
        assert_ne!(checksum(b""), checksum(b"\0"));
    }
}
