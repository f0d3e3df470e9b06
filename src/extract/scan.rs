//! One pass over a block for everything the extractor looks up in it: names, cue words and the
//! places a time expression may begin.
//!
//! One Aho–Corasick automaton holds all three word lists and reports every occurrence
//! (overlapping); each list then keeps its own leftmost-longest reading, exactly as if it had been
//! scanned alone. So a name and a cue word never hide each other here (that is decided later,
//! with the sentence in view), and the text is read once instead of three times.

use super::dates;
use super::mentions::{Mention, Names};
use super::status::{self, Cue, CueHit};
use crate::knowledge::Knowledge;
use std::ops::Range;
use table::{Draft, StateId, Table};

mod table;

/// The combined automaton of a knowledge base.
#[derive(Debug, Clone)]
pub struct Scanner {
    /// `None` only for a knowledge base whose table has more than 2^32 cells.
    automaton: Option<Automaton>,
    names: Names,
    /// Pattern ids: names (with shadows) below `cues_from`, cue words below `dates_from`,
    /// time-expression triggers below `digits_from`, then [`digit_units`].
    cues_from: usize,
    dates_from: usize,
    digits_from: usize,
}

/// What the automaton looks for in place of the digit triggers: a digit followed by 年 or 月.
///
/// A number begins a time expression only when 年 or 月 follows it right away (see
/// `dates::expr_at`); every other digit, about four in five in the corpora (the rest of a number,
/// prices, counts), would come back as a start for `dates` to refuse. So the scanner matches the
/// last digit with its unit and walks back to the number's first digit ([`number_start`]): a match
/// every time expression rather than every digit.
fn digit_units() -> impl Iterator<Item = String> {
    let digits = ('0'..='9').chain('０'..='９');
    digits.flat_map(|d| ['年', '月'].map(|unit| format!("{d}{unit}")))
}

/// Records the start of the number before the unit (年 or 月, the last three bytes) ending at
/// `end` of text `i` (out of line: a number's unit is one match in forty, and its walk back
/// would crowd the registers of every other one).
#[cold]
#[inline(never)]
fn number_found(texts: &[&str], i: usize, end: usize, hits: &mut Hits) {
    let text = texts.get(i).map_or(&[][..], |t| t.as_bytes());
    hits.date_starts.extend(number_start(text, end - 3));
}

/// Whether `word` is one digit, which [`digit_units`] stand in for.
fn is_digit_trigger(word: &str) -> bool {
    let mut chars = word.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && chars.next().is_none()
}

/// Where the number whose last digit ends at byte `end` begins: the first of the run of ASCII and
/// fullwidth digits (EF BC 90..99) before `end`. `None` when that run is inside a number (a decimal
/// point before it: `3.5年`), which no time expression begins with either.
fn number_start(bytes: &[u8], end: usize) -> Option<usize> {
    let mut i = end;
    loop {
        match bytes.get(..i)? {
            [.., b'0'..=b'9'] => i -= 1,
            [.., 0xEF, 0xBC, 0x90..=0x99] => i -= 3,
            [.., b'.'] | [.., 0xEF, 0xBC, 0x8E] => return None,
            _ => return Some(i),
        }
    }
}

/// What one block holds, with byte offsets into its text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Found<'s> {
    /// Names, leftmost-longest among names.
    pub mentions: &'s [Mention],
    /// Every occurrence of a cue word, overlapping, in no particular order, for a text that
    /// names something (none otherwise: a window without a name states nothing, so its cues are
    /// never read, and two thirds of all matches are cue words, many of one character).
    cue_hits: &'s [CueAt],
    /// Where a time expression may begin, ascending.
    pub date_starts: &'s [usize],
}

/// What [`Scanner::scan_all`] found in each of several texts, kept in three shared lists (a few
/// allocations per article rather than several per block).
#[derive(Debug, Clone, Default)]
pub struct Scans {
    mentions: Vec<Mention>,
    cue_hits: Vec<CueAt>,
    date_starts: Vec<usize>,
    /// Per text: its part of each list.
    parts: Vec<[Range<usize>; 3]>,
}

/// Text bytes whose usual matches a thread keeps room for from article to article (see
/// [`Scans::for_reuse`]); a bigger article's room is given back.
const KEEP_ROOM_FOR: usize = 1024 * 1024;

