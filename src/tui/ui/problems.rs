//! The problems panel: every diagnostic as `path: message`.

use super::{App, popup, put_str};

pub fn render(app: &App, buf: &mut ratatui::buffer::Buffer, scroll: usize) {
    let theme = &app.theme;
    let d = &app.model.diagnostics;
    let title = format!("Problems: {} · Esc or p closes", d.len());
    let body = app.layout.body;
    let inner = popup(
        app,
        buf,
        body.width.saturating_sub(4),
        body.height.saturating_sub(2),
        &title,
    );
    let w = usize::from(inner.width);
    if d.is_empty() {
        put_str(buf, inner.x, inner.y, "no problems", w, theme.dim());
    }
    for (i, diag) in d
        .iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .enumerate()
    {
        put_str(
            buf,
            inner.x,
            inner.y + i as u16,
            &diag.to_string(),
            w,
            theme.plain(),
        );
    }
}
