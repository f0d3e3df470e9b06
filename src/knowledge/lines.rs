//! Finding where an entry sits in its YAML text, so an error can name a line.
//!
//! The typed parse loses positions, so entries are located again by scanning the text for their
//! `id:` lines. This is a heuristic over the simple list-of-maps shape the data files use; when it
//! cannot tell (ids written in flow style, say), errors simply carry no line.

/// The 1-based line of each `id:` key in the text, in order, with the id it holds.
pub(crate) fn id_lines(text: &str) -> Vec<(String, usize)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let t = line.trim_start();
            let t = t.strip_prefix("- ").map_or(t, str::trim_start);
            let rest = t.strip_prefix("id:")?;
            Some((scalar(rest), i + 1))
        })
        .collect()
}

/// A plain or quoted YAML scalar as written after a key, without a trailing comment.
fn scalar(raw: &str) -> String {
    let raw = raw.trim();
    for q in ['"', '\''] {
        if let Some(inner) = raw.strip_prefix(q)
            && let Some(end) = inner.find(q)
        {
            return inner[..end].to_string();
        }
    }
    let raw = raw.find(" #").map_or(raw, |i| &raw[..i]);
    raw.trim().to_string()
}

/// Start lines of the entries of one list, matched to the parsed entries by position.
///
/// When the count of `id:` lines agrees with the count of entries the match is by position (so a
/// duplicated id gets the line of its second copy); otherwise each entry falls back to the first
/// line holding its id.
pub(crate) fn entry_lines<'a>(
    text: &str,
    ids: impl ExactSizeIterator<Item = &'a str>,
) -> Vec<Option<usize>> {
    let found = id_lines(text);
    let n = ids.len();
    if found.len() == n {
        return found.iter().map(|(_, l)| Some(*l)).collect();
    }
    ids.map(|id| found.iter().find(|(f, _)| f == id).map(|(_, l)| *l))
        .collect()
}

/// The line of `key:` inside the entry that starts at `start` (and ends before `end`).
pub(crate) fn key_line(text: &str, start: usize, end: Option<usize>, key: &str) -> Option<usize> {
    entry_body(text, start, end)
        .find(|(_, l)| {
            let t = l.trim_start();
            let t = t.strip_prefix("- ").map_or(t, str::trim_start);
            t.strip_prefix(key).is_some_and(|r| r.starts_with(':'))
        })
        .map(|(n, _)| n)
}

/// The first line at or after `from` inside the entry that contains `needle`. Points an error at
/// the alias that is wrong rather than at the entry's id.
pub(crate) fn needle_line(
    text: &str,
    from: usize,
    end: Option<usize>,
    needle: &str,
) -> Option<usize> {
    // A whole list item first (`- 群` rather than `- 粉丝群`), then any line containing it.
    let is_item = |l: &str| {
        l.split(|c: char| matches!(c, ',' | '[' | ']' | '"' | '\'') || c.is_whitespace())
            .any(|t| t == needle || t.strip_prefix('-') == Some(needle))
    };
    entry_body(text, from, end)
        .find(|(_, l)| is_item(l))
        .or_else(|| entry_body(text, from, end).find(|(_, l)| l.contains(needle)))
        .map(|(n, _)| n)
}

/// The 1-based numbered lines from `start` up to (not including) `end`.
fn entry_body(text: &str, start: usize, end: Option<usize>) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .skip(start.saturating_sub(1))
        .take_while(move |(n, _)| end.is_none_or(|e| *n < e))
}

/// The id of the entry a line belongs to: the nearest `id:` line at or above it.
pub(crate) fn entry_at(text: &str, line: usize) -> Option<String> {
    id_lines(text)
        .into_iter()
        .take_while(|(_, l)| *l <= line)
        .last()
        .map(|(id, _)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "platforms:\n  - id: douyin   # main app\n    name: 抖音\n  - id: \"duoshan\"\n    name: 多闪\n    aliases: [Duoshan]\n";

    #[test]
    fn ids_are_found_with_quotes_and_comments() {
        assert_eq!(
            id_lines(TEXT),
            vec![("douyin".to_string(), 2), ("duoshan".to_string(), 4)]
        );
    }

    #[test]
    fn a_line_belongs_to_the_entry_above_it() {
        assert_eq!(entry_at(TEXT, 6).as_deref(), Some("duoshan"));
        assert_eq!(entry_at(TEXT, 3).as_deref(), Some("douyin"));
        assert_eq!(entry_at(TEXT, 1), None);
    }

    #[test]
    fn keys_and_needles_are_found_inside_their_entry_only() {
        assert_eq!(key_line(TEXT, 4, None, "aliases"), Some(6));
        assert_eq!(key_line(TEXT, 2, Some(4), "aliases"), None);
        assert_eq!(needle_line(TEXT, 4, None, "Duoshan"), Some(6));
        assert_eq!(needle_line(TEXT, 2, Some(4), "Duoshan"), None);
    }
}
