//! Dashboard state and the one function that changes it.
//!
//! [`App`] holds the model (facts), a [`ViewState`] (where the user is) and a [`Cache`] of
//! everything derived for drawing (rows, cell texts, wrapped lines). [`update`] applies one
//! [`Action`] and refreshes the cache; it does no I/O, so tests drive it directly. Drawing only
//! reads the app (see `ui`).

use super::action::{Action, Effect, View};
use super::cache::Cache;
use super::layout::{Layout, Pane};
use super::theme::Theme;
use crate::compare::Comparison;
use crate::discover::{Candidate, Suggestion};
use crate::loader::Progress;
use crate::model::{Model, SortBy};
use crate::search::{Hit, Scope, SearchIndex};
use ratatui::layout::Rect;
use std::time::Duration;

/// Where the user is: everything `Esc` must be able to restore.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Nav {
    pub view: View,
    /// In the matrix view: the keyboard is in the detail pane, not the grid.
    pub detail_focus: bool,
    /// Selected platform (knowledge index); follows the platform when rows re-sort.
    pub platform: Option<usize>,
    /// Selected feature column; `None` is the platform column (all the platform's events).
    pub feature: Option<usize>,
    pub row_scroll: usize,
    pub col_scroll: usize,
    pub detail_sel: usize,
    pub detail_scroll: usize,
    /// Selected event, as a position in the (filtered) timeline.
    pub timeline_sel: usize,
    pub timeline_scroll: usize,
    /// The timeline shows only the selected platform and/or feature.
    pub filter: bool,
    pub article_sel: usize,
    pub article_scroll: usize,
    pub reader: Option<Reader>,
    /// The matrix shows companies (rolled up) instead of platforms.
    pub companies: bool,
    /// Selected row of the company roll-up.
    pub company_sel: usize,
    pub company_scroll: usize,
    /// First visible line of the compare view.
    pub compare_scroll: usize,
}

/// An open article in the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reader {
    pub article: usize,
    /// The highlighted block (the evidence paragraph), if any.
    pub current: Option<usize>,
    /// First visible line.
    pub scroll: usize,
    /// Scroll `current` into view once the lines are laid out for the pane's width.
    pub pending: bool,
}

/// What is drawn over the view.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Overlay {
    #[default]
    None,
    Help {
        scroll: usize,
    },
    Problems {
        scroll: usize,
    },
    Search(Search),
    /// Names the knowledge base does not know (`D`).
    Discover {
        sel: usize,
    },
}

/// The fuzzy finder's state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Search {
    pub query: String,
    pub scope: Scope,
    pub hits: Vec<Hit>,
    pub sel: usize,
    /// What accepting a hit does.
    pub pick: Pick,
}

/// What the finder is for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Pick {
    /// Go to the hit (a row, a column, an article).
    #[default]
    Go,
    /// Pick platforms to compare: Space/Enter toggles, Ctrl-R runs. Knowledge indexes, in order.
    Compare(Vec<usize>),
    /// Pick the feature a discovered name (index into the candidates) is another name of.
    Alias(usize),
}

/// Selection, scroll, focus, query and the back stack.
#[derive(Debug, Clone, Default)]
pub struct ViewState {
    pub nav: Nav,
    pub overlay: Overlay,
    pub sort: SortBy,
    /// Where each `Open` came from, most recent last.
    pub back: Vec<Nav>,
}

/// Loading progress shown in the status bar until the loader is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loading {
    pub progress: Progress,
    pub elapsed: Duration,
}

/// The whole dashboard.
pub struct App {
    pub model: Model,
    pub view: ViewState,
    pub theme: Theme,
    pub layout: Layout,
    pub cache: Cache,
    /// `Some` while articles are still loading.
    pub loading: Option<Loading>,
    pub quit: bool,
    search_index: Option<SearchIndex>,
    /// The index predates the latest articles.
    search_stale: bool,
    /// The comparison the compare view shows (`c`).
    pub comparison: Option<Comparison>,
    /// Discovered names for the discover panel; rebuilt when the model changed.
    pub candidates: Vec<Candidate>,
    candidates_stale: bool,
    /// Work for the run loop (clipboard, files, re-extraction); `update` only queues it.
    pub effects: Vec<Effect>,
    /// A short message for the status bar ("reloaded", "copied …"); the run loop clears it.
    pub note: Option<String>,
    /// The width `cache.compare_lines` were laid out for.
    compare_w: Option<u16>,
}

/// Hits the finder shows at most.
const SEARCH_LIMIT: usize = 200;

impl App {
    /// A dashboard over a (possibly still empty) model.
    pub fn new(model: Model, theme: Theme) -> Self {
        let mut app = Self {
            model,
            view: ViewState::default(),
            theme,
            layout: Layout::default(),
            cache: Cache::default(),
            loading: None,
            quit: false,
            search_index: None,
            search_stale: true,
            comparison: None,
            candidates: Vec::new(),
            candidates_stale: true,
            effects: Vec::new(),
            note: None,
            compare_w: None,
        };
        app.sync();
        app
    }

