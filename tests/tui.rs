//! Dashboard tests without a terminal: views rendered into a `TestBackend` at fixed sizes, key
//! sequences driven through `update`, styles checked on the buffer where colour carries meaning,
//! and a property test that no sequence of actions at any size panics.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_arguments)]

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};
use socialscope::Diagnostic;
use socialscope::corpus::{Article, BlockKind};
use socialscope::date::Date;
use socialscope::extract::{Event, Span, SpanKind, Status};
use socialscope::knowledge::{Company, Feature, Knowledge, Platform};
use socialscope::model::Model;
use socialscope::tui::app::Overlay;
use socialscope::tui::theme::Theme;
use socialscope::tui::{Action, App, View, keymap, update};

// ---------------------------------------------------------------- fixture

fn platform(
    id: &str,
    name: &str,
    aliases: &[&str],
    company: &str,
    parent: Option<&str>,
) -> Platform {
    Platform {
        id: id.into(),
        name: name.into(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        company: Some(company.into()),
        parent: parent.map(str::to_string),
        kind: None,
    }
}

fn feature(id: &str, name: &str, aliases: &[&str]) -> Feature {
    Feature {
        id: id.into(),
        name: name.into(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        description: String::new(),
    }
}

fn knowledge() -> Knowledge {
    Knowledge {
        platforms: vec![
            platform("weixin", "微信", &["WeChat"], "腾讯", None),
            platform(
                "douyin",
                "抖音",
                &["Douyin", "TikTok国内版"],
                "字节跳动",
                None,
            ),
            platform("kuaishou", "快手", &["Kuaishou"], "快手", None),
            platform("duoshan", "多闪", &[], "字节跳动", Some("douyin")),
            platform("taobao", "淘宝", &[], "阿里巴巴", None),
        ],
        companies: vec![
            Company {
                id: "bytedance".into(),
                name: "字节跳动".into(),
                aliases: vec!["ByteDance".into()],
            },
            Company {
                id: "tencent".into(),
                name: "腾讯".into(),
                aliases: vec![],
            },
        ],
        features: vec![
            feature("group_chat", "群聊", &["粉丝群", "群组"]),
            feature("chat_room", "聊天室", &["语音直播交友"]),
            feature("call", "视频通话", &["语音聊天"]),
            feature("circle", "圈子", &["超级话题"]),
            feature("feed", "动态", &["说说", "朋友圈"]),
            feature("co_watch", "一起看", &["一起看视频"]),
            feature("standalone_app", "独立社交App", &["独立社交APP"]),
            feature("stranger", "陌生人社交", &["连线"]),
            feature("red_packet", "红包", &[]),
            feature("live_link", "连麦", &[]),
            feature("location", "同城", &[]),
            feature("share", "分享", &[]),
        ],
    }
}

/// The blocks of the bundled seed article 逐梦「社交」 (a tiny HTML-to-blocks reader, enough for
/// the fixture; the real one lives in `corpus`).
fn seed_blocks() -> Vec<(BlockKind, String)> {
    let html = include_str!("../data/articles/002_1930a67924f371a0.txt");
    let body = html.split("---").nth(2).unwrap();
    let mut blocks = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let (kind, close) = if rest.starts_with("<p") {
            (BlockKind::Paragraph, "</p>")
        } else if rest.starts_with("<h2") {
            (BlockKind::Heading(2), "</h2>")
        } else if rest.starts_with("<h3") {
            (BlockKind::Heading(3), "</h3>")
        } else {
            rest = &rest[1..];
            continue;
        };
        let end = rest.find(close).unwrap_or(rest.len());
        let inner = &rest[..end];
        let mut text = String::new();
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text.trim().to_string();
        if !text.is_empty() {
            blocks.push((kind, text));
        }
        rest = &rest[end.min(rest.len())..];
        if !rest.is_empty() {
            rest = &rest[1..];
        }
    }
    blocks
}

const SEED_TITLE: &str = "逐梦「社交」，抖、快图什么？";
/// The 抖音 × 聊天室 testing evidence.
const CHAT_ROOM_QUOTE: &str = "抖音启动“朋友聊天室”功能内测";

fn char_pos(hay: &str, needle: &str) -> Option<(usize, usize)> {
    let b = hay.find(needle)?;
    let s = hay[..b].chars().count();
    Some((s, s + needle.chars().count()))
}

/// An event whose evidence is the block containing `quote`, with the platform and feature words
/// marked as the extractor would.
fn event(
    blocks: &[(BlockKind, String)],
    p: &str,
    pname: &str,
    f: &str,
    fword: &str,
    st: Status,
    date: Option<Date>,
    quote: &str,
) -> Event {
    let paragraph = blocks
        .iter()
        .position(|(_, text)| text.contains(quote))
        .unwrap_or_else(|| panic!("quote {quote}"));
    let text = &blocks[paragraph].1;
    let mut spans = Vec::new();
    if let Some((s, e)) = char_pos(text, pname) {
        spans.push(Span {
            start: s,
            end: e,
            kind: SpanKind::Platform,
        });
    }
    if let Some((s, e)) = char_pos(text, fword) {
        spans.push(Span {
            start: s,
            end: e,
            kind: SpanKind::Feature,
        });
    }
    Event {
        platform: p.into(),
        feature: f.into(),
        status: st,
        date,
        article: String::new(),
        paragraph,
        sentence: quote.into(),
        spans,
    }
}

fn seed_article(blocks: &[(BlockKind, String)]) -> Article {
    let body = Article::with_blocks("", blocks.iter().map(|(k, t)| (*k, t.as_str())));
    Article {
        id: "002_1930a67924f371a0".into(),
        path: "embedded:articles/002_1930a67924f371a0.txt".into(),
        title: SEED_TITLE.into(),
        published: chrono::NaiveDate::from_ymd_opt(2021, 7, 14),
        source: Some("人人都是产品经理".into()),
        author: None,
        categories: vec![],
        text: body.text,
        blocks: body.blocks,
        size: 20_000,
    }
}

fn seed_events(b: &[(BlockKind, String)]) -> Vec<Event> {
    use Status::*;
    vec![
        event(
            b,
            "douyin",
            "抖音",
            "circle",
            "圈子",
            Testing,
            Date::ym(2021, 7),
            "抖音正在测试了一个名为“同城圈子”",
        ),
        event(
            b,
            "douyin",
            "抖音",
            "group_chat",
            "群聊",
            Adjusted,
            Date::ym(2021, 3),
            "抖音将粉丝群聊功能调整到了账号主页",
        ),
        event(
            b,
            "douyin",
            "抖音",
            "chat_room",
            "聊天室",
            Testing,
            Date::ym(2021, 4),
            CHAT_ROOM_QUOTE,
        ),
        event(
            b,
            "douyin",
            "抖音",
            "chat_room",
            "语音直播交友",
            Launched,
            Date::ym(2020, 3),
            "抖音上线了“语音直播交友”板块",
        ),
        event(
            b,
            "douyin",
            "抖音",
            "call",
            "视频通话",
            Launched,
            Date::ymd(2020, 4, 23),
            "抖音上线了“视频通话”功能",
        ),
        event(
            b,
            "duoshan",
            "多闪",
            "call",
            "视频通话",
            Has,
            Date::year(2020),
            "可以同抖音进行跨端视频通话",
        ),
        event(
            b,
            "douyin",
            "抖音",
            "standalone_app",
            "多闪",
            Relaunched,
            Date::year(2020),
            "抖音重启了多闪",
        ),
        event(
            b,
            "kuaishou",
            "快手",
            "feed",
            "说说",
            Launched,
            Date::ym(2018, 11),
            "快手就上线了“说说”功能",
        ),
        event(
            b,
            "kuaishou",
            "快手",
            "circle",
            "超级话题",
            Launched,
            Date::ym(2018, 11),
            "“超级话题”功能",
        ),
        event(
            b,
            "kuaishou",
            "快手",
            "group_chat",
            "群聊",
            Launched,
            Date::year(2019),
            "功能完善的“群聊”功能",
        ),
        event(
            b,
            "kuaishou",
            "快手",
            "chat_room",
            "聊天室",
            Launched,
            Date::ym(2019, 10),
            "快手上线了“直播聊天室”",
        ),
    ]
}

fn fixture_model() -> Model {
    let mut m = Model::new(knowledge());
    let blocks = seed_blocks();
    let evs = seed_events(&blocks);
    m.add_article(seed_article(&blocks), evs);
    // A second, short article so lists have more than one row.
    m.add_article(
        Article {
            id: "taobao".into(),
            path: "corpus/taobao.md".into(),
            title: "谁不想做社交".into(),
            published: chrono::NaiveDate::from_ymd_opt(2022, 1, 18),
            source: Some("36氪".into()),
            author: None,
            categories: vec![],
            size: 300,
            ..Article::with_blocks(
                "",
                [(
                    BlockKind::Paragraph,
                    "2021年底才上线“一起逛”功能的淘宝，上线了语音聊天功能。",
                )],
            )
        },
        vec![Event {
            platform: "taobao".into(),
            feature: "call".into(),
            status: Status::Launched,
            date: Date::year(2021),
            article: String::new(),
            paragraph: 0,
            sentence: "上线了语音聊天功能".into(),
            spans: vec![],
        }],
    );
    m
}

fn color_app() -> App {
    App::new(fixture_model(), Theme { color: true })
}

// ---------------------------------------------------------------- helpers

fn draw(app: &mut App, w: u16, h: u16) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| socialscope::tui::draw(f, app)).unwrap();
    t.backend().buffer().clone()
}

