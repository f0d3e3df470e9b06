//! Plain-text bodies (a `.txt` or `.md` without HTML tags) → blocks: paragraphs at blank lines,
//! `#` … `######` lines as headings. A single line break inside a paragraph is a soft wrap: it joins
//! without a space between two CJK characters (Chinese has no spaces between words), with one
//! otherwise.

use super::{Block, BlockKind, Body};
use crate::text;

/// Tags whose presence makes a body HTML rather than plain text.
const TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "a",
    "span",
    "b",
    "i",
    "em",
    "strong",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "img",
    "section",
    "article",
    "table",
    "tr",
    "td",
    "html",
    "body",
    "head",
    "script",
    "style",
    "figure",
    "figcaption",
    "pre",
    "code",
    "iframe",
    "svg",
    "hr",
    "font",
    "center",
    "main",
    "header",
    "footer",
    "meta",
    "link",
    "title",
    "button",
    "noscript",
    "u",
    "sup",
    "sub",
    "small",
    "big",
    "dl",
    "dt",
    "dd",
    "tbody",
    "thead",
    "th",
];

/// True when the text contains a known HTML tag (`<p`, `</div>`, `<br/>`) or a comment/doctype;
/// `a<b` in prose does not count.
pub(crate) fn looks_like_html(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut pos = 0;
    while let Some(off) = s[pos..].find('<') {
        let start = pos + off + 1;
        pos = start;
        let rest = &bytes[start..];
        if rest.starts_with(b"!--")
            || rest.len() >= 8 && rest[..8].eq_ignore_ascii_case(b"!doctype")
        {
            return true;
        }
        let rest = rest.strip_prefix(b"/").unwrap_or(rest);
        let n = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if n == 0 || n > 10 {
            continue;
        }
        let boundary = rest
            .get(n)
            .is_none_or(|b| matches!(b, b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r'));
        if boundary
            && TAGS
                .iter()
                .any(|t| t.as_bytes().eq_ignore_ascii_case(&rest[..n]))
        {
            return true;
        }
    }
    false
}

/// A Markdown-style heading line: level and text.
pub(crate) fn heading(line: &str) -> Option<(u8, &str)> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    Some((level as u8, rest.trim().trim_end_matches('#')))
}

/// Punctuation shared by Chinese and Western text (curly quotes, dashes, ellipsis, middle dot):
/// CJK when it stands next to CJK.
fn is_shared_punct(c: char) -> bool {
    matches!(
        c,
        '\u{2018}'..='\u{201F}' | '\u{2014}' | '\u{2026}' | '\u{00B7}'
    )
}

/// Whether a soft line break between `a` and `b` joins without a space: both sides CJK, or one
/// CJK and the other punctuation both scripts use (`了\n“朋友”`).
fn joins_without_space(a: char, b: char) -> bool {
    let (ca, cb) = (text::is_cjk(a), text::is_cjk(b));
    (ca && (cb || is_shared_punct(b))) || (cb && is_shared_punct(a))
}

/// The text and blocks of a plain-text body (see [`Body`]). A paragraph's lines are cleaned
/// onto the text as they come, joined as [`joins_without_space`] says.
pub(crate) fn blocks(body: &str, problems: &mut Vec<String>) -> (String, Vec<Block>) {
    let mut out = Body::with_capacity(body.len(), 0);
    // The last character of the paragraph's previous line (trimmed, as it was pushed).
    let mut last: Option<char> = None;
    for line in body.lines() {
        let line = line.trim();
        if line.is_empty() {
            out.end_block(BlockKind::Paragraph);
            last = None;
        } else if let Some((level, title)) = heading(line) {
            out.end_block(BlockKind::Paragraph);
            out.text.push(title);
            out.end_block(BlockKind::Heading(level));
            last = None;
        } else {
            if let Some(a) = last {
                let joins = line
                    .chars()
                    .next()
                    .is_some_and(|b| joins_without_space(a, b));
                if !joins {
                    out.text.push_space();
                }
            }
            out.text.push(line);
            last = line.chars().next_back();
        }
    }
    out.end_block(BlockKind::Paragraph);
    out.finish(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_html() {
        assert!(looks_like_html("text <p>para</p>"));
        assert!(looks_like_html("a<br/>b"));
        assert!(looks_like_html("<!-- c -->"));
        assert!(looks_like_html("x</DIV>"));
        assert!(!looks_like_html("if x<y and 3 < 4, a<bc>"));
        assert!(!looks_like_html("<pre-release> and <abc>"));
        assert!(!looks_like_html("no tags at all"));
    }

    #[test]
    fn paragraphs_headings_and_joins() {
        let (text, b) = blocks(
            "# 标题 #\n\n第一行\n第二行\nand English\nwraps\n\n\n## 二\n最后",
            &mut Vec::new(),
        );
        assert_eq!(text, "标题第一行第二行 and English wraps二最后");
        let got: Vec<_> = b.iter().map(|b| (b.kind, &text[b.range()])).collect();
        assert_eq!(
            got,
            [
                (BlockKind::Heading(1), "标题"),
                (BlockKind::Paragraph, "第一行第二行 and English wraps"),
                (BlockKind::Heading(2), "二"),
                (BlockKind::Paragraph, "最后"),
            ]
        );
    }

    #[test]
    fn quotes_join_like_their_neighbours() {
        assert!(joins_without_space('了', '“'));
        assert!(joins_without_space('”', '功'));
        assert!(!joins_without_space('d', '“'));
        assert!(!joins_without_space('“', '“'));
    }

    #[test]
    fn hashtags_are_not_headings() {
        let (_, b) = blocks("#话题 讨论\n####### seven", &mut Vec::new());
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].kind, BlockKind::Paragraph);
    }
}
