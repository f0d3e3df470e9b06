//! Everything derived from the model and view state for drawing, rebuilt only when what it depends
//! on changes (so a frame allocates nothing per cell): matrix rows and cell texts, totals, column
//! positions, the timeline list, detail pane entries and the reader's wrapped lines.

use super::action::View;
use super::app::{Nav, ViewState, keep_visible};
use super::layout::Layout;
use super::styled::{Mark, wrap_lines};
use super::theme::{self, Theme};
use super::width;
use crate::extract::{SpanKind, Status};
use crate::knowledge::Knowledge;
use crate::model::{Model, Row, SortBy};
use aho_corasick::{AhoCorasick, MatchKind};
use ratatui::text::{Line, Span};

/// One line of the timeline list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineItem {
    /// A year heading (`None`: undated events).
    Year(Option<i32>),
    /// An event, by its position in [`Cache::timeline`].
    Event(usize),
}

/// One entry of the detail pane.
#[derive(Debug, Clone)]
pub struct DetailItem {
    pub event: usize,
    pub lines: Vec<Line<'static>>,
}

/// One laid-out line of the reader.
#[derive(Debug, Clone)]
pub struct ReaderLine {
    /// The block it belongs to (`None`: title, meta, spacing).
    pub block: Option<usize>,
    pub line: Line<'static>,
}

/// A visible matrix feature column: feature index, x and width (without the separator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub feature: usize,
    pub x: u16,
    pub width: u16,
}

/// Words of the knowledge base, found in any text with one automaton.
struct Names {
    matcher: AhoCorasick,
    kinds: Vec<(SpanKind, bool)>,
}

/// What the model looks like, cheaply: articles, events, platforms. Changes on every load batch.
type ModelKey = (usize, usize, usize);
/// The timeline depends on the model and the filter (on, platform, feature).
type TimelineKey = (ModelKey, bool, Option<usize>, Option<usize>);
/// The detail pane depends on the model, the selected cell and the pane width.
type DetailKey = (ModelKey, Option<usize>, Option<usize>, u16, Option<usize>);
/// The reader depends on the model, the article, the highlighted block and the width.
type ReaderKey = (ModelKey, usize, Option<usize>, u16);

/// Derived drawing data; see the module docs.
#[derive(Default)]
pub struct Cache {
    model_key: ModelKey,
    sort: Option<SortBy>,
    /// Show every platform, even those without events (set when the finder picks one).
    pub show_all: bool,
    shown_all: bool,
    pub rows: Vec<Row>,
    /// Row index per platform.
    pub row_of: Vec<Option<usize>>,
    /// Per `platform * features + feature`: the status and the cell text (`● 21-04`).
    pub cells: Vec<Option<(Status, String)>>,
    /// Features per platform.
    pub platform_totals: Vec<usize>,
    /// The same, right-aligned for the totals column.
    pub platform_total_text: Vec<String>,
    /// Platforms per feature.
    pub feature_totals: Vec<usize>,
    /// Width of the platform column (names plus indent).
    pub platform_w: usize,
    /// Width of each feature column.
    pub feature_w: Vec<usize>,
    /// Row labels, padded to `platform_w`.
    pub row_labels: Vec<String>,
    /// Feature headers, padded to their column width.
    pub feature_headers: Vec<String>,
    /// Feature totals, padded to their column width.
    pub feature_footers: Vec<String>,
    /// Visible feature columns for the current scroll and width.
    pub cols: Vec<Column>,
    timeline_key: Option<TimelineKey>,
    /// Events in the timeline, date order.
    pub timeline: Vec<usize>,
    pub timeline_items: Vec<TimelineItem>,
    /// Item position of each timeline event.
    pub timeline_pos: Vec<usize>,
    /// First and last month (see `Date::month_index`) among timeline events.
    pub month_range: Option<(i32, i32)>,
    detail_key: Option<DetailKey>,
    pub detail: Vec<DetailItem>,
    reader_key: Option<ReaderKey>,
    pub reader_lines: Vec<ReaderLine>,
    /// First line of each block in `reader_lines`.
    pub reader_block_start: Vec<usize>,
    names: Option<Names>,
    lanes_key: Option<(TimelineKey, u16)>,
    /// Lane chart: per platform in view, its markers as (x offset in the plot, feature), one per
    /// column (the latest event wins), left to right.
    pub lanes: Vec<(usize, Vec<(u16, usize)>)>,
    /// Per lane: it has dated events before the axis start (drawn as `◂` at the left edge).
    pub lanes_clipped: Vec<bool>,
    /// The lane axis starts later than the earliest event (a few outlier years are clipped).
    pub lanes_clip: bool,
    companies_key: Option<ModelKey>,
    /// The matrix rolled up by company (`C`), busiest first.
    pub companies: Vec<crate::compare::CompanyRow>,
    /// Row labels of the roll-up, padded to `platform_w`.
    pub company_labels: Vec<String>,
    /// Per company row, per feature: status and padded cell text.
    pub company_cells: Vec<Vec<Option<(Status, String)>>>,
    /// The comparison laid out as lines (`View::Compare`), built when a comparison is run.
    pub compare_lines: Vec<Line<'static>>,
}

