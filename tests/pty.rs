//! The real binary in a pseudo-terminal: search, open, back and quit as a person would, then check
//! the terminal was left as found (main screen, cursor shown, mouse reporting off), also after a
//! panic. Screens are polled with generous time-outs, never waited for with fixed sleeps alone.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const ROWS: u16 = 40;
const COLS: u16 = 120;
const TIMEOUT: Duration = Duration::from_secs(60);

struct Session {
    parser: vt100::Parser,
    raw: Vec<u8>,
    rx: mpsc::Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    fn start(envs: &[(&str, &str)]) -> Session {
        Session::start_with(&[], envs)
    }

    fn start_with(args: &[&str], envs: &[(&str, &str)]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_socialscope"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("SOCIALSCOPE_TEST_PANIC");
        // Never the user's own knowledge file: a folder that does not exist holds no additions.
        cmd.env(
            "SOCIALSCOPE_CONFIG_DIR",
            std::env::temp_dir().join("socialscope-pty-no-config"),
        );
        // Nor the user's parse cache.
        cmd.arg("--no-cache");
        cmd.args(args);
        for (k, v) in envs {
            cmd.env(k, v);
        }
        cmd.cwd(std::env::temp_dir());
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        Session {
            parser: vt100::Parser::new(ROWS.try_into().unwrap(), COLS.try_into().unwrap(), 0),
            raw: Vec::new(),
            rx,
            writer,
            child,
            _master: pair.master,
        }
    }

