//! Fuzzy finding over platforms (name, aliases, company, pinyin and pinyin initials derived from the
//! Chinese name), features and article titles: `douyin`, `dy`, `抖` and `字节` all find 抖音.

use crate::model::Model;

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

/// Precomputed search keys for one model.
pub struct SearchIndex {
    _private: (),
}

impl SearchIndex {
    pub fn new(model: &Model) -> Self {
        let _ = model;
        Self { _private: () }
    }

    /// Hits for a query, best first, at most `limit`. An empty query lists everything in order.
    pub fn search(&self, query: &str, scope: Scope, limit: usize) -> Vec<Hit> {
        let _ = (query, scope, limit);
        Vec::new()
    }
}