    /// Lays the screen out for a terminal size (a no-op when unchanged) and refreshes the cache.
    pub fn resize(&mut self, area: Rect) {
        if self.layout.area != area || !self.layout.ready {
            self.layout = Layout::compute(area, self.view.nav.view);
            self.sync();
        }
    }

    /// The row index of the selected platform in the current matrix order.
    pub fn selected_row(&self) -> Option<usize> {
        self.view
            .nav
            .platform
            .and_then(|p| self.cache.row_of.get(p).copied().flatten())
    }

    /// Events the detail pane lists for the current selection.
    pub fn detail_events(&self) -> &[usize] {
        if self.view.nav.companies {
            return &[];
        }
        match (self.view.nav.platform, self.view.nav.feature) {
            (Some(p), Some(f)) => self.model.cell(p, f),
            (Some(p), None) => self.model.platform_events(p),
            _ => &[],
        }
    }

    /// The event under the cursor in the active view, if any.
    pub fn current_event(&self) -> Option<usize> {
        match self.view.nav.view {
            View::Matrix => self
                .cache
                .detail
                .get(self.view.nav.detail_sel)
                .map(|d| d.event),
            View::Timeline => self.cache.timeline.get(self.view.nav.timeline_sel).copied(),
            _ => None,
        }
    }

    /// Brings every derived thing up to date with the model, view state and layout.
    fn sync(&mut self) {
        if self.layout.area != self.layout_area_for_view() {
            // View changed: the layout depends on it.
            self.layout = Layout::compute(self.layout.area, self.view.nav.view);
        }
        self.cache
            .sync(&self.model, &self.view, &self.layout, &self.theme);
        let w = self.layout.area.width.saturating_sub(2);
        if let Some(c) = &self.comparison
            && self.compare_w != Some(w)
        {
            self.cache.compare_lines =
                super::ui::compare_lines(&self.model, c, &self.theme, usize::from(w));
            self.compare_w = Some(w);
        }
        self.clamp();
        self.cache
            .sync_views(&self.model, &mut self.view, &self.layout, &self.theme);
        if self.view.nav.companies {
            // The company detail list is built in `sync_views`; keep the cursor inside it.
            let nav = &mut self.view.nav;
            nav.detail_sel = nav
                .detail_sel
                .min(self.cache.detail.len().saturating_sub(1));
            if self.cache.detail.is_empty() {
                nav.detail_focus = false;
            }
        }
    }

    fn layout_area_for_view(&self) -> Rect {
        if self.layout.view == self.view.nav.view {
            self.layout.area
        } else {
            Rect::default()
        }
    }

    /// Keeps selections inside their lists and cursors inside their viewports.
    fn clamp(&mut self) {
        let nav = &mut self.view.nav;
        let rows = &self.cache.rows;
        // Select the first row once there is one; keep a selection whose row vanished on the
        // first row rather than nowhere.
        if rows.is_empty() {
            nav.platform = None;
        } else if nav
            .platform
            .is_none_or(|p| self.cache.row_of.get(p).copied().flatten().is_none())
        {
            nav.platform = Some(rows[0].platform);
        }
        let nfeat = self.model.knowledge.features.len();
        if nav.feature.is_some_and(|f| f >= nfeat) {
            nav.feature = None;
        }
        let ndetail = match (nav.platform, nav.feature) {
            _ if nav.companies => usize::MAX,
            (Some(p), Some(f)) => self.model.cell(p, f).len(),
            (Some(p), None) => self.model.platform_events(p).len(),
            _ => 0,
        };
        nav.detail_sel = nav.detail_sel.min(ndetail.saturating_sub(1));
        if ndetail == 0 {
            nav.detail_focus = false;
        }
        let ncomp = self.cache.companies.len();
        nav.company_sel = nav.company_sel.min(ncomp.saturating_sub(1));
        nav.company_scroll =
            keep_visible(nav.company_scroll, nav.company_sel, self.layout.grid_rows());
        if nav.view == View::Compare && self.comparison.is_none() {
            nav.view = View::Matrix;
        }
        let compare_max = self
            .cache
            .compare_lines
            .len()
            .saturating_sub(self.layout.main_rows().max(1));
        nav.compare_scroll = nav.compare_scroll.min(compare_max);
        nav.timeline_sel = nav
            .timeline_sel
            .min(self.cache.timeline.len().saturating_sub(1));
        nav.article_sel = nav
            .article_sel
            .min(self.model.articles.len().saturating_sub(1));
        if nav
            .reader
            .as_ref()
            .is_some_and(|r| r.article >= self.model.articles.len())
        {
            nav.reader = None;
        }
        if nav.view == View::Reader && nav.reader.is_none() {
            nav.view = View::Articles;
        }
        let grid_rows = self.layout.grid_rows();
        if let Some(row) = nav
            .platform
            .and_then(|p| self.cache.row_of.get(p).copied().flatten())
        {
            nav.row_scroll = keep_visible(nav.row_scroll, row, grid_rows);
        }
        nav.row_scroll = nav.row_scroll.min(rows.len().saturating_sub(1));
        let list_h = self.layout.list_rows();
        if let Some(pos) = self.cache.timeline_pos.get(nav.timeline_sel).copied() {
            nav.timeline_scroll = keep_visible(nav.timeline_scroll, pos, list_h);
            // Show the year heading above the first event when scrolled to the top of a year.
            if nav.timeline_scroll == pos && pos > 0 && nav.timeline_sel == 0 {
                nav.timeline_scroll = pos - 1;
            }
        }
        nav.article_scroll = keep_visible(nav.article_scroll, nav.article_sel, list_h);
    }

