//! Search keys: the folded forms a query is compared with, and pinyin derived from Chinese names.
//!
//! Pinyin is derived here, never typed into the data files: `抖音` gives `douyin` and `dy`.

use pinyin::ToPinyin;

/// Folds a string for matching: lowercase, one char for one char, so a char index in the folded
/// key is the same index in the original (needed to highlight the label).
pub(crate) fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// A query folded for matching; white space is dropped, so `dou yin` finds `douyin` and
/// `soulapp` still finds `Soul App` (a fuzzy match skips the key's space).
pub(crate) fn fold_query(q: &str) -> String {
    q.chars()
        .filter(|c| !c.is_whitespace())
        .map(fold_char)
        .collect()
}

/// Full pinyin without tones and initials of a name, or `None` when it has no Chinese character.
///
/// ASCII letters and digits are kept whole in both (`QQ空间` → `qqkongjian`, `qqkj`): people type
/// the Latin part as it is written. Other characters (`·`, spaces) are dropped.
pub(crate) fn pinyin(name: &str) -> Option<(String, String)> {
    let mut full = String::new();
    let mut initials = String::new();
    let mut han = false;
    for (c, p) in name.chars().zip(name.to_pinyin()) {
        match p {
            Some(p) => {
                han = true;
                full.push_str(p.plain());
                initials.push_str(p.first_letter());
            }
            None if c.is_ascii_alphanumeric() => {
                let c = c.to_ascii_lowercase();
                full.push(c);
                initials.push(c);
            }
            None => {}
        }
    }
    han.then_some((full, initials))
}

/// True when the query's chars appear in the key in order: the cheap test that spares the
/// fuzzy matcher most keys on every keystroke.
pub(crate) fn is_subsequence(key: &[char], query: &[char]) -> bool {
    let mut q = query.iter().peekable();
    for c in key {
        match q.peek() {
            Some(&&want) if want == *c => {
                q.next();
            }
            Some(_) => {}
            None => return true,
        }
    }
    q.peek().is_none()
}

/// The set of chars in a string, each hashed to one of 64 bits.
pub(crate) fn char_mask(s: &str) -> u64 {
    s.chars().fold(0, |m, c| m | 1 << (u32::from(c) % 64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_of_names() {
        let p = |s: &str| pinyin(s).map(|(a, b)| format!("{a} {b}"));
        assert_eq!(p("抖音").as_deref(), Some("douyin dy"));
        assert_eq!(p("QQ空间").as_deref(), Some("qqkongjian qqkj"));
        assert_eq!(p("Q次元").as_deref(), Some("qciyuan qcy"));
        assert_eq!(p("网易CC").as_deref(), Some("wangyicc wycc"));
        assert_eq!(p("TikTok"), None);
    }

    #[test]
    fn folding_keeps_char_positions() {
        assert_eq!(fold("QQ空间"), "qq空间");
        assert_eq!(fold("İx").chars().count(), 2);
        assert_eq!(fold_query(" Dou yin "), "douyin");
    }

    #[test]
    fn masks_hold_every_char() {
        let key = char_mask("douyin");
        assert_eq!(key & char_mask("dy"), char_mask("dy"));
        assert_ne!(key & char_mask("x"), char_mask("x"));
    }

    #[test]
    fn subsequences() {
        let key: Vec<char> = "douyin".chars().collect();
        assert!(is_subsequence(&key, &['d', 'y']));
        assert!(is_subsequence(&key, &[]));
        assert!(!is_subsequence(&key, &['y', 'd']));
    }
}
