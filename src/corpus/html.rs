//! HTML bodies → ordered text blocks.
//!
//! Two ways to the same events: the fast path ([`stream`]) scans the tags of the body directly and
//! gives up (`None`) on anything whose tree an HTML5 parser might build differently from what the
//! tags say; everything else is parsed with html5ever (via scraper) and the DOM is walked. Both
//! drive one [`Builder`] through [`Events`] (element open, element close, text node), so the
//! blocks cannot depend on which path ran.
//!
//! The DOM is walked by hand, iteratively (first child / next sibling / parent), never with
//! `.text()`: inline elements must join without spaces (36氪 wraps random words in `<a>`:
//! `分<a>享购</a>物信息` is `分享购物信息`), block elements must split, and some subtrees (scripts,
//! SVG icons, the reward box) must go. Before parsing, nesting deeper than [`MAX_DEPTH`] is
//! flattened: html5ever's scope checks walk the stack of open elements, so 50,000 nested `<div>`s
//! would cost quadratic time.

mod bytes;
mod entities;
mod stream;

use super::{Block, BlockKind, Body, plain};
use scraper::{Html, Node};

/// Deepest element nesting kept; tags opening deeper are dropped (their text stays).
pub(crate) const MAX_DEPTH: usize = 256;

/// The text and blocks of an HTML body (see [`Body`]), and a problem when the HTML had to be
/// flattened.
pub(crate) fn blocks(html: &str, problems: &mut Vec<String>) -> (String, Vec<Block>) {
    let capped = if may_nest_too_deep(html, MAX_DEPTH) {
        cap_depth(html, MAX_DEPTH)
    } else {
        None
    };
    if capped.is_some() {
        problems.push(format!(
            "HTML nested deeper than {MAX_DEPTH} elements; deeper tags ignored"
        ));
    } else {
        let mut b = Builder::for_html(html);
        if stream::scan(html, &mut b).is_some() {
            return b.finish(problems);
        }
    }
    slow_blocks(capped.as_deref().unwrap_or(html), problems)
}

/// Whether [`cap_depth`] could drop anything. It only drops a start tag with `max` others
/// open, and it only counts start tags (`<` and a letter) whose names [`counts_for_depth`]; most
/// articles have fewer of those than that (paragraphs, images and line breaks do not count), and
/// counting them is much cheaper than lexing the tags. Comments, raw text and quoted `>` only hide
/// tags from `cap_depth`, so counting them here too errs on the safe side.
fn may_nest_too_deep(html: &str, max: usize) -> bool {
    let bytes = html.as_bytes();
    // Every counted tag is a `<`: with no more of those than `max` (nine articles in ten), one
    // vectorised count settles it without a stop at each tag.
    if memchr::memchr_iter(b'<', bytes).count() <= max {
        return false;
    }
    let mut opens = 0;
    // memchr jumps from `<` to `<` (a tag every hundred bytes or so).
    for lt in memchr::memchr_iter(b'<', bytes) {
        let rest = &bytes[lt + 1..];
        if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let len = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = &rest[..len];
        let mut buf = [0u8; 16];
        let counts = match buf.get_mut(..len) {
            Some(lower) if name.iter().any(u8::is_ascii_uppercase) => {
                lower.copy_from_slice(name);
                lower.make_ascii_lowercase();
                counts_for_depth(lower)
            }
            Some(_) => counts_for_depth(name),
            None => true, // longer names count, as in `cap_depth`
        };
        opens += usize::from(counts);
        if opens > max {
            return true;
        }
    }
    false
}

/// The html5ever path: a full DOM, then a walk.
fn slow_blocks(html: &str, problems: &mut Vec<String>) -> (String, Vec<Block>) {
    let doc = Html::parse_document(html);
    let mut b = Builder::for_html(html);
    walk(&doc, &mut b);
    b.finish(problems)
}

