//! Text hygiene shared by every layer: what may reach a terminal or an export.
//!
//! Article text is untrusted. [`sanitize`] removes what could hijack a terminal (C0/C1 controls,
//! escape sequences, bidi overrides, zero-width characters) and is applied at load, so every later
//! layer can trust [`crate::corpus::Article::text`]. [`clean`] adds what a block of prose needs on top:
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
/// Linear and allocation-light, since every block of every article passes through here (through a
/// [`Cleaner`]): runs of ordinary characters are copied as slices, and the NFC pass only runs when a
/// character outside the common always-composed ranges (ASCII, Latin-1, CJK ideographs and
/// punctuation) appears.
pub fn clean(s: &str) -> String {
    let mut c = Cleaner::with_capacity(s.len());
    c.push(s);
    c.end_piece();
    c.into_text()
}

/// Builds [`clean`] texts from pieces, one after another in one string: pushing `a` then `b` and
/// ending the piece appends `clean(a + b)` and gives its range, without first copying the pieces
/// into a string of their own. The HTML block builder cleans each text node as it arrives,
/// straight into the article's text, and a block is the range of one piece.
#[derive(Debug, Default)]
pub struct Cleaner {
    /// The ended pieces, then the clean text of the current one without the white space pending
    /// at its end.
    out: String,
    /// Where the current piece starts in `out`.
    start: usize,
    /// White space seen since the last character copied: one space before the next one.
    space: bool,
    /// A character outside the always-composed ranges was seen: NFC may change the piece.
    check_nfc: bool,
    /// A character that is not white space was pushed, even one dropped as a control character.
    dropped_text: bool,
}

impl Cleaner {
    /// An empty cleaner.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty cleaner with room for `bytes` of clean text before its string grows.
    pub fn with_capacity(bytes: usize) -> Self {
        Cleaner {
            out: String::with_capacity(bytes),
            ..Self::default()
        }
    }

    /// Whether the clean text of the current piece is empty so far.
    pub fn is_empty(&self) -> bool {
        self.out.len() == self.start
    }

    /// Whether anything but white space was pushed since the current piece began (as
    /// `!concatenation.trim().is_empty()` would say, counting the characters [`clean`] drops).
    pub fn has_text(&self) -> bool {
        self.dropped_text || !self.is_empty()
    }

    /// Ends the current piece: its text becomes the [`clean`] text of everything pushed since
    /// the last end, and this is its byte range in [`Cleaner::text`] (empty when it is). The next
    /// piece starts where it ends.
    ///
    /// Inlined: the HTML builder ends a piece at every block element's start and end, most of
    /// them empty, and the call would cost more than the few stores.
    #[inline]
    pub fn end_piece(&mut self) -> std::ops::Range<usize> {
        if self.check_nfc {
            self.normalize();
        }
        let piece = self.start..self.out.len();
        self.start = self.out.len();
        self.space = false;
        self.check_nfc = false;
        self.dropped_text = false;
        piece
    }

    /// Drops the text from byte `len` on (the start of an ended piece) and starts a new piece
    /// there. Crate-only: `len` must be a character boundary, as for `String::truncate`, which
    /// the block builder's piece starts always are.
    pub(crate) fn truncate(&mut self, len: usize) {
        self.out.truncate(len);
        self.start = self.out.len();
        self.space = false;
        self.check_nfc = false;
        self.dropped_text = false;
    }

    /// The text of every piece so far.
    pub fn text(&self) -> &str {
        &self.out
    }

    /// The text of every piece so far, without the cleaner. End the current piece first, or its
    /// text may not be NFC yet.
    pub fn into_text(self) -> String {
        self.out
    }

    /// Normalises the current piece to NFC when a character seen may need it (rare: kept out of
    /// line so [`Cleaner::end_piece`] stays small).
    #[inline(never)]
    fn normalize(&mut self) {
        let piece = &self.out[self.start..];
        if self.check_nfc && is_nfc_quick(piece.chars()) != IsNormalized::Yes {
            let nfc: String = piece.nfc().collect();
            self.out.truncate(self.start);
            self.out.push_str(&nfc);
        }
        self.check_nfc = false;
    }

