//! Splitting a block into sentences and clauses, and finding parenthetical asides.
//!
//! A sentence ends at `。！？!?` (not at `…`, which often sits mid-sentence; with any closing quotes or brackets that follow); a clause ends
//! at `，；：` (and their ASCII forms when not between digits). `、` joins list items and does not
//! split. Ranges are byte offsets into the block text.

use std::ops::Range;

/// One sentence, as a byte range of the block text, and where its clauses are in the block's
/// clause list ([`split_at_marks`] puts every clause of a block in one list, so reading a block
/// allocates per block, not per sentence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub range: Range<usize>,
    /// Indexes into the block's clauses.
    pub clauses: Range<usize>,
    /// The sentence is a question: it ends with a question mark, before any closing quotes or
    /// brackets. Known when the sentence is split off (its end is a run of marks), and asked for
    /// each of its mentions.
    question: bool,
}

impl Sentence {
    /// The sentence's own clauses, from the block's `clauses`.
    pub fn clauses<'c>(&self, clauses: &'c [Range<usize>]) -> &'c [Range<usize>] {
        clauses.get(self.clauses.clone()).unwrap_or(&[])
    }

    /// The clause holding byte `pos` (the last one when `pos` is at the very end).
    pub fn clause_of(&self, clauses: &[Range<usize>], pos: usize) -> Range<usize> {
        let own = self.clauses(clauses);
        own.iter()
            .find(|c| c.contains(&pos))
            .or(own.last())
            .cloned()
            .unwrap_or(self.range.clone())
    }

    /// Whether the sentence is a question (ends with a question mark).
    pub fn is_question(&self) -> bool {
        self.question
    }
}

/// One punctuation mark of a block: byte offset and character.
pub type Mark = (usize, char);

/// The punctuation the block readers look for, with byte offsets, in text order: sentence and
/// clause ends, closing quotes and brackets, parentheses and opening quotes. Everything else is
/// left out, so two consecutive marks are adjacent in the text only when the second starts where
/// the first ends.
///
/// Every mark begins with one of a few bytes ([`may_begin`]), none of them ever a continuation
/// byte: the text is searched for those sixty-four bytes at a time, then sixteen ([`leads16`]),
/// with no regard to character boundaries, and only the characters they begin are decoded.
/// Ideographs, most of a Chinese text, begin with E4 to E9 and are never looked at one by one.
#[cfg(test)]
pub fn marks(text: &str) -> Vec<Mark> {
    let mut out = Vec::new();
    marks_into(text, &mut out);
    out
}

/// [`marks`], into `out` (emptied first): a buffer kept from block to block.
pub fn marks_into(text: &str, out: &mut Vec<Mark>) {
    out.clear();
    let bytes = text.as_bytes();
    // Sixty-four bytes at a time (one mask for four of `leads16`'s blocks), then sixteen.
    let mut wide = bytes.chunks_exact(64);
    let mut at = 0;
    for block in &mut wide {
        let mut found = block.chunks_exact(16).enumerate().fold(0u64, |m, (k, b)| {
            m | u64::from(leads16(b.try_into().unwrap_or(&[0; 16]))) << (16 * k)
        });
        while found != 0 {
            mark_at(bytes, at + found.trailing_zeros() as usize, out);
            found &= found - 1;
        }
        at += 64;
    }
    let mut blocks = wide.remainder().chunks_exact(16);
    for block in &mut blocks {
        let mut found = leads16(block.try_into().unwrap_or(&[0; 16]));
        while found != 0 {
            // The lowest bit is the first byte.
            mark_at(bytes, at + found.trailing_zeros() as usize, out);
            found &= found - 1;
        }
        at += 16;
    }
    for (i, &b) in blocks.remainder().iter().enumerate() {
        if may_begin(b) {
            mark_at(bytes, at + i, out);
        }
    }
}

/// Whether byte `b` may begin a mark: an ASCII byte below `@` (punctuation, but also digits and
/// spaces), E2 (`“”’`), E3 (`。「」『』《》`) or EF (fullwidth `！（），：；？`).
fn may_begin(b: u8) -> bool {
    b < 0x40 || matches!(b, 0xE2 | 0xE3 | 0xEF)
}

/// Reads the character at byte `i` (where [`may_begin`] holds) into `out` if it is a mark.
///
/// The three-byte marks are told by their last byte, without decoding: after E2 80, E3 80 or
/// EF BC, a few values are marks and the rest (`、…—`) are not. An ASCII byte is looked up in
/// [`ASCII_MARKS`]: digits and spaces, most of what comes here, are not marks.
fn mark_at(bytes: &[u8], i: usize, out: &mut Vec<Mark>) {
    let c = match bytes.get(i..) {
        Some(&[b, ..]) if b < 0x40 && ASCII_MARKS >> b & 1 != 0 => char::from(b),
        Some(&[b, ..]) if b < 0x80 => return,
        Some(&[0xE2, 0x80, last, ..]) => match last {
            0x99 => '’',
            0x9C => '“',
            0x9D => '”',
            _ => return,
        },
        Some(&[0xE3, 0x80, last, ..]) => match last {
            0x82 => '。',
            0x8B => '》',
            0x8C => '「',
            0x8D => '」',
            0x8F => '』',
            _ => return,
        },
        Some(&[0xEF, 0xBC, last, ..]) => match last {
            0x81 => '！',
            0x88 => '（',
            0x89 => '）',
            0x8C => '，',
            0x9A => '：',
            0x9B => '；',
            0x9F => '？',
            _ => return,
        },
        _ => return,
    };
    debug_assert!(is_mark(c));
    out.push((i, c));
}

