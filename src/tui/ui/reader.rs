//! The source reader: an article's text with headings, its event paragraphs marked, the evidence
//! paragraph highlighted, platform and feature words coloured. Lines come laid out from the cache.

use super::{App, pane, put_line};

pub fn render(app: &App, buf: &mut ratatui::buffer::Buffer) {
    let l = &app.layout;
    let Some(r) = &app.view.nav.reader else {
        return;
    };
    let title = app
        .model
        .articles
        .get(r.article)
        .map_or("", |a| a.title.as_str());
    let lines = &app.cache.reader_lines;
    let title = format!(
        "{title} · line {}/{} · n/N next/previous event · Esc back",
        (r.scroll + 1).min(lines.len()),
        lines.len()
    );
    let inner = pane(app, buf, l.main, &title, true);
    for (i, rl) in lines
        .iter()
        .skip(r.scroll)
        .take(usize::from(inner.height))
        .enumerate()
    {
        let y = inner.y + i as u16;
        if rl.block.is_some() && rl.block == r.current {
            buf.set_style(
                ratatui::layout::Rect::new(inner.x, y, inner.width, 1),
                app.theme.evidence(),
            );
        }
        put_line(buf, inner, y, &rl.line);
    }
}
