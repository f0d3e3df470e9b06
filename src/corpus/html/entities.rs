//! Character references in text, decoded exactly as the HTML tokenizer does — or not at all.
//!
//! The full table has 2,231 names, longest-prefix matching and legacy names that need no `;`
//! (`&notit;` is `¬it;`). The fast path only needs the references articles really use, so this
//! module decodes a small table of names written with their `;`, numeric references to ordinary
//! characters, and proves a bare `&` literal (`创始人&CEO`) when no legacy name can start there.
//! Anything else is [`Ref::Unknown`]: the caller leaves it to html5ever.

/// What a `&` in text stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ref {
    /// Just the `&`: no reference starts here.
    Literal,
    /// This text, replacing the first `len` bytes (from the `&` on).
    Text(&'static str, usize),
    /// This character, replacing the first `len` bytes.
    Char(char, usize),
    /// Possibly a reference this module does not model.
    Unknown,
}

/// Named references decoded when written with their `;` (values from the HTML entity table).
const NAMED: &[(&str, &str)] = &[
    ("amp", "\u{26}"),
    ("lt", "\u{3C}"),
    ("gt", "\u{3E}"),
    ("quot", "\u{22}"),
    ("apos", "\u{27}"),
    ("nbsp", "\u{A0}"),
    ("ldquo", "\u{201C}"),
    ("rdquo", "\u{201D}"),
    ("lsquo", "\u{2018}"),
    ("rsquo", "\u{2019}"),
    ("mdash", "\u{2014}"),
    ("ndash", "\u{2013}"),
    ("hellip", "\u{2026}"),
    ("middot", "\u{B7}"),
    ("bull", "\u{2022}"),
    ("copy", "\u{A9}"),
    ("reg", "\u{AE}"),
    ("trade", "\u{2122}"),
    ("times", "\u{D7}"),
    ("divide", "\u{F7}"),
    ("yen", "\u{A5}"),
    ("emsp", "\u{2003}"),
    ("ensp", "\u{2002}"),
    ("thinsp", "\u{2009}"),
    ("zwj", "\u{200D}"),
    ("zwnj", "\u{200C}"),
    ("laquo", "\u{AB}"),
    ("raquo", "\u{BB}"),
    ("deg", "\u{B0}"),
    ("plusmn", "\u{B1}"),
    ("hearts", "\u{2665}"),
    ("rarr", "\u{2192}"),
    ("larr", "\u{2190}"),
    ("uarr", "\u{2191}"),
    ("darr", "\u{2193}"),
    ("lsaquo", "\u{2039}"),
    ("rsaquo", "\u{203A}"),
    ("permil", "\u{2030}"),
    ("euro", "\u{20AC}"),
    ("pound", "\u{A3}"),
    ("cent", "\u{A2}"),
    ("sect", "\u{A7}"),
    ("para", "\u{B6}"),
    ("shy", "\u{AD}"),
];

/// The legacy names, which the tokenizer decodes even without `;` and even in the middle of a
/// word (`&copyright` is `©right`): a bare `&` is only literal when none of them starts there.
pub(super) const LEGACY: &[&str] = &[
    "AElig", "AMP", "Aacute", "Acirc", "Agrave", "Aring", "Atilde", "Auml", "COPY", "Ccedil",
    "ETH", "Eacute", "Ecirc", "Egrave", "Euml", "GT", "Iacute", "Icirc", "Igrave", "Iuml", "LT",
    "Ntilde", "Oacute", "Ocirc", "Ograve", "Oslash", "Otilde", "Ouml", "QUOT", "REG", "THORN",
    "Uacute", "Ucirc", "Ugrave", "Uuml", "Yacute", "aacute", "acirc", "acute", "aelig", "agrave",
    "amp", "aring", "atilde", "auml", "brvbar", "ccedil", "cedil", "cent", "copy", "curren", "deg",
    "divide", "eacute", "ecirc", "egrave", "eth", "euml", "frac12", "frac14", "frac34", "gt",
    "iacute", "icirc", "iexcl", "igrave", "iquest", "iuml", "laquo", "lt", "macr", "micro",
    "middot", "nbsp", "not", "ntilde", "oacute", "ocirc", "ograve", "ordf", "ordm", "oslash",
    "otilde", "ouml", "para", "plusmn", "pound", "quot", "raquo", "reg", "sect", "shy", "sup1",
    "sup2", "sup3", "szlig", "thorn", "times", "uacute", "ucirc", "ugrave", "uml", "uuml",
    "yacute", "yen", "yuml",
];

