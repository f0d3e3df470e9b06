//! A fast path for the front matter nearly every article has: `key: value` lines at the left
//! margin whose values are one-line plain or quoted scalars, block lists (`- item`) or one-line
//! flow lists (`[a, b]`). It gives the four fields socialscope reads exactly as the YAML parser
//! would, at a small fraction of its cost (the parser builds a whole event stream and mapping for
//! every file).
//!
//! Anything else declines (`None`) and goes to the full parse in `crate::yaml`: anchors, tags,
//! block and multi-line scalars, escapes, comments, tabs, nested mappings, duplicate keys, and
//! numbers or booleans in a field that is read (their text form is the parser's business). A
//! decline is always correct; accepting wrongly is a bug, so every rule errs towards declining.
//! The differential tests below hold this path to the parser's answers.

use crate::yaml::Value;
use std::borrow::Cow;

/// The fields socialscope reads, as the YAML parser gives them (`None`: the key is absent).
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Fields {
    pub title: Option<Value>,
    pub author: Option<Value>,
    pub date: Option<Value>,
    pub categories: Option<Value>,
}

impl Fields {
    fn slot(&mut self, key: &str) -> Option<&mut Option<Value>> {
        match key {
            "title" => Some(&mut self.title),
            "author" => Some(&mut self.author),
            "date" => Some(&mut self.date),
            "categories" => Some(&mut self.categories),
            _ => None,
        }
    }
}

/// A scalar as the parser resolves it, as far as this path needs to know. Text is borrowed from
/// the front matter until a read field keeps it.
#[derive(Debug, Clone, PartialEq)]
enum Scalar<'a> {
    Null,
    Text(Cow<'a, str>),
    /// A number or a boolean (or possibly one): fine in a field that is not read.
    Other,
}

impl Scalar<'_> {
    /// The value of a read field; `None` (decline) for a number or boolean.
    fn into_value(self) -> Option<Value> {
        match self {
            Scalar::Null => Some(Value::Null),
            Scalar::Text(s) => Some(Value::String(s.into_owned())),
            Scalar::Other => None,
        }
    }
}

/// A value of a top-level key.
enum Parsed<'a> {
    Scalar(Scalar<'a>),
    List(Vec<Scalar<'a>>),
}

impl Parsed<'_> {
    fn into_value(self) -> Option<Value> {
        match self {
            Parsed::Scalar(s) => s.into_value(),
            Parsed::List(items) => items
                .into_iter()
                .map(Scalar::into_value)
                .collect::<Option<Vec<_>>>()
                .map(Value::Sequence),
        }
    }
}

/// A key waiting for its value: its line had nothing after the colon, so block list items may
/// follow (null when none do).
struct Pending<'a> {
    key: &'a str,
    items: Vec<Scalar<'a>>,
    /// The indentation of the first item; every item must share it.
    indent: Option<usize>,
}

/// Reads simple front matter; `None` declines (see the module doc). `yaml` is the text between
/// the fences, control characters already removed.
pub(crate) fn parse(yaml: &str) -> Option<Fields> {
    let mut fields = Fields::default();
    let mut keys: Vec<&str> = Vec::new();
    let mut pending: Option<Pending> = None;
    for line in yaml.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if !plain_line(line) {
            return None;
        }
        if line.bytes().all(|b| b == b' ') {
            continue;
        }
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        if let Some(p) = pending.as_mut()
            && let Some(item) = body.strip_prefix('-')
        {
            // A block list item: `- item`, all at one indentation.
            if !item.starts_with(' ') || *p.indent.get_or_insert(indent) != indent {
                return None;
            }
            p.items.push(block_item(item.trim_matches(' '))?);
            continue;
        }
        if indent > 0 {
            // A continuation line or a nested mapping.
            return None;
        }
        if let Some(p) = pending.take() {
            store(&mut fields, p.key, finish(p))?;
        }
        let (key, rest) = key_line(body)?;
        if keys.contains(&key) {
            return None; // the parser refuses duplicate keys
        }
        keys.push(key);
        let rest = rest.trim_matches(' ');
        if rest.is_empty() {
            pending = Some(Pending {
                key,
                items: Vec::new(),
                indent: None,
            });
        } else {
            store(&mut fields, key, value(rest)?)?;
        }
    }
    if let Some(p) = pending.take() {
        store(&mut fields, p.key, finish(p))?;
    }
    // A document without keys is left to the parser (null or an error).
    (!keys.is_empty()).then_some(fields)
}

