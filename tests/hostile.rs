//! A hostile corpus (issue 4): every kind of bad file next to two good articles. Loading never
//! panics, every bad file gives exactly one diagnostic, good files give none, and no control
//! character reaches any text. Then property tests feed arbitrary bytes and HTML-ish soup to
//! `parse_article`.
//!
//! Long fuzz run: `PROPTEST_CASES=100000 cargo test --release --test hostile` (about 15 s);
//! 3,000,000 cases per property take about 4 minutes on 2 shared cores.

use proptest::prelude::*;
use socialscope::Diagnostic;
use socialscope::corpus::{Article, BlockKind, LoadOptions, discover, load_file, parse_article};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Characters that must never reach a terminal: C0 (ESC, BEL, …), DEL, C1, bidi controls.
fn is_forbidden(c: char) -> bool {
    c.is_control()
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

fn assert_clean(a: &Article) {
    let mut fields: Vec<&str> = vec![&a.title];
    fields.extend(a.author.as_deref());
    fields.extend(a.source.as_deref());
    fields.extend(a.categories.iter().map(String::as_str));
    fields.extend(a.texts());
    for f in fields {
        assert!(
            !f.chars().any(is_forbidden),
            "{}: control character in {:?}",
            a.path,
            f.chars().take(80).collect::<String>()
        );
    }
    for text in a.texts() {
        assert!(!text.is_empty(), "{}: empty block", a.path);
        assert_eq!(text.trim(), text, "{}: untrimmed block", a.path);
        assert!(!text.contains("  "), "{}: double space", a.path);
    }
    // The blocks' ranges follow one another over the whole text: nothing between or after them.
    let mut at = 0;
    for b in &a.blocks {
        assert_eq!(b.range().start, at, "{}: gap before a block", a.path);
        assert!(a.text.is_char_boundary(b.range().end), "{}", a.path);
        at = b.range().end;
    }
    assert_eq!(at, a.text.len(), "{}: text after the last block", a.path);
}

const GOOD_HTML: &str = "\n---\ntitle: '淘宝上线语音聊天'\ncategories:\n - 新媒体\n - 36kr\nauthor: 36kr\n\
date: Tue, 18 Jan 2022 01:23:42 GMT\n---\n\n<div>\n<p>就在2021年末，淘宝<a href=\"x\">上线了</a>语音聊天功能。</p>\n\
<h2><strong>小标题</strong></h2>\n<p class=\"img-desc\">图 / 截图</p>\n</div>\n";

const GOOD_TEXT: &str =
    "---\ntitle: 纯文本\ndate: 2021-10-28\n---\n# 抖音\n\n抖音内测了\n“朋友”功能。\n";

/// What a generated case should produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Loads, no diagnostic.
    Good,
    /// Exactly one diagnostic; it is loaded (lossily) or skipped.
    Bad,
    /// Unreadable file: one diagnostic, unless the tests run as root and can read it anyway.
    Unreadable,
}

struct Corpus {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    cases: Vec<(PathBuf, Expect)>,
    /// Deleted between discovery and loading.
    vanish: PathBuf,
}

fn put(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(d) = path.parent() {
        fs::create_dir_all(d).expect("mkdir");
    }
    fs::write(path, bytes).expect("write");
}

