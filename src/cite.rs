//! Citations and view exports: the text a user copies (key `y`) or saves (key `e`) from the
//! dashboard.
//!
//! Pure string building plus the choice of an export file name; writing the file (through
//! [`crate::export::write_atomic`]) and writing the OSC 52 sequence to the terminal are the shell's
//! job. Article text reaching here is already sanitised at load, but a citation is pasted into
//! other programs and the OSC 52 sequence goes to the terminal, so both are filtered again here.

use crate::compare::{self, Comparison};
use crate::model::Model;
use std::path::{Path, PathBuf};

/// One event as a readable, pasteable block:
///
/// ```text
/// 抖音 · 聊天室 · testing · 2021-04
/// “抖音启动“朋友聊天室”功能内测，……”
/// — 逐梦「社交」，抖、快图什么？, 人人都是产品经理, 2021-07-14
/// ```
///
/// The quote is the event's clause, or the whole paragraph when the extractor kept no clause.
/// Missing parts (date, source, publication date) are left out rather than shown empty.
pub fn citation(model: &Model, e: usize) -> String {
    let Some(ev) = model.events.get(e) else {
        return String::new();
    };
    let k = &model.knowledge;
    let platform = &k.platforms[model.event_platform(e)].name;
    let feature = &k.features[model.event_feature(e)].name;
    let mut head = format!("{platform} · {feature} · {}", ev.status.as_str());
    if let Some(d) = ev.date {
        head.push_str(" · ");
        head.push_str(&compare::date_label(d));
    }
    let quote = if ev.sentence.trim().is_empty() {
        model.evidence(e)
    } else {
        ev.sentence.as_str()
    };
    let a = &model.articles[model.event_article(e)];
    let mut source = vec![a.title.clone()];
    source.extend(a.source.clone());
    source.extend(a.published.map(|d| d.format("%Y-%m-%d").to_string()));
    clean(&format!(
        "{head}\n“{}”\n— {}",
        quote.trim(),
        source.join(", ")
    ))
}

/// Several events' citations, separated by blank lines (copying a selection or a cell).
pub fn citations(model: &Model, events: &[usize]) -> String {
    events
        .iter()
        .map(|&e| citation(model, e))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Like [`crate::text::sanitize`] but keeps line breaks: removes control characters other than
/// `\n` (so no escape sequence survives), bidi overrides and zero-width characters; `\r\n` and
/// `\r` become `\n`, tabs become spaces.
pub fn clean(s: &str) -> String {
    let s = s.replace("\r\n", "\n");
    s.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\r' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
            '\u{FEFF}' => None,
            c => Some(c),
        })
        .collect()
}

/// Largest payload (before base64) put in one OSC 52 sequence. Terminals cap the sequence
/// (xterm and tmux around 100 kB); a longer text is cut at a character boundary rather than
/// silently dropped by the terminal.
pub const OSC52_MAX_BYTES: usize = 74_000;

/// The OSC 52 "set clipboard" sequence for `text` (`ESC ] 52 ; c ; BASE64 BEL`), after [`clean`].
/// The dashboard writes it to the terminal, which puts the text on the system clipboard — over
/// SSH too, with no clipboard crate.
pub fn osc52(text: &str) -> String {
    let clean = clean(text);
    let mut end = clean.len().min(OSC52_MAX_BYTES);
    while !clean.is_char_boundary(end) {
        end -= 1;
    }
    format!("\x1b]52;c;{}\x07", base64(&clean.as_bytes()[..end]))
}

/// Standard base64 (RFC 4648, with padding). A dozen lines do not justify a dependency.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Which view an export holds; names the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Matrix,
    Timeline,
    Compare,
    Companies,
    Discover,
}

impl View {
    pub fn as_str(self) -> &'static str {
        match self {
            View::Matrix => "matrix",
            View::Timeline => "timeline",
            View::Compare => "compare",
            View::Companies => "companies",
            View::Discover => "discover",
        }
    }
}

/// The matrix view as a Markdown document.
pub fn matrix_markdown(model: &Model) -> String {
    format!(
        "# socialscope: matrix\n\n{} articles, {} events.\n\n{}",
        model.articles.len(),
        model.events.len(),
        crate::export::matrix_markdown(model)
    )
}