/// The value of an empty-valued key: its list, or null.
fn finish(p: Pending<'_>) -> Parsed<'_> {
    if p.indent.is_some() {
        Parsed::List(p.items)
    } else {
        Parsed::Scalar(Scalar::Null)
    }
}

/// Keeps the value of a read key; `None` when a read key holds something this path does not
/// model. Other keys only had to be valid.
fn store(fields: &mut Fields, key: &str, parsed: Parsed<'_>) -> Option<()> {
    if let Some(slot) = fields.slot(key) {
        *slot = Some(parsed.into_value()?);
    }
    Some(())
}

/// Characters this path knows the parser treats as ordinary text: not a tab (separation rules),
/// not a control character, not one of the parser's line breaks (NEL, U+2028, U+2029), not a
/// byte order mark (skipped at line starts) and not one of the non-characters it refuses.
#[cfg(test)]
fn plain_char(c: char) -> bool {
    !(c.is_control()
        || matches!(
            c,
            '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        ))
}

/// `line.chars().all(plain_char)` from the bytes, without decoding a character: every
/// character `plain_char` (the tests' definition) refuses is an ASCII control, DEL, or starts
/// with one of three bytes (U+0080–U+009F with 0xC2, U+2028/U+2029 with 0xE2,
/// U+FEFF/U+FFFE/U+FFFF with 0xEF).
fn plain_line(line: &str) -> bool {
    let b = line.as_bytes();
    b.iter().enumerate().all(|(i, &c)| match c {
        0..=0x1f | 0x7f => false,
        0xc2 => !matches!(b.get(i + 1), Some(0x80..=0x9f)),
        0xe2 => !matches!(b.get(i + 1..i + 3), Some([0x80, 0xa8 | 0xa9])),
        0xef => !matches!(
            b.get(i + 1..i + 3),
            Some([0xbb, 0xbf] | [0xbf, 0xbe | 0xbf])
        ),
        _ => true,
    })
}

/// `key:` and the rest of the line. Keys are plain words (`title`, `head-img`, `_x`), at most 64
/// bytes, that the parser reads as text.
fn key_line(line: &str) -> Option<(&str, &str)> {
    let (key, rest) = line.split_once(':')?;
    let first = key.bytes().next()?;
    let word = key.len() <= 64
        && (first.is_ascii_alphabetic() || first == b'_')
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !word || !surely_text(key) {
        return None;
    }
    // `key:value` is one plain scalar, not a key.
    (rest.is_empty() || rest.starts_with(' ')).then_some((key, rest))
}

/// A value after `key: ` (trimmed, not empty).
fn value(s: &str) -> Option<Parsed<'_>> {
    match s.as_bytes()[0] {
        b'[' => flow_list(s).map(Parsed::List),
        _ => block_item(s).map(Parsed::Scalar),
    }
}

/// A one-line scalar in block context (a value or a list item), trimmed; empty declines (a null
/// item or a nested block).
fn block_item(s: &str) -> Option<Scalar<'_>> {
    match *s.as_bytes().first()? {
        b'\'' => quoted_alone(single_quoted(s)?),
        b'"' => quoted_alone(double_quoted(s)?),
        _ => block_plain(s).map(resolve),
    }
}

/// A quoted scalar that must be all of its line (trailing spaces aside).
fn quoted_alone<'a>((text, rest): (Cow<'a, str>, &str)) -> Option<Scalar<'a>> {
    rest.bytes()
        .all(|b| b == b' ')
        .then_some(Scalar::Text(text))
}

/// Characters that give a scalar's first character another meaning (flow collections, anchors,
/// aliases, tags, block scalars, comments, directives, reserved ones, quotes, and `-`, `?`, `:`).
const INDICATORS: &[u8] = b"-?:,[]{}#&*!|>'\"%@`";

/// A plain scalar in block context: it must not start with an indicator, and `: ` or a final
/// `:` (a nested mapping) or ` #` (a comment) inside it decline.
fn block_plain(s: &str) -> Option<&str> {
    let first = *s.as_bytes().first()?;
    let special = |w: &[u8]| w == b": " || w == b" #";
    if INDICATORS.contains(&first) || s.ends_with(':') || s.as_bytes().windows(2).any(special) {
        return None;
    }
    Some(s)
}

