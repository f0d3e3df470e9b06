//! The help overlay, drawn from the key tables themselves. Scrolls (↑↓ PgUp PgDn) when it does
//! not fit, and uses two columns when the terminal is wide enough.

use super::{App, popup, put_str};
use crate::tui::keymap;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// One help line: a heading, a binding (keys, text) or a blank.
enum Item {
    Heading(&'static str),
    Key(String, &'static str),
    Blank,
}

fn items() -> Vec<Item> {
    let mut out = Vec::with_capacity(keymap::help_len());
    for (_, title, table) in keymap::tables() {
        out.push(Item::Heading(title));
        for b in table {
            out.push(Item::Key(keymap::binding_keys(b), b.help));
        }
        out.push(Item::Blank);
    }
    out
}

/// Columns the help uses for a body this wide.
pub fn columns(body_width: u16) -> usize {
    if body_width >= 150 { 2 } else { 1 }
}

pub fn render(app: &App, buf: &mut Buffer, scroll: usize) {
    let theme = &app.theme;
    let body = app.layout.body;
    let cols = columns(body.width);
    let items = items();
    let per_col = items.len().div_ceil(cols);
    let inner = popup(
        app,
        buf,
        (74 * cols) as u16,
        (per_col + 2) as u16,
        "Keys · ↑↓ PgUp PgDn scroll · Esc or ? closes · mouse: click selects, wheel scrolls",
    );
    if inner.width < 10 || inner.height == 0 {
        return;
    }
    let col_w = inner.width / cols as u16;
    let h = usize::from(inner.height);
    // The scroll stops when the last line is on screen.
    let scroll = scroll.min(per_col.saturating_sub(h));
    for c in 0..cols {
        let area = Rect::new(inner.x + col_w * c as u16, inner.y, col_w, inner.height);
        let w = usize::from(area.width.saturating_sub(1));
        let start = c * per_col;
        let column = &items[start.min(items.len())..(start + per_col).min(items.len())];
        for (i, item) in column.iter().skip(scroll).take(h).enumerate() {
            let y = area.y + i as u16;
            match item {
                Item::Heading(t) => put_str(buf, area.x, y, t, w, theme.title()),
                Item::Key(keys, text) => {
                    put_str(buf, area.x + 1, y, keys, 22.min(w), theme.bold());
                    if w > 24 {
                        put_str(buf, area.x + 24, y, text, w - 24, theme.plain());
                    }
                }
                Item::Blank => {}
            }
        }
    }
    // More below: say so on the last line.
    if scroll + h < per_col {
        let msg = "↓ more";
        let x = inner.right().saturating_sub(msg.chars().count() as u16);
        buf.set_string(x, inner.bottom() - 1, msg, theme.dim());
    }
}
