//! The model: articles, knowledge and events, indexed for the views and queries.
//!
//! Facts only: no selection, scroll or other view state lives here. A model grows by whole articles
//! ([`Model::add_article`]) so a background loader can hand over batches while the dashboard shows
//! what is already known; every index is kept current on each addition.

use crate::Diagnostic;
use crate::corpus::Article;
use crate::date::Date;
use crate::extract::{Event, Status};
use crate::knowledge::Knowledge;
use std::collections::HashMap;

/// How the matrix orders its platform rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Most events first.
    #[default]
    Activity,
    /// By name.
    Name,
    /// Earliest dated event first.
    Earliest,
    /// Grouped by company, then by activity.
    Company,
}

impl SortBy {
    pub const ALL: [SortBy; 4] = [
        SortBy::Activity,
        SortBy::Name,
        SortBy::Earliest,
        SortBy::Company,
    ];

    pub fn next(self) -> SortBy {
        let i = Self::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }

    pub fn label(self) -> &'static str {
        match self {
            SortBy::Activity => "activity",
            SortBy::Name => "name",
            SortBy::Earliest => "earliest",
            SortBy::Company => "company",
        }
    }
}

/// One row of the matrix: a platform, indented under its parent when it is a standalone app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// Index into [`Knowledge::platforms`].
    pub platform: usize,
    /// 0 for a main platform, 1 for a standalone app shown under its parent.
    pub depth: u8,
}

/// What one matrix cell shows: the strongest status and the earliest date among its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellSummary {
    pub status: Status,
    pub earliest: Option<Date>,
    pub count: usize,
}

/// Articles, knowledge, events and diagnostics, with indexes by cell, platform and article.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub knowledge: Knowledge,
    pub articles: Vec<Article>,
    /// In insertion order (article by article, block order within an article).
    pub events: Vec<Event>,
    pub diagnostics: Vec<Diagnostic>,
    article_ix: HashMap<String, usize>,
    /// Per event: (article, platform, feature) indexes.
    event_ix: Vec<(usize, usize, usize)>,
    /// `platform * features + feature` → event indexes, date order (undated last).
    cells: Vec<Vec<usize>>,
    by_platform: Vec<Vec<usize>>,
    by_article: Vec<Vec<usize>>,
}

impl Model {
    /// An empty model over a knowledge base.
    pub fn new(knowledge: Knowledge) -> Self {
        let cells = vec![Vec::new(); knowledge.platforms.len() * knowledge.features.len()];
        let by_platform = vec![Vec::new(); knowledge.platforms.len()];
        Self {
            knowledge,
            cells,
            by_platform,
            ..Self::default()
        }
    }

    /// Adds an article and its events. Events naming an unknown platform or feature are dropped
    /// (the extractor only produces known ids; this keeps hand-made models honest too). An article
    /// whose id is already present gets a `~N` suffix so addresses stay unique.
    pub fn add_article(&mut self, mut article: Article, events: Vec<Event>) {
        let original = article.id.clone();
        let mut n = 2;
        while self.article_ix.contains_key(&article.id) {
            article.id = format!("{original}~{n}");
            n += 1;
        }
        let a = self.articles.len();
        self.article_ix.insert(article.id.clone(), a);
        let nfeat = self.knowledge.features.len();
        let mut mine = Vec::new();
        for mut ev in events {
            let (Some(p), Some(f)) = (
                self.knowledge.platform_index(&ev.platform),
                self.knowledge.feature_index(&ev.feature),
            ) else {
                continue;
            };
            ev.article.clone_from(&article.id);
            let e = self.events.len();
            self.events.push(ev);
            self.event_ix.push((a, p, f));
            insert_by_date(&mut self.cells[p * nfeat + f], e, &self.events);
            insert_by_date(&mut self.by_platform[p], e, &self.events);
            mine.push(e);
        }
        self.articles.push(article);
        self.by_article.push(mine);
    }

