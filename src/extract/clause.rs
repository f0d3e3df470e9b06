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
/// Read one character at a time through a table of lead bytes ([`STEP`]): a character that
/// cannot be a mark (every ideograph, most of a Chinese text) is stepped over without decoding.
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
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let step = STEP[usize::from(b)];
        if step > 0 {
            i += usize::from(step);
            continue;
        }
        // An ASCII mark, or a three-byte character (the other leads step over theirs).
        let (c, len) = if b.is_ascii() {
            (char::from(b), 1)
        } else {
            (three_bytes(bytes, i), 3)
        };
        if is_mark(c) {
            out.push((i, c));
        }
        i += len;
    }
}

/// The three-byte character at byte `i` of valid UTF-8, decoded without the checks
/// `str::chars` makes (`'\0'` if the bytes are not one).
fn three_bytes(bytes: &[u8], i: usize) -> char {
    match bytes.get(i..i + 3) {
        Some(&[a, b, c]) => char::from_u32(
            (u32::from(a & 0x0F) << 12) | (u32::from(b & 0x3F) << 6) | u32::from(c & 0x3F),
        )
        .unwrap_or('\0'),
        _ => '\0',
    }
}

/// Per lead byte, the length of a character that begins with it and cannot be a [`marks`]
/// character; 0 for the bytes that may begin one: the ASCII marks and E2 (`“”’`), E3
/// (`。「」『』《》`) and EF (fullwidth `！（），：；？`). Continuation bytes are never looked up
/// (every step lands on a character boundary) and step one byte, to be safe.
static STEP: [u8; 256] = {
    let mut t = [1u8; 256];
    let mut b = 0xC0;
    while b < 0x100 {
        t[b] = match b {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        b += 1;
    }
    let leads: &[u8] = b"!?,;:()\"'";
    let mut k = 0;
    while k < leads.len() {
        t[leads[k] as usize] = 0;
        k += 1;
    }
    t[0xE2] = 0;
    t[0xE3] = 0;
    t[0xEF] = 0;
    t
};

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
    split_at_marks(text, &marks(text), &mut sentences, &mut clauses);
    (sentences, clauses)
}

/// [`split`], given the block's [`marks`], into `out` and `clauses` (both emptied first).
pub fn split_at_marks(
    text: &str,
    marks: &[Mark],
    out: &mut Vec<Sentence>,
    clauses: &mut Vec<Range<usize>>,
) {
    out.clear();
    clauses.clear();
    let mut start = 0;
    let mut clause_start = 0;
    let mut first_clause = 0;
    let mut iter = marks.iter().copied().peekable();
    while let Some((i, c)) = iter.next() {
        if is_sentence_end(c) {
            let mut end = i + c.len_utf8();
            // The run of marks ending the sentence: its last sentence end is its last mark but
            // closers.
            let mut last_end = c;
            while let Some(&(j, d)) = iter.peek() {
                if j == end && (is_sentence_end(d) || is_closer(d)) {
                    end = j + d.len_utf8();
                    if is_sentence_end(d) {
                        last_end = d;
                    }
                    iter.next();
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
}

/// Byte ranges inside parentheses `（…）`/`(…)`, outermost only; an unclosed one runs to the end.
#[cfg(test)]
pub fn parentheticals(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    parentheticals_at_marks(text, &marks(text), &mut out);
    out
}

/// [`parentheticals`], given the block's [`marks`], into `out` (emptied first).
pub fn parentheticals_at_marks(text: &str, marks: &[Mark], out: &mut Vec<Range<usize>>) {
    out.clear();
    let mut depth = 0usize;
    let mut open = 0;
    for &(i, c) in marks {
        match c {
            '（' | '(' => {
                if depth == 0 {
                    open = i;
                }
                depth += 1;
            }
            '）' | ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(open..i + c.len_utf8());
                }
            }
            _ => {}
        }
    }
    if depth > 0 {
        out.push(open..text.len());
    }
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
        /// Whatever the text, the marks are the characters `is_mark` accepts.
        #[test]
        fn marks_are_every_mark_character(t in "[a-z0-9 ,;:!?()\"'，。！？；：（）“”‘’「」『』《》、…—一-龥é😀]{0,40}") {
            let want: Vec<Mark> = t.char_indices().filter(|&(_, c)| is_mark(c)).collect();
            proptest::prop_assert_eq!(marks(&t), want);
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