/// `'text'` (with `''` for a quote) at the start of `s`: the text and what follows the closing
/// quote. An unclosed quote (a multi-line scalar) declines.
fn single_quoted(s: &str) -> Option<(Cow<'_, str>, &str)> {
    let body = s.strip_prefix('\'')?;
    let end = body.find('\'')?;
    if !body[end + 1..].starts_with('\'') {
        return Some((Cow::Borrowed(&body[..end]), &body[end + 1..]));
    }
    let mut text = String::new();
    let mut rest = body;
    loop {
        let end = rest.find('\'')?;
        text.push_str(&rest[..end]);
        rest = &rest[end + 1..];
        match rest.strip_prefix('\'') {
            Some(after) => {
                text.push('\'');
                rest = after;
            }
            None => return Some((Cow::Owned(text), rest)),
        }
    }
}

/// `"text"` without escapes at the start of `s`: the text and what follows. A backslash (an
/// escape) or an unclosed quote declines.
fn double_quoted(s: &str) -> Option<(Cow<'_, str>, &str)> {
    let rest = s.strip_prefix('"')?;
    let end = rest.find('"')?;
    let text = &rest[..end];
    (!text.contains('\\')).then_some((Cow::Borrowed(text), &rest[end + 1..]))
}

/// `[a, 'b', "c"]` on one line and nothing after it. Plain items may not hold `:`, `#`, quotes or
/// brackets; empty items (`[a,,b]`, a trailing comma) decline.
fn flow_list(s: &str) -> Option<Vec<Scalar<'_>>> {
    let mut rest = s.strip_prefix('[')?.trim_start_matches(' ');
    let mut items = Vec::new();
    if let Some(after) = rest.strip_prefix(']') {
        return after.bytes().all(|b| b == b' ').then_some(items);
    }
    loop {
        let (item, after) = match *rest.as_bytes().first()? {
            b'\'' => single_quoted(rest).map(|(t, r)| (Scalar::Text(t), r))?,
            b'"' => double_quoted(rest).map(|(t, r)| (Scalar::Text(t), r))?,
            _ => {
                let end = rest.find([',', ']'])?;
                (
                    resolve(flow_plain(rest[..end].trim_end_matches(' '))?),
                    &rest[end..],
                )
            }
        };
        items.push(item);
        let after = after.trim_start_matches(' ');
        if let Some(next) = after.strip_prefix(',') {
            rest = next.trim_start_matches(' ');
        } else {
            let tail = after.strip_prefix(']')?;
            return tail.bytes().all(|b| b == b' ').then_some(items);
        }
    }
}

/// A plain scalar inside a flow list (already cut at `,` / `]`).
fn flow_plain(s: &str) -> Option<&str> {
    let first = *s.as_bytes().first()?;
    let special = |b: u8| matches!(b, b':' | b'#' | b'[' | b']' | b'{' | b'}' | b'\'' | b'"');
    (!INDICATORS.contains(&first) && !s.bytes().any(special)).then_some(s)
}

/// How the parser reads a plain scalar: null (`~`, `null`), text, or something else (a boolean
/// or a number). `Other` may also be text the parser would accept; that only costs a decline.
fn resolve(s: &str) -> Scalar<'_> {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => Scalar::Null,
        _ if surely_text(s) => Scalar::Text(Cow::Borrowed(s)),
        _ => Scalar::Other,
    }
}