impl Scans {
    /// The emptied lists, for the thread's next article, with room for at most what
    /// [`KEEP_ROOM_FOR`] bytes of text usually hold: one huge article must not leave its room
    /// held for the rest of a long session.
    pub fn for_reuse(mut self) -> Self {
        self.clear();
        self.mentions.shrink_to(KEEP_ROOM_FOR / BYTES_PER_NAME);
        self.cue_hits.shrink_to(KEEP_ROOM_FOR / BYTES_PER_CUE);
        self.date_starts.shrink_to(KEEP_ROOM_FOR / BYTES_PER_DATE);
        self.parts.shrink_to(KEEP_ROOM_FOR / 256);
        self
    }

    /// Empties every list, keeping its room.
    fn clear(&mut self) {
        self.mentions.clear();
        self.cue_hits.clear();
        self.date_starts.clear();
        self.parts.clear();
    }

    /// Makes room for what `bytes` of text usually hold.
    fn reserve(&mut self, bytes: usize) {
        self.mentions.reserve(bytes / BYTES_PER_NAME);
        self.cue_hits.reserve(bytes / BYTES_PER_CUE);
        self.date_starts.reserve(bytes / BYTES_PER_DATE);
    }

    /// What text `i` holds (nothing for an index past the texts).
    pub fn get(&self, i: usize) -> Found<'_> {
        let Some([m, c, d]) = self.parts.get(i) else {
            return Found::default();
        };
        Found {
            mentions: &self.mentions[m.clone()],
            cue_hits: &self.cue_hits[c.clone()],
            date_starts: &self.date_starts[d.clone()],
        }
    }
}

/// Bytes of text per match, roughly, of each list (generous for Chinese prose, where a cue word
/// or a digit comes every few characters: about one cue word in 32 bytes in the corpora): what
/// [`Scans`] and [`Hits`] make room for up front.
const BYTES_PER_NAME: usize = 64;
const BYTES_PER_CUE: usize = 16;
const BYTES_PER_DATE: usize = 32;

/// One occurrence: start, end, pattern id.
type Hit = (usize, usize, usize);

/// The buffer [`Scanner::cues_into`] sorts a block's cue words in.
#[derive(Default)]
pub struct CueWork(Vec<CueAt>);

/// One occurrence of a cue word as one number that orders as [`sort_leftmost_first`] does
/// (start, then the longest first, then the word): a block's cue words are sorted as plain
/// integers, and a step into a cue word's state stores one word.
///
/// Start in the top 40 bits, then 255 less the length (8 bits), then the word (16 bits): the
/// cue words are a fixed list of short words (see `cue_words_fit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct CueAt(u64);

impl CueAt {
    fn new(start: usize, len: usize, k: usize) -> Self {
        let short = 0xFF - (len as u64 & 0xFF);
        Self((start as u64) << 24 | short << 16 | (k as u64 & 0xFFFF))
    }

    /// The occurrence ending at `end` of a word whose [`CueAt::new`] at 0, less its length
    /// shifted as a start would be, is `value` (one addition per step into a cue word's state).
    fn at_end(end: usize, value: u64) -> Self {
        Self(((end as u64) << 24).wrapping_add(value))
    }

    fn start(self) -> usize {
        (self.0 >> 24) as usize
    }

    fn end(self) -> usize {
        self.start() + (0xFF - (self.0 >> 16 & 0xFF)) as usize
    }

    fn word(self) -> usize {
        (self.0 & 0xFFFF) as usize
    }
}

/// Whether every cue word fits a [`CueAt`].
fn cue_words_fit() -> bool {
    status::words().count() <= 1 << 16 && status::words().all(|w| w.len() <= 0xFF)
}

/// Keeps the leftmost-longest reading of a list's occurrences: from the left, the longest match
/// starting first, then the next one starting at or after its end (ties: the lower pattern id,
/// as the automaton would).
fn leftmost_longest(hits: &mut [Hit]) -> impl Iterator<Item = &Hit> {
    sort_leftmost_first(hits);
    let mut keep = leftmost_longest_filter();
    hits.iter().filter(move |h| keep(h))
}

