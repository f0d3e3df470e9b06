//! The model: articles, knowledge and events, indexed for the views and queries.
//!
//! Facts only: no selection, scroll or other view state lives here. A model grows by whole articles
//! ([`Model::add_article`]) so a background loader can hand over batches while the dashboard shows
//! what is already known; every index is kept current on each addition. A blocking load that
//! shows nothing until the end fills an [`Appender`] instead, which orders the lists once.

use crate::Diagnostic;
use crate::corpus::Article;
use crate::date::Date;
use crate::extract::{Event, Status};
use crate::knowledge::Knowledge;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

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
    article_ix: IdMap,
    /// Platform and feature ids → indexes; events are added by the ten thousand, and the
    /// knowledge base's own lookups are linear scans.
    platform_ix: IdMap,
    feature_ix: IdMap,
    /// Per event: (article, platform, feature) indexes.
    event_ix: Vec<(usize, usize, usize)>,
    /// Per event: [`date_key`] of its date, so keeping lists in date order compares integers in
    /// one small array rather than dates spread over the events.
    date_keys: Vec<u64>,
    /// `platform * features + feature` → event indexes, date order (undated last).
    cells: Vec<Vec<usize>>,
    by_platform: Vec<Vec<usize>>,
    /// Per article: the range of its events in `events` (an article's events are added
    /// together, so they are one run).
    article_spans: Vec<(usize, usize)>,
    /// Every event index in order (`event_ids[e] == e`): [`Model::article_events`] hands out a
    /// slice of it, where every article kept a list of its own (10,000 small allocations).
    event_ids: Vec<usize>,
}

impl Model {
    /// An empty model over a knowledge base.
    pub fn new(knowledge: Knowledge) -> Self {
        let cells = vec![Vec::new(); knowledge.platforms.len() * knowledge.features.len()];
        let by_platform = vec![Vec::new(); knowledge.platforms.len()];
        let platform_ix = (knowledge.platforms.iter().enumerate())
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        let feature_ix = (knowledge.features.iter().enumerate())
            .map(|(i, f)| (f.id.clone(), i))
            .collect();
        Self {
            knowledge,
            platform_ix,
            feature_ix,
            cells,
            by_platform,
            ..Self::default()
        }
    }

    /// Adds an article and its events. Events naming an unknown platform or feature are dropped
    /// (the extractor only produces known ids; this keeps hand-made models honest too). An article
    /// whose id is already present gets a `~N` suffix so addresses stay unique.
    pub fn add_article(&mut self, article: Article, events: Vec<Event>) {
        self.add_articles(std::iter::once((article, events)));
    }

    /// Adds articles in order, as [`Model::add_article`] one by one would, with the same result;
    /// faster for a loader's batches, because each date-ordered list is merged once per batch
    /// instead of taking every new event with an insertion into the middle.
    pub fn add_articles(&mut self, batch: impl IntoIterator<Item = (Article, Vec<Event>)>) {
        let first = self.events.len();
        self.append(batch);
        self.merge(first);
    }

    /// The first half of [`Model::add_articles`]: stores the articles and events without putting
    /// the new events into any date-ordered list.
    fn append(&mut self, batch: impl IntoIterator<Item = (Article, Vec<Event>)>) {
        // Room for the whole batch first: a blocking load hands over 10,000 articles at once,
        // and growing the lists step by step copied them over and over.
        let batch: Vec<(Article, Vec<Event>)> = batch.into_iter().collect();
        let new_events: usize = batch.iter().map(|(_, evs)| evs.len()).sum();
        self.articles.reserve(batch.len());
        self.article_spans.reserve(batch.len());
        self.article_ix.reserve(batch.len());
        self.events.reserve(new_events);
        self.date_keys.reserve(new_events);
        self.event_ix.reserve(new_events);
        self.event_ids.reserve(new_events);
        for (mut article, mut events) in batch {
            let a = self.articles.len();
            self.claim_id(&mut article, a);
            let first = self.events.len();
            events.retain_mut(|ev| {
                let (Some(&p), Some(&f)) = (
                    self.platform_ix.get(&ev.platform),
                    self.feature_ix.get(&ev.feature),
                ) else {
                    return false;
                };
                ev.article.clone_from(&article.id);
                self.date_keys.push(date_key(ev.date));
                self.event_ix.push((a, p, f));
                true
            });
            // All at once: one copy of the article's events rather than two moves of each.
            self.events.append(&mut events);
            self.event_ids.extend(first..self.events.len());
            self.articles.push(article);
            self.article_spans.push((first, self.events.len()));
        }
    }

