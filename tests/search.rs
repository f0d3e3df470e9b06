//! The fuzzy finder: names, aliases, pinyin, initials and companies rank the platform people mean.

#![allow(clippy::unwrap_used)] // Tests unwrap: a panic is the failure report.

use socialscope::corpus::Article;
use socialscope::extract::{Event, Status};
use socialscope::knowledge::Knowledge;
use socialscope::model::Model;
use socialscope::search::{Hit, Scope, SearchIndex, Target};

/// The bundled knowledge base, as the binary embeds it.
fn knowledge() -> Knowledge {
    socialscope::embedded::knowledge().unwrap()
}

fn article(id: &str, title: &str) -> Article {
    Article {
        id: id.to_string(),
        path: format!("{id}.md"),
        title: title.to_string(),
        published: None,
        source: None,
        author: None,
        categories: Vec::new(),
        text: String::new(),
        blocks: Vec::new(),
        size: 0,
    }
}

fn event(platform: &str, feature: &str) -> Event {
    Event {
        platform: platform.to_string(),
        feature: feature.to_string(),
        status: Status::Launched,
        date: None,
        article: String::new(),
        paragraph: 0,
        sentence: String::new(),
        spans: Vec::new(),
    }
}

fn model() -> Model {
    let mut m = Model::new(knowledge());
    m.add_article(article("a1", "谁不想做社交"), Vec::new());
    m.add_article(article("a2", "逐梦「社交」，抖、快图什么？"), Vec::new());
    m.add_article(article("a3", "微信视频号的商业变现能力"), Vec::new());
    m
}

fn labels(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.label.as_str()).collect()
}

fn first(index: &SearchIndex, query: &str) -> Hit {
    index
        .search(query, Scope::Platforms, 10)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no hit for {query:?}"))
}

#[test]
fn every_way_of_naming_douyin_finds_it_first() {
    let index = SearchIndex::new(&model());
    for q in ["抖音", "douyin", "Douyin", "DOUYIN", "dou yin", "dy", "抖"] {
        let hits = index.search(q, Scope::Platforms, 10);
        assert_eq!(
            hits.first().map(|h| h.label.as_str()),
            Some("抖音"),
            "{q}: {:?}",
            labels(&hits)
        );
    }
}

#[test]
fn a_label_match_highlights_the_label_and_others_say_via_what() {
    let index = SearchIndex::new(&model());
    let h = first(&index, "抖");
    assert_eq!((h.matched.as_slice(), h.via.as_deref()), (&[0][..], None));
    let h = first(&index, "qq空");
    assert_eq!(h.label, "QQ空间");
    assert_eq!(h.matched, [0, 1, 2]);
    let h = first(&index, "douyin");
    assert!(h.matched.is_empty());
    assert_eq!(h.via.as_deref(), Some("Douyin"));
    let h = first(&index, "dy");
    assert_eq!(h.via.as_deref(), Some("dy"));
    let h = first(&index, "字节");
    assert_eq!(h.via.as_deref(), Some("字节"));
}

#[test]
fn a_company_word_lists_all_its_platforms_main_app_first() {
    let m = model();
    let index = SearchIndex::new(&m);
    let hits = index.search("字节", Scope::Platforms, 100);
    assert_eq!(hits[0].label, "抖音");
    let mut found: Vec<usize> = hits
        .iter()
        .map(|h| match h.target {
            Target::Platform(p) => p,
            other => panic!("{other:?}"),
        })
        .collect();
    found.sort_unstable();
    assert_eq!(found, m.knowledge.company_platforms("字节跳动"));
    // Company pinyin and English names work too.
    assert_eq!(first(&index, "ByteDance").label, "抖音");
    assert_eq!(first(&index, "zijietiaodong").label, "抖音");
}

