//! The compare view (`c`, then `4`): the picked platforms' features side by side with each one's
//! first date and status, who moved first and by how much, what only one has, and each platform's
//! strategy. Lines are laid out once per comparison and width (see `App::sync`), drawn here.

use super::{App, pane, put_line};
use crate::compare::{Comparison, cell_text, lead_text, strategy_markdown};
use crate::model::Model;
use crate::tui::theme::{self, Theme};
use crate::tui::width;
use ratatui::text::{Line, Span};

/// The comparison as lines for a pane `w` columns wide.
pub fn compare_lines(model: &Model, c: &Comparison, theme: &Theme, w: usize) -> Vec<Line<'static>> {
    let k = &model.knowledge;
    let name = |p: usize| width::clean(&k.platforms[p].name).into_owned();
    let names: Vec<String> = c.platforms.iter().map(|&p| name(p)).collect();
    let mut out: Vec<Line<'static>> = vec![
        Line::styled(names.join(" vs "), theme.title()),
        Line::default(),
    ];
    let fw = c
        .features
        .iter()
        .map(|r| width::width(&k.features[r.feature].name))
        .max()
        .unwrap_or(8)
        .clamp(8, 16);
    let cw: Vec<usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            c.features
                .iter()
                .map(|r| width::width(&cell_text(r.cells.get(i).and_then(Option::as_ref))))
                .map(|w| w + 1)
                .chain(std::iter::once(width::width(n)))
                .max()
                .unwrap_or(8)
                .clamp(6, 24)
        })
        .collect();
    let first_w = names
        .iter()
        .map(|n| width::width(n))
        .max()
        .unwrap_or(6)
        .max(5);
    let mut head = vec![Span::styled(width::pad("feature", fw + 1), theme.header())];
    for (n, w) in names.iter().zip(&cw) {
        head.push(Span::styled(width::pad(n, w + 1), theme.header()));
    }
    head.push(Span::styled(
        width::pad("first", first_w + 1),
        theme.header(),
    ));
    head.push(Span::styled("lead", theme.header()));
    out.push(Line::from(head));
    for row in &c.features {
        let mut spans = vec![Span::styled(
            width::pad(&width::truncate(&k.features[row.feature].name, fw), fw + 1),
            theme.plain(),
        )];
        for (i, w) in cw.iter().enumerate() {
            let cell = row.cells.get(i).and_then(Option::as_ref);
            let text = cell_text(cell);
            let style = match cell {
                Some(cc) => theme.status(cc.status),
                None => theme.dim(),
            };
            let glyph = cell.map_or(' ', |cc| theme::glyph(cc.status));
            spans.push(Span::styled(
                width::pad(&format!("{glyph}{text}"), w + 1),
                style,
            ));
        }
        // `first` is a platform (knowledge index), one of the compared.
        let first = row.first.map_or_else(|| "—".to_string(), name);
        let style = if row.first.is_some() {
            theme.bold()
        } else {
            theme.dim()
        };
        spans.push(Span::styled(width::pad(&first, first_w + 1), style));
        spans.push(Span::styled(lead_text(row.lead_months), theme.plain()));
        out.push(Line::from(spans));
    }
    if c.features.is_empty() {
        out.push(Line::styled(
            "no social feature events for these platforms",
            theme.dim(),
        ));
    }
    out.push(Line::default());
    for (i, &p) in c.platforms.iter().enumerate() {
        let only: Vec<String> = c
            .features
            .iter()
            .filter(|r| r.only() == Some(i))
            .map(|r| width::clean(&k.features[r.feature].name).into_owned())
            .collect();
        if !only.is_empty() {
            push_wrapped(
                &mut out,
                &format!("only {}: {}", name(p), only.join(", ")),
                theme.plain(),
                w,
            );
        }
    }
    out.push(Line::default());
    out.push(Line::styled("Strategy", theme.title()));
    for s in &c.strategies {
        let text = strategy_markdown(k, s).replace("**", "");
        push_wrapped(&mut out, text.trim(), theme.plain(), w);
        out.push(Line::default());
    }
    out
}

/// Appends `text` wrapped to `w` columns.
fn push_wrapped(out: &mut Vec<Line<'static>>, text: &str, style: ratatui::style::Style, w: usize) {
    let w = w.max(10);
    for (a, b) in width::wrap(text, w) {
        let line = width::char_slice(text, a, b).trim_start();
        out.push(Line::styled(line.to_string(), style));
    }
}

pub fn render(app: &App, buf: &mut ratatui::buffer::Buffer) {
    let l = &app.layout;
    let lines = &app.cache.compare_lines;
    let scroll = app.view.nav.compare_scroll;
    let title = format!(
        "Compare · line {}/{} · ↑↓ scroll · e export · c compare others · Esc back",
        (scroll + 1).min(lines.len()),
        lines.len()
    );
    let inner = pane(app, buf, l.main, &title, true);
    for (i, line) in lines
        .iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .enumerate()
    {
        put_line(buf, inner, inner.y + i as u16, line);
    }
}
