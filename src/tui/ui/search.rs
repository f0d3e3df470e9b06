//! The fuzzy finder popup: query, scope, hits best first with matched characters marked, and a
//! preview of what the selected hit points at.

use super::{App, popup, put_line, put_str};
use crate::search::{Scope, Target};
use crate::tui::app::{Pick, Search};
use crate::tui::styled::highlight_chars;
use crate::tui::theme;
use crate::tui::width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn render(app: &App, buf: &mut Buffer, s: &Search) {
    let theme = &app.theme;
    let body = app.layout.body;
    let inner = popup(
        app,
        buf,
        body.width.saturating_sub(6).min(110),
        body.height.saturating_sub(2).min(28),
        match &s.pick {
            Pick::Go => "Find · Tab scope · ↑↓ choose · Enter select · Esc close",
            Pick::Compare(_) => {
                "Compare · Space/Enter pick · Ctrl-R compare the picked · Esc close"
            }
            Pick::Alias(_) => "Which feature is this another name of? · Enter picks · Esc close",
        },
    );
    if inner.height < 3 || inner.width < 10 {
        return;
    }
    // Query line and scopes.
    let scopes = [
        (Scope::Platforms, "platforms"),
        (Scope::Features, "features"),
        (Scope::Articles, "articles"),
    ];
    let mut spans = vec![
        Span::styled("› ", theme.title()),
        Span::styled(width::clean(&s.query).into_owned(), theme.bold()),
        Span::styled("▏", theme.title()),
        Span::raw("   "),
    ];
    for (sc, label) in scopes {
        let style = if sc == s.scope {
            theme.selected()
        } else {
            theme.dim()
        };
        spans.push(Span::styled(format!(" {label} "), style));
        spans.push(Span::raw(" "));
    }
    if let Pick::Compare(picked) = &s.pick {
        let k = &app.model.knowledge;
        let names: Vec<&str> = picked
            .iter()
            .filter_map(|&p| k.platforms.get(p))
            .map(|p| p.name.as_str())
            .collect();
        spans.push(Span::styled(
            format!("picked: {}", names.join(" · ")),
            theme.bold(),
        ));
    }
    put_line(buf, inner, inner.y, &Line::from(spans));
    let picked: &[usize] = match &s.pick {
        Pick::Compare(p) => p,
        _ => &[],
    };
    let list_h = inner.height - 2;
    let list_w = if inner.width >= 60 {
        inner.width / 2
    } else {
        inner.width
    };
    let list = Rect::new(inner.x, inner.y + 2, list_w, list_h);
    let preview = Rect::new(
        inner.x + list_w + 1,
        inner.y + 2,
        inner.width.saturating_sub(list_w + 1),
        list_h,
    );
    let scroll = s.sel.saturating_sub(usize::from(list_h).saturating_sub(1));
    for (row, (i, hit)) in s
        .hits
        .iter()
        .enumerate()
        .skip(scroll)
        .take(usize::from(list_h))
        .enumerate()
    {
        let y = list.y + row as u16;
        let base = if i == s.sel {
            theme.selected()
        } else {
            theme.plain()
        };
        let via = hit
            .via
            .as_deref()
            .map(|v| format!("  ({})", width::clean(v)))
            .unwrap_or_default();
        let vw = width::width(&via).min(usize::from(list.width) / 2);
        let lw = usize::from(list.width).saturating_sub(vw + 2);
        let mut line = highlight_chars(
            &hit.label,
            &hit.matched,
            base,
            base.patch(theme.matched()),
            lw,
        );
        line.spans
            .insert(0, Span::styled(if i == s.sel { "▶ " } else { "  " }, base));
        if matches!(s.pick, Pick::Compare(_)) {
            let on = matches!(hit.target, Target::Platform(p) if picked.contains(&p));
            line.spans
                .insert(1, Span::styled(if on { "[x] " } else { "[ ] " }, base));
        }
        line.spans.push(Span::styled(
            width::truncate(&via, vw).into_owned(),
            theme.dim(),
        ));
        put_line(buf, list, y, &line);
        if i == s.sel {
            buf.set_style(Rect::new(list.x, y, list.width, 1), theme.selected());
        }
    }
    if s.hits.is_empty() {
        put_str(
            buf,
            list.x,
            list.y,
            "no match",
            usize::from(list.width),
            theme.dim(),
        );
    }
    if preview.width >= 10
        && let Some(hit) = s.hits.get(s.sel)
    {
        render_preview(app, buf, preview, hit.target);
    }
}

fn render_preview(app: &App, buf: &mut Buffer, area: Rect, target: Target) {
    let theme = &app.theme;
    let model = &app.model;
    let w = usize::from(area.width);
    let mut y = area.y;
    let mut line = |buf: &mut Buffer, s: &str, style| {
        if y < area.bottom() {
            put_str(buf, area.x, y, s, w, style);
            y += 1;
        }
    };
    match target {
        Target::Platform(p) => {
            let plat = &model.knowledge.platforms[p];
            let evs = model.platform_events(p);
            line(
                buf,
                &format!("{} · {}", plat.name, theme::events(evs.len())),
                theme.title(),
            );
            if let Some(c) = &plat.company {
                line(buf, c, theme.dim());
            }
            for &e in evs {
                let ev = &model.events[e];
                let f = &model.knowledge.features[model.event_feature(e)];
                let date = ev.date.map_or_else(|| "—".to_string(), |d| d.to_string());
                line(
                    buf,
                    &format!(
                        "{date:<10} {} {} {}",
                        theme::glyph(ev.status),
                        f.name,
                        ev.status.as_str()
                    ),
                    theme.status(ev.status),
                );
            }
        }
        Target::Feature(f) => {
            let feat = &model.knowledge.features[f];
            line(buf, &feat.name, theme.title());
            line(buf, &feat.description, theme.dim());
            for r in &app.cache.rows {
                if let Some(s) = model.cell_summary(r.platform, f) {
                    let date = s.earliest.map(|d| d.to_string()).unwrap_or_default();
                    let name = &model.knowledge.platforms[r.platform].name;
                    line(
                        buf,
                        &format!("{} {} {date}", theme::glyph(s.status), name),
                        theme.status(s.status),
                    );
                }
            }
        }
        Target::Article(a) => {
            let art = &model.articles[a];
            line(buf, &art.title, theme.title());
            line(buf, art.source.as_deref().unwrap_or(""), theme.dim());
            line(
                buf,
                &theme::events(model.article_events(a).len()),
                theme.plain(),
            );
            for &e in model.article_events(a) {
                let ev = &model.events[e];
                let p = &model.knowledge.platforms[model.event_platform(e)];
                let f = &model.knowledge.features[model.event_feature(e)];
                line(
                    buf,
                    &format!("{} {} {}", p.name, f.name, ev.status.as_str()),
                    theme.status(ev.status),
                );
            }
        }
    }
}
