//! The timeline: a lane chart (one lane per platform, months across, a marker per event coloured by
//! feature) above every event in date order, grouped by year.

use super::{App, pane, put_str};
use crate::tui::cache::TimelineItem;
use crate::tui::theme;
use crate::tui::width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn render(app: &App, buf: &mut Buffer) {
    lanes(app, buf);
    list(app, buf);
}

fn lanes(app: &App, buf: &mut Buffer) {
    let l = &app.layout;
    let theme = &app.theme;
    let nav = &app.view.nav;
    let model = &app.model;
    let filter_f = nav.filter.then_some(nav.feature).flatten();
    let inner = pane(
        app,
        buf,
        l.lanes,
        if app.cache.lanes_clip {
            "Who did what first: one lane per platform, months → (◂ earlier, clipped)"
        } else {
            "Who did what first: one lane per platform, months →"
        },
        false,
    );
    if inner.height < 3 || inner.width < 20 {
        return;
    }
    let Some((min, max)) = app.cache.month_range else {
        put_str(
            buf,
            inner.x,
            inner.y,
            "no dated events",
            usize::from(inner.width),
            theme.dim(),
        );
        return;
    };
    let pw = app.cache.platform_w as u16;
    let x0 = inner.x + pw + 1;
    let plot_w = inner.width.saturating_sub(pw + 1);
    if plot_w == 0 {
        return;
    }
    // Same scale as the cached lanes.
    let span = i64::from(max - min + 1);
    let x_of = |m: i32| -> u16 { x0 + (i64::from(m - min) * i64::from(plot_w) / span) as u16 };
    // Year axis.
    let mut free_from = x0;
    for year in min.div_euclid(12)..=max.div_euclid(12) {
        let m = (year * 12).max(min);
        let x = x_of(m);
        if x >= free_from && x + 4 <= inner.right() {
            buf.set_string(x, inner.y, format!("{year}"), theme.bold());
            free_from = x + 5;
        }
    }
    // Lanes.
    let lane_rows = usize::from(inner.height.saturating_sub(2));
    for (i, (p, marks)) in app.cache.lanes.iter().take(lane_rows).enumerate() {
        let y = inner.y + 1 + i as u16;
        let name = &model.knowledge.platforms[*p].name;
        let style = if nav.platform == Some(*p) {
            theme.selected()
        } else {
            theme.plain()
        };
        put_str(buf, inner.x, y, name, usize::from(pw), style);
        for x in x0..x0 + plot_w {
            buf[(x, y)].set_symbol("·").set_style(theme.dim());
        }
        if app.cache.lanes_clipped.get(i).copied().unwrap_or(false) {
            buf[(x0, y)].set_symbol("◂").set_style(theme.warning());
        }
        for &(dx, f) in marks {
            let mut tmp = [0u8; 4];
            buf[(x0 + dx, y)]
                .set_symbol(theme.feature_marker(f).encode_utf8(&mut tmp))
                .set_style(theme.feature(f));
        }
    }
    // Legend.
    let y = inner.bottom() - 1;
    let mut x = inner.x;
    for (f, feat) in model.knowledge.features.iter().enumerate() {
        if app.cache.feature_totals.get(f).copied().unwrap_or(0) == 0
            || filter_f.is_some_and(|g| g != f)
        {
            continue;
        }
        let w = 2 + width::width(&feat.name) as u16 + 2;
        if x + w > inner.right() {
            break;
        }
        let mut tmp = [0u8; 4];
        buf.set_string(
            x,
            y,
            theme.feature_marker(f).encode_utf8(&mut tmp),
            theme.feature(f),
        );
        buf.set_string(x + 2, y, width::clean(&feat.name), theme.plain());
        x += w;
    }
}

fn list(app: &App, buf: &mut Buffer) {
    let l = &app.layout;
    let theme = &app.theme;
    let nav = &app.view.nav;
    let model = &app.model;
    let c = &app.cache;
    let title = format!(
        "Timeline: {} events · filter {} (f) · Enter opens source",
        c.timeline.len(),
        super::filter_label(app)
    );
    let inner = pane(app, buf, l.list, &title, true);
    if inner.height == 0 {
        return;
    }
    let pw = c.platform_w;
    let fw = 12;
    let sel_pos = c.timeline_pos.get(nav.timeline_sel).copied();
    for (row, (pos, item)) in c
        .timeline_items
        .iter()
        .enumerate()
        .skip(nav.timeline_scroll)
        .take(usize::from(inner.height))
        .enumerate()
    {
        let y = inner.y + row as u16;
        match *item {
            TimelineItem::Year(y_) => {
                let label =
                    y_.map_or_else(|| "── undated ──".to_string(), |y| format!("── {y} ──"));
                put_str(
                    buf,
                    inner.x,
                    y,
                    &label,
                    usize::from(inner.width),
                    theme.title(),
                );
            }
            TimelineItem::Event(i) => {
                let e = c.timeline[i];
                let ev = &model.events[e];
                let k = &model.knowledge;
                let date = ev.date.map_or_else(|| "—".to_string(), |d| d.to_string());
                let line = Rect::new(inner.x, y, inner.width, 1);
                let mut x = inner.x;
                let mut put = |s: &str, w: usize, style| {
                    let room = usize::from(line.right().saturating_sub(x));
                    let w = w.min(room);
                    if w > 0 {
                        // One column of air between columns, so a full one never touches the next.
                        buf.set_string(x, y, width::pad(s, w.saturating_sub(1)), style);
                        x += w as u16;
                    }
                };
                put(&format!("  {date}"), 13, theme.bold());
                put(
                    &k.platforms[model.event_platform(e)].name,
                    pw + 1,
                    theme.span(crate::extract::SpanKind::Platform),
                );
                put(
                    &k.features[model.event_feature(e)].name,
                    fw + 1,
                    theme.span(crate::extract::SpanKind::Feature),
                );
                put(
                    &format!("{} {}", theme::glyph(ev.status), ev.status.as_str()),
                    12,
                    theme.status(ev.status),
                );
                let snippet = width::clean(&ev.sentence);
                put(&snippet, usize::MAX, theme.plain());
                if sel_pos == Some(pos) {
                    buf.set_style(line, theme.selected());
                }
            }
        }
    }
    if c.timeline.is_empty() {
        let msg = if nav.filter {
            "no events for this filter (f turns it off)"
        } else {
            "no events yet"
        };
        put_str(
            buf,
            inner.x,
            inner.y,
            msg,
            usize::from(inner.width),
            theme.dim(),
        );
    }
}