/// A timeline (the events the view shows, in its order) as a Markdown list, one event per item:
/// `- 2021-04 · 抖音 · 聊天室 · testing — “clause” (title ¶N)`.
pub fn timeline_markdown(model: &Model, events: &[usize]) -> String {
    use crate::export::md_cell;
    let mut out = String::from("# socialscope: timeline\n\n");
    for &e in events {
        let Some(ev) = model.events.get(e) else {
            continue;
        };
        let k = &model.knowledge;
        let date = ev
            .date
            .map_or_else(|| "undated".to_string(), compare::date_label);
        let quote = if ev.sentence.trim().is_empty() {
            model.evidence(e)
        } else {
            ev.sentence.as_str()
        };
        let a = &model.articles[model.event_article(e)];
        out.push_str(&format!(
            "- {date} · {} · {} · {} — “{}” ({} ¶{})\n",
            md_cell(&k.platforms[model.event_platform(e)].name),
            md_cell(&k.features[model.event_feature(e)].name),
            ev.status.as_str(),
            md_cell(quote.trim()),
            md_cell(&a.title),
            ev.paragraph
        ));
    }
    clean(&out)
}

/// A comparison as a Markdown document (see [`compare::to_markdown`]).
pub fn comparison_markdown(model: &Model, c: &Comparison) -> String {
    clean(&compare::to_markdown(model, c))
}

/// The company roll-up as a Markdown document.
pub fn companies_markdown(model: &Model) -> String {
    let rows = compare::company_rollup(model, false);
    format!(
        "# socialscope: companies\n\n{}",
        compare::rollup_markdown(model, &rows)
    )
}

/// A fresh file name in `dir` for exporting a view: `socialscope-matrix-20261125-131500.md`, with
/// `-2`, `-3` … appended when that name is taken, so an export never overwrites anything. Uses
/// the local time.
pub fn export_path(dir: &Path, view: View) -> PathBuf {
    export_path_at(dir, view, chrono::Local::now().naive_local())
}

/// [`export_path`] at a given time (for tests).
pub fn export_path_at(dir: &Path, view: View, now: chrono::NaiveDateTime) -> PathBuf {
    let stem = format!(
        "socialscope-{}-{}",
        view.as_str(),
        now.format("%Y%m%d-%H%M%S")
    );
    let mut path = dir.join(format!("{stem}.md"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem}-{n}.md"));
        n += 1;
    }
    path
}

/// The folder exports go to: `cwd`, unless it lies inside a corpus folder (socialscope never
/// writes there), then the home folder, then the system's temporary folder.
pub fn export_dir(cwd: &Path, corpus_roots: &[PathBuf]) -> PathBuf {
    let inside = |dir: &Path| {
        let Ok(d) = dir.canonicalize() else {
            return false;
        };
        corpus_roots
            .iter()
            .filter_map(|r| r.canonicalize().ok())
            .any(|r| d.starts_with(r))
    };
    std::iter::once(cwd.to_path_buf())
        .chain(dirs::home_dir())
        .chain(std::iter::once(std::env::temp_dir()))
        .find(|d| d.is_dir() && !inside(d))
        .unwrap_or_else(std::env::temp_dir)
}

/// Writes a view's text to a fresh file chosen by [`export_dir`] and [`export_path`]; returns
/// where it went (for the status line).
pub fn write_view(
    cwd: &Path,
    corpus_roots: &[PathBuf],
    view: View,
    text: &str,
) -> std::io::Result<PathBuf> {
    let path = export_path(&export_dir(cwd, corpus_roots), view);
    crate::export::write_atomic(&path, text.as_bytes())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain}");
        }
    }

    #[test]
    fn clean_keeps_newlines_and_drops_escapes() {
        assert_eq!(
            clean("a\r\nb\u{1b}]52;c;x\u{7}\u{202E}c\td"),
            "a\nb]52;c;xc d"
        );
    }

    #[test]
    fn osc52_cuts_long_text_at_a_character_boundary() {
        let long = "抖".repeat(OSC52_MAX_BYTES);
        let seq = osc52(&long);
        assert!(seq.len() < OSC52_MAX_BYTES / 3 * 4 + 20);
        assert!(seq.starts_with("\u{1b}]52;c;") && seq.ends_with('\u{7}'));
    }
}
