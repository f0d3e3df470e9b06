//! Colours, glyphs and the words the dashboard shows, in one place.
//!
//! Only the terminal's named colours are used, so the palette follows the user's own dark or light
//! scheme; selection is reverse video, readable on both. With `NO_COLOR` set, every distinction
//! falls back to bold, underline, reverse and distinct glyphs.

use crate::extract::{SpanKind, Status};
use ratatui::style::{Color, Modifier, Style};

/// The styles for one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// False under `NO_COLOR`.
    pub color: bool,
}

/// Feature colours for the lane chart, cycled by feature index.
const PALETTE: [Color; 8] = [
    Color::Red,
    Color::Green,
    Color::Yellow,
    Color::Blue,
    Color::Magenta,
    Color::Cyan,
    Color::LightRed,
    Color::LightBlue,
];

impl Theme {
    /// From the environment: colour unless `NO_COLOR` is set to anything non-empty.
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self { color: !no_color }
    }

    pub fn plain(&self) -> Style {
        Style::default()
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default().add_modifier(Modifier::DIM)
        }
    }

    pub fn bold(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    pub fn header(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// The selected row or column outside the cursor cell itself.
    pub fn crosshair(&self) -> Style {
        if self.color {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn title(&self) -> Style {
        if self.color {
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        match (self.color, focused) {
            (true, true) => Style::default().fg(Color::Cyan),
            (true, false) => Style::default().fg(Color::DarkGray),
            (false, true) => Style::default().add_modifier(Modifier::BOLD),
            (false, false) => Style::default(),
        }
    }

    pub fn status_bar(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    pub fn warning(&self) -> Style {
        if self.color {
            Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        }
    }

    /// A status word or glyph.
    pub fn status(&self, s: Status) -> Style {
        if !self.color {
            return match s {
                Status::Launched | Status::Relaunched => {
                    Style::default().add_modifier(Modifier::BOLD)
                }
                Status::Closed => Style::default().add_modifier(Modifier::CROSSED_OUT),
                Status::Testing => Style::default().add_modifier(Modifier::UNDERLINED),
                Status::Adjusted | Status::Has => Style::default(),
            };
        }
        let c = match s {
            Status::Launched => Color::Green,
            Status::Testing => Color::Yellow,
            Status::Relaunched => Color::Cyan,
            Status::Adjusted => Color::Blue,
            Status::Closed => Color::Red,
            Status::Has => Color::Magenta,
        };
        Style::default().fg(c)
    }

    /// A highlighted word in evidence text.
    pub fn span(&self, k: SpanKind) -> Style {
        if !self.color {
            return match k {
                SpanKind::Platform | SpanKind::Feature => {
                    Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
                }
                SpanKind::Date | SpanKind::Status => Style::default().add_modifier(Modifier::BOLD),
            };
        }
        match k {
            SpanKind::Platform => Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            SpanKind::Feature => Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            SpanKind::Date => Style::default().fg(Color::Green),
            SpanKind::Status => Style::default().fg(Color::Magenta),
        }
    }

    /// The paragraph an event was opened from, in the reader. Reverse video rather than a
    /// background colour: readable on dark and light schemes alike, coloured words stay distinct.
    pub fn evidence(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// A matched character in a search hit.
    pub fn matched(&self) -> Style {
        if self.color {
            Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    /// A feature's colour in the lane chart.
    pub fn feature(&self, f: usize) -> Style {
        if self.color {
            Style::default().fg(PALETTE[f % PALETTE.len()])
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        }
    }

    /// A feature's marker in the lane chart: a dot in colour, a letter without.
    pub fn feature_marker(&self, f: usize) -> char {
        if self.color {
            '●'
        } else {
            char::from(b'a' + (f % 26) as u8)
        }
    }
}

/// The one-character glyph of a status in a matrix cell.
pub fn glyph(s: Status) -> char {
    match s {
        Status::Launched => '●',
        Status::Testing => '◐',
        Status::Relaunched => '↻',
        Status::Adjusted => '◆',
        Status::Closed => '✕',
        Status::Has => '○',
    }
}

/// Shown instead of the dashboard when the terminal is too small.
pub const TOO_SMALL: &str = "enlarge the terminal (60×15 at least)";
/// Smallest usable terminal.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

/// `1 event`, `2 events`.
pub fn events(n: usize) -> String {
    if n == 1 {
        "1 event".to_string()
    } else {
        format!("{n} events")
    }
}
