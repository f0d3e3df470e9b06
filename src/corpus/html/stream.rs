//! The fast path of [`super::blocks`]: a streaming tag scanner that reports the [`Events`] the
//! DOM walk would report, without building a DOM.
//!
//! Building html5ever's tree costs several times more than reading the tags, and article HTML is
//! nearly always simple: end tags close the current element, or close a few elements implicitly
//! the way the tree builder does (`</div>` over an unclosed `<p>`, `<li>` after an unclosed
//! `<li>`, a stray `</p>`). For such input a stack of open elements is the tree. The scanner
//! follows the HTML5 tokenizer exactly (tag names, attributes and where a tag really ends,
//! comments, raw text elements, character references, the dropped newline after `<pre>`) and
//! the "in body" tree-construction rules of html5ever 0.40 as far as it models them; the moment
//! the input needs anything else — an implicit close that would leave formatting elements to be
//! reopened (the adoption agency), tables (foster parenting), selects, templates, nested forms,
//! `<a>` in `<a>`, a character reference it cannot decode exactly, SVG or MathML integration
//! points, a CR, NUL or BOM — it returns `None` and the caller parses with html5ever. Declining
//! is always correct; accepting input whose tree would differ is a bug, which the differential
//! tests in `super::tests` hunt for (event by event, on the seeds, the real articles and random
//! soup).

use super::Events;
use super::bytes::{EQ, GT, SLASH, SPACE, find_byte, find_class, find2};
use super::entities::{self, Ref};
use memchr::{memchr, memmem};
use std::borrow::Cow;

/// Deepest stack the scanner keeps (the rules that look down the stack stay cheap).
const MAX_DEPTH: usize = super::MAX_DEPTH;

/// Reports the events of `html` to `events`, or `None` (with some events already reported) when
/// the input needs the full parser.
pub(super) fn scan(html: &str, events: &mut impl Events) -> Option<()> {
    let bytes = html.as_bytes();
    // NUL and CR are rewritten by the tokenizer's input stream; a BOM is dropped at the start
    // of each chunk the tokenizer is fed (after a script or a `<meta charset>`, too).
    if memchr::memchr2(0, b'\r', bytes).is_some()
        || memmem::find(bytes, "\u{feff}".as_bytes()).is_some()
    {
        return decline();
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
        last_amp: None,
        carry: String::new(),
        events,
    };
    // html5ever always makes html, head (all head content is skipped) and body.
    s.events.open("html", "");
    if s.events.open("head", "") {
        return decline(); // never: head is skipped
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

/// A modelled start tag: how it is treated and where it stops the looks down the stack.
#[derive(Debug, Clone, Copy)]
struct Desc {
    kind: Kind,
    /// "Special" in the HTML5 sense: stops the search for the element an unknown end tag closes.
    special: bool,
    /// Stops the look down the stack for an `<li>`/`<dd>`/`<dt>` to close (special elements but
    /// `address`, `div` and `p`).
    stops_list_scan: bool,
    is_p: bool,
    /// Which "has an element in scope" searches stop here ([`SCOPE`], [`BUTTON_SCOPE`]…).
    scope: u8,
}

/// Bits of [`Desc::scope`]: the default scope stops at `applet`, `marquee`, `object` (the other
/// elements that bound it are never on the scanner's stack); button scope also at `button`; list
/// item scope also at `ol`, `ul`.
const SCOPE: u8 = 1;
const BUTTON_SCOPE: u8 = 2;
const LIST_SCOPE: u8 = 4;

/// The description of an HTML element name (lower case), `None` for names not modelled. The
/// names are those the "in body" rules of html5ever 0.40 single out (checked against its
/// `rules.rs` and `tag_sets.rs`); anything else is inserted as it is.
fn describe(name: &[u8]) -> Option<Desc> {
    use Kind::*;
    let (kind, special) = match name {
        b"p" => {
            return Some(Desc {
                kind: ClosesP,
                special: true,
                stops_list_scan: false,
                is_p: true,
                scope: 0,
            });
        }
        b"address" | b"div" => (ClosesP, true),
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
        // Tables (foster parenting), selects, ruby annotations, templates, frames, the document
        // structure and the rest of the in-body rules the scanner does not model.
        b"html" | b"body" | b"head" | b"frameset" | b"frame" | b"template" | b"table"
        | b"caption" | b"col" | b"colgroup" | b"tbody" | b"td" | b"tfoot" | b"th" | b"thead"
        | b"tr" | b"select" | b"option" | b"optgroup" | b"rb" | b"rp" | b"rt" | b"rtc" | b"xmp"
        | b"plaintext" | b"image" | b"isindex" => return decline(),
        // Every other name (`span`, `video`, custom elements…) is "any other start tag".
        _ => (Ordinary, false),
    };
    let scope = match name {
        b"applet" | b"marquee" | b"object" => SCOPE | BUTTON_SCOPE | LIST_SCOPE,
        b"button" => BUTTON_SCOPE,
        b"ol" | b"ul" => LIST_SCOPE,
        _ => 0,
    };
    Some(Desc {
        kind,
        special,
        stops_list_scan: special && !matches!(name, b"address" | b"div"),
        is_p: false,
        scope,
    })
}

/// What an end tag that does not close the current element does.
enum EndTag {
    /// Closes the element at this stack index and everything above it.
    PopTo(usize),
    /// `</p>` without an open `<p>`: an empty `<p>` appears.
    EmptyP,
    /// Nothing at all: text on both sides of it is one text node.
    Ignored,
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
    desc: Desc,
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
    /// Where the last `&` between tags is: [`Scanner::run`] finds them on its way from tag to tag,
    /// so text after it needs no second look for character references.
    last_amp: Option<usize>,
    /// Text before ignored end tags, waiting for the rest of its text node.
    carry: String,
    events: &'a mut E,
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0C | b' ')
}

/// Lower-cases a tag name into `buf`; longer names are declined (`None`).
fn lower<'b>(name: &[u8], buf: &'b mut [u8; 32]) -> Option<&'b [u8]> {
    let out = buf.get_mut(..name.len())?;
    out.copy_from_slice(name);
    out.make_ascii_lowercase();
    Some(out)
}

