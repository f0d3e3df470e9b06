//! The matrix grid: platforms × features, fixed header row and platform column, totals.

use super::{App, pane};
use crate::tui::cache::TOTAL_W;
use crate::tui::width;
use ratatui::buffer::Buffer;

pub fn render(app: &App, buf: &mut Buffer) {
    if app.view.nav.companies {
        return companies(app, buf);
    }
    let l = &app.layout;
    let c = &app.cache;
    let nav = &app.view.nav;
    let theme = &app.theme;
    let title = format!(
        "Matrix: {} platforms × {} features",
        c.rows.len(),
        app.model.knowledge.features.len()
    );
    let inner = pane(app, buf, l.grid, &title, !nav.detail_focus);
    if inner.height < 3 || inner.width == 0 {
        return;
    }
    let pw = c.platform_w as u16;
    let right = inner.right();
    let fits = |x: u16, w: u16| x + w <= right;
    header(app, buf, inner, "platform");
    // Rows.
    let sel_row = app.selected_row();
    let nfeat = app.model.knowledge.features.len();
    for (i, row) in c
        .rows
        .iter()
        .enumerate()
        .skip(nav.row_scroll)
        .take(l.grid_rows())
    {
        let y = inner.y + 1 + (i - nav.row_scroll) as u16;
        let selected = sel_row == Some(i);
        let label_style = if selected && nav.feature.is_none() {
            theme.selected().patch(theme.bold())
        } else if selected {
            theme.crosshair()
        } else if row.depth > 0 {
            theme.dim()
        } else {
            theme.plain()
        };
        if fits(inner.x, pw) {
            buf.set_string(inner.x, y, &c.row_labels[i], label_style);
        }
        if fits(inner.x + pw, TOTAL_W as u16) {
            let n = &c.platform_total_text[row.platform];
            buf.set_string(inner.x + pw, y, n, theme.dim());
        }
        for col in &c.cols {
            let cursor = selected && nav.feature == Some(col.feature);
            match &c.cells[row.platform * nfeat + col.feature] {
                Some((status, text)) => {
                    let mut style = theme.status(*status);
                    if cursor {
                        style = style.patch(theme.selected());
                    }
                    buf.set_string(col.x, y, text, style);
                }
                None if cursor => {
                    buf.set_string(
                        col.x,
                        y,
                        " ".repeat(usize::from(col.width)),
                        theme.selected(),
                    );
                }
                None => {}
            }
        }
    }
    // Totals.
    let y = inner.y + 1 + l.grid_rows() as u16;
    if y < inner.bottom() {
        if fits(inner.x, pw) {
            buf.set_string(inner.x, y, width::pad("total", c.platform_w), theme.bold());
        }
        for col in &c.cols {
            buf.set_string(col.x, y, &c.feature_footers[col.feature], theme.bold());
        }
    }
    // Scroll hints.
    if nav.col_scroll > 0 && fits(inner.x + pw, 1) {
        buf.set_string(inner.x + pw + TOTAL_W as u16 - 1, inner.y, "◀", theme.dim());
    }
    if let Some(last) = c.cols.last()
        && last.feature + 1 < nfeat
        && inner.right() > 0
    {
        buf.set_string(inner.right() - 1, inner.y, "▶", theme.dim());
    }
    if c.rows.is_empty() {
        let msg = if app.loading.is_some() {
            "loading articles…"
        } else {
            "no events found: add articles with --corpus DIR"
        };
        super::put_str(
            buf,
            inner.x,
            inner.y + 1,
            msg,
            usize::from(inner.width),
            theme.dim(),
        );
    }
}

/// The matrix rolled up by company (`C`): one row per company (its platforms in the label's
/// place when there is room), cells the strongest status and earliest date over its platforms.
fn companies(app: &App, buf: &mut Buffer) {
    let l = &app.layout;
    let c = &app.cache;
    let nav = &app.view.nav;
    let theme = &app.theme;
    let title = format!(
        "Companies: {} rows × {} features · C back to platforms",
        c.companies.len(),
        app.model.knowledge.features.len()
    );
    let inner = pane(app, buf, l.grid, &title, !nav.detail_focus);
    if inner.height < 3 || inner.width == 0 {
        return;
    }
    let pw = c.platform_w as u16;
    let right = inner.right();
    let fits = |x: u16, w: u16| x + w <= right;
    header(app, buf, inner, "company");
    for (i, row) in c
        .companies
        .iter()
        .enumerate()
        .skip(nav.company_scroll)
        .take(l.grid_rows() + 1)
    {
        let y = inner.y + 1 + (i - nav.company_scroll) as u16;
        if y >= inner.bottom() {
            break;
        }
        let selected = i == nav.company_sel;
        let label_style = if selected && nav.feature.is_none() {
            theme.selected().patch(theme.bold())
        } else if selected {
            theme.crosshair()
        } else {
            theme.plain()
        };
        if fits(inner.x, pw) {
            buf.set_string(inner.x, y, &c.company_labels[i], label_style);
        }
        if fits(inner.x + pw, TOTAL_W as u16) {
            let n = row.cells.iter().filter(|c| c.is_some()).count();
            let n = format!("{n:>w$}", w = TOTAL_W);
            buf.set_string(inner.x + pw, y, n, theme.dim());
        }
        for col in &c.cols {
            let cursor = selected && nav.feature == Some(col.feature);
            match c.company_cells[i].get(col.feature).and_then(Option::as_ref) {
                Some((status, text)) => {
                    let mut style = theme.status(*status);
                    if cursor {
                        style = style.patch(theme.selected());
                    }
                    buf.set_string(col.x, y, text, style);
                }
                None if cursor => {
                    buf.set_string(
                        col.x,
                        y,
                        " ".repeat(usize::from(col.width)),
                        theme.selected(),
                    );
                }
                None => {}
            }
        }
    }
    if c.companies.is_empty() {
        super::put_str(
            buf,
            inner.x,
            inner.y + 1,
            "no events yet",
            usize::from(inner.width),
            theme.dim(),
        );
    }
}

/// The fixed header row shared by the platform and company grids: the corner label, `Σ`, and the
/// feature names, the selected feature highlighted.
fn header(app: &App, buf: &mut Buffer, inner: ratatui::layout::Rect, corner: &str) {
    let c = &app.cache;
    let theme = &app.theme;
    let pw = c.platform_w as u16;
    let fits = |x: u16, w: u16| x + w <= inner.right();
    if fits(inner.x, pw) {
        buf.set_string(
            inner.x,
            inner.y,
            width::pad(corner, c.platform_w),
            theme.header(),
        );
    }
    if fits(inner.x + pw, TOTAL_W as u16) {
        buf.set_string(inner.x + pw, inner.y, "   Σ", theme.header());
    }
    for col in &c.cols {
        let style = if app.view.nav.feature == Some(col.feature) {
            theme.header().patch(theme.selected())
        } else {
            theme.header()
        };
        buf.set_string(col.x, inner.y, &c.feature_headers[col.feature], style);
    }
}
