//! Finding platform, company and feature names in text with one Aho–Corasick automaton.
//!
//! Leftmost-longest over every name and alias, so `抖音极速版` is not read as `抖音` and `网易云音乐`
//! not as the company `网易`. ASCII letters match case-insensitively; a name that begins or ends with
//! an ASCII letter or digit only matches at a word boundary there (`QQ` is not inside `QQQ`,
//! `Soul` not inside `Soulmate`). When one string names two things, a platform wins over a feature
//! and a feature over a company (the company is reachable from the platform anyway).

use crate::knowledge::Knowledge;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
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

/// The compiled name matcher of a knowledge base.
#[derive(Debug, Clone)]
pub struct Matcher {
    ac: Option<AhoCorasick>,
    /// Per pattern: what it names, and whether its first/last character is ASCII alphanumeric.
    /// Patterns past its end are [`SHADOWS`].
    patterns: Vec<(Target, bool, bool)>,
}

/// Ordinary words that contain a feature or platform name.
const SHADOWS: &[&str] = &["隐私信息", "私信息", "红包雨", "一起看看", "连线记者"];

fn ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

impl Matcher {
    pub fn new(knowledge: &Knowledge) -> Self {
        // One entry per distinct lower-cased name; the first claim (platforms first) wins.
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut names: Vec<String> = Vec::new();
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
            seen.insert(key, names.len());
            let first = name.chars().next().is_some_and(ascii_word);
            let last = name.chars().next_back().is_some_and(ascii_word);
            names.push(name.to_string());
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
            names.push((*w).to_string());
        }
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&names)
            .ok();
        Self { ac, patterns }
    }

    /// Every mention in `text`, in order, not overlapping.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for m in ac.find_iter(text) {
            let Some(&(target, first, last)) = self.patterns.get(m.pattern().as_usize()) else {
                continue;
            };
            if first
                && text[..m.start()]
                    .chars()
                    .next_back()
                    .is_some_and(ascii_word)
            {
                continue;
            }
            if last && text[m.end()..].chars().next().is_some_and(ascii_word) {
                continue;
            }
            out.push(Mention {
                start: m.start(),
                end: m.end(),
                target,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testkit::knowledge;

    fn names(text: &str) -> Vec<&str> {
        let k = knowledge();
        Matcher::new(&k)
            .find(text)
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
        let k = knowledge();
        let m = Matcher::new(&k).find("上线了“拼小圈”和饭小圈");
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
        let k = knowledge();
        let m = Matcher::new(&k).find("字节跳动测试派对岛");
        assert!(matches!(m[0].target, Target::Company(_)));
        assert!(matches!(m[1].target, Target::Platform(_)));
    }
}
