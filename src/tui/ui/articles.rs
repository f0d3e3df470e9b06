//! The articles list: title, source, date and how many events each states.

use super::{App, pane};
use crate::tui::width;

pub fn render(app: &App, buf: &mut ratatui::buffer::Buffer) {
    let l = &app.layout;
    let theme = &app.theme;
    let nav = &app.view.nav;
    let model = &app.model;
    let title = format!("Articles: {} · Enter opens", model.articles.len());
    let inner = pane(app, buf, l.list, &title, true);
    if inner.height == 0 {
        return;
    }
    let w = usize::from(inner.width);
    for (row, (i, a)) in model
        .articles
        .iter()
        .enumerate()
        .skip(nav.article_scroll)
        .take(usize::from(inner.height))
        .enumerate()
    {
        let y = inner.y + row as u16;
        let date = a
            .published
            .map_or_else(|| "—".to_string(), |d| d.to_string());
        let n = model.article_events(i).len();
        let source = a.source.as_deref().unwrap_or("");
        let fixed = 11 + 18 + 7;
        let mut x = inner.x;
        let mut put = |s: &str, cw: usize, style| {
            let cw = cw.min(w.saturating_sub(usize::from(x - inner.x)));
            if cw > 0 {
                buf.set_string(x, y, width::pad(s, cw), style);
                x += cw as u16;
            }
        };
        put(&date, 11, theme.dim());
        put(source, 18, theme.dim());
        put(&format!("{n:>4}   "), 7, theme.bold());
        put(&a.title, w.saturating_sub(fixed), theme.plain());
        if i == nav.article_sel {
            buf.set_style(
                ratatui::layout::Rect::new(inner.x, y, inner.width, 1),
                theme.selected(),
            );
        }
    }
    if model.articles.is_empty() {
        let msg = if app.loading.is_some() {
            "loading…"
        } else {
            "no articles"
        };
        super::put_str(buf, inner.x, inner.y, msg, w, theme.dim());
    }
}
