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
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// The combined automaton of a knowledge base.
#[derive(Debug, Clone)]
pub struct Scanner {
    ac: Option<AhoCorasick>,
    names: Names,
    /// Pattern ids: names (with shadows) below `cues_from`, cue words below `dates_from`, then
    /// time-expression triggers.
    cues_from: usize,
    dates_from: usize,
}

/// What one block holds, with byte offsets into its text.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Names, leftmost-longest among names.
    pub mentions: Vec<Mention>,
    /// Cue words, leftmost-longest among cue words, without [`Cue::Ignore`].
    pub cues: Vec<CueHit>,
    /// Where a time expression may begin, ascending.
    pub date_starts: Vec<usize>,
}

/// One occurrence: start, end, pattern id.
type Hit = (usize, usize, usize);

/// Keeps the leftmost-longest reading of a list's occurrences: from the left, the longest match
/// starting first, then the next one starting at or after its end (ties: the lower pattern id,
/// as the automaton would).
fn leftmost_longest(hits: &mut [Hit]) -> impl Iterator<Item = &Hit> {
    hits.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut next = 0;
    hits.iter().filter(move |h| {
        if h.0 < next {
            return false;
        }
        next = h.1;
        true
    })
}

impl Scanner {
    pub fn new(knowledge: &Knowledge) -> Self {
        let names = Names::new(knowledge);
        let cues_from = names.words.len();
        let mut words: Vec<String> = names.words.clone();
        words.extend(status::words().map(str::to_string));
        let dates_from = words.len();
        words.extend(dates::triggers());
        // A DFA (about 5 MB, 10 ms to build for the bundled knowledge) reads a block in half the
        // time of the NFA; built once per extractor, it pays for itself within a few hundred KB.
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .build(&words)
            .ok();
        Self {
            ac,
            names,
            cues_from,
            dates_from,
        }
    }

    /// Names, cue words and time-expression starts of `text`, in one pass.
    pub fn scan(&self, text: &str) -> Found {
        let Some(ac) = &self.ac else {
            return Found::default();
        };
        let mut names: Vec<Hit> = Vec::new();
        let mut cues: Vec<Hit> = Vec::new();
        let mut date_starts = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let k = m.pattern().as_usize();
            if k < self.cues_from {
                names.push((m.start(), m.end(), k));
            } else if k < self.dates_from {
                cues.push((m.start(), m.end(), k - self.cues_from));
            } else {
                date_starts.push(m.start());
            }
        }
        date_starts.sort_unstable();
        date_starts.dedup();
        let mentions = leftmost_longest(&mut names)
            .filter_map(|&(s, e, k)| self.names.mention(text, k, s, e))
            .collect();
        let cues = leftmost_longest(&mut cues)
            .map(|&(start, end, k)| CueHit {
                start,
                end,
                cue: status::cue(k),
            })
            .filter(|h| h.cue != Cue::Ignore)
            .collect();
        Found {
            mentions,
            cues,
            date_starts,
        }
    }

    /// The time expressions of `text`, given what [`Scanner::scan`] found in it.
    pub fn dates(text: &str, found: &Found) -> Vec<dates::DateExpr> {
        dates::scan_at(text, &found.date_starts)
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
            let found = s.scan(text);
            assert_eq!(Scanner::dates(text, &found), dates::scan(text), "{text}");
        }
    }

    #[test]
    fn names_and_cues_do_not_hide_each_other() {
        let s = Scanner::new(&knowledge());
        // 测试 is a cue; 派对岛 a name; both are kept whatever overlaps.
        let found = s.scan("字节跳动测试派对岛");
        assert_eq!(found.mentions.len(), 2);
        assert!(
            found
                .cues
                .iter()
                .any(|c| c.cue == Cue::Status(crate::extract::Status::Testing))
        );
    }

    #[test]
    #[ignore = "manual: prints the automaton's size"]
    fn automaton_size() {
        let k = crate::embedded::knowledge().unwrap();
        let s = Scanner::new(&k);
        let ac = s.ac.as_ref().unwrap();
        println!(
            "{:?} {} patterns, {} bytes",
            ac.kind(),
            ac.patterns_len(),
            ac.memory_usage()
        );
    }

    #[test]
    fn each_list_reads_leftmost_longest() {
        let mut hits = vec![(0, 3, 1), (0, 6, 0), (3, 9, 2), (6, 9, 3), (6, 9, 4)];
        let kept: Vec<Hit> = leftmost_longest(&mut hits).copied().collect();
        assert_eq!(kept, vec![(0, 6, 0), (6, 9, 3)]);
    }
}