/// What the document says, in order, as an HTML5 tree builder would have built it: what both
/// paths produce and the [`Builder`] consumes.
pub(super) trait Events {
    /// An element starts (`name` lower-cased, `class` the raw value of its class attribute or "").
    /// `false` skips it: nothing inside it is reported, and it gets no [`Events::close`].
    fn open(&mut self, name: &str, class: &str) -> bool;
    /// The innermost element that [`Events::open`] accepted ends.
    fn close(&mut self);
    /// One text node (adjacent text is one node: chunk boundaries matter to the [`Builder`]).
    fn text(&mut self, text: &str);
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

/// The role of an element from its (lower-case) name and class attribute; classes are split on
/// ASCII white space as scraper does.
fn role(name: &str, class: &str) -> Role {
    // The commonest elements first: a `match` on strings tries its arms one after another, and
    // every element of every article comes through here.
    match name {
        "p" if class.is_empty() => return Role::Block(None),
        "span" | "a" | "strong" | "b" | "em" | "i" | "font" | "u" | "code" | "sup" | "sub" => {
            return Role::Inline;
        }
        _ => {}
    }
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
            let mut classes = class.split_ascii_whitespace();
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
fn is_container(name: &str) -> bool {
    matches!(
        name,
        "html"
            | "body"
            | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "blockquote"
            | "figure"
            | "td"
            | "th"
            | "dd"
            | "form"
            | "fieldset"
            | "center"
            | "details"
    )
}

/// Collects text into blocks; the kind of a block is the kind of its innermost enclosing block.
struct Builder {
    /// The blocks so far; the current block's text is cleaned onto the end of their text as it
    /// arrives (one copy of each text node, none per block).
    body: Body,
    /// Kind and container-ness of each open block element, innermost last.
    kinds: Vec<(BlockKind, bool)>,
    /// For each accepted open element, innermost last: whether it is a block (its close ends one).
    open: Vec<bool>,
}

impl Builder {
    /// A builder sized for `html`, so that its text and block list rarely grow (a growth copies
    /// everything so far). Clean text is 78% of article HTML on the generated corpus (99% of
    /// articles under 90%) and 67% on the real articles (at most 91%): room for 90% of `html`.
    /// Room left over is not given back (mimalloc's realloc keeps a block that shrinks by less
    /// than half in place), but it is never written, so most of it never becomes resident: peak
    /// memory of a 10,000-article check fell from 195 to 185 MB with per-block strings gone,
    /// and room for all of `html` cost 2-3 MB more. A block comes every 270 bytes or so of HTML
    /// (one in a hundred articles has one every 210 bytes or less), and a block is 12 bytes:
    /// room for one every 200 bytes.
    fn for_html(html: &str) -> Self {
        Builder {
            body: Body::with_capacity(html.len() / 10 * 9, html.len() / 200),
            kinds: vec![(BlockKind::Paragraph, true)],
            open: Vec::new(),
        }
    }

    fn finish(mut self, problems: &mut Vec<String>) -> (String, Vec<Block>) {
        self.flush();
        self.body.finish(problems)
    }

    fn kind(&self) -> BlockKind {
        self.kinds.last().map_or(BlockKind::Paragraph, |k| k.0)
    }

    fn in_container(&self) -> bool {
        self.kinds.last().is_none_or(|k| k.1)
    }

    fn push(&mut self, s: &str) {
        self.body.text.push(s);
    }

    /// Ends the current block: a block when it has any clean text.
    fn flush(&mut self) {
        let kind = self.kind();
        self.body.end_block(kind);
    }

    /// Text directly in a container: blank lines end blocks, `# ` lines are headings.
    fn container_text(&mut self, t: &str) {
        if t.bytes().all(|b| b.is_ascii_whitespace()) {
            // The white space between tags (`</p>\n<p>`): no heading, no text; a blank line (two
            // line breaks) ends the block, as the general case below would find.
            if memchr::memchr_iter(b'\n', t.as_bytes()).nth(1).is_some() {
                self.flush();
            } else {
                self.push(t);
            }
            return;
        }
        self.container_lines(t);
    }

    /// [`Builder::container_text`] line by line.
    fn container_lines(&mut self, t: &str) {
        let mut segments = t.split('\n').enumerate().peekable();
        while let Some((i, seg)) = segments.next() {
            let last = segments.peek().is_none();
            let line_start = i > 0 || !self.body.text.has_text();
            if last {
                self.push(seg);
            } else if i > 0 && seg.trim().is_empty() {
                self.flush();
            } else if let Some((level, title)) = plain::heading(seg.trim()).filter(|_| line_start) {
                self.flush();
                // Just flushed, the cleaner starts afresh: this piece is `text::clean(title)`.
                self.push(title);
                self.body.end_block(BlockKind::Heading(level));
            } else {
                self.push(seg);
                self.push("\n");
            }
        }
    }
}

impl Events for Builder {
    fn open(&mut self, name: &str, class: &str) -> bool {
        let block = match role(name, class) {
            Role::Skip => return false,
            Role::Block(kind) => {
                self.flush();
                let kind = kind.unwrap_or_else(|| self.kind());
                self.kinds.push((kind, is_container(name)));
                true
            }
            Role::Break => {
                self.flush();
                false
            }
            Role::Inline => false,
        };
        self.open.push(block);
        true
    }

    fn close(&mut self) {
        if self.open.pop() == Some(true) {
            self.flush();
            self.kinds.pop();
        }
    }

    fn text(&mut self, t: &str) {
        // The white space between tags (`</p>\n<p>`) is half of all text nodes: settled here in
        // one look, as `container_text` and the cleaner would settle it in three.
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_whitespace()) {
            if self.in_container() && t.bytes().filter(|&b| b == b'\n').nth(1).is_some() {
                self.flush();
            } else {
                self.body.text.push_space();
            }
            return;
        }
        if self.in_container() && memchr::memchr(b'\n', t.as_bytes()).is_some() {
            self.container_text(t);
        } else {
            self.push(t);
        }
    }
}

/// Walks the whole tree without recursion (depth is bounded by [`MAX_DEPTH`] anyway, but the walk
/// does not rely on it), reporting elements and text nodes in document order.
fn walk(doc: &Html, events: &mut impl Events) {
    let root = doc.tree.root();
    let mut node = root;
    'walk: loop {
        let descend = match node.value() {
            Node::Element(el) => events.open(el.name(), el.attr("class").unwrap_or("")),
            Node::Text(t) => {
                events.text(t);
                false
            }
            _ => true,
        };
        if descend {
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
            if node.value().is_element() {
                events.close();
            }
        }
        // Done with this node: on to its next sibling, closing finished ancestors on the way up.
        loop {
            if node.id() == root.id() {
                break 'walk;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                continue 'walk;
            }
            match node.parent() {
                Some(parent) => {
                    node = parent;
                    if node.value().is_element() {
                        events.close();
                    }
                }
                None => break 'walk,
            }
        }
    }
}

