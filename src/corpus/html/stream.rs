//! The fast path of [`super::blocks`]: a streaming tag scanner that reports the [`Events`] the
//! DOM walk would report, without building a DOM.
//!
//! Building html5ever's tree costs several times more than reading the tags, and article HTML is
//! nearly always well formed: every end tag closes the element it names, which is the current
//! one. For such input the tree is the tag structure itself, so a stack of open elements is
//! enough. The scanner follows the HTML5 tokenizer exactly (tag names, attributes and where a tag
//! really ends, comments, raw text elements, character references) and the tree-construction
//! rules of the "in body" insertion mode as far as it models them; the moment the input needs
//! anything else — an end tag that is not the current element's, a start tag that would close an
//! open `<p>` or `<li>` implicitly, tables (foster parenting), forms in forms, `<a>` in `<a>`, an
//! element name it does not know, a character reference it cannot decode exactly, SVG or MathML
//! integration points, a CR or NUL — it returns `None` and the caller parses with html5ever.
//! Declining is always correct; accepting input whose tree would differ is a bug, which the
//! differential tests hunt for.

use super::Events;
use super::entities::{self, Ref};
use memchr::{memchr, memmem};
use std::borrow::Cow;

/// Deepest stack the scanner keeps (the rules that look down the stack stay cheap).
const MAX_DEPTH: usize = super::MAX_DEPTH;

/// Reports the events of `html` to `events`, or `None` (with some events already reported) when
/// the input needs the full parser.
pub(super) fn scan(html: &str, events: &mut impl Events) -> Option<()> {
    let bytes = html.as_bytes();
    // NUL and CR are rewritten by the tokenizer's input stream; a BOM at the start is dropped.
    if memchr::memchr2(0, b'\r', bytes).is_some() || html.starts_with('\u{feff}') {
        return None;
    }
    let mut s = Scanner {
        src: html,
        bytes,
        pos: 0,
        text_start: 0,
        stack: Vec::with_capacity(32),
        skip_at: usize::MAX,
        open_p: 0,
        open_a: 0,
        open_nobr: 0,
        open_button: 0,
        open_form: false,
        in_body: false,
        events,
    };
    // html5ever always makes html, head (all head content is skipped) and body.
    s.events.open("html", "");
    if s.events.open("head", "") {
        return None; // never: head is skipped
    }
    s.events.open("body", "");
    s.run()?;
    while let Some(top) = s.stack.pop() {
        s.closed(top);
    }
    s.events.close(); // body
    s.events.close(); // html
    Some(())
}

/// How the tree builder treats a start tag in body (only the cases the scanner models).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Block-level: closes an open `<p>` first.
    ClosesP,
    /// `h1`–`h6`: closes an open `<p>`, and a heading that is the current element.
    Heading,
    /// `pre`, `listing`: closes `<p>`; a newline right after the start tag is dropped.
    Pre,
    Form,
    Li,
    DdDt,
    Button,
    A,
    Nobr,
    /// Other formatting elements (`b`, `strong`, `font`…): reopened by the adoption agency only
    /// after misnesting, which the scanner declines.
    Formatting,
    /// Elements without content.
    Void,
    /// `hr`: void, and closes `<p>`.
    Hr,
    /// Content is text up to the matching end tag.
    RawText,
    Script,
    /// Like raw text, but with character references (their text is always skipped).
    Rcdata,
    /// `svg`, `math`.
    Foreign,
    /// Inserted as is (`span`, `object`, `video`…).
    Ordinary,
}

/// A modelled start tag: how it is treated and whether it is "special" in the HTML5 sense.
#[derive(Debug, Clone, Copy)]
struct Desc {
    kind: Kind,
    /// Stops the look down the stack for an `<li>`/`<dd>`/`<dt>` to close (special elements but
    /// `address`, `div` and `p`).
    stops_list_scan: bool,
    is_p: bool,
}

