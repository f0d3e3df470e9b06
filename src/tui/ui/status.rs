//! The status bar: view, corpus size, problems, loading progress and key hints.

use super::App;
use crate::tui::width;
use ratatui::text::{Line, Span};

pub fn render(app: &App, buf: &mut ratatui::buffer::Buffer) {
    let theme = &app.theme;
    let area = app.layout.status;
    let base = theme.status_bar();
    buf.set_style(area, base);
    let m = &app.model;
    let label = Span::styled(
        format!(" {} ", app.view.nav.view.label()),
        base.patch(theme.bold()),
    );
    // A note ("reloaded", "exported to …") takes the whole bar while it shows: it must be read.
    if let Some(note) = &app.note {
        let line = Line::from(vec![
            label,
            Span::styled(
                format!("│ {}", width::clean(note)),
                base.patch(theme.bold()),
            ),
        ]);
        buf.set_line(area.x, area.y, &line, area.width);
        return;
    }
    let mut spans = vec![
        label,
        Span::styled(
            format!(
                "│ {} articles, {} events ",
                m.articles.len(),
                m.events.len()
            ),
            base,
        ),
    ];
    let np = m.diagnostics.len();
    if np > 0 {
        spans.push(Span::styled(
            format!("│ {np} problems (p) "),
            base.patch(theme.warning()),
        ));
    } else {
        spans.push(Span::styled("│ 0 problems ", base));
    }
    if let Some(l) = &app.loading {
        let p = l.progress;
        let frac = if p.total == 0 {
            0.0
        } else {
            p.done as f64 / p.total as f64
        };
        let cells = 12usize;
        let full = ((frac * cells as f64).round() as usize).min(cells);
        let secs = l.elapsed.as_secs_f64();
        let mbs = if secs > 0.0 {
            p.bytes as f64 / 1e6 / secs
        } else {
            0.0
        };
        spans.push(Span::styled(
            format!(
                "│ loading ▕{}{}▏ {}/{} {:.1} MB/s ",
                "█".repeat(full),
                " ".repeat(cells - full),
                p.done,
                p.total,
                mbs
            ),
            base.patch(theme.warning()),
        ));
    }
    let left = Line::from(spans);
    let used = left.width();
    buf.set_line(area.x, area.y, &left, area.width);
    // The longest hint that fits.
    for hints in [
        "? help  / find  c compare  C company  D discover  y cite  e export  q quit ",
        "? help  / find  c compare  D discover  q quit ",
        "? help  / find  Tab view  q quit ",
        "? help  q quit ",
        "? help ",
    ] {
        let hw = width::width(hints);
        if used + hw < usize::from(area.width) {
            buf.set_string(area.right() - hw as u16, area.y, hints, base);
            break;
        }
    }
}
