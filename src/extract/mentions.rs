//! Platform, company and feature names, as the scanner's automaton looks for them.
//!
//! Leftmost-longest over every name and alias, so `抖音极速版` is not read as `抖音` and `网易云音乐`
//! not as the company `网易`. ASCII letters match case-insensitively; a name that begins or ends with
//! an ASCII letter or digit only matches at a word boundary there (`QQ` is not inside `QQQ`,
//! `Soul` not inside `Soulmate`). When one string names two things, a platform wins over a feature
//! and a feature over a company (the company is reachable from the platform anyway).

use crate::knowledge::Knowledge;
use std::collections::HashMap;

/// What a mention names: an index into the knowledge base's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Platform(usize),
    Company(usize),
    Feature(usize),
}

/// One name found in a text, as a byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub target: Target,
}

/// Every platform, company and feature name of a knowledge base, and the shadow words, in the
/// order the scanner's automaton numbers them.
#[derive(Debug, Clone)]
pub struct Names {
    /// The words to look for: names and aliases first, then [`SHADOWS`].
    pub words: Vec<String>,
    /// Per name: what it names, and whether its first/last character is ASCII alphanumeric.
    /// Words past its end are [`SHADOWS`].
    patterns: Vec<(Target, bool, bool)>,
}

/// Ordinary words that contain a feature or platform name.
const SHADOWS: &[&str] = &[
    "隐私信息",
    "私信息",
    "红包雨",
    "一起看看",
    "连线记者",
    // Cash back for a purchase (`扫码返红包`), not a red packet sent to friends.
    "返红包",
];

fn ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

impl Names {
    pub fn new(knowledge: &Knowledge) -> Self {
        // One entry per distinct lower-cased name; the first claim (platforms first) wins.
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut words: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        let mut add = |name: &str, target: Target| {
            let name = name.trim();
            if name.is_empty() {
                return;
            }
            let key = name.to_ascii_lowercase();
            if seen.contains_key(&key) {
                return;
            }
            seen.insert(key, words.len());
            let first = name.chars().next().is_some_and(ascii_word);
            let last = name.chars().next_back().is_some_and(ascii_word);
            words.push(name.to_string());
            patterns.push((target, first, last));
        };
        for (i, p) in knowledge.platforms.iter().enumerate() {
            add(&p.name, Target::Platform(i));
            for a in &p.aliases {
                add(a, Target::Platform(i));
            }
        }
        for (i, f) in knowledge.features.iter().enumerate() {
            add(&f.name, Target::Feature(i));
            for a in &f.aliases {
                add(a, Target::Feature(i));
            }
        }
        for (i, c) in knowledge.companies.iter().enumerate() {
            add(&c.name, Target::Company(i));
            for a in &c.aliases {
                add(a, Target::Company(i));
            }
        }
        // Words that contain a trigger without meaning it (`隐私信息` is no 私信): matched so the
        // shorter trigger inside them is not, then dropped.
        for w in SHADOWS {
            words.push((*w).to_string());
        }
        Self { words, patterns }
    }

    /// The mention that word `k`, matched leftmost-longest at `start..end` of `text`, makes: none
    /// for a shadow word, or for an ASCII name glued to more ASCII letters or digits.
    pub fn mention(&self, text: &str, k: usize, start: usize, end: usize) -> Option<Mention> {
        let &(target, first, last) = self.patterns.get(k)?;
        // A character is an ASCII letter or digit exactly when its one byte is: the bytes
        // around a name are looked at, not decoded.
        let bytes = text.as_bytes();
        if first && start > 0 && bytes.get(start - 1).is_some_and(u8::is_ascii_alphanumeric) {
            return None;
        }
        if last && bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
            return None;
        }
        Some(Mention { start, end, target })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::scan::Scanner;
    use crate::extract::testkit::knowledge;

    fn find(text: &str) -> Vec<Mention> {
        Scanner::new(&knowledge())
            .scan(text)
            .get(0)
            .mentions
            .to_vec()
    }

    fn names(text: &str) -> Vec<&str> {
        find(text)
            .into_iter()
            .map(|m| &text[m.start..m.end])
            .collect()
    }

    #[test]
    fn longest_name_wins() {
        assert_eq!(names("如抖音极速版，抖音"), vec!["抖音极速版", "抖音"]);
        assert_eq!(names("网易云音乐在网易"), vec!["网易云音乐", "网易"]);
    }

    #[test]
    fn ascii_names_need_word_boundaries() {
        assert_eq!(
            names("QQ和qq，QQQ，Soulmate，soul"),
            vec!["QQ", "qq", "soul"]
        );
    }

    #[test]
    fn quoted_product_names_count() {
        let m = find("上线了“拼小圈”和饭小圈");
        assert_eq!(m.len(), 2);
        assert!(m.iter().all(|m| matches!(m.target, Target::Feature(_))));
    }

    #[test]
    fn shadow_words_hide_the_trigger_inside() {
        assert!(names("用户隐私信息").is_empty());
        assert_eq!(names("发私信"), vec!["发私信"]);
    }

    #[test]
    fn companies_are_found() {
        let m = find("字节跳动测试派对岛");
        assert!(matches!(m[0].target, Target::Company(_)));
        assert!(matches!(m[1].target, Target::Platform(_)));
    }
}