    /// The second half of [`Model::add_articles`]: puts the events from `first` on into their
    /// date-ordered lists (each event into its cell's and its platform's).
    fn merge(&mut self, first: usize) {
        let nfeat = self.knowledge.features.len();
        let cells = self.cells.len();
        // Exact room first for a list filled from empty in one go (every list of a blocking
        // load); a list that grows batch by batch (a progressive load) keeps Vec's amortised
        // growth instead of a reallocation every batch.
        let mut counts = vec![0usize; cells + self.by_platform.len()];
        for &(_, p, f) in &self.event_ix[first..] {
            counts[p * nfeat + f] += 1;
            counts[cells + p] += 1;
        }
        let old: Vec<usize> = (self.cells.iter_mut().chain(&mut self.by_platform))
            .zip(&counts)
            .map(|(list, &n)| {
                match list.is_empty() {
                    true => list.reserve_exact(n),
                    false => list.reserve(n),
                }
                list.len()
            })
            .collect();
        // Appended in date order, the new events of each list are in date order after its old
        // ones: a list that had none is done, the others take one merge.
        for e in date_order_from(&self.date_keys, first) {
            let (_, p, f) = self.event_ix[e];
            self.cells[p * nfeat + f].push(e);
            self.by_platform[p].push(e);
        }
        let lists = self.cells.iter_mut().chain(&mut self.by_platform);
        for (list, (&n, &old)) in lists.zip(counts.iter().zip(&old)) {
            if old > 0 && n > 0 {
                let new = list.split_off(old);
                merge_by_date(list, &new, &self.date_keys);
            }
        }
    }