    pub fn add_diagnostics(&mut self, diags: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(diags);
    }

    pub fn article_index(&self, id: &str) -> Option<usize> {
        self.article_ix.get(id).copied()
    }

    /// Index of the article that states event `e`.
    pub fn event_article(&self, e: usize) -> usize {
        self.event_ix[e].0
    }

    pub fn event_platform(&self, e: usize) -> usize {
        self.event_ix[e].1
    }

    pub fn event_feature(&self, e: usize) -> usize {
        self.event_ix[e].2
    }

    /// The text of the block that states event `e`.
    pub fn evidence(&self, e: usize) -> &str {
        let ev = &self.events[e];
        self.articles[self.event_article(e)]
            .blocks
            .get(ev.paragraph)
            .map_or("", |b| b.text.as_str())
    }

    /// Events of one platform × feature cell, by date (undated last).
    pub fn cell(&self, platform: usize, feature: usize) -> &[usize] {
        let nfeat = self.knowledge.features.len();
        self.cells
            .get(platform * nfeat + feature)
            .map_or(&[], Vec::as_slice)
    }

    /// The strongest status and the earliest date of a cell; `None` when nothing is known.
    pub fn cell_summary(&self, platform: usize, feature: usize) -> Option<CellSummary> {
        let evs = self.cell(platform, feature);
        let status = evs
            .iter()
            .map(|&e| self.events[e].status)
            .max_by_key(|s| s.strength())?;
        let earliest = evs.iter().filter_map(|&e| self.events[e].date).min();
        Some(CellSummary {
            status,
            earliest,
            count: evs.len(),
        })
    }

    /// Every event of a platform, by date.
    pub fn platform_events(&self, platform: usize) -> &[usize] {
        self.by_platform.get(platform).map_or(&[], Vec::as_slice)
    }

    /// Every event an article states, in block order.
    pub fn article_events(&self, article: usize) -> &[usize] {
        self.by_article.get(article).map_or(&[], Vec::as_slice)
    }

    /// How many features a platform has any event for.
    pub fn platform_feature_count(&self, platform: usize) -> usize {
        (0..self.knowledge.features.len())
            .filter(|&f| !self.cell(platform, f).is_empty())
            .count()
    }

    /// How many platforms have any event for a feature.
    pub fn feature_platform_count(&self, feature: usize) -> usize {
        (0..self.knowledge.platforms.len())
            .filter(|&p| !self.cell(p, feature).is_empty())
            .count()
    }

    /// The earliest dated event of a platform.
    pub fn platform_earliest(&self, platform: usize) -> Option<Date> {
        self.platform_events(platform)
            .iter()
            .filter_map(|&e| self.events[e].date)
            .min()
    }

    /// All events in date order (undated last), optionally only one platform's and/or feature's.
    pub fn timeline(&self, platform: Option<usize>, feature: Option<usize>) -> Vec<usize> {
        let mut out: Vec<usize> = (0..self.events.len())
            .filter(|&e| platform.is_none_or(|p| self.event_platform(e) == p))
            .filter(|&e| feature.is_none_or(|f| self.event_feature(e) == f))
            .collect();
        out.sort_by(|&a, &b| date_order(&self.events, a, b));
        out
    }

    /// Standalone apps whose parent is this platform.
    pub fn children(&self, platform: usize) -> Vec<usize> {
        let id = &self.knowledge.platforms[platform].id;
        (0..self.knowledge.platforms.len())
            .filter(|&c| self.knowledge.platforms[c].parent.as_deref() == Some(id.as_str()))
            .collect()
    }

