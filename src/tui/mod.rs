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

pub use action::{Action, Effect, View};
pub use app::{App, update};

use crate::discover::Suggestion;
use crate::extract::Extractor;
use crate::knowledge::Knowledge;
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

/// What the loader, rebuild and watcher threads send.
enum Msg {
    Batch(Action),
    Done,
    /// A rebuilt model (watch reload, taught name) and what to say about it.
    Replace(Box<Model>, String),
    /// A message for the status bar (a failed rebuild, a watcher error).
    Note(String),
    /// The corpus folders changed.
    Changed,
}

/// The base knowledge (bundled or `--data`) with the user's own file merged on top.
pub fn knowledge_with_user(base: &Knowledge) -> Result<Knowledge, String> {
    let mut k = base.clone();
    crate::userdata::merge_default(&mut k).map_err(|e| e.to_string())?;
    Ok(k)
}

/// A model over the same articles with another knowledge base: every article re-extracted. For
/// a taught name, which changes the knowledge but not the files.
pub fn rebuild(model: &Model, knowledge: Knowledge) -> Model {
    use rayon::prelude::*;
    let extractor = Extractor::new(&knowledge);
    let extracted: Vec<_> = model
        .articles
        .par_iter()
        .map(|a| (a.clone(), extractor.extract(a)))
        .collect();
    let mut out = Model::new(knowledge);
    out.add_diagnostics(model.diagnostics.iter().cloned());
    out.add_articles(extracted);
    out
}

/// Teaches a discovered name: writes it to the user's knowledge file (the config folder, see
/// [`crate::userdata`]) and returns the model re-extracted with it. Blocking; the run loop calls it
/// on a worker thread.
pub fn teach(base: &Knowledge, model: &Model, s: &Suggestion) -> Result<Model, String> {
    let file = crate::userdata::UserFile::default_location().map_err(|e| e.to_string())?;
    file.accept(&model.knowledge, s)
        .map_err(|e| e.to_string())?;
    let k = knowledge_with_user(base)?;
    Ok(rebuild(model, k))
}

/// What the status bar says after teaching `s`.
fn taught(s: &Suggestion) -> String {
    match s {
        Suggestion::Platform(p) => format!("added platform {} to your knowledge file", p.name),
        Suggestion::FeatureAlias { feature, alias } => format!(
            "added {alias} as a name of {} to your knowledge file",
            feature.as_deref().unwrap_or("?")
        ),
    }
}

/// Loads everything again (for `--watch`), with the user's file merged. Blocking.
pub fn reload(inputs: &Inputs, base: &Knowledge) -> Result<Model, String> {
    let k = knowledge_with_user(base)?;
    let extractor = Extractor::new(&k);
    let mut model = Model::new(k);
    loader::load_articles(inputs, &extractor, |batch, diags, _| {
        model.add_diagnostics(diags);
        model.add_articles(batch);
    });
    Ok(model)
}

/// Writes an exported view to a fresh file in `cwd` (or, when that is inside a corpus folder,
/// home or the temporary folder); returns the path.
pub fn export(
    cwd: &std::path::Path,
    roots: &[std::path::PathBuf],
    view: crate::cite::View,
    text: &str,
) -> std::io::Result<std::path::PathBuf> {
    crate::cite::write_view(cwd, roots, view, text)
}

/// Leaves the terminal as it was found: mouse off, cursor shown, raw mode off, main screen.
fn restore_terminal() {
    let _ = execute!(std::io::stdout(), DisableMouseCapture, cursor::Show);
    ratatui::restore();
}

