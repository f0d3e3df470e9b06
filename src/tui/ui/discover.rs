//! The discover panel (`D`): names the knowledge base does not know, quoted next to launch verbs,
//! most launched first, with the paragraph of the selected one. `a` teaches a name as a platform,
//! `A` as another name of a feature; the run loop writes the user's file and re-extracts.

use super::{App, popup, put_line, put_str};
use crate::discover::Suggestion;
use crate::tui::styled::{Mark, wrap_lines};
use crate::tui::width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn render(app: &App, buf: &mut Buffer, sel: usize) {
    let theme = &app.theme;
    let body = app.layout.body;
    let inner = popup(
        app,
        buf,
        body.width.saturating_sub(4).min(120),
        body.height.saturating_sub(1).min(30),
        "Discover · Enter open paragraph · a add platform · A add feature name · Esc close",
    );
    if inner.height < 3 || inner.width < 20 {
        return;
    }
    let cands = &app.candidates;
    if cands.is_empty() {
        put_str(
            buf,
            inner.x,
            inner.y,
            "no unknown names next to launch verbs",
            usize::from(inner.width),
            theme.dim(),
        );
        return;
    }
    // The list on top (or left when wide), the selected name's paragraph below (or right).
    let wide = inner.width >= 90;
    let (list, preview) = if wide {
        let lw = inner.width * 2 / 5;
        (
            Rect::new(inner.x, inner.y, lw, inner.height),
            Rect::new(
                inner.x + lw + 1,
                inner.y,
                inner.width - lw - 1,
                inner.height,
            ),
        )
    } else {
        let lh = (inner.height / 2).max(2);
        (
            Rect::new(inner.x, inner.y, inner.width, lh),
            Rect::new(inner.x, inner.y + lh, inner.width, inner.height - lh),
        )
    };
    let k = &app.model.knowledge;
    let h = usize::from(list.height);
    let scroll = sel.saturating_sub(h.saturating_sub(1));
    for (row, (i, c)) in cands.iter().enumerate().skip(scroll).take(h).enumerate() {
        let y = list.y + row as u16;
        let style = if i == sel {
            theme.selected()
        } else {
            theme.plain()
        };
        let kind = match &c.suggestion {
            Suggestion::Platform(p) => {
                match p.parent.as_deref().and_then(|id| k.platform_index(id)) {
                    Some(q) => format!("app of {}", k.platforms[q].name),
                    None => "platform".to_string(),
                }
            }
            Suggestion::FeatureAlias {
                feature: Some(f), ..
            } => match k.feature_index(f) {
                Some(fi) => format!("name of {}", k.features[fi].name),
                None => "feature name".to_string(),
            },
            Suggestion::FeatureAlias { feature: None, .. } => "feature name?".to_string(),
        };
        let line = Line::from(vec![
            Span::styled(if i == sel { "▶ " } else { "  " }, style),
            Span::styled(
                format!("{} ", width::clean(&c.name)),
                style.patch(theme.bold()),
            ),
            Span::styled(
                format!("×{} {}", c.launches(), width::clean(&kind)),
                style.patch(theme.dim()),
            ),
        ]);
        put_line(buf, list, y, &line);
        if i == sel {
            buf.set_style(Rect::new(list.x, y, list.width, 1), theme.selected());
        }
    }
    let Some(c) = cands.get(sel) else {
        return;
    };
    let Some(m) = c.evidence() else {
        return;
    };
    let Some(a) = app.model.articles.get(m.article) else {
        return;
    };
    let head = format!(
        "{} · ¶{} · {} paragraphs name it",
        a.title,
        m.block,
        c.mentions.len()
    );
    put_str(
        buf,
        preview.x,
        preview.y,
        &head,
        usize::from(preview.width),
        theme.dim(),
    );
    let text = a.block_text(m.block);
    let text = width::clean(text);
    // The name marked wherever the paragraph says it.
    let mut marks = Vec::new();
    let mut from = 0;
    while let Some(b) = text[from..].find(c.name.as_str()).map(|b| b + from) {
        let start = text[..b].chars().count();
        marks.push(Mark {
            start,
            end: start + c.name.chars().count(),
            style: theme.matched(),
        });
        from = b + c.name.len().max(1);
    }
    let lines = wrap_lines(
        &text,
        &marks,
        theme.plain(),
        usize::from(preview.width),
        usize::from(preview.height.saturating_sub(1)),
        (Span::raw(""), Span::raw("")),
    );
    for (i, line) in lines.iter().enumerate() {
        put_line(buf, preview, preview.y + 1 + i as u16, line);
    }
}
