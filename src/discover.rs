//! Discovering names the knowledge base does not know yet: quoted product names next to launch
//! verbs (`推出了独立社交APP“欢脱”`), ranked by how often the corpus mentions them, each with a
//! suggestion the user can accept into their own knowledge file ([`crate::userdata`]).
//!
//! Heuristic by design: it proposes, the user decides. It reads the model's articles and never
//! changes the model; accepting a suggestion and reloading is the shell's job.

use crate::knowledge::{Knowledge, Platform};
use crate::model::Model;
use pinyin::ToPinyin;
use std::collections::HashMap;

/// Verbs that introduce a new product or feature.
pub const LAUNCH_VERBS: &[&str] = &[
    "上线", "推出", "发布", "内测", "测试", "上架", "孵化", "灰度", "开通", "新增",
];

/// Words that mark a quoted name as a product (app) when right next to it.
const PRODUCT_WORDS: &[&str] = &[
    "独立app",
    "社交app",
    "新产品",
    "app",
    "应用",
    "软件",
    "小程序",
    "社区",
    "平台",
    "产品",
];

/// Words that mark a quoted name as a feature of an app.
const FEATURE_WORDS: &[&str] = &[
    "功能", "玩法", "板块", "tab", "入口", "模式", "频道", "按钮", "选项",
];

/// Words right before a quote that make it a phrase, not a name (`标榜“元宇宙社交”`).
const NOT_A_NAME_BEFORE: &[&str] = &[
    "所谓",
    "号称",
    "标榜",
    "打着",
    "称为",
    "堪称",
    "冠名为",
    "俗称",
    "口号",
    "slogan",
    "宣传语",
];

/// Words right after a quote that make it a concept or phrase (`“元宇宙”概念`).
const NOT_A_NAME_AFTER: &[&str] = &[
    "概念",
    "一词",
    "赛道",
    "风口",
    "现象",
    "时代",
    "热潮",
    "宿命",
    "型",
    "的宿命",
    "式",
];

/// Function words that product names almost never contain but slogans and phrases do.
const PHRASE_CHARS: &[char] = &[
    '的', '你', '我', '他', '她', '让', '是', '了', '在', '就', '都', '也', '和', '与', '吗', '呢',
];

/// Where clauses end (a launch verb must be in the same clause as the name).
const CLAUSE_ENDS: &[char] = &[
    '，', ',', '。', '！', '!', '？', '?', '；', ';', '：', ':', '\n',
];

/// Where sentences end (the subject of a clause is looked for in its sentence).
const SENTENCE_ENDS: &[char] = &['。', '！', '!', '？', '?', '\n'];

/// Longest quoted text still taken as a name; longer ones are phrases or slogans.
pub const MAX_NAME_CHARS: usize = 8;

/// One paragraph that mentions a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// Index into [`Model::articles`].
    pub article: usize,
    /// Index into the article's blocks.
    pub block: usize,
    /// Whether the name is quoted next to a launch verb here (not just mentioned).
    pub launched: bool,
}

/// What a candidate could be taught as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suggestion {
    /// A new platform, ready for [`crate::userdata::UserFile::add_platform`]: an id from the
    /// name's pinyin, the parent and company guessed from the clause's subject (`快手也陆续推出了
    /// 独立社交APP“欢脱”` → parent `kuaishou`, company 快手's).
    Platform(Platform),
    /// Another name of a feature (`“一起看视频”功能`), for
    /// [`crate::userdata::UserFile::add_alias`]. `feature` is the feature id the extractor found
    /// in the same paragraph, when it found exactly one; `None` leaves the choice to the user.
    FeatureAlias {
        feature: Option<String>,
        alias: String,
    },
}

/// A name the knowledge base does not know, with where it occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub name: String,
    /// Every paragraph mentioning the name (quoted or not), in corpus order, one entry per
    /// paragraph. At least one is `launched`.
    pub mentions: Vec<Mention>,
    pub suggestion: Suggestion,
}

impl Candidate {
    /// The paragraph to show for the name: the first that launches it, else the first mention.
    pub fn evidence(&self) -> Option<&Mention> {
        self.mentions
            .iter()
            .find(|m| m.launched)
            .or(self.mentions.first())
    }

    /// Paragraphs where the name is quoted next to a launch verb.
    pub fn launches(&self) -> usize {
        self.mentions.iter().filter(|m| m.launched).count()
    }
}