/// The screen as text, wide characters once (their continuation cells skipped).
fn lines(buf: &Buffer) -> Vec<String> {
    let a = buf.area;
    (0..a.height)
        .map(|y| {
            let mut s = String::new();
            let mut skip = 0;
            for x in 0..a.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
                s.push_str(sym);
            }
            s
        })
        .collect()
}

fn screen(buf: &Buffer) -> String {
    lines(buf).join("\n")
}

/// The screen column where `needle` starts on line `y`.
fn col_of(buf: &Buffer, y: u16, needle: &str) -> Option<u16> {
    let line = &lines(buf)[usize::from(y)];
    let b = line.find(needle)?;
    Some(unicode_width::UnicodeWidthStr::width(&line[..b]) as u16)
}

fn find_line(buf: &Buffer, pred: impl Fn(&str) -> bool) -> Option<u16> {
    lines(buf).iter().position(|l| pred(l)).map(|y| y as u16)
}

fn key(app: &App, code: KeyCode) -> Option<Action> {
    keymap::action_for(app, &KeyEvent::new(code, KeyModifiers::NONE))
}

fn press(app: &mut App, code: KeyCode) {
    if let Some(a) = key(app, code) {
        update(app, a);
    }
}

fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn pid(app: &App, id: &str) -> usize {
    app.model.knowledge.platform_index(id).unwrap()
}

fn fid(app: &App, id: &str) -> usize {
    app.model.knowledge.feature_index(id).unwrap()
}

/// Moves the matrix cursor onto a platform × feature cell with keys only.
fn go_to_cell(app: &mut App, w: u16, h: u16, p: &str, f: Option<&str>) {
    let (p, f) = (pid(app, p), f.map(|f| fid(app, f)));
    press(app, KeyCode::Char('g'));
    for _ in 0..50 {
        if app.view.nav.platform == Some(p) {
            break;
        }
        press(app, KeyCode::Char('j'));
    }
    for _ in 0..20 {
        press(app, KeyCode::Char('h'));
    }
    for _ in 0..f.map_or(0, |f| f + 1) {
        press(app, KeyCode::Char('l'));
        draw(app, w, h);
    }
    assert_eq!(app.view.nav.platform, Some(p));
    assert_eq!(app.view.nav.feature, f);
}

// ---------------------------------------------------------------- views

#[test]
fn matrix_shows_platforms_features_and_cells_at_both_sizes() {
    for (w, h) in [(80, 24), (140, 40)] {
        let mut app = color_app();
        let buf = draw(&mut app, w, h);
        let s = screen(&buf);
        for word in ["抖音", "快手", "群聊", "聊天室", "Matrix", "total"] {
            assert!(s.contains(word), "{w}×{h}: {word} missing in\n{s}");
        }
        // 快手 × 聊天室: launched in 2019-10, shown as `● 19-10` right under the header.
        let header = find_line(&buf, |l| l.contains("platform") && l.contains("聊天室")).unwrap();
        let x = col_of(&buf, header, "聊天室").unwrap();
        let ks = find_line(&buf, |l| l.contains("快手") && l.contains("19-10")).unwrap();
        assert_eq!(
            col_of(&buf, ks, "● 19-10"),
            Some(x),
            "column misaligned at {w}×{h}\n{s}"
        );
        // The launch glyph is green.
        assert_eq!(buf[(x, ks)].fg, Color::Green);
        // 多闪 sits indented right under 抖音.
        let dy = find_line(&buf, |l| l.contains("│抖音")).unwrap();
        assert!(lines(&buf)[usize::from(dy) + 1].contains("└ 多闪"), "{s}");
    }
}