    fn pump(&mut self) {
        while let Ok(bytes) = self.rx.try_recv() {
            self.parser.process(&bytes);
            self.raw.extend_from_slice(&bytes);
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Polls the screen until `pred` holds.
    fn wait_for(&mut self, what: &str, pred: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            self.pump();
            if pred(&self.screen()) {
                return;
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {what}; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the process to end, reading the rest of its output.
    fn finish(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            self.pump();
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread hand over the last bytes.
                std::thread::sleep(Duration::from_millis(200));
                self.pump();
                return status;
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("the dashboard did not exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The terminal is back as it was: main screen, cursor visible, mouse reporting off — both by
    /// the emulator's state and by the order of the escape sequences written.
    fn assert_restored(&self) {
        let s = self.parser.screen();
        assert!(!s.alternate_screen(), "still on the alternate screen");
        assert!(!s.hide_cursor(), "cursor still hidden");
        assert_eq!(
            s.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse still captured"
        );
        let last = |needle: &str| {
            self.raw
                .windows(needle.len())
                .rposition(|w| w == needle.as_bytes())
        };
        let entered = last("\x1b[?1049h").expect("entered the alternate screen");
        assert!(
            last("\x1b[?1049l").is_some_and(|l| l > entered),
            "left the alternate screen"
        );
        let mouse_on = last("\x1b[?1000h").expect("mouse capture was on");
        assert!(
            last("\x1b[?1000l").is_some_and(|l| l > mouse_on),
            "mouse capture off"
        );
        if let Some(hidden) = last("\x1b[?25l") {
            assert!(
                last("\x1b[?25h").is_some_and(|l| l > hidden),
                "cursor shown again"
            );
        }
    }
}

#[test]
fn search_open_back_and_quit_restore_the_terminal() {
    let mut s = Session::start(&[]);
    s.wait_for("the matrix", |sc| {
        sc.contains("1 Matrix") && sc.contains("problems")
    });
    s.wait_for("loading to finish", |sc| !sc.contains("loading"));
    s.send("/");
    s.wait_for("the finder", |sc| sc.contains("Find"));
    s.send("douyin");
    s.wait_for("抖音 among the hits", |sc| {
        sc.contains("› douyin") && sc.contains("抖音")
    });
    s.send("\r");
    s.wait_for("the finder closed on 抖音", |sc| {
        !sc.contains("Find ·") && sc.contains("抖音 ·")
    });
    // Open the detail pane, then the first event's source paragraph, then come back.
    s.send("\r");
    s.wait_for("the detail pane focused", |sc| {
        sc.contains("Enter opens source")
    });
    s.send("\r");
    s.wait_for("the reader on the evidence", |sc| {
        sc.contains("Esc back") && sc.contains("Reader")
    });
    s.send("\x1b");
    s.wait_for("back on the matrix, detail still focused", |sc| {
        sc.contains("Matrix:") && sc.contains("抖音 · all") && sc.contains("Enter opens source")
    });
    s.send("\x1b");
    s.wait_for("grid focused again", |sc| sc.contains("Enter to browse"));
    s.send("3");
    s.wait_for("the articles list", |sc| {
        sc.contains("Articles:") && sc.contains("逐梦")
    });
    // Select the 逐梦「社交」 article and open it.
    for _ in 0..5 {
        if s.screen()
            .lines()
            .any(|l| l.contains("逐梦") && l.contains("2021-07-14"))
        {
            break;
        }
        s.send("j");
    }
    let open_title = |sc: &str| sc.contains("Esc back");
    let mut opened = false;
    for _ in 0..3 {
        s.send("\r");
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            s.pump();
            if open_title(&s.screen()) {
                opened = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if opened {
            break;
        }
        s.send("j");
    }
    assert!(opened, "reader did not open:\n{}", s.screen());
    s.wait_for("the reader", |sc| sc.contains("Reader"));
    s.send("\x1b");
    s.wait_for("back at the articles list", |sc| {
        sc.contains("Articles:") && !sc.contains("Esc back")
    });
    s.send("1");
    s.wait_for("the matrix again", |sc| sc.contains("Matrix:"));
    s.send("q");
    let status = s.finish();
    assert!(status.success(), "exit status {status:?}");
    s.assert_restored();
}

#[test]
fn ctrl_c_quits_and_restores() {
    let mut s = Session::start(&[]);
    s.wait_for("the matrix", |sc| sc.contains("1 Matrix"));
    s.send("\x03");
    let status = s.finish();
    assert!(status.success());
    s.assert_restored();
}

#[test]
fn a_panic_still_restores_the_terminal() {
    let mut s = Session::start(&[("SOCIALSCOPE_TEST_PANIC", "1")]);
    let status = s.finish();
    assert!(!status.success(), "a panic exits with failure");
    s.assert_restored();
    let out = String::from_utf8_lossy(&s.raw);
    assert!(
        out.contains("SOCIALSCOPE_TEST_PANIC"),
        "the panic message is shown after restoring"
    );
}

/// A broken knowledge base stops the dashboard before it touches the terminal: exit code 1 and a
/// message naming the file.
#[test]
fn a_bad_knowledge_base_exits_1_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let valid = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/knowledge/valid"
    );
    for f in ["companies.yaml", "features.yaml"] {
        std::fs::copy(format!("{valid}/{f}"), dir.path().join(f)).unwrap();
    }
    std::fs::write(
        dir.path().join("platforms.yaml"),
        "platforms:\n  - id: Not An Id\n    name: 抖音\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_socialscope"))
        .arg("--data")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("platforms.yaml"), "{err}");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("\x1b[?1049h"),
        "never entered the alternate screen"
    );
}

/// `--watch`: `y` writes an OSC 52 citation to the terminal, and removing an article reloads the
/// dashboard, which says so in the status bar.
#[test]
fn watch_reloads_and_y_copies_through_osc52() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpus/seeds");
    let mut names = Vec::new();
    for e in std::fs::read_dir(seeds).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
        names.push(e.file_name());
    }
    names.sort();
    let corpus = dir.path().to_str().unwrap();
    let mut s = Session::start_with(&["--corpus", corpus, "--watch"], &[]);
    s.wait_for("both seeds loaded", |sc| {
        sc.contains("2 articles") && !sc.contains("loading")
    });
    s.send("y");
    s.wait_for("the copy note", |sc| sc.contains("copied citation"));
    let raw = String::from_utf8_lossy(&s.raw).into_owned();
    assert!(raw.contains("\x1b]52;c;"), "an OSC 52 sequence was written");
    std::fs::remove_file(dir.path().join(&names[0])).unwrap();
    s.wait_for("the reload note", |sc| sc.contains("reloaded"));
    s.wait_for("one article left", |sc| {
        sc.contains("1 articles") || sc.contains("1 article")
    });
    s.send("q");
    let status = s.finish();
    assert!(status.success(), "exit status {status:?}");
    s.assert_restored();
}

/// A broken file of the user's own additions is a broken knowledge base: exit 1 naming the file,
/// before the terminal is touched.
#[test]
fn a_bad_user_knowledge_file_exits_1_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("knowledge.yaml"),
        "platforms:\n- id: douyin\n  name: 抖音\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_socialscope"))
        .env("SOCIALSCOPE_CONFIG_DIR", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("knowledge.yaml"), "{err}");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("\x1b[?1049h"),
        "never entered the alternate screen"
    );
}
