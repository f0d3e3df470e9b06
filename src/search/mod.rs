//! Fuzzy finding over platforms (name, aliases, company, pinyin and pinyin initials derived from the
//! Chinese name), features and article titles: `douyin`, `dy`, `抖` and `字节` all find 抖音.
//!
//! Built for a keystroke-by-keystroke finder: every key is folded (lowercase, pinyin) once in
//! [`SearchIndex::new`]; a query then runs a cheap in-order test over the folded keys, scores the
//! survivors without match positions, and computes positions only for the hits it returns.

mod keys;

use crate::model::Model;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// What a search looks through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    Platforms,
    Features,
    Articles,
}

/// What a hit points at (indexes into the model).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Platform(usize),
    Feature(usize),
    Article(usize),
}

/// One result, best first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub target: Target,
    pub score: i64,
    /// What to show (the display name, or the title).
    pub label: String,
    /// Character indexes of `label` to highlight (empty when the match was on an alias or pinyin).
    pub matched: Vec<usize>,
    /// Which key matched when it was not the label (`douyin`, `字节跳动`), for display.
    pub via: Option<String>,
}

/// What kind of word a key is; a direct name outranks a derived or borrowed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum KeyKind {
    Company,
    Initials,
    Pinyin,
    Alias,
    Label,
}

impl KeyKind {
    fn bonus(self) -> i64 {
        match self {
            KeyKind::Label => 30,
            KeyKind::Alias => 20,
            KeyKind::Pinyin => 15,
            KeyKind::Initials => 10,
            KeyKind::Company => 0,
        }
    }
}

/// Bonus when the query is the whole key: `dy` is 抖音's initials, not just a part of `dyjsb`.
const EXACT_BONUS: i64 = 100;
/// Bonus when the key starts with the query.
const PREFIX_BONUS: i64 = 40;
/// Most a key loses for the characters the query leaves unmatched (shorter keys first).
const MAX_LENGTH_PENALTY: i64 = 20;

/// How many candidates at least go on to the fuzzy score when there are too many.
const PRESELECT: usize = 256;

/// One folded key.
struct Key {
    /// Folded text the matcher sees.
    folded: String,
    chars: Vec<char>,
    /// Which chars occur, hashed into 64 bits: a query with a char the key lacks is rejected
    /// with one AND (most keys, for most queries).
    mask: u64,
    /// The key as shown in [`Hit::via`] (the original alias, the pinyin, the company name).
    shown: String,
    kind: KeyKind,
}

/// One searchable thing with its keys; `keys[0]` is always the label.
struct Entry {
    target: Target,
    label: String,
    keys: Vec<Key>,
    /// Tie-break and empty-query order: lower first.
    rank: usize,
}

impl Entry {
    fn new(target: Target, label: &str, rank: usize) -> Self {
        let mut e = Self {
            target,
            label: label.to_string(),
            keys: Vec::new(),
            rank,
        };
        e.add(label, label.to_string(), KeyKind::Label);
        e
    }

    /// Adds a key unless the entry already has the same folded text (the better kind was added
    /// first, so it is kept).
    fn add(&mut self, text: &str, shown: String, kind: KeyKind) {
        let folded = keys::fold(text);
        if folded.is_empty() || self.keys.iter().any(|k| k.folded == folded) {
            return;
        }
        self.keys.push(Key {
            mask: keys::char_mask(&folded),
            chars: folded.chars().collect(),
            folded,
            shown,
            kind,
        });
    }

    fn add_words(&mut self, words: &[String], kind: KeyKind) {
        for w in words {
            self.add(w, w.clone(), kind);
        }
    }

    /// Adds the pinyin of a name and its Chinese aliases, after the words themselves so a typed
    /// alias (`Douyin`) keeps its better kind over the same derived pinyin. Initials come from the
    /// name only (`dy`): initials of every alias would match almost any short query.
    fn add_pinyin(&mut self, name: &str, aliases: &[String], kind: KeyKind) {
        if let Some((full, initials)) = keys::pinyin(name) {
            self.add(&full, full.clone(), kind);
            if kind != KeyKind::Company {
                self.add(&initials, initials.clone(), KeyKind::Initials);
            }
        }
        for a in aliases {
            if let Some((full, _)) = keys::pinyin(a) {
                self.add(&full, full.clone(), kind);
            }
        }
    }
}

