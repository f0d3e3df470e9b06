//! The help overlay, drawn from the key tables themselves.

use super::{App, popup, put_str};
use crate::tui::keymap;

pub fn render(app: &App, buf: &mut ratatui::buffer::Buffer, scroll: usize) {
    let theme = &app.theme;
    let inner = popup(
        app,
        buf,
        72,
        40,
        "Keys · Esc or ? closes · mouse: click selects, wheel scrolls",
    );
    let w = usize::from(inner.width);
    let mut row = 0usize;
    let mut y = inner.y;
    let mut emit = |buf: &mut ratatui::buffer::Buffer, keys: &str, text: &str, heading: bool| {
        if row >= scroll && y < inner.bottom() {
            if heading {
                put_str(buf, inner.x, y, text, w, theme.title());
            } else {
                put_str(buf, inner.x + 1, y, keys, 22.min(w), theme.bold());
                if w > 24 {
                    put_str(buf, inner.x + 24, y, text, w - 24, theme.plain());
                }
            }
            y += 1;
        }
        row += 1;
    };
    for (_, title, table) in keymap::tables() {
        emit(buf, "", title, true);
        for b in table {
            emit(buf, &keymap::binding_keys(b), b.help, false);
        }
        emit(buf, "", "", true);
    }
}
