//! The detail pane: the selected cell's events (or all of a platform's), newest understanding
//! first in date order, with the evidence sentence and its platform and feature words marked.

use super::{App, pane, put_line};
use crate::tui::theme;

pub fn render(app: &App, buf: &mut ratatui::buffer::Buffer) {
    let l = &app.layout;
    let nav = &app.view.nav;
    let k = &app.model.knowledge;
    let p = nav.platform.and_then(|p| k.platforms.get(p));
    let f = nav.feature.and_then(|f| k.features.get(f));
    let n = app.cache.detail.len();
    let company = nav
        .companies
        .then(|| app.cache.companies.get(nav.company_sel))
        .flatten();
    let title = match (company, p, f) {
        (Some(c), _, f) => {
            let names: Vec<&str> = c
                .platforms
                .iter()
                // Only the platforms that have events: a company may own dozens.
                .filter(|&&q| !app.model.platform_events(q).is_empty())
                .filter_map(|&q| k.platforms.get(q))
                .map(|q| q.name.as_str())
                .collect();
            let what = f.map_or("all".to_string(), |f| f.name.clone());
            format!(
                "{} ({}) · {what} · {}",
                c.label,
                names.join(", "),
                theme::events(n)
            )
        }
        (None, p, f) => match (p, f) {
            (Some(p), Some(f)) => format!("{} × {} · {}", p.name, f.name, theme::events(n)),
            (Some(p), None) => format!("{} · all {}", p.name, theme::events(n)),
            _ => "Details".to_string(),
        },
    };
    let title = if nav.detail_focus {
        format!("{title} · Enter opens source")
    } else {
        format!("{title} · Enter to browse")
    };
    let inner = pane(app, buf, l.detail, &title, nav.detail_focus);
    if inner.height == 0 {
        return;
    }
    let mut y = inner.y;
    for (i, item) in app.cache.detail.iter().enumerate().skip(nav.detail_scroll) {
        if y >= inner.bottom() {
            break;
        }
        for (j, line) in item.lines.iter().enumerate() {
            if y >= inner.bottom() {
                break;
            }
            put_line(buf, inner, y, line);
            if nav.detail_focus && i == nav.detail_sel && j == 0 {
                buf.set_style(
                    ratatui::layout::Rect::new(inner.x, y, inner.width, 1),
                    app.theme.selected(),
                );
            }
            y += 1;
        }
    }
    if n == 0 && inner.height > 0 {
        let msg = if p.is_some() {
            "nothing known for this cell"
        } else {
            "select a cell"
        };
        super::put_str(
            buf,
            inner.x,
            inner.y,
            msg,
            usize::from(inner.width),
            app.theme.dim(),
        );
    }
}
