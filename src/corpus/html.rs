//! HTML bodies → ordered text blocks.
//!
//! The DOM is walked by hand, iteratively (first child / next sibling / parent), never with
//! `.text()`: inline elements must join without spaces (36氪 wraps random words in `<a>`:
//! `分<a>享购</a>物信息` is `分享购物信息`), block elements must split, and some subtrees (scripts,
//! SVG icons, the reward box) must go. Before parsing, nesting deeper than [`MAX_DEPTH`] is
//! flattened: html5ever's scope checks walk the stack of open elements, so 50,000 nested `<div>`s
//! would cost quadratic time.

use super::{Block, BlockKind, plain};
use crate::text;
use scraper::{Html, Node};

/// Deepest element nesting kept; tags opening deeper are dropped (their text stays).
pub(crate) const MAX_DEPTH: usize = 256;

/// The blocks of an HTML body, and a problem when the HTML had to be flattened.
pub(crate) fn blocks(html: &str, problems: &mut Vec<String>) -> Vec<Block> {
    let capped = cap_depth(html, MAX_DEPTH);
    if capped.is_some() {
        problems.push(format!(
            "HTML nested deeper than {MAX_DEPTH} elements; deeper tags ignored"
        ));
    }
    let doc = Html::parse_document(capped.as_deref().unwrap_or(html));
    walk(&doc)
}

/// What an element means for block building.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Dropped with everything inside it.
    Skip,
    /// Starts a block of this kind; `None` inherits the enclosing kind (a `<p>` in a quote is quote).
    Block(Option<BlockKind>),
    /// Ends the current block and starts another of the same kind (`<br>`).
    Break,
    /// Text joins the current block as is.
    Inline,
}

/// Classes of boilerplate boxes that are not article text (woshipm's reward box).
const BOILERPLATE_CLASSES: &[&str] = &["support-author"];

fn role(el: &scraper::node::Element) -> Role {
    let name = el.name();
    match name {
        "script" | "style" | "svg" | "button" | "img" | "noscript" | "iframe" | "template"
        | "head" | "title" | "object" | "embed" | "canvas" | "video" | "audio" | "select"
        | "textarea" | "input" | "math" => Role::Skip,
        "br" => Role::Break,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            let level = name.as_bytes()[1] - b'0';
            Role::Block(Some(BlockKind::Heading(level)))
        }
        "blockquote" => Role::Block(Some(BlockKind::Quote)),
        "li" => Role::Block(Some(BlockKind::ListItem)),
        "figcaption" | "caption" => Role::Block(Some(BlockKind::Caption)),
        "p" | "div" | "section" | "article" | "body" | "html" | "main" | "header" | "footer"
        | "aside" | "nav" | "ul" | "ol" | "dl" | "dt" | "dd" | "table" | "thead" | "tbody"
        | "tfoot" | "tr" | "td" | "th" | "pre" | "figure" | "address" | "details" | "summary"
        | "form" | "fieldset" | "legend" | "center" | "hr" | "hgroup" | "menu" => {
            let mut classes = el.classes();
            if classes.clone().any(|c| BOILERPLATE_CLASSES.contains(&c)) {
                Role::Skip
            } else if name == "p" && classes.any(|c| c == "img-desc") {
                Role::Block(Some(BlockKind::Caption))
            } else {
                Role::Block(None)
            }
        }
        _ => Role::Inline,
    }
}

/// Elements that hold blocks rather than being one: text sitting directly in them may be
/// Markdown-ish (a `.md` file with a few tags), so a blank line or a `# ` line splits it there.
const CONTAINERS: &[&str] = &[
    "html",
    "body",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "blockquote",
    "figure",
    "td",
    "th",
    "dd",
    "form",
    "fieldset",
    "center",
    "details",
];

/// Collects text into blocks; the kind of a block is the kind of its innermost enclosing block.
struct Builder {
    blocks: Vec<Block>,
    /// Kind and container-ness of each open block element, innermost last.
    kinds: Vec<(BlockKind, bool)>,
    buf: String,
    /// Whether `buf` holds anything but white space (tracked so checking it is O(1)).
    has_text: bool,
}

impl Builder {
    fn kind(&self) -> BlockKind {
        self.kinds.last().map_or(BlockKind::Paragraph, |k| k.0)
    }

    fn in_container(&self) -> bool {
        self.kinds.last().is_none_or(|k| k.1)
    }