    fn search(&mut self) -> Option<&SearchIndex> {
        if self.search_stale || self.search_index.is_none() {
            self.search_index = Some(SearchIndex::new(&self.model));
            self.search_stale = false;
        }
        self.search_index.as_ref()
    }

    fn refresh_hits(&mut self) {
        let (query, scope) = match &self.view.overlay {
            Overlay::Search(s) => (s.query.clone(), s.scope),
            _ => return,
        };
        let hits = self
            .search()
            .map(|ix| ix.search(&query, scope, SEARCH_LIMIT))
            .unwrap_or_default();
        if let Overlay::Search(s) = &mut self.view.overlay {
            s.hits = hits;
            s.sel = 0;
        }
    }

    /// Remembers where the user is, for `Esc`.
    fn push_back(&mut self) {
        self.view.back.push(self.view.nav.clone());
        // A long session of opening things should not grow without bound.
        if self.view.back.len() > 256 {
            self.view.back.remove(0);
        }
    }

    /// Opens an event's source paragraph in the reader.
    fn open_event(&mut self, e: usize) {
        let Some(ev) = self.model.events.get(e) else {
            return;
        };
        let paragraph = ev.paragraph;
        self.open_paragraph(self.model.event_article(e), paragraph);
    }

    /// Opens the reader on an article with one paragraph highlighted and scrolled into view,
    /// remembering where the user was.
    fn open_paragraph(&mut self, article: usize, paragraph: usize) {
        self.push_back();
        self.view.nav.view = View::Reader;
        self.view.nav.detail_focus = false;
        self.view.nav.article_sel = article;
        self.view.nav.reader = Some(Reader {
            article,
            current: Some(paragraph),
            scroll: 0,
            pending: true,
        });
    }

    fn open_article(&mut self, article: usize) {
        if article >= self.model.articles.len() {
            return;
        }
        self.push_back();
        self.view.nav.view = View::Reader;
        self.view.nav.article_sel = article;
        self.view.nav.reader = Some(Reader {
            article,
            current: None,
            scroll: 0,
            pending: false,
        });
    }

    fn show_view(&mut self, v: View) {
        let nav = &mut self.view.nav;
        if v == View::Articles && nav.view == View::Reader {
            nav.view = View::Articles;
            return;
        }
        if v == View::Compare && self.comparison.is_none() {
            self.note = Some("no comparison yet: press c to pick platforms".into());
            return;
        }
        nav.view = v;
        if v == View::Reader && nav.reader.is_none() {
            nav.view = View::Articles;
        }
    }

    fn cycle_view(&mut self, forward: bool) {
        const ALL: [View; 4] = [View::Matrix, View::Timeline, View::Articles, View::Compare];
        // The compare view joins the cycle once there is a comparison.
        let n = if self.comparison.is_some() { 4 } else { 3 };
        let order = &ALL[..n];
        let cur = match self.view.nav.view {
            View::Reader => View::Articles,
            v => v,
        };
        let i = order.iter().position(|v| *v == cur).unwrap_or(0);
        let next = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.show_view(order[next]);
    }

    fn move_rows(&mut self, delta: isize) {
        let rows = &self.cache.rows;
        if rows.is_empty() {
            return;
        }
        let cur = self.selected_row().unwrap_or(0);
        let next = offset(cur, delta, rows.len());
        self.view.nav.platform = Some(rows[next].platform);
        self.view.nav.detail_sel = 0;
        self.view.nav.detail_scroll = 0;
    }

    fn move_cols(&mut self, delta: isize) {
        let nfeat = self.model.knowledge.features.len();
        let nav = &mut self.view.nav;
        // Column 0 is the platform column, 1.. the features.
        let cur = nav.feature.map_or(0, |f| f + 1);
        let next = offset(cur, delta, nfeat + 1);
        nav.feature = next.checked_sub(1);
        nav.detail_sel = 0;
        nav.detail_scroll = 0;
    }

