//! Byte searches for the tag lexer in [`super::stream`], sixteen bytes at a time.
//!
//! Tags are a fifth of an article's bytes, most of them in long attribute lists (36氪's links
//! carry seven attributes, images eight), and each attribute name and value is a search for the
//! byte that ends it. A byte loop with a table costs some six instructions a byte and `memchr` a
//! call and set-up per value (most values are a few bytes); one SSE2 compare per class of byte
//! does sixteen bytes in about a dozen.

/// Classes of the bytes that end names and values inside a tag.
pub(super) const SPACE: u8 = 1;
pub(super) const SLASH: u8 = 2;
pub(super) const GT: u8 = 4;
pub(super) const EQ: u8 = 8;

/// The class of every byte, for the bytes past the last whole sixteen.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b'\t' as usize] = SPACE;
    t[b'\n' as usize] = SPACE;
    t[0x0C] = SPACE;
    t[b' ' as usize] = SPACE;
    t[b'/' as usize] = SLASH;
    t[b'>' as usize] = GT;
    t[b'=' as usize] = EQ;
    t
};

/// The first byte at or after `from` in one of the `classes`; `None` at the end of input.
#[inline]
pub(super) fn find_class(b: &[u8], from: usize, classes: u8) -> Option<usize> {
    let mut at = from;
    while let Some(block) = b.get(at..at + 16) {
        let found = class_marks(first16(block), classes);
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize);
        }
        at += 16;
    }
    let rest = b.get(at..)?;
    let k = rest
        .iter()
        .position(|&c| BYTE_CLASS[usize::from(c)] & classes != 0)?;
    Some(at + k)
}

/// The first `byte` at or after `from`; `None` when there is none.
#[inline]
pub(super) fn find_byte(b: &[u8], from: usize, byte: u8) -> Option<usize> {
    find2(b, from, byte, byte)
}

/// The first `x` or `y` at or after `from`; `None` when there is none. The scanner's stops (the
/// next tag, a quote's end) are mostly a few bytes away: a few blocks here, then `memchr2` for the
/// long runs, whose set-up and call cost more than the short searches themselves.
#[inline]
pub(super) fn find2(b: &[u8], from: usize, x: u8, y: u8) -> Option<usize> {
    let mut at = from;
    for _ in 0..4 {
        let Some(block) = b.get(at..at + 16) else {
            break;
        };
        let found = byte_marks(first16(block), x) | byte_marks(first16(block), y);
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize);
        }
        at += 16;
    }
    Some(at + memchr::memchr2(x, y, b.get(at..)?)?)
}

fn first16(block: &[u8]) -> &[u8; 16] {
    block.first_chunk().unwrap_or(&[0; 16])
}

/// One bit per byte of `block` in one of the `classes`, lowest first.
#[cfg(target_arch = "x86_64")]
#[inline]
fn class_marks(block: &[u8; 16], classes: u8) -> u32 {
    // SAFETY: SSE2 is part of the x86_64 baseline: every x86_64 target enables it.
    unsafe { sse2::class_marks(block, classes) }
}

/// One bit per byte of `block` equal to `byte`, lowest first.
#[cfg(target_arch = "x86_64")]
#[inline]
fn byte_marks(block: &[u8; 16], byte: u8) -> u32 {
    // SAFETY: as for `class_marks`.
    unsafe { sse2::byte_marks(block, byte) }
}

#[cfg(not(target_arch = "x86_64"))]
fn class_marks(block: &[u8; 16], classes: u8) -> u32 {
    scalar_class_marks(block, classes)
}

#[cfg(not(target_arch = "x86_64"))]
fn byte_marks(block: &[u8; 16], byte: u8) -> u32 {
    (0..16).fold(0, |m, i| m | u32::from(block[i] == byte) << i)
}

/// [`class_marks`] byte by byte: the definition the SIMD version is tested against.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn scalar_class_marks(block: &[u8; 16], classes: u8) -> u32 {
    (0..16).fold(0, |m, i| {
        m | u32::from(BYTE_CLASS[usize::from(block[i])] & classes != 0) << i
    })
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use super::{EQ, GT, SLASH, SPACE};
    use std::arch::x86_64::*;

    #[target_feature(enable = "sse2")]
    #[inline]
    fn load(block: &[u8; 16]) -> __m128i {
        // SAFETY: `block` is sixteen readable bytes; the load has no alignment requirement.
        unsafe { _mm_loadu_si128(block.as_ptr().cast()) }
    }

    #[target_feature(enable = "sse2")]
    #[inline]
    pub(super) fn class_marks(block: &[u8; 16], classes: u8) -> u32 {
        let x = load(block);
        let eq = |b: u8| _mm_cmpeq_epi8(x, _mm_set1_epi8(b as i8));
        let mut m = _mm_setzero_si128();
        if classes & SPACE != 0 {
            // Tab, line feed and form feed are the bytes 9, 10 and 12 (11 is not white space).
            let low = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(12)), x);
            let tab_to_ff =
                _mm_and_si128(low, _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8(9)), x));
            let ws = _mm_andnot_si128(eq(11), tab_to_ff);
            m = _mm_or_si128(m, _mm_or_si128(ws, eq(b' ')));
        }
        if classes & SLASH != 0 {
            m = _mm_or_si128(m, eq(b'/'));
        }
        if classes & GT != 0 {
            m = _mm_or_si128(m, eq(b'>'));
        }
        if classes & EQ != 0 {
            m = _mm_or_si128(m, eq(b'='));
        }
        _mm_movemask_epi8(m) as u32
    }

    #[target_feature(enable = "sse2")]
    #[inline]
    pub(super) fn byte_marks(block: &[u8; 16], byte: u8) -> u32 {
        let m = _mm_cmpeq_epi8(load(block), _mm_set1_epi8(byte as i8));
        _mm_movemask_epi8(m) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_marks_agree_with_the_table() {
        for b in 0..=255u8 {
            for pos in [0, 5, 15] {
                let mut block = [b'a'; 16];
                block[pos] = b;
                for classes in 1..16 {
                    let want = if BYTE_CLASS[usize::from(b)] & classes != 0 {
                        1 << pos
                    } else {
                        0
                    };
                    assert_eq!(class_marks(&block, classes), want, "{b:#x} {classes}");
                    assert_eq!(scalar_class_marks(&block, classes), want);
                }
                assert_eq!(
                    byte_marks(&block, b),
                    (1 << pos) | (u32::from(b == b'a') * 0xffff)
                );
            }
        }
    }

    /// The byte-by-byte definitions of the two searches.
    fn simple_class(b: &[u8], from: usize, classes: u8) -> Option<usize> {
        (from..b.len()).find(|&i| BYTE_CLASS[usize::from(b[i])] & classes != 0)
    }

    proptest::proptest! {
        #[test]
        fn searches_agree_with_byte_loops(
            b in proptest::collection::vec(proptest::sample::select(
                b"ab \t\n\x0b\x0c/>=\"'\xe4".to_vec()), 0..70),
            from in 0usize..72,
            classes in 1u8..16,
        ) {
            proptest::prop_assert_eq!(find_class(&b, from, classes), simple_class(&b, from, classes));
            for byte in [b'"', b'\'', b'>'] {
                let want = b.get(from..).and_then(|r| r.iter().position(|&c| c == byte)).map(|k| from + k);
                proptest::prop_assert_eq!(find_byte(&b, from, byte), want);
                let want = b.get(from..).and_then(|r| r.iter().position(|&c| c == byte || c == b'=')).map(|k| from + k);
                proptest::prop_assert_eq!(find2(&b, from, byte, b'='), want);
            }
        }
    }
}