/// The description of an HTML element name (lower case), `None` for names not modelled.
fn describe(name: &[u8]) -> Option<Desc> {
    use Kind::*;
    let (kind, special) = match name {
        b"p" => {
            return Some(Desc {
                kind: ClosesP,
                stops_list_scan: false,
                is_p: true,
            });
        }
        b"address" | b"div" => (ClosesP, false),
        b"article" | b"aside" | b"blockquote" | b"center" | b"details" | b"dir" | b"dl"
        | b"fieldset" | b"figcaption" | b"figure" | b"footer" | b"header" | b"hgroup" | b"main"
        | b"menu" | b"nav" | b"ol" | b"section" | b"summary" | b"ul" => (ClosesP, true),
        b"dialog" | b"search" => (ClosesP, false),
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => (Heading, true),
        b"pre" | b"listing" => (Pre, true),
        b"form" => (Form, true),
        b"li" => (Li, true),
        b"dd" | b"dt" => (DdDt, true),
        b"button" => (Button, true),
        b"a" => (A, false),
        b"nobr" => (Nobr, false),
        b"b" | b"big" | b"code" | b"em" | b"font" | b"i" | b"s" | b"small" | b"strike"
        | b"strong" | b"tt" | b"u" => (Formatting, false),
        b"applet" | b"marquee" | b"object" => (Ordinary, true),
        b"area" | b"br" | b"embed" | b"img" | b"keygen" | b"wbr" | b"input" | b"param"
        | b"source" | b"track" | b"link" | b"meta" | b"base" | b"basefont" | b"bgsound" => {
            (Void, true)
        }
        b"hr" => (Hr, true),
        b"style" | b"noframes" | b"noscript" | b"iframe" | b"noembed" => (RawText, true),
        b"script" => (Script, true),
        b"title" | b"textarea" => (Rcdata, true),
        b"svg" | b"math" => (Foreign, false),
        b"span" | b"abbr" | b"acronym" | b"bdi" | b"bdo" | b"cite" | b"data" | b"dfn" | b"del"
        | b"ins" | b"kbd" | b"label" | b"mark" | b"q" | b"samp" | b"sub" | b"sup" | b"time"
        | b"var" | b"video" | b"audio" | b"canvas" | b"picture" | b"map" | b"output"
        | b"progress" | b"meter" | b"legend" | b"ruby" | b"datalist" | b"slot" => {
            (Ordinary, false)
        }
        _ => return None,
    };
    Some(Desc {
        kind,
        stops_list_scan: special && !matches!(name, b"address" | b"div"),
        is_p: false,
    })
}

/// Elements that may go in the head when they come before any body content.
fn head_element(kind: Kind, name: &[u8]) -> bool {
    match kind {
        Kind::Void => matches!(name, b"base" | b"basefont" | b"bgsound" | b"link" | b"meta"),
        Kind::RawText => matches!(name, b"style" | b"noframes" | b"noscript"),
        Kind::Script => true,
        Kind::Rcdata => name == b"title",
        _ => false,
    }
}

/// Start tags that break out of SVG/MathML content (and `font`, which does with some attributes).
fn breaks_out_of_foreign(name: &[u8]) -> bool {
    matches!(
        name,
        b"b" | b"big"
            | b"blockquote"
            | b"body"
            | b"br"
            | b"center"
            | b"code"
            | b"dd"
            | b"div"
            | b"dl"
            | b"dt"
            | b"em"
            | b"embed"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"head"
            | b"hr"
            | b"i"
            | b"img"
            | b"li"
            | b"listing"
            | b"menu"
            | b"meta"
            | b"nobr"
            | b"ol"
            | b"p"
            | b"pre"
            | b"ruby"
            | b"s"
            | b"small"
            | b"span"
            | b"strong"
            | b"strike"
            | b"sub"
            | b"sup"
            | b"table"
            | b"tt"
            | b"u"
            | b"ul"
            | b"var"
            | b"font"
    )
}

/// SVG/MathML elements whose content may be parsed as HTML (start tags inside them are declined).
fn integration_point(name: &[u8]) -> bool {
    matches!(
        name,
        b"mi"
            | b"mo"
            | b"mn"
            | b"ms"
            | b"mtext"
            | b"annotation-xml"
            | b"foreignobject"
            | b"desc"
            | b"title"
    )
}

/// An element on the stack of open elements.
#[derive(Debug, Clone, Copy)]
struct Open {
    /// Where its tag name is in the source (compared ASCII-case-insensitively).
    name: (usize, usize),
    kind: Kind,
    stops_list_scan: bool,
    is_p: bool,
    /// An SVG/MathML element.
    foreign: bool,
    /// [`Events::open`] accepted it, so it gets a close.
    reported: bool,
}

/// A tokenized tag: where its name and class value are, whether it ended with `/>`, and the
/// position after its `>`.
struct Tag {
    name: (usize, usize),
    class: Option<(usize, usize)>,
    self_closing: bool,
    end: usize,
}

struct Scanner<'a, E> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Start of the text not yet reported (one text node runs up to the next tag or comment).
    text_start: usize,
    stack: Vec<Open>,
    /// Stack index of the skipped element everything is inside, or `usize::MAX`.
    skip_at: usize,
    open_p: u32,
    open_a: u32,
    open_nobr: u32,
    open_button: u32,
    open_form: bool,
    /// Whether body content has started (before it, white space and head elements vanish).
    in_body: bool,
    events: &'a mut E,
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0C | b' ')
}