    fn push(&mut self, s: &str) {
        self.has_text = self.has_text || !s.trim().is_empty();
        self.buf.push_str(s);
    }

    fn flush(&mut self) {
        self.has_text = false;
        if self.buf.is_empty() {
            return;
        }
        let text = text::clean(&self.buf);
        self.buf.clear();
        if !text.is_empty() {
            let kind = self.kind();
            self.blocks.push(Block { kind, text });
        }
    }

    /// Text directly in a container: blank lines end blocks, `# ` lines are headings.
    fn container_text(&mut self, t: &str) {
        let mut segments = t.split('\n').enumerate().peekable();
        while let Some((i, seg)) = segments.next() {
            let last = segments.peek().is_none();
            let line_start = i > 0 || !self.has_text;
            if last {
                self.push(seg);
            } else if i > 0 && seg.trim().is_empty() {
                self.flush();
            } else if let Some((level, title)) = plain::heading(seg.trim()).filter(|_| line_start) {
                self.flush();
                let text = text::clean(title);
                if !text.is_empty() {
                    self.blocks.push(Block {
                        kind: BlockKind::Heading(level),
                        text,
                    });
                }
            } else {
                self.push(seg);
                self.push("\n");
            }
        }
    }

    fn open(&mut self, node: &Node) -> bool {
        match node {
            Node::Element(el) => match role(el) {
                Role::Skip => return false,
                Role::Block(kind) => {
                    self.flush();
                    let kind = kind.unwrap_or_else(|| self.kind());
                    self.kinds.push((kind, CONTAINERS.contains(&el.name())));
                }
                Role::Break => self.flush(),
                Role::Inline => {}
            },
            Node::Text(t) if self.in_container() && t.contains('\n') => self.container_text(t),
            Node::Text(t) => self.push(t),
            _ => {}
        }
        true
    }

    fn close(&mut self, node: &Node) {
        if let Node::Element(el) = node
            && let Role::Block(_) = role(el)
        {
            self.flush();
            self.kinds.pop();
        }
    }
}

/// Walks the whole tree without recursion (depth is bounded by [`MAX_DEPTH`] anyway, but the walk
/// does not rely on it).
fn walk(doc: &Html) -> Vec<Block> {
    let mut b = Builder {
        blocks: Vec::new(),
        kinds: vec![(BlockKind::Paragraph, true)],
        buf: String::new(),
        has_text: false,
    };
    let root = doc.tree.root();
    let mut node = root;
    'walk: loop {
        if b.open(node.value())
            && let Some(child) = node.first_child()
        {
            node = child;
            continue;
        }
        // No (visited) children: close this node and its finished ancestors.
        loop {
            b.close(node.value());
            if node.id() == root.id() {
                break 'walk;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                continue 'walk;
            }
            match node.parent() {
                Some(parent) => node = parent,
                None => break 'walk,
            }
        }
    }
    b.flush();
    b.blocks
}

/// Elements that never hold content (no end tag, no depth).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];

/// Elements that close themselves when a sibling opens (`<p>a<p>b`): counting them would make
/// sloppy but flat HTML look deep.
const SELF_CLOSING: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "rb", "rt", "rp", "tbody",
    "thead", "tfoot", "colgroup",
];

/// Elements whose content is raw text: a `<div>` inside `<script>` is not a tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed",
];