impl<'a, E: Events> Scanner<'a, E> {
    fn skipping(&self) -> bool {
        self.skip_at != usize::MAX
    }

    fn run(&mut self) -> Option<()> {
        let bytes = self.bytes;
        while let Some(lt) = find2(bytes, self.pos, b'<', b'&') {
            if bytes[lt] == b'&' {
                self.last_amp = Some(lt);
                self.pos = lt + 1;
                continue;
            }
            match bytes.get(lt + 1) {
                Some(c) if c.is_ascii_alphabetic() => {
                    self.flush_text(lt)?;
                    self.start_tag(lt)?;
                }
                Some(b'/') => match bytes.get(lt + 2) {
                    Some(c) if c.is_ascii_alphabetic() => self.end_tag(lt)?,
                    _ => return decline(), // `</>`, bogus comments, `</` at the end
                },
                Some(b'!') => {
                    self.flush_text(lt)?;
                    self.markup_declaration(lt)?;
                }
                Some(b'?') => return decline(),
                // `<` before anything else is text.
                _ => self.pos = lt + 1,
            }
        }
        self.flush_text(bytes.len())
    }

    /// Keeps the text from `text_start` to `end` for the next text node (an ignored end tag
    /// does not end a text node).
    fn carry_text(&mut self, end: usize) -> Option<()> {
        let start = std::mem::replace(&mut self.text_start, end);
        if start >= end || self.skipping() {
            return Some(());
        }
        if !self.in_body {
            return decline(); // never: end tags before the body are dropped with their text
        }
        let text = self.decoded(start, end)?;
        self.carry.push_str(&text);
        Some(())
    }

    /// Before the body, white space in the text up to `end` is dropped (or goes into the head);
    /// anything else starts the body, and its text node starts there.
    fn prolog_text(&mut self, end: usize) -> Option<()> {
        let text = &self.src[self.text_start..end];
        let rest = text.trim_start_matches(['\t', '\n', '\x0C', ' ']);
        if rest.is_empty() {
            self.text_start = end;
        } else if rest.starts_with('&') {
            return decline(); // `&#32;` would be white space too
        } else {
            self.text_start = end - rest.len();
            self.in_body = true;
        }
        Some(())
    }