    /// Moves whatever list the active view has by `delta` rows.
    fn move_cursor(&mut self, delta: isize) {
        let page = self.layout.list_rows().max(1);
        let nav = &mut self.view.nav;
        match nav.view {
            View::Matrix if nav.detail_focus => {
                let n = self.cache.detail.len();
                let nav = &mut self.view.nav;
                nav.detail_sel = offset(nav.detail_sel, delta, n);
            }
            View::Matrix if nav.companies => {
                nav.company_sel = offset(nav.company_sel, delta, self.cache.companies.len());
                nav.detail_sel = 0;
                nav.detail_scroll = 0;
            }
            View::Matrix => self.move_rows(delta),
            View::Compare => {
                let max = self
                    .cache
                    .compare_lines
                    .len()
                    .saturating_sub(self.layout.main_rows().max(1));
                nav.compare_scroll = offset(nav.compare_scroll, delta, max + 1);
            }
            View::Timeline => {
                nav.timeline_sel = offset(nav.timeline_sel, delta, self.cache.timeline.len());
            }
            View::Articles => {
                nav.article_sel = offset(nav.article_sel, delta, self.model.articles.len());
            }
            View::Reader => {
                let total = self.cache.reader_lines.len();
                let view_h = self.layout.main_rows();
                if let Some(r) = &mut nav.reader {
                    let max = total.saturating_sub(view_h.max(1));
                    r.scroll = offset(r.scroll, delta, max + 1);
                    let _ = page;
                }
            }
        }
    }

    fn page(&self) -> isize {
        let h = match self.view.nav.view {
            View::Matrix if self.view.nav.detail_focus => 3,
            View::Matrix => self.layout.grid_rows(),
            View::Reader | View::Compare => self.layout.main_rows(),
            _ => self.layout.list_rows(),
        };
        h.max(1) as isize
    }

    fn jump_evidence(&mut self, forward: bool) {
        let Some(r) = &self.view.nav.reader else {
            return;
        };
        let article = r.article;
        let from = r.current.unwrap_or_else(|| {
            // Without a highlighted block, start from the top of the screen.
            self.cache.reader_block_at(r.scroll).unwrap_or(0)
        });
        let mut blocks: Vec<usize> = self
            .model
            .article_events(article)
            .iter()
            .map(|&e| self.model.events[e].paragraph)
            .collect();
        blocks.sort_unstable();
        blocks.dedup();
        let next = if r.current.is_none() && forward {
            blocks.iter().copied().find(|&b| b >= from)
        } else if forward {
            blocks.iter().copied().find(|&b| b > from)
        } else {
            blocks.iter().rev().copied().find(|&b| b < from)
        };
        if let (Some(b), Some(r)) = (next, &mut self.view.nav.reader) {
            r.current = Some(b);
            r.pending = true;
        }
    }

    fn open(&mut self) {
        match self.view.nav.view {
            View::Matrix if self.view.nav.detail_focus => {
                if let Some(e) = self.current_event() {
                    self.open_event(e);
                }
            }
            View::Matrix => {
                if !self.cache.detail.is_empty() {
                    self.view.nav.detail_focus = true;
                }
            }
            View::Timeline => {
                if let Some(e) = self.current_event() {
                    self.open_event(e);
                }
            }
            View::Articles => self.open_article(self.view.nav.article_sel),
            View::Reader | View::Compare => {}
        }
    }

    fn back(&mut self) {
        if self.view.overlay != Overlay::None {
            self.view.overlay = Overlay::None;
        } else if let Some(nav) = self.view.back.pop() {
            self.view.nav = nav;
        } else if self.view.nav.view == View::Matrix && self.view.nav.detail_focus {
            self.view.nav.detail_focus = false;
        } else if self.view.nav.view == View::Reader {
            self.view.nav.view = View::Articles;
        } else if self.view.nav.view == View::Compare {
            self.view.nav.view = View::Matrix;
        }
    }

    fn accept_search(&mut self) {
        let Overlay::Search(s) = &self.view.overlay else {
            return;
        };
        let Some(hit) = s.hits.get(s.sel) else {
            return;
        };
        let target = hit.target;
        use crate::search::Target;
        match (&s.pick, target) {
            (Pick::Compare(_), _) => return self.toggle_pick(),
            (Pick::Alias(c), Target::Feature(f)) => {
                let c = *c;
                self.view.overlay = Overlay::None;
                if let Some(cand) = self.candidates.get(c) {
                    let feature = self.model.knowledge.features[f].id.clone();
                    self.effects.push(Effect::Teach(Suggestion::FeatureAlias {
                        feature: Some(feature),
                        alias: cand.name.clone(),
                    }));
                }
                return;
            }
            (Pick::Alias(_), _) => return,
            (Pick::Go, _) => {}
        }
        self.view.overlay = Overlay::None;
        match target {
            // Picking a row or column moves the cursor like arrow keys do; only opening
            // something (an article) is a place `Esc` returns from.
            Target::Platform(p) => {
                let nav = &mut self.view.nav;
                nav.view = View::Matrix;
                nav.platform = Some(p);
                nav.feature = None;
                nav.detail_focus = false;
                nav.detail_sel = 0;
                nav.detail_scroll = 0;
                // A platform without events has no row yet; show every platform so it has one.
                if self.cache.row_of.get(p).copied().flatten().is_none() {
                    self.cache.show_all = true;
                }
            }
            Target::Feature(f) => {
                let nav = &mut self.view.nav;
                nav.view = View::Matrix;
                nav.feature = Some(f);
                nav.detail_focus = false;
                nav.detail_sel = 0;
            }
            Target::Article(a) => self.open_article(a),
        }
    }

