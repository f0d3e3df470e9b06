//! Dashboard state and the one function that changes it.
//!
//! [`App`] holds the model (facts), a [`ViewState`] (where the user is) and a [`Cache`] of
//! everything derived for drawing (rows, cell texts, wrapped lines). [`update`] applies one
//! [`Action`] and refreshes the cache; it does no I/O, so tests drive it directly. Drawing only
//! reads the app (see `ui`).

use super::action::{Action, View};
use super::cache::Cache;
use super::layout::{Layout, Pane};
use super::theme::Theme;
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
}

/// The fuzzy finder's state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Search {
    pub query: String,
    pub scope: Scope,
    pub hits: Vec<Hit>,
    pub sel: usize,
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
        match (self.view.nav.platform, self.view.nav.feature) {
            (Some(p), Some(f)) => self.model.cell(p, f),
            (Some(p), None) => self.model.platform_events(p),
            _ => &[],
        }
    }

    /// The event under the cursor in the active view, if any.
    pub fn current_event(&self) -> Option<usize> {
        match self.view.nav.view {
            View::Matrix if self.view.nav.detail_focus => {
                self.detail_events().get(self.view.nav.detail_sel).copied()
            }
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
        self.clamp();
        self.cache
            .sync_views(&self.model, &mut self.view, &self.layout, &self.theme);
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
            (Some(p), Some(f)) => self.model.cell(p, f).len(),
            (Some(p), None) => self.model.platform_events(p).len(),
            _ => 0,
        };
        nav.detail_sel = nav.detail_sel.min(ndetail.saturating_sub(1));
        if ndetail == 0 {
            nav.detail_focus = false;
        }
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
        let article = self.model.event_article(e);
        let paragraph = ev.paragraph;
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
        nav.view = v;
        if v == View::Reader && nav.reader.is_none() {
            nav.view = View::Articles;
        }
    }

    fn cycle_view(&mut self, forward: bool) {
        const ORDER: [View; 3] = [View::Matrix, View::Timeline, View::Articles];
        let cur = match self.view.nav.view {
            View::Reader => View::Articles,
            v => v,
        };
        let i = ORDER.iter().position(|v| *v == cur).unwrap_or(0);
        let n = ORDER.len();
        let next = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.show_view(ORDER[next]);
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
                let n = self.detail_events().len();
                let nav = &mut self.view.nav;
                nav.detail_sel = offset(nav.detail_sel, delta, n);
            }
            View::Matrix => self.move_rows(delta),
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
            View::Reader => self.layout.main_rows(),
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
                if !self.detail_events().is_empty() {
                    self.view.nav.detail_focus = true;
                }
            }
            View::Timeline => {
                if let Some(e) = self.current_event() {
                    self.open_event(e);
                }
            }
            View::Articles => self.open_article(self.view.nav.article_sel),
            View::Reader => {}
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
        self.view.overlay = Overlay::None;
        use crate::search::Target;
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

    fn click(&mut self, x: u16, y: u16) {
        let hit = self.layout.hit(x, y);
        match hit {
            Some(Pane::Tab(v)) => self.show_view(v),
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
    match action {
        Action::Quit => app.quit = true,
        Action::Loaded {
            articles,
            diagnostics,
            progress,
            elapsed,
        } => {
            app.model.add_diagnostics(diagnostics);
            for (a, evs) in articles {
                app.model.add_article(a, evs);
            }
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