/// The reference at the start of `s`, which begins with `&`.
pub(super) fn at(s: &[u8]) -> Ref {
    let rest = &s[1..];
    if rest.first() == Some(&b'#') {
        return numeric(rest);
    }
    let name_len = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 {
        return Ref::Literal;
    }
    let name = &rest[..name_len];
    if rest.get(name_len) == Some(&b';') {
        // `name;` is the longest possible match: no name continues past its `;`.
        return NAMED
            .iter()
            .find(|(n, _)| n.as_bytes() == name)
            .map_or(Ref::Unknown, |&(_, text)| Ref::Text(text, name_len + 2));
    }
    // Without `;` only a legacy name can match, and it would be a prefix of the run.
    if LEGACY.iter().any(|l| name.starts_with(l.as_bytes())) {
        Ref::Unknown
    } else {
        Ref::Literal
    }
}

/// `&#…`: `rest` starts at the `#`. Values that the tokenizer replaces, remaps (C1 controls) or
/// reports are left alone.
fn numeric(rest: &[u8]) -> Ref {
    let hex = matches!(rest.get(1), Some(b'x' | b'X'));
    let digits_from = if hex { 2 } else { 1 };
    let digits = rest[digits_from..]
        .iter()
        .take_while(|b| {
            if hex {
                b.is_ascii_hexdigit()
            } else {
                b.is_ascii_digit()
            }
        })
        .count();
    if digits == 0 {
        // `&#x` without digits is text as written.
        return Ref::Literal;
    }
    if digits > 7 {
        return Ref::Unknown;
    }
    let text = &rest[digits_from..digits_from + digits];
    let Ok(text) = std::str::from_utf8(text) else {
        return Ref::Unknown;
    };
    let Ok(value) = u32::from_str_radix(text, if hex { 16 } else { 10 }) else {
        return Ref::Unknown;
    };
    let ordinary = matches!(value, 0x09 | 0x0A | 0x0C | 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFDCF | 0xFDF0..=0x10FFFF)
        && value & 0xFFFE != 0xFFFE;
    let Some(c) = char::from_u32(value).filter(|_| ordinary) else {
        return Ref::Unknown;
    };
    let semicolon = usize::from(rest.get(digits_from + digits) == Some(&b';'));
    Ref::Char(c, 1 + digits_from + digits + semicolon)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_with_semicolon_from_the_table() {
        assert_eq!(at(b"&amp;x"), Ref::Text("&", 5));
        assert_eq!(at(b"&nbsp;"), Ref::Text("\u{a0}", 6));
        assert_eq!(at(b"&ldquo;"), Ref::Text("\u{201c}", 7));
        assert_eq!(at(b"&alpha;"), Ref::Unknown);
    }

    #[test]
    fn bare_ampersands_are_literal_unless_a_legacy_name_starts_there() {
        assert_eq!(at(b"&CEO"), Ref::Literal);
        assert_eq!(at(b"& b"), Ref::Literal);
        assert_eq!(at(b"&"), Ref::Literal);
        assert_eq!(at(b"&mid=1"), Ref::Literal);
        assert_eq!(at(b"&copyright"), Ref::Unknown);
        assert_eq!(at(b"&amp"), Ref::Unknown);
        assert_eq!(at(b"&notit;"), Ref::Unknown);
    }

    #[test]
    fn numeric_references_to_ordinary_characters() {
        assert_eq!(at(b"&#20013;"), Ref::Char('中', 8));
        assert_eq!(at(b"&#x4e2d;"), Ref::Char('中', 8));
        assert_eq!(at(b"&#65x"), Ref::Char('A', 4));
        assert_eq!(at(b"&#x;"), Ref::Literal);
        assert_eq!(at(b"&#;"), Ref::Literal);
        for bad in [
            &b"&#0;"[..],
            b"&#128;",
            b"&#xD800;",
            b"&#13;",
            b"&#xFFFF;",
            b"&#99999999;",
        ] {
            assert_eq!(at(bad), Ref::Unknown, "{}", String::from_utf8_lossy(bad));
        }
    }
}