/// Orders occurrences as [`leftmost_longest`] reads them: by start, the longest first, then by
/// pattern id.
fn sort_leftmost_first(hits: &mut [Hit]) {
    hits.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
}

/// Tells, for occurrences in [`sort_leftmost_first`] order, which ones [`leftmost_longest`]
/// keeps.
fn leftmost_longest_filter() -> impl FnMut(&Hit) -> bool {
    let mut next = 0;
    move |h| {
        if h.0 < next {
            return false;
        }
        next = h.1;
        true
    }
}

/// How many texts [`Scanner::scan_all`] walks at once.
const LANES: usize = 4;

/// Match states by what their words are, the automaton's ranks: a match of the first two ranks
/// is recorded with no look at its words' ids.
mod rank {
    /// One time-expression trigger (`今年`, `十月`…): it gives a start.
    pub const DATE: usize = 0;
    /// One cue word.
    pub const CUE: usize = 1;
    /// One name.
    pub const NAME: usize = 2;
    /// Several words, or a number's unit (see `digit_units`).
    pub const MIXED: usize = 3;
    pub const COUNT: usize = 4;
}

/// Every occurrence found so far in one text, by list.
#[derive(Debug, Default)]
struct Hits {
    names: Vec<Hit>,
    cues: Vec<CueAt>,
    date_starts: Vec<usize>,
}

impl Hits {
    /// Makes room for what `bytes` of text usually hold.
    fn reserve(&mut self, bytes: usize) {
        self.names.reserve(bytes / BYTES_PER_NAME);
        self.cues.reserve(bytes / BYTES_PER_CUE);
        self.date_starts.reserve(bytes / BYTES_PER_DATE);
    }

    fn clear(&mut self) {
        self.names.clear();
        self.cues.clear();
        self.date_starts.clear();
    }
}

/// The buffers of [`Scanner::scan_all`]'s walk, kept by each thread from call to call (one call
/// per article: allocating them every time, the match scratch alone copied 12 KB per article).
struct Work<S: StateId> {
    /// Per lane: the occurrences so far in its text.
    lanes: [Hits; LANES],
    steps: Steps<S>,
}

impl<S: StateId> Work<S> {
    fn new() -> Self {
        Self {
            lanes: Default::default(),
            steps: Steps::new(),
        }
    }
}

/// State numbers whose [`Work`] a thread keeps.
trait Reused: StateId {
    /// Runs `f` with this thread's buffers (fresh ones if they are in use).
    fn with_work<R>(f: impl FnOnce(&mut Work<Self>) -> R) -> R;
}

/// Implements [`Reused`] for a state type with a thread-local of its own.
macro_rules! reused {
    ($s:ty) => {
        impl Reused for $s {
            fn with_work<R>(f: impl FnOnce(&mut Work<Self>) -> R) -> R {
                thread_local! {
                    static WORK: std::cell::RefCell<Option<Work<$s>>> =
                        const { std::cell::RefCell::new(None) };
                }
                WORK.with(|work| match work.try_borrow_mut() {
                    Ok(mut work) => f(work.get_or_insert_with(Work::new)),
                    Err(_) => f(&mut Work::new()),
                })
            }
        }
    };
}
reused!(u16);
reused!(u32);

/// The word lists' automaton, with the smallest state type that holds its row offsets (two
/// bytes only for a small knowledge base).
#[derive(Debug, Clone)]
enum Automaton {
    Small(Table<u16>),
    Large(Table<u32>),
}

/// One call's walk: the table, the texts, and whether every text's cue words are wanted.
struct Walk<'a, S> {
    table: &'a Table<S>,
    texts: &'a [&'a str],
    all_cues: bool,
}