#[test]
fn matrix_snapshot_80x24() {
    let mut app = color_app();
    let buf = draw(&mut app, 80, 24);
    insta::assert_snapshot!("matrix_80x24", screen(&buf));
}

#[test]
fn matrix_scrolls_horizontally_keeping_the_platform_column() {
    let mut app = color_app();
    draw(&mut app, 80, 24);
    for _ in 0..12 {
        press(&mut app, KeyCode::Right);
    }
    let buf = draw(&mut app, 80, 24);
    let s = screen(&buf);
    assert!(
        s.contains("分享"),
        "last feature visible after scrolling right\n{s}"
    );
    assert!(
        s.contains("抖音") && s.contains("快手"),
        "platform column stays\n{s}"
    );
    assert!(!s.contains("群聊 "), "first feature scrolled out\n{s}");
}

#[test]
fn detail_pane_lists_cell_events_with_highlighted_words() {
    let mut app = color_app();
    draw(&mut app, 140, 40);
    go_to_cell(&mut app, 140, 40, "douyin", Some("chat_room"));
    let buf = draw(&mut app, 140, 40);
    let s = screen(&buf);
    assert!(s.contains("抖音 × 聊天室 · 2 events"), "{s}");
    assert!(
        s.contains("2021-04") && s.contains("testing") && s.contains("2020-03"),
        "{s}"
    );
    // The feature word in the evidence sentence is highlighted.
    let y = find_line(&buf, |l| l.contains("启动“朋友聊天室”")).unwrap();
    let x = col_of(&buf, y, "聊天室").unwrap();
    assert_eq!(buf[(x, y)].fg, Color::Yellow);
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    // On the platform column, the pane lists all the platform's events.
    press(&mut app, KeyCode::Char('h'));
    press(&mut app, KeyCode::Char('h'));
    let s = screen(&draw(&mut app, 140, 40));
    assert!(s.contains("抖音 · all 6 events"), "{s}");
}

#[test]
fn sort_cycles_through_orders() {
    let mut app = color_app();
    draw(&mut app, 80, 24);
    let first = app.cache.rows[0].platform;
    assert_eq!(first, pid(&app, "douyin"), "activity first");
    press(&mut app, KeyCode::Char('s'));
    let s = screen(&draw(&mut app, 80, 24));
    assert!(s.contains("sort: name"), "{s}");
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(
        app.cache.rows[0].platform,
        pid(&app, "kuaishou"),
        "earliest first"
    );
}

#[test]
fn timeline_lists_events_by_year_with_lanes() {
    for (w, h) in [(80, 24), (140, 40)] {
        let mut app = color_app();
        press(&mut app, KeyCode::Char('2'));
        let buf = draw(&mut app, w, h);
        let s = screen(&buf);
        assert_eq!(app.view.nav.view, View::Timeline);
        assert!(s.contains("2018"), "{s}");
        if h >= 40 {
            let y = find_line(&buf, |l| l.contains("2019-10")).unwrap_or_else(|| panic!("{s}"));
            let line = &lines(&buf)[usize::from(y)];
            assert!(line.contains("快手") && line.contains("聊天室"), "{line}");
        }
        // A lane per platform with coloured markers.
        let lane = find_line(&buf, |l| l.contains("快手") && l.contains('●')).unwrap();
        let x = col_of(&buf, lane, "●").unwrap();
        assert_ne!(buf[(x, lane)].fg, Color::Reset);
    }
}

#[test]
fn timeline_at_80x24_reaches_2019_10_and_filters() {
    let mut app = color_app();
    go_to_cell(&mut app, 80, 24, "kuaishou", Some("chat_room"));
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('f'));
    let buf = draw(&mut app, 80, 24);
    let s = screen(&buf);
    assert!(s.contains("filter 快手 × 聊天室"), "{s}");
    let y = find_line(&buf, |l| l.contains("2019-10")).unwrap_or_else(|| panic!("{s}"));
    assert!(lines(&buf)[usize::from(y)].contains("快手"));
    assert_eq!(app.cache.timeline.len(), 1);
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.cache.timeline.len(), 12);
}

#[test]
fn articles_list_shows_title_source_date_and_count() {
    let mut app = color_app();
    press(&mut app, KeyCode::Char('3'));
    let buf = draw(&mut app, 140, 40);
    let s = screen(&buf);
    let y = find_line(&buf, |l| l.contains(SEED_TITLE)).unwrap_or_else(|| panic!("{s}"));
    let line = &lines(&buf)[usize::from(y)];
    assert!(
        line.contains("2021-07-14") && line.contains("人人都是产品经理") && line.contains("11"),
        "{line}"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view.nav.view, View::Reader);
    let s = screen(&draw(&mut app, 140, 40));
    assert!(
        s.contains("一、逐梦社交：抖、快都做了什么？"),
        "headings shown\n{s}"
    );
}

#[test]
fn reader_highlights_the_evidence_paragraph_and_jumps_between_events() {
    for (w, h) in [(80, 24), (140, 40)] {
        let mut app = color_app();
        draw(&mut app, w, h);
        let e = app
            .model
            .events
            .iter()
            .position(|e| e.sentence == CHAT_ROOM_QUOTE)
            .unwrap();
        app.view.nav.view = View::Timeline;
        let pos = app.cache.timeline.iter().position(|&x| x == e);
        update(&mut app, Action::ShowView(View::Timeline));
        for _ in 0..pos.unwrap() {
            press(&mut app, KeyCode::Down);
        }
        press(&mut app, KeyCode::Enter);
        let buf = draw(&mut app, w, h);
        let s = screen(&buf);
        let y = find_line(&buf, |l| l.contains("启动“朋友聊天室”"))
            .unwrap_or_else(|| panic!("evidence in view at {w}×{h}\n{s}"));
        // The whole line is highlighted; the platform word is marked.
        assert!(buf[(3, y)].modifier.contains(Modifier::REVERSED), "{s}");
        let x = col_of(&buf, y, "抖音启动").unwrap();
        assert_eq!(buf[(x, y)].fg, Color::Cyan);
        // n jumps to the next event paragraph and scrolls it into view.
        let before = app.view.nav.reader.clone().unwrap();
        press(&mut app, KeyCode::Char('n'));
        let after = app.view.nav.reader.clone().unwrap();
        assert!(after.current > before.current);
        press(&mut app, KeyCode::Char('N'));
        assert_eq!(app.view.nav.reader.clone().unwrap().current, before.current);
    }
}

// ---------------------------------------------------------------- key sequences