/// The ASCII marks ([`is_mark`]), one bit per byte value: all are below `@`.
const ASCII_MARKS: u64 = {
    let mut bits = 0u64;
    let marks = b"!?)\"',;:(";
    let mut k = 0;
    while k < marks.len() {
        bits |= 1 << marks[k];
        k += 1;
    }
    bits
};

/// One bit per byte of `block` where [`may_begin`] holds, lowest first.
#[cfg(target_arch = "x86_64")]
fn leads16(block: &[u8; 16]) -> u32 {
    // SAFETY: SSE2 is part of the x86_64 baseline: every x86_64 target enables it.
    unsafe { sse2::leads16(block) }
}

/// One bit per byte of `block` where [`may_begin`] holds, lowest first.
#[cfg(not(target_arch = "x86_64"))]
fn leads16(block: &[u8; 16]) -> u32 {
    (block.iter().enumerate())
        .filter(|&(_, &b)| may_begin(b))
        .fold(0, |m, (i, _)| m | 1 << i)
}

/// [`leads16`] on sixteen bytes at once: a handful of instructions where a loop over the
/// characters takes dozens.
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::*;

    #[target_feature(enable = "sse2")]
    pub(super) fn leads16(block: &[u8; 16]) -> u32 {
        let v = u128::from_le_bytes(*block);
        let x = _mm_set_epi64x((v >> 64) as i64, v as i64);
        let splat = |b: u8| _mm_set1_epi8(b as i8);
        // Below 0x40: the top two bits clear.
        let ascii = _mm_cmpeq_epi8(_mm_and_si128(x, splat(0xC0)), _mm_setzero_si128());
        // E2 or E3: E3 once the lowest bit is set.
        let e2_e3 = _mm_cmpeq_epi8(_mm_or_si128(x, splat(0x01)), splat(0xE3));
        let ef = _mm_cmpeq_epi8(x, splat(0xEF));
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(ascii, e2_e3), ef)) as u32
    }
}

/// Whether [`marks`] reports `c`.
fn is_mark(c: char) -> bool {
    is_sentence_end(c)
        || is_closer(c)
        || matches!(
            c,
            '，' | '；' | '：' | ',' | ';' | ':' | '（' | '(' | '“' | '「'
        )
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?')
}

fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '"' | '\'' | '》')
}

fn is_clause_end(text: &str, i: usize, c: char) -> bool {
    match c {
        '，' | '；' | '：' => true,
        ',' | ';' | ':' => {
            let before = text[..i].chars().next_back();
            let after = text[i + 1..].chars().next();
            !(before.is_some_and(|b| b.is_ascii_digit())
                && after.is_some_and(|a| a.is_ascii_digit()))
        }
        _ => false,
    }
}

/// Sentences of a block and its clauses; every byte of the text is in exactly one sentence.
#[cfg(test)]
pub fn split(text: &str) -> (Vec<Sentence>, Vec<Range<usize>>) {
    let (mut sentences, mut clauses) = (Vec::new(), Vec::new());
    split_at_marks(
        text,
        &marks(text),
        &mut sentences,
        &mut clauses,
        &mut Vec::new(),
    );
    (sentences, clauses)
}

/// [`split`] and [`parentheticals`], given the block's [`marks`], into `out`, `clauses` and
/// `parens` (all emptied first): one walk over the marks for all three.
pub fn split_at_marks(
    text: &str,
    marks: &[Mark],
    out: &mut Vec<Sentence>,
    clauses: &mut Vec<Range<usize>>,
    parens: &mut Vec<Range<usize>>,
) {
    out.clear();
    clauses.clear();
    parens.clear();
    let mut asides = Asides::default();
    let mut start = 0;
    let mut clause_start = 0;
    let mut first_clause = 0;
    let mut k = 0;
    while let Some(&(i, c)) = marks.get(k) {
        k += 1;
        asides.see(i, c, parens);
        if is_sentence_end(c) {
            let mut end = i + c.len_utf8();
            // The run of marks ending the sentence: its last sentence end is its last mark but
            // closers.
            let mut last_end = c;
            while let Some(&(j, d)) = marks.get(k) {
                if j == end && (is_sentence_end(d) || is_closer(d)) {
                    asides.see(j, d, parens);
                    end = j + d.len_utf8();
                    if is_sentence_end(d) {
                        last_end = d;
                    }
                    k += 1;
                } else {
                    break;
                }
            }
            clauses.push(clause_start..end);
            out.push(Sentence {
                range: start..end,
                clauses: first_clause..clauses.len(),
                question: matches!(last_end, '？' | '?'),
            });
            first_clause = clauses.len();
            start = end;
            clause_start = end;
        } else if is_clause_end(text, i, c) {
            let end = i + c.len_utf8();
            clauses.push(clause_start..end);
            clause_start = end;
        }
    }
    if start < text.len() {
        if clause_start < text.len() {
            clauses.push(clause_start..text.len());
        }
        // No sentence end in it, so no question mark either.
        out.push(Sentence {
            range: start..text.len(),
            clauses: first_clause..clauses.len(),
            question: false,
        });
    }
    asides.end(text, parens);
}