/// Opens the dashboard on the inputs; returns when the user quits. With `watch`, the corpus
/// folders are watched and the model reloaded when articles change.
pub fn run(inputs: Inputs, watch: bool) -> ExitCode {
    // The base is the bundled or `--data` knowledge alone: the user's file is merged on top here
    // (and again after every name taught), never twice.
    let base_inputs = Inputs {
        user_knowledge: None,
        ..inputs.clone()
    };
    let base = match loader::load_knowledge(&base_inputs) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("socialscope: {e}");
            return ExitCode::from(1);
        }
    };
    let knowledge = match knowledge_with_user(&base) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("socialscope: {e}");
            return ExitCode::from(1);
        }
    };
    let loop_inputs = inputs.clone();
    let (tx, rx) = mpsc::channel::<Msg>();
    let loop_tx = tx.clone();
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
    // Kept alive for the whole session: dropping it stops watching.
    let _watcher = if watch {
        start_watch(&loop_inputs, &loop_tx, &mut app)
    } else {
        None
    };
    let mut shell = Shell {
        inputs: loop_inputs,
        base,
        tx: loop_tx,
        reloading: false,
        reload_again: false,
    };
    let result = event_loop(&mut terminal, &mut app, &rx, &mut shell);
    restore_terminal();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("socialscope: terminal error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// How often loaded batches reach the model while loading: often enough for a matrix that visibly
/// fills in, seldom enough that rebuilding the views stays a small share of the load.
const APPLY_EVERY: Duration = Duration::from_millis(100);

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

/// Starts watching the corpus folders; changes arrive as [`Msg::Changed`].
fn start_watch(
    inputs: &Inputs,
    tx: &mpsc::Sender<Msg>,
    app: &mut App,
) -> Option<crate::watch::Watcher> {
    if inputs.corpus.is_empty() {
        app.note = Some("--watch needs --corpus DIR (the bundled articles never change)".into());
        return None;
    }
    let tx = tx.clone();
    let w = crate::watch::Watcher::with_callback(&inputs.corpus, move |ev| {
        let msg = match ev {
            crate::watch::WatchEvent::Changed(_) => Msg::Changed,
            crate::watch::WatchEvent::Error(e) => Msg::Note(format!("watch: {e}")),
        };
        tx.send(msg).is_ok()
    });
    match w {
        Ok(w) => Some(w),
        Err(e) => {
            app.note = Some(format!("cannot watch {}: {}", e.path, e.message));
            None
        }
    }
}

/// What the run loop needs to carry out effects and reloads.
struct Shell {
    inputs: Inputs,
    /// The knowledge base before the user's file is merged (it is re-read on each rebuild).
    base: Knowledge,
    tx: mpsc::Sender<Msg>,
    reloading: bool,
    /// Files changed during a reload (or the first load): reload once more when it is done.
    reload_again: bool,
}

impl Shell {
    /// Reloads on a worker thread, unless one is running (then once more after it).
    fn start_reload(&mut self, app: &App) {
        if self.reloading || app.loading.is_some() {
            self.reload_again = true;
            return;
        }
        self.reloading = true;
        self.reload_again = false;
        let (inputs, base, tx) = (self.inputs.clone(), self.base.clone(), self.tx.clone());
        std::thread::spawn(move || {
            let msg = match reload(&inputs, &base) {
                Ok(m) => Msg::Replace(Box::new(m), "reloaded".into()),
                Err(e) => Msg::Note(format!("reload failed: {e}")),
            };
            let _ = tx.send(msg);
        });
    }

    /// Carries out what `update` queued: terminal writes here, file and extraction work on a
    /// worker thread that reports back through the channel.
    fn perform(&mut self, app: &mut App) {
        for effect in std::mem::take(&mut app.effects) {
            match effect {
                Effect::Clipboard { osc52, what } => {
                    use std::io::Write;
                    let mut out = std::io::stdout().lock();
                    let ok = out.write_all(osc52.as_bytes()).and_then(|()| out.flush());
                    app.note = Some(match ok {
                        Ok(()) => format!("copied citation of {what} (OSC 52)"),
                        Err(e) => format!("cannot copy: {e}"),
                    });
                }
                Effect::Export { view, text } => {
                    let cwd = std::env::current_dir().unwrap_or_else(|_| std::env::temp_dir());
                    app.note = Some(match export(&cwd, &self.inputs.corpus, view, &text) {
                        Ok(p) => format!("exported to {}", p.display()),
                        Err(e) => format!("cannot export: {e}"),
                    });
                }
                Effect::Teach(s) => {
                    let (base, model, tx) = (self.base.clone(), app.model.clone(), self.tx.clone());
                    std::thread::spawn(move || {
                        let msg = match teach(&base, &model, &s) {
                            Ok(m) => Msg::Replace(Box::new(m), taught(&s)),
                            Err(e) => Msg::Note(format!("not added: {e}")),
                        };
                        let _ = tx.send(msg);
                    });
                }
            }
        }
    }
}

/// How long a status bar note stays.
const NOTE_FOR: Duration = Duration::from_secs(4);

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    rx: &mpsc::Receiver<Msg>,
    shell: &mut Shell,
) -> std::io::Result<()> {
    let mut note_since: Option<(String, Instant)> = None;
    let test_panic = std::env::var_os("SOCIALSCOPE_TEST_PANIC").is_some_and(|v| v == "1");
    let mut first = true;
    let mut dirty = true;
    let mut pending: Option<Action> = None;
    let mut last_apply: Option<Instant> = None;
    while !app.quit {
        if dirty {
            terminal.draw(|f| draw(f, app))?;
            dirty = false;
            if first && test_panic {
                panic!("SOCIALSCOPE_TEST_PANIC: panicking after the first frame as asked");
            }
            first = false;
        }
        // Apply what the loader has finished without waiting for it, but at most every
        // APPLY_EVERY: every model change rebuilds the derived views (matrix, detail pane), whose
        // cost grows with the model, so batches applied one by one would make loading quadratic.
        // Batches that arrive in between go in as one.
        let mut finished = false;
        let mut others = Vec::new();
        while let Ok(msg) = rx.try_recv() {
            match msg {
                Msg::Batch(a) => pending = Some(merge_batches(pending.take(), a)),
                Msg::Done => finished = true,
                other => others.push(other),
            }
        }
        if pending.is_some() && (finished || last_apply.is_none_or(|t| t.elapsed() >= APPLY_EVERY))
        {
            if let Some(a) = pending.take() {
                update(app, a);
            }
            last_apply = Some(Instant::now());
            dirty = true;
        }
        if finished {
            update(app, Action::LoadFinished);
            dirty = true;
            if shell.reload_again {
                shell.start_reload(app);
            }
        }
        for msg in others {
            match msg {
                Msg::Replace(model, note) => {
                    update(app, Action::Reloaded { model, note });
                    if shell.reloading {
                        shell.reloading = false;
                        if shell.reload_again {
                            shell.start_reload(app);
                        }
                    }
                }
                Msg::Note(n) => {
                    shell.reloading = false;
                    update(app, Action::Notify(n));
                }
                Msg::Changed => shell.start_reload(app),
                Msg::Batch(_) | Msg::Done => {}
            }
            dirty = true;
        }
        if !app.effects.is_empty() {
            shell.perform(app);
            dirty = true;
        }
        // A note stays a few seconds, then the status bar goes back to normal.
        match (&app.note, &note_since) {
            (None, _) => note_since = None,
            (Some(n), Some((m, t))) if n == m => {
                if t.elapsed() >= NOTE_FOR {
                    update(app, Action::ClearNote);
                    note_since = None;
                    dirty = true;
                }
            }
            (Some(n), _) => note_since = Some((n.clone(), Instant::now())),
        }
        // Something changed that is not on screen yet: draw it first, only glance at the keyboard.
        let timeout = if dirty {
            Duration::ZERO
        } else if app.loading.is_some() || !app.effects.is_empty() {
            Duration::from_millis(50)
        } else if app.note.is_some() || shell.reloading {
            Duration::from_millis(250)
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
                if !app.effects.is_empty() {
                    shell.perform(app);
                }
                if app.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
    }
    Ok(())
}