#[test]
fn search_douyin_enter_selects_douyin() {
    let mut app = color_app();
    draw(&mut app, 120, 40);
    go_to_cell(&mut app, 120, 40, "kuaishou", Some("feed"));
    type_str(&mut app, "/douyin");
    assert!(matches!(app.view.overlay, Overlay::Search(_)));
    let buf = draw(&mut app, 120, 40);
    assert!(screen(&buf).contains("抖音"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view.overlay, Overlay::None);
    assert_eq!(app.view.nav.platform, Some(pid(&app, "douyin")));
    assert_eq!(
        app.view.nav.feature, None,
        "detail pane shows all its events"
    );
    let s = screen(&draw(&mut app, 120, 40));
    assert!(s.contains("抖音 · all 6 events"), "{s}");
}

#[test]
fn search_finds_by_pinyin_initials_chinese_and_company() {
    for q in ["dy", "抖", "字节"] {
        let mut app = color_app();
        go_to_cell(&mut app, 120, 40, "kuaishou", None);
        press(&mut app, KeyCode::Char('/'));
        type_str(&mut app, q);
        press(&mut app, KeyCode::Enter);
        assert_eq!(
            app.view.nav.platform,
            Some(pid(&app, "douyin")),
            "query {q}"
        );
    }
}

#[test]
fn search_tab_switches_scope_to_features_and_articles() {
    let mut app = color_app();
    press(&mut app, KeyCode::Char('/'));
    press(&mut app, KeyCode::Tab);
    type_str(&mut app, "聊天室");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view.nav.feature, Some(fid(&app, "chat_room")));
    press(&mut app, KeyCode::Char('/'));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    type_str(&mut app, "逐梦");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view.nav.view, View::Reader);
}

#[test]
fn enter_on_cell_then_event_opens_source_and_esc_comes_back() {
    for (w, h) in [(80, 24), (140, 40)] {
        let mut app = color_app();
        draw(&mut app, w, h);
        go_to_cell(&mut app, w, h, "douyin", Some("chat_room"));
        press(&mut app, KeyCode::Enter);
        assert!(app.view.nav.detail_focus);
        // The first event is the 2020-03 launch; the second the 2021-04 test.
        press(&mut app, KeyCode::Down);
        let e = app.current_event().unwrap();
        assert_eq!(app.model.events[e].sentence, CHAT_ROOM_QUOTE);
        let before = app.view.nav.clone();
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.view.nav.view, View::Reader);
        let r = app.view.nav.reader.clone().unwrap();
        assert_eq!(app.model.articles[r.article].title, SEED_TITLE);
        assert_eq!(r.current, Some(app.model.events[e].paragraph));
        let buf = draw(&mut app, w, h);
        let s = screen(&buf);
        let y =
            find_line(&buf, |l| l.contains("启动“朋友聊天室”")).unwrap_or_else(|| panic!("{s}"));
        assert!(buf[(3, y)].modifier.contains(Modifier::REVERSED));
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.view.nav, before, "back exactly where we were");
        assert_eq!(app.view.nav.view, View::Matrix);
        assert_eq!(app.view.nav.platform, Some(pid(&app, "douyin")));
        assert_eq!(app.view.nav.feature, Some(fid(&app, "chat_room")));
        press(&mut app, KeyCode::Esc);
        assert!(!app.view.nav.detail_focus);
    }
}

#[test]
fn views_switch_with_tab_shift_tab_and_numbers() {
    let mut app = color_app();
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.view.nav.view, View::Timeline);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.view.nav.view, View::Articles);
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.view.nav.view, View::Timeline);
    press(&mut app, KeyCode::Char('1'));
    assert_eq!(app.view.nav.view, View::Matrix);
    press(&mut app, KeyCode::Char('q'));
    assert!(app.quit);
    let mut app = color_app();
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    let a = keymap::action_for(&app, &ctrl_c).unwrap();
    update(&mut app, a);
    assert!(app.quit);
}

#[test]
fn help_lists_every_binding() {
    let mut app = color_app();
    press(&mut app, KeyCode::Char('?'));
    let s = screen(&draw(&mut app, 140, 60));
    for k in [
        "PgUp",
        "Shift-Tab",
        "Ctrl-c",
        "Enter",
        "Esc",
        "next paragraph with an event",
        "cycle row order",
    ] {
        assert!(s.contains(k), "{k} missing\n{s}");
    }
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.view.overlay, Overlay::None);
}

#[test]
fn problems_are_counted_and_listed() {
    let mut app = color_app();
    app.model.add_diagnostics([Diagnostic::new(
        "corpus/bad.md",
        "front matter: missing closing ---",
    )]);
    update(&mut app, Action::Top);
    let s = screen(&draw(&mut app, 120, 30));
    assert!(s.contains("1 problems"), "{s}");
    press(&mut app, KeyCode::Char('p'));
    let s = screen(&draw(&mut app, 120, 30));
    assert!(
        s.contains("corpus/bad.md: front matter: missing closing ---"),
        "{s}"
    );
}

#[test]
fn mouse_click_selects_a_cell_and_wheel_scrolls() {
    let mut app = color_app();
    let buf = draw(&mut app, 140, 40);
    let y = find_line(&buf, |l| l.contains("快手") && l.contains("19-10")).unwrap();
    let header = find_line(&buf, |l| l.contains("platform") && l.contains("聊天室")).unwrap();
    let x = col_of(&buf, header, "聊天室").unwrap();
    update(&mut app, Action::Click { x: x + 1, y });
    assert_eq!(app.view.nav.platform, Some(pid(&app, "kuaishou")));
    assert_eq!(app.view.nav.feature, Some(fid(&app, "chat_room")));
    update(&mut app, Action::Click { x: 15, y: 0 });
    assert_eq!(
        app.view.nav.view,
        View::Timeline,
        "clicking a tab switches view"
    );
    update(
        &mut app,
        Action::Scroll {
            x: 10,
            y: 30,
            down: true,
        },
    );
}

#[test]
fn loading_fills_the_matrix_batch_by_batch() {
    let mut app = App::new(Model::new(knowledge()), Theme { color: true });
    app.loading = Some(socialscope::tui::app::Loading {
        progress: Default::default(),
        elapsed: Default::default(),
    });
    let s = screen(&draw(&mut app, 100, 30));
    assert!(s.contains("loading"), "{s}");
    let blocks = seed_blocks();
    let evs = seed_events(&blocks);
    update(
        &mut app,
        Action::Loaded {
            articles: vec![(seed_article(&blocks), evs)],
            diagnostics: vec![],
            progress: socialscope::loader::Progress {
                done: 1,
                total: 2,
                bytes: 2_000_000,
                total_bytes: 4_000_000,
            },
            elapsed: std::time::Duration::from_secs(1),
        },
    );
    let s = screen(&draw(&mut app, 100, 30));
    assert!(
        s.contains("抖音") && s.contains("1/2") && s.contains("2.0 MB/s"),
        "{s}"
    );
    update(&mut app, Action::LoadFinished);
    let s = screen(&draw(&mut app, 100, 30));
    assert!(
        !s.contains("loading") && s.contains("1 articles, 11 events"),
        "{s}"
    );
}