/// Whether [`cap_depth`] counts an element (lower-case name) towards the depth: not the void
/// elements (no content, no end tag), nor those that close themselves when a sibling opens
/// (`<p>a<p>b`: counting them would make sloppy but flat HTML look deep). A `match` rather than a
/// list to search: every tag of a long article comes through here.
fn counts_for_depth(name: &[u8]) -> bool {
    !matches!(
        name,
        // Void.
        b"area" | b"base" | b"br" | b"col" | b"embed" | b"hr" | b"img" | b"input" | b"keygen"
            | b"link" | b"meta" | b"param" | b"source" | b"track" | b"wbr"
            // Self-closing.
            | b"p" | b"li" | b"dt" | b"dd" | b"option" | b"optgroup" | b"tr" | b"td" | b"th"
            | b"rb" | b"rt" | b"rp" | b"tbody" | b"thead" | b"tfoot" | b"colgroup"
    )
}

/// Elements whose content is raw text: a `<div>` inside `<script>` is not a tag.
fn is_raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script" | b"style" | b"textarea" | b"title" | b"xmp" | b"iframe" | b"noembed"
    )
}

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
    while let Some(off) = memchr::memchr(b'<', &bytes[pos..]) {
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
        let self_closed = end >= 2 && bytes[end - 2] == b'/';
        let counted = counts_for_depth(name);
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
        if !closing && is_raw_text(name) {
            // Skip to the matching end tag; its own handling happens on the next round.
            let close = format!("</{}", String::from_utf8_lossy(name));
            pos = find_ascii_ci(&html[end..], &close).map_or(html.len(), |i| end + i);
        }
    }
    let mut o = out?;
    o.push_str(&html[copied..]);
    Some(o)
}

