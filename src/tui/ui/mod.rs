//! Drawing: `&App` → frame, one file per pane. Nothing here changes state, reads files or runs
//! extraction; everything costly to compute comes ready from the app's cache.

mod articles;
mod compare;
mod detail;
mod discover;
mod help;
mod matrix;
mod problems;
mod reader;
mod search;
mod status;
mod timeline;

use super::action::View;
use super::app::{App, Overlay};
use super::layout::TABS;
use super::theme::TOO_SMALL;
use super::width;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Widget};

/// Draws the whole screen. The app must have been laid out for the frame's size (`App::resize`).
pub use compare::compare_lines;

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    if area.width == 0 || area.height == 0 {
        return;
    }
    if app.layout.too_small {
        let msg = width::truncate(TOO_SMALL, usize::from(area.width));
        let w = width::width(&msg) as u16;
        let x = area.x + area.width.saturating_sub(w) / 2;
        let y = area.y + area.height / 2;
        buf.set_string(x, y, msg, app.theme.bold());
        return;
    }
    tabs(app, buf);
    match app.view.nav.view {
        View::Matrix => {
            matrix::render(app, buf);
            detail::render(app, buf);
        }
        View::Timeline => timeline::render(app, buf),
        View::Articles => articles::render(app, buf),
        View::Reader => reader::render(app, buf),
        View::Compare => compare::render(app, buf),
    }
    status::render(app, buf);
    match &app.view.overlay {
        Overlay::None => {}
        Overlay::Help { scroll } => help::render(app, buf, *scroll),
        Overlay::Problems { scroll } => problems::render(app, buf, *scroll),
        Overlay::Search(s) => search::render(app, buf, s),
        Overlay::Discover { sel } => discover::render(app, buf, *sel),
    }
}

fn tabs(app: &App, buf: &mut Buffer) {
    let l = &app.layout;
    let active = match app.view.nav.view {
        View::Reader => View::Articles,
        v => v,
    };
    for ((x0, _, v), (_, label)) in l.tab_ranges.iter().zip(TABS) {
        let style = if *v == active {
            app.theme.selected().patch(app.theme.bold())
        } else if *v == View::Compare && app.comparison.is_none() {
            // Not reachable yet: `c` runs a comparison first.
            app.theme
                .dim()
                .add_modifier(ratatui::style::Modifier::CROSSED_OUT)
        } else {
            app.theme.dim()
        };
        buf.set_string(*x0, l.tabs.y, label, style);
    }
    let right = match app.view.nav.view {
        View::Matrix if app.view.nav.companies => "by company (C) ".to_string(),
        View::Matrix => format!("sort: {} (s) ", app.view.sort.label()),
        View::Timeline => {
            let f = filter_label(app);
            format!("filter: {f} (f) ")
        }
        View::Articles | View::Reader | View::Compare => String::new(),
    };
    let tabs_end = l.tab_ranges.last().map_or(0, |(_, b, _)| *b) + 1;
    let room = usize::from(l.tabs.right().saturating_sub(tabs_end));
    let right = width::truncate(&right, room);
    let w = width::width(&right) as u16;
    buf.set_string(l.tabs.right() - w, l.tabs.y, right, app.theme.dim());
}

/// What the timeline filter restricts to, in words.
pub fn filter_label(app: &App) -> String {
    let nav = &app.view.nav;
    if !nav.filter {
        return "off".into();
    }
    let k = &app.model.knowledge;
    let p = nav
        .platform
        .and_then(|p| k.platforms.get(p))
        .map(|p| p.name.as_str());
    let f = nav
        .feature
        .and_then(|f| k.features.get(f))
        .map(|f| f.name.as_str());
    match (p, f) {
        (Some(p), Some(f)) => format!("{p} × {f}"),
        (Some(p), None) => p.to_string(),
        (None, Some(f)) => f.to_string(),
        (None, None) => "all".into(),
    }
}

/// A bordered pane with a title; returns the inner area.
fn pane(app: &App, buf: &mut Buffer, area: Rect, title: &str, focused: bool) -> Rect {
    let title = width::truncate(title, usize::from(area.width.saturating_sub(4))).into_owned();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border(focused))
        .title(Line::styled(format!(" {title} "), app.theme.title()));
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// A centred popup of at most `w`×`h`, cleared, bordered; returns the inner area.
fn popup(app: &App, buf: &mut Buffer, w: u16, h: u16, title: &str) -> Rect {
    let body = app.layout.body;
    let w = w.min(body.width.saturating_sub(2)).max(10);
    let h = h.min(body.height).max(3);
    let area = Rect::new(
        body.x + body.width.saturating_sub(w) / 2,
        body.y + body.height.saturating_sub(h) / 2,
        w.min(body.width),
        h.min(body.height),
    );
    Clear.render(area, buf);
    // A wide character just left of the popup would spill its right half over the border.
    if area.x > buf.area.x {
        for y in area.top()..area.bottom() {
            let cell = &mut buf[(area.x - 1, y)];
            if width::width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
    pane(app, buf, area, title, true)
}

/// Writes a line clipped to `area.width` at row `y`.
fn put_line(buf: &mut Buffer, area: Rect, y: u16, line: &Line<'_>) {
    if y < area.bottom() {
        buf.set_line(area.x, y, line, area.width);
    }
}

/// Writes a plain string clipped (with `…`) to `w` columns.
fn put_str(buf: &mut Buffer, x: u16, y: u16, s: &str, w: usize, style: Style) {
    let t = width::truncate(s, w);
    buf.set_string(x, y, t, style);
}