    /// Matrix rows: platforms that have events (or `all`), sorted, each standalone app right under
    /// its parent. A child with events pulls its parent in, so 多闪 is never shown orphaned.
    pub fn rows(&self, sort: SortBy, all: bool) -> Vec<Row> {
        let n = self.knowledge.platforms.len();
        let parent_of = |p: usize| -> Option<usize> {
            self.knowledge.platforms[p]
                .parent
                .as_deref()
                .and_then(|id| self.knowledge.platform_index(id))
                .filter(|&q| q != p)
        };
        let active = |p: usize| all || !self.platform_events(p).is_empty();
        let mut visible = vec![false; n];
        for p in 0..n {
            if active(p) {
                visible[p] = true;
                if let Some(q) = parent_of(p) {
                    visible[q] = true;
                }
            }
        }
        // Activity of a family counts its children, so a parent with a busy app ranks with it.
        let family_events = |p: usize| -> usize {
            self.platform_events(p).len()
                + self
                    .children(p)
                    .iter()
                    .map(|&c| self.platform_events(c).len())
                    .sum::<usize>()
        };
        let cmp = |a: &usize, b: &usize| -> std::cmp::Ordering {
            let (pa, pb) = (&self.knowledge.platforms[*a], &self.knowledge.platforms[*b]);
            let by_name = pa.name.cmp(&pb.name);
            let by_activity = family_events(*b).cmp(&family_events(*a));
            match sort {
                SortBy::Activity => by_activity.then(by_name),
                SortBy::Name => by_name,
                SortBy::Earliest => {
                    let (ea, eb) = (self.platform_earliest(*a), self.platform_earliest(*b));
                    match (ea, eb) {
                        (Some(x), Some(y)) => x.cmp(&y),
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => std::cmp::Ordering::Greater,
                        (None, None) => std::cmp::Ordering::Equal,
                    }
                    .then(by_activity)
                    .then(by_name)
                }
                SortBy::Company => {
                    let ca = pa.company.as_deref().unwrap_or("\u{10FFFF}");
                    let cb = pb.company.as_deref().unwrap_or("\u{10FFFF}");
                    ca.cmp(cb).then(by_activity).then(by_name)
                }
            }
        };
        let mut tops: Vec<usize> = (0..n)
            .filter(|&p| visible[p] && parent_of(p).is_none())
            .collect();
        tops.sort_by(cmp);
        let mut rows = Vec::with_capacity(n);
        for p in tops {
            rows.push(Row {
                platform: p,
                depth: 0,
            });
            let mut kids: Vec<usize> = self
                .children(p)
                .into_iter()
                .filter(|&c| visible[c] && c != p)
                .collect();
            kids.sort_by(cmp);
            rows.extend(kids.into_iter().map(|c| Row {
                platform: c,
                depth: 1,
            }));
        }
        rows
    }

    /// Platforms grouped by company name (platforms without one under `None`), companies by how
    /// many events their platforms have. For the company roll-up.
    pub fn companies(&self) -> Vec<(Option<String>, Vec<usize>)> {
        let mut groups: Vec<(Option<String>, Vec<usize>)> = Vec::new();
        for (p, plat) in self.knowledge.platforms.iter().enumerate() {
            match groups.iter_mut().find(|(c, _)| *c == plat.company) {
                Some((_, ps)) => ps.push(p),
                None => groups.push((plat.company.clone(), vec![p])),
            }
        }
        let weight =
            |ps: &[usize]| -> usize { ps.iter().map(|&p| self.platform_events(p).len()).sum() };
        groups.sort_by(|a, b| {
            a.0.is_none()
                .cmp(&b.0.is_none())
                .then(weight(&b.1).cmp(&weight(&a.1)))
                .then(a.0.cmp(&b.0))
        });
        groups
    }
}

fn date_order(events: &[Event], a: usize, b: usize) -> std::cmp::Ordering {
    match (events[a].date, events[b].date) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
    .then(a.cmp(&b))
}

/// Inserts `e` keeping `list` in date order; events load in batches, so a full sort each time would
/// cost quadratic time on a big corpus.
fn insert_by_date(list: &mut Vec<usize>, e: usize, events: &[Event]) {
    let pos = list.partition_point(|&x| date_order(events, x, e).is_lt());
    list.insert(pos, e);
}