/// The parentheses open while [`split_at_marks`] reads: how deep, and where the outermost
/// opened.
#[derive(Default)]
struct Asides {
    depth: usize,
    open: usize,
}

impl Asides {
    /// Reads mark `c` at byte `i`, adding an outermost aside it closes to `out`.
    fn see(&mut self, i: usize, c: char, out: &mut Vec<Range<usize>>) {
        match c {
            '（' | '(' => {
                if self.depth == 0 {
                    self.open = i;
                }
                self.depth += 1;
            }
            '）' | ')' if self.depth > 0 => {
                self.depth -= 1;
                if self.depth == 0 {
                    out.push(self.open..i + c.len_utf8());
                }
            }
            _ => {}
        }
    }

    /// An aside still open at the end of the text runs to it.
    fn end(&self, text: &str, out: &mut Vec<Range<usize>>) {
        if self.depth > 0 {
            out.push(self.open..text.len());
        }
    }
}

/// Byte ranges inside parentheses `（…）`/`(…)`, outermost only; an unclosed one runs to the end.
#[cfg(test)]
pub fn parentheticals(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    split_at_marks(
        text,
        &marks(text),
        &mut Vec::new(),
        &mut Vec::new(),
        &mut out,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn sentences_and_clauses() {
        let t = "小红书也在做社交，并于2021年底上线了“群聊”功能。网易云音乐、高德地图……各种大小平台，都上线了。";
        let (s, c) = split(t);
        assert_eq!(s.len(), 2);
        assert_eq!(
            texts(t, s[0].clauses(&c)),
            vec!["小红书也在做社交，", "并于2021年底上线了“群聊”功能。"]
        );
        assert_eq!(
            texts(t, s[1].clauses(&c)),
            vec!["网易云音乐、高德地图……各种大小平台，", "都上线了。"]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        let t = "他说“马上就上线啦。”然后走了";
        let (s, _) = split(t);
        assert_eq!(&t[s[0].range.clone()], "他说“马上就上线啦。”");
        assert_eq!(&t[s[1].range.clone()], "然后走了");
    }

    #[test]
    fn marks_are_the_punctuation_only() {
        let t = "他说“好。”a，é😀（x）(y)「z」『w』《v》！？!?;:,'\"’—…、";
        let got = marks(t);
        let want: Vec<(usize, char)> = t.char_indices().filter(|&(_, c)| is_mark(c)).collect();
        assert_eq!(got, want);
        assert_eq!(got.len(), 22);
    }

    proptest::proptest! {
        /// Whatever the text, the marks are the characters `is_mark` accepts (marks anywhere in
        /// the sixteen-byte blocks, across their edges, in the rest after them).
        #[test]
        fn marks_are_every_mark_character(t in "[a-z0-9 \t\n,;:!?()\"'，。！？；：（）“”‘’「」『』《》、…—一-龥é😀]{0,60}") {
            let want: Vec<Mark> = t.char_indices().filter(|&(_, c)| is_mark(c)).collect();
            proptest::prop_assert_eq!(marks(&t), want);
        }
    }

    #[test]
    fn ascii_marks_are_the_ascii_characters_is_mark_accepts() {
        for b in 0..0x80u8 {
            let listed = b < 0x40 && ASCII_MARKS >> b & 1 != 0;
            assert_eq!(listed, is_mark(char::from(b)), "{b:#x}");
        }
    }

    #[test]
    fn closers_must_follow_the_end_directly() {
        let t = "好。他说”";
        let (s, _) = split(t);
        assert_eq!(&t[s[0].range.clone()], "好。");
    }

    #[test]
    fn numbers_keep_their_commas() {
        let (s, c) = split("用户达1,000万,增长");
        assert_eq!(s[0].clauses(&c).len(), 2);
    }

    #[test]
    fn questions() {
        let asks = |t: &str| {
            split(t)
                .0
                .iter()
                .map(Sentence::is_question)
                .collect::<Vec<_>>()
        };
        assert_eq!(asks("抖音会不会上线群聊？"), [true]);
        assert_eq!(asks("抖音上线群聊。"), [false]);
        assert_eq!(asks("他问“上线了吗？”然后呢?”。好"), [true, false, false]);
        assert_eq!(asks("真的吗？！"), [false]);
        assert_eq!(asks("真的吗！？）"), [true]);
    }

    #[test]
    fn parentheses() {
        let t = "抖音内测了“熟人（后调整为“朋友”）两项";
        let p = parentheticals(t);
        assert_eq!(texts(t, &p), vec!["（后调整为“朋友”）"]);
    }
}
