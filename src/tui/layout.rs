//! Where every pane goes, computed once per terminal size and view, and kept so a mouse click can
//! be mapped back to the pane (and row, column) it landed on.

use super::action::View;
use super::theme::{MIN_HEIGHT, MIN_WIDTH};
use ratatui::layout::{Margin, Rect};

/// A clickable region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tab(View),
    Grid,
    Detail,
    Lanes,
    List,
    Main,
    Status,
}

/// The tab labels of the top line, in order.
pub const TABS: [(View, &str); 4] = [
    (View::Matrix, " 1 Matrix "),
    (View::Timeline, " 2 Timeline "),
    (View::Articles, " 3 Articles "),
    (View::Compare, " 4 Compare "),
];

/// Rectangles of one screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    /// Set once computed for a real size.
    pub ready: bool,
    pub area: Rect,
    pub view: View,
    pub too_small: bool,
    /// Top line with the view tabs.
    pub tabs: Rect,
    /// x ranges of each tab on the top line.
    pub tab_ranges: Vec<(u16, u16, View)>,
    pub status: Rect,
    pub body: Rect,
    /// Matrix grid (with its border).
    pub grid: Rect,
    /// Detail pane (with its border).
    pub detail: Rect,
    /// The detail pane sits right of the grid (wide terminals) rather than below it.
    pub detail_right: bool,
    /// Timeline lane chart.
    pub lanes: Rect,
    /// Timeline event list or articles list (with its border).
    pub list: Rect,
    /// The reader.
    pub main: Rect,
}

impl Layout {
    pub fn compute(area: Rect, view: View) -> Self {
        let mut l = Layout {
            ready: true,
            area,
            view,
            too_small: area.width < MIN_WIDTH || area.height < MIN_HEIGHT,
            ..Layout::default()
        };
        if l.too_small {
            return l;
        }
        l.tabs = Rect::new(area.x, area.y, area.width, 1);
        l.status = Rect::new(area.x, area.bottom() - 1, area.width, 1);
        l.body = Rect::new(area.x, area.y + 1, area.width, area.height - 2);
        let mut x = area.x;
        for (v, label) in TABS {
            let w = label.len() as u16;
            l.tab_ranges.push((x, x + w, v));
            x += w + 1;
        }
        let b = l.body;
        match view {
            View::Matrix => {
                l.detail_right = b.width >= 110 && b.width >= b.height * 3;
                if l.detail_right {
                    let dw = (b.width * 2 / 5).clamp(40, 72);
                    l.grid = Rect::new(b.x, b.y, b.width - dw, b.height);
                    l.detail = Rect::new(b.x + b.width - dw, b.y, dw, b.height);
                } else {
                    let dh = (b.height * 2 / 5).max(6);
                    l.grid = Rect::new(b.x, b.y, b.width, b.height - dh);
                    l.detail = Rect::new(b.x, b.y + b.height - dh, b.width, dh);
                }
            }
            View::Timeline => {
                let lh = (b.height * 2 / 5).max(6);
                l.lanes = Rect::new(b.x, b.y, b.width, lh);
                l.list = Rect::new(b.x, b.y + lh, b.width, b.height - lh);
            }
            View::Articles => l.list = b,
            View::Reader | View::Compare => l.main = b,
        }
        l
    }

    /// Data rows the matrix grid shows (inside the border, without header and totals rows).
    pub fn grid_rows(&self) -> usize {
        usize::from(self.grid.height.saturating_sub(4))
    }

    pub fn grid_inner(&self) -> Rect {
        self.grid.inner(Margin::new(1, 1))
    }

    pub fn detail_inner(&self) -> Rect {
        self.detail.inner(Margin::new(1, 1))
    }

    pub fn list_inner(&self) -> Rect {
        self.list.inner(Margin::new(1, 1))
    }

    pub fn lanes_inner(&self) -> Rect {
        self.lanes.inner(Margin::new(1, 1))
    }

    pub fn main_inner(&self) -> Rect {
        self.main.inner(Margin::new(1, 1))
    }

    /// Lines the list pane shows.
    pub fn list_rows(&self) -> usize {
        usize::from(self.list_inner().height)
    }

    /// Lines the reader shows.
    pub fn main_rows(&self) -> usize {
        usize::from(self.main_inner().height)
    }

    /// Which pane a screen position is in.
    pub fn hit(&self, x: u16, y: u16) -> Option<Pane> {
        if self.too_small {
            return None;
        }
        let p = ratatui::layout::Position::new(x, y);
        if self.tabs.contains(p) {
            return self
                .tab_ranges
                .iter()
                .find(|(a, b, _)| (*a..*b).contains(&x))
                .map(|(_, _, v)| Pane::Tab(*v));
        }
        [
            (self.grid, Pane::Grid),
            (self.detail, Pane::Detail),
            (self.lanes, Pane::Lanes),
            (self.list, Pane::List),
            (self.main, Pane::Main),
            (self.status, Pane::Status),
        ]
        .into_iter()
        .find(|(r, _)| r.contains(p))
        .map(|(_, pane)| pane)
    }
}