/// Whether a plain scalar cannot be a number to the parser. Its numbers (decimal, `0x`, `0o`,
/// `0b`, finite floats, `.inf`, `.nan`, each with an optional sign) use only the characters below,
/// put a sign only first or right after an exponent's `e`, and hold no letter but `e` outside the
/// `0x`/`0o`/`0b` prefixes and the dotted words. So `36kr`, `a`, anything with a space or a
/// Chinese character, and `2021-10-28` (a sign inside) are text.
fn surely_text(s: &str) -> bool {
    if matches!(s, "true" | "True" | "TRUE" | "false" | "False" | "FALSE") {
        return false;
    }
    let b = s.as_bytes();
    let numberish = |c: &u8| matches!(c, b'0'..=b'9' | b'a'..=b'f' | b'A'..=b'F' | b'x' | b'o' | b'i' | b'n' | b'I' | b'N' | b'+' | b'-' | b'.');
    let prefixed = || b.windows(2).any(|w| matches!(w, b"0x" | b"0o" | b"0b")) || b.contains(&b'.');
    !b.iter().all(numberish)
        || b.windows(2)
            .any(|w| matches!(w[1], b'+' | b'-') && !matches!(w[0], b'e' | b'E'))
        || (b
            .iter()
            .any(|c| c.is_ascii_alphabetic() && !matches!(c, b'e' | b'E'))
            && !prefixed())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(s: &str) -> Option<Value> {
        Some(Value::String(s.into()))
    }

    fn list(items: &[&str]) -> Option<Value> {
        Some(Value::Sequence(
            items.iter().map(|s| Value::String((*s).into())).collect(),
        ))
    }

    /// The generated and real corpus shape, CRLF included.
    #[test]
    fn reads_the_common_shape() {
        let yaml = "title: 'Snapchat上线红包功能，Jimu坐不住了'\ncategories: \n - 新媒体\n - 36kr\n \
                    - 资讯\nheadimg: 'https://img.36krcdn.com/a_img_000'\nauthor: 36kr\n\
                    comments: false\ndate: Wed, 18 Jul 2012 19:06:39 GMT\n";
        let f = parse(yaml).expect("accepted");
        assert_eq!(f.title, text("Snapchat上线红包功能，Jimu坐不住了"));
        assert_eq!(f.author, text("36kr"));
        assert_eq!(f.date, text("Wed, 18 Jul 2012 19:06:39 GMT"));
        assert_eq!(f.categories, list(&["新媒体", "36kr", "资讯"]));
        assert_eq!(parse(&yaml.replace('\n', "\r\n")), Some(f));
    }

    #[test]
    fn quoted_scalars() {
        let f = parse("title: 'it''s  a: #b '\nauthor: \"x 'y' #z\"\n").expect("accepted");
        assert_eq!(f.title, text("it's  a: #b "));
        assert_eq!(f.author, text("x 'y' #z"));
        // Escapes, text after the closing quote and unclosed quotes decline.
        assert_eq!(parse("title: \"a\\tb\"\n"), None);
        assert_eq!(parse("title: 'a' b\n"), None);
        assert_eq!(parse("title: 'a' # note\n"), None);
        assert_eq!(parse("title: 'a\n  b'\n"), None);
    }

    #[test]
    fn plain_scalars() {
        let f = parse("title: a:b, c - d#e  \nauthor: 36kr\ndate: 2021-10-28\n").expect("ok");
        assert_eq!(f.title, text("a:b, c - d#e"));
        assert_eq!(f.author, text("36kr"));
        assert_eq!(f.date, text("2021-10-28"));
        // Full-width and no-break spaces are text, not blanks.
        let f = parse("title: \u{3000}标题\u{a0}\n").expect("accepted");
        assert_eq!(f.title, text("\u{3000}标题\u{a0}"));
        for bad in [
            "title: a: b\n",
            "title: a:\n",
            "title: a # note\n",
            "title: &x a\n",
            "title: *x\n",
            "title: !tag a\n",
            "title: |\n  a\n",
            "title: >\n  a\n",
            "title: {a: b}\n",
            "title: - a\n",
            "title: a\n  continued\n",
            "title: `a\n",
            "title: @a\n",
            "title: %a\n",
            "title:\ta\n",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn null_and_typed_values() {
        let f = parse("title: ~\nauthor:\ndate: null\ncomments: false\nn: 12\n").expect("ok");
        assert_eq!(f.title, Some(Value::Null));
        assert_eq!(f.author, Some(Value::Null));
        assert_eq!(f.date, Some(Value::Null));
        // A number or a boolean in a read field is the parser's to convert.
        for bad in [
            "title: 12345\n",
            "date: 20211028\n",
            "author: true\n",
            "title: .5\n",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn block_lists() {
        let f = parse("categories:\n- a\n-   'b c'\n\n- \"d\"\ntitle: t\n").expect("ok");
        assert_eq!(f.categories, list(&["a", "b c", "d"]));
        assert_eq!(f.title, text("t"));
        for bad in [
            "categories:\n  - a\n - b\n",
            "categories:\n - a\n   b\n",
            "categories:\n - \n",
            "categories:\n -\n",
            "categories:\n - - a\n",
            "categories:\n - a: b\n",
            "categories:\n -a\n",
            "categories:\n - [a]\n",
            "title: t\n- a\n",
            "categories:\n  sub: a\n",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn flow_lists() {
        let f = parse("categories: [新媒体, 'a,b' , \"c\", ~]\n").expect("accepted");
        assert_eq!(
            f.categories,
            Some(Value::Sequence(vec![
                Value::String("新媒体".into()),
                Value::String("a,b".into()),
                Value::String("c".into()),
                Value::Null,
            ]))
        );
        assert_eq!(parse("categories: []\n").expect("ok").categories, list(&[]));
        for bad in [
            "categories: [a, b,]\n",
            "categories: [a,, b]\n",
            "categories: [a: b]\n",
            "categories: [a, {b: c}]\n",
            "categories: [a\n  , b]\n",
            "categories: [a] x\n",
            "categories: [2021]\n",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn keys() {
        assert_eq!(parse("title: a\ntitle: b\n"), None, "duplicate keys");
        assert_eq!(parse("title:a\n"), None);
        assert_eq!(parse(" title: a\n"), None);
        assert_eq!(parse("true: a\n"), None);
        assert_eq!(parse("'title': a\n"), None);
        assert_eq!(parse("# note\ntitle: a\n"), None);
        assert_eq!(parse("\n  \n"), None, "no keys");
        let f = parse("head-img: x\n_n: 1\ntitle: a\n").expect("accepted");
        assert_eq!(f.title, text("a"));
    }

    #[test]
    fn odd_characters_decline() {
        for c in [
            '\t', '\u{85}', '\u{2028}', '\u{2029}', '\u{feff}', '\u{fffe}', '\r',
        ] {
            let yaml = format!("title: a{c}b\n");
            assert_eq!(parse(&yaml), None, "{c:?}");
        }
    }

    #[test]
    fn numbers_are_never_taken_for_text() {
        for s in [
            "12", "+12", "-12", "0x1f", "-0x1f", "0o17", "0b101", "1.5", "-1.5e-3", "1E+3", ".5",
            ".inf", "-.inf", ".NaN", "007", "1e5", "+0x1F", "e",
        ] {
            assert!(!surely_text(s), "{s}");
        }
        for s in [
            "36kr",
            "2021-10-28",
            "1+1",
            "0x-1",
            "+-1",
            "12 3",
            "一",
            "a",
            "face",
            "inf",
            "nan",
        ] {
            assert!(surely_text(s), "{s}");
        }
    }

    /// Checks the fast path against the parser on one front matter: it declines, or it gives
    /// exactly the parser's values and the same `Meta` and problems. Returns whether it accepted.
    fn agrees(yaml: &str) -> bool {
        let Some(fast) = parse(yaml) else {
            return false;
        };
        let map = match crate::yaml::value(yaml) {
            Ok(Value::Mapping(m)) => m,
            other => panic!("fast path accepted what the parser reads as {other:?}:\n{yaml}"),
        };
        for (key, got) in [
            ("title", &fast.title),
            ("author", &fast.author),
            ("date", &fast.date),
            ("categories", &fast.categories),
        ] {
            assert_eq!(got.as_ref(), map.get(key), "`{key}` in\n{yaml}");
        }
        let (mut p_fast, mut p_full) = (Vec::new(), Vec::new());
        let meta = super::super::read(yaml, 2, &mut p_fast);
        assert_eq!(
            meta,
            super::super::read_full(yaml, 2, &mut p_full),
            "{yaml}"
        );
        assert_eq!(p_fast, p_full, "{yaml}");
        true
    }

    /// Front matters of the article files under `dir` (recursively).
    fn front_matters(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                front_matters(&path, out);
            } else if let Ok(bytes) = std::fs::read(&path) {
                let text = String::from_utf8_lossy(&bytes);
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                if let Some(yaml) = super::super::split(text, &mut Vec::new()).yaml {
                    out.push((path.display().to_string(), yaml.to_string()));
                }
            }
        }
    }

    /// The seeds and fixtures in the repository, and the real corpus when it is there (it is not
    /// in a fresh clone): every front matter is accepted and agrees with the parser.
    #[test]
    fn agrees_with_the_parser_on_real_front_matter() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = Vec::new();
        front_matters(&root.join("tests/fixtures/corpus"), &mut found);
        front_matters(&root.join("tests/fixtures/cache/corpus"), &mut found);
        front_matters(&root.join("data"), &mut found);
        let in_repo = found.len();
        assert!(in_repo >= 2, "the seed fixtures are in the repository");
        front_matters(std::path::Path::new("/work/shared/corpus/real"), &mut found);
        front_matters(std::path::Path::new("/work/shared/seeds"), &mut found);
        for (path, yaml) in &found {
            assert!(agrees(yaml), "fast path declined {path}:\n{yaml}");
        }
    }

    /// Pieces of front matter values: text, the characters that matter to YAML, dates.
    fn scalar_text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9 ]{0,8}",
            "[a-z0-9 :#'\",\\[\\]{}~&*!|>%@`?.+\\-\\\\新媒体资讯]{0,10}",
            "[0-9]{1,4}[-/.年][0-9]{1,2}[-/.月][0-9]{1,2}日?( [0-9]{2}:[0-9]{2}(:[0-9]{2})?)?",
            "(Mon|Tue|Wed), [0-9]{2} (Jan|Feb|Mar) 20[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT",
            "[0-9.eExob+\\-_]{1,6}",
            "(true|false|null|~|True|NULL|yes|no|\\.inf|\\.nan)",
            "[\u{3000}\u{a0}\t\r\u{2028}\u{feff}\u{85}\u{1b}a-c 😀]{1,4}",
        ]
    }

    /// A value as it might be written after `key:`.
    fn written_value() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => scalar_text(),
            2 => scalar_text().prop_map(|s| format!("'{}'", s.replace('\'', "''"))),
            1 => scalar_text().prop_map(|s| format!("'{s}'")),
            2 => scalar_text().prop_map(|s| format!("\"{s}\"")),
            2 => prop::collection::vec(scalar_text(), 0..4)
                .prop_map(|items| format!("[{}]", items.join(", "))),
            2 => (
                prop::collection::vec(("[ ]{0,3}", "-[ ]{0,2}", scalar_text()), 1..4),
                "[ ]{0,2}"
            )
                .prop_map(|(items, tail)| {
                    let lines: Vec<String> =
                        items.into_iter().map(|(i, d, s)| format!("\n{i}{d}{s}")).collect();
                    format!("{tail}{}", lines.concat())
                }),
            1 => Just(String::new()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Front-matter-like YAML: the fast path declines or agrees with the parser.
        #[test]
        fn agrees_with_the_parser_on_generated_yaml(
            lines in prop::collection::vec(
                (
                    prop_oneof![
                        8 => "(title|author|date|categories|comments|headimg|x-y)",
                        1 => "(#c| title|- a|n|1|'q'|-x|\\.\\.\\.)",
                    ],
                    prop_oneof![8 => Just(": ".to_string()), 1 => "(:|:  | : |:\t)"],
                    written_value(),
                    prop_oneof![6 => Just(String::new()), 1 => "( {1,2}| #c|\r|\n  more|\n- x)"],
                ),
                1..5,
            )
        ) {
            let yaml: String = lines
                .iter()
                .map(|(k, colon, v, tail)| format!("{k}{colon}{v}{tail}\n"))
                .collect();
            agrees(&yaml);
        }

        /// The byte check says what the character check says.
        #[test]
        fn plain_line_is_plain_chars(s in "\\PC{0,20}|[a\t\u{7f}\u{80}\u{85}\u{9f}\u{a0}\u{2027}\u{2028}\u{2029}\u{202a}\u{feff}\u{fefe}\u{fffe}\u{ffff}\u{fffd}，]{0,8}") {
            prop_assert_eq!(plain_line(&s), s.chars().all(plain_char));
        }

        /// The common shape with any title is accepted whenever the title quotes cleanly.
        #[test]
        fn accepts_quoted_titles(title in "\\PC{0,40}") {
            let yaml = format!(
                "title: '{}'\ncategories: \n - 新媒体\n - 36kr\nauthor: 36kr\ndate: 2021-10-28\n",
                title.replace('\'', "''")
            );
            let accepted = agrees(&yaml);
            let plain = title.chars().all(plain_char);
            prop_assert_eq!(accepted, plain, "{}", yaml);
        }
    }
}