// ---------------------------------------------------------------- safety

#[test]
fn hostile_article_text_never_reaches_the_terminal() {
    let mut m = Model::new(knowledge());
    let evil = "抖音\u{1b}[2J\u{1b}]0;pwned\u{7}上线\u{9b}31m聊天室\u{202E}功能\u{200B}\u{85}";
    m.add_article(
        Article {
            id: "evil".into(),
            path: "corpus/evil\u{1b}[31m.md".into(),
            title: format!("title {evil}"),
            published: None,
            source: Some(format!("src{evil}")),
            author: None,
            categories: vec![],
            size: 1,
            ..Article::with_blocks("", [(BlockKind::Paragraph, evil)])
        },
        vec![Event {
            platform: "douyin".into(),
            feature: "chat_room".into(),
            status: Status::Launched,
            date: None,
            article: String::new(),
            paragraph: 0,
            sentence: evil.into(),
            spans: vec![Span {
                start: 0,
                end: 2,
                kind: SpanKind::Platform,
            }],
        }],
    );
    m.add_diagnostics([Diagnostic::new("evil\u{1b}[2J", "bad \u{7}")]);
    let mut app = App::new(m, Theme { color: true });
    let check = |buf: &Buffer| {
        for c in buf.content() {
            for ch in c.symbol().chars() {
                assert!(
                    !ch.is_control()
                        && !('\u{202A}'..='\u{202E}').contains(&ch)
                        && ch != '\u{200B}',
                    "{ch:?} reached the buffer"
                );
            }
        }
    };
    for keys in [
        &[][..],
        &[KeyCode::Char('l'), KeyCode::Char('l'), KeyCode::Enter][..],
    ] {
        for k in keys {
            press(&mut app, *k);
        }
        check(&draw(&mut app, 120, 30));
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view.nav.view, View::Reader);
    check(&draw(&mut app, 120, 30));
    for v in ['2', '3', 'p'] {
        press(&mut app, KeyCode::Char(v));
        check(&draw(&mut app, 120, 30));
    }
}

#[test]
fn no_color_uses_no_colours() {
    let mut app = App::new(fixture_model(), Theme { color: false });
    for keys in ["", "l", "2", "3"] {
        type_str(&mut app, keys);
        let buf = draw(&mut app, 140, 40);
        for c in buf.content() {
            assert_eq!(
                (c.fg, c.bg),
                (Color::Reset, Color::Reset),
                "colour used under NO_COLOR"
            );
        }
    }
    press(&mut app, KeyCode::Char('1'));
    let buf = draw(&mut app, 140, 40);
    assert!(
        buf.content()
            .iter()
            .any(|c| c.modifier.contains(Modifier::REVERSED)),
        "selection still visible"
    );
}

#[test]
fn tiny_terminal_asks_to_be_enlarged() {
    let mut app = color_app();
    let s = screen(&draw(&mut app, 59, 15));
    assert!(s.contains("enlarge"), "{s}");
    let s = screen(&draw(&mut app, 60, 15));
    assert!(s.contains("抖音"), "{s}");
}

#[test]
fn wide_characters_are_never_cut_in_half_at_any_width() {
    let mut app = color_app();
    for w in 60..=100u16 {
        for v in ['1', '2', '3'] {
            press(&mut app, KeyCode::Char(v));
            let buf = draw(&mut app, w, 20);
            // A wide character's continuation cell must be empty-or-space and never start a glyph
            // of its own; a wide char never sits in the last column.
            for y in 0..buf.area.height {
                let mut x = 0;
                while x < w {
                    let sym = buf[(x, y)].symbol();
                    let cw = unicode_width::UnicodeWidthStr::width(sym) as u16;
                    assert!(
                        x + cw.max(1) <= w,
                        "wide char cut at the right edge: {w} {y}"
                    );
                    x += cw.max(1);
                }
            }
        }
    }
}

// ---------------------------------------------------------------- properties

fn action_strategy() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Up),
        Just(Action::Down),
        Just(Action::Left),
        Just(Action::Right),
        Just(Action::PageUp),
        Just(Action::PageDown),
        Just(Action::Top),
        Just(Action::Bottom),
        Just(Action::NextView),
        Just(Action::PrevView),
        Just(Action::ShowView(View::Reader)),
        Just(Action::CycleSort),
        Just(Action::Open),
        Just(Action::Back),
        Just(Action::StartSearch),
        any::<char>().prop_map(Action::SearchInput),
        Just(Action::SearchInput('d')),
        Just(Action::SearchBackspace),
        Just(Action::SearchNextScope),
        Just(Action::ToggleHelp),
        Just(Action::ToggleProblems),
        Just(Action::ToggleFilter),
        Just(Action::NextEvidence),
        Just(Action::PrevEvidence),
        (0u16..300, 0u16..100).prop_map(|(x, y)| Action::Click { x, y }),
        (0u16..300, 0u16..100, any::<bool>()).prop_map(|(x, y, down)| Action::Scroll {
            x,
            y,
            down
        }),
        Just(Action::LoadFinished),
        Just(Action::SearchPrevScope),
        Just(Action::StartCompare),
        Just(Action::SearchToggle),
        Just(Action::SearchConfirm),
        Just(Action::ShowView(View::Compare)),
        Just(Action::ToggleCompanies),
        Just(Action::ToggleDiscover),
        Just(Action::AddPlatform),
        Just(Action::AddAlias),
        Just(Action::Copy),
        Just(Action::ExportView),
        Just(Action::Notify("note".into())),
        Just(Action::ClearNote),
        Just(Action::Reloaded {
            model: Box::new(fixture_model()),
            note: "reloaded".into()
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    #[test]
    fn random_actions_at_random_sizes_never_panic(
        actions in proptest::collection::vec((action_strategy(), 0u16..200, 0u16..70), 1..40),
        color in any::<bool>(),
    ) {
        let mut app = App::new(fixture_model(), Theme { color });
        let mut t = Terminal::new(TestBackend::new(0, 0)).unwrap();
        for (a, w, h) in actions {
            update(&mut app, a);
            // Effects are the run loop's; here they only must not pile up unbounded.
            app.effects.clear();
            let (w, h) = if w % 7 == 0 { (0, 0) } else if w % 11 == 0 { (1, 1) } else { (w, h) };
            t.backend_mut().resize(w, h);
            t.resize(ratatui::layout::Rect::new(0, 0, w, h)).unwrap();
            t.draw(|f| socialscope::tui::draw(f, &mut app)).unwrap();
        }
    }
}

#[test]
fn snapshots_of_each_view_at_120x40() {
    let mut app = color_app();
    let buf = draw(&mut app, 120, 40);
    insta::assert_snapshot!("matrix_120x40", screen(&buf));
    press(&mut app, KeyCode::Char('2'));
    insta::assert_snapshot!("timeline_120x40", screen(&draw(&mut app, 120, 40)));
    press(&mut app, KeyCode::Char('3'));
    insta::assert_snapshot!("articles_120x40", screen(&draw(&mut app, 120, 40)));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('n'));
    insta::assert_snapshot!("reader_120x40", screen(&draw(&mut app, 120, 40)));
}