    /// Appends a run of ordinary characters, after one space if white space came before it.
    fn copy(&mut self, run: &str) {
        if self.space && !self.is_empty() {
            self.out.push(' ');
        }
        self.space = false;
        self.out.push_str(run);
    }

    /// What [`Cleaner::push`] does with text that is all ASCII white space and not empty: the
    /// next character copied gets a space before it.
    pub fn push_space(&mut self) {
        self.space = true;
    }

    /// Cleans `s` onto the end of the text.
    pub fn push(&mut self, s: &str) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2 (checked just above; std caches the answer).
            return unsafe { self.push_avx2(s) };
        }
        self.push_with::<false>(s);
    }

    /// [`Cleaner::push`] compiled for AVX2, so its marks come thirty-two bytes at a time from
    /// one set of instructions, inlined (a call per block would cost what it saves).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn push_avx2(&mut self, s: &str) {
        self.push_with::<true>(s);
    }

    /// The body of [`Cleaner::push`]; `AVX2` says the CPU has it (see [`block_marks32`]).
    #[inline(always)]
    fn push_with<const AVX2: bool>(&mut self, s: &str) {
        let bytes = s.as_bytes();
        // The white space between tags (`</p>\n<p>`) is a good part of all text nodes: it only
        // asks for a space, and needs no marks (which cost most for a short text).
        if bytes
            .iter()
            .all(|&b| matches!(b, b'\t' | b'\n' | 0x0C | b'\r' | b' '))
        {
            self.space = self.space || !bytes.is_empty();
            return;
        }
        let mut marks = Marks::<AVX2>::new(bytes);
        let mut run = 0; // start of the run of ordinary characters not yet copied
        while let Some(i) = marks.pop() {
            let b = bytes[i];
            // Chinese punctuation is two marks in three: settled first, from its three bytes.
            if b >= 0xe2 && bytes.get(i..i + 3).is_some_and(plain_punctuation) {
                continue;
            }
            // One ASCII space between two ordinary characters stays in the run: it is what the
            // collapsed white space would be anyway (English text has one every few bytes).
            if b == b' '
                && run < i
                && bytes
                    .get(i + 1)
                    .is_some_and(|&n| !ATTENTION[usize::from(n)])
            {
                continue;
            }
            let (len, special, white) = match b {
                0..=0x7f => (1, b <= b' ' || b == 0x7f, (b as char).is_whitespace()),
                _ => {
                    let Some(c) = s[i..].chars().next() else {
                        break;
                    };
                    self.check_nfc = self.check_nfc || !always_nfc(c);
                    let white = c.is_whitespace();
                    (c.len_utf8(), white || c.is_control() || is_hidden(c), white)
                }
            };
            if special {
                if run < i {
                    self.copy(&s[run..i]);
                }
                run = i + len;
                // U+3000, NBSP, U+0085, line/paragraph separators are all White_Space.
                self.space = self.space || white;
                self.dropped_text = self.dropped_text || !white;
            }
        }
        if run < s.len() {
            self.copy(&s[run..]);
        }
    }
}

/// Finds the bytes [`ATTENTION`] marks, thirty-two at a time (two [`marks16`]): most text is long
/// runs of ideographs and ASCII letters that need no look, and one block's marks serve every stop
/// in it (English has a space every few bytes, Chinese a comma every few characters). Blocks of
/// thirty-two halve the bookkeeping per byte of the blocks without a mark, which is most blocks.
struct Marks<'a, const AVX2: bool> {
    bytes: &'a [u8],
    /// Where the block of thirty-two bytes `marks` describes starts.
    block: usize,
    /// One bit per byte of the block, lowest first.
    marks: u32,
}

impl<'a, const AVX2: bool> Marks<'a, AVX2> {
    fn new(bytes: &'a [u8]) -> Self {
        Marks {
            bytes,
            block: 0,
            marks: block_marks32::<AVX2>(bytes, 0),
        }
    }