/// The index just after the `>` ending a tag whose name ends at `from` (quotes respected).
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(off) = memchr::memchr3(b'>', b'"', b'\'', &bytes[i..]) {
        let at = i + off;
        match bytes[at] {
            b'>' => return at + 1,
            quote => match memchr::memchr(quote, &bytes[at + 1..]) {
                Some(len) => i = at + 1 + len + 1,
                None => break,
            },
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

    /// One event as either path reports it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Ev {
        Open(String, String),
        Close,
        Text(String),
    }

    /// Records events, skipping what the [`Builder`] skips.
    #[derive(Default)]
    struct Recorder(Vec<Ev>);

    impl Events for Recorder {
        fn open(&mut self, name: &str, class: &str) -> bool {
            self.0.push(Ev::Open(name.into(), class.into()));
            role(name, class) != Role::Skip
        }
        fn close(&mut self) {
            self.0.push(Ev::Close);
        }
        fn text(&mut self, text: &str) {
            self.0.push(Ev::Text(text.into()));
        }
    }

    fn slow_events(html: &str) -> Vec<Ev> {
        let doc = Html::parse_document(html);
        let mut r = Recorder::default();
        walk(&doc, &mut r);
        r.0
    }

    fn fast_events(html: &str) -> Option<Vec<Ev>> {
        let mut r = Recorder::default();
        stream::scan(html, &mut r).map(|()| r.0)
    }

    /// Asserts that the fast path either declines `html` or reports exactly the events (and so
    /// the blocks) of the html5ever path; whether it took it.
    fn agrees(html: &str) -> bool {
        if cap_depth(html, MAX_DEPTH).is_some() {
            return false; // the fast path is not tried
        }
        let Some(fast) = fast_events(html) else {
            return false;
        };
        let slow = slow_events(html);
        assert_eq!(fast, slow, "fast path differs on {html:?}");
        let mut b = Builder::for_html(html);
        assert!(stream::scan(html, &mut b).is_some());
        let (mut fast_problems, mut slow_problems) = (Vec::new(), Vec::new());
        let fast = b.finish(&mut fast_problems);
        let slow = slow_blocks(html, &mut slow_problems);
        assert_eq!(fast, slow, "blocks differ on {html:?}");
        assert_eq!(fast_problems, slow_problems);
        assert_tiled(&fast.0, &fast.1);
        true
    }

    fn accepts(html: &str) {
        assert!(agrees(html), "fast path declined {html:?}");
    }

    fn declines(html: &str) {
        assert!(fast_events(html).is_none(), "fast path accepted {html:?}");
    }

    /// The blocks' ranges follow one another from the start of the text to its end, none empty.
    fn assert_tiled(text: &str, blocks: &[Block]) {
        let mut at = 0;
        for b in blocks {
            assert_eq!(b.range().start, at, "{blocks:?} over {text:?}");
            assert!(b.start < b.end && text.get(b.range()).is_some());
            at = b.range().end;
        }
        assert_eq!(at, text.len(), "{blocks:?} over {text:?}");
    }

    fn texts(html: &str) -> Vec<(BlockKind, String)> {
        let mut p = Vec::new();
        let (text, blocks) = blocks(html, &mut p);
        assert_tiled(&text, &blocks);
        (blocks.iter())
            .map(|b| (b.kind, text[b.range()].to_string()))
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
    fn white_space_between_tags_splits_like_any_container_text() {
        let gaps = [
            "\n",
            " \n",
            "\n\n",
            " \n \n ",
            "\t\n\n\n",
            "\n \u{c}\n",
            "  \n  ",
        ];
        for before in ["", "前文", "前文 ", "# ", "\u{200b}"] {
            for gap in gaps {
                let run = |fast: bool| {
                    let mut b = Builder::for_html("");
                    b.text(before);
                    if fast {
                        b.container_text(gap);
                    } else {
                        b.container_lines(gap);
                    }
                    let has_text = b.body.text.has_text();
                    b.container_lines("# 标题\n后文");
                    (has_text, b.finish(&mut Vec::new()))
                };
                assert_eq!(run(true), run(false), "{before:?} then {gap:?}");
            }
        }
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let html = format!("{}深{}", "<div>".repeat(50_000), "</div>".repeat(50_000));
        let mut p = Vec::new();
        let (text, b) = blocks(&html, &mut p);
        assert_eq!(b.len(), 1);
        assert_eq!(text, "深");
        assert_eq!(p.len(), 1);
    }

    #[test]
    fn cap_depth_is_only_needed_past_max_depth_tags() {
        let at_most = "<div>".repeat(MAX_DEPTH);
        assert!(!may_nest_too_deep(&at_most, MAX_DEPTH));
        assert_eq!(cap_depth(&at_most, MAX_DEPTH), None);
        let over = "<div>".repeat(MAX_DEPTH + 1);
        assert!(may_nest_too_deep(&over, MAX_DEPTH));
        assert!(may_nest_too_deep(&"<DIV>".repeat(MAX_DEPTH + 1), MAX_DEPTH));
        // Paragraphs, images and breaks never nest for `cap_depth`.
        let flat = "<p>a<img src=x><br/></p>\n".repeat(MAX_DEPTH * 2);
        assert!(!may_nest_too_deep(&flat, MAX_DEPTH));
        assert_eq!(cap_depth(&flat, MAX_DEPTH), None);
        let long_names = format!("<{}>", "a".repeat(20)).repeat(MAX_DEPTH + 1);
        assert!(may_nest_too_deep(&long_names, MAX_DEPTH));
        assert!(cap_depth(&long_names, MAX_DEPTH).is_some());
        assert!(cap_depth(&over, MAX_DEPTH).is_some());
        // Quotes hide `>` from the lexer, as in the tokenizer.
        assert_eq!(tag_end(b"<a title='>' x=\">\">b", 2), 19);
        assert_eq!(tag_end(b"<a title='>", 2), 11);
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

    #[test]
    fn scanner_events_follow_the_tree() {
        let ev = fast_events("\n <p class=\"a b\">分<a href=x>享</a>&amp;<br/>x</p><!-- c -->y")
            .unwrap();
        let o = |n: &str, c: &str| Ev::Open(n.into(), c.into());
        let t = |s: &str| Ev::Text(s.into());
        use Ev::Close;
        assert_eq!(
            ev,
            [
                o("html", ""),
                o("head", ""),
                o("body", ""),
                o("p", "a b"),
                t("分"),
                o("a", ""),
                t("享"),
                Close,
                t("&"),
                o("br", ""),
                Close,
                t("x"),
                Close,
                t("y"),
                Close,
                Close,
            ]
        );
        // Skipped subtrees report only their start; raw text is not markup.
        let ev = fast_events("<div><script>a</div><p>b</script><svg><path/></svg></div>").unwrap();
        assert_eq!(
            ev[3..],
            [
                o("div", ""),
                o("script", ""),
                o("svg", ""),
                Close,
                Close,
                Close
            ]
        );
        // A newline right after <pre> is dropped; head elements before the body vanish.
        let ev = fast_events("<meta charset=utf-8><style>p{}</style>\n<pre>\n\nx</pre>").unwrap();
        assert_eq!(ev[3..], [o("pre", ""), t("\nx"), Close, Close, Close]);
    }

    #[test]
    fn well_formed_article_html_takes_the_fast_path() {
        for html in [
            "<div>   \n<p>一</p> \n<li>二</li> \n坐拥<br><br> \n<p>三 </p></div>",
            "<h2>标题</h2><blockquote><p>引</p></blockquote><ul><li>a<ul><li>b</li></ul></li></ul>",
            "<p><strong>粗</strong><font size=\"2\">小</font><img src=\"x.png\" alt='a>b'></p>",
            "<div class=\"support-author\"><button><svg viewBox=\"0 0 1 1\"><path d=\"M0\"/></svg>赞赏</button></div>",
            "<p class=\"img-desc\">图</p><figure><img src=a><figcaption>说明</figcaption></figure>",
            "创始人&CEO何鹏宇&nbsp;说&#20013;&#x4e2d;&lt;b&gt;",
            "<!DOCTYPE html><!-- x --><p>a<!---->b</p><span/>c</span>",
            "# 标题\n\n第一段有<b>粗体</b>。\n\n第二段\n接着。\n## 小节\n<p>真段落\n\n不拆</p>",
            "<dl><dt>词</dt><dd>义</dd></dl><pre>\ncode\n</pre><hr><p>a < b</p>",
            "<noscript><img src=a></noscript><iframe src=x></iframe><video><source src=a></video>",
            "<math><mi>x</mi></math><svg><title>t</title><g><rect/></g></svg>end",
            "<DIV CLASS=X>大写</DIV><p id=a class=b class=img-desc>dup</p>",
            "<melo-data a=1>自定义<x-y>元素</x-y></melo-data><menuitem>m</menuitem>",
            "<script>if (a</b) {}</script ><style>a{}</STYLE>x",
        ] {
            accepts(html);
        }
    }

    #[test]
    fn tree_construction_subtleties_fall_back() {
        for html in [
            // misnesting that would reopen formatting elements, `</br>`
            "<b><i>x</b></i>",
            "<p><b>x</p>y",
            "<div><span><strong>x</div>y",
            "<span><i>x</span>",
            "a</br>b",
            "<br></br>",
            "<object><div>x</object>",
            "<form><div></form>",
            "<form><p>x</div></form>",
            "<a href=1>x<a href=2>y</a></a>",
            "<form><form></form></form>",
            "<button><button></button></button>",
            "<nobr><nobr></nobr></nobr>",
            // tables, selects, templates, frames, head and body tags
            "<table><tr><td>x</td></tr></table>",
            "<td>x</td>",
            "<select><option>a</select>",
            "<option>a",
            "<template>x</template>",
            "<frameset></frameset>",
            "<html><body>x</body></html>",
            "<head><title>t</title></head>x",
            "x<body>y",
            "<plaintext>x",
            "<xmp>x</xmp>",
            "<image src=x>",
            "<ruby>a<rt>b</rt></ruby>",
            // markup declarations
            "a<!DOCTYPE html>b",
            "<?xml version=1?>x",
            "<!x>y",
            "<!-->x",
            "<!--->x",
            "<!-- a --!>b",
            "<!-- unterminated",
            "</>x",
            "</ x>",
            "x</",
            "<![CDATA[x]]>",
            // character references and input stream rewrites
            "&copy 2020",
            "&copyright",
            "&alpha;",
            "&#128;",
            "&#0;",
            "&#13;",
            "a\rb",
            "a\0b",
            "\u{feff}<p>x</p>",
            "<p class=\"a&amp;b\">x</p>",
            "&#32;x",
            // raw text and foreign content
            "<script><!-- x --></script>",
            "<script>x",
            "<pre>&#10;x</pre>",
            "<svg><p>x</p></svg>",
            "<svg><foreignObject><div>x</div></foreignObject></svg>",
            "<math><mi><b>x</b></mi></math>",
            "<svg><font color=red>x</font></svg>",
            "<svg><g></svg>",
            // tags cut by the end of input
            "<p class=\"x",
            "<p",
        ] {
            declines(html);
        }
        let deep = "<span>".repeat(MAX_DEPTH + 1);
        declines(&deep);
    }

    #[test]
    fn implied_and_stray_end_tags_are_modelled() {
        for html in [
            "<p>a</div>b",
            "x</p>y",
            "<div>a</p>b</div>",
            "<p>a<div>b</div></p>",
            "<p>a<p>b",
            "<p>a<h2>b</h2>",
            "<p>x<hr>y",
            "<p><ul><li>a</li></ul>",
            "<li>a<li>b",
            "<li><span>a<li>b",
            "<ul><li>a<ul><li>b</ul>c</li></ul>",
            "<dd>a<dt>b",
            "<h2><h3>x</h3></h2>",
            "<h2>x</h3>y",
            "<div><blockquote><p>引</div>后",
            "<div><li>a</div>b",
            "a</div>b</span>c</li>d</strong>e",
            "<button><p>x</button>y",
            "<span><div>x</span>y</div>",
            "<ol><li><p>a</li></ol>",
            "\n</p>\n<p>a</p>",
        ] {
            accepts(html);
        }
    }

    #[test]
    fn attributes_are_tokenized_like_the_tokenizer() {
        // A quote inside an unquoted value does not start a quoted string.
        accepts("<p title=a\"b>x</p><p>y\"</p>");
        // `/` ending an unquoted value is part of it, so this <svg> is not self-closing.
        accepts("<svg width=1/><g></g></svg>z");
        // Attribute names may start with `=` or a quote; values may hold `>`.
        accepts("<span =a \"b=c d='>'>x</span>");
        // End tags with attributes are end tags.
        accepts("<span>x</span class=\"y\">z");
        // `<` before a non-letter is text.
        accepts("a <3 b <中> c");
    }

    #[test]
    fn seeds_fixtures_and_real_articles_agree() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("data/articles"), root.join("tests/fixtures")];
        if let Some(real) = root
            .ancestors()
            .map(|a| a.join("shared/corpus/real"))
            .find(|p| p.is_dir())
        {
            dirs.push(real);
        }
        let (mut seen, mut fast) = (0, 0);
        let mut stack = dirs;
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let path = e.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let body = super::super::frontmatter::split(&text, &mut Vec::new()).body;
                if !plain::looks_like_html(body) {
                    continue;
                }
                seen += 1;
                fast += usize::from(agrees(body));
            }
        }
        eprintln!("fast path taken by {fast} of {seen} HTML bodies");
        assert!(seen > 0);
    }

    /// A random HTML soup: mostly nested tags (so many inputs are accepted), with misnesting,
    /// stray tags, entities, comments, raw text, foreign content and odd attributes mixed in.
    fn soup() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        const NAMES: &[&str] = &[
            "p",
            "div",
            "span",
            "a",
            "b",
            "strong",
            "em",
            "i",
            "font",
            "li",
            "ul",
            "ol",
            "h2",
            "h3",
            "blockquote",
            "section",
            "figure",
            "figcaption",
            "pre",
            "dd",
            "dt",
            "dl",
            "button",
            "form",
            "nobr",
            "object",
            "video",
            "svg",
            "math",
            "title",
            "center",
            "code",
            "sub",
            "small",
            "listing",
            "main",
            "P",
            "DIV",
            "Span",
            "p",
            "div",
            "span",
            "p",
            "li",
            "blockquote",
            "strong",
            "a",
        ];
        /// Names the scanner does not model (tables, selects, custom elements…).
        const RARE_NAMES: &[&str] = &[
            "table",
            "td",
            "tr",
            "select",
            "option",
            "template",
            "body",
            "html",
            "head",
            "custom-el",
            "image",
            "isindex",
            "menuitem",
            "a.b",
            "x-y",
            "marquee",
            "frame",
            "noindex",
            "ruby",
            "rt",
            "xmp",
            "caption",
        ];
        const VOIDS: &[&str] = &[
            "br",
            "br/",
            "img src=x",
            "hr",
            "input",
            "wbr",
            "meta charset=x",
            "link",
            "embed",
            "source",
            "area",
            "col",
            "frame",
            "keygen",
            "basefont",
        ];
        const RAWS: &[&str] = &[
            "<script>a<b>c</b></script>",
            "<script>if(a<!--b)</script>",
            "<style>p{}</style>",
            "<noscript><img src=x></noscript>",
            "<iframe>x</iframe >",
            "<title>t&amp;</title>",
            "<textarea>\n a</textarea>",
            "<noframes>nf</noframes>",
            "<noembed>ne</noembed>",
            "<xmp><b></xmp>",
            "<script>x</scripts></script>",
            "<style>",
            "<svg viewBox='0 0 1 1'><g><path d=M0/></g><path d=\"M1\"></path></svg>",
            "<svg><title>t</title><desc>d</desc><rect/></svg>",
            "<math><mi>x</mi><mo>+</mo></math>",
            "<svg><foreignObject><p>x</p></foreignObject></svg>",
            "<svg><style>a<b</style></svg>",
            "<svg><![CDATA[x]]></svg>",
        ];
        const TEXTS: &[&str] = &[
            "文字",
            "abc",
            " ",
            "\n",
            "\n\n",
            "# 标题\n",
            "## x",
            "\t",
            "\u{a0}",
            "  \n  ",
            "<",
            "a < b",
            ">",
            "\"",
            "'",
            "=",
            "/",
            "\u{3000}",
            "x\ny",
            "\n# 标题\n\n",
            "\x0c",
            "\u{b}",
            "a&b",
            "&amp;amp;",
            "&#20013",
            "</P >",
            "</div/>",
            "</span class=x>",
        ];
        /// Text the input stream rewrites (CR, NUL) or a BOM.
        const RARE_TEXTS: &[&str] = &["\r\n", "\0", "\r", "\u{feff}"];
        const REFS: &[&str] = &[
            "&amp;", "&lt;", "&nbsp;", "&CEO", "&copy", "&copy;", "&notit;", "&#20013;",
            "&#x4e2d;", "&#65", "&#x;", "&#128;", "&#0;", "&", "& ", "&mid=1", "&alpha;",
            "&hellip;", "&#10;", "&amp",
        ];
        const MARKUP: &[&str] = &[
            "<!-- c -->",
            "<!---->",
            "<!-->",
            "<!--->",
            "<!-- a --!>",
            "<!DOCTYPE html>",
            "<?php ?>",
            "<!x>",
            "</>",
            "</ x>",
            "<![CDATA[x]]>",
            "<!-- <!-- -->",
            "<!--",
        ];
        const CLASSES: &[&str] = &[
            "",
            " class=x",
            " class=\"support-author\"",
            " class='img-desc'",
            " class=\"a img-desc\"",
            " CLASS=img-desc class=x",
            " class",
            " class=a&amp;b",
            " id=\"a>b\"",
            " title=a\"b",
            " =x",
            " a='1'b=2",
            " /",
            " data-x=1/",
            " class=\"support-author x\"",
            " class=\"a\tb\"",
            "\tclass=x\n",
            "\x0cclass=\"img-desc\"/",
            " class=\"&#97;\"",
        ];
        #[derive(Debug, Clone)]
        enum Op {
            Open(usize, usize, bool),
            Close,
            CloseNamed(usize),
            Void(usize),
            Raw(usize),
            Text(usize),
            RareText(usize),
            Ref(usize),
            Markup(usize),
        }
        let op = prop_oneof![
            48 => (0..NAMES.len(), 0..CLASSES.len(), prop::bool::weighted(0.05))
                .prop_map(|(n, c, sc)| Op::Open(n, c, sc)),
            2 => (0..RARE_NAMES.len(), 0..CLASSES.len(), prop::bool::weighted(0.05))
                .prop_map(|(n, c, sc)| Op::Open(NAMES.len() + n, c, sc)),
            48 => Just(Op::Close),
            12 => (0..NAMES.len()).prop_map(Op::CloseNamed),
            16 => (0..VOIDS.len()).prop_map(Op::Void),
            8 => (0..RAWS.len()).prop_map(Op::Raw),
            64 => (0..TEXTS.len()).prop_map(Op::Text),
            1 => (0..RARE_TEXTS.len()).prop_map(Op::RareText),
            12 => (0..REFS.len()).prop_map(Op::Ref),
            4 => (0..MARKUP.len()).prop_map(Op::Markup),
        ];
        (prop::collection::vec(op, 0..40), prop::bool::ANY).prop_map(|(ops, close_all)| {
            let mut html = String::new();
            let mut stack: Vec<&str> = Vec::new();
            for op in ops {
                match op {
                    Op::Open(n, c, sc) => {
                        let name = NAMES.get(n).unwrap_or_else(|| &RARE_NAMES[n - NAMES.len()]);
                        html.push_str(&format!(
                            "<{name}{}{}>",
                            CLASSES[c],
                            if sc { "/" } else { "" }
                        ));
                        stack.push(name);
                    }
                    Op::Close => {
                        if let Some(name) = stack.pop() {
                            html.push_str(&format!("</{name}>"));
                        }
                    }
                    Op::CloseNamed(n) => html.push_str(&format!("</{}>", NAMES[n])),
                    Op::Void(v) => html.push_str(&format!("<{}>", VOIDS[v])),
                    Op::Raw(r) => html.push_str(RAWS[r]),
                    Op::Text(t) => html.push_str(TEXTS[t]),
                    Op::RareText(t) => html.push_str(RARE_TEXTS[t]),
                    Op::Ref(r) => html.push_str(REFS[r]),
                    Op::Markup(m) => html.push_str(MARKUP[m]),
                }
            }
            if close_all {
                while let Some(name) = stack.pop() {
                    html.push_str(&format!("</{name}>"));
                }
            }
            html
        })
    }

    proptest::proptest! {
        /// The cheap count never says "shallow" when the lexer would drop a tag.
        #[test]
        fn may_nest_too_deep_bounds_cap_depth(html in soup(), max in 0usize..4) {
            if !may_nest_too_deep(&html, max) {
                proptest::prop_assert_eq!(cap_depth(&html, max), None);
            }
        }

        /// The strongest evidence: on random soup the fast path declines or agrees exactly.
        #[test]
        fn fast_path_agrees_with_html5ever_on_soup(html in soup()) {
            agrees(&html);
        }
    }

    /// The soup is only evidence if the fast path accepts a good share of it.
    #[test]
    fn soup_often_takes_the_fast_path() {
        use proptest::strategy::{Strategy, ValueTree};
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let n: usize = std::env::var("SOUP_SAMPLES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(500);
        let mut accepted = 0;
        let mut reasons = std::collections::BTreeMap::<u32, usize>::new();
        for _ in 0..n {
            let html = soup().new_tree(&mut runner).unwrap().current();
            stream::DECLINED_AT.with(|d| d.set(0));
            if agrees(&html) {
                accepted += 1;
            } else {
                let line = stream::DECLINED_AT.with(|d| d.get());
                *reasons.entry(line).or_default() += 1;
            }
        }
        eprintln!(
            "soup: fast path took {accepted} of {n}; declines by stream.rs line: {reasons:?}"
        );
        assert!(accepted * 5 > n, "only {accepted} of {n} accepted");
    }

    /// Fraction of the HTML bodies under `SOCIALSCOPE_FAST_CORPUS` that take the fast path, and the
    /// first few that do not (run with `--ignored --nocapture`).
    #[test]
    #[ignore]
    fn fast_path_coverage() {
        let Ok(dir) = std::env::var("SOCIALSCOPE_FAST_CORPUS") else {
            return;
        };
        let (files, _) = crate::corpus::discover(&[dir.into()]);
        let (mut seen, mut fast, mut shown) = (0, 0, 0);
        let mut reasons = std::collections::BTreeMap::<u32, usize>::new();
        for f in &files {
            let Ok(text) = std::fs::read_to_string(&f.path) else {
                continue;
            };
            let body = super::super::frontmatter::split(&text, &mut Vec::new()).body;
            if !plain::looks_like_html(body) {
                continue;
            }
            seen += 1;
            stream::DECLINED_AT.with(|d| d.set(0));
            if agrees(body) {
                fast += 1;
                continue;
            }
            let line = stream::DECLINED_AT.with(|d| d.get());
            *reasons.entry(line).or_default() += 1;
            if shown < 10 {
                shown += 1;
                eprintln!("declined: {} (stream.rs:{line})", f.path.display());
            }
        }
        eprintln!("fast path taken by {fast} of {seen} HTML bodies");
        eprintln!("declines by stream.rs line (0: end of input or depth cap): {reasons:?}");
    }
}