#[test]
fn other_views_keep_the_matrix_scroll_and_cursor() {
    let mut app = color_app();
    draw(&mut app, 120, 40);
    go_to_cell(&mut app, 120, 40, "kuaishou", Some("group_chat"));
    let before = app.view.nav.clone();
    assert_eq!(before.row_scroll, 0, "everything fits, no scrolling");
    for k in ['2', '3', '1'] {
        press(&mut app, KeyCode::Char(k));
        draw(&mut app, 120, 40);
    }
    assert_eq!(app.view.nav.row_scroll, 0);
    assert_eq!(app.view.nav.platform, before.platform);
    assert_eq!(app.view.nav.feature, before.feature);
}

// ---------------------------------------------------------------- analyst features (issue 6)

/// The bundled seed articles through the real reader, knowledge base and extractor.
fn seeds_model() -> Model {
    socialscope::loader::load_model(&socialscope::loader::Inputs::default()).unwrap()
}

fn ctrl(app: &mut App, c: char) {
    if let Some(a) =
        keymap::action_for(app, &KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
    {
        update(app, a);
    }
}

/// 抖音 selected, `c`, 快手 picked in the finder, Ctrl-R: the compare view.
fn compare_douyin_kuaishou(app: &mut App, w: u16, h: u16) {
    draw(app, w, h);
    app.view.nav.platform = Some(pid(app, "douyin"));
    press(app, KeyCode::Char('c'));
    assert!(matches!(app.view.overlay, Overlay::Search(_)));
    type_str(app, "快手");
    press(app, KeyCode::Char(' '));
    draw(app, w, h);
    ctrl(app, 'r');
    assert_eq!(app.view.nav.view, View::Compare);
}

#[test]
fn compare_view_on_the_seeds_reads_like_the_article() {
    let mut app = App::new(seeds_model(), Theme { color: false });
    compare_douyin_kuaishou(&mut app, 140, 40);
    let c = app.comparison.as_ref().unwrap();
    assert_eq!(
        c.platforms,
        vec![pid(&app, "douyin"), pid(&app, "kuaishou")]
    );
    let text = screen(&draw(&mut app, 140, 40));
    assert!(text.contains("抖音 vs 快手"), "{text}");
    assert!(text.contains("first") && text.contains("lead"), "{text}");
    insta::assert_snapshot!("compare_140x40", text);
    // The strategy part (scrolled to at the small size): 抖音 went standalone first (多闪).
    let small = screen(&draw(&mut app, 80, 24));
    assert!(small.contains("抖音 vs 快手"), "{small}");
    insta::assert_snapshot!("compare_80x24", small);
    press(&mut app, KeyCode::End);
    let mut all = String::new();
    press(&mut app, KeyCode::Char('g'));
    for _ in 0..60 {
        all.push_str(&screen(&draw(&mut app, 80, 24)));
        press(&mut app, KeyCode::PageDown);
    }
    assert!(all.contains("standalone app (多闪"), "{all}");
    assert!(all.contains("Strategy"));
    // Tab cycles through the 4th view; Esc goes back.
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('4'));
    assert_eq!(app.view.nav.view, View::Compare);
    press(&mut app, KeyCode::Esc);
    assert_ne!(app.view.nav.view, View::Compare);
}

#[test]
fn compare_needs_two_platforms_and_the_view_needs_a_comparison() {
    let mut app = color_app();
    draw(&mut app, 120, 40);
    press(&mut app, KeyCode::Char('4'));
    assert_eq!(app.view.nav.view, View::Matrix);
    assert!(app.note.as_deref().unwrap().contains("press c"));
    app.view.nav.platform = Some(pid(&app, "douyin"));
    press(&mut app, KeyCode::Char('c'));
    // Unpick 抖音 (the first hit is the selected platform only if it matches; search for it).
    type_str(&mut app, "抖音");
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'r');
    assert!(
        matches!(app.view.overlay, Overlay::Search(_)),
        "still picking"
    );
    assert!(app.note.as_deref().unwrap().contains("at least two"));
    press(&mut app, KeyCode::Esc);
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
        assert_ne!(app.view.nav.view, View::Compare);
    }
}

#[test]
fn company_toggle_rolls_rows_up_and_lists_the_company_events() {
    let mut app = color_app();
    draw(&mut app, 120, 40);
    press(&mut app, KeyCode::Char('C'));
    assert!(app.view.nav.companies);
    let rows: Vec<(String, Vec<usize>)> = app
        .cache
        .companies
        .iter()
        .map(|r| (r.label.clone(), r.platforms.clone()))
        .collect();
    let bd = rows
        .iter()
        .find(|(l, _)| l == "字节跳动")
        .expect("字节跳动 row");
    assert!(bd.1.contains(&pid(&app, "douyin")) && bd.1.contains(&pid(&app, "duoshan")));
    let buf = draw(&mut app, 120, 40);
    let text = screen(&buf);
    assert!(
        text.contains("Companies:") && text.contains("字节跳动"),
        "{text}"
    );
    // Select the 字节跳动 row: the detail pane names its platforms and lists 抖音 and 多闪 events.
    let i = app
        .cache
        .companies
        .iter()
        .position(|r| r.label == "字节跳动")
        .unwrap();
    press(&mut app, KeyCode::Char('g'));
    for _ in 0..i {
        press(&mut app, KeyCode::Char('j'));
    }
    let text = screen(&draw(&mut app, 120, 40));
    assert!(text.contains("字节跳动 (抖音, 多闪"), "{text}");
    let evs: Vec<usize> = app.cache.detail.iter().map(|d| d.event).collect();
    assert!(!evs.is_empty());
    let ps: Vec<usize> = evs.iter().map(|&e| app.model.event_platform(e)).collect();
    assert!(ps.contains(&pid(&app, "douyin")) && ps.contains(&pid(&app, "duoshan")));
    // Back to platforms.
    press(&mut app, KeyCode::Char('C'));
    assert!(!app.view.nav.companies);
    assert!(screen(&draw(&mut app, 120, 40)).contains("Matrix:"));
}

