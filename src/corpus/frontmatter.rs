//! YAML front matter: finding it, and reading the few fields socialscope uses one by one, so that
//! one bad field costs that field and not the article.

mod fast;

use super::published::{self, DateError};
use crate::text;
use crate::yaml::{self, Value};
use chrono::NaiveDate;
use std::borrow::Cow;

/// A text cut into its front matter and its body.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// The YAML between the `---` lines, when they are both there.
    pub yaml: Option<&'a str>,
    /// The 1-based line of the file where the YAML starts (for error lines).
    pub yaml_line: usize,
    /// The rest: the body.
    pub body: &'a str,
}

/// Lines with their byte offsets, the line text without its `\r\n` / `\n`.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str, usize)> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let (line, next) = match text[start..].find('\n') {
            Some(i) => (&text[start..start + i], start + i + 1),
            None => (&text[start..], text.len()),
        };
        let item = (start, line.strip_suffix('\r').unwrap_or(line), next);
        start = next;
        Some(item)
    })
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Finds front matter: a first non-blank line `---` and the next `---` line (blank lines before the
/// first fence are allowed: the RSS exports start with one). An unclosed front matter gives a
/// problem and the text after the opening fence as body.
pub(crate) fn split<'a>(text: &'a str, problems: &mut Vec<String>) -> Split<'a> {
    let mut it = lines(text).enumerate();
    let opening = it
        .by_ref()
        .find(|(_, (_, line, _))| !line.trim().is_empty());
    let Some((open_idx, (_, line, after_open))) = opening else {
        return Split {
            yaml: None,
            yaml_line: 1,
            body: text,
        };
    };
    if !is_fence(line) {
        return Split {
            yaml: None,
            yaml_line: 1,
            body: text,
        };
    }
    for (_, (start, line, next)) in it {
        if is_fence(line) {
            return Split {
                yaml: Some(&text[after_open..start]),
                yaml_line: open_idx + 2,
                body: &text[next..],
            };
        }
    }
    problems.push(format!(
        "front matter not closed: no `---` line after the one on line {}",
        open_idx + 1
    ));
    Split {
        yaml: None,
        yaml_line: open_idx + 2,
        body: &text[after_open..],
    }
}

/// The front matter fields socialscope reads, already cleaned for display.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Meta {
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub author: Option<String>,
    pub categories: Vec<String>,
}

/// Longest piece of user text quoted in a diagnostic.
const QUOTE_CHARS: usize = 40;

/// A field value quoted in a diagnostic: cleaned and cut short.
fn quote(s: &str) -> String {
    let s = text::clean(s);
    text::truncate_chars(&s, QUOTE_CHARS).unwrap_or(s)
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// A scalar as text (numbers and booleans converted: `title: 12345` is a title); `Err` names the
/// type for anything else. `Ok(None)` for an empty value. Text is borrowed: every caller cleans
/// it into a new string anyway.
fn scalar(v: &Value) -> Result<Option<Cow<'_, str>>, &'static str> {
    match v {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(Cow::Owned(b.to_string()))),
        Value::Number(n) => Ok(Some(Cow::Owned(n.to_string()))),
        Value::String(s) => Ok(Some(Cow::Borrowed(s))),
        Value::Tagged(t) => scalar(&t.value),
        other => Err(type_name(other)),
    }
}

/// A cleaned, non-empty text field; a wrong type adds a problem.
fn text_field(v: Option<&Value>, key: &str, problems: &mut Vec<String>) -> Option<String> {
    match scalar(v?) {
        Ok(s) => s.map(|s| text::clean(&s)).filter(|s| !s.is_empty()),
        Err(found) => {
            problems.push(format!(
                "front matter: `{key}` is {found}, not text; ignored"
            ));
            None
        }
    }
}

