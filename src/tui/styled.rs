//! Styled, wrapped text from plain text plus highlighted character ranges.
//!
//! Evidence spans come in characters; this turns them into ratatui lines of at most a given display
//! width, dropping anything unsafe for a terminal on the way (see `width`).

use super::width;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// A highlighted range of a text, in characters.
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub style: Style,
}

/// Wraps `text` to `w` columns, each line starting with `first_prefix` (first line) or `prefix`
/// (the rest), marks patched over `base`; at most `max_lines` lines, the last ending in `…` when
/// text was left out.
pub fn wrap_lines(
    text: &str,
    marks: &[Mark],
    base: Style,
    w: usize,
    max_lines: usize,
    prefix: (Span<'static>, Span<'static>),
) -> Vec<Line<'static>> {
    let chars: Vec<char> = text.chars().collect();
    let mut styles = vec![base; chars.len()];
    for m in marks {
        let end = m.end.min(chars.len());
        for s in styles.iter_mut().take(end).skip(m.start) {
            *s = base.patch(m.style);
        }
    }
    let pw = width::width(&prefix.0.content).max(width::width(&prefix.1.content));
    let avail = w.saturating_sub(pw).max(2);
    let ranges = width::wrap(text, avail);
    let cut = ranges.len() > max_lines;
    let mut out = Vec::with_capacity(ranges.len().min(max_lines));
    for (i, &(a, b)) in ranges.iter().take(max_lines).enumerate() {
        let mut spans = vec![if i == 0 {
            prefix.0.clone()
        } else {
            prefix.1.clone()
        }];
        let last = cut && i + 1 == max_lines;
        let mut end = b;
        if last {
            // Make room for the ellipsis.
            let mut used: usize = chars[a..b].iter().map(|&c| width::char_width(c)).sum();
            while used + 1 > avail && end > a {
                end -= 1;
                used -= width::char_width(chars[end]);
            }
        }
        let mut cur = String::new();
        let mut cur_style = None;
        for k in a..end {
            let c = match chars[k] {
                '\t' | '\n' | '\r' => ' ',
                c if !width::is_safe(c) => continue,
                c => c,
            };
            if cur_style != Some(styles[k]) && !cur.is_empty() {
                spans.push(Span::styled(
                    std::mem::take(&mut cur),
                    cur_style.unwrap_or(base),
                ));
            }
            cur_style = Some(styles[k]);
            cur.push(c);
        }
        if !cur.is_empty() {
            spans.push(Span::styled(cur, cur_style.unwrap_or(base)));
        }
        if last {
            spans.push(Span::styled(width::ELLIPSIS.to_string(), base));
        }
        out.push(Line::from(spans));
    }
    out
}

/// One line of `text` truncated to `w` columns with characters at `matched` (char indexes) styled.
pub fn highlight_chars(
    text: &str,
    matched: &[usize],
    base: Style,
    hl: Style,
    w: usize,
) -> Line<'static> {
    let marks: Vec<Mark> = matched
        .iter()
        .map(|&i| Mark {
            start: i,
            end: i + 1,
            style: hl,
        })
        .collect();
    wrap_lines(text, &marks, base, w, 1, (Span::raw(""), Span::raw("")))
        .into_iter()
        .next()
        .unwrap_or_default()
}