    /// The first marked byte not yet returned, in order. [`Cleaner::push`] steps over whole
    /// characters (and a space before an unmarked byte), whose other bytes are never marked, so
    /// the next mark is always where it goes on: taking the lowest bit is all the search there is.
    fn pop(&mut self) -> Option<usize> {
        while self.marks == 0 {
            if !self.advance() {
                return None;
            }
        }
        let at = self.block + self.marks.trailing_zeros() as usize;
        self.marks &= self.marks - 1;
        Some(at)
    }

    /// Moves to the next block; `false` (and no marks) at the end of the bytes.
    fn advance(&mut self) -> bool {
        self.block += 32;
        if self.block >= self.bytes.len() {
            self.marks = 0;
            return false;
        }
        self.marks = block_marks32::<AVX2>(self.bytes, self.block);
        true
    }
}

/// The marks of the thirty-two bytes from `at`; bytes past the end have none. `AVX2` only when
/// the CPU has it: [`Cleaner::push`] checks.
#[inline(always)]
fn block_marks32<const AVX2: bool>(bytes: &[u8], at: usize) -> u32 {
    if let Some(block) = bytes.get(at..at + 32) {
        #[cfg(target_arch = "x86_64")]
        if AVX2 {
            // SAFETY: `AVX2` is only set when the CPU has it.
            return unsafe { avx2::marks32(block.first_chunk().unwrap_or(&[0; 32])) };
        }
        let (low, high) = block.split_at(16);
        let low = marks16(low.try_into().unwrap_or(&[0; 16]));
        let high = marks16(high.try_into().unwrap_or(&[0; 16]));
        return low | high << 16;
    }
    block_marks(bytes, at) | block_marks(bytes, at + 16) << 16
}

/// The marks of the sixteen bytes from `at`; bytes past the end have none.
fn block_marks(bytes: &[u8], at: usize) -> u32 {
    if let Some(block) = bytes.get(at..at + 16) {
        return marks16(block.try_into().unwrap_or(&[0; 16]));
    }
    let Some(rest) = bytes.get(at..).filter(|r| !r.is_empty()) else {
        return 0;
    };
    if let Some(back) = bytes.len().checked_sub(16) {
        // The last sixteen bytes, shifted so bit 0 is `at`.
        let last = marks16(bytes[back..].try_into().unwrap_or(&[0; 16]));
        return last >> (16 - rest.len());
    }
    let mut block = [b'a'; 16];
    block[..rest.len()].copy_from_slice(rest);
    marks16(&block)
}

/// One bit per byte of `block` that [`ATTENTION`] marks, lowest first.
#[cfg(target_arch = "x86_64")]
fn marks16(block: &[u8; 16]) -> u32 {
    // SAFETY: SSE2 is part of the x86_64 baseline: every x86_64 target enables it.
    unsafe { sse2::marks16(block) }
}

/// One bit per byte of `block` that [`ATTENTION`] marks, lowest first.
#[cfg(not(target_arch = "x86_64"))]
fn marks16(block: &[u8; 16]) -> u32 {
    swar_marks16(block)
}

/// [`marks16`] on sixteen bytes at once: a dozen instructions where a byte loop takes dozens.
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::*;

    #[target_feature(enable = "sse2")]
    pub(super) fn marks16(block: &[u8; 16]) -> u32 {
        let v = u128::from_le_bytes(*block);
        let x = _mm_set_epi64x((v >> 64) as i64, v as i64);
        let splat = |b: i8| _mm_set1_epi8(b);
        // Shifted by 95 (wrapping) and read as signed, the marked bytes are three ranges a few
        // signed compares pick out: 0x00..=0x20 → 95..=127, lead bytes 0xc0..=0xff → 31..=94
        // (less the ideographs 0xe4..=0xe9 → 67..=72), DEL → -34; continuation bytes and the
        // rest of ASCII land below 31. Nine instructions where unsigned ranges took twelve.
        let y = _mm_add_epi8(x, splat(95));
        let high = _mm_cmpgt_epi8(y, splat(30));
        let ideograph = _mm_and_si128(_mm_cmpgt_epi8(y, splat(66)), _mm_cmplt_epi8(y, splat(73)));
        let del = _mm_cmpeq_epi8(y, splat(-34));
        let marks = _mm_or_si128(_mm_andnot_si128(ideograph, high), del);
        _mm_movemask_epi8(marks) as u32
    }
}