/// The seeds re-extracted with a knowledge base that does not know 欢脱 (nor 态赞).
fn seeds_without_huantuo() -> (Knowledge, Model) {
    let seeds = seeds_model();
    let mut k = seeds.knowledge.clone();
    k.platforms.retain(|p| p.name != "欢脱" && p.name != "态赞");
    let m = socialscope::tui::rebuild(&seeds, k.clone());
    (k, m)
}

fn select_candidate(app: &mut App, name: &str) {
    let i = app
        .candidates
        .iter()
        .position(|c| c.name == name)
        .unwrap_or_else(|| {
            panic!(
                "{name} in {:?}",
                app.candidates.iter().map(|c| &c.name).collect::<Vec<_>>()
            )
        });
    for _ in 0..i {
        press(app, KeyCode::Down);
    }
}

#[test]
fn discover_panel_lists_unknown_names_and_opens_their_paragraph() {
    let (_, m) = seeds_without_huantuo();
    let mut app = App::new(m, Theme { color: false });
    draw(&mut app, 120, 40);
    press(&mut app, KeyCode::Char('D'));
    assert!(matches!(app.view.overlay, Overlay::Discover { .. }));
    select_candidate(&mut app, "欢脱");
    let text = screen(&draw(&mut app, 120, 40));
    assert!(text.contains("Discover") && text.contains("欢脱"), "{text}");
    assert!(
        text.contains("独立社交APP"),
        "the paragraph is shown: {text}"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view.nav.view, View::Reader);
    let r = app.view.nav.reader.as_ref().unwrap();
    let block = app.model.articles[r.article].block_text(r.current.unwrap());
    assert!(block.contains("欢脱"), "{block}");
    // Also fits at 80×24.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('D'));
    assert!(screen(&draw(&mut app, 80, 24)).contains("欢脱"));
}

#[test]
fn adding_a_candidate_writes_the_user_file_and_the_model_gains_the_platform() {
    let dir = tempfile::tempdir().unwrap();
    // SAFETY: the only test in this binary that reads the user config folder.
    unsafe { std::env::set_var("SOCIALSCOPE_CONFIG_DIR", dir.path()) };
    let (base, m) = seeds_without_huantuo();
    let mut app = App::new(m, Theme { color: false });
    draw(&mut app, 120, 40);
    app.view.nav.platform = Some(pid(&app, "kuaishou"));
    press(&mut app, KeyCode::Char('D'));
    select_candidate(&mut app, "欢脱");
    press(&mut app, KeyCode::Char('a'));
    let effect = app.effects.pop().expect("a teach effect");
    assert!(app.effects.is_empty());
    let socialscope::tui::Effect::Teach(s) = effect else {
        panic!("{effect:?}")
    };
    // What the run loop does (on a worker thread), then hands back as an action.
    let model = socialscope::tui::teach(&base, &app.model, &s).unwrap();
    let file = dir.path().join("knowledge.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("欢脱"), "{text}");
    update(
        &mut app,
        Action::Reloaded {
            model: Box::new(model),
            note: "added".into(),
        },
    );
    let k = &app.model.knowledge;
    let h = k
        .platforms
        .iter()
        .position(|p| p.name == "欢脱")
        .expect("欢脱 known now");
    assert!(
        !app.model.platform_events(h).is_empty(),
        "欢脱 has events after re-extraction"
    );
    assert_eq!(
        app.view.nav.platform,
        Some(pid(&app, "kuaishou")),
        "selection kept by id"
    );
    assert_eq!(app.note.as_deref(), Some("added"));
    // The panel no longer proposes it.
    assert!(!app.candidates.iter().any(|c| c.name == "欢脱"));
    // `A`: the finder picks the feature; Enter queues an alias effect.
    let mut app2 = App::new(seeds_without_huantuo().1, Theme { color: false });
    draw(&mut app2, 120, 40);
    press(&mut app2, KeyCode::Char('D'));
    press(&mut app2, KeyCode::Char('A'));
    assert!(matches!(app2.view.overlay, Overlay::Search(_)));
    press(&mut app2, KeyCode::Enter);
    assert!(
        matches!(
            app2.effects.last(),
            Some(socialscope::tui::Effect::Teach(
                socialscope::discover::Suggestion::FeatureAlias {
                    feature: Some(_),
                    ..
                }
            ))
        ),
        "{:?}",
        app2.effects
    );
}

/// Standard base64 decoding, for checking the OSC 52 payload.
fn unbase64(s: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buf, mut bits) = (0u32, 0);
    for c in s.bytes().filter(|&c| c != b'=') {
        buf = (buf << 6) | A.iter().position(|&a| a == c).unwrap() as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    out
}

#[test]
fn y_queues_an_osc52_citation_of_the_selected_event() {
    let mut app = color_app();
    draw(&mut app, 120, 40);
    go_to_cell(&mut app, 120, 40, "douyin", Some("chat_room"));
    press(&mut app, KeyCode::Char('y'));
    let Some(socialscope::tui::Effect::Clipboard { osc52, what }) = app.effects.pop() else {
        panic!("no clipboard effect")
    };
    assert_eq!(what, "抖音 · 聊天室");
    let payload = osc52
        .strip_prefix("\x1b]52;c;")
        .and_then(|s| s.strip_suffix('\x07'))
        .unwrap();
    let text = String::from_utf8(unbase64(payload)).unwrap();
    let e = app.cache.detail[0].event;
    assert_eq!(text, socialscope::cite::citation(&app.model, e));
    assert!(text.starts_with("抖音 · 聊天室 · "), "{text}");
    // Nothing selected (articles view): a note, no effect.
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.effects.is_empty());
    assert!(app.note.is_some());
}

