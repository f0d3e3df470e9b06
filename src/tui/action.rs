//! Everything the user (or the loader) can ask of the dashboard, as data.
//!
//! Keys and mouse events become [`Action`]s (see `keymap`); [`super::app::update`] applies them.
//! Tests drive the dashboard with these directly, no terminal needed.

use crate::Diagnostic;
use crate::loader::{Loaded, Progress};
use crate::model::Model;
use std::time::Duration;

/// The three top-level views (the reader is opened from the articles view or from an event).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Matrix,
    Timeline,
    Articles,
    Reader,
    /// Platforms side by side; reachable once a comparison has been run (`c`).
    Compare,
}

impl View {
    pub fn label(self) -> &'static str {
        match self {
            View::Matrix => "Matrix",
            View::Timeline => "Timeline",
            View::Articles => "Articles",
            View::Reader => "Reader",
            View::Compare => "Compare",
        }
    }
}

/// One thing to do to the dashboard state.
#[derive(Debug, Clone)]
pub enum Action {
    /// Leave the dashboard.
    Quit,
    /// Move the cursor up one row (or scroll up one line).
    Up,
    /// Move the cursor down one row (or scroll down one line).
    Down,
    /// Move the cursor one column left.
    Left,
    /// Move the cursor one column right.
    Right,
    /// Move up one screenful.
    PageUp,
    /// Move down one screenful.
    PageDown,
    /// Go to the first row.
    Top,
    /// Go to the last row.
    Bottom,
    /// Switch to the next view (Matrix → Timeline → Articles).
    NextView,
    /// Switch to the previous view.
    PrevView,
    /// Switch to one view.
    ShowView(View),
    /// Cycle the matrix row order (activity, name, earliest, company).
    CycleSort,
    /// Open what is under the cursor: a cell's events, an event's source paragraph, an article.
    Open,
    /// Close the overlay, or go back to where the last `Open` came from.
    Back,
    /// Open the fuzzy finder.
    StartSearch,
    /// Type a character into the finder.
    SearchInput(char),
    /// Delete the last character of the finder's query.
    SearchBackspace,
    /// Switch the finder's scope (platforms → features → article titles).
    SearchNextScope,
    /// Show or hide the key help.
    ToggleHelp,
    /// Show or hide the problems panel.
    ToggleProblems,
    /// Restrict the timeline to the selected platform and/or feature, or stop restricting it.
    ToggleFilter,
    /// In the reader, jump to the next paragraph that states an event.
    NextEvidence,
    /// In the reader, jump to the previous paragraph that states an event.
    PrevEvidence,
    /// A mouse click at a screen position.
    Click { x: u16, y: u16 },
    /// A mouse wheel turn at a screen position.
    Scroll { x: u16, y: u16, down: bool },
    /// A batch of articles from the background loader.
    Loaded {
        articles: Vec<Loaded>,
        diagnostics: Vec<Diagnostic>,
        progress: Progress,
        elapsed: Duration,
    },
    /// The background loader is done.
    LoadFinished,
    /// Switch the finder's scope back (articles → features → platforms).
    SearchPrevScope,
    /// Open the finder to pick platforms to compare (several can be picked).
    StartCompare,
    /// In the compare finder, pick or unpick the platform under the cursor.
    SearchToggle,
    /// In the compare finder, compare the picked platforms.
    SearchConfirm,
    /// Roll the matrix rows up by company, or back to platforms.
    ToggleCompanies,
    /// Show or hide the discover panel (names the knowledge base does not know).
    ToggleDiscover,
    /// In the discover panel, teach the selected name as a platform.
    AddPlatform,
    /// In the discover panel, teach the selected name as another name of a feature (picked next).
    AddAlias,
    /// Copy the selected event as a citation to the clipboard (OSC 52).
    Copy,
    /// Export the current view as Markdown to a file.
    ExportView,
    /// Swap in a model rebuilt by the run loop (watch reload, taught name); keeps the selection.
    Reloaded { model: Box<Model>, note: String },
    /// A message for the status bar (e.g. what an effect did or why it failed).
    Notify(String),
    /// Clear the status bar message.
    ClearNote,
}

/// Something the run loop must do outside [`super::app::update`] (which does no I/O). Queued on
/// the app; the run loop drains the queue after each update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write this OSC 52 sequence to the terminal (puts the text on the clipboard).
    Clipboard { osc52: String, what: String },
    /// Write a view's Markdown to a fresh file (never in a corpus folder).
    Export {
        view: crate::cite::View,
        text: String,
    },
    /// Add a discovered name to the user's knowledge file, then rebuild the model.
    Teach(crate::discover::Suggestion),
}