/// Writes every hostile case into a fresh temporary folder.
fn generate() -> Corpus {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("corpus");
    let mut cases = Vec::new();
    let mut case = |name: &str, bytes: Vec<u8>, expect: Expect| {
        let path = root.join(name);
        put(&path, bytes);
        cases.push((path, expect));
    };
    use Expect::*;
    case("good1.md", GOOD_HTML.into(), Good);
    case("good2.txt", GOOD_TEXT.into(), Good);
    case("empty.md", Vec::new(), Bad);
    case("only_dashes.md", b"---\n".to_vec(), Bad);
    case(
        "no_front_matter.md",
        "<h1>标题</h1><p>正文</p>".into(),
        Good,
    );
    case(
        "unclosed_front_matter.md",
        b"---\ntitle: x\n<p>body</p>\n".to_vec(),
        Bad,
    );
    case(
        "invalid_yaml.md",
        b"---\ntitle: [x\n---\n<p>body</p>\n".to_vec(),
        Bad,
    );
    let mut bomb = String::from("---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    bomb.push_str("---\n<p>body</p>\n");
    case("alias_bomb.md", bomb.into(), Bad);
    case(
        "deep_yaml.md",
        format!("---\ntitle: {}\n---\n<p>x</p>", "[".repeat(50_000)).into(),
        Bad,
    );
    case(
        "wrong_types.md",
        b"---\ntitle: 12345\ndate: [2021, 1]\nauthor: {a: b}\ncategories: {a: b}\n---\n<p>x</p>"
            .to_vec(),
        Bad,
    );
    let mut utf8 = b"---\ntitle: ok\n---\n<p>bad \xff\xfe bytes \xc3</p>".to_vec();
    utf8.extend_from_slice("<p>好</p>".as_bytes());
    case("invalid_utf8.md", utf8, Bad);
    case(
        "binary.md",
        b"\x7fELF\x02\x01\x01\0\0\0\0<p>x</p>".to_vec(),
        Bad,
    );
    case("nul_in_text.txt", b"text\0with a NUL".to_vec(), Bad);
    case("bom.md", format!("\u{feff}{GOOD_HTML}").into(), Good);
    case("crlf.md", GOOD_HTML.replace('\n', "\r\n").into(), Good);
    case(
        "deep.html",
        format!("{}深{}", "<div>".repeat(50_000), "</div>".repeat(50_000)).into(),
        Bad,
    );
    // Without flattening, every <p> would scan 50,000 open <div>s (quadratic in html5ever).
    case(
        "deep_paragraphs.html",
        format!("{}{}", "<div>".repeat(50_000), "<p>段</p>".repeat(2_000)).into(),
        Bad,
    );
    case(
        "deep_unclosed.html",
        format!("{}<p>x", "<b><i><a href=x><span>".repeat(20_000)).into(),
        Bad,
    );
    // A 12 MB paragraph: loads (the default limit is 16 MB) and stays linear.
    let mut big = String::with_capacity(12 << 20);
    big.push_str("---\ntitle: big\n---\n<p>");
    while big.len() < 12 << 20 {
        big.push_str("社交功能 <b>上线</b>了。 ");
    }
    big.push_str("</p>");
    case("big_paragraph.md", big.into(), Good);
    case(
        "long_title.md",
        format!("---\ntitle: '{}'\n---\n<p>x</p>", "长".repeat(20_000)).into(),
        Bad,
    );
    case(
        "impossible_date.md",
        b"---\ntitle: t\ndate: 2021-02-30\n---\n<p>x</p>".to_vec(),
        Bad,
    );
    case(
        "unclosed_tags.html",
        "<div><p>一<b>二<p>三<ul><li>四<li>五<blockquote>六".into(),
        Good,
    );
    case(
        "script_style.html",
        "<script>alert('\u{1b}[2J')</script><style>p{}</style><p>留下</p><noscript>x</noscript>"
            .into(),
        Good,
    );
    case(
        "controls.md",
        "---\ntitle: \"a\u{1b}[31mred\u{7}\u{9b}1m\u{202e}gnp\"\nauthor: \"x\u{2066}y\u{85}z\"\n\
         categories: [\"s\u{200b}\u{1b}c\", \"src\u{202d}\"]\n---\n\
         <p>\u{1b}]0;title\u{7}body\u{9d}\u{202e}\u{2069}\u{200b}text\u{7f}</p>"
            .into(),
        Good,
    );
    case(
        "emoji.md",
        "---\ntitle: 表情 😀\n---\n<p>👨‍👩‍👧 🇨🇳 社交</p>".into(),
        Good,
    );
    case("folder.md/inside.md", GOOD_TEXT.into(), Good);
    case("unreadable.md", GOOD_TEXT.into(), Unreadable);
    case("vanish.md", GOOD_TEXT.into(), Bad);
    // Over the limit: a sparse file, so nothing big is written.
    let too_big = root.join("too_big.md");
    let f = fs::File::create(&too_big).expect("create");
    f.set_len(20 << 20).expect("set_len");
    cases.push((too_big, Bad));

    #[cfg(unix)]
    {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dangling = root.join("dangling.md");
        symlink(root.join("nowhere.md"), &dangling).expect("symlink");
        cases.push((dangling, Bad));
        let back = root.join("sub/loop");
        fs::create_dir_all(root.join("sub")).expect("mkdir");
        symlink(&root, &back).expect("symlink");
        cases.push((back, Bad));
        let selfish = root.join("self.md");
        symlink(&selfish, &selfish).expect("symlink");
        cases.push((selfish, Bad));
        let unreadable = root.join("unreadable.md");
        fs::set_permissions(&unreadable, fs::Permissions::from_mode(0o000)).expect("chmod");
    }
    let vanish = root.join("vanish.md");
    Corpus {
        _tmp: tmp,
        root,
        cases,
        vanish,
    }
}

#[test]
fn hostile_corpus_loads_with_one_diagnostic_per_bad_file() {
    let corpus = generate();
    let opts = LoadOptions::default();
    let (files, mut diags) = discover(std::slice::from_ref(&corpus.root));
    fs::remove_file(&corpus.vanish).expect("remove");
    let mut articles: HashMap<PathBuf, Article> = HashMap::new();
    for f in &files {
        let (art, d) = load_file(f, &opts);
        diags.extend(d);
        if let Some(a) = art {
            assert_eq!(a.path, f.path.display().to_string());
            articles.insert(f.path.clone(), a);
        }
    }
    let mut per_file: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
    for d in &diags {
        per_file.entry(d.path.as_str()).or_default().push(d);
    }
    let root_can_read = fs::read(corpus.root.join("unreadable.md")).is_ok();
    for (path, expect) in &corpus.cases {
        let shown = path.display().to_string();
        let got = per_file.remove(shown.as_str()).unwrap_or_default();
        let want = match expect {
            Expect::Good => 0,
            Expect::Bad => 1,
            Expect::Unreadable if root_can_read => 0,
            Expect::Unreadable => 1,
        };
        assert_eq!(got.len(), want, "{shown}: {got:?}");
        for d in got {
            assert!(!d.message.is_empty() && !d.message.contains('\n'), "{d:?}");
            assert!(!d.message.chars().any(is_forbidden), "{d:?}");
        }
        if *expect == Expect::Good {
            assert!(articles.contains_key(path), "{shown} did not load");
        }
    }
    assert!(
        per_file.is_empty(),
        "diagnostics for unexpected paths: {per_file:?}"
    );

    for a in articles.values() {
        assert_clean(a);
    }

    // The good articles are intact.
    let good1 = &articles[&corpus.root.join("good1.md")];
    let got: Vec<_> = good1.each_block().collect();
    assert_eq!(
        got,
        [
            (
                BlockKind::Paragraph,
                "就在2021年末，淘宝上线了语音聊天功能。"
            ),
            (BlockKind::Heading(2), "小标题"),
            (BlockKind::Caption, "图 / 截图"),
        ]
    );
    assert_eq!(good1.source.as_deref(), Some("36kr"));
    for twin in ["bom.md", "crlf.md"] {
        let a = &articles[&corpus.root.join(twin)];
        assert_eq!(
            (&a.title, &a.text, &a.blocks),
            (&good1.title, &good1.text, &good1.blocks),
            "{twin}"
        );
    }
    let good2 = &articles[&corpus.root.join("good2.txt")];
    let got: Vec<_> = good2.each_block().collect();
    assert_eq!(
        got,
        [
            (BlockKind::Heading(1), "抖音"),
            (BlockKind::Paragraph, "抖音内测了“朋友”功能。"),
        ]
    );
    assert_eq!(
        articles[&corpus.root.join("folder.md/inside.md")].id,
        "folder.md/inside"
    );

    // Lossy loads keep what they can.
    let controls = &articles[&corpus.root.join("controls.md")];
    assert_eq!(controls.title, "a[31mred1mgnp");
    assert_eq!(controls.author.as_deref(), Some("xyz"));
    assert_eq!(controls.categories, ["sc", "src"]);
    assert_eq!(controls.block_text(0), "]0;titlebodytext");
    let utf8 = &articles[&corpus.root.join("invalid_utf8.md")];
    assert_eq!(utf8.block_text(0), "bad \u{fffd}\u{fffd} bytes \u{fffd}");
    assert_eq!(utf8.block_text(1), "好");
    let long = &articles[&corpus.root.join("long_title.md")];
    assert_eq!(long.title.chars().count(), 500);
    let deep = &articles[&corpus.root.join("deep.html")];
    assert_eq!(deep.blocks.len(), 1);
    assert_eq!(deep.block_text(0), "深");
    let deep = &articles[&corpus.root.join("deep_paragraphs.html")];
    assert_eq!(deep.blocks.len(), 2_000);
    assert!(deep.texts().all(|t| t == "段"));
    assert_eq!(deep.text, "段".repeat(2_000));
    let big = &articles[&corpus.root.join("big_paragraph.md")];
    assert_eq!(big.blocks.len(), 1);
    assert!(big.block_text(0).len() > 9 << 20);
    assert!(
        big.block_text(0)
            .starts_with("社交功能 上线了。 社交功能 上线了。")
    );
    let script = &articles[&corpus.root.join("script_style.html")];
    assert_eq!(script.blocks.len(), 1);
    assert_eq!(script.block_text(0), "留下");
    assert!(!articles.contains_key(&corpus.root.join("empty.md")));
    assert!(!articles.contains_key(&corpus.root.join("binary.md")));
    assert!(!articles.contains_key(&corpus.root.join("too_big.md")));
}

/// The diagnostics read as the user will see them.
#[test]
fn hostile_diagnostic_wording() {
    let corpus = generate();
    let (files, mut diags) = discover(std::slice::from_ref(&corpus.root));
    fs::remove_file(&corpus.vanish).expect("remove");
    // The big file is the other test's business; loading it twice only costs time.
    for f in files
        .iter()
        .filter(|f| !f.path.ends_with("big_paragraph.md"))
    {
        diags.extend(load_file(f, &LoadOptions::default()).1);
    }
    let msg = |name: &str| -> String {
        let shown = corpus.root.join(name).display().to_string();
        diags
            .iter()
            .find(|d| d.path == shown)
            .map(|d| d.message.clone())
            .unwrap_or_default()
    };
    assert_eq!(msg("empty.md"), "empty file; skipped");
    assert_eq!(
        msg("only_dashes.md"),
        "front matter not closed: no `---` line after the one on line 1; no body text"
    );
    assert_eq!(
        msg("binary.md"),
        "binary file (contains NUL bytes); skipped"
    );
    assert_eq!(msg("vanish.md"), "file vanished before it could be read");
    assert_eq!(
        msg("too_big.md"),
        "file is 20.0 MB (20971520 bytes), over the 16.0 MB limit; skipped (raise it with --max-file-size)"
    );
    assert_eq!(
        msg("deep.html"),
        "HTML nested deeper than 256 elements; deeper tags ignored"
    );
    assert_eq!(
        msg("long_title.md"),
        "title is 20000 characters long; cut to 500"
    );
    assert_eq!(
        msg("invalid_utf8.md"),
        "invalid UTF-8 at byte 25; bad bytes replaced with U+FFFD"
    );
    assert!(msg("alias_bomb.md").starts_with("front matter is not valid YAML"));
    assert!(msg("invalid_yaml.md").starts_with("front matter is not valid YAML (line "));
    assert_eq!(
        msg("wrong_types.md"),
        "front matter: `author` is a mapping, not text; ignored; \
         front matter: `date` is a list, not a date; ignored; \
         front matter: `categories` is a mapping, not a list; ignored"
    );
    #[cfg(unix)]
    {
        assert_eq!(
            msg("dangling.md"),
            "dangling symlink (its target does not exist)"
        );
        assert!(msg("sub/loop").starts_with("symlink loop: points back to "));
        assert!(msg("self.md").starts_with("cannot follow symlink: "));
    }
}

/// Small pieces of HTML, front matter and text that hostile documents are made of.
const SOUP: &[&str] = &[
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<a href=\"x\">",
    "</a>",
    "<br>",
    "<br/>",
    "<script>",
    "</script>",
    "<style>",
    "<blockquote>",
    "</blockquote>",
    "<li>",
    "<ul>",
    "<h2>",
    "</h2>",
    "<p class=\"img-desc\">",
    "<svg><path d='M0'/>",
    "<button>",
    "<!--",
    "-->",
    "<",
    ">",
    "&nbsp;",
    "&amp;",
    "&#27;",
    "&#x202e;",
    "---\n",
    "---",
    "title: x\n",
    "date: 2021-02-30\n",
    "categories: [a, b]\n",
    "a: &a [*a]\n",
    "\n",
    "\r\n",
    " ",
    "\t",
    "\u{3000}",
    "\u{a0}",
    "社交",
    "上线了",
    "群聊",
    "，",
    "。",
    "\u{1b}[31m",
    "\u{7}",
    "\u{9b}",
    "\u{85}",
    "\u{202e}",
    "\u{2067}",
    "\u{200b}",
    "\u{feff}",
    "\u{0}",
    "😀",
    "e\u{301}",
    "# ",
    "## 标题\n",
];

fn soup() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(SOUP), 0..120).prop_map(|v| v.concat())
}

