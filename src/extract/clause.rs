//! Splitting a block into sentences and clauses, and finding parenthetical asides.
//!
//! A sentence ends at `。！？!?` (not at `…`, which often sits mid-sentence; with any closing quotes or brackets that follow); a clause ends
//! at `，；：` (and their ASCII forms when not between digits). `、` joins list items and does not
//! split. Ranges are byte offsets into the block text.

use std::ops::Range;

/// One sentence and its clauses, as byte ranges of the block text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub range: Range<usize>,
    pub clauses: Vec<Range<usize>>,
}

impl Sentence {
    /// The clause holding byte `pos` (the last one when `pos` is at the very end).
    pub fn clause_of(&self, pos: usize) -> Range<usize> {
        self.clauses
            .iter()
            .find(|c| c.contains(&pos))
            .or(self.clauses.last())
            .cloned()
            .unwrap_or(self.range.clone())
    }

    /// Whether the sentence is a question (ends with a question mark).
    pub fn is_question(&self, text: &str) -> bool {
        text[self.range.clone()]
            .trim_end_matches(is_closer)
            .trim_end()
            .ends_with(['？', '?'])
    }
}

/// The characters of `text` with their byte offsets, leaving out CJK ideographs (U+4000–U+9FFF,
/// UTF-8 lead bytes E4–E9) without decoding them: the punctuation the block scanners look for is
/// never one, and most of a Chinese text is. Offsets of the characters returned are exact, but two
/// consecutive items need not be adjacent in the text.
pub fn marks(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(&b) = bytes.get(i) {
            if (0xE4..=0xE9).contains(&b) {
                i += 3;
                continue;
            }
            let c = text.get(i..)?.chars().next()?;
            let at = i;
            i += c.len_utf8();
            return Some((at, c));
        }
        None
    })
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

/// Sentences of a block, each with its clauses; every byte of the text is in exactly one sentence.
pub fn split(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut clause_start = 0;
    let mut clauses = Vec::new();
    let mut iter = marks(text).peekable();
    while let Some((i, c)) = iter.next() {
        if is_sentence_end(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                if j == end && (is_sentence_end(d) || is_closer(d)) {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            clauses.push(clause_start..end);
            out.push(Sentence {
                range: start..end,
                clauses: std::mem::take(&mut clauses),
            });
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
        out.push(Sentence {
            range: start..text.len(),
            clauses,
        });
    }
    out
}

/// Byte ranges inside parentheses `（…）`/`(…)`, outermost only; an unclosed one runs to the end.
pub fn parentheticals(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut open = 0;
    for (i, c) in marks(text) {
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
        let s = split(t);
        assert_eq!(s.len(), 2);
        assert_eq!(
            texts(t, &s[0].clauses),
            vec!["小红书也在做社交，", "并于2021年底上线了“群聊”功能。"]
        );
        assert_eq!(
            texts(t, &s[1].clauses),
            vec!["网易云音乐、高德地图……各种大小平台，", "都上线了。"]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        let t = "他说“马上就上线啦。”然后走了";
        let s = split(t);
        assert_eq!(&t[s[0].range.clone()], "他说“马上就上线啦。”");
        assert_eq!(&t[s[1].range.clone()], "然后走了");
    }

    #[test]
    fn marks_skip_ideographs_only() {
        let t = "他说“好。”a，é😀";
        let got: Vec<(usize, char)> = marks(t).collect();
        let want: Vec<(usize, char)> = t
            .char_indices()
            .filter(|&(_, c)| !('\u{4000}'..='\u{9fff}').contains(&c))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn closers_must_follow_the_end_directly() {
        let t = "好。他说”";
        let s = split(t);
        assert_eq!(&t[s[0].range.clone()], "好。");
    }

    #[test]
    fn numbers_keep_their_commas() {
        let s = split("用户达1,000万,增长");
        assert_eq!(s[0].clauses.len(), 2);
    }

    #[test]
    fn questions() {
        let t = "抖音会不会上线群聊？";
        assert!(split(t)[0].is_question(t));
        let t = "抖音上线群聊。";
        assert!(!split(t)[0].is_question(t));
    }

    #[test]
    fn parentheses() {
        let t = "抖音内测了“熟人（后调整为“朋友”）两项";
        let p = parentheticals(t);
        assert_eq!(texts(t, &p), vec!["（后调整为“朋友”）"]);
    }
}