/// Drops start tags (and their end tags) that would open deeper than `max`, with a light tag lexer
/// that needs no allocation unless something is dropped. `None` when nothing was.
fn cap_depth(html: &str, max: usize) -> Option<String> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0; // html[..copied] is already in `out`
    let mut depth = 0usize;
    let mut suppressed = 0usize;
    let mut pos = 0;
    let mut name_buf = [0u8; 16];
    while let Some(off) = html[pos..].find('<') {
        let start = pos + off;
        let after = &bytes[start + 1..];
        // Comments and doctypes: skip over them.
        if html[start..].starts_with("<!--") {
            pos = html[start + 4..]
                .find("-->")
                .map_or(html.len(), |i| start + 4 + i + 3);
            continue;
        }
        let closing = after.first() == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            pos = start + 1;
            continue;
        }
        let end = tag_end(bytes, name_start + name_len);
        let name: &[u8] = if name_len <= name_buf.len() {
            name_buf[..name_len].copy_from_slice(&bytes[name_start..name_start + name_len]);
            name_buf[..name_len].make_ascii_lowercase();
            &name_buf[..name_len]
        } else {
            &[]
        };
        let name = std::str::from_utf8(name).unwrap_or("");
        let self_closed = end >= 2 && bytes[end - 2] == b'/';
        let counted = !VOID.contains(&name) && !SELF_CLOSING.contains(&name);
        let mut drop = false;
        if closing {
            if counted {
                if suppressed > 0 {
                    suppressed -= 1;
                    drop = true;
                } else {
                    depth = depth.saturating_sub(1);
                }
            }
        } else if counted && !self_closed {
            if depth >= max {
                suppressed += 1;
                drop = true;
            } else {
                depth += 1;
            }
        }
        if drop {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..start]);
            copied = end;
        }
        pos = end;
        if !closing && RAW_TEXT.contains(&name) {
            // Skip to the matching end tag; its own handling happens on the next round.
            let close = format!("</{name}");
            pos = find_ascii_ci(&html[end..], &close).map_or(html.len(), |i| end + i);
        }
    }
    let mut o = out?;
    o.push_str(&html[copied..]);
    Some(o)
}

/// The index just after the `>` ending a tag whose name ends at `from` (quotes respected).
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// Case-insensitive search for an ASCII needle.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<(BlockKind, String)> {
        let mut p = Vec::new();
        blocks(html, &mut p)
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect()
    }

    #[test]
    fn inline_elements_join_without_spaces() {
        let t = texts("<p>分<a href=x>享购</a>物信息，<strong>上线了</strong>语音</p>");
        assert_eq!(
            t,
            [(BlockKind::Paragraph, "分享购物信息，上线了语音".into())]
        );
    }

    #[test]
    fn kinds_and_breaks() {
        let t = texts(
            "<div>直接<h3>小标题</h3><blockquote><p>引</p>言</blockquote>\
             <ul><li>一</li><li>二<br>三</li></ul><p class=\"x img-desc\">图 / 截图</p>\
             <figure><figcaption>说明</figcaption></figure></div>",
        );
        use BlockKind::*;
        let want = [
            (Paragraph, "直接"),
            (Heading(3), "小标题"),
            (Quote, "引"),
            (Quote, "言"),
            (ListItem, "一"),
            (ListItem, "二"),
            (ListItem, "三"),
            (Caption, "图 / 截图"),
            (Caption, "说明"),
        ];
        let want: Vec<_> = want.iter().map(|(k, s)| (*k, s.to_string())).collect();
        assert_eq!(t, want);
    }

    #[test]
    fn drops_scripts_icons_and_empty_blocks() {
        let t = texts(
            "<p>\u{a0}</p><script>var a='<p>x</p>';</script><style>p{}</style>\
             <div class=\"support-author\"><div>给作者打赏</div><button><svg><path/></svg>赞赏</button></div><p>正文</p>",
        );
        assert_eq!(t, [(BlockKind::Paragraph, "正文".into())]);
    }

    #[test]
    fn markdown_with_a_few_tags_keeps_its_paragraphs() {
        let t = texts(
            "# 标题\n\n第一段有<b>粗体</b>。\n\n第二段\n接着。\n## 小节\n<p>真段落\n\n不拆</p>",
        );
        use BlockKind::*;
        let want = [
            (Heading(1), "标题"),
            (Paragraph, "第一段有粗体。"),
            (Paragraph, "第二段 接着。"),
            (Heading(2), "小节"),
            (Paragraph, "真段落 不拆"),
        ];
        let want: Vec<_> = want.iter().map(|(k, s)| (*k, s.to_string())).collect();
        assert_eq!(t, want);
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let html = format!("{}深{}", "<div>".repeat(50_000), "</div>".repeat(50_000));
        let mut p = Vec::new();
        let b = blocks(&html, &mut p);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].text, "深");
        assert_eq!(p.len(), 1);
    }

    #[test]
    fn cap_depth_leaves_shallow_html_alone() {
        assert_eq!(
            cap_depth("<div><p>a<p>b</div><br/><script><div><div></script>", 1),
            None
        );
        assert_eq!(
            cap_depth("<div><span>a</span></div><!-- <div><div> -->", 1).as_deref(),
            Some("<div>a</div><!-- <div><div> -->")
        );
    }
}