    /// In the compare finder: picks the platform under the cursor, or unpicks it.
    fn toggle_pick(&mut self) {
        if let Overlay::Search(s) = &mut self.view.overlay
            && let Pick::Compare(picked) = &mut s.pick
            && let Some(crate::search::Target::Platform(p)) = s.hits.get(s.sel).map(|h| h.target)
        {
            match picked.iter().position(|&q| q == p) {
                Some(i) => {
                    picked.remove(i);
                }
                None => picked.push(p),
            }
        }
    }

    /// Runs the comparison of the picked platforms and shows it.
    fn confirm_compare(&mut self) {
        let Overlay::Search(Search {
            pick: Pick::Compare(picked),
            ..
        }) = &self.view.overlay
        else {
            return;
        };
        if picked.len() < 2 {
            self.note = Some("pick at least two platforms (Space or Enter), then Ctrl-R".into());
            return;
        }
        let picked = picked.clone();
        self.view.overlay = Overlay::None;
        self.set_comparison(crate::compare::compare(&self.model, &picked));
        self.push_back();
        self.view.nav.view = View::Compare;
        self.view.nav.compare_scroll = 0;
    }

    fn set_comparison(&mut self, c: Comparison) {
        self.comparison = Some(c);
        self.compare_w = None;
    }

    /// The discovered names, recomputed when the model changed since the last time.
    fn refresh_candidates(&mut self) {
        if self.candidates_stale {
            self.candidates = crate::discover::discover(&self.model);
            self.candidates_stale = false;
        }
    }

    /// The selected candidate of the discover panel.
    fn candidate(&self) -> Option<(usize, &Candidate)> {
        match self.view.overlay {
            Overlay::Discover { sel } => self.candidates.get(sel).map(|c| (sel, c)),
            _ => None,
        }
    }

    /// `a`: teach the selected name as a platform (the suggestion's, or a bare one by name).
    fn add_platform(&mut self) {
        let Some((_, c)) = self.candidate() else {
            return;
        };
        let platform = match &c.suggestion {
            Suggestion::Platform(p) => p.clone(),
            Suggestion::FeatureAlias { .. } => crate::knowledge::Platform {
                id: crate::discover::pinyin_id(&c.name),
                name: c.name.clone(),
                aliases: Vec::new(),
                company: None,
                parent: None,
                kind: Some("social_app".into()),
            },
        };
        self.note = Some(format!("teaching {} as a platform…", platform.name));
        self.effects
            .push(Effect::Teach(Suggestion::Platform(platform)));
    }

    /// `A`: pick the feature the selected name is another name of, in the finder.
    fn add_alias(&mut self) {
        let Some((i, c)) = self.candidate() else {
            return;
        };
        let query = match &c.suggestion {
            Suggestion::FeatureAlias {
                feature: Some(f), ..
            } => f.clone(),
            _ => String::new(),
        };
        self.view.overlay = Overlay::Search(Search {
            query,
            scope: Scope::Features,
            pick: Pick::Alias(i),
            ..Search::default()
        });
        self.refresh_hits();
    }

    /// Enter in the discover panel: the paragraph that launches the name, in the reader.
    fn open_candidate(&mut self) {
        let Some((_, c)) = self.candidate() else {
            return;
        };
        let Some(m) = c.evidence() else {
            return;
        };
        let (article, block) = (m.article, m.block);
        if article >= self.model.articles.len() {
            return;
        }
        self.view.overlay = Overlay::None;
        self.open_paragraph(article, block);
    }

    /// `y`: the event under the cursor as a citation, on the clipboard via OSC 52.
    fn copy(&mut self) {
        let Some(e) = self.current_event() else {
            self.note = Some("nothing to copy: select an event".into());
            return;
        };
        let text = crate::cite::citation(&self.model, e);
        let k = &self.model.knowledge;
        let what = format!(
            "{} · {}",
            k.platforms[self.model.event_platform(e)].name,
            k.features[self.model.event_feature(e)].name
        );
        self.effects.push(Effect::Clipboard {
            osc52: crate::cite::osc52(&text),
            what,
        });
    }