#[test]
fn pinyin_initials_aliases_and_english_names() {
    let index = SearchIndex::new(&model());
    for (q, want) in [
        ("weixin", "微信"),
        ("wechat", "微信"),
        ("wx", "微信"),
        ("qq", "QQ"),
        ("qqkj", "QQ空间"),
        ("qzone", "QQ空间"),
        ("B站", "哔哩哔哩"),
        ("bilibili", "哔哩哔哩"),
        ("xhs", "小红书"),
        ("RED", "小红书"),
        ("kuaishou", "快手"),
        ("ks", "快手"),
        ("taobao", "淘宝"),
        ("手淘", "淘宝"),
        ("soul", "Soul"),
        ("momo", "陌陌"),
        ("tiktok", "TikTok"),
        ("贴吧", "百度贴吧"),
        ("wyy", "网易云音乐"),
    ] {
        let hits = index.search(q, Scope::Platforms, 5);
        assert_eq!(
            hits.first().map(|h| h.label.as_str()),
            Some(want),
            "{q}: {:?}",
            labels(&hits)
        );
    }
}

#[test]
fn activity_breaks_ties() {
    // 抖音 and 斗鱼 are both `dy`; with no events 抖音 wins by file order, with events the busier.
    let index = SearchIndex::new(&model());
    let hits = index.search("dy", Scope::Platforms, 5);
    assert_eq!(labels(&hits)[..2], ["抖音", "斗鱼"]);
    let mut m = model();
    m.add_article(
        article("b", "斗鱼上线群聊"),
        vec![event("douyu", "group_chat")],
    );
    let index = SearchIndex::new(&m);
    let hits = index.search("dy", Scope::Platforms, 5);
    assert_eq!(labels(&hits)[..2], ["斗鱼", "抖音"]);
    // 派对岛 and 拼多多 are both `pdd`: 拼多多 rises with activity.
    let hits = index.search("pdd", Scope::Platforms, 5);
    assert_eq!(labels(&hits)[..2], ["派对岛", "拼多多"]);
    m.add_article(
        article("c", "拼多多上线拼小圈"),
        vec![event("pinduoduo", "feed")],
    );
    let index = SearchIndex::new(&m);
    assert_eq!(first(&index, "pdd").label, "拼多多");
    // The empty query lists platforms by activity.
    let busy = index.search("", Scope::Platforms, 2);
    assert_eq!(
        labels(&busy),
        ["拼多多", "斗鱼"],
        "one event each, then file order"
    );
}

#[test]
fn the_empty_query_lists_everything_in_order_up_to_the_limit() {
    let m = model();
    let index = SearchIndex::new(&m);
    assert_eq!(
        index.search("", Scope::Platforms, 1000).len(),
        m.knowledge.platforms.len()
    );
    let first3 = index.search("  ", Scope::Platforms, 3);
    assert_eq!(first3.len(), 3);
    assert_eq!(
        first3[0].label, "微信",
        "main apps in file order when nothing has events"
    );
    let arts = index.search("", Scope::Articles, 10);
    assert_eq!(
        labels(&arts),
        [
            "谁不想做社交",
            "逐梦「社交」，抖、快图什么？",
            "微信视频号的商业变现能力"
        ]
    );
    assert!(index.search("douyin", Scope::Platforms, 0).is_empty());
}

#[test]
fn features_match_by_name_alias_and_pinyin() {
    let m = model();
    let index = SearchIndex::new(&m);
    let group = Target::Feature(m.knowledge.feature_index("group_chat").unwrap());
    for q in ["群聊", "qunliao", "ql", "粉丝群", "群组"] {
        let hits = index.search(q, Scope::Features, 5);
        assert_eq!(hits.first().map(|h| h.target), Some(group), "{q}");
    }
    let hits = index.search("粉丝", Scope::Features, 5);
    assert_eq!(hits[0].via.as_deref(), Some("粉丝群"));
}

#[test]
fn articles_match_by_title_with_highlights() {
    let index = SearchIndex::new(&model());
    let hits = index.search("视频号", Scope::Articles, 5);
    assert_eq!(labels(&hits), ["微信视频号的商业变现能力"]);
    assert_eq!(hits[0].target, Target::Article(2));
    assert_eq!(hits[0].matched, [2, 3, 4]);
    let hits = index.search("社交", Scope::Articles, 5);
    assert_eq!(hits.len(), 2);
    assert!(index.search("不存在的词", Scope::Articles, 5).is_empty());
}

#[test]
fn an_index_can_move_to_another_thread() {
    fn send_sync<T: Send + Sync>(_: &T) {}
    let index = SearchIndex::new(&model());
    send_sync(&index);
    assert!(format!("{index:?}").starts_with("SearchIndex { platforms: "));
}