#[test]
fn e_exports_the_view_as_markdown_never_into_a_corpus_folder() {
    let mut app = color_app();
    draw(&mut app, 120, 40);
    press(&mut app, KeyCode::Char('e'));
    let Some(socialscope::tui::Effect::Export { view, text }) = app.effects.pop() else {
        panic!("no export effect")
    };
    assert_eq!(view, socialscope::cite::View::Matrix);
    let dir = tempfile::tempdir().unwrap();
    let path = socialscope::tui::export(dir.path(), &[], view, &text).unwrap();
    assert!(path.starts_with(dir.path()));
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(
        md.starts_with("# socialscope: matrix") && md.contains("抖音"),
        "{md}"
    );
    // The current directory is a corpus folder: the file goes elsewhere.
    let path =
        socialscope::tui::export(dir.path(), &[dir.path().to_path_buf()], view, &text).unwrap();
    assert!(!path.starts_with(dir.path()), "{}", path.display());
    let _ = std::fs::remove_file(path);
    // Timeline and company views export their own documents.
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('e'));
    assert!(matches!(
        app.effects.pop(),
        Some(socialscope::tui::Effect::Export {
            view: socialscope::cite::View::Timeline,
            ..
        })
    ));
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('C'));
    press(&mut app, KeyCode::Char('e'));
    assert!(matches!(
        app.effects.pop(),
        Some(socialscope::tui::Effect::Export {
            view: socialscope::cite::View::Companies,
            ..
        })
    ));
}

#[test]
fn watch_reload_keeps_the_selection_by_id_and_the_scroll() {
    let mut app = color_app();
    draw(&mut app, 120, 40);
    go_to_cell(&mut app, 120, 40, "douyin", Some("chat_room"));
    let scroll = (app.view.nav.row_scroll, app.view.nav.col_scroll);
    // A reloaded corpus whose knowledge lists platforms and features in another order (indexes
    // change, ids do not) and gained an article.
    let old = fixture_model();
    let mut k = old.knowledge.clone();
    k.platforms.reverse();
    k.features.reverse();
    let mut m = Model::new(k);
    for a in &old.articles {
        let evs: Vec<Event> = old
            .article_events(old.article_index(&a.id).unwrap())
            .iter()
            .map(|&e| old.events[e].clone())
            .collect();
        m.add_article(a.clone(), evs);
    }
    assert_ne!(
        m.knowledge.platform_index("douyin"),
        Some(pid(&app, "douyin"))
    );
    update(
        &mut app,
        Action::Reloaded {
            model: Box::new(m),
            note: "reloaded".into(),
        },
    );
    draw(&mut app, 120, 40);
    let k = &app.model.knowledge;
    assert_eq!(k.platforms[app.view.nav.platform.unwrap()].id, "douyin");
    assert_eq!(k.features[app.view.nav.feature.unwrap()].id, "chat_room");
    assert_eq!(
        (app.view.nav.row_scroll, app.view.nav.col_scroll).0,
        scroll.0
    );
    let text = screen(&draw(&mut app, 120, 40));
    assert!(text.contains("reloaded"), "{text}");
    assert!(text.contains("抖音 × 聊天室"), "{text}");
    // The timeline keeps its selected event (by article, paragraph, platform and feature).
    press(&mut app, KeyCode::Char('2'));
    draw(&mut app, 120, 40);
    for _ in 0..5 {
        press(&mut app, KeyCode::Char('j'));
    }
    let key = |app: &App| {
        let e = app.cache.timeline[app.view.nav.timeline_sel];
        let m = &app.model;
        (
            m.articles[m.event_article(e)].id.clone(),
            m.events[e].paragraph,
            m.knowledge.platforms[m.event_platform(e)].id.clone(),
            m.knowledge.features[m.event_feature(e)].id.clone(),
        )
    };
    let before = key(&app);
    update(
        &mut app,
        Action::Reloaded {
            model: Box::new(fixture_model()),
            note: "reloaded".into(),
        },
    );
    draw(&mut app, 120, 40);
    assert_eq!(key(&app), before);
}

#[test]
fn shift_tab_goes_back_a_scope_in_the_finder() {
    let mut app = color_app();
    draw(&mut app, 120, 40);
    press(&mut app, KeyCode::Char('/'));
    let scope = |app: &App| match &app.view.overlay {
        Overlay::Search(s) => s.scope,
        _ => panic!("finder closed"),
    };
    use socialscope::search::Scope;
    assert_eq!(scope(&app), Scope::Platforms);
    press(&mut app, KeyCode::BackTab);
    assert_eq!(scope(&app), Scope::Articles);
    press(&mut app, KeyCode::BackTab);
    assert_eq!(scope(&app), Scope::Features);
    press(&mut app, KeyCode::Tab);
    assert_eq!(scope(&app), Scope::Articles);
}

#[test]
fn help_fits_at_80x24_scrolls_and_uses_two_columns_when_wide() {
    let mut app = color_app();
    draw(&mut app, 80, 24);
    press(&mut app, KeyCode::Char('?'));
    let first = screen(&draw(&mut app, 80, 24));
    assert!(
        first.contains("Everywhere") && first.contains("↓ more"),
        "{first}"
    );
    for _ in 0..10 {
        press(&mut app, KeyCode::PageDown);
    }
    let last = screen(&draw(&mut app, 80, 24));
    assert!(last.contains("Help and problems panels"), "{last}");
    assert!(!last.contains("↓ more"), "{last}");
    let wide = screen(&draw(&mut app, 200, 60));
    let l = wide.lines().find(|l| l.contains("Everywhere")).unwrap();
    assert!(l.contains("Everywhere"));
    assert!(
        wide.contains("Everywhere") && wide.contains("Help and problems panels"),
        "{wide}"
    );
}

#[test]
fn lane_axis_clips_an_outlier_year_and_marks_it() {
    let mut m = fixture_model();
    // Thirty events in 2020–2021 and one in 1992.
    let mut evs: Vec<Event> = (0..30)
        .map(|i| Event {
            platform: "weixin".into(),
            feature: "group_chat".into(),
            status: Status::Launched,
            date: Date::ym(2020 + i / 12, 1 + (i % 12) as u8),
            article: String::new(),
            paragraph: 0,
            sentence: "微信上线群聊".into(),
            spans: vec![],
        })
        .collect();
    evs[0].date = Date::year(1992);
    m.add_article(
        Article {
            id: "many".into(),
            path: "c/many.md".into(),
            title: "多".into(),
            published: None,
            source: None,
            author: None,
            categories: vec![],
            size: 10,
            ..Article::with_blocks("", [(BlockKind::Paragraph, "微信上线群聊")])
        },
        evs,
    );
    let mut app = App::new(m, Theme { color: false });
    press(&mut app, KeyCode::Char('2'));
    let text = screen(&draw(&mut app, 120, 40));
    assert!(app.cache.lanes_clip);
    let (min, _) = app.cache.month_range.unwrap();
    // The fixture's other events start in 2018; the 1992 outlier is clipped.
    assert!(min >= 2018 * 12, "axis starts at {}", min / 12);
    assert!(text.contains("◂"), "{text}");
    let axis = text.lines().nth(2).unwrap();
    assert!(axis.contains("2018") && !axis.contains("1992"), "{text}");
}
