//! Text hygiene shared by every layer: what may reach a terminal or an export.
//!
//! Article text is untrusted. [`sanitize`] removes what could hijack a terminal (C0/C1 controls,
//! escape sequences, bidi overrides, zero-width characters) and is applied at load, so every later
//! layer can trust [`crate::corpus::Block::text`]. [`clean`] adds what a block of prose needs on top:
//! one space per run of white space, no space at the ends, NFC.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Characters that are invisible or reorder text and so could disguise what a terminal shows:
/// zero-width marks, bidi embeddings/overrides/isolates, the BOM and other format characters.
fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// Removes control, bidi-override and zero-width characters; tabs and newlines become spaces.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if c.is_control() || is_hidden(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Sanitizes, collapses every run of white space (including U+3000 and NBSP) to one ASCII space,
/// trims the ends and normalises to NFC. One pass and one allocation (two when the text is not
/// already NFC), so a 12 MB paragraph costs about as much as copying it.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            // U+3000, NBSP, U+0085, line/paragraph separators are all White_Space.
            space = !out.is_empty();
            continue;
        }
        if c.is_control() || is_hidden(c) {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    if is_nfc_quick(out.chars()) == IsNormalized::Yes {
        out
    } else {
        out.nfc().collect()
    }
}

/// Cuts `s` to at most `max` characters, marking the cut with `…`; `None` when it already fits.
pub fn truncate_chars(s: &str, max: usize) -> Option<String> {
    let (cut, _) = s.char_indices().nth(max)?;
    let keep = s[..cut]
        .char_indices()
        .nth(max.saturating_sub(1))
        .map_or(cut, |(i, _)| i);
    let mut out = String::with_capacity(keep + 3);
    out.push_str(&s[..keep]);
    out.push('…');
    Some(out)
}

/// True for the characters of scripts written without spaces between words (Han, kana, Hangul)
/// and their punctuation: two such characters on either side of a line break join without a space.
pub fn is_cjk(c: char) -> bool {
    matches!(
        c,
        '\u{1100}'..='\u{11FF}'
            | '\u{2E80}'..='\u{2FDF}'
            | '\u{3000}'..='\u{303F}'
            | '\u{3040}'..='\u{30FF}'
            | '\u{3100}'..='\u{31FF}'
            | '\u{3200}'..='\u{9FFF}'
            | '\u{AC00}'..='\u{D7AF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FE30}'..='\u{FE4F}'
            | '\u{FF00}'..='\u{FFEF}'
            | '\u{20000}'..='\u{3FFFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escapes_and_bidi() {
        assert_eq!(sanitize("a\u{1b}[31mb\u{202E}c\u{7}"), "a[31mbc");
    }

    #[test]
    fn clean_collapses_and_trims() {
        assert_eq!(
            clean("\u{3000} 上线了 \n\t语音\u{a0}\u{a0}聊天 "),
            "上线了 语音 聊天"
        );
        assert_eq!(clean("a\u{200B}b\u{2067}c\u{9b}d\u{85}e"), "abcd e");
        assert_eq!(clean(" \u{3000}\u{a0} "), "");
    }

    #[test]
    fn clean_normalises_to_nfc() {
        assert_eq!(clean("e\u{301}"), "\u{e9}");
    }

    #[test]
    fn truncates_by_characters() {
        assert_eq!(truncate_chars("社交功能", 3).as_deref(), Some("社交…"));
        assert_eq!(truncate_chars("社交", 3), None);
        assert_eq!(truncate_chars("社交功", 3), None);
    }

    #[test]
    fn cjk_classes() {
        assert!(is_cjk('社') && is_cjk('，') && is_cjk('か'));
        assert!(!is_cjk('a') && !is_cjk('1') && !is_cjk(' '));
    }
}
