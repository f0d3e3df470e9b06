//! Keys → actions: one table per mode, looked up mode first, then the common table. The help
//! overlay is drawn from the same tables, so it always lists every key.

use super::action::{Action, View};
use super::app::{App, Overlay};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Which table applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Common,
    Matrix,
    Detail,
    Timeline,
    Reader,
    Compare,
    Search,
    /// The finder picking platforms to compare.
    CompareFinder,
    Discover,
    Overlay,
}

/// One key binding: the keys, what they do, and the words for the help overlay.
pub struct Binding {
    pub keys: &'static [(KeyCode, KeyModifiers)],
    pub action: Action,
    pub help: &'static str,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

macro_rules! bind {
    ($action:expr, $help:literal, $($key:expr),+) => {
        Binding { keys: &[$($key),+], action: $action, help: $help }
    };
}

const fn ch(c: char) -> (KeyCode, KeyModifiers) {
    (KeyCode::Char(c), NONE)
}

static COMMON: &[Binding] = &[
    bind!(Action::Up, "up", (KeyCode::Up, NONE), ch('k')),
    bind!(Action::Down, "down", (KeyCode::Down, NONE), ch('j')),
    bind!(Action::Left, "left", (KeyCode::Left, NONE), ch('h')),
    bind!(Action::Right, "right", (KeyCode::Right, NONE), ch('l')),
    bind!(Action::PageUp, "page up", (KeyCode::PageUp, NONE)),
    bind!(Action::PageDown, "page down", (KeyCode::PageDown, NONE)),
    bind!(Action::Top, "first row", ch('g'), (KeyCode::Home, NONE)),
    bind!(
        Action::Bottom,
        "last row",
        ch('G'),
        (KeyCode::Char('G'), SHIFT),
        (KeyCode::End, NONE)
    ),
    bind!(Action::NextView, "next view", (KeyCode::Tab, NONE)),
    bind!(
        Action::PrevView,
        "previous view",
        (KeyCode::BackTab, SHIFT),
        (KeyCode::BackTab, NONE)
    ),
    bind!(Action::ShowView(View::Matrix), "matrix view", ch('1')),
    bind!(Action::ShowView(View::Timeline), "timeline view", ch('2')),
    bind!(Action::ShowView(View::Articles), "articles view", ch('3')),
    bind!(
        Action::ShowView(View::Compare),
        "compare view (once compared)",
        ch('4')
    ),
    bind!(
        Action::StartCompare,
        "compare platforms (pick two or more)",
        ch('c')
    ),
    bind!(
        Action::ToggleDiscover,
        "discover unknown names",
        ch('D'),
        (KeyCode::Char('D'), SHIFT)
    ),
    bind!(
        Action::Copy,
        "copy the selected event as a citation",
        ch('y')
    ),
    bind!(Action::ExportView, "export this view as Markdown", ch('e')),
    bind!(Action::StartSearch, "search (fuzzy finder)", ch('/')),
    bind!(
        Action::Open,
        "open: cell events / source paragraph / article",
        (KeyCode::Enter, NONE)
    ),
    bind!(Action::Back, "back / close", (KeyCode::Esc, NONE)),
    bind!(
        Action::ToggleHelp,
        "this help",
        ch('?'),
        (KeyCode::Char('?'), SHIFT)
    ),
    bind!(Action::ToggleProblems, "problems panel", ch('p')),
    bind!(Action::Quit, "quit", ch('q'), (KeyCode::Char('c'), CTRL)),
];

static MATRIX: &[Binding] = &[
    bind!(Action::CycleSort, "cycle row order", ch('s')),
    bind!(
        Action::ToggleCompanies,
        "rows by company / by platform",
        ch('C'),
        (KeyCode::Char('C'), SHIFT)
    ),
];

static COMPARE: &[Binding] = &[bind!(
    Action::Back,
    "back to the matrix",
    (KeyCode::Esc, NONE)
)];

static COMPARE_FINDER: &[Binding] = &[
    bind!(
        Action::SearchToggle,
        "pick / unpick the platform",
        ch(' '),
        (KeyCode::Enter, NONE)
    ),
    bind!(
        Action::SearchConfirm,
        "compare the picked platforms",
        (KeyCode::Char('r'), CTRL)
    ),
];

static DISCOVER: &[Binding] = &[
    bind!(Action::Up, "previous name", (KeyCode::Up, NONE), ch('k')),
    bind!(Action::Down, "next name", (KeyCode::Down, NONE), ch('j')),
    bind!(Action::PageUp, "page up", (KeyCode::PageUp, NONE)),
    bind!(Action::PageDown, "page down", (KeyCode::PageDown, NONE)),
    bind!(
        Action::Open,
        "open the paragraph in the reader",
        (KeyCode::Enter, NONE)
    ),
    bind!(Action::AddPlatform, "add as a platform", ch('a')),
    bind!(
        Action::AddAlias,
        "add as a feature's name (pick it)",
        ch('A'),
        (KeyCode::Char('A'), SHIFT)
    ),
    bind!(
        Action::Back,
        "close",
        (KeyCode::Esc, NONE),
        ch('q'),
        ch('D'),
        (KeyCode::Char('D'), SHIFT)
    ),
    bind!(Action::Quit, "quit", (KeyCode::Char('c'), CTRL)),
];

static DETAIL: &[Binding] = &[bind!(
    Action::Left,
    "back to the grid",
    (KeyCode::Left, NONE),
    ch('h')
)];

static TIMELINE: &[Binding] = &[bind!(
    Action::ToggleFilter,
    "filter to the selected platform/feature",
    ch('f')
)];

static READER: &[Binding] = &[
    bind!(
        Action::NextEvidence,
        "next paragraph with an event",
        ch('n')
    ),
    bind!(
        Action::PrevEvidence,
        "previous paragraph with an event",
        ch('N'),
        (KeyCode::Char('N'), SHIFT)
    ),
];

static SEARCH: &[Binding] = &[
    bind!(
        Action::Up,
        "previous hit",
        (KeyCode::Up, NONE),
        (KeyCode::Char('p'), CTRL)
    ),
    bind!(
        Action::Down,
        "next hit",
        (KeyCode::Down, NONE),
        (KeyCode::Char('n'), CTRL)
    ),
    bind!(
        Action::SearchNextScope,
        "scope: platforms / features / articles",
        (KeyCode::Tab, NONE)
    ),
    bind!(
        Action::SearchPrevScope,
        "previous scope",
        (KeyCode::BackTab, SHIFT),
        (KeyCode::BackTab, NONE)
    ),
    bind!(
        Action::SearchBackspace,
        "delete a character",
        (KeyCode::Backspace, NONE)
    ),
    bind!(Action::Open, "select", (KeyCode::Enter, NONE)),
    bind!(Action::Back, "close", (KeyCode::Esc, NONE)),
    bind!(Action::Quit, "quit", (KeyCode::Char('c'), CTRL)),
];

static OVERLAY: &[Binding] = &[
    bind!(Action::Up, "scroll up", (KeyCode::Up, NONE), ch('k')),
    bind!(Action::Down, "scroll down", (KeyCode::Down, NONE), ch('j')),
    bind!(Action::PageUp, "page up", (KeyCode::PageUp, NONE)),
    bind!(Action::PageDown, "page down", (KeyCode::PageDown, NONE)),
    bind!(Action::Back, "close", (KeyCode::Esc, NONE), ch('q')),
    bind!(
        Action::ToggleHelp,
        "close help",
        ch('?'),
        (KeyCode::Char('?'), SHIFT)
    ),
    bind!(Action::ToggleProblems, "close problems", ch('p')),
    bind!(Action::Quit, "quit", (KeyCode::Char('c'), CTRL)),
];

/// The tables with their titles, in the order the help overlay lists them.
pub fn tables() -> [(Mode, &'static str, &'static [Binding]); 10] {
    [
        (Mode::Common, "Everywhere", COMMON),
        (Mode::Matrix, "Matrix", MATRIX),
        (Mode::Detail, "Matrix detail pane", DETAIL),
        (Mode::Timeline, "Timeline", TIMELINE),
        (Mode::Reader, "Reader", READER),
        (Mode::Compare, "Compare view", COMPARE),
        (Mode::Search, "Finder (/), typing edits the query", SEARCH),
        (
            Mode::CompareFinder,
            "Compare finder (c), plus the finder keys",
            COMPARE_FINDER,
        ),
        (Mode::Discover, "Discover panel (D)", DISCOVER),
        (Mode::Overlay, "Help and problems panels", OVERLAY),
    ]
}

/// Lines the help overlay has (headings, bindings, blank lines).
pub fn help_len() -> usize {
    tables().iter().map(|(_, _, t)| t.len() + 2).sum()
}

/// The mode the app is in.
pub fn mode(app: &App) -> Mode {
    match &app.view.overlay {
        Overlay::Search(s) if matches!(s.pick, super::app::Pick::Compare(_)) => Mode::CompareFinder,
        Overlay::Search(_) => Mode::Search,
        Overlay::Discover { .. } => Mode::Discover,
        Overlay::Help { .. } | Overlay::Problems { .. } => Mode::Overlay,
        Overlay::None => match app.view.nav.view {
            View::Matrix if app.view.nav.detail_focus => Mode::Detail,
            View::Matrix => Mode::Matrix,
            View::Timeline => Mode::Timeline,
            View::Reader => Mode::Reader,
            View::Compare => Mode::Compare,
            View::Articles => Mode::Common,
        },
    }
}

fn find(table: &[Binding], key: &KeyEvent) -> Option<Action> {
    // Terminals disagree on whether Shift comes with upper-case letters; ignore it for chars.
    let mods = match key.code {
        KeyCode::Char(_) => key.modifiers - KeyModifiers::SHIFT,
        _ => key.modifiers,
    };
    table
        .iter()
        .find(|b| {
            b.keys.iter().any(|(c, m)| {
                let m = match c {
                    KeyCode::Char(_) => *m - KeyModifiers::SHIFT,
                    _ => *m,
                };
                *c == key.code && m == mods
            })
        })
        .map(|b| b.action.clone())
}

/// The action a key asks for in the app's current mode, if any.
pub fn action_for(app: &App, key: &KeyEvent) -> Option<Action> {
    let mode = mode(app);
    let own = tables()
        .into_iter()
        .find(|(m, _, _)| *m == mode)
        .and_then(|(_, _, t)| find(t, key));
    let own = match mode {
        Mode::CompareFinder => own.or_else(|| find(SEARCH, key)),
        _ => own,
    };
    match mode {
        Mode::Search | Mode::CompareFinder => own.or(match key.code {
            KeyCode::Char(c)
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(Action::SearchInput(c))
            }
            _ => None,
        }),
        Mode::Overlay | Mode::Discover => own,
        _ => own.or_else(|| find(COMMON, key)),
    }
}

/// How a key is written in the help overlay.
pub fn key_name(code: KeyCode, mods: KeyModifiers) -> String {
    let base = match code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Backspace => "Backspace".into(),
        other => format!("{other:?}"),
    };
    if mods.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{base}")
    } else {
        base
    }
}

/// The distinct key names of a binding, for the help overlay.
pub fn binding_keys(b: &Binding) -> String {
    let mut names: Vec<String> = Vec::new();
    for &(c, m) in b.keys {
        let n = key_name(c, m);
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key bound twice in one table would make one of its bindings dead.
    #[test]
    fn no_key_is_bound_twice_in_a_table() {
        for (_, title, table) in tables() {
            let mut seen = Vec::new();
            for b in table {
                for k in b.keys {
                    assert!(!seen.contains(k), "{title}: {k:?} bound twice");
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn every_binding_has_help_and_a_readable_key() {
        for (_, _, table) in tables() {
            for b in table {
                assert!(!b.help.is_empty());
                assert!(!binding_keys(b).is_empty());
            }
        }
        assert_eq!(key_name(KeyCode::Char('c'), CTRL), "Ctrl-c");
    }
}
