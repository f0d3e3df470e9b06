//! Text hygiene shared by every layer: what may reach a terminal or an export.
//!
//! Article text is untrusted. [`sanitize`] removes what could hijack a terminal (C0/C1 controls,
//! escape sequences, bidi overrides, zero-width characters) and is applied at load, so every later
//! layer can trust [`crate::corpus::Block::text`].

/// Removes control, bidi-override and zero-width characters; tabs and newlines become spaces.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if c.is_control() => None,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
            '\u{FEFF}' => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn strips_escapes_and_bidi() {
        assert_eq!(super::sanitize("a\u{1b}[31mb\u{202E}c\u{7}"), "a[31mbc");
    }
}