/// Whether the text holds a control character other than tab and line breaks. A byte scan first:
/// such characters are ASCII controls, DEL or start with the byte 0xC2 (U+0080–U+009F).
fn has_controls(text: &str) -> bool {
    let suspect =
        |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f || b == 0xc2;
    text.bytes().any(suspect)
        && text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// Reads `title`, `date`, `author` and `categories`, each on its own: through the fast path for
/// simple front matter, else through the YAML parser (both give the same fields).
pub(crate) fn read(yaml_text: &str, yaml_line: usize, problems: &mut Vec<String>) -> Meta {
    // YAML refuses control characters outright; they would be stripped from every field anyway,
    // so strip them first rather than lose the whole front matter to one stray ESC.
    let yaml_text = if has_controls(yaml_text) {
        Cow::Owned(
            yaml_text
                .chars()
                .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
                .collect(),
        )
    } else {
        Cow::Borrowed(yaml_text)
    };
    match fast::parse(&yaml_text) {
        Some(f) => meta(
            f.title.as_ref(),
            f.author.as_ref(),
            f.date.as_ref(),
            f.categories.as_ref(),
            problems,
        ),
        None => read_full(&yaml_text, yaml_line, problems),
    }
}

/// [`read`] through the YAML parser (control characters already removed).
fn read_full(yaml_text: &str, yaml_line: usize, problems: &mut Vec<String>) -> Meta {
    let map = match yaml::value(yaml_text) {
        Ok(Value::Mapping(m)) => m,
        Ok(Value::Null) => return Meta::default(),
        Ok(other) => {
            problems.push(format!(
                "front matter is {}, not `key: value` lines; ignored",
                type_name(&other)
            ));
            return Meta::default();
        }
        Err(e) => {
            let msg = text::clean(&e.message);
            problems.push(match e.line {
                Some(l) => format!(
                    "front matter is not valid YAML (line {}: {msg}); ignored",
                    yaml_line + l - 1
                ),
                None => format!("front matter is not valid YAML ({msg}); ignored"),
            });
            return Meta::default();
        }
    };
    meta(
        map.get("title"),
        map.get("author"),
        map.get("date"),
        map.get("categories"),
        problems,
    )
}

/// The fields from their YAML values, each on its own; problems in the order title, author,
/// date, categories.
fn meta(
    title: Option<&Value>,
    author: Option<&Value>,
    date: Option<&Value>,
    categories_value: Option<&Value>,
    problems: &mut Vec<String>,
) -> Meta {
    let title = text_field(title, "title", problems);
    let author = text_field(author, "author", problems);
    let date = match date.map(scalar) {
        None | Some(Ok(None)) => None,
        Some(Ok(Some(s))) => match published::parse(&s) {
            Ok(d) => Some(d),
            Err(DateError::Impossible) => {
                problems.push(format!("front matter: impossible date `{}`", quote(&s)));
                None
            }
            Err(DateError::Unrecognised) => {
                problems.push(format!(
                    "front matter: unrecognised date `{}` (expected e.g. 2021-10-28)",
                    quote(&s)
                ));
                None
            }
        },
        Some(Err(found)) => {
            problems.push(format!(
                "front matter: `date` is {found}, not a date; ignored"
            ));
            None
        }
    };
    let categories = categories(categories_value, problems);
    Meta {
        title,
        date,
        author,
        categories,
    }
}

/// `categories` as a list of texts; a single text counts as a one-entry list.
fn categories(v: Option<&Value>, problems: &mut Vec<String>) -> Vec<String> {
    let items: Vec<&Value> = match v {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Sequence(seq)) => seq.iter().collect(),
        Some(Value::Tagged(t)) => return categories(Some(&t.value), problems),
        Some(Value::Mapping(_)) => {
            problems.push("front matter: `categories` is a mapping, not a list; ignored".into());
            return Vec::new();
        }
        Some(other) => vec![other],
    };
    let mut out = Vec::with_capacity(items.len());
    let mut bad = 0;
    for item in items {
        match scalar(item) {
            Ok(Some(s)) => {
                let s = text::clean(&s);
                if !s.is_empty() {
                    out.push(s);
                }
            }
            Ok(None) => {}
            Err(_) => bad += 1,
        }
    }
    if bad > 0 {
        problems.push(format!(
            "front matter: {bad} `categories` entr{} not text; ignored",
            if bad == 1 { "y is" } else { "ies are" }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_front_matter_after_blank_lines_and_crlf() {
        let mut p = Vec::new();
        let s = split("\r\n\n---\r\ntitle: a\r\n---\r\nbody", &mut p);
        assert_eq!(s.yaml, Some("title: a\r\n"));
        assert_eq!(s.yaml_line, 4);
        assert_eq!(s.body, "body");
        assert!(p.is_empty());
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let mut p = Vec::new();
        let s = split("# Title\n\ntext", &mut p);
        assert_eq!(s.yaml, None);
        assert_eq!(s.body, "# Title\n\ntext");
        assert!(p.is_empty());
    }

    #[test]
    fn unclosed_front_matter_is_a_problem() {
        let mut p = Vec::new();
        let s = split("---\ntitle: a\nbody", &mut p);
        assert_eq!(s.yaml, None);
        assert_eq!(s.body, "title: a\nbody");
        assert_eq!(p.len(), 1);
        assert!(p[0].contains("not closed"), "{p:?}");
    }

    #[test]
    fn reads_fields_leniently() {
        let mut p = Vec::new();
        let m = read(
            "title: 12345\ndate: [2021, 1]\nauthor: ' 卡思\u{1b}数据 '\ncategories: [新媒体, 36kr, {a: b}]\n",
            2,
            &mut p,
        );
        assert_eq!(m.title.as_deref(), Some("12345"));
        assert_eq!(m.date, None);
        assert_eq!(m.author.as_deref(), Some("卡思数据"));
        assert_eq!(m.categories, ["新媒体", "36kr"]);
        assert_eq!(p.len(), 2, "{p:?}");
    }

    #[test]
    fn yaml_errors_name_the_file_line() {
        let mut p = Vec::new();
        let m = read("title: a\nb: [\n", 2, &mut p);
        assert_eq!(m, Meta::default());
        assert!(
            p[0].starts_with("front matter is not valid YAML (line "),
            "{p:?}"
        );
    }
}