    /// The text between `start` and `end` (up to where [`Scanner::run`] has looked) with its
    /// character references decoded.
    fn decoded(&self, start: usize, end: usize) -> Option<Cow<'a, str>> {
        let text = &self.src[start..end];
        if self.last_amp.is_some_and(|at| at >= start) {
            decode(text)
        } else {
            Some(Cow::Borrowed(text))
        }
    }

    /// Reports the text from `text_start` to `end` (after any carried text) as one text node.
    fn flush_text(&mut self, end: usize) -> Option<()> {
        if !self.in_body {
            self.prolog_text(end)?;
        }
        let start = std::mem::replace(&mut self.text_start, end);
        if !self.carry.is_empty() {
            let text = self.decoded(start, end)?;
            let mut carry = std::mem::take(&mut self.carry);
            carry.push_str(&text);
            self.events.text(&carry);
            carry.clear();
            self.carry = carry;
            return Some(());
        }
        if start >= end || self.skipping() {
            return Some(());
        }
        if self.last_amp.is_some_and(|at| at >= start) {
            let text = decode(&self.src[start..end])?;
            self.events.text(&text);
        } else {
            // The common case: the source is the text, as it is.
            self.events.text(&self.src[start..end]);
        }
        Some(())
    }

    /// `<!…`: comments anywhere, a doctype before the body; nothing else.
    fn markup_declaration(&mut self, lt: usize) -> Option<()> {
        let rest = &self.bytes[lt + 2..];
        if rest.starts_with(b"--") {
            let body = &rest[2..];
            // `<!-->` and `<!--->` are (empty) comments ending right there.
            if body.starts_with(b">") || body.starts_with(b"->") {
                return decline();
            }
            let close = memmem::find(body, b"-->")?;
            if memmem::find(&body[..close + 3], b"--!>").is_some() {
                return decline();
            }
            self.pos = lt + 4 + close + 3;
        } else if !self.in_body && rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"doctype") {
            // Every doctype state ends at the first `>`.
            self.pos = lt + memchr(b'>', &self.bytes[lt..])? + 1;
        } else {
            return decline(); // bogus comments, CDATA
        }
        self.text_start = self.pos;
        Some(())
    }

    /// Tokenizes the tag whose name starts at `from`, exactly as the HTML tokenizer does (quoted
    /// and unquoted attribute values, `/>`), keeping the first `class` attribute.
    ///
    /// Inlined into its three callers: as a call, saving registers and returning the `Tag`
    /// through memory cost a fifth of all its work (most tags are `<p>` or `</p>`).
    #[inline(always)]
    fn read_tag(&self, from: usize) -> Option<Tag> {
        let b = self.bytes;
        let mut i = find_class(b, from, SPACE | SLASH | GT).unwrap_or(b.len());
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
            i = find_class(b, i + 1, SPACE | SLASH | GT | EQ)?;
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
                    let end = find_byte(b, start, q)?;
                    i = end + 1;
                    // After a quoted value: anything but space, `/` and `>` starts a new
                    // attribute (a parse error), which the loop does anyway.
                    (start, end)
                }
                b'>' => (i, i),
                _ => {
                    let start = i;
                    i = find_class(b, i, SPACE | GT)?;
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
        if self.stack.last().is_some_and(|top| top.foreign) {
            return self.foreign_start_tag(&tag, raw_name);
        }
        // Names are nearly always lower case already: then the source is the name, as it is.
        let raw_str = self.src.get(tag.name.0..tag.name.1)?;
        let lowered;
        let name_str = if raw_name.iter().any(u8::is_ascii_uppercase) {
            lowered = raw_str.to_ascii_lowercase();
            lowered.as_str()
        } else {
            raw_str
        };
        if name_str.len() > 32 {
            return None; // as `lower` declines them elsewhere
        }
        let name = name_str.as_bytes();
        let desc = describe(name)?;
        let class = match tag.class {
            Some((s, e)) => &self.src[s..e],
            None => "",
        };
        if class.contains('&') {
            return decline();
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
        match desc.kind {
            Kind::ClosesP | Kind::Pre | Kind::Hr => self.close_p()?,
            Kind::Heading => {
                self.close_p()?;
                if self
                    .stack
                    .last()
                    .is_some_and(|t| t.desc.kind == Kind::Heading)
                {
                    let top = self.stack.pop()?;
                    self.closed(top);
                }
            }
            Kind::Form if self.open_form => return decline(),
            Kind::Form => self.close_p()?,
            Kind::Li | Kind::DdDt => {
                // An open item of the same list closes, unless a special element is in between.
                let mut item = None;
                for (i, open) in self.stack.iter().enumerate().rev() {
                    if open.desc.kind == desc.kind {
                        item = Some(i);
                        break;
                    }
                    if open.desc.stops_list_scan {
                        break;
                    }
                }
                if let Some(i) = item {
                    self.pop_to(i)?;
                }
                self.close_p()?;
            }
            Kind::Button if self.open_button > 0 => return decline(),
            Kind::A if self.open_a > 0 => return decline(),
            Kind::Nobr if self.open_nobr > 0 => return decline(),
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
                        Some(b'&') => return decline(),
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
            return decline();
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
            desc,
            foreign: desc.kind == Kind::Foreign,
            reported,
        });
        Some(())
    }

    /// Inside SVG or MathML: any element but those that break out of it or need HTML rules.
    fn foreign_start_tag(&mut self, tag: &Tag, raw_name: &[u8]) -> Option<()> {
        let mut buf = [0u8; 32];
        let top = self.stack.last()?;
        let mut top_buf = [0u8; 32];
        let top_name = &self.bytes[top.name.0..top.name.1];
        if lower(top_name, &mut top_buf).is_some_and(integration_point) {
            return decline();
        }
        if lower(raw_name, &mut buf).is_some_and(breaks_out_of_foreign) {
            return decline();
        }
        if !self.skipping() {
            return decline(); // svg and math are skipped whole; never reached
        }
        if !tag.self_closing {
            if self.stack.len() >= MAX_DEPTH {
                return decline();
            }
            self.stack.push(Open {
                name: tag.name,
                desc: Desc {
                    kind: Kind::Ordinary,
                    special: false,
                    stops_list_scan: false,
                    is_p: false,
                    scope: 0,
                },
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
            return decline(); // title and textarea are skipped; their text would need decoding
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
            return decline(); // escaped script data
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
        let raw = &self.bytes[tag.name.0..tag.name.1];
        // The lower-case name is only needed off the common path.
        let mut buf = [0u8; 32];
        if !self.in_body {
            self.prolog_text(lt)?; // may start the body
        }
        if !self.in_body {
            // Before the body only these do something; the others are dropped.
            if matches!(
                lower(raw, &mut buf),
                Some(b"head" | b"body" | b"html" | b"br")
            ) {
                return decline();
            }
        } else if self.stack.last().is_some_and(|top| self.is_named(top, raw)) {
            // The common case: the end tag of the current element.
            self.flush_text(lt)?;
            let top = self.stack.pop()?;
            self.closed(top);
        } else if self.stack.last().is_some_and(|top| top.foreign) {
            return decline();
        } else {
            match self.end_tag_effect(lower(raw, &mut buf), raw)? {
                EndTag::PopTo(i) => {
                    self.flush_text(lt)?;
                    self.pop_to(i)?;
                }
                EndTag::EmptyP => {
                    self.flush_text(lt)?;
                    if self.report_open("p", "") {
                        self.events.close();
                    }
                }
                EndTag::Ignored => {
                    self.carry_text(lt)?;
                }
            }
        }
        self.pos = tag.end;
        self.text_start = tag.end;
        Some(())
    }

    /// Whether an open element has this (raw, any case) tag name.
    fn is_named(&self, open: &Open, raw: &[u8]) -> bool {
        self.bytes[open.name.0..open.name.1].eq_ignore_ascii_case(raw)
    }

    /// The tree builder's reaction to an end tag that does not match the current element.
    fn end_tag_effect(&self, name: Option<&[u8]>, raw: &[u8]) -> Option<EndTag> {
        let in_scope = |pred: &dyn Fn(&Open) -> bool, scope: u8| {
            for (i, open) in self.stack.iter().enumerate().rev() {
                if pred(open) {
                    return Some(i);
                }
                if open.desc.scope & scope != 0 {
                    return None;
                }
            }
            None
        };
        let named = |open: &Open| self.is_named(open, raw);
        let effect = match name.unwrap_or(b"") {
            b"address" | b"article" | b"aside" | b"blockquote" | b"button" | b"center"
            | b"details" | b"dialog" | b"dir" | b"div" | b"dl" | b"fieldset" | b"figcaption"
            | b"figure" | b"footer" | b"header" | b"hgroup" | b"listing" | b"main" | b"menu"
            | b"nav" | b"ol" | b"pre" | b"search" | b"section" | b"select" | b"summary" | b"ul"
            | b"dd" | b"dt" => in_scope(&named, SCOPE).map_or(EndTag::Ignored, EndTag::PopTo),
            b"p" => in_scope(&|o| o.desc.is_p, SCOPE | BUTTON_SCOPE)
                .map_or(EndTag::EmptyP, EndTag::PopTo),
            b"li" => in_scope(&|o| o.desc.kind == Kind::Li, SCOPE | LIST_SCOPE)
                .map_or(EndTag::Ignored, EndTag::PopTo),
            b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => {
                in_scope(&|o| o.desc.kind == Kind::Heading, SCOPE)
                    .map_or(EndTag::Ignored, EndTag::PopTo)
            }
            // The adoption agency: only a stray end tag (nothing of that name open) is simple.
            b"a" | b"b" | b"big" | b"code" | b"em" | b"font" | b"i" | b"nobr" | b"s" | b"small"
            | b"strike" | b"strong" | b"tt" | b"u" => {
                if self.stack.iter().any(named) {
                    return decline();
                }
                EndTag::Ignored
            }
            b"br" | b"body" | b"html" | b"template" | b"form" | b"applet" | b"marquee"
            | b"object" => return decline(),
            // Any other end tag closes the nearest element of its name unless a special
            // element comes first.
            _ => {
                let mut effect = EndTag::Ignored;
                for (i, open) in self.stack.iter().enumerate().rev() {
                    if named(open) {
                        effect = EndTag::PopTo(i);
                        break;
                    }
                    if open.desc.special {
                        break;
                    }
                }
                effect
            }
        };
        Some(effect)
    }

    /// Closes the open `<p>` in button scope, if any (before a block-level start tag).
    fn close_p(&mut self) -> Option<()> {
        if self.open_p == 0 {
            return Some(());
        }
        let mut found = None;
        for (i, open) in self.stack.iter().enumerate().rev() {
            if open.desc.is_p {
                found = Some(i);
                break;
            }
            if open.desc.scope & (SCOPE | BUTTON_SCOPE) != 0 {
                break;
            }
        }
        match found {
            Some(i) => self.pop_to(i),
            None => Some(()),
        }
    }

    /// Pops the element at `index` and everything above it, as the tree builder does when an
    /// element closes implicitly. Declines when that leaves the list of active formatting
    /// elements or the form pointer out of step with the stack (formatting elements would be
    /// reopened later; a marker or form pointer would linger).
    fn pop_to(&mut self, index: usize) -> Option<()> {
        let lingers = self.stack[index + 1..].iter().any(|o| {
            matches!(
                o.desc.kind,
                Kind::A | Kind::Nobr | Kind::Formatting | Kind::Form
            ) || o.desc.scope & SCOPE != 0
                || o.foreign
        });
        if lingers {
            return decline();
        }
        while self.stack.len() > index {
            let top = self.stack.pop()?;
            self.closed(top);
        }
        Some(())
    }

    /// Bookkeeping for an element leaving the stack.
    fn closed(&mut self, top: Open) {
        if !top.foreign {
            match top.desc.kind {
                Kind::A => self.open_a -= 1,
                Kind::Nobr => self.open_nobr -= 1,
                Kind::Button => self.open_button -= 1,
                Kind::Form => self.open_form = false,
                _ => {}
            }
        }
        self.open_p -= u32::from(top.desc.is_p);
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
            Ref::Unknown => return decline(),
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

/// Declines the fast path; in tests, remembers where (for the coverage report).
#[track_caller]
fn decline<T>() -> Option<T> {
    #[cfg(test)]
    {
        let line = std::panic::Location::caller().line();
        DECLINED_AT.with(|d| d.set(line));
    }
    None
}

#[cfg(test)]
thread_local! {
    /// The source line of the last explicit decline.
    pub(super) static DECLINED_AT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}
