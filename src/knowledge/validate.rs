//! The rules a knowledge base must satisfy, each reported with file, line and entry.
//!
//! Every rule guards the extractor: it finds platforms and features by matching their names and
//! aliases in running Chinese text, so an ambiguous or over-short word would produce wrong events
//! silently. Better to refuse the data with a message that says where to fix it.

use super::lines;
use super::{Company, Feature, KnowledgeError, Platform, YamlSource};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// Aliases shorter than this match inside unrelated words (`抖` is in `抖动`); the fuzzy finder
/// still finds 抖音 from `抖`, so nothing is lost by refusing them.
pub const MIN_ALIAS_CHARS: usize = 2;

/// The form names are compared in: NFC, trimmed, lowercase (`qq` and `QQ` are one name; the
/// extractor matches ASCII case-insensitively).
pub fn name_key(s: &str) -> String {
    s.trim().nfc().collect::<String>().to_lowercase()
}

/// Trims and NFC-normalises a name as loaded, so comparisons and matching see one form.
pub(crate) fn tidy(s: &mut String) {
    let t: String = s.trim().nfc().collect();
    *s = t;
}

fn is_ascii_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Where inside an entry an error points.
#[derive(Clone, Copy)]
enum At<'a> {
    /// The entry's `id:` line.
    Entry,
    /// The line of a key (`name`, `parent`, …).
    Key(&'a str),
    /// The line of an alias in the `aliases` list.
    Alias(&'a str),
}

/// Builds errors for the entries of one file, knowing where each entry starts.
struct Locator<'a> {
    src: YamlSource<'a>,
    starts: Vec<Option<usize>>,
    /// Entry start lines in text order, to bound the search for a line inside an entry.
    sorted: Vec<usize>,
}

impl<'a> Locator<'a> {
    fn new<'b>(src: YamlSource<'a>, ids: impl ExactSizeIterator<Item = &'b str>) -> Self {
        let starts = lines::entry_lines(src.text, ids);
        let mut sorted: Vec<usize> = starts.iter().flatten().copied().collect();
        sorted.sort_unstable();
        Self {
            src,
            starts,
            sorted,
        }
    }

    fn line(&self, i: usize) -> Option<usize> {
        self.starts.get(i).copied().flatten()
    }

    /// An error about entry `i`, at the line `at` points to inside the entry.
    fn err(&self, i: usize, id: &str, at: At<'_>, message: String) -> KnowledgeError {
        let line = self.line(i).map(|start| {
            let end = self.sorted.iter().copied().find(|&l| l > start);
            let text = self.src.text;
            let key = |k| lines::key_line(text, start, end, k);
            match at {
                At::Entry => start,
                At::Key(k) => key(k).unwrap_or(start),
                At::Alias(a) => {
                    let from = key("aliases").unwrap_or(start + 1);
                    lines::needle_line(text, from, end, a)
                        .or(key("aliases"))
                        .unwrap_or(start)
                }
            }
        });
        KnowledgeError {
            file: self.src.name.to_string(),
            line,
            entry: (!id.is_empty()).then(|| id.to_string()),
            message,
        }
    }

    /// ` (line N)` for entry `i`, when its line is known.
    fn at(&self, i: usize) -> String {
        self.line(i)
            .map_or_else(String::new, |l| format!(" (line {l})"))
    }
}

/// Rules shared by all three lists: id shape, duplicate ids, empty names, alias length and
/// repetition inside one entry.
fn common<'e>(
    loc: &Locator<'_>,
    what: &str,
    entries: impl Iterator<Item = (&'e str, &'e str, &'e [String])>,
    out: &mut Vec<KnowledgeError>,
) {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (i, (id, name, aliases)) in entries.enumerate() {
        if !is_ascii_id(id) {
            out.push(loc.err(
                i,
                id,
                At::Entry,
                format!("id `{id}` must be ASCII lowercase letters, digits and `_`"),
            ));
        }
        if let Some(&first) = ids.get(id) {
            out.push(loc.err(
                i,
                id,
                At::Entry,
                match loc.line(first) {
                    Some(l) => format!("duplicate {what} id `{id}` (first at line {l})"),
                    None => format!("duplicate {what} id `{id}`"),
                },
            ));
        } else {
            ids.insert(id, i);
        }
        if name.is_empty() {
            out.push(loc.err(i, id, At::Key("name"), "empty name".to_string()));
        }
        let mut seen = vec![name_key(name)];
        for alias in aliases {
            let n = alias.chars().count();
            if n == 0 {
                out.push(loc.err(i, id, At::Key("aliases"), "empty alias".to_string()));
                continue;
            }
            if n < MIN_ALIAS_CHARS {
                out.push(loc.err(
                    i,
                    id,
                    At::Alias(alias),
                    format!(
                        "alias `{alias}` is shorter than {MIN_ALIAS_CHARS} characters \
                         (it would match inside unrelated words)"
                    ),
                ));
            }
            let key = name_key(alias);
            if seen[0] == key {
                out.push(loc.err(
                    i,
                    id,
                    At::Alias(alias),
                    format!("alias `{alias}` repeats the name"),
                ));
            } else if seen.contains(&key) {
                out.push(loc.err(
                    i,
                    id,
                    At::Alias(alias),
                    format!("alias `{alias}` is listed twice"),
                ));
            }
            seen.push(key);
        }
    }
}