/// Walks [`LANES`] texts of equal length (at most [`CHUNK`] bytes) to their end, one byte of
/// each per step, leaving the states in `sids`; writes each match state reached, tagged with
/// its step and lane (`step * LANES + lane`), to `steps` and returns how many it wrote.
///
/// A step reaches a match in some lane about one time in five, too often and too irregularly
/// for a branch: each step writes every lane's tagged state (one store) and moves the write
/// position on only for a match.
#[inline(never)]
fn walk_chunk<S: StateId>(
    table: &Table<S>,
    bytes: [&[u8]; LANES],
    sids: &mut [S; LANES],
    steps: &mut Steps<S>,
) -> usize {
    let n = bytes.iter().map(|b| b.len()).min().unwrap_or(0).min(CHUNK);
    // Cut to one length, so indexing them by the step needs no bounds check.
    let bytes = bytes.map(|b| &b[..n]);
    let mut w = sids.map(S::wide);
    let mut found = 0;
    // `i` indexes every lane's bytes at once.
    #[allow(clippy::needless_range_loop)]
    for i in 0..n {
        let tag = (i * LANES) as u32;
        for lane in 0..LANES {
            let s = table.step_wide(w[lane], bytes[lane][i]);
            w[lane] = s.wide();
            // At most `LANES` writes per step and `CHUNK` steps: the mask changes nothing
            // but lets the compiler drop the bounds check.
            steps.0[found & (CHUNK * LANES - 1)] = s.tagged(tag + lane as u32);
            found += usize::from(table.is_match(s));
        }
    }
    *sids = w.map(S::from_wide);
    found.min(CHUNK * LANES)
}

/// Steps [`walk_chunk`] takes at most.
const CHUNK: usize = 256;

/// What a free lane walks: a byte no word holds (0xFF is never UTF-8), so it stays in the start
/// state and matches nothing.
static IDLE: [u8; CHUNK] = [0xFF; CHUNK];

/// Room for every lane matching at every step of a chunk.
struct Steps<S: StateId>(Box<[S::Step; CHUNK * LANES]>);

impl<S: StateId> Steps<S> {
    fn new() -> Self {
        Self(Box::new([S::Step::default(); CHUNK * LANES]))
    }
}

impl Scanner {
    pub fn new(knowledge: &Knowledge) -> Self {
        let names = Names::new(knowledge);
        let cues_from = names.words.len();
        let mut words: Vec<String> = names.words.clone();
        words.extend(status::words().map(str::to_string));
        debug_assert!(cue_words_fit(), "a cue word too long for a CueAt");
        let dates_from = words.len();
        words.extend(dates::triggers().filter(|w| !is_digit_trigger(w)));
        let digits_from = words.len();
        words.extend(digit_units());
        // No prefilter: every Chinese character shares its lead byte with some word, and nearly
        // half of them begin one, so nothing could be skipped.
        let draft = Draft::new(&words);
        let rank = |ids: &[u32]| {
            let list = |&k: &u32| match k as usize {
                k if k < cues_from => 0,
                k if k < dates_from => 1,
                k if k < digits_from => 2,
                _ => 3,
            };
            // One word (of which list) or several, without collecting them.
            let mut lists = ids.iter().map(list);
            match (lists.next(), lists.next()) {
                (Some(2), None) => rank::DATE,
                (Some(1), None) => rank::CUE,
                (Some(0), None) => rank::NAME,
                _ => rank::MIXED,
            }
        };
        // What a step into a state of one word of the first ranks gives, with its end: a date
        // trigger's start (end less the value), a cue word's `CueAt` (end, shifted, plus the
        // value), a name's id (above) and length (the low 32 bits).
        let value = |k: usize, len: usize| match k.checked_sub(cues_from) {
            Some(cue) if k < dates_from => {
                CueAt::new(0, len, cue).0.wrapping_sub((len as u64) << 24)
            }
            None => (k as u64) << 32 | len as u64,
            _ => len as u64,
        };
        let automaton = (draft.table(rank::COUNT, rank).map(|mut t| {
            t.set_values(value);
            Automaton::Small(t)
        }))
        .or_else(|| {
            draft.table(rank::COUNT, rank).map(|mut t| {
                t.set_values(value);
                Automaton::Large(t)
            })
        });
        Self {
            automaton,
            names,
            cues_from,
            dates_from,
            digits_from,
        }
    }

    /// Names, cue words and time-expression starts of `text`, in one pass; its cue words even if
    /// it names nothing.
    #[cfg(test)]
    pub fn scan(&self, text: &str) -> Scans {
        self.scan_texts(&[text], true, Scans::default())
    }

