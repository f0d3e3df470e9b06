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
//! magic "SSCACHE\0" | format u32 | 0u32 | context u64 | index_len u64 | index_sum u64
//! index (postcard Vec<IndexEntry>) | payloads (postcard (Article, Vec<Event>, Vec<Diagnostic>))
//! ```
//!
//! all integers little-endian. `context` hashes everything besides the file itself that the parse
//! result depends on: the cache format, the program version and the identity of the running binary
//! (size and mtime, so a rebuilt binary with changed extraction rules starts afresh), the knowledge
//! base and the load options. Each entry is keyed by the file's path, size and mtime (ns) and carries
//! a checksum of its payload. One pack (rather than a file per article) makes a warm open one read;
//! an entry-wise checksum lets one damaged entry be re-parsed without discarding the rest.

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
/// Bumped whenever the layout or the payload encoding changes.
const FORMAT: u32 = 1;
const HEADER_LEN: usize = 8 + 4 + 4 + 8 + 8 + 8;

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

/// One load's view of the cache: the pack as read at the start and the entries to write at the end.
pub struct Session {
    pack_path: PathBuf,
    context: u64,
    data: Vec<u8>,
    payload_start: usize,
    entries: HashMap<Vec<u8>, IndexEntry>,
    /// Entries for the next pack: reused ones point into `data`, new ones carry their bytes.
    next: Vec<(Vec<u8>, FileKey, Payload)>,
    recorded: std::collections::HashSet<Vec<u8>>,
    stats: CacheStats,
    /// True when the pack on disk differs from what this load would write.
    dirty: bool,
}

enum Payload {
    Old { offset: usize, len: usize, sum: u64 },
    New(Vec<u8>),
}

/// What happened to one file, for [`Session::record`].
pub enum Outcome {
    Hit,
    Miss {
        damaged: bool,
        /// The encoded entry, when the file may be cached.
        new: Option<(FileKey, Vec<u8>)>,
    },
}

/// The result of looking a file up.
pub enum Lookup {
    /// Taken from the cache.
    Hit(Option<(Article, Vec<Event>)>, Vec<Diagnostic>),
    /// Parse it, then hand the result to [`Session::encode`] and [`Session::record`].
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
    /// `knowledge_dir` is the `--data` folder (`None` for the bundled knowledge base, which is
    /// part of the binary and so covered by the binary's identity).
    pub fn open(
        dir: &Path,
        roots: &[PathBuf],
        knowledge_dir: Option<&Path>,
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
        let pack_path = dir.join(format!("corpus-{:016x}.bin", h.finish()));
        let context = context_hash(knowledge_dir, options);
        let mut s = Session {
            pack_path,
            context,
            data: Vec::new(),
            payload_start: 0,
            entries: HashMap::new(),
            next: Vec::new(),
            recorded: Default::default(),
            stats: CacheStats::default(),
            dirty: true,
        };
        s.stats.pack = s.read_pack();
        Some(s)
    }

    /// Where this session's pack lives.
    pub fn pack_path(&self) -> &Path {
        &self.pack_path
    }