    /// `e`: the current view as Markdown, for the run loop to write.
    fn export_view(&mut self) {
        use crate::cite::{self, View as V};
        let m = &self.model;
        let (view, text) = match self.view.nav.view {
            View::Matrix if self.view.nav.companies => (V::Companies, cite::companies_markdown(m)),
            View::Matrix => (V::Matrix, cite::matrix_markdown(m)),
            View::Timeline => (
                V::Timeline,
                cite::timeline_markdown(m, &self.cache.timeline),
            ),
            View::Compare => match &self.comparison {
                Some(c) => (V::Compare, cite::comparison_markdown(m, c)),
                None => return,
            },
            View::Articles | View::Reader => {
                self.note = Some("export works in the matrix, timeline and compare views".into());
                return;
            }
        };
        self.effects.push(Effect::Export { view, text });
    }

    /// Swaps in a rebuilt model, keeping what the user looks at by id (platform, feature,
    /// article, company, compared platforms) and every scroll position.
    pub fn apply_model(&mut self, model: Model) {
        let old = &self.model;
        let ok = &old.knowledge;
        let nav = &self.view.nav;
        let pid = nav
            .platform
            .and_then(|p| ok.platforms.get(p))
            .map(|p| p.id.clone());
        let fid = nav
            .feature
            .and_then(|f| ok.features.get(f))
            .map(|f| f.id.clone());
        let reader_id = nav
            .reader
            .as_ref()
            .and_then(|r| old.articles.get(r.article))
            .map(|a| a.id.clone());
        let article_id = old.articles.get(nav.article_sel).map(|a| a.id.clone());
        let company = nav
            .companies
            .then(|| self.cache.companies.get(nav.company_sel))
            .flatten()
            .map(|r| r.label.clone());
        let event_key = |m: &Model, e: usize| {
            let ev = &m.events[e];
            (
                m.articles[m.event_article(e)].id.clone(),
                ev.paragraph,
                m.knowledge.platforms[m.event_platform(e)].id.clone(),
                m.knowledge.features[m.event_feature(e)].id.clone(),
            )
        };
        let timeline_event = self
            .cache
            .timeline
            .get(nav.timeline_sel)
            .map(|&e| event_key(old, e));
        let compared: Option<Vec<String>> = self.comparison.as_ref().map(|c| {
            c.platforms
                .iter()
                .map(|&p| ok.platforms[p].id.clone())
                .collect()
        });
        let show_all = self.cache.show_all;

        self.model = model;
        let k = &self.model.knowledge;
        let nav = &mut self.view.nav;
        nav.platform = pid.and_then(|id| k.platform_index(&id));
        nav.feature = fid.and_then(|id| k.feature_index(&id));
        if let Some(a) = article_id.and_then(|id| self.model.article_index(&id)) {
            nav.article_sel = a;
        }
        match reader_id.and_then(|id| self.model.article_index(&id)) {
            Some(a) => {
                if let Some(r) = &mut nav.reader {
                    r.article = a;
                }
            }
            None => nav.reader = None,
        }
        let compared: Option<Vec<usize>> =
            compared.map(|ids| ids.iter().filter_map(|id| k.platform_index(id)).collect());
        // Indexes in the back stack belong to the old model.
        self.view.back.clear();
        self.cache = Cache::default();
        self.cache.show_all = show_all;
        self.compare_w = None;
        self.search_index = None;
        self.search_stale = true;
        self.candidates_stale = true;
        if matches!(self.view.overlay, Overlay::Discover { .. }) {
            self.refresh_candidates();
        }
        if let Some(ps) = compared {
            if ps.len() >= 2 {
                self.set_comparison(crate::compare::compare(&self.model, &ps));
            } else {
                self.comparison = None;
            }
        }
        self.sync();
        if let Some(label) = company
            && let Some(i) = self.cache.companies.iter().position(|r| r.label == label)
        {
            self.view.nav.company_sel = i;
        }
        if let Some(key) = timeline_event
            && let Some(i) = self
                .cache
                .timeline
                .iter()
                .position(|&e| event_key(&self.model, e) == key)
        {
            self.view.nav.timeline_sel = i;
        }
    }