/// Precomputed search keys for one model.
pub struct SearchIndex {
    platforms: Vec<Entry>,
    features: Vec<Entry>,
    articles: Vec<Entry>,
    /// Full scoring (an alignment matrix) for the short keys of platforms and features.
    matcher: SkimMatcherV2,
    /// Greedy scoring for article titles: thousands of long keys per keystroke, where the matrix
    /// would cost several milliseconds and the greedy match ranks nearly the same.
    greedy: SkimMatcherV2,
}

impl std::fmt::Debug for SearchIndex {
    /// Sizes only: the keys themselves would flood a debug print.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("platforms", &self.platforms.len())
            .field("features", &self.features.len())
            .field("articles", &self.articles.len())
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Folds every key of the model once: names, aliases, pinyin, companies, titles.
    pub fn new(model: &Model) -> Self {
        let k = &model.knowledge;
        let ranks = platform_ranks(model);
        let platforms = k
            .platforms
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut e = Entry::new(Target::Platform(i), &p.name, ranks[i]);
                e.add_words(&p.aliases, KeyKind::Alias);
                e.add_pinyin(&p.name, &p.aliases, KeyKind::Pinyin);
                if let Some(c) = &p.company {
                    let aliases = k.company(c).map_or(&[][..], |c| &c.aliases);
                    e.add_words(std::slice::from_ref(c), KeyKind::Company);
                    e.add_words(aliases, KeyKind::Company);
                    e.add_pinyin(c, aliases, KeyKind::Company);
                }
                e
            })
            .collect();
        let features = k
            .features
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let mut e = Entry::new(Target::Feature(i), &f.name, i);
                e.add_words(&f.aliases, KeyKind::Alias);
                e.add_pinyin(&f.name, &f.aliases, KeyKind::Pinyin);
                e
            })
            .collect();
        let articles = model
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| Entry::new(Target::Article(i), &a.title, i))
            .collect();
        Self {
            platforms,
            features,
            articles,
            matcher: SkimMatcherV2::default().respect_case(),
            greedy: SkimMatcherV2::default().respect_case().element_limit(1),
        }
    }

    /// Hits for a query, best first, at most `limit`. An empty query lists everything in order
    /// (platforms by activity, features and articles as in the model).
    pub fn search(&self, query: &str, scope: Scope, limit: usize) -> Vec<Hit> {
        let entries = match scope {
            Scope::Platforms => &self.platforms,
            Scope::Features => &self.features,
            Scope::Articles => &self.articles,
        };
        let q = keys::fold_query(query);
        if q.is_empty() {
            let mut all: Vec<&Entry> = entries.iter().collect();
            all.sort_by_key(|e| e.rank);
            return all
                .into_iter()
                .take(limit)
                .map(|e| Hit {
                    target: e.target,
                    score: 0,
                    label: e.label.clone(),
                    matched: Vec::new(),
                    via: None,
                })
                .collect();
        }
        let qchars: Vec<char> = q.chars().collect();
        let qmask = keys::char_mask(&q);
        let matcher = match scope {
            Scope::Articles => &self.greedy,
            Scope::Platforms | Scope::Features => &self.matcher,
        };
        // Every (entry, key) whose key holds the query's chars in order.
        let mut candidates: Vec<(usize, usize)> = entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| {
                e.keys
                    .iter()
                    .enumerate()
                    .filter(|(_, k)| {
                        k.mask & qmask == qmask && keys::is_subsequence(&k.chars, &qchars)
                    })
                    .map(move |(j, _)| (i, j))
            })
            .collect();
        // A short query can match thousands of titles; the fuzzy score costs about a
        // microsecond each, so only the best by a rough score go on to it.
        let keep = limit.saturating_mul(4).max(PRESELECT);
        if candidates.len() > keep {
            let mut roughs: Vec<(std::cmp::Reverse<i64>, usize, usize, usize)> = candidates
                .iter()
                .map(|&(i, j)| {
                    let e = &entries[i];
                    let r = rough(&e.keys[j], &q, qchars.len());
                    (std::cmp::Reverse(r), e.rank, i, j)
                })
                .collect();
            roughs.select_nth_unstable(keep - 1);
            roughs.truncate(keep);
            // Back in entry order, so each entry's keys stay adjacent.
            roughs.sort_unstable_by_key(|&(_, _, i, j)| (i, j));
            candidates = roughs.into_iter().map(|(_, _, i, j)| (i, j)).collect();
        }
        // (score, entry, key) for every entry that matches, its best key only.
        let mut scored: Vec<(i64, usize, usize)> = Vec::with_capacity(candidates.len());
        for (i, j) in candidates {
            let Some(s) = score(matcher, &entries[i].keys[j], &q, qchars.len()) else {
                continue;
            };
            match scored.last_mut() {
                // Candidates of one entry are adjacent; keep the best key (the first on a tie).
                Some(last) if last.1 == i => {
                    if s > last.0 {
                        *last = (s, i, j);
                    }
                }
                _ => scored.push((s, i, j)),
            }
        }
        let order = |a: &(i64, usize, usize), b: &(i64, usize, usize)| {
            b.0.cmp(&a.0)
                .then(entries[a.1].rank.cmp(&entries[b.1].rank))
        };
        if scored.len() > limit && limit > 0 {
            scored.select_nth_unstable_by(limit - 1, order);
            scored.truncate(limit);
        }
        scored.sort_by(order);
        scored.truncate(limit);
        scored
            .into_iter()
            .map(|(score, i, j)| hit(matcher, &entries[i], j, score, &q))
            .collect()
    }
}