    /// [`Scanner::scan`] of each text (cue words only for a text that names something);
    /// [`Scans::get`] gives them back by index.
    ///
    /// Walks the automaton byte by byte itself rather than through an overlapping-match
    /// iterator (a block has a match every few characters: digits, `有`, `能`, and the iterator's
    /// per-match bookkeeping cost more than the walk), and walks [`LANES`] texts in lock-step:
    /// each step is a load from a table of about a megabyte that depends on the step before, so one
    /// walk mostly waits for memory while several independent ones overlap their waits.
    ///
    /// The lists come in those of an earlier [`Scans`] (emptied first): a thread scanning
    /// article after article passes the last one back, since fresh lists for every article,
    /// sized to it, took fresh memory (and its page faults) in a different size class each time.
    pub fn scan_all(&self, texts: &[&str], reused: Scans) -> Scans {
        self.scan_texts(texts, false, reused)
    }

    /// [`Scanner::scan_all`], with every text's cue words if `all_cues`, into `out`'s lists.
    fn scan_texts(&self, texts: &[&str], all_cues: bool, mut out: Scans) -> Scans {
        out.clear();
        out.parts.resize(texts.len(), [0..0, 0..0, 0..0]);
        match &self.automaton {
            Some(Automaton::Small(table)) => self.scan_with(table, texts, out, all_cues),
            Some(Automaton::Large(table)) => self.scan_with(table, texts, out, all_cues),
            None => out,
        }
    }

    /// [`Scanner::scan_texts`] with the automaton's table, into `out`.
    fn scan_with<S: Reused>(
        &self,
        table: &Table<S>,
        texts: &[&str],
        out: Scans,
        all_cues: bool,
    ) -> Scans {
        S::with_work(|work| {
            self.scan_in(
                &Walk {
                    table,
                    texts,
                    all_cues,
                },
                out,
                work,
            )
        })
    }

    /// [`Scanner::scan_with`] in the buffers `work`.
    fn scan_in<S: StateId>(&self, walk: &Walk<'_, S>, mut out: Scans, work: &mut Work<S>) -> Scans {
        let Walk { table, texts, .. } = *walk;
        let start = table.start();
        // Where the ranks after [`rank::DATE`] begin: one comparison tells what a match needs.
        let ranks = [rank::CUE, rank::NAME, rank::MIXED].map(|r| table.rank_start(r));
        let mut queue = texts.iter().enumerate().filter(|(_, t)| !t.is_empty());
        let Work { lanes, steps } = work;
        // The lists grow by a match every few characters: room for the usual density up front
        // saves growing each of them step by step for every article.
        let total: usize = texts.iter().map(|t| t.len()).sum();
        let longest = texts.iter().map(|t| t.len()).max().unwrap_or(0);
        out.reserve(total);
        for hits in lanes.iter_mut() {
            // Left over only if an earlier walk stopped half-way.
            hits.clear();
            hits.reserve(longest);
        }
        // Per lane: its text's index (`usize::MAX`: the lane is free), where the chunk starts
        // in it, and the bytes left. A free lane walks `IDLE` beside the rest, staying in the
        // start state (the last texts of an article finish together instead of one after
        // another), and `IDLE` is as long as a chunk, so the shortest text left says how long
        // the chunk is.
        let mut text = [usize::MAX; LANES];
        let mut at = [0; LANES];
        let mut rest: [&[u8]; LANES] = [&IDLE; LANES];
        let mut sids = [start; LANES];
        let mut busy = 0;
        for lane in 0..LANES {
            if let Some((i, t)) = queue.next() {
                (text[lane], rest[lane]) = (i, t.as_bytes());
                busy += 1;
            }
        }
        while busy > 0 {
            let n = rest.iter().fold(CHUNK, |n, r| n.min(r.len()));
            let found = walk_chunk(table, rest, &mut sids, steps);
            for &step in &steps.0[..found] {
                let (sid, tag) = S::untagged(step);
                let lane = tag as usize % LANES;
                let end = at[lane] + tag as usize / LANES + 1;
                let hits = &mut lanes[lane];
                if sid.index() < ranks[0] {
                    hits.date_starts.push(end - table.value(sid) as usize);
                } else if sid.index() < ranks[1] {
                    hits.cues.push(CueAt::at_end(end, table.value(sid)));
                } else if sid.index() < ranks[2] {
                    let value = table.value(sid);
                    let len = value as u32 as usize;
                    hits.names.push((end - len, end, (value >> 32) as usize));
                } else {
                    self.record(table, sid, texts, text[lane], end, hits);
                }
            }
            for lane in 0..LANES {
                if text[lane] == usize::MAX {
                    continue;
                }
                at[lane] += n;
                rest[lane] = rest[lane].get(n..).unwrap_or_default();
                if !rest[lane].is_empty() {
                    continue;
                }
                self.add(walk, text[lane], &mut lanes[lane], &mut out);
                sids[lane] = start;
                at[lane] = 0;
                (text[lane], rest[lane]) = match queue.next() {
                    Some((i, t)) => (i, t.as_bytes()),
                    None => {
                        busy -= 1;
                        (usize::MAX, &IDLE[..])
                    }
                };
            }
        }
        out
    }