/// Lower-cases a tag name into `buf`; names longer than it are never modelled (`None`).
fn lower<'b>(name: &[u8], buf: &'b mut [u8; 16]) -> Option<&'b [u8]> {
    let out = buf.get_mut(..name.len())?;
    out.copy_from_slice(name);
    out.make_ascii_lowercase();
    Some(out)
}

impl<E: Events> Scanner<'_, E> {
    fn skipping(&self) -> bool {
        self.skip_at != usize::MAX
    }

    fn run(&mut self) -> Option<()> {
        let bytes = self.bytes;
        while let Some(off) = memchr(b'<', &bytes[self.pos..]) {
            let lt = self.pos + off;
            match bytes.get(lt + 1) {
                Some(c) if c.is_ascii_alphabetic() => {
                    self.flush_text(lt)?;
                    self.start_tag(lt)?;
                }
                Some(b'/') => match bytes.get(lt + 2) {
                    Some(c) if c.is_ascii_alphabetic() => {
                        self.flush_text(lt)?;
                        self.end_tag(lt)?;
                    }
                    _ => return None, // `</>`, bogus comments, `</` at the end
                },
                Some(b'!') => {
                    self.flush_text(lt)?;
                    self.markup_declaration(lt)?;
                }
                Some(b'?') => return None,
                // `<` before anything else is text.
                _ => self.pos = lt + 1,
            }
        }
        self.flush_text(bytes.len())
    }

    /// Reports the text from `text_start` to `end` as one text node.
    fn flush_text(&mut self, end: usize) -> Option<()> {
        let start = std::mem::replace(&mut self.text_start, end);
        if start >= end || self.skipping() {
            return Some(());
        }
        let mut text = &self.src[start..end];
        if !self.in_body {
            // Before the body, white space is dropped (or goes into the head).
            text = text.trim_start_matches(['\t', '\n', '\x0C', ' ']);
            if text.is_empty() {
                return Some(());
            }
            if text.starts_with('&') {
                return None; // `&#32;` would be white space too
            }
            self.in_body = true;
        }
        let text = decode(text)?;
        self.events.text(&text);
        Some(())
    }

    /// `<!…`: comments anywhere, a doctype before the body; nothing else.
    fn markup_declaration(&mut self, lt: usize) -> Option<()> {
        let rest = &self.bytes[lt + 2..];
        if rest.starts_with(b"--") {
            let body = &rest[2..];
            // `<!-->` and `<!--->` are (empty) comments ending right there.
            if body.starts_with(b">") || body.starts_with(b"->") {
                return None;
            }
            let close = memmem::find(body, b"-->")?;
            if memmem::find(&body[..close + 3], b"--!>").is_some() {
                return None;
            }
            self.pos = lt + 4 + close + 3;
        } else if !self.in_body && rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"doctype") {
            // Every doctype state ends at the first `>`.
            self.pos = lt + memchr(b'>', &self.bytes[lt..])? + 1;
        } else {
            return None; // bogus comments, CDATA
        }
        self.text_start = self.pos;
        Some(())
    }

    /// Tokenizes the tag whose name starts at `from`, exactly as the HTML tokenizer does (quoted
    /// and unquoted attribute values, `/>`), keeping the first `class` attribute.
    fn read_tag(&self, from: usize) -> Option<Tag> {
        let b = self.bytes;
        let mut i = from;
        while i < b.len() && !matches!(b[i], b'\t' | b'\n' | 0x0C | b' ' | b'/' | b'>') {
            i += 1;
        }
        let name = (from, i);
        let mut class = None;
        let mut seen_class = false;
        let mut self_closing = false;
        // One iteration per state of the tokenizer, from "before attribute name".
        loop {
            let c = *b.get(i)?;
            if is_space(c) {
                i += 1;
                continue;
            }
            match c {
                b'>' => break,
                b'/' => {
                    // Self-closing start tag state: only `/>` counts.
                    if b.get(i + 1)? == &b'>' {
                        self_closing = true;
                        i += 1;
                        break;
                    }
                    i += 1;
                    continue;
                }
                _ => {}
            }
            // Attribute name: its first character may be anything (even `=` or a quote).
            let name_start = i;
            i += 1;
            while !matches!(*b.get(i)?, b'\t' | b'\n' | 0x0C | b' ' | b'/' | b'>' | b'=') {
                i += 1;
            }
            let attr = &b[name_start..i];
            let is_class = !seen_class && attr.eq_ignore_ascii_case(b"class");
            seen_class = seen_class || attr.eq_ignore_ascii_case(b"class");
            // After attribute name.
            while is_space(*b.get(i)?) {
                i += 1;
            }
            if b[i] != b'=' {
                if is_class {
                    class = Some((i, i));
                }
                continue; // `/`, `>` or the next attribute's name
            }
            i += 1;
            // Before attribute value.
            while is_space(*b.get(i)?) {
                i += 1;
            }
            let value = match b[i] {
                q @ (b'"' | b'\'') => {
                    let start = i + 1;
                    let end = start + memchr(q, &b[start..])?;
                    i = end + 1;
                    // After a quoted value: anything but space, `/` and `>` starts a new
                    // attribute (a parse error), which the loop does anyway.
                    (start, end)
                }
                b'>' => (i, i),
                _ => {
                    let start = i;
                    while !matches!(*b.get(i)?, b'\t' | b'\n' | 0x0C | b' ' | b'>') {
                        i += 1;
                    }
                    (start, i)
                }
            };
            if is_class {
                class = Some(value);
            }
        }
        Some(Tag {
            name,
            class,
            self_closing,
            end: i + 1,
        })
    }

    fn start_tag(&mut self, lt: usize) -> Option<()> {
        let tag = self.read_tag(lt + 1)?;
        self.pos = tag.end;
        self.text_start = tag.end;
        let raw_name = &self.bytes[tag.name.0..tag.name.1];
        let mut buf = [0u8; 16];
        if self.stack.last().is_some_and(|top| top.foreign) {
            return self.foreign_start_tag(&tag, raw_name);
        }
        let name = lower(raw_name, &mut buf)?;
        let desc = describe(name)?;
        let class = match tag.class {
            Some((s, e)) => &self.src[s..e],
            None => "",
        };
        if class.contains('&') {
            return None;
        }
        if !self.in_body {
            if head_element(desc.kind, name) {
                // Goes into the head, which is skipped whole.
                return match desc.kind {
                    Kind::Void => Some(()),
                    kind => self.raw_content(kind, name, false),
                };
            }
            self.in_body = true;
        }
        let name_str = std::str::from_utf8(name).ok()?;
        match desc.kind {
            Kind::ClosesP | Kind::Pre | Kind::Hr if self.open_p > 0 => return None,
            Kind::Heading => {
                let top_heading = self.stack.last().is_some_and(|t| t.kind == Kind::Heading);
                if self.open_p > 0 || top_heading {
                    return None;
                }
            }
            Kind::Form if self.open_p > 0 || self.open_form => return None,
            Kind::Li | Kind::DdDt => {
                for open in self.stack.iter().rev() {
                    if open.kind == desc.kind {
                        return None; // would be closed implicitly
                    }
                    if open.stops_list_scan {
                        break;
                    }
                }
                if self.open_p > 0 {
                    return None;
                }
            }
            Kind::Button if self.open_button > 0 => return None,
            Kind::A if self.open_a > 0 => return None,
            Kind::Nobr if self.open_nobr > 0 => return None,
            _ => {}
        }
        match desc.kind {
            Kind::Void | Kind::Hr => {
                if self.report_open(name_str, class) {
                    self.events.close();
                }
                Some(())
            }
            Kind::RawText | Kind::Script | Kind::Rcdata => {
                let reported = self.report_open(name_str, class);
                self.raw_content(desc.kind, name, reported)?;
                if reported {
                    self.events.close();
                }
                Some(())
            }
            Kind::Foreign if tag.self_closing => {
                if self.report_open(name_str, class) {
                    self.events.close();
                }
                Some(())
            }
            _ => {
                self.push(&tag, desc, name_str, class)?;
                if desc.kind == Kind::Pre {
                    // The tree builder drops a newline right after `<pre>`.
                    match self.bytes.get(self.pos) {
                        Some(b'\n') => {
                            self.pos += 1;
                            self.text_start = self.pos;
                        }
                        Some(b'&') => return None,
                        _ => {}
                    }
                }
                Some(())
            }
        }
    }

    /// Reports an element start unless inside a skipped element; whether it was accepted.
    fn report_open(&mut self, name: &str, class: &str) -> bool {
        !self.skipping() && self.events.open(name, class)
    }

    fn push(&mut self, tag: &Tag, desc: Desc, name: &str, class: &str) -> Option<()> {
        if self.stack.len() >= MAX_DEPTH {
            return None;
        }
        let was_skipping = self.skipping();
        let reported = self.report_open(name, class);
        if !was_skipping && !reported {
            self.skip_at = self.stack.len();
        }
        match desc.kind {
            Kind::A => self.open_a += 1,
            Kind::Nobr => self.open_nobr += 1,
            Kind::Button => self.open_button += 1,
            Kind::Form => self.open_form = true,
            _ => {}
        }
        self.open_p += u32::from(desc.is_p);
        self.stack.push(Open {
            name: tag.name,
            kind: desc.kind,
            stops_list_scan: desc.stops_list_scan,
            is_p: desc.is_p,
            foreign: desc.kind == Kind::Foreign,
            reported,
        });
        Some(())
    }

    /// Inside SVG or MathML: any element but those that break out of it or need HTML rules.
    fn foreign_start_tag(&mut self, tag: &Tag, raw_name: &[u8]) -> Option<()> {
        let mut buf = [0u8; 16];
        let top = self.stack.last()?;
        let mut top_buf = [0u8; 16];
        let top_name = &self.bytes[top.name.0..top.name.1];
        if lower(top_name, &mut top_buf).is_some_and(|n| integration_point(n)) {
            return None;
        }
        if lower(raw_name, &mut buf).is_some_and(|n| breaks_out_of_foreign(n)) {
            return None;
        }
        if !self.skipping() {
            return None; // svg and math are skipped whole; never reached
        }
        if !tag.self_closing {
            if self.stack.len() >= MAX_DEPTH {
                return None;
            }
            self.stack.push(Open {
                name: tag.name,
                kind: Kind::Ordinary,
                stops_list_scan: false,
                is_p: false,
                foreign: true,
                reported: false,
            });
        }
        Some(())
    }

    /// Skips the content of a raw text element up to its end tag, reporting it as text when
    /// `report` (raw text is not decoded).
    fn raw_content(&mut self, kind: Kind, name: &[u8], report: bool) -> Option<()> {
        if kind == Kind::Rcdata && report {
            return None; // title and textarea are skipped; their text would need decoding
        }
        let b = self.bytes;
        let start = self.pos;
        let mut i = start;
        let end = loop {
            let at = i + memmem::find(&b[i..], b"</")?;
            let n = at + 2;
            let is_end = b
                .get(n..n + name.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(name))
                && b.get(n + name.len())
                    .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>');
            if is_end {
                break at;
            }
            i = at + 1;
        };
        if kind == Kind::Script && memmem::find(&b[start..end], b"<!--").is_some() {
            return None; // escaped script data
        }
        let tag = self.read_tag(end + 2)?;
        if report && end > start {
            self.events.text(&self.src[start..end]);
        }
        self.pos = tag.end;
        self.text_start = tag.end;
        Some(())
    }

    fn end_tag(&mut self, lt: usize) -> Option<()> {
        let tag = self.read_tag(lt + 2)?;
        self.pos = tag.end;
        self.text_start = tag.end;
        if !self.in_body {
            return None;
        }
        let top = self.stack.last()?;
        let open_name = &self.bytes[top.name.0..top.name.1];
        if !open_name.eq_ignore_ascii_case(&self.bytes[tag.name.0..tag.name.1]) {
            return None;
        }
        let top = self.stack.pop()?;
        self.closed(top);
        Some(())
    }

    /// Bookkeeping for an element leaving the stack.
    fn closed(&mut self, top: Open) {
        if !top.foreign {
            match top.kind {
                Kind::A => self.open_a -= 1,
                Kind::Nobr => self.open_nobr -= 1,
                Kind::Button => self.open_button -= 1,
                Kind::Form => self.open_form = false,
                _ => {}
            }
        }
        self.open_p -= u32::from(top.is_p);
        if top.reported {
            self.events.close();
        }
        if self.skip_at == self.stack.len() {
            self.skip_at = usize::MAX;
        }
    }
}

/// Text with its character references decoded; `None` when one is not modelled.
fn decode(text: &str) -> Option<Cow<'_, str>> {
    let bytes = text.as_bytes();
    let Some(first) = memchr(b'&', bytes) else {
        return Some(Cow::Borrowed(text));
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut at = first;
    loop {
        match entities::at(&bytes[at..]) {
            Ref::Literal => {}
            Ref::Text(t, len) => {
                out.push_str(&text[copied..at]);
                out.push_str(t);
                copied = at + len;
            }
            Ref::Char(c, len) => {
                out.push_str(&text[copied..at]);
                out.push(c);
                copied = at + len;
            }
            Ref::Unknown => return None,
        }
        let from = (at + 1).max(copied);
        match memchr(b'&', &bytes[from..]) {
            Some(off) => at = from + off,
            None => break,
        }
    }
    out.push_str(&text[copied..]);
    Some(Cow::Owned(out))
}