/// Width of the totals column (`Σ` and a count).
pub const TOTAL_W: usize = 4;
/// A cell: glyph, space, `21-04`.
const CELL_MIN_W: usize = 7;
const CELL_MAX_W: usize = 10;

impl Cache {
    /// Rebuilds what depends on the model and sort order.
    pub fn sync(&mut self, model: &Model, view: &ViewState, _layout: &Layout, theme: &Theme) {
        let key = (
            model.articles.len(),
            model.events.len(),
            model.knowledge.platforms.len(),
        );
        if key != self.model_key || Some(view.sort) != self.sort || self.show_all != self.shown_all
        {
            if self.names.is_none() || key.2 != self.model_key.2 {
                self.names = Names::new(&model.knowledge);
            }
            self.model_key = key;
            self.sort = Some(view.sort);
            self.shown_all = self.show_all;
            self.rebuild_matrix(model);
        }
        if view.nav.companies && self.companies_key != Some(key) {
            self.companies_key = Some(key);
            self.rebuild_companies(model);
        }
        let nav = &view.nav;
        let tl_key = (
            key,
            nav.filter,
            nav.filter.then_some(nav.platform).flatten(),
            nav.filter.then_some(nav.feature).flatten(),
        );
        if self.timeline_key != Some(tl_key) {
            self.timeline_key = Some(tl_key);
            self.rebuild_timeline(model, tl_key.2, tl_key.3);
        }
        let _ = theme;
    }

    fn rebuild_matrix(&mut self, model: &Model) {
        let k = &model.knowledge;
        let nfeat = k.features.len();
        self.rows = model.rows(self.sort.unwrap_or_default(), self.show_all);
        self.row_of = vec![None; k.platforms.len()];
        for (i, r) in self.rows.iter().enumerate() {
            self.row_of[r.platform] = Some(i);
        }
        self.feature_w = k
            .features
            .iter()
            .map(|f| width::width(&f.name).clamp(CELL_MIN_W, CELL_MAX_W))
            .collect();
        self.platform_w = self
            .rows
            .iter()
            .map(|r| width::width(&k.platforms[r.platform].name) + 2 * usize::from(r.depth))
            .max()
            .unwrap_or(8)
            .clamp(8, 18);
        self.row_labels = self
            .rows
            .iter()
            .map(|r| {
                let name = &k.platforms[r.platform].name;
                let label = if r.depth > 0 {
                    format!("└ {name}")
                } else {
                    name.clone()
                };
                width::pad(&label, self.platform_w)
            })
            .collect();
        self.feature_headers = k
            .features
            .iter()
            .zip(&self.feature_w)
            .map(|(f, &w)| width::pad(&f.name, w))
            .collect();
        self.cells = vec![None; k.platforms.len() * nfeat];
        self.platform_totals = vec![0; k.platforms.len()];
        self.feature_totals = vec![0; nfeat];
        for p in 0..k.platforms.len() {
            for f in 0..nfeat {
                if let Some(s) = model.cell_summary(p, f) {
                    let date = s.earliest.map(|d| d.short()).unwrap_or_default();
                    let text = format!("{} {}", theme::glyph(s.status), date);
                    self.cells[p * nfeat + f] =
                        Some((s.status, width::pad(&text, self.feature_w[f])));
                    self.platform_totals[p] += 1;
                    self.feature_totals[f] += 1;
                }
            }
        }
        self.platform_total_text = self
            .platform_totals
            .iter()
            .map(|n| format!("{n:>w$}", w = TOTAL_W))
            .collect();
        self.feature_footers = self
            .feature_totals
            .iter()
            .zip(&self.feature_w)
            .map(|(n, &w)| width::pad(&n.to_string(), w))
            .collect();
    }