    /// Sorts the occurrences ending in match state `sid` at byte `end` of `text` into their
    /// lists.
    fn record<S: StateId>(
        &self,
        table: &Table<S>,
        sid: S,
        texts: &[&str],
        i: usize,
        end: usize,
        hits: &mut Hits,
    ) {
        for &(k, len) in table.words(sid) {
            let (k, start) = (k as usize, end - len as usize);
            if k < self.cues_from {
                hits.names.push((start, end, k));
            } else if k < self.dates_from {
                hits.cues
                    .push(CueAt::new(start, len as usize, k - self.cues_from));
            } else if k < self.digits_from {
                hits.date_starts.push(start);
            } else {
                number_found(texts, i, end, hits);
            }
        }
    }

    /// Adds what text `i` holds, from every occurrence in it, to `out` and empties `hits`.
    fn add<S: StateId>(&self, walk: &Walk<'_, S>, i: usize, hits: &mut Hits, out: &mut Scans) {
        let text = walk.texts[i];
        let m = out.mentions.len();
        if !hits.names.is_empty() {
            let found = leftmost_longest(&mut hits.names)
                .filter_map(|&(s, e, k)| self.names.mention(text, k, s, e));
            out.mentions.extend(found);
        }
        let c = out.cue_hits.len();
        if walk.all_cues || out.mentions.len() > m {
            out.cue_hits.extend_from_slice(&hits.cues);
        }
        let d = out.date_starts.len();
        // Most texts hold no time expression now that digits are not starts by themselves.
        if let [_, _, ..] = hits.date_starts[..] {
            if !hits.date_starts.is_sorted() {
                hits.date_starts.sort_unstable();
            }
            hits.date_starts.dedup();
        }
        out.date_starts.extend_from_slice(&hits.date_starts);
        hits.clear();
        out.parts[i] = [
            m..out.mentions.len(),
            c..out.cue_hits.len(),
            d..out.date_starts.len(),
        ];
    }

    /// The cue words of a scanned block: leftmost-longest among cue words, without
    /// [`Cue::Ignore`].
    #[cfg(test)]
    pub fn cues(found: &Found) -> Vec<CueHit> {
        let mut out = Vec::new();
        Self::cues_into(found, &mut CueWork::default(), &mut out);
        out
    }

    /// [`Scanner::cues`] into `out` (emptied first), sorting in `work`: both are kept by the
    /// caller from block to block, since a block with names holds dozens of cue words.
    pub fn cues_into(found: &Found, work: &mut CueWork, out: &mut Vec<CueHit>) {
        let hits = &mut work.0;
        hits.clear();
        hits.extend_from_slice(found.cue_hits);
        hits.sort_unstable();
        let mut keep = leftmost_longest_filter();
        out.clear();
        out.extend(
            (hits.iter())
                .map(|&c| (c.start(), c.end(), c.word()))
                .filter(|h| keep(h))
                .map(|(start, end, k)| CueHit {
                    start,
                    end,
                    cue: status::cue(k),
                })
                .filter(|h| h.cue != Cue::Ignore),
        );
    }

