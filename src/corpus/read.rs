//! Reading a file's bytes and checking them, the fixed cost every article pays before parsing:
//! one sized read into a reused buffer, a vectorised NUL check and a SIMD UTF-8 check.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fs::File;
use std::io::{self, Read};

/// Read buffers up to this size are kept for the thread's next file; a bigger one (a rare big
/// file) is freed rather than held for the rest of the run.
const KEEP_BUFFER: usize = 1024 * 1024;

thread_local! {
    /// This thread's read buffer, reused from file to file: a fresh buffer per file costs an
    /// allocation, zeroing and page faults on every file, and the bytes never outlive the parse.
    static READ_BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with this thread's read buffer (not reentrant: `f` must not load another file).
pub(super) fn with_buffer<T>(f: impl FnOnce(&mut Vec<u8>) -> T) -> T {
    READ_BUFFER.with_borrow_mut(|buf| {
        let result = f(buf);
        if buf.len() > KEEP_BUFFER {
            *buf = Vec::new();
        }
        result
    })
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Reads at most `limit + 1` bytes of an open file into `buf`, returning how many it read: one byte
/// past the limit tells a file that grew after its size was checked. The read is sized from
/// `expected` (the size the walk found) plus that one byte, so an unchanged file costs one `read`
/// (`read_to_end` on a `Take` reads 8 KB at a time and probes the end). `buf` only ever grows, so
/// its old bytes need no zeroing.
pub(super) fn read_capped(
    f: &mut File,
    expected: u64,
    limit: u64,
    buf: &mut Vec<u8>,
) -> io::Result<usize> {
    let cap = limit.saturating_add(1);
    let mut want = to_usize(expected.min(limit).saturating_add(1));
    let mut filled = 0;
    loop {
        if filled == want {
            if filled as u64 >= cap {
                break;
            }
            // The file grew since its size was taken: read on, never past the cap.
            want = to_usize((want as u64).saturating_mul(2).min(cap));
        }
        if buf.len() < want {
            buf.resize(want, 0);
        }
        match f.read(&mut buf[filled..want]) {
            Ok(0) => break,
            // A read that stops at exactly the size the file had is taken as its end: asking
            // again only to hear 0 cost a system call per file. A file that grew since fills
            // the whole request instead (one byte more was asked for) and is read on.
            Ok(n) if filled + n == to_usize(expected) && filled + n < want => {
                filled += n;
                break;
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Whether `bytes` holds a NUL byte. Folds whole chunks without an early exit so the compiler
/// vectorises it: several times fewer instructions than `contains`, which tests byte by byte.
pub(super) fn has_nul(bytes: &[u8]) -> bool {
    bytes
        .chunks(256)
        .any(|chunk| chunk.iter().fold(false, |nul, &b| nul | (b == 0)))
}

/// The text of a file. simdutf8 validates the (nearly always valid) bytes several times faster
/// than `std::str::from_utf8`; only an invalid file pays for std's second pass, which knows where
/// the first bad byte is for the diagnostic.
pub(super) fn decode<'a>(bytes: &'a [u8], problems: &mut Vec<String>) -> Cow<'a, str> {
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Cow::Borrowed(s);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(e) => {
            problems.push(format!(
                "invalid UTF-8 at byte {}; bad bytes replaced with U+FFFD",
                e.valid_up_to()
            ));
            String::from_utf8_lossy(bytes)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn file_of(len: usize) -> File {
        let mut f = tempfile::tempfile().expect("temp file");
        f.write_all(&vec![b'x'; len]).expect("write");
        f.sync_all().expect("sync");
        io::Seek::rewind(&mut f).expect("rewind");
        f
    }

    fn read(len: usize, expected: u64, limit: u64) -> usize {
        read_capped(&mut file_of(len), expected, limit, &mut Vec::new()).expect("read")
    }

    #[test]
    fn reads_whole_files_whatever_the_size_said() {
        assert_eq!(read(100, 100, 1000), 100);
        assert_eq!(read(100, 10, 1000), 100, "grew since its size was taken");
        assert_eq!(read(100, 500, 1000), 100, "shrank");
        assert_eq!(read(100, 0, 1000), 100);
        assert_eq!(read(0, 0, 1000), 0);
    }

    #[test]
    fn stops_one_byte_past_the_limit() {
        assert_eq!(read(100, 10, 50), 51);
        assert_eq!(read(100, 100, 50), 51);
        assert_eq!(read(51, 10, 50), 51);
        assert_eq!(read(50, 10, 50), 50);
    }

    #[test]
    fn a_reused_buffer_keeps_no_old_bytes() {
        let mut buf = vec![b'y'; 300];
        let n = read_capped(&mut file_of(20), 20, 1000, &mut buf).expect("read");
        assert_eq!(&buf[..n], &[b'x'; 20]);
    }

    #[test]
    fn finds_nul_anywhere() {
        assert!(!has_nul(b""));
        assert!(!has_nul(&[b'a'; 1000]));
        for at in [0, 1, 255, 256, 257, 999] {
            let mut b = vec![b'a'; 1000];
            b[at] = 0;
            assert!(has_nul(&b), "{at}");
        }
    }

    #[test]
    fn invalid_utf8_names_the_first_bad_byte() {
        let mut problems = Vec::new();
        assert_eq!(decode("标题".as_bytes(), &mut problems), "标题");
        assert!(problems.is_empty());
        let text = decode(b"ab\xffc\xc3", &mut problems);
        assert_eq!(text, "ab\u{fffd}c\u{fffd}");
        assert_eq!(
            problems,
            ["invalid UTF-8 at byte 2; bad bytes replaced with U+FFFD"]
        );
    }
}