/// A quoted name found next to a launch verb.
struct Sighting {
    article: usize,
    block: usize,
    is_feature: bool,
    /// Platform (index) or company (name) the clause is about.
    subject: Option<Subject>,
    social: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Subject {
    Platform(usize),
    Company(String),
}

/// Candidates in the model's articles, most mentioned first: by paragraphs that quote the name
/// as launched, then by all paragraphs naming it, then by first appearance. Launch mentions lead
/// because a common word (`分享`, `元宇宙`) is named everywhere but launched rarely.
pub fn discover(model: &Model) -> Vec<Candidate> {
    let k = &model.knowledge;
    let known = KnownNames::new(k);
    let mut sightings: Vec<(String, Sighting)> = Vec::new();
    for (a, art) in model.articles.iter().enumerate() {
        for (b, text) in art.texts().enumerate() {
            let chars: Vec<char> = text.chars().collect();
            for (start, end) in quotes(&chars) {
                let name: String = chars[start..end].iter().collect();
                if !looks_like_name(&name) || known.knows(&name) {
                    continue;
                }
                let (cs, ce) = span_until(&chars, start, end, CLAUSE_ENDS);
                let clause: String = chars[cs..ce].iter().collect::<String>().to_lowercase();
                let before = window(
                    &chars,
                    start.saturating_sub(7).max(cs),
                    start.saturating_sub(1),
                );
                let after = window(&chars, (end + 1).min(ce), (end + 5).min(ce));
                if NOT_A_NAME_BEFORE.iter().any(|w| before.ends_with(w))
                    || NOT_A_NAME_AFTER.iter().any(|w| after.starts_with(w))
                {
                    continue;
                }
                // The name is the object of the launch (`推出了“X”`, `“X”上线`), not merely in a
                // clause that has a launch verb somewhere (`“元宇宙”相关软件著作权新增…`).
                let lead_in = window(&chars, cs, start.saturating_sub(1));
                let verb = LAUNCH_VERBS
                    .iter()
                    .any(|v| lead_in.contains(v) || after.contains(v));
                let product_before = PRODUCT_WORDS.iter().any(|w| before.ends_with(w));
                let product_near =
                    product_before || PRODUCT_WORDS.iter().any(|w| after.starts_with(w));
                if !verb && !product_before {
                    continue;
                }
                let feature_near = FEATURE_WORDS
                    .iter()
                    .any(|w| after.contains(w) || before.ends_with(w));
                let is_feature = if feature_near {
                    true
                } else if product_near {
                    false
                } else {
                    FEATURE_WORDS.iter().any(|w| clause.contains(w))
                };
                let (ss, _) = span_until(&chars, start, end, SENTENCE_ENDS);
                let subject = known
                    .last_subject(&chars[ss..start.saturating_sub(1)])
                    .or_else(|| known.last_subject(&chars[..start.saturating_sub(1)]));
                sightings.push((
                    name,
                    Sighting {
                        article: a,
                        block: b,
                        is_feature,
                        subject,
                        social: clause.contains("社交"),
                    },
                ));
            }
        }
    }
    // Group by name (ignoring case), keeping first-seen order.
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, (String, Vec<Sighting>)> = HashMap::new();
    for (name, s) in sightings {
        let key = name.to_lowercase();
        if !groups.contains_key(&key) {
            order.push(key.clone());
        }
        groups
            .entry(key)
            .or_insert_with(|| (name, Vec::new()))
            .1
            .push(s);
    }
    let mut mentions = mentions_of(model, &order, &groups);
    let mut used_ids: Vec<String> = k.platforms.iter().map(|p| p.id.clone()).collect();
    let mut out: Vec<(usize, Candidate)> = Vec::new();
    for (rank, key) in order.iter().enumerate() {
        let Some((name, sights)) = groups.remove(key) else {
            continue;
        };
        let mentions = std::mem::take(&mut mentions[rank]);
        let suggestion = suggest(model, &name, &sights, &mut used_ids);
        out.push((
            rank,
            Candidate {
                name,
                mentions,
                suggestion,
            },
        ));
    }
    out.sort_by(|(ra, a), (rb, b)| {
        b.launches()
            .cmp(&a.launches())
            .then(b.mentions.len().cmp(&a.mentions.len()))
            .then(ra.cmp(rb))
    });
    out.into_iter().map(|(_, c)| c).collect()
}

/// Every paragraph that contains the name, flagged where a sighting is.
/// One pass over the corpus for all names at once (an automaton, so a big corpus with many
/// candidates stays linear). `keys` are the lower-cased names, in `groups`.
fn mentions_of(
    model: &Model,
    keys: &[String],
    groups: &HashMap<String, (String, Vec<Sighting>)>,
) -> Vec<Vec<Mention>> {
    let mut out: Vec<Vec<Mention>> = vec![Vec::new(); keys.len()];
    let Ok(ac) = aho_corasick::AhoCorasick::new(keys) else {
        return out;
    };
    let launched = |i: usize, a: usize, b: usize| {
        groups
            .get(&keys[i])
            .is_some_and(|(_, s)| s.iter().any(|s| s.article == a && s.block == b))
    };
    for (a, art) in model.articles.iter().enumerate() {
        for (b, text) in art.texts().enumerate() {
            let text = text.to_lowercase();
            let mut hit: Vec<usize> = ac
                .find_overlapping_iter(&text)
                .map(|m| m.pattern().as_usize())
                .collect();
            hit.sort_unstable();
            hit.dedup();
            for i in hit {
                out[i].push(Mention {
                    article: a,
                    block: b,
                    launched: launched(i, a, b),
                });
            }
        }
    }
    out
}

fn suggest(
    model: &Model,
    name: &str,
    sights: &[Sighting],
    used_ids: &mut Vec<String>,
) -> Suggestion {
    let k = &model.knowledge;
    let features = sights.iter().filter(|s| s.is_feature).count();
    if features * 2 > sights.len() {
        let mut ids: Vec<&str> = sights
            .iter()
            .flat_map(|s| {
                model
                    .article_events(s.article)
                    .iter()
                    .filter(move |&&e| model.events[e].paragraph == s.block)
                    .map(|&e| model.events[e].feature.as_str())
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        return Suggestion::FeatureAlias {
            feature: (ids.len() == 1).then(|| ids[0].to_string()),
            alias: name.to_string(),
        };
    }
    // The most frequent subject across sightings, the earliest on a tie.
    let mut counts: Vec<(Subject, usize)> = Vec::new();
    for s in sights.iter().filter_map(|s| s.subject.clone()) {
        match counts.iter_mut().find(|(x, _)| *x == s) {
            Some((_, n)) => *n += 1,
            None => counts.push((s, 1)),
        }
    }
    let subject = counts
        .iter()
        .enumerate()
        .max_by(|(i, (_, a)), (j, (_, b))| a.cmp(b).then(j.cmp(i)))
        .map(|(_, (s, _))| s.clone());
    let (parent, company) = match subject {
        Some(Subject::Platform(p)) => (
            Some(k.platforms[p].id.clone()),
            k.platforms[p].company.clone(),
        ),
        Some(Subject::Company(c)) => (None, Some(c)),
        None => (None, None),
    };
    let id = unique_id(&pinyin_id(name), used_ids);
    used_ids.push(id.clone());
    Suggestion::Platform(Platform {
        id,
        name: name.to_string(),
        aliases: Vec::new(),
        company,
        parent,
        kind: sights
            .iter()
            .any(|s| s.social)
            .then(|| "social_app".to_string()),
    })
}

/// An ASCII id from a name: pinyin for Chinese characters, lower-case letters and digits kept
/// (`欢脱` → `huantuo`, `Soul派对` → `soulpaidui`).
pub fn pinyin_id(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if let Some(p) = c.to_pinyin() {
            id.push_str(p.plain());
        }
    }
    if id.is_empty() {
        id.push_str("platform");
    }
    id
}

fn unique_id(base: &str, used: &[String]) -> String {
    let mut id = base.to_string();
    let mut n = 2;
    while used.contains(&id) {
        id = format!("{base}_{n}");
        n += 1;
    }
    id
}

/// Quoted spans (character ranges of the inside) in “…”, 「…」 and "…". A new opening mark
/// before the closing one restarts the span, so `“熟人（后调整为“朋友”）` yields `朋友`.
fn quotes(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(char, usize)> = None;
    for (i, &c) in chars.iter().enumerate() {
        match (c, open) {
            ('“', _) | ('「', _) => open = Some((c, i + 1)),
            ('"', Some(('"', s))) | ('”', Some(('“', s))) | ('」', Some(('「', s))) => {
                out.push((s, i));
                open = None;
            }
            ('"', _) => open = Some(('"', i + 1)),
            _ => {}
        }
    }
    out
}

/// Whether quoted text can be a product or feature name: 2–8 characters, letters and digits only
/// (no punctuation or spaces), not only digits, no function words of a phrase or slogan.
fn looks_like_name(s: &str) -> bool {
    let n = s.chars().count();
    (2..=MAX_NAME_CHARS).contains(&n)
        && s.chars().all(char::is_alphanumeric)
        && !s.chars().all(|c| c.is_ascii_digit())
        && !s.chars().any(|c| PHRASE_CHARS.contains(&c))
}

/// The range around `[start, end)` up to the nearest stop characters, quotes excluded from the
/// search (the name itself contains none).
fn span_until(chars: &[char], start: usize, end: usize, stops: &[char]) -> (usize, usize) {
    let s = chars[..start]
        .iter()
        .rposition(|c| stops.contains(c))
        .map_or(0, |i| i + 1);
    let e = chars[end..]
        .iter()
        .position(|c| stops.contains(c))
        .map_or(chars.len(), |i| end + i);
    (s, e)
}

fn window(chars: &[char], from: usize, to: usize) -> String {
    if from >= to || to > chars.len() {
        return String::new();
    }
    chars[from..to].iter().collect::<String>().to_lowercase()
}

/// Every name the knowledge base has, lower-cased, for "is this known?" and subject finding.
struct KnownNames {
    /// Exact names of anything (platform, company, feature; names, aliases and ids).
    exact: Vec<String>,
    /// Feature names and aliases: a quote containing one is already found by the extractor.
    features: Vec<String>,
    /// Platform and company names/aliases with what they name, longest first.
    subjects: Vec<(String, Subject)>,
}

impl KnownNames {
    fn new(k: &Knowledge) -> Self {
        let lower = |s: &String| s.to_lowercase();
        let mut exact = Vec::new();
        let mut subjects = Vec::new();
        for (i, p) in k.platforms.iter().enumerate() {
            for n in std::iter::once(&p.name).chain(p.aliases.iter()) {
                subjects.push((lower(n), Subject::Platform(i)));
            }
            exact.push(lower(&p.id));
        }
        for c in &k.companies {
            for n in std::iter::once(&c.name).chain(c.aliases.iter()) {
                subjects.push((lower(n), Subject::Company(c.name.clone())));
            }
            exact.push(lower(&c.id));
        }
        let features: Vec<String> = k
            .features
            .iter()
            .flat_map(|f| std::iter::once(&f.name).chain(f.aliases.iter()))
            .map(lower)
            .filter(|n| n.chars().count() >= 2)
            .collect();
        exact.extend(k.features.iter().map(|f| lower(&f.id)));
        exact.extend(features.iter().cloned());
        exact.extend(subjects.iter().map(|(n, _)| n.clone()));
        subjects.retain(|(n, _)| !n.is_empty());
        subjects.sort_by_key(|(n, _)| std::cmp::Reverse(n.chars().count()));
        Self {
            exact,
            features,
            subjects,
        }
    }

    fn knows(&self, name: &str) -> bool {
        let n = name.to_lowercase();
        self.exact.contains(&n) || self.features.iter().any(|f| n.contains(f.as_str()))
    }

    /// The platform or company named last in `text` (the clause's subject usually precedes the
    /// object closest); longer names win at the same position (快手科技 over 快手).
    fn last_subject(&self, text: &[char]) -> Option<Subject> {
        let t: String = text.iter().collect::<String>().to_lowercase();
        self.subjects
            .iter()
            .filter_map(|(n, s)| t.rfind(n.as_str()).map(|pos| (pos, s)))
            .max_by_key(|(pos, _)| *pos)
            .map(|(_, s)| s.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_and_mixed_quotes() {
        let s: Vec<char> = "“连线”和“熟人（后调整为“朋友”）与「态赞」和\"Soul\""
            .chars()
            .collect();
        let got: Vec<String> = quotes(&s)
            .into_iter()
            .map(|(a, b)| s[a..b].iter().collect())
            .collect();
        assert_eq!(got, vec!["连线", "朋友", "态赞", "Soul"]);
    }

    #[test]
    fn noise_is_not_a_name() {
        assert!(looks_like_name("欢脱"));
        assert!(looks_like_name("一甜面聊"));
        assert!(!looks_like_name("好友小视频社交App"));
        assert!(!looks_like_name("2021"));
        assert!(!looks_like_name("交个 朋友"));
        assert!(!looks_like_name("记录美好的生活"));
        assert!(!looks_like_name("哈"));
    }

    #[test]
    fn ids_from_pinyin() {
        assert_eq!(pinyin_id("欢脱"), "huantuo");
        assert_eq!(pinyin_id("Soul派对"), "soulpaidui");
        assert_eq!(unique_id("huantuo", &["huantuo".into()]), "huantuo_2");
    }
}
