//! The dashboard: a thin ratatui shell over the model. State + action → state; state → frame;
//! terminal I/O only in this module's run loop.
//!
//! Start-up draws the first frame as soon as the knowledge base is read; articles load on a
//! background thread and arrive as [`Action::Loaded`] batches, so the matrix fills in while the
//! status bar shows progress.

pub mod action;
pub mod app;
pub mod cache;
pub mod keymap;
pub mod layout;
pub mod styled;
pub mod theme;
pub mod ui;
pub mod width;

pub use action::{Action, View};
pub use app::{App, update};

use crate::extract::Extractor;
use crate::loader::{self, Inputs};
use crate::model::Model;
use ratatui::Frame;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::crossterm::{cursor, execute};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Lays the app out for the frame and draws it; the one entry point for real and test terminals.
pub fn draw(frame: &mut Frame, app: &mut App) {
    app.resize(frame.area());
    ui::render(app, frame);
}

/// Turns a terminal event into an action, if it means one.
pub fn action_for_event(app: &App, ev: &Event) -> Option<Action> {
    match ev {
        // Only presses: Windows and kitty-protocol terminals also report releases and repeats.
        Event::Key(k) if k.kind == KeyEventKind::Press => keymap::action_for(app, k),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                x: m.column,
                y: m.row,
            }),
            MouseEventKind::ScrollDown => Some(Action::Scroll {
                x: m.column,
                y: m.row,
                down: true,
            }),
            MouseEventKind::ScrollUp => Some(Action::Scroll {
                x: m.column,
                y: m.row,
                down: false,
            }),
            _ => None,
        },
        _ => None,
    }
}

/// What the loader thread sends.
enum Msg {
    Batch(Action),
    Done,
}

/// Leaves the terminal as it was found: mouse off, cursor shown, raw mode off, main screen.
fn restore_terminal() {
    let _ = execute!(std::io::stdout(), DisableMouseCapture, cursor::Show);
    ratatui::restore();
}

/// Opens the dashboard on the inputs; returns when the user quits.
pub fn run(inputs: Inputs) -> ExitCode {
    let knowledge = match loader::load_knowledge(&inputs) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("socialscope: {e}");
            return ExitCode::from(1);
        }
    };
    let (tx, rx) = mpsc::channel::<Msg>();
    let thread_knowledge = knowledge.clone();
    let started = Instant::now();
    // The loader runs beside the UI; if the user quits first, sends fail and it winds down.
    std::thread::spawn(move || {
        let extractor = Extractor::new(&thread_knowledge);
        loader::load_articles(&inputs, &extractor, |articles, diagnostics, progress| {
            let _ = tx.send(Msg::Batch(Action::Loaded {
                articles,
                diagnostics,
                progress,
                elapsed: started.elapsed(),
            }));
        });
        let _ = tx.send(Msg::Done);
    });
    let mut app = App::new(Model::new(knowledge), theme::Theme::from_env());
    app.loading = Some(app::Loading {
        progress: loader::Progress::default(),
        elapsed: Duration::ZERO,
    });

    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            let _ = ratatui::crossterm::terminal::disable_raw_mode();
            eprintln!(
                "socialscope: the dashboard needs a terminal ({e}); in scripts use `socialscope export` or `socialscope check`"
            );
            return ExitCode::from(2);
        }
    };
    // ratatui's hook leaves raw mode and the alternate screen; ours also turns the mouse off and
    // shows the cursor, then hands over to it.
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableMouseCapture, cursor::Show);
        ratatui_hook(info);
    }));
    let _ = execute!(std::io::stdout(), EnableMouseCapture);
    let result = event_loop(&mut terminal, &mut app, &rx);
    restore_terminal();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("socialscope: terminal error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Two loader batches as one (the later progress wins).
fn merge_batches(earlier: Option<Action>, later: Action) -> Action {
    match (earlier, later) {
        (
            Some(Action::Loaded {
                mut articles,
                mut diagnostics,
                ..
            }),
            Action::Loaded {
                articles: more,
                diagnostics: more_diags,
                progress,
                elapsed,
            },
        ) => {
            articles.extend(more);
            diagnostics.extend(more_diags);
            Action::Loaded {
                articles,
                diagnostics,
                progress,
                elapsed,
            }
        }
        (_, later) => later,
    }
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    rx: &mpsc::Receiver<Msg>,
) -> std::io::Result<()> {
    let test_panic = std::env::var_os("SOCIALSCOPE_TEST_PANIC").is_some_and(|v| v == "1");
    let mut first = true;
    let mut dirty = true;
    while !app.quit {
        if dirty {
            terminal.draw(|f| draw(f, app))?;
            dirty = false;
            if first && test_panic {
                panic!("SOCIALSCOPE_TEST_PANIC: panicking after the first frame as asked");
            }
            first = false;
        }
        // Apply whatever the loader has finished, without waiting for it; batches that piled up
        // while drawing go in as one, so the derived views are rebuilt once, not per batch.
        let mut pending: Option<Action> = None;
        let mut finished = false;
        while let Ok(msg) = rx.try_recv() {
            match msg {
                Msg::Batch(a) => pending = Some(merge_batches(pending, a)),
                Msg::Done => finished = true,
            }
        }
        if let Some(a) = pending {
            update(app, a);
            dirty = true;
        }
        if finished {
            update(app, Action::LoadFinished);
            dirty = true;
        }
        let timeout = if app.loading.is_some() {
            Duration::from_millis(50)
        } else {
            Duration::from_millis(500)
        };
        if event::poll(timeout)? {
            // Drain everything pending so a held key or a fast wheel does not lag behind.
            loop {
                let ev = event::read()?;
                if matches!(ev, Event::Resize(..)) {
                    dirty = true;
                }
                if let Some(a) = action_for_event(app, &ev) {
                    update(app, a);
                    dirty = true;
                }
                if app.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
    }
    Ok(())
}
