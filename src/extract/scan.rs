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
    /// `None` only for a knowledge base of more than 2^32 automaton states.
    automaton: Option<Automaton>,
    names: Names,
    /// Pattern ids: names (with shadows) below `cues_from`, cue words below `dates_from`, then
    /// time-expression triggers.
    cues_from: usize,
    dates_from: usize,
}

/// What one block holds, with byte offsets into its text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Found<'s> {
    /// Names, leftmost-longest among names.
    pub mentions: &'s [Mention],
    /// Every occurrence of a cue word, overlapping, in no particular order: most blocks name
    /// nothing and never need their cues, so [`Scanner::cues`] reads them only on demand.
    cue_hits: &'s [Hit],
    /// Where a time expression may begin, ascending.
    pub date_starts: &'s [usize],
}

/// What [`Scanner::scan_all`] found in each of several texts, kept in three shared lists (a few
/// allocations per article rather than several per block).
#[derive(Debug, Clone, Default)]
pub struct Scans {
    mentions: Vec<Mention>,
    cue_hits: Vec<Hit>,
    date_starts: Vec<usize>,
    /// Per text: its part of each list.
    parts: Vec<[Range<usize>; 3]>,
}

impl Scans {
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

    /// Adds what one text holds, from every occurrence in it, and empties `hits`.
    fn add(&mut self, i: usize, text: &str, names: &Names, hits: &mut Hits) {
        let m = self.mentions.len();
        if !hits.names.is_empty() {
            let found = leftmost_longest(&mut hits.names)
                .filter_map(|&(s, e, k)| names.mention(text, k, s, e));
            self.mentions.extend(found);
        }
        let c = self.cue_hits.len();
        self.cue_hits.append(&mut hits.cues);
        let d = self.date_starts.len();
        hits.date_starts.sort_unstable();
        hits.date_starts.dedup();
        self.date_starts.append(&mut hits.date_starts);
        hits.names.clear();
        self.parts[i] = [
            m..self.mentions.len(),
            c..self.cue_hits.len(),
            d..self.date_starts.len(),
        ];
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

/// Every occurrence found so far in one text, by list.
#[derive(Debug, Default)]
struct Hits {
    names: Vec<Hit>,
    cues: Vec<Hit>,
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
struct Work<S> {
    lanes: [Lane<S>; LANES],
    matches: Vec<(usize, usize, S)>,
    scratch: Scratch<S>,
}

impl<S: StateId> Work<S> {
    fn new() -> Self {
        Self {
            lanes: Default::default(),
            matches: Vec::with_capacity(LANES * 64),
            scratch: Scratch::new(),
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

/// One text being walked (none: the lane is free): its index, the next byte, the state, and
/// the occurrences so far (buffers reused from text to text).
#[derive(Debug, Default)]
struct Lane<S> {
    text: Option<usize>,
    at: usize,
    sid: S,
    hits: Hits,
}

/// The word lists' automaton, with the smallest state numbers that can count its states.
#[derive(Debug, Clone)]
enum Automaton {
    Small(Table<u16>),
    Large(Table<u32>),
}

/// Walks [`LANES`] texts of equal length to their end, one byte of each per step, leaving the
/// states in `sids`; notes each match state reached as (lane, end byte, state) in `matches`.
///
/// A step reaches a match in some lane about one time in five, too often and too irregularly
/// for a branch: each step writes every lane's (lane, end, state) to `scratch` and moves the
/// write position on only for a match, and `matches` takes them a chunk at a time.
#[inline(never)]
fn walk_lanes<S: StateId>(
    table: &Table<S>,
    bytes: [&[u8]; LANES],
    sids: &mut [S; LANES],
    scratch: &mut Scratch<S>,
    matches: &mut Vec<(usize, usize, S)>,
) {
    let n = bytes.iter().map(|b| b.len()).min().unwrap_or(0);
    let mut s = *sids;
    let mut from = 0;
    while from < n {
        let to = n.min(from + CHUNK);
        let mut found = 0;
        // `i` indexes every lane's bytes at once.
        #[allow(clippy::needless_range_loop)]
        for i in from..to {
            for lane in 0..LANES {
                s[lane] = table.step(s[lane], bytes[lane][i]);
                // At most `LANES` writes per step and `CHUNK` steps: the mask changes nothing
                // but lets the compiler drop the bounds check.
                scratch.0[found & (CHUNK * LANES - 1)] =
                    (lane as u32, (i + 1 - from) as u32, s[lane]);
                found += usize::from(table.is_match(s[lane]));
            }
        }
        let found = &scratch.0[..found.min(CHUNK * LANES)];
        matches.extend(
            (found.iter()).map(|&(lane, end, sid)| (lane as usize, from + end as usize, sid)),
        );
        from = to;
    }
    *sids = s;
}

/// Steps [`walk_lanes`] takes between handing its matches on.
const CHUNK: usize = 256;

/// Room for every lane matching at every step of a chunk: (lane, end byte from the chunk's
/// start, state).
struct Scratch<S>(Box<[(u32, u32, S); CHUNK * LANES]>);

impl<S: StateId> Scratch<S> {
    fn new() -> Self {
        Self(Box::new([(0, 0, S::default()); CHUNK * LANES]))
    }
}

/// Walks the automaton from state `sid` over `bytes[at..]` to the next match state: the end of
/// the match and the state. Kept out of line and free of everything else so the state stays in
/// a register: the walk is one dependent table load per byte, and most of the scan's time.
#[inline(never)]
fn next_match<S: StateId>(
    table: &Table<S>,
    mut sid: S,
    bytes: &[u8],
    at: usize,
) -> Option<(usize, S)> {
    for (i, &b) in bytes.iter().enumerate().skip(at) {
        sid = table.step(sid, b);
        if table.is_match(sid) {
            return Some((i + 1, sid));
        }
    }
    None
}

impl Scanner {
    pub fn new(knowledge: &Knowledge) -> Self {
        let names = Names::new(knowledge);
        let cues_from = names.words.len();
        let mut words: Vec<String> = names.words.clone();
        words.extend(status::words().map(str::to_string));
        let dates_from = words.len();
        words.extend(dates::triggers());
        // No prefilter: every Chinese character shares its lead byte with some word, and nearly
        // half of them begin one, so nothing could be skipped.
        let draft = Draft::new(&words);
        let automaton =
            (draft.table().map(Automaton::Small)).or_else(|| draft.table().map(Automaton::Large));
        Self {
            automaton,
            names,
            cues_from,
            dates_from,
        }
    }

    /// Names, cue words and time-expression starts of `text`, in one pass.
    #[cfg(test)]
    pub fn scan(&self, text: &str) -> Scans {
        self.scan_all(&[text])
    }

    /// [`Scanner::scan`] of each text; [`Scans::get`] gives them back by index.
    ///
    /// Walks the automaton byte by byte itself rather than through an overlapping-match
    /// iterator (a block has a match every few characters: digits, `有`, `能`, and the iterator's
    /// per-match bookkeeping cost more than the walk), and walks [`LANES`] texts in lock-step:
    /// each step is a load from a table of about a megabyte that depends on the step before, so one
    /// walk mostly waits for memory while several independent ones overlap their waits.
    pub fn scan_all(&self, texts: &[&str]) -> Scans {
        let out = Scans {
            parts: vec![[0..0, 0..0, 0..0]; texts.len()],
            ..Scans::default()
        };
        match &self.automaton {
            Some(Automaton::Small(table)) => self.scan_with(table, texts, out),
            Some(Automaton::Large(table)) => self.scan_with(table, texts, out),
            None => out,
        }
    }

    /// [`Scanner::scan_all`] with the automaton's table, into `out`.
    fn scan_with<S: Reused>(&self, table: &Table<S>, texts: &[&str], out: Scans) -> Scans {
        S::with_work(|work| self.scan_in(table, texts, out, work))
    }

    /// [`Scanner::scan_with`] in the buffers `work`.
    fn scan_in<S: StateId>(
        &self,
        table: &Table<S>,
        texts: &[&str],
        mut out: Scans,
        work: &mut Work<S>,
    ) -> Scans {
        let start = table.start();
        let mut queue = texts.iter().enumerate().filter(|(_, t)| !t.is_empty());
        let Work {
            lanes,
            matches,
            scratch,
        } = work;
        // The lists grow by a match every few characters: room for the usual density up front
        // saves growing each of them step by step for every article.
        let total: usize = texts.iter().map(|t| t.len()).sum();
        let longest = texts.iter().map(|t| t.len()).max().unwrap_or(0);
        out.reserve(total);
        for lane in lanes.iter_mut() {
            // Left over only if an earlier walk stopped half-way.
            lane.text = None;
            lane.hits.clear();
            lane.hits.reserve(longest);
        }
        matches.clear();
        loop {
            for lane in lanes.iter_mut() {
                if lane.text.is_none() {
                    lane.text = queue.next().map(|(i, _)| i);
                    (lane.at, lane.sid) = (0, start);
                }
            }
            let busy = lanes.iter().filter(|l| l.text.is_some()).count();
            if busy == 0 {
                return out;
            }
            let text = |l: &Lane<S>| l.text.map_or(&[][..], |i| texts[i].as_bytes());
            if busy == LANES {
                let n = lanes
                    .iter()
                    .map(|l| text(l).len() - l.at)
                    .min()
                    .unwrap_or(0);
                let bytes = lanes.each_ref().map(|l| &text(l)[l.at..l.at + n]);
                let mut sids = lanes.each_ref().map(|l| l.sid);
                walk_lanes(table, bytes, &mut sids, scratch, matches);
                for (k, end, sid) in matches.drain(..) {
                    let lane = &mut lanes[k];
                    self.record(table, sid, lane.at + end, &mut lane.hits);
                }
                for (lane, sid) in lanes.iter_mut().zip(sids) {
                    lane.at += n;
                    lane.sid = sid;
                }
            } else {
                // Fewer texts left than lanes: each alone to its end.
                for lane in lanes.iter_mut() {
                    let bytes = text(lane);
                    while let Some((end, sid)) = next_match(table, lane.sid, bytes, lane.at) {
                        (lane.at, lane.sid) = (end, sid);
                        self.record(table, sid, end, &mut lane.hits);
                    }
                    lane.at = bytes.len();
                }
            }
            for lane in lanes.iter_mut() {
                if let Some(i) = lane.text
                    && lane.at == texts[i].len()
                {
                    out.add(i, texts[i], &self.names, &mut lane.hits);
                    lane.text = None;
                }
            }
        }
    }

    /// Sorts the occurrences ending in match state `sid` at byte `end` into their lists.
    fn record<S: StateId>(&self, table: &Table<S>, sid: S, end: usize, hits: &mut Hits) {
        for &(k, len) in table.words(sid) {
            let (k, start) = (k as usize, end - len as usize);
            if k < self.cues_from {
                hits.names.push((start, end, k));
            } else if k < self.dates_from {
                hits.cues.push((start, end, k - self.cues_from));
            } else {
                hits.date_starts.push(start);
            }
        }
    }

    /// The cue words of a scanned block: leftmost-longest among cue words, without
    /// [`Cue::Ignore`].
    pub fn cues(found: &Found) -> Vec<CueHit> {
        let mut hits = found.cue_hits.to_vec();
        sort_leftmost_first(&mut hits);
        let mut keep = leftmost_longest_filter();
        // By value, so the cue hits are collected into the copy's own allocation.
        (hits.into_iter())
            .filter(|h| keep(h))
            .map(|(start, end, k)| CueHit {
                start,
                end,
                cue: status::cue(k),
            })
            .filter(|h| h.cue != Cue::Ignore)
            .collect()
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
        let k = crate::embedded::knowledge().unwrap();
        let s = Scanner::new(&k);
        let Some(Automaton::Small(table)) = &s.automaton else {
            panic!("the bundled knowledge needs more than 65,536 states");
        };
        println!("automaton: {} bytes", table.memory_usage());
    }

    /// What a scanned text holds, as plain values.
    #[derive(Debug, PartialEq)]
    struct Read {
        mentions: Vec<Mention>,
        cues: Vec<CueHit>,
        date_starts: Vec<usize>,
    }

    fn read(found: &Found) -> Read {
        Read {
            mentions: found.mentions.to_vec(),
            cues: Scanner::cues(found),
            date_starts: found.date_starts.to_vec(),
        }
    }

    /// The reading the scanner must give, the slow way: the overlapping-match iterator of an
    /// Aho–Corasick automaton (standard semantics, ASCII case-insensitive) over all three word
    /// lists, each list then read leftmost-longest (the date list: every distinct start).
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
            date_starts,
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
            1 => "[０-９一二十月年上有同，。“”😀é]{1,3}",
            1 => "[\\u{4e00}-\\u{9fa5}]{1,3}",
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Several texts at once (the lanes, texts ending at different steps, empty ones)
        /// read as each alone by the automaton's overlapping iterator.
        #[test]
        fn scan_all_reads_as_the_overlapping_iterator(
            texts in proptest::collection::vec(soup(), 0..7)
        ) {
            let s = bundled_scanner();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let scans = s.scan_all(&refs);
            for (i, text) in texts.iter().enumerate() {
                proptest::prop_assert_eq!(read(&scans.get(i)), by_automaton(s, text), "{}", text);
            }
        }
    }

    #[test]
    fn each_list_reads_leftmost_longest() {
        let mut hits = vec![(0, 3, 1), (0, 6, 0), (3, 9, 2), (6, 9, 3), (6, 9, 4)];
        let kept: Vec<Hit> = leftmost_longest(&mut hits).copied().collect();
        assert_eq!(kept, vec![(0, 6, 0), (6, 9, 3)]);
    }
}