    fn read_pack(&mut self) -> PackState {
        let data = match std::fs::read(&self.pack_path) {
            Ok(d) => d,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return PackState::Missing,
            Err(_) => return PackState::Corrupt,
        };
        let Some(header) = data.get(..HEADER_LEN) else {
            return PackState::Corrupt;
        };
        let u32_at =
            |i: usize| u32::from_le_bytes([header[i], header[i + 1], header[i + 2], header[i + 3]]);
        let u64_at = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&header[i..i + 8]);
            u64::from_le_bytes(b)
        };
        if &header[..8] != MAGIC || u32_at(12) != 0 {
            return PackState::Corrupt;
        }
        if u32_at(8) != FORMAT || u64_at(16) != self.context {
            return PackState::Stale;
        }
        let index_len = u64_at(24);
        let index_sum = u64_at(32);
        let Some(index) = usize::try_from(index_len)
            .ok()
            .and_then(|n| data.get(HEADER_LEN..HEADER_LEN.checked_add(n)?))
        else {
            return PackState::Corrupt;
        };
        if checksum(index) != index_sum {
            return PackState::Corrupt;
        }
        let Ok(list) = postcard::from_bytes::<Vec<IndexEntry>>(index) else {
            return PackState::Corrupt;
        };
        self.payload_start = HEADER_LEN + index.len();
        self.entries = list.into_iter().map(|e| (e.path.clone(), e)).collect();
        self.data = data;
        // Until proven otherwise (a miss, a dropped entry), the pack on disk is already right.
        self.dirty = false;
        PackState::Loaded
    }

    /// Looks a discovered file up. Safe to call from several threads.
    pub fn lookup(&self, file: &FileRef) -> Lookup {
        let Some(key) = FileKey::of(&file.path) else {
            return Lookup::Miss {
                key: None,
                damaged: false,
            };
        };
        let entry = self
            .entries
            .get(file.path.as_os_str().as_encoded_bytes())
            .filter(|e| e.key == key);
        let Some(e) = entry else {
            return Lookup::Miss {
                key: Some(key),
                damaged: false,
            };
        };
        match self.decode(e) {
            Some((art, evs, diags)) => Lookup::Hit(Some((art, evs)), diags),
            None => Lookup::Miss {
                key: Some(key),
                damaged: true,
            },
        }
    }

    fn payload(&self, e: &IndexEntry) -> Option<&[u8]> {
        let start = self
            .payload_start
            .checked_add(usize::try_from(e.offset).ok()?)?;
        let end = start.checked_add(usize::try_from(e.len).ok()?)?;
        let bytes = self.data.get(start..end)?;
        (checksum(bytes) == e.sum).then_some(bytes)
    }

    fn decode(&self, e: &IndexEntry) -> Option<(Article, Vec<Event>, Vec<Diagnostic>)> {
        postcard::from_bytes(self.payload(e)?).ok()
    }

    /// Encodes a freshly parsed file for the next pack (run it on the worker thread, it costs).
    /// A file that gave no article is not cached: whatever stopped it may be gone next time.
    pub fn encode(
        key: Option<FileKey>,
        loaded: Option<&(Article, Vec<Event>)>,
        diags: &[Diagnostic],
    ) -> Option<(FileKey, Vec<u8>)> {
        let (art, evs) = loaded?;
        let bytes = postcard::to_allocvec(&(art, evs, diags)).ok()?;
        Some((key?, bytes))
    }

    /// Records the outcome for one file, in path order: a hit keeps its entry, a miss adds `new`
    /// (from [`Session::encode`]; `damaged` as [`Lookup::Miss`] said).
    pub fn record(&mut self, file: &FileRef, outcome: Outcome) {
        let path = file.path.as_os_str().as_encoded_bytes().to_vec();
        // Overlapping roots can name a file twice; the pack keeps it once.
        if !self.recorded.insert(path.clone()) {
            return;
        }
        match outcome {
            Outcome::Hit => {
                self.stats.hits += 1;
                if let Some(e) = self.entries.get(&path) {
                    let old = Payload::Old {
                        offset: self.payload_start + e.offset as usize,
                        len: e.len as usize,
                        sum: e.sum,
                    };
                    self.next.push((path, e.key, old));
                }
            }
            Outcome::Miss { damaged, new } => {
                self.stats.misses += 1;
                self.stats.damaged += usize::from(damaged);
                self.dirty = true;
                if let Some((key, bytes)) = new {
                    self.next.push((path, key, Payload::New(bytes)));
                }
            }
        }
    }

    /// Writes the new pack if anything changed (atomically: readers see the old pack or the new
    /// one) and returns what happened. A failed write only costs the next open its speed.
    pub fn finish(mut self) -> CacheStats {
        if self.next.len() != self.entries.len() {
            // Files were removed from the corpus (or never cached): the pack is out of date.
            self.dirty = true;
        }
        if self.dirty {
            let bytes = self.build();
            self.stats.written = crate::export::write_atomic(&self.pack_path, &bytes).is_ok();
        }
        self.stats
    }

    fn build(&mut self) -> Vec<u8> {
        let mut index = Vec::with_capacity(self.next.len());
        let mut offset = 0u64;
        for (path, key, p) in &self.next {
            let (len, sum) = match p {
                Payload::Old { len, sum, .. } => (*len, *sum),
                Payload::New(b) => (b.len(), checksum(b)),
            };
            index.push(IndexEntry {
                path: path.clone(),
                key: *key,
                offset,
                len: len as u64,
                sum,
            });
            offset += len as u64;
        }
        let index = postcard::to_allocvec(&index).unwrap_or_default();
        let mut out = Vec::with_capacity(HEADER_LEN + index.len() + offset as usize);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&self.context.to_le_bytes());
        out.extend_from_slice(&(index.len() as u64).to_le_bytes());
        out.extend_from_slice(&checksum(&index).to_le_bytes());
        out.extend_from_slice(&index);
        // Consume the new payloads as they are copied so memory does not hold them twice.
        for (_, _, p) in std::mem::take(&mut self.next) {
            match p {
                Payload::Old { offset, len, .. } => {
                    out.extend_from_slice(&self.data[offset..offset + len]);
                }
                Payload::New(b) => out.extend_from_slice(&b),
            }
        }
        out
    }
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
fn context_hash(knowledge_dir: Option<&Path>, options: &LoadOptions) -> u64 {
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
    match knowledge_dir {
        None => h.write(b"embedded"),
        Some(dir) => {
            // Every YAML file of the folder, by name: whatever the knowledge loader reads.
            let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
                .map(|rd| rd.filter_map(|e| Some(e.ok()?.path())).collect())
                .unwrap_or_default();
            files
                .retain(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")));
            files.sort();
            for f in files {
                h.write(f.as_os_str().as_encoded_bytes());
                h.write(&[0]);
                h.write(&std::fs::read(&f).unwrap_or_default());
                h.write(&[0xff]);
            }
        }
    }
    h.finish()
}

/// A fast 64-bit checksum for detecting damage (not an adversary): each 8-byte word is mixed in
/// by a bijective step, so any single changed word always changes the result; the length is
/// folded in, so truncation is caught too. Stable across Rust versions, unlike `DefaultHasher`.
pub fn checksum(data: &[u8]) -> u64 {
    let mut h = Hasher::new();
    h.write(data);
    h.finish()
}

struct Hasher {
    h: u64,
    len: u64,
}

impl Hasher {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;

    fn new() -> Self {
        Hasher {
            h: 0x243F_6A88_85A3_08D3,
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
        for i in [0, 7, 8, 500, 999] {
            let mut d = data.clone();
            d[i] ^= 0x01;
            assert_ne!(checksum(&d), base, "flip at {i}");
        }
        assert_ne!(checksum(&data[..999]), base);
        assert_ne!(checksum(&data[..992]), base);
        assert_eq!(checksum(&data), base);
    }

    #[test]
    fn hasher_separates_tails() {
        assert_ne!(checksum(b"ab"), checksum(b"ab\0"));
        assert_ne!(checksum(b""), checksum(b"\0"));
    }
}