/// A key's score: the fuzzy score plus bonuses for the kind of key, a whole or prefix match,
/// and a small penalty per unmatched key character.
fn score(matcher: &SkimMatcherV2, key: &Key, q: &str, qlen: usize) -> Option<i64> {
    let fuzzy = matcher.fuzzy_match(&key.folded, q)?;
    let exact = if key.folded == q {
        EXACT_BONUS
    } else if key.folded.starts_with(q) {
        PREFIX_BONUS
    } else {
        0
    };
    let unmatched = i64::try_from(key.chars.len().saturating_sub(qlen)).unwrap_or(i64::MAX);
    Some(fuzzy + exact + key.kind.bonus() - unmatched.min(MAX_LENGTH_PENALTY))
}

/// A cheap stand-in for the fuzzy score to pick which candidates deserve it: the same bonuses,
/// and for the match itself whether the query occurs unbroken, and how early.
fn rough(key: &Key, q: &str, qlen: usize) -> i64 {
    let exact = if key.folded == q {
        EXACT_BONUS
    } else if key.folded.starts_with(q) {
        PREFIX_BONUS
    } else {
        0
    };
    let unbroken = key
        .folded
        .find(q)
        .map_or(0, |byte| 100 - i64::try_from(byte.min(60)).unwrap_or(60));
    let unmatched = i64::try_from(key.chars.len().saturating_sub(qlen)).unwrap_or(i64::MAX);
    unbroken + exact + key.kind.bonus() - unmatched.min(MAX_LENGTH_PENALTY)
}

fn hit(matcher: &SkimMatcherV2, e: &Entry, key: usize, score: i64, q: &str) -> Hit {
    let k = &e.keys[key];
    let (matched, via) = if k.kind == KeyKind::Label {
        let idx = matcher
            .fuzzy_indices(&k.folded, q)
            .map(|(_, idx)| idx)
            .unwrap_or_default();
        (idx, None)
    } else {
        (Vec::new(), Some(k.shown.clone()))
    };
    Hit {
        target: e.target,
        score,
        label: e.label.clone(),
        matched,
        via,
    }
}

/// Rank of each platform for ties and the empty query: busiest family first (a platform's events
/// plus its standalone apps'), main apps before their apps, then file order, so with no events
/// at all 抖音 still comes before the apps listed after it.
fn platform_ranks(model: &Model) -> Vec<usize> {
    let k = &model.knowledge;
    let n = k.platforms.len();
    let family = |p: usize| {
        model.platform_events(p).len()
            + k.children(p)
                .iter()
                .map(|&c| model.platform_events(c).len())
                .sum::<usize>()
    };
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&p| (std::cmp::Reverse(family(p)), k.parent(p).is_some(), p));
    let mut ranks = vec![0; n];
    for (r, p) in order.into_iter().enumerate() {
        ranks[p] = r;
    }
    ranks
}