    fn click(&mut self, x: u16, y: u16) {
        let hit = self.layout.hit(x, y);
        match hit {
            Some(Pane::Tab(v)) => self.show_view(v),
            Some(Pane::Grid) if self.view.nav.companies => {
                let top = self.layout.grid_inner().y + 1;
                if y >= top {
                    let i = self.view.nav.company_scroll + usize::from(y - top);
                    if i < self.cache.companies.len() {
                        self.view.nav.company_sel = i;
                        self.view.nav.detail_sel = 0;
                        self.view.nav.detail_scroll = 0;
                    }
                }
            }
            Some(Pane::Grid) => {
                if let Some((row, col)) = self.cache.grid_hit(&self.layout, &self.view.nav, x, y) {
                    if let Some(r) = row.and_then(|r| self.cache.rows.get(r)) {
                        self.view.nav.platform = Some(r.platform);
                    }
                    if let Some(c) = col {
                        self.view.nav.feature = c;
                    }
                    self.view.nav.detail_focus = false;
                    self.view.nav.detail_sel = 0;
                    self.view.nav.detail_scroll = 0;
                }
            }
            Some(Pane::Detail) => {
                if let Some(i) = self.cache.detail_hit(&self.layout, &self.view.nav, y) {
                    self.view.nav.detail_focus = true;
                    self.view.nav.detail_sel = i;
                }
            }
            Some(Pane::List) => {
                let top = self.layout.list_inner().y;
                let line = usize::from(y.saturating_sub(top));
                let nav = &mut self.view.nav;
                match nav.view {
                    View::Timeline => {
                        let pos = nav.timeline_scroll + line;
                        if let Some(i) = self.cache.timeline_pos.iter().position(|&p| p == pos) {
                            nav.timeline_sel = i;
                        }
                    }
                    View::Articles => {
                        let i = nav.article_scroll + line;
                        if i < self.model.articles.len() {
                            nav.article_sel = i;
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    fn scroll(&mut self, x: u16, y: u16, down: bool) {
        let d: isize = if down { 3 } else { -3 };
        match self.layout.hit(x, y) {
            Some(Pane::Grid) => {
                let nav = &mut self.view.nav;
                nav.row_scroll = offset(nav.row_scroll, d, self.cache.rows.len());
                // Keep the cursor on screen by moving it with the page.
                let h = self.layout.grid_rows();
                let row = self.selected_row().unwrap_or(0);
                let nav = &self.view.nav;
                let new_row = row.clamp(nav.row_scroll, nav.row_scroll + h.saturating_sub(1));
                if let Some(r) = self.cache.rows.get(new_row) {
                    self.view.nav.platform = Some(r.platform);
                }
            }
            Some(Pane::Detail) => {
                let n = self.detail_events().len();
                let nav = &mut self.view.nav;
                nav.detail_sel = offset(nav.detail_sel, d.signum(), n);
            }
            _ => self.move_cursor(d),
        }
    }
}

/// `cur + delta` kept inside `0..len`.
fn offset(cur: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    cur.saturating_add_signed(delta).min(len - 1)
}

/// The scroll offset that keeps `pos` inside a viewport of `height` lines.
pub(crate) fn keep_visible(scroll: usize, pos: usize, height: usize) -> usize {
    // A pane that is not on screen (another view is showing) keeps its scroll as it was.
    if height == 0 {
        return scroll;
    }
    if pos < scroll {
        pos
    } else if pos >= scroll + height {
        pos + 1 - height
    } else {
        scroll
    }
}

/// Applies one action. Pure: no I/O, no terminal; the cache is refreshed before returning.
pub fn update(app: &mut App, action: Action) {
    let searching = matches!(app.view.overlay, Overlay::Search(_));
    let discovering = matches!(app.view.overlay, Overlay::Discover { .. });
    let comparing = matches!(
        &app.view.overlay,
        Overlay::Search(Search {
            pick: Pick::Compare(_),
            ..
        })
    );
    match action {
        Action::Quit => app.quit = true,
        Action::Reloaded { model, note } => {
            app.apply_model(*model);
            app.note = Some(note);
        }
        Action::Notify(s) => app.note = Some(s),
        Action::ClearNote => app.note = None,
        Action::SearchToggle if comparing => app.toggle_pick(),
        Action::SearchConfirm if comparing => app.confirm_compare(),
        Action::SearchToggle | Action::SearchConfirm => {}
        Action::SearchPrevScope if searching => {
            if let Overlay::Search(s) = &mut app.view.overlay {
                s.scope = match s.scope {
                    Scope::Platforms => Scope::Articles,
                    Scope::Features => Scope::Platforms,
                    Scope::Articles => Scope::Features,
                };
            }
            app.refresh_hits();
        }
        Action::SearchPrevScope => {}
        Action::ToggleDiscover if discovering => app.view.overlay = Overlay::None,
        Action::ToggleDiscover if app.view.overlay == Overlay::None => {
            app.refresh_candidates();
            app.view.overlay = Overlay::Discover { sel: 0 };
        }
        Action::Open if discovering => app.open_candidate(),
        Action::AddPlatform if discovering => app.add_platform(),
        Action::AddAlias if discovering => app.add_alias(),
        Action::Loaded {
            articles,
            diagnostics,
            progress,
            elapsed,
        } => {
            app.model.add_diagnostics(diagnostics);
            app.model.add_articles(articles);
            app.search_stale = true;
            app.loading = Some(Loading { progress, elapsed });
        }
        Action::LoadFinished => {
            app.loading = None;
            app.search_stale = true;
        }
        Action::Back => app.back(),
        Action::ToggleHelp => {
            app.view.overlay = match app.view.overlay {
                Overlay::Help { .. } => Overlay::None,
                _ => Overlay::Help { scroll: 0 },
            }
        }
        Action::ToggleProblems => {
            app.view.overlay = match app.view.overlay {
                Overlay::Problems { .. } => Overlay::None,
                _ => Overlay::Problems { scroll: 0 },
            }
        }
        Action::StartSearch => {
            app.view.overlay = Overlay::Search(Search::default());
            app.refresh_hits();
        }
        Action::SearchInput(c) if searching => {
            if let Overlay::Search(s) = &mut app.view.overlay
                && !c.is_control()
            {
                s.query.push(c);
            }
            app.refresh_hits();
        }
        Action::SearchBackspace if searching => {
            if let Overlay::Search(s) = &mut app.view.overlay {
                s.query.pop();
            }
            app.refresh_hits();
        }
        Action::SearchNextScope if comparing => {}
        Action::SearchNextScope if searching => {
            if let Overlay::Search(s) = &mut app.view.overlay {
                s.scope = match s.scope {
                    Scope::Platforms => Scope::Features,
                    Scope::Features => Scope::Articles,
                    Scope::Articles => Scope::Platforms,
                };
            }
            app.refresh_hits();
        }
        Action::SearchInput(_) | Action::SearchBackspace | Action::SearchNextScope => {}
        Action::Open if searching => app.accept_search(),
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Top
        | Action::Bottom
            if app.view.overlay != Overlay::None =>
        {
            let d: isize = match action {
                Action::Up => -1,
                Action::Down => 1,
                Action::PageUp => -10,
                Action::PageDown => 10,
                Action::Top => isize::MIN / 2,
                _ => isize::MAX / 2,
            };
            match &mut app.view.overlay {
                Overlay::Search(s) => s.sel = offset(s.sel, d, s.hits.len()),
                Overlay::Help { scroll } => *scroll = offset(*scroll, d, super::keymap::help_len()),
                Overlay::Problems { scroll } => {
                    *scroll = offset(*scroll, d, app.model.diagnostics.len())
                }
                Overlay::Discover { sel } => *sel = offset(*sel, d, app.candidates.len()),
                Overlay::None => {}
            }
        }
        _ if app.view.overlay != Overlay::None => {
            // Other keys do nothing under an overlay; clicks close it.
            if matches!(action, Action::Click { .. }) {
                app.view.overlay = Overlay::None;
            }
        }
        Action::Up => app.move_cursor(-1),
        Action::Down => app.move_cursor(1),
        Action::PageUp => {
            let p = app.page();
            app.move_cursor(-p)
        }
        Action::PageDown => {
            let p = app.page();
            app.move_cursor(p)
        }
        Action::Top => app.move_cursor(isize::MIN / 2),
        Action::Bottom => app.move_cursor(isize::MAX / 2),
        Action::StartCompare => {
            // Start from the selected platform, the usual first pick.
            let picked: Vec<usize> = app.view.nav.platform.into_iter().collect();
            app.view.overlay = Overlay::Search(Search {
                pick: Pick::Compare(picked),
                ..Search::default()
            });
            app.refresh_hits();
        }
        Action::ToggleCompanies => {
            let nav = &mut app.view.nav;
            nav.companies = !nav.companies;
            nav.detail_focus = false;
            nav.detail_sel = 0;
            nav.detail_scroll = 0;
            nav.view = View::Matrix;
        }
        Action::Copy => app.copy(),
        Action::ExportView => app.export_view(),
        Action::ToggleDiscover | Action::AddPlatform | Action::AddAlias => {}
        Action::Left => match app.view.nav.view {
            View::Matrix if app.view.nav.detail_focus => app.view.nav.detail_focus = false,
            View::Matrix => app.move_cols(-1),
            _ => {}
        },
        Action::Right => match app.view.nav.view {
            View::Matrix if !app.view.nav.detail_focus => app.move_cols(1),
            _ => {}
        },
        Action::NextView => app.cycle_view(true),
        Action::PrevView => app.cycle_view(false),
        Action::ShowView(v) => app.show_view(v),
        Action::CycleSort => {
            app.view.sort = app.view.sort.next();
        }
        Action::Open => app.open(),
        Action::ToggleFilter => {
            app.view.nav.filter = !app.view.nav.filter;
            app.view.nav.timeline_sel = 0;
            app.view.nav.timeline_scroll = 0;
        }
        Action::NextEvidence => app.jump_evidence(true),
        Action::PrevEvidence => app.jump_evidence(false),
        Action::Click { x, y } => app.click(x, y),
        Action::Scroll { x, y, down } => app.scroll(x, y, down),
    }
    app.sync();
}
