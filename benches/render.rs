//! One frame of each dashboard view at 200×60 over a synthetic model the size of a big corpus:
//! 300 platforms in 40 companies, 30 features, 500 articles, 50,000 events. Target: < 4 ms per
//! frame. Only drawing is timed: the app's cache is warm, as it is between two key presses.
//!
//! Run with `cargo bench --bench render`.

use divan::Bencher;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use socialscope::corpus::{Article, BlockKind};
use socialscope::date::Date;
use socialscope::extract::{Event, Status};
use socialscope::knowledge::{Company, Feature, Knowledge, Platform};
use socialscope::model::Model;
use socialscope::tui::theme::Theme;
use socialscope::tui::{Action, App, View, update};

fn main() {
    divan::main();
}

const W: u16 = 200;
const H: u16 = 60;

fn synthetic_model() -> Model {
    let companies: Vec<Company> = (0..40)
        .map(|i| Company {
            id: format!("c{i}"),
            name: format!("公司{i}"),
            aliases: vec![],
        })
        .collect();
    let k = Knowledge {
        platforms: (0..300)
            .map(|i| Platform {
                id: format!("p{i}"),
                name: format!("平台{i}号"),
                aliases: vec![],
                company: Some(format!("公司{}", i % 40)),
                parent: None,
                kind: None,
            })
            .collect(),
        companies,
        features: (0..30)
            .map(|i| Feature {
                id: format!("f{i}"),
                name: format!("功能{i}"),
                aliases: vec![],
                description: String::new(),
            })
            .collect(),
    };
    let mut m = Model::new(k);
    for a in 0..500usize {
        let texts: Vec<String> = (0..100)
            .map(|i| {
                format!(
                    "第{i}段：平台{}号上线了功能{}，用户可以在里面聊天、分享和组队。",
                    (a + i) % 300,
                    i % 30
                )
            })
            .collect();
        let body =
            Article::with_blocks("", texts.iter().map(|t| (BlockKind::Paragraph, t.as_str())));
        let events: Vec<Event> = (0..100)
            .map(|i| Event {
                platform: format!("p{}", (a * 7 + i) % 300),
                feature: format!("f{}", (a + i * 3) % 30),
                status: Status::ALL[(a + i) % 6],
                date: Date::ym(2012 + ((a + i) % 12) as i32, 1 + ((a * i) % 12) as u8),
                article: String::new(),
                paragraph: i,
                sentence: format!("平台{}号上线了功能{}", (a + i) % 300, i % 30),
                spans: vec![],
            })
            .collect();
        m.add_article(
            Article {
                id: format!("a{a}"),
                path: format!("c/a{a}.md"),
                title: format!("文章{a}：社交的下一站"),
                published: chrono::NaiveDate::from_ymd_opt(2022, 1, 1),
                source: Some("36氪".into()),
                author: None,
                categories: vec![],
                text: body.text,
                blocks: body.blocks,
                size: 1000,
            },
            events,
        );
    }
    m
}

/// An app in a view (after `actions`), laid out and drawn once, and a terminal to draw on.
fn setup(actions: Vec<Action>) -> (App, Terminal<TestBackend>) {
    let mut app = App::new(synthetic_model(), Theme { color: true });
    let mut t = Terminal::new(TestBackend::new(W, H)).expect("test backend");
    t.draw(|f| socialscope::tui::draw(f, &mut app))
        .expect("draw");
    for a in actions {
        update(&mut app, a);
        t.draw(|f| socialscope::tui::draw(f, &mut app))
            .expect("draw");
    }
    (app, t)
}

fn frame(bencher: Bencher, actions: Vec<Action>) {
    frame_in(bencher, actions, None);
}

/// Like [`frame`], checking first that the actions reached `view`.
fn frame_in(bencher: Bencher, actions: Vec<Action>, view: Option<View>) {
    let (mut app, mut t) = setup(actions);
    if let Some(v) = view {
        assert_eq!(app.view.nav.view, v, "the bench would time another view");
    }
    bencher.bench_local(|| {
        t.draw(|f| socialscope::tui::draw(f, &mut app))
            .expect("draw");
    });
}

#[divan::bench]
fn matrix(bencher: Bencher) {
    frame(bencher, vec![]);
}

#[divan::bench]
fn matrix_cell(bencher: Bencher) {
    frame(
        bencher,
        vec![Action::Down, Action::Down, Action::Right, Action::Right],
    );
}

#[divan::bench]
fn companies(bencher: Bencher) {
    frame(bencher, vec![Action::ToggleCompanies, Action::Down]);
}

#[divan::bench]
fn timeline(bencher: Bencher) {
    frame(bencher, vec![Action::ShowView(View::Timeline)]);
}

#[divan::bench]
fn articles(bencher: Bencher) {
    frame(bencher, vec![Action::ShowView(View::Articles)]);
}

#[divan::bench]
fn reader(bencher: Bencher) {
    frame(
        bencher,
        vec![Action::ShowView(View::Articles), Action::Open],
    );
}

#[divan::bench]
fn compare(bencher: Bencher) {
    frame_in(
        bencher,
        vec![
            Action::StartCompare,
            Action::Down,
            Action::SearchToggle,
            Action::SearchConfirm,
        ],
        Some(View::Compare),
    );
}

#[divan::bench]
fn help(bencher: Bencher) {
    frame(bencher, vec![Action::ToggleHelp]);
}