/// [`marks16`] on thirty-two bytes at once, where the CPU has AVX2: one block in one set of
/// instructions, half the work per byte of two SSE2 blocks.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    #[target_feature(enable = "avx2")]
    #[inline]
    pub(super) fn marks32(block: &[u8; 32]) -> u32 {
        // SAFETY: `block` is thirty-two readable bytes; the load has no alignment requirement.
        let x = unsafe { _mm256_loadu_si256(block.as_ptr().cast()) };
        let splat = |b: i8| _mm256_set1_epi8(b);
        // The ranges of `super::sse2::marks16`.
        let y = _mm256_add_epi8(x, splat(95));
        let high = _mm256_cmpgt_epi8(y, splat(30));
        let ideograph = _mm256_and_si256(
            _mm256_cmpgt_epi8(y, splat(66)),
            _mm256_cmpgt_epi8(splat(73), y),
        );
        let del = _mm256_cmpeq_epi8(y, splat(-34));
        let marks = _mm256_or_si256(_mm256_andnot_si256(ideograph, high), del);
        _mm256_movemask_epi8(marks) as u32
    }
}

/// [`marks16`] without SIMD instructions: eight bytes at a time in a `u64`.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn swar_marks16(block: &[u8; 16]) -> u32 {
    let v = u128::from_le_bytes(*block);
    // The high bit of each byte, gathered into the top byte by one multiplication.
    let pack = |m: u64| (((m >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56) as u32;
    pack(attention_mask(v as u64)) | pack(attention_mask((v >> 64) as u64)) << 8
}

/// The high bit of each byte of `x` (little-endian) set exactly when [`ATTENTION`] marks that
/// byte, computed for all eight at once without carries between bytes.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn attention_mask(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = x & !HIGH; // each byte's low seven bits: adding up to 0x80 cannot carry out
    let ascii = !x & HIGH;
    let control = !(low + 0x5f * ONES) & ascii; // 0x00..=0x20
    let del = (low + ONES) & ascii; // 0x7f
    let lead = x & (x << 1) & HIGH; // 0xc0..=0xff: the first byte of a 2-, 3- or 4-byte character
    // 0xe4..=0xe9 (U+4000..U+9FFF): low bits 0x64..=0x69.
    let ideograph = (low + 0x1c * ONES) & !(low + 0x16 * ONES) & HIGH;
    control | del | (lead & !ideograph)
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
            "ab cd",
            " a b c ",
            "中 文 ",
            "a \u{301}b",
            "a \u{3000}b",
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
    fn block_marks_agree_with_the_table() {
        for b in 0..=255u8 {
            for pos in 0..16 {
                // The byte in every position, between neighbours that do and do not need a look.
                for fill in [b'a', 0xe4, 0x80, b' ', 0xff] {
                    let mut block = [fill; 16];
                    block[pos] = b;
                    let want = ATTENTION[usize::from(b)];
                    for marks in [marks16(&block), swar_marks16(&block)] {
                        assert_eq!(marks & (1 << pos) != 0, want, "{b:#x} at {pos}");
                        let others = if ATTENTION[usize::from(fill)] {
                            0xffff
                        } else {
                            0
                        };
                        assert_eq!(marks & !(1 << pos), others & !(1 << pos), "{b:#x} at {pos}");
                    }
                }
            }
        }
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn avx2_marks_agree_with_the_table() {
        if !std::arch::is_x86_feature_detected!("avx2") {
            return;
        }
        for b in 0..=255u8 {
            for pos in [0, 7, 15, 16, 31] {
                for fill in [b'a', 0xe4, 0x80, b' ', 0xff] {
                    let mut block = [fill; 32];
                    block[pos] = b;
                    // SAFETY: the CPU has AVX2 (checked above).
                    let marks = unsafe { avx2::marks32(&block) };
                    let want = (0..32).fold(0u32, |m, i| {
                        m | u32::from(ATTENTION[usize::from(block[i])]) << i
                    });
                    assert_eq!(marks, want, "{b:#x} at {pos} in {fill:#x}");
                }
            }
        }
    }

    #[test]
    fn marks_pop_every_marked_byte_in_order() {
        for n in 0..4 {
            // Lengths around and across block edges.
            let text = "社交功能abc上线了，好友 可以x\u{3000}看 a b\n".repeat(n);
            for len in (0..=text.len()).filter(|&l| text.is_char_boundary(l)) {
                let text = &text.as_bytes()[..len];
                let want: Vec<usize> = (0..len)
                    .filter(|&i| ATTENTION[usize::from(text[i])])
                    .collect();
                let mut marks = Marks::<false>::new(text);
                let got: Vec<usize> = std::iter::from_fn(|| marks.pop()).collect();
                assert_eq!(got, want, "length {len}");
                assert_eq!(marks.pop(), None);
                #[cfg(target_arch = "x86_64")]
                if std::arch::is_x86_feature_detected!("avx2") {
                    let mut marks = Marks::<true>::new(text);
                    let got: Vec<usize> = std::iter::from_fn(|| marks.pop()).collect();
                    assert_eq!(got, want, "length {len}, AVX2");
                }
            }
        }
    }

    /// Ends `c`'s piece and copies out its text.
    fn take(c: &mut Cleaner) -> String {
        let piece = c.end_piece();
        c.text()[piece].to_string()
    }

    proptest::proptest! {
        /// Pieces pushed one by one clean like their concatenation, and `has_text` says whether
        /// the concatenation holds anything but white space; ended pieces follow one another in
        /// the cleaner's text, each its own `clean`, whatever came before (a piece that needed
        /// NFC, a space pending at the end of the last one).
        #[test]
        fn a_cleaner_fed_pieces_cleans_their_concatenation(
            pieces in proptest::collection::vec("\\PC{0,6}|[ \\t\\na社\\u{3000}\\u{a0}\\u{200b}\\u{1b}\\u{301}e，]{0,6}", 0..6)
        ) {
            let mut c = Cleaner::new();
            for p in &pieces {
                c.push(p);
            }
            let all = pieces.concat();
            proptest::prop_assert_eq!(c.has_text(), all.chars().any(|ch| !ch.is_whitespace()));
            let first = c.end_piece();
            proptest::prop_assert_eq!(&c.text()[first.clone()], clean(&all));
            proptest::prop_assert!(c.is_empty() && !c.has_text());
            c.push(&all);
            let second = c.end_piece();
            proptest::prop_assert_eq!(second.start, first.end);
            proptest::prop_assert_eq!(&c.text()[second.clone()], clean(&all));
            let mut want = c.text().to_string();
            for p in &pieces {
                c.push(p);
                let piece = c.end_piece();
                proptest::prop_assert_eq!(&c.text()[piece], clean(p));
                want.push_str(&clean(p));
            }
            proptest::prop_assert_eq!(c.text(), want.as_str());
            proptest::prop_assert_eq!(c.into_text(), want);
        }
    }

    #[test]
    fn truncate_starts_a_piece_at_the_cut() {
        let mut c = Cleaner::new();
        c.push(" 社交 ");
        assert_eq!(c.end_piece(), 0..6);
        c.push("e\u{301} x");
        assert_eq!(c.end_piece(), 6..10);
        c.push("语音");
        c.truncate(6);
        assert!(c.is_empty() && !c.has_text());
        c.push(" 群聊");
        assert_eq!(c.end_piece(), 6..12);
        assert_eq!(c.text(), "社交群聊");
    }

    #[test]
    fn push_space_is_pushing_blank_text() {
        for blank in [" ", "\n", "\t\r\n \x0c"] {
            for before in ["", "a", "a ", "\u{200b}"] {
                for after in ["", "b", " b"] {
                    let (mut pushed, mut spaced) = (Cleaner::new(), Cleaner::new());
                    pushed.push(before);
                    spaced.push(before);
                    pushed.push(blank);
                    spaced.push_space();
                    pushed.push(after);
                    spaced.push(after);
                    assert_eq!(pushed.has_text(), spaced.has_text());
                    assert_eq!(
                        take(&mut pushed),
                        take(&mut spaced),
                        "{before:?} {blank:?} {after:?}"
                    );
                }
            }
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