    /// Indexes `article` as number `a`, with a `~N` suffix when its id is taken. One lookup when
    /// it is not, as it almost never is.
    fn claim_id(&mut self, article: &mut Article, a: usize) {
        if let Entry::Vacant(slot) = self.article_ix.entry(article.id.clone()) {
            slot.insert(a);
            return;
        }
        let original = article.id.clone();
        let mut n = 2;
        while self.article_ix.contains_key(&article.id) {
            article.id = format!("{original}~{n}");
            n += 1;
        }
        self.article_ix.insert(article.id.clone(), a);
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
        self.articles[self.event_article(e)].block_text(ev.paragraph)
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
        (self.article_spans.get(article)).map_or(&[], |&(first, end)| &self.event_ids[first..end])
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

/// The model's maps from ids to indexes, hashed with FxHash (one multiply per 8 bytes): a load
/// looks up two ids per event and one per article, 80,000 lookups for 10,000 articles, and with
/// SipHash that was a quarter of the instructions of storing them. SipHash's guard against chosen
/// collisions guards nothing here: the keys are the knowledge base's ids and the names of the
/// user's own files, and nothing iterates the maps, so their order never shows.
type IdMap = HashMap<String, usize, rustc_hash::FxBuildHasher>;

fn date_order(events: &[Event], a: usize, b: usize) -> std::cmp::Ordering {
    match (events[a].date, events[b].date) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
    .then(a.cmp(&b))
}

/// Orders dates as [`date_order`] does (undated last) as one integer: `(year, month, day)` from
/// [`Date::sort_key`], the year shifted to be non-negative.
fn date_key(date: Option<Date>) -> u64 {
    match date {
        Some(d) => {
            let (y, m, day) = d.sort_key();
            let y = (i64::from(y) - i64::from(i32::MIN)) as u64;
            (y << 16) | (u64::from(m) << 8) | u64::from(day)
        }
        None => u64::MAX,
    }
}

/// The events from `first` on in date order by their `keys`, ties by index (as [`date_order`]).
/// Most events have no date: they go last, already in index order, and only the dated ones are
/// sorted. Sorting every list on its own instead was most of what a blocking load of 10,000
/// articles did after its last file. Nothing is collected that need not be: this runs after the
/// last file, where every page of fresh memory is a fault on a core that has nothing else to do.
fn date_order_from(keys: &[u64], first: usize) -> impl Iterator<Item = usize> {
    let undated = date_key(None);
    let n = keys[first..].iter().filter(|&&k| k != undated).count();
    let mut dated = Vec::with_capacity(n);
    dated.extend(
        (first..keys.len())
            .filter(|&e| keys[e] != undated)
            .map(|e| (keys[e], e)),
    );
    radix_sort_by_key(&mut dated);
    let undated = (first..keys.len()).filter(move |&e| keys[e] == undated);
    dated.into_iter().map(|(_, e)| e).chain(undated)
}

/// Sorts `items` by key, stably: a least-significant-digit radix sort over the bytes in which the
/// keys differ. The dates of a load share most of their bytes (a few dozen years, twelve months),
/// so this is some three passes of counting and placing where a comparison sort compared each
/// item a dozen times.
fn radix_sort_by_key(items: &mut Vec<(u64, usize)>) {
    let (all, any) = (items.iter()).fold((u64::MAX, 0), |(all, any), &(k, _)| (all & k, any | k));
    let differ = all ^ any;
    let mut out = vec![(0, 0); items.len()];
    for shift in (0..u64::BITS).step_by(8) {
        if (differ >> shift) & 0xff == 0 {
            continue;
        }
        let digit = |k: u64| ((k >> shift) & 0xff) as usize;
        let mut next = [0usize; 256];
        for &(k, _) in items.iter() {
            next[digit(k)] += 1;
        }
        let mut start = 0;
        for n in &mut next {
            (*n, start) = (start, start + *n);
        }
        for &item in items.iter() {
            let at = &mut next[digit(item.0)];
            out[*at] = item;
            *at += 1;
        }
        std::mem::swap(items, &mut out);
    }
}

/// Merges `new` (indexes of events just added, so above every index in `list`, in date order) into
/// `list`, keeping it in date order: by `keys` (see [`date_key`]), ties by index like
/// [`date_order`], so the result is the one sorted order whatever the batch size. A batch adds a
/// few events to lists of thousands, so each new event finds its place by binary search and the
/// old events between are copied in runs: an insertion each would cost quadratic time, a plain
/// merge would compare every old event every batch.
fn merge_by_date(list: &mut Vec<usize>, new: &[usize], keys: &[u64]) {
    let before = |x: usize, e: usize| (keys[x], x) < (keys[e], e);
    if let [e] = *new {
        let pos = list.partition_point(|&x| before(x, e));
        list.insert(pos, e);
        return;
    }
    if list.is_empty() {
        list.extend_from_slice(new);
        return;
    }
    let old = std::mem::take(list);
    list.reserve(old.len() + new.len());
    let mut rest = &old[..];
    for &e in new.iter() {
        let n = rest.partition_point(|&x| before(x, e));
        list.extend_from_slice(&rest[..n]);
        list.push(e);
        rest = &rest[n..];
    }
    list.extend_from_slice(rest);
}

/// A model being filled by many batches whose date-ordered lists are built once, at the end
/// ([`Appender::finish`]): a blocking load stores each batch while the next one is parsed and
/// leaves only the ordering for after the last file, instead of all of the copying.
pub struct Appender {
    model: Model,
    /// Events the model had before: they are in their lists already.
    first_event: usize,
    /// Articles the model had before.
    first_article: usize,
    /// How many articles the loader said it would append ([`Appender::reserve`]; 0: unknown).
    expected: usize,
}

impl Appender {
    pub fn new(model: Model) -> Self {
        Self {
            first_event: model.events.len(),
            first_article: model.articles.len(),
            expected: 0,
            model,
        }
    }

    /// Room for `articles` more articles, when a loader knows how many files are coming.
    pub fn reserve(&mut self, articles: usize) {
        self.model.articles.reserve(articles);
        self.model.article_spans.reserve(articles);
        self.model.article_ix.reserve(articles);
        self.expected = self.model.articles.len() - self.first_article + articles;
    }

    /// Adds articles in order, as [`Model::add_articles`] does, except for the lists' order.
    pub fn append(&mut self, batch: impl IntoIterator<Item = (Article, Vec<Event>)>) {
        let batch: Vec<(Article, Vec<Event>)> = batch.into_iter().collect();
        self.reserve_events(&batch);
        self.model.append(batch);
    }

    /// Room for the events of `batch` and, when the lists must grow anyway, for as many more as
    /// the rest of the expected articles will likely bring at the rate seen so far (with a
    /// margin). Growing by doubling batch after batch copied the events (150 bytes each) over
    /// and over into fresh memory, every page of it a fault.
    fn reserve_events(&mut self, batch: &[(Article, Vec<Event>)]) {
        let m = &mut self.model;
        let coming: usize = batch.iter().map(|(_, evs)| evs.len()).sum();
        if m.events.capacity() - m.events.len() >= coming {
            return;
        }
        let seen_articles = m.articles.len() - self.first_article + batch.len();
        let seen_events = m.events.len() - self.first_event + coming;
        let rest = self.expected.saturating_sub(seen_articles);
        let likely = seen_events * rest / seen_articles.max(1);
        let room = (coming + likely + likely / 4).max(m.events.capacity());
        m.events.reserve_exact(room);
        m.date_keys.reserve_exact(room);
        m.event_ix.reserve_exact(room);
        m.event_ids.reserve_exact(room);
    }

    pub fn add_diagnostics(&mut self, diags: impl IntoIterator<Item = Diagnostic>) {
        self.model.add_diagnostics(diags);
    }

    /// The model, with every list in date order: the same as one [`Model::add_articles`] call
    /// with every batch would give.
    pub fn finish(mut self) -> Model {
        self.model.merge(self.first_event);
        self.model
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::BlockKind;
    use crate::knowledge::{Feature, Platform};

    fn platform(id: &str, name: &str, parent: Option<&str>, company: Option<&str>) -> Platform {
        Platform {
            id: id.into(),
            name: name.into(),
            aliases: vec![],
            company: company.map(Into::into),
            parent: parent.map(Into::into),
            kind: None,
        }
    }

    fn feature(id: &str, name: &str) -> Feature {
        Feature {
            id: id.into(),
            name: name.into(),
            aliases: vec![],
            description: String::new(),
        }
    }

    fn event(p: &str, f: &str, status: Status, date: Option<Date>, paragraph: usize) -> Event {
        Event {
            platform: p.into(),
            feature: f.into(),
            status,
            date,
            article: String::new(),
            paragraph,
            sentence: String::new(),
            spans: vec![],
        }
    }

    fn article(id: &str, texts: &[&str]) -> Article {
        let mut a = Article::with_blocks(id, texts.iter().map(|t| (BlockKind::Paragraph, *t)));
        a.path = format!("{id}.md");
        a
    }

    fn model() -> Model {
        let k = Knowledge {
            platforms: vec![
                platform("douyin", "抖音", None, Some("字节跳动")),
                platform("kuaishou", "快手", None, Some("快手科技")),
                platform("duoshan", "多闪", Some("douyin"), Some("字节跳动")),
                platform("weixin", "微信", None, Some("腾讯")),
            ],
            companies: vec![],
            features: vec![
                feature("group_chat", "群聊"),
                feature("chat_room", "聊天室"),
            ],
        };
        let mut m = Model::new(k);
        m.add_article(
            article("a", &["p0", "p1", "p2"]),
            vec![
                event(
                    "kuaishou",
                    "chat_room",
                    Status::Launched,
                    Date::ym(2019, 10),
                    0,
                ),
                event("douyin", "chat_room", Status::Testing, Date::ym(2021, 4), 1),
                event(
                    "douyin",
                    "chat_room",
                    Status::Launched,
                    Date::ym(2020, 3),
                    2,
                ),
                event("duoshan", "group_chat", Status::Has, None, 2),
                event("nobody", "chat_room", Status::Has, None, 2),
            ],
        );
        m
    }

    #[test]
    fn unknown_ids_are_dropped_and_indexes_agree() {
        let m = model();
        assert_eq!(m.events.len(), 4);
        assert_eq!(m.article_events(0), &[0, 1, 2, 3]);
        assert_eq!(m.evidence(1), "p1");
        assert!(m.events.iter().all(|e| e.article == "a"));
    }

    #[test]
    fn cells_are_in_date_order_and_summaries_take_the_strongest_status() {
        let m = model();
        let (douyin, chat_room) = (0, 1);
        assert_eq!(m.cell(douyin, chat_room), &[2, 1]);
        let s = m.cell_summary(douyin, chat_room).expect("known cell");
        assert_eq!(s.status, Status::Launched);
        assert_eq!(s.earliest, Date::ym(2020, 3));
        assert_eq!(s.count, 2);
        assert!(m.cell_summary(douyin, 0).is_none());
    }

    #[test]
    fn rows_put_apps_under_their_parent_and_hide_silent_platforms() {
        let m = model();
        let rows: Vec<(&str, u8)> = m
            .rows(SortBy::Activity, false)
            .iter()
            .map(|r| (m.knowledge.platforms[r.platform].id.as_str(), r.depth))
            .collect();
        assert_eq!(rows, vec![("douyin", 0), ("duoshan", 1), ("kuaishou", 0)]);
        let earliest: Vec<usize> = m
            .rows(SortBy::Earliest, false)
            .iter()
            .map(|r| r.platform)
            .collect();
        assert_eq!(earliest, vec![1, 0, 2]);
        assert_eq!(m.rows(SortBy::Name, true).len(), 4);
    }

    #[test]
    fn timeline_orders_by_date_with_undated_last_and_filters() {
        let m = model();
        assert_eq!(m.timeline(None, None), vec![0, 2, 1, 3]);
        assert_eq!(m.timeline(Some(0), None), vec![2, 1]);
        assert_eq!(m.timeline(None, Some(0)), vec![3]);
    }

    #[test]
    fn totals_count_platforms_per_feature_and_features_per_platform() {
        let m = model();
        assert_eq!(m.feature_platform_count(1), 2);
        assert_eq!(m.platform_feature_count(0), 1);
    }

    /// A deterministic spread of 60 articles over platforms, features and dates, ties, undated
    /// events and repeated article ids included.
    fn spread() -> Vec<(Article, Vec<Event>)> {
        let plats = ["douyin", "kuaishou", "duoshan", "weixin"];
        let feats = ["group_chat", "chat_room"];
        let statuses = [Status::Launched, Status::Testing, Status::Has];
        (0..60usize)
            .map(|i| {
                let evs = (0..i % 5)
                    .map(|j| {
                        let k = i * 7 + j * 13;
                        let date = (k % 4 != 0)
                            .then(|| Date::ym(2015 + (k % 6) as i32, 1 + (k % 3) as u8))
                            .flatten();
                        event(plats[k % 4], feats[(k / 4) % 2], statuses[k % 3], date, j)
                    })
                    .collect();
                (article(&format!("a{}", i % 50), &["x", "y", "z", "w"]), evs)
            })
            .collect()
    }

    #[test]
    fn batches_give_the_same_model_as_one_article_at_a_time() {
        let articles = spread();
        let mut one = model();
        for (a, evs) in articles.clone() {
            one.add_article(a, evs);
        }
        // Batches merged one by one, and batches merged once at the end by an `Appender`.
        let ways = [1, 7, 64]
            .into_iter()
            .flat_map(|size| [(size, false), (size, true)]);
        for (size, appender) in ways {
            let mut rest = articles.clone().into_iter().peekable();
            let batched = if appender {
                let mut app = Appender::new(model());
                app.reserve(3);
                while rest.peek().is_some() {
                    app.append(rest.by_ref().take(size).collect::<Vec<_>>());
                }
                app.finish()
            } else {
                let mut m = model();
                while rest.peek().is_some() {
                    m.add_articles(rest.by_ref().take(size).collect::<Vec<_>>());
                }
                m
            };
            assert_same_model(
                &batched,
                &one,
                &format!("batch {size}, appender {appender}"),
            );
            assert_eq!(batched.article_index("a3~2"), one.article_index("a3~2"));
        }
        // One at a time is itself in date order, ties by insertion.
        let dates: Vec<_> = one
            .platform_events(0)
            .iter()
            .map(|&e| one.events[e].date)
            .collect();
        let mut want = dates.clone();
        want.sort_by_key(|d| (d.is_none(), *d));
        assert_eq!(dates, want);
    }

    #[test]
    fn an_appender_from_an_empty_model_gives_the_same_model_as_one_article_at_a_time() {
        let knowledge = model().knowledge;
        let mut one = Model::new(knowledge.clone());
        for (a, evs) in spread() {
            one.add_article(a, evs);
        }
        // Told the right number of articles, too few, and nothing.
        for expected in [Some(60), Some(10), None] {
            let mut app = Appender::new(Model::new(knowledge.clone()));
            if let Some(n) = expected {
                app.reserve(n);
            }
            for batch in spread().chunks(16) {
                app.append(batch.to_vec());
            }
            let m = app.finish();
            assert_same_model(&m, &one, &format!("{expected:?}"));
            for a in 0..one.articles.len() {
                assert_eq!(m.article_index(&one.articles[a].id), Some(a));
            }
        }
    }

    /// The same events, articles and lists (the test models have 4 platforms and 2 features).
    fn assert_same_model(got: &Model, want: &Model, label: &str) {
        assert_eq!(got.events, want.events, "{label}");
        assert_eq!(got.articles, want.articles, "{label}");
        for p in 0..4 {
            assert_eq!(got.platform_events(p), want.platform_events(p), "{label}");
            for f in 0..2 {
                assert_eq!(got.cell(p, f), want.cell(p, f), "{label}");
            }
        }
        for a in 0..want.articles.len() {
            assert_eq!(got.article_events(a), want.article_events(a), "{label}");
        }
    }

    #[test]
    fn date_keys_order_like_dates() {
        use crate::date::Part;
        let dates = [
            None,
            Date::new(1900, None, None, None),
            Date::ym(2019, 1),
            Date::ymd(2019, 1, 31),
            Date::ym(2019, 12),
            Date::new(2019, None, None, Some(Part::Early)),
            Date::new(2019, None, None, Some(Part::Late)),
            Date::new(2019, None, None, None),
            Date::ymd(2100, 12, 31),
            Some(Date {
                year: -5,
                month: None,
                day: None,
                part: None,
            }),
        ];
        for a in dates {
            for b in dates {
                let by_date = match (a, b) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                };
                assert_eq!(date_key(a).cmp(&date_key(b)), by_date, "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn radix_sort_orders_by_key_and_keeps_ties_in_order() {
        // Keys differing in low, middle and high bytes (and all of them), with many ties.
        let mut x = 12345u64;
        let mut items: Vec<(u64, usize)> = (0..3000)
            .map(|i| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let key = match i % 4 {
                    0 => date_key(Date::ym(1990 + (x >> 60) as i32, 1 + (x >> 40) as u8 % 12)),
                    1 => ((x >> 33) % 7) << 40,
                    2 => u64::MAX - (x >> 62),
                    _ => (x >> 61) + 0x0100,
                };
                (key, i)
            })
            .collect();
        let mut want = items.clone();
        want.sort_by_key(|&(k, _)| k);
        radix_sort_by_key(&mut items);
        assert_eq!(items, want);
        let mut one = vec![(7, 0)];
        radix_sort_by_key(&mut one);
        assert_eq!(one, vec![(7, 0)]);
        radix_sort_by_key(&mut Vec::new());
    }

    #[test]
    fn duplicate_article_ids_get_a_suffix() {
        let mut m = model();
        m.add_article(article("a", &["x"]), vec![]);
        assert_eq!(m.articles[1].id, "a~2");
        assert_eq!(m.article_index("a~2"), Some(1));
    }
}