    fn rebuild_companies(&mut self, model: &Model) {
        self.companies = crate::compare::company_rollup(model, false);
        let w = self.platform_w;
        self.company_labels = self
            .companies
            .iter()
            .map(|r| width::pad(&width::truncate(&r.label, w), w))
            .collect();
        self.company_cells = self
            .companies
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .zip(&self.feature_w)
                    .map(|(c, &fw)| {
                        c.as_ref().map(|c| {
                            let date = c.earliest.map(|d| d.short()).unwrap_or_default();
                            let text = format!("{} {}", theme::glyph(c.status), date);
                            (c.status, width::pad(&text, fw))
                        })
                    })
                    .collect()
            })
            .collect();
    }

    /// Events of a company row: its platforms' events in the feature column (or all of them),
    /// in date order, undated last.
    pub fn company_events(&self, model: &Model, row: usize, feature: Option<usize>) -> Vec<usize> {
        let Some(r) = self.companies.get(row) else {
            return Vec::new();
        };
        let mut evs: Vec<usize> = r
            .platforms
            .iter()
            .flat_map(|&p| match feature {
                Some(f) => model.cell(p, f).iter().copied(),
                None => model.platform_events(p).iter().copied(),
            })
            .collect();
        evs.sort_by_key(|&e| {
            let d = model.events[e].date;
            (d.is_none(), d.map(|d| (d.month_index(), d.day)), e)
        });
        evs
    }

    fn rebuild_timeline(&mut self, model: &Model, platform: Option<usize>, feature: Option<usize>) {
        self.timeline = model.timeline(platform, feature);
        self.timeline_items.clear();
        self.timeline_pos.clear();
        let mut year: Option<Option<i32>> = None;
        let mut range: Option<(i32, i32)> = None;
        for (i, &e) in self.timeline.iter().enumerate() {
            let d = model.events[e].date;
            let y = d.map(|d| d.year);
            if year != Some(y) {
                year = Some(y);
                self.timeline_items.push(TimelineItem::Year(y));
            }
            if let Some(d) = d {
                let m = d.month_index();
                range = Some(range.map_or((m, m), |(a, b)| (a.min(m), b.max(m))));
            }
            self.timeline_pos.push(self.timeline_items.len());
            self.timeline_items.push(TimelineItem::Event(i));
        }
        // A robust axis: start at the year of the 5th-percentile event, so one outlier (an
        // article's aside about 1992) does not squash every lane into the right edge.
        let mut months: Vec<i32> = self
            .timeline
            .iter()
            .filter_map(|&e| model.events[e].date.map(|d| d.month_index()))
            .collect();
        self.lanes_clip = false;
        if let Some((min, max)) = range
            && months.len() >= 20
        {
            months.sort_unstable();
            let p5 = months[months.len() * 5 / 100];
            let start = p5.div_euclid(12) * 12;
            if start > min {
                self.lanes_clip = true;
                range = Some((start, max));
            }
        }
        self.month_range = range;
    }

    /// Rebuilds what depends on the selection and pane sizes, and fixes up scroll offsets.
    pub fn sync_views(
        &mut self,
        model: &Model,
        view: &mut ViewState,
        layout: &Layout,
        theme: &Theme,
    ) {
        let nav = &mut view.nav;
        match nav.view {
            View::Matrix => {
                self.sync_columns(layout, nav);
                self.sync_detail(model, nav, layout, theme);
            }
            View::Reader => self.sync_reader(model, nav, layout, theme),
            View::Timeline => self.sync_lanes(model, layout),
            View::Articles | View::Compare => {}
        }
    }

    fn sync_lanes(&mut self, model: &Model, layout: &Layout) {
        let Some(tl_key) = self.timeline_key else {
            return;
        };
        let plot_w = layout
            .lanes_inner()
            .width
            .saturating_sub(self.platform_w as u16 + 1);
        if self.lanes_key == Some((tl_key, plot_w)) {
            return;
        }
        self.lanes_key = Some((tl_key, plot_w));
        self.lanes.clear();
        self.lanes_clipped.clear();
        let (Some((min, max)), true) = (self.month_range, plot_w > 0) else {
            return;
        };
        let (_, _, filter_p, filter_f) = tl_key;
        let span = i64::from(max - min + 1);
        for r in &self.rows {
            let p = r.platform;
            if filter_p.is_some_and(|q| q != p) {
                continue;
            }
            let mut marks: Vec<(u16, usize)> = Vec::new();
            let mut clipped = false;
            for &e in model.platform_events(p) {
                let f = model.event_feature(e);
                if filter_f.is_some_and(|g| g != f) {
                    continue;
                }
                let Some(d) = model.events[e].date else {
                    continue;
                };
                if d.month_index() < min {
                    clipped = true;
                    continue;
                }
                let x = (i64::from(d.month_index() - min) * i64::from(plot_w) / span) as u16;
                let x = x.min(plot_w - 1);
                // Events come in date order, so equal columns are neighbours.
                match marks.last_mut() {
                    Some(last) if last.0 == x => last.1 = f,
                    _ => marks.push((x, f)),
                }
            }
            if !marks.is_empty() || clipped {
                self.lanes.push((p, marks));
                self.lanes_clipped.push(clipped);
            }
        }
    }

    fn sync_columns(&mut self, layout: &Layout, nav: &mut Nav) {
        let inner = layout.grid_inner();
        let x0 = usize::from(inner.x) + self.platform_w + TOTAL_W;
        let avail = usize::from(inner.width).saturating_sub(self.platform_w + TOTAL_W);
        let nfeat = self.feature_w.len();
        nav.col_scroll = nav.col_scroll.min(nfeat.saturating_sub(1));
        if let Some(f) = nav.feature {
            if f < nav.col_scroll {
                nav.col_scroll = f;
            }
            // Scroll right until the selected column fits.
            while nav.col_scroll < f
                && self.feature_w[nav.col_scroll..=f]
                    .iter()
                    .map(|w| w + 1)
                    .sum::<usize>()
                    > avail
            {
                nav.col_scroll += 1;
            }
        }
        self.cols.clear();
        let mut x = 0;
        for f in nav.col_scroll..nfeat {
            let w = self.feature_w[f];
            if x + 1 + w > avail {
                break;
            }
            self.cols.push(Column {
                feature: f,
                x: (x0 + x + 1) as u16,
                width: w as u16,
            });
            x += w + 1;
        }
    }

    fn sync_detail(&mut self, model: &Model, nav: &mut Nav, layout: &Layout, theme: &Theme) {
        let inner = layout.detail_inner();
        let company = nav.companies.then_some(nav.company_sel);
        let key = (
            self.model_key,
            nav.platform,
            nav.feature,
            inner.width,
            company,
        );
        if self.detail_key != Some(key) {
            self.detail_key = Some(key);
            let owned;
            let events: &[usize] = match (company, nav.platform, nav.feature) {
                (Some(row), _, f) => {
                    owned = self.company_events(model, row, f);
                    &owned
                }
                (None, Some(p), Some(f)) => model.cell(p, f),
                (None, Some(p), None) => model.platform_events(p),
                _ => &[],
            };
            let w = usize::from(inner.width);
            self.detail = events
                .iter()
                .map(|&e| DetailItem {
                    event: e,
                    lines: self.detail_lines(
                        model,
                        e,
                        nav.feature.is_none(),
                        nav.companies,
                        w,
                        theme,
                    ),
                })
                .collect();
        }
        // Keep the selected entry on screen.
        let h = usize::from(inner.height);
        if nav.detail_sel < nav.detail_scroll {
            nav.detail_scroll = nav.detail_sel;
        }
        while nav.detail_scroll < nav.detail_sel
            && self.detail
                [nav.detail_scroll..=nav.detail_sel.min(self.detail.len().saturating_sub(1))]
                .iter()
                .map(|d| d.lines.len())
                .sum::<usize>()
                > h
        {
            nav.detail_scroll += 1;
        }
    }

    fn detail_lines(
        &self,
        model: &Model,
        e: usize,
        with_feature: bool,
        with_platform: bool,
        w: usize,
        theme: &Theme,
    ) -> Vec<Line<'static>> {
        let ev = &model.events[e];
        let date = ev
            .date
            .map_or_else(|| "undated".to_string(), |d| d.to_string());
        let mut head = vec![
            Span::styled(width::pad(&date, 11), theme.bold()),
            Span::styled(
                format!("{} {:<10} ", theme::glyph(ev.status), ev.status.as_str()),
                theme.status(ev.status),
            ),
        ];
        if with_platform {
            let p = &model.knowledge.platforms[model.event_platform(e)];
            head.push(Span::styled(
                format!("{} ", width::clean(&p.name)),
                theme.span(SpanKind::Platform),
            ));
        }
        if with_feature {
            let f = &model.knowledge.features[model.event_feature(e)];
            head.push(Span::styled(
                format!("{} ", width::clean(&f.name)),
                theme.span(SpanKind::Feature),
            ));
        }
        let used: usize = head.iter().map(|s| width::width(&s.content)).sum();
        let title = &model.articles[model.event_article(e)].title;
        head.push(Span::styled(
            width::truncate(title, w.saturating_sub(used)).into_owned(),
            theme.dim(),
        ));
        let mut lines = vec![Line::from(head)];
        let (text, marks) = self.sentence_marks(model, e, theme);
        lines.extend(wrap_lines(
            &text,
            &marks,
            theme.plain(),
            w,
            3,
            (Span::raw("  "), Span::raw("  ")),
        ));
        lines
    }

    /// The event's sentence (or its whole paragraph when the sentence is not in it) with the
    /// platform and feature words marked.
    pub fn sentence_marks(&self, model: &Model, e: usize, theme: &Theme) -> (String, Vec<Mark>) {
        let ev = &model.events[e];
        let evidence = model.evidence(e);
        let (text, off) = match evidence.find(ev.sentence.as_str()) {
            Some(b) if !ev.sentence.is_empty() => {
                (ev.sentence.clone(), evidence[..b].chars().count())
            }
            // The clause is not a substring of the paragraph (normalised): still show the clause,
            // without span marks, rather than the whole paragraph.
            _ if !ev.sentence.trim().is_empty() || evidence.is_empty() => {
                (ev.sentence.clone(), usize::MAX)
            }
            _ => (evidence.to_string(), 0),
        };
        let mut marks = self.name_marks(&text, theme);
        if off != usize::MAX {
            let n = text.chars().count();
            marks.extend(ev.spans.iter().filter_map(|s| {
                let start = s.start.checked_sub(off)?;
                let end = s.end.saturating_sub(off).min(n);
                (start < end).then_some(Mark {
                    start,
                    end,
                    style: theme.span(s.kind),
                })
            }));
        }
        (text, marks)
    }

    /// Platform and feature words anywhere in a text.
    fn name_marks(&self, text: &str, theme: &Theme) -> Vec<Mark> {
        let Some(names) = &self.names else {
            return Vec::new();
        };
        let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        let to_char = |b: usize| starts.partition_point(|&x| x < b);
        names
            .matcher
            .find_iter(text)
            .filter(|m| {
                let (_, ascii) = names.kinds[m.pattern().as_usize()];
                // An ASCII alias must be a whole word (`QQ`, not the `qq` in a URL word).
                !ascii
                    || (!text[..m.start()]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_ascii_alphanumeric())
                        && !text[m.end()..]
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_ascii_alphanumeric()))
            })
            .map(|m| Mark {
                start: to_char(m.start()),
                end: to_char(m.end()),
                style: theme.span(names.kinds[m.pattern().as_usize()].0),
            })
            .collect()
    }

    fn sync_reader(&mut self, model: &Model, nav: &mut Nav, layout: &Layout, theme: &Theme) {
        let Some(r) = &mut nav.reader else {
            return;
        };
        let inner = layout.main_inner();
        let key = (self.model_key, r.article, r.current, inner.width);
        if self.reader_key != Some(key) {
            self.reader_key = Some(key);
            self.build_reader(model, r.article, r.current, usize::from(inner.width), theme);
        }
        let h = usize::from(inner.height);
        if r.pending && h > 0 {
            r.pending = false;
            if let Some(&start) = r.current.and_then(|b| self.reader_block_start.get(b)) {
                let end = self
                    .reader_block_start
                    .get(r.current.unwrap_or(0) + 1)
                    .copied()
                    .unwrap_or(self.reader_lines.len());
                // Put the paragraph a little below the top, with some context above it, unless it
                // is already fully visible.
                if start < r.scroll || end > r.scroll + h {
                    r.scroll = start.saturating_sub(2);
                }
            }
        }
        r.scroll = r
            .scroll
            .min(self.reader_lines.len().saturating_sub(h.max(1)));
        let _ = keep_visible;
    }

    fn build_reader(
        &mut self,
        model: &Model,
        a: usize,
        current: Option<usize>,
        w: usize,
        theme: &Theme,
    ) {
        self.reader_lines.clear();
        self.reader_block_start.clear();
        let Some(article) = model.articles.get(a) else {
            return;
        };
        let none = (Span::raw(""), Span::raw(""));
        for l in wrap_lines(&article.title, &[], theme.title(), w, 3, none.clone()) {
            self.reader_lines.push(ReaderLine {
                block: None,
                line: l,
            });
        }
        let evs = model.article_events(a);
        let meta = format!(
            "{} · {} · {} · {}",
            article.source.as_deref().unwrap_or("unknown source"),
            article
                .published
                .map_or_else(|| "undated".to_string(), |d| d.to_string()),
            theme::events(evs.len()),
            article.path
        );
        for l in wrap_lines(&meta, &[], theme.dim(), w, 2, none.clone()) {
            self.reader_lines.push(ReaderLine {
                block: None,
                line: l,
            });
        }
        self.reader_lines.push(ReaderLine {
            block: None,
            line: Line::default(),
        });
        use crate::corpus::BlockKind;
        for (i, block) in article.blocks.iter().enumerate() {
            let text = article.text_of(block);
            self.reader_block_start.push(self.reader_lines.len());
            let mine: Vec<usize> = evs
                .iter()
                .copied()
                .filter(|&e| model.events[e].paragraph == i)
                .collect();
            let mut marks = self.name_marks(text, theme);
            for &e in &mine {
                marks.extend(model.events[e].spans.iter().map(|s| Mark {
                    start: s.start,
                    end: s.end,
                    style: theme.span(s.kind),
                }));
            }
            let is_current = current == Some(i);
            let base = match block.kind {
                BlockKind::Heading(_) => theme.title(),
                BlockKind::Caption | BlockKind::Quote => theme.dim(),
                _ => theme.plain(),
            };
            let base = if is_current {
                base.patch(theme.evidence())
            } else {
                base
            };
            let gutter_style = if is_current {
                theme.warning()
            } else if let Some(&e) = mine.first() {
                theme.status(model.events[e].status)
            } else {
                theme.dim()
            };
            let (g1, g2) = match block.kind {
                _ if is_current => ("▶ ", "▌ "),
                _ if !mine.is_empty() => ("▌ ", "▌ "),
                BlockKind::Heading(1) => ("# ", "  "),
                BlockKind::Heading(_) => ("## ", "   "),
                BlockKind::Quote => ("│ ", "│ "),
                BlockKind::ListItem => ("• ", "  "),
                _ => ("  ", "  "),
            };
            let prefix = (
                Span::styled(g1.to_string(), gutter_style),
                Span::styled(g2.to_string(), gutter_style),
            );
            for l in wrap_lines(text, &marks, base, w, usize::MAX, prefix) {
                self.reader_lines.push(ReaderLine {
                    block: Some(i),
                    line: l,
                });
            }
            self.reader_lines.push(ReaderLine {
                block: None,
                line: Line::default(),
            });
        }
    }

    /// The block shown at a reader line (or the next block below it).
    pub fn reader_block_at(&self, line: usize) -> Option<usize> {
        self.reader_lines.iter().skip(line).find_map(|l| l.block)
    }

    /// The matrix row (`None`: header or totals) and column (`Some(None)`: platform column) at a
    /// screen position in the grid.
    pub fn grid_hit(
        &self,
        layout: &Layout,
        nav: &Nav,
        x: u16,
        y: u16,
    ) -> Option<(Option<usize>, Option<Option<usize>>)> {
        let inner = layout.grid_inner();
        if y <= inner.y || y >= inner.y + 1 + layout.grid_rows() as u16 {
            return None;
        }
        let row = nav.row_scroll + usize::from(y - inner.y - 1);
        let row = (row < self.rows.len()).then_some(row);
        let col = if x < inner.x + self.platform_w as u16 {
            Some(None)
        } else {
            self.cols
                .iter()
                .find(|c| (c.x..c.x + c.width).contains(&x))
                .map(|c| Some(c.feature))
        };
        Some((row, col))
    }

    /// The detail entry at a screen line.
    pub fn detail_hit(&self, layout: &Layout, nav: &Nav, y: u16) -> Option<usize> {
        let inner = layout.detail_inner();
        let mut line = usize::from(y.checked_sub(inner.y)?);
        for (i, d) in self.detail.iter().enumerate().skip(nav.detail_scroll) {
            if line < d.lines.len() {
                return Some(i);
            }
            line -= d.lines.len();
        }
        None
    }
}

impl Names {
    fn new(k: &Knowledge) -> Option<Names> {
        let mut pats = Vec::new();
        let mut kinds = Vec::new();
        let mut add = |s: &str, kind: SpanKind| {
            if s.chars().count() >= 2 {
                pats.push(s.to_string());
                kinds.push((kind, s.is_ascii()));
            }
        };
        for p in &k.platforms {
            add(&p.name, SpanKind::Platform);
            p.aliases.iter().for_each(|a| add(a, SpanKind::Platform));
        }
        for c in &k.companies {
            add(&c.name, SpanKind::Platform);
        }
        for f in &k.features {
            add(&f.name, SpanKind::Feature);
            f.aliases.iter().for_each(|a| add(a, SpanKind::Feature));
        }
        if pats.is_empty() {
            return None;
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&pats)
            .ok()?;
        Some(Names { matcher, kinds })
    }
}