/// Names and aliases that must point at one entry only: the first owner of each word.
fn shared_words<'e>(
    loc: &Locator<'_>,
    what: &str,
    entries: impl Iterator<Item = (&'e str, &'e str, &'e [String])>,
    out: &mut Vec<KnowledgeError>,
) -> HashMap<String, usize> {
    let mut owner: HashMap<String, (usize, &str)> = HashMap::new();
    for (i, (id, name, aliases)) in entries.enumerate() {
        for (w, word) in std::iter::once(name)
            .chain(aliases.iter().map(String::as_str))
            .enumerate()
        {
            let at = if w == 0 {
                At::Key("name")
            } else {
                At::Alias(word)
            };
            let key = name_key(word);
            if key.is_empty() {
                continue;
            }
            match owner.get(&key) {
                Some(&(j, other)) if j != i => out.push(loc.err(
                    i,
                    id,
                    at,
                    format!(
                        "`{word}` already names {what} `{other}`{}; \
                         a name or alias must point at one {what}",
                        loc.at(j)
                    ),
                )),
                Some(_) => {}
                None => {
                    owner.insert(key, (i, id));
                }
            }
        }
    }
    owner.into_iter().map(|(k, (i, _))| (k, i)).collect()
}

fn words(p: &Platform) -> (&str, &str, &[String]) {
    (&p.id, &p.name, &p.aliases)
}

fn cw(c: &Company) -> (&str, &str, &[String]) {
    (&c.id, &c.name, &c.aliases)
}

fn fw(f: &Feature) -> (&str, &str, &[String]) {
    (&f.id, &f.name, &f.aliases)
}

/// Checks everything; returns every problem found, in file order per file.
pub(crate) fn validate(
    platforms: &[Platform],
    companies: Option<&[Company]>,
    features: &[Feature],
    srcs: [YamlSource<'_>; 3],
) -> Vec<KnowledgeError> {
    let [psrc, csrc, fsrc] = srcs;
    let mut out = Vec::new();

    let ploc = Locator::new(psrc, platforms.iter().map(|p| p.id.as_str()));
    common(&ploc, "platform", platforms.iter().map(words), &mut out);
    let platform_words = shared_words(&ploc, "platform", platforms.iter().map(words), &mut out);

    for (i, p) in platforms.iter().enumerate() {
        if let Some(kind) = &p.kind
            && !is_ascii_id(kind)
        {
            out.push(ploc.err(
                i,
                &p.id,
                At::Key("kind"),
                format!("kind `{kind}` must be ASCII lowercase letters, digits and `_`"),
            ));
        }
        if let Some(parent) = &p.parent {
            if *parent == p.id {
                out.push(ploc.err(
                    i,
                    &p.id,
                    At::Key("parent"),
                    "parent is the platform itself".to_string(),
                ));
            } else if !platforms.iter().any(|q| q.id == *parent) {
                out.push(ploc.err(
                    i,
                    &p.id,
                    At::Key("parent"),
                    format!("parent `{parent}` is not a platform id"),
                ));
            } else if let Some(chain) = parent_loop(platforms, i) {
                out.push(ploc.err(
                    i,
                    &p.id,
                    At::Key("parent"),
                    format!("parents form a loop: {chain}"),
                ));
            }
        }
        if let (Some(company), Some(list)) = (&p.company, companies) {
            if company.is_empty() {
                out.push(ploc.err(i, &p.id, At::Key("company"), "empty company".to_string()));
            } else if !list.iter().any(|c| c.name == *company) {
                let hint = list
                    .iter()
                    .find(|c| c.aliases.iter().any(|a| name_key(a) == name_key(company)))
                    .map_or_else(
                        || format!("; add it to {} or fix the name", csrc.name),
                        |c| format!("; it is an alias: write the company's name `{}`", c.name),
                    );
                out.push(ploc.err(
                    i,
                    &p.id,
                    At::Key("company"),
                    format!("company `{company}` is not a company name{hint}"),
                ));
            }
        }
    }

    if let Some(list) = companies {
        let cloc = Locator::new(csrc, list.iter().map(|c| c.id.as_str()));
        common(&cloc, "company", list.iter().map(cw), &mut out);
        shared_words(&cloc, "company", list.iter().map(cw), &mut out);
        // A company word may equal a platform word only when that platform is the company's own
        // (company 美团 and platform 美团): the extractor then reads the word as the platform.
        for (i, c) in list.iter().enumerate() {
            for (w, word) in std::iter::once(&c.name).chain(&c.aliases).enumerate() {
                let at = if w == 0 {
                    At::Key("name")
                } else {
                    At::Alias(word)
                };
                let Some(&p) = platform_words.get(&name_key(word)) else {
                    continue;
                };
                let plat = &platforms[p];
                if plat.company.as_deref() != Some(c.name.as_str()) {
                    out.push(cloc.err(
                        i,
                        &c.id,
                        at,
                        format!(
                            "`{word}` is also a name of platform `{}` ({}), which is not this \
                             company's; a word must point at one company or its own platform",
                            plat.id, psrc.name
                        ),
                    ));
                }
            }
        }
    }

    let floc = Locator::new(fsrc, features.iter().map(|f| f.id.as_str()));
    common(&floc, "feature", features.iter().map(fw), &mut out);
    shared_words(&floc, "feature", features.iter().map(fw), &mut out);
    out
}

/// The loop `a → b → a` when following parents from platform `i` comes back to it.
fn parent_loop(platforms: &[Platform], i: usize) -> Option<String> {
    let mut chain = vec![platforms[i].id.as_str()];
    let mut cur = i;
    for _ in 0..platforms.len() {
        let parent = platforms[cur].parent.as_deref()?;
        chain.push(parent);
        if parent == platforms[i].id {
            return Some(chain.join(" → "));
        }
        cur = platforms.iter().position(|q| q.id == parent)?;
    }
    None
}
