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
/// trims the ends and normalises to NFC.
///
/// Linear and allocation-light, since every block of every article passes through here: runs of
/// ordinary characters are copied as slices, and the NFC pass only runs when a character outside
/// the common always-composed ranges (ASCII, Latin-1, CJK ideographs and punctuation) appears.
pub fn clean(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut run = 0; // start of the run of ordinary characters not yet copied
    let mut space = false; // white space seen since the last copied character
    let mut check_nfc = false;
    let mut i = 0;
    while i < bytes.len() {
        // The bulk of the text (printable ASCII, U+4000..U+9FFF) is skipped by a byte scan with no
        // dependency from one byte to the next; it stops on a character's first byte.
        match bytes[i..].iter().position(|&b| ATTENTION[usize::from(b)]) {
            Some(k) => i += k,
            None => break,
        }
        let b = bytes[i];
        let (len, special, white) = match b {
            0..=0x7f => (1, b <= b' ' || b == 0x7f, (b as char).is_whitespace()),
            0xe2 | 0xe3 | 0xef if plain_punctuation(&bytes[i..]) => (3, false, false),
            _ => {
                let Some(c) = s[i..].chars().next() else {
                    break;
                };
                check_nfc = check_nfc || !always_nfc(c);
                let white = c.is_whitespace();
                (c.len_utf8(), white || c.is_control() || is_hidden(c), white)
            }
        };
        if special {
            if run < i {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push_str(&s[run..i]);
            }
            run = i + len;
            // U+3000, NBSP, U+0085, line/paragraph separators are all White_Space.
            space = space || white;
        }
        i += len;
    }
    if run < s.len() {
        if space && !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s[run..]);
    }
    if !check_nfc || is_nfc_quick(out.chars()) == IsNormalized::Yes {
        out
    } else {
        out.nfc().collect()
    }
}

/// The bytes [`clean`] must look at: ASCII control and space, DEL, and the first bytes of every
/// character outside U+4000..U+9FFF (unified ideographs and their neighbours, which are never
/// white space, control or hidden and always NFC). Continuation bytes never need a look.
static ATTENTION: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = b <= 0x20 || b == 0x7f || (b >= 0xc0 && !(b >= 0xe4 && b <= 0xe9));
        b += 1;
    }
    t
};

/// Whether `b` starts with one of the common three-byte punctuation marks that are never white
/// space, control or hidden and always NFC: U+2010..U+2027 and U+2030..U+203F (dashes, quotes,
/// ellipsis), U+3001..U+3029 and U+3030..U+303F (CJK punctuation), U+FF00..U+FF7F (full-width
/// forms). A shortcut for [`clean`]; anything else is decoded and classified in full.
fn plain_punctuation(b: &[u8]) -> bool {
    match b {
        [0xe2, 0x80, c, ..] => matches!(c, 0x90..=0xa7 | 0xb0..=0xbf),
        [0xe3, 0x80, c, ..] => matches!(c, 0x81..=0xa9 | 0xb0..=0xbf),
        [0xef, 0xbc | 0xbd, _, ..] => true,
        _ => false,
    }
}

/// Characters that are composed starters whatever surrounds them, so text made only of them is
/// already NFC: Latin-1, general punctuation, CJK punctuation, unified ideographs, kana without
/// the combining sound marks, full-width forms.
fn always_nfc(c: char) -> bool {
    matches!(
        c,
        '\u{80}'..='\u{2FF}'
            | '\u{2010}'..='\u{205E}'
            | '\u{3000}'..='\u{3029}'
            | '\u{3030}'..='\u{3098}'
            | '\u{309B}'..='\u{30FF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{FF01}'..='\u{FFEF}'
    )
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
        assert_eq!(clean("か\u{3099}"), "が");
        // A CJK compatibility ideograph becomes its unified twin.
        assert_eq!(clean("\u{F900}"), "\u{8C48}");
    }

    /// The obvious, slow definition of [`clean`].
    fn simple(s: &str) -> String {
        let words: Vec<String> = s
            .split(char::is_whitespace)
            .map(|w| {
                w.chars()
                    .filter(|&c| !c.is_control() && !is_hidden(c))
                    .collect()
            })
            .collect();
        let mut out = String::new();
        let mut gap = false;
        for (i, w) in words.iter().enumerate() {
            gap = gap || i > 0;
            if !w.is_empty() {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                out.push_str(w);
            }
        }
        out.nfc().collect()
    }

    #[test]
    fn clean_matches_the_simple_definition() {
        for s in [
            "",
            " ",
            "a",
            " a ",
            "a  b",
            "a\u{200b} b",
            "a \u{200b}b",
            "\u{1b}\u{1b}",
            "a\u{1b} \u{7}b",
            "社交\u{3000}\u{3000}功能\n",
            "\u{a0}x\u{a0}",
            "x\u{85}y",
            "e\u{301} \u{301}",
        ] {
            assert_eq!(clean(s), simple(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn clean_matches_the_simple_definition_on_any_text(s in "\\PC*|[ \\t\\n\\u{3000}\\u{a0}\\u{200b}\\u{1b}a社\\u{301}\\u{3099}か\\u{F900}“”…—，。、\\u{302A}\\u{2028}\\u{202F}\\u{200F}\\u{FF01}\\u{FEFF}\\u{3000}]*") {
            proptest::prop_assert_eq!(clean(&s), simple(&s));
        }
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