/// Pieces of date strings, right and wrong.
const DATE_BITS: &[&str] = &[
    "0", "1", "2", "9", "12", "2021", "-", "/", ".", "年", "月", "日", " ", "T", ":", "+08:00",
    "Z", ",", "Tue", "Jan", "Feb", "jan", "é", "ab", "GMT", "号", "３",
];

fn date_like() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(DATE_BITS), 0..12).prop_map(|v| v.concat())
}

// Case counts come from PROPTEST_CASES (256 when unset).
proptest! {
    #[test]
    fn date_strings_never_panic(d in date_like()) {
        let text = format!("---\ntitle: t\ndate: '{d}'\n---\n<p>x</p>");
        let (a, diags) = parse_article("x", "x.md", text.as_bytes());
        prop_assert!(diags.len() <= 1);
        if a.published.is_none() && !d.trim().is_empty() {
            prop_assert_eq!(diags.len(), 1);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_nor_leak_controls(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let (a, d) = parse_article("x", "x.md", &bytes);
        prop_assert!(d.len() <= 1);
        assert_clean(&a);
    }

    #[test]
    fn html_soup_never_panics_nor_leaks_controls(s in soup()) {
        let (a, d) = parse_article("x", "x.html", s.as_bytes());
        prop_assert!(d.len() <= 1);
        prop_assert!(!a.title.is_empty());
        assert_clean(&a);
    }
}

/// Throughput on one big file and on many article-sized ones; prints, asserts nothing about time.
/// `cargo test --release --test hostile -- --ignored --nocapture measure`
#[test]
#[ignore = "a measurement, not a check"]
fn measure_throughput() {
    let mut big = String::from("---\ntitle: big\n---\n<div>");
    while big.len() < 12 << 20 {
        big.push_str(
            "<p>社交功能 <a href=\"https://36kr.com/p/1\">上线</a>了，用户可以在群聊里分享。</p>\n",
        );
    }
    big.push_str("</div>");
    let t = std::time::Instant::now();
    let (a, _) = parse_article("big", "big.md", big.as_bytes());
    let s = t.elapsed().as_secs_f64();
    println!(
        "one {:.1} MB file, {} blocks: {:.3} s, {:.1} MB/s",
        big.len() as f64 / 1e6,
        a.blocks.len(),
        s,
        big.len() as f64 / 1e6 / s
    );
    let mut para = String::from("---\ntitle: p\n---\n<p>");
    while para.len() < 12 << 20 {
        para.push_str("社交功能<b>上线</b>了 ");
    }
    let t = std::time::Instant::now();
    let (a, _) = parse_article("para", "para.md", para.as_bytes());
    let s = t.elapsed().as_secs_f64();
    println!(
        "one {:.1} MB paragraph ({} block): {:.3} s, {:.1} MB/s",
        para.len() as f64 / 1e6,
        a.blocks.len(),
        s,
        para.len() as f64 / 1e6 / s
    );
    let seed = include_bytes!("fixtures/corpus/seeds/000_87c367cb2d9971e7.txt");
    let n = 2000;
    let t = std::time::Instant::now();
    for i in 0..n {
        let (a, _) = parse_article(&i.to_string(), "seed.md", seed);
        assert_eq!(a.blocks.len(), 54);
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "{n} seed-sized articles (22 KB) on one core: {:.3} s, {:.0} articles/s, {:.1} MB/s",
        s,
        f64::from(n) / s,
        seed.len() as f64 * f64::from(n) / 1e6 / s
    );
}

/// The whole pipeline on the hostile folder, as the dashboard gets it: loading and extraction
/// finish, the good files' events are there, one problem per bad file reaches the model, and no
/// rendered view (matrix, timeline, articles, every article in the reader, problems) holds a
/// control character.
#[test]
fn hostile_corpus_through_extraction_and_every_view() {
    use ratatui::{Terminal, backend::TestBackend};
    use socialscope::loader::{Inputs, load_model};
    use socialscope::tui::theme::Theme;
    use socialscope::tui::{Action, App, View, update};

    let corpus = generate();
    fs::remove_file(&corpus.vanish).expect("remove");
    let model = load_model(&Inputs {
        corpus: vec![corpus.root.clone()],
        ..Inputs::default()
    })
    .expect("bundled knowledge");

    let events_of = |file: &str| {
        let id = model
            .articles
            .iter()
            .position(|a| a.path.ends_with(file))
            .unwrap_or_else(|| panic!("{file} loaded"));
        model
            .article_events(id)
            .iter()
            .map(|&e| {
                let ev = &model.events[e];
                format!("{} {} {}", ev.platform, ev.feature, ev.status.as_str())
            })
            .collect::<Vec<_>>()
    };
    for good in ["good1.md", "bom.md", "crlf.md"] {
        assert!(
            events_of(good).contains(&"taobao call launched".to_string()),
            "{good}: {:?}",
            events_of(good)
        );
    }
    // Every bad file still present at load time is reported to the model, once.
    for (path, expect) in &corpus.cases {
        if *expect != Expect::Bad || *path == corpus.vanish {
            continue;
        }
        let shown = path.display().to_string();
        let n = model.diagnostics.iter().filter(|d| d.path == shown).count();
        assert_eq!(n, 1, "{shown}: {:?}", model.diagnostics);
    }

    let articles = model.articles.len();
    let mut app = App::new(model, Theme { color: true });
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("backend");
    let mut check = |app: &mut App, what: &str| {
        terminal
            .draw(|f| socialscope::tui::draw(f, app))
            .expect("draw");
        let buffer = terminal.backend().buffer();
        for cell in buffer.content() {
            assert!(
                !cell.symbol().chars().any(is_forbidden),
                "{what}: control character in {:?}",
                cell.symbol()
            );
        }
    };
    check(&mut app, "matrix");
    update(&mut app, Action::ToggleProblems);
    check(&mut app, "problems");
    update(&mut app, Action::ToggleProblems);
    update(&mut app, Action::ShowView(View::Timeline));
    check(&mut app, "timeline");
    update(&mut app, Action::ShowView(View::Articles));
    check(&mut app, "articles");
    for i in 0..articles {
        update(&mut app, Action::Open);
        check(&mut app, &format!("reader, article {i}"));
        update(&mut app, Action::Back);
        update(&mut app, Action::Down);
    }
}
