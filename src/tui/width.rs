//! Display width: every measurement, truncation, padding and wrapping of text on screen.
//!
//! Chinese characters take two terminal columns, so nothing in the dashboard may measure text in
//! bytes or chars. Everything that places text goes through here, which also makes sure article
//! text never reaches the terminal with control, bidi-override or zero-width characters in it
//! (the corpus sanitises at load; this is the second lock on the door).

use std::borrow::Cow;
use unicode_width::UnicodeWidthChar;

/// The mark that ends a truncated text.
pub const ELLIPSIS: char = '…';

/// Whether a character may be written to the terminal as is; mirrors [`crate::text::sanitize`].
pub fn is_safe(c: char) -> bool {
    !(c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'))
}

/// The text with anything unsafe for a terminal removed; borrowed (no allocation) when already clean.
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_safe) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(crate::text::sanitize(s))
    }
}

/// Columns one character takes (0 for combining marks and anything unsafe).
pub fn char_width(c: char) -> usize {
    if is_safe(c) {
        c.width().unwrap_or(0)
    } else {
        0
    }
}

/// Columns a text takes.
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// The text cut to at most `max` columns, ending in `…` when something was cut. A wide character
/// that would straddle the limit is dropped whole, never halved.
pub fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    let s = clean(s);
    if width(&s) <= max {
        return s;
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push(ELLIPSIS);
    Cow::Owned(out)
}

/// The text truncated to `w` columns and padded with spaces to exactly `w`.
pub fn pad(s: &str, w: usize) -> String {
    let t = truncate(s, w);
    let used = width(&t);
    let mut out = String::with_capacity(t.len() + w.saturating_sub(used));
    out.push_str(&t);
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(used)));
    out
}

/// The text truncated to `w` columns and padded on the left to exactly `w` (numbers).
pub fn pad_left(s: &str, w: usize) -> String {
    let t = truncate(s, w);
    let used = width(&t);
    let mut out = String::with_capacity(t.len() + w.saturating_sub(used));
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(used)));
    out.push_str(&t);
    out
}

/// Punctuation that may not begin a line.
const NO_LINE_START: &[char] = &[
    '，', '。', '、', '；', '：', '！', '？', '）', '」', '』', '”', '’', '》', '〉', '】', '…',
    ',', '.', ';', ':', '!', '?', ')', '%', '％',
];

/// Punctuation that may not end a line (opening brackets and quotes).
const NO_LINE_END: &[char] = &['（', '「', '『', '“', '‘', '《', '〈', '【', '('];

/// Splits a text into lines of at most `w` columns, as char ranges `(start, end)` of `s`.
///
/// Chinese has no spaces, so lines break between any two characters; a run of Latin letters or
/// digits is kept whole when it fits on a line of its own. An empty text gives one empty line.
pub fn wrap(s: &str, w: usize) -> Vec<(usize, usize)> {
    let chars: Vec<char> = s.chars().collect();
    let w = w.max(2);
    let mut lines = Vec::new();
    let mut start = 0;
    let mut used = 0;
    let mut i = 0;
    while i < chars.len() {
        let cw = char_width(chars[i]);
        if used + cw > w && i > start {
            // Prefer to break before a Latin word that started on this line.
            let mut brk = i;
            // Chinese typesetting never starts a line with closing punctuation: carry the
            // character before it down too.
            if NO_LINE_START.contains(&chars[i]) && i > start + 1 {
                brk = i - 1;
                // `%),`: the carried character may be closing punctuation too.
                while brk > start + 1 && NO_LINE_START.contains(&chars[brk]) {
                    brk -= 1;
                }
                // `42%`: the number goes down with its sign, whole.
                while brk > start + 1
                    && chars[brk].is_ascii_alphanumeric()
                    && chars[brk - 1].is_ascii_alphanumeric()
                {
                    brk -= 1;
                }
                // `(42%)`: and the bracket before it.
                if brk > start + 1 && NO_LINE_END.contains(&chars[brk - 1]) {
                    brk -= 1;
                }
            } else if chars[i].is_ascii_alphanumeric() {
                let mut j = i;
                while j > start && chars[j - 1].is_ascii_alphanumeric() {
                    j -= 1;
                }
                if j > start {
                    brk = j;
                }
            }
            lines.push((start, brk));
            start = brk;
            // Do not begin a line with the space we broke at (also when the break is at it).
            while start < chars.len() && chars[start] == ' ' {
                start += 1;
            }
            i = i.max(start);
            used = chars[start..i].iter().map(|&c| char_width(c)).sum();
            continue;
        }
        used += cw;
        i += 1;
    }
    lines.push((start, chars.len()));
    lines
}

/// The substring of `s` between two char indexes.
pub fn char_slice(s: &str, start: usize, end: usize) -> &str {
    let mut it = s
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(s.len()));
    let b0 = it.nth(start).unwrap_or(s.len());
    let b1 = if end > start {
        it.nth(end - start - 1).unwrap_or(s.len())
    } else {
        b0
    };
    &s[b0..b1.max(b0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_line_starts_with_a_space_or_a_closing_parenthesis() {
        let s = "acquaintance 5 (42%), stranger 5 (42%), interest 2 (17%). Most active: 2021 (8 events). interest 1 (20%).";
        for w in 20..80 {
            for (a, b) in wrap(s, w) {
                let line = char_slice(s, a, b);
                assert!(
                    !line.starts_with(' ') && !line.starts_with(')'),
                    "{w}: {line:?}"
                );
                assert!(width(line) <= w, "{w}: {line:?}");
            }
        }
    }

    #[test]
    fn chinese_is_two_columns() {
        assert_eq!(width("抖音"), 4);
        assert_eq!(width("a抖"), 3);
    }

    #[test]
    fn truncation_never_halves_a_wide_char() {
        assert_eq!(truncate("抖音聊天室", 5), "抖音…");
        assert_eq!(truncate("抖音聊天室", 6), "抖音…");
        assert_eq!(truncate("抖音", 4), "抖音");
        assert_eq!(truncate("抖音", 1), "…");
        assert_eq!(truncate("抖音", 0), "");
        assert!(width(&truncate("抖音聊天室", 7)) <= 7);
    }

    #[test]
    fn padding_is_exact() {
        assert_eq!(width(&pad("抖音", 7)), 7);
        assert_eq!(width(&pad("抖音聊天室", 7)), 7);
        assert_eq!(pad_left("12", 4), "  12");
    }

    #[test]
    fn wraps_by_columns() {
        let s = "抖音启动朋友聊天室";
        let lines = wrap(s, 6);
        assert_eq!(lines, vec![(0, 3), (3, 6), (6, 9)]);
        let s = "hello world foo";
        let lines: Vec<&str> = wrap(s, 8)
            .into_iter()
            .map(|(a, b)| char_slice(s, a, b))
            .collect();
        assert_eq!(lines, vec!["hello ", "world ", "foo"]);
    }

    #[test]
    fn no_line_starts_with_a_comma() {
        let s = "抖音上线了，快手也上线了";
        let lines: Vec<&str> = wrap(s, 10)
            .into_iter()
            .map(|(a, b)| char_slice(s, a, b))
            .collect();
        assert_eq!(lines, vec!["抖音上线", "了，快手也", "上线了"]);
    }

    #[test]
    fn cleans_terminal_controls() {
        assert_eq!(clean("a\u{1b}[2Jb\u{202E}c\u{7}\u{9b}"), "a[2Jbc");
        assert!(matches!(clean("抖音"), Cow::Borrowed(_)));
    }
}