    /// The time expressions of `text`, given what [`Scanner::scan`] found in it.
    pub fn dates(text: &str, found: &Found) -> Vec<dates::DateExpr> {
        dates::scan_at(text, found.date_starts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testkit::knowledge;

    /// The triggers find every place the character-by-character scanner finds an expression.
    #[test]
    fn dates_match_the_full_scan() {
        let s = Scanner::new(&knowledge());
        for text in [
            "2019年1月，…也就是这一年，…同年10月，次年上半年，去年底",
            "二十一月，十一月，十二月上线，十月，一月和九月",
            "3个月，12.626亿，109406万MAU，第3天，近十年，123月",
            "几个月过去，过去，早期推出，据报道前日，昨日，上个月",
            "２０２０年４月，2021年双11期间，2021年年底，从2019年下半年起",
            "今年十月，这个月，那一年，翌年，本月，目前，最近，最初",
        ] {
            let scans = s.scan(text);
            assert_eq!(
                Scanner::dates(text, &scans.get(0)),
                dates::scan(text),
                "{text}"
            );
        }
    }

    /// Lists passed back keep what they held for nothing, and a huge article's room is not kept.
    #[test]
    fn reused_lists_start_empty_and_keep_bounded_room() {
        let s = Scanner::new(&knowledge());
        let huge = "微信上线群聊，2021年3月。".repeat(200_000);
        let first = s.scan_all(&[&huge], Scans::default());
        assert!(first.mentions.capacity() > KEEP_ROOM_FOR / BYTES_PER_NAME);
        let reused = first.for_reuse();
        assert!(reused.mentions.capacity() <= KEEP_ROOM_FOR / BYTES_PER_NAME);
        assert!(reused.cue_hits.capacity() <= KEEP_ROOM_FOR / BYTES_PER_CUE);
        let again = s.scan_all(&["抖音测试私信", "快手"], reused);
        let fresh = s.scan_all(&["抖音测试私信", "快手"], Scans::default());
        for i in 0..2 {
            assert_eq!(again.get(i).mentions, fresh.get(i).mentions);
            assert_eq!(again.get(i).date_starts, fresh.get(i).date_starts);
            assert_eq!(Scanner::cues(&again.get(i)), Scanner::cues(&fresh.get(i)));
        }
        assert!(again.get(2).mentions.is_empty());
    }

    #[test]
    fn names_and_cues_do_not_hide_each_other() {
        let s = Scanner::new(&knowledge());
        // 测试 is a cue; 派对岛 a name; both are kept whatever overlaps.
        let scans = s.scan("字节跳动测试派对岛");
        let found = scans.get(0);
        assert_eq!(found.mentions.len(), 2);
        assert!(
            Scanner::cues(&found)
                .iter()
                .any(|c| c.cue == Cue::Status(crate::extract::Status::Testing))
        );
    }

    #[test]
    #[ignore = "manual: prints the automaton's size"]
    fn automaton_size() {
        fn show<S: StateId>(table: &Table<S>) {
            println!(
                "automaton: {} bytes, {} states in slots of {} cells",
                table.memory_usage(),
                table.states(),
                table.slot(),
            );
        }
        let k = crate::embedded::knowledge().unwrap();
        match &Scanner::new(&k).automaton {
            Some(Automaton::Small(table)) => show(table),
            Some(Automaton::Large(table)) => show(table),
            None => panic!("no automaton"),
        }
    }

    /// What a scanned text holds, as plain values.
    #[derive(Debug, PartialEq)]
    struct Read {
        mentions: Vec<Mention>,
        cues: Vec<CueHit>,
        /// The time expressions found from the date starts: the scanner leaves out starts that
        /// begin none, so the starts themselves may differ.
        dates: Vec<dates::DateExpr>,
    }

    fn read(text: &str, found: &Found) -> Read {
        Read {
            mentions: found.mentions.to_vec(),
            cues: Scanner::cues(found),
            dates: Scanner::dates(text, found),
        }
    }

    /// The reading the scanner must give, the slow way: the overlapping-match iterator of an
    /// Aho–Corasick automaton (standard semantics, ASCII case-insensitive) over all three word
    /// lists, each list then read leftmost-longest (the date list: every distinct start, read
    /// by `dates`).
    fn by_automaton(s: &Scanner, text: &str) -> Read {
        let words: Vec<String> = (s.names.words.iter().cloned())
            .chain(status::words().map(str::to_string))
            .chain(dates::triggers())
            .collect();
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(&words)
            .unwrap();
        let (mut names, mut cues, mut date_starts) = (Vec::new(), Vec::new(), Vec::new());
        for m in ac.find_overlapping_iter(text) {
            let k = m.pattern().as_usize();
            if k < s.cues_from {
                names.push((m.start(), m.end(), k));
            } else if k < s.dates_from {
                cues.push((m.start(), m.end(), k - s.cues_from));
            } else {
                date_starts.push(m.start());
            }
        }
        date_starts.sort_unstable();
        date_starts.dedup();
        Read {
            mentions: leftmost_longest(&mut names)
                .filter_map(|&(st, e, k)| s.names.mention(text, k, st, e))
                .collect(),
            cues: leftmost_longest(&mut cues)
                .map(|&(start, end, k)| CueHit {
                    start,
                    end,
                    cue: status::cue(k),
                })
                .filter(|h| h.cue != Cue::Ignore)
                .collect(),
            dates: dates::scan_at(text, &date_starts),
        }
    }

    fn bundled_scanner() -> &'static Scanner {
        static S: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
        S.get_or_init(|| Scanner::new(&crate::embedded::knowledge().unwrap()))
    }

    /// Text made of pieces of the scanner's own words (whole, cut, case flipped) and of the
    /// characters around them: where a difference would show.
    fn soup() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let s = bundled_scanner();
        let words: Vec<String> = (s.names.words.iter().cloned())
            .chain(status::words().map(str::to_string))
            .chain(dates::triggers())
            .collect();
        let piece = prop_oneof![
            4 => (proptest::sample::select(words), any::<u8>(), any::<bool>(), any::<bool>())
                .prop_map(|(w, cut, upper, cut_front)| {
                    let chars: Vec<char> = w.chars().collect();
                    let n = 1 + usize::from(cut) % chars.len();
                    let kept: String = if cut_front {
                        chars[chars.len() - n..].iter().collect()
                    } else {
                        chars[..n].iter().collect()
                    };
                    if upper { kept.to_ascii_uppercase() } else { kept }
                }),
            1 => "[a-zA-Z0-9 ]{1,4}",
            1 => "[0-9０-９.．]{1,6}[年月]",
            1 => "[０-９一二十月年上有同，。“”😀é]{1,3}",
            1 => "[\\u{4e00}-\\u{9fa5}]{1,3}",
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Several texts at once (the lanes, texts ending at different steps, empty ones)
        /// read as each alone by the automaton's overlapping iterator (cue words only where a
        /// text names something).
        #[test]
        fn scan_all_reads_as_the_overlapping_iterator(
            texts in proptest::collection::vec(soup(), 0..7)
        ) {
            let s = bundled_scanner();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let scans = s.scan_all(&refs, Scans::default());
            for (i, text) in texts.iter().enumerate() {
                let mut want = by_automaton(s, text);
                if want.mentions.is_empty() {
                    want.cues.clear();
                }
                proptest::prop_assert_eq!(read(text, &scans.get(i)), want, "{}", text);
            }
        }

        /// One text alone, with its cue words whatever it names.
        #[test]
        fn scan_reads_as_the_overlapping_iterator(text in soup()) {
            let s = bundled_scanner();
            proptest::prop_assert_eq!(read(&text, &s.scan(&text).get(0)), by_automaton(s, &text));
        }
    }

    #[test]
    fn cue_words_fit_a_cue_at() {
        assert!(cue_words_fit());
        let c = CueAt::new(1 << 30, 24, 700);
        assert_eq!(
            (c.start(), c.end(), c.word()),
            (1 << 30, (1 << 30) + 24, 700)
        );
        let mut hits = [(3, 6, 2), (0, 3, 1), (0, 6, 4), (0, 6, 0), (6, 9, 3)];
        let mut keys = hits.map(|(s, e, k)| CueAt::new(s, e - s, k));
        sort_leftmost_first(&mut hits);
        keys.sort_unstable();
        assert_eq!(keys.map(|c| (c.start(), c.end(), c.word())), hits);
    }

    #[test]
    fn each_list_reads_leftmost_longest() {
        let mut hits = vec![(0, 3, 1), (0, 6, 0), (3, 9, 2), (6, 9, 3), (6, 9, 4)];
        let kept: Vec<Hit> = leftmost_longest(&mut hits).copied().collect();
        assert_eq!(kept, vec![(0, 6, 0), (6, 9, 3)]);
    }
}
