//! The analyst's tools: compare, company roll-up, discover, the user knowledge file, the corpus
//! watcher and citations. Hand-made models pin exact numbers; the seed articles check that the
//! comparison reads like the article's own.

use socialscope::compare::{self, Move, Relationship};
use socialscope::corpus::{Article, Block, BlockKind};
use socialscope::date::{Date, Part};
use socialscope::extract::{Event, Status};
use socialscope::knowledge::{Company, Feature, Knowledge, Platform};
use socialscope::model::Model;

fn platform(id: &str, name: &str, parent: Option<&str>, company: Option<&str>) -> Platform {
    Platform {
        id: id.into(),
        name: name.into(),
        aliases: vec![],
        company: company.map(Into::into),
        parent: parent.map(Into::into),
        kind: None,
    }
}

fn feature(id: &str, name: &str, aliases: &[&str]) -> Feature {
    Feature {
        id: id.into(),
        name: name.into(),
        aliases: aliases.iter().map(|a| (*a).to_string()).collect(),
        description: String::new(),
    }
}

fn event(p: &str, f: &str, status: Status, date: Option<Date>, paragraph: usize) -> Event {
    Event {
        platform: p.into(),
        feature: f.into(),
        status,
        date,
        article: String::new(),
        paragraph,
        sentence: String::new(),
        spans: vec![],
    }
}

fn article(id: &str, texts: &[&str]) -> Article {
    Article {
        id: id.into(),
        path: format!("{id}.md"),
        title: "逐梦「社交」，抖、快图什么？".into(),
        published: chrono::NaiveDate::from_ymd_opt(2021, 7, 14),
        source: Some("人人都是产品经理".into()),
        author: None,
        categories: vec![],
        blocks: texts
            .iter()
            .map(|t| Block {
                kind: BlockKind::Paragraph,
                text: (*t).into(),
            })
            .collect(),
        size: 0,
    }
}

fn knowledge() -> Knowledge {
    Knowledge {
        platforms: vec![
            platform("douyin", "抖音", None, Some("字节跳动")),
            platform("kuaishou", "快手", None, Some("快手科技")),
            platform("duoshan", "多闪", Some("douyin"), Some("字节跳动")),
            platform("feiliao", "飞聊", Some("douyin"), Some("字节跳动")),
            platform("weixin", "微信", None, Some("腾讯")),
            platform("shipinhao", "视频号", Some("weixin"), Some("腾讯")),
            platform("soul", "Soul", None, None),
        ],
        companies: vec![
            Company {
                id: "bytedance".into(),
                name: "字节跳动".into(),
                aliases: vec!["字节".into()],
            },
            Company {
                id: "kuaishou_inc".into(),
                name: "快手科技".into(),
                aliases: vec![],
            },
            Company {
                id: "tencent".into(),
                name: "腾讯".into(),
                aliases: vec![],
            },
        ],
        features: vec![
            feature("group_chat", "群聊", &["粉丝群"]),
            feature("chat_room", "聊天室", &["语音直播交友"]),
            feature("feed", "朋友圈", &["说说"]),
            feature("call", "视频通话", &[]),
            feature("stranger", "陌生人社交", &[]),
            feature("circle", "圈子", &["超级话题"]),
            feature("co_watch", "一起看", &[]),
            feature("standalone_app", "独立App", &["独立社交APP"]),
        ],
    }
}

fn d(y: i32, m: u8) -> Option<Date> {
    Date::ym(y, m)
}

/// 抖音 and 快手 roughly as the second seed article tells it.
fn hand_model() -> Model {
    let mut m = Model::new(knowledge());
    let early19 = Date::new(2019, None, None, Some(Part::Early));
    let h2_19 = Date::new(2019, None, None, Some(Part::H2));
    m.add_article(
        article(
            "seed",
            &[
                "早在2019年初，抖音就围绕社交动作频频，在发布了独立视频社交APP——多闪后，又上线了主打“兴趣社交”的飞聊。",
                "2020年3月，抖音上线了“语音直播交友”板块。",
                "早在2018年11月，快手就上线了“说说”功能，并加上了“超级话题”功能；",
                "而在同年10月，快手上线了“直播聊天室”。",
                "从2019年下半年起，快手也陆续推出了独立社交APP“欢脱”、短视频社区“态赞”。",
                "4月，抖音启动“朋友聊天室”功能内测。",
            ],
        ),
        vec![
            event("douyin", "standalone_app", Status::Launched, early19, 0),
            event("douyin", "chat_room", Status::Launched, d(2020, 3), 1),
            event("douyin", "call", Status::Launched, Date::ymd(2020, 4, 23), 1),
            event("douyin", "group_chat", Status::Adjusted, d(2021, 3), 1),
            event("douyin", "chat_room", Status::Testing, d(2021, 4), 5),
            event("duoshan", "call", Status::Has, Date::year(2020), 0),
            event("kuaishou", "feed", Status::Launched, d(2018, 11), 2),
            event("kuaishou", "circle", Status::Launched, d(2018, 11), 2),
            event("kuaishou", "group_chat", Status::Launched, Date::year(2019), 3),
            event("kuaishou", "chat_room", Status::Launched, d(2019, 10), 3),
            event("kuaishou", "standalone_app", Status::Launched, h2_19, 4),
            event("kuaishou", "co_watch", Status::Has, None, 4),
        ],
    );
    m
}

fn idx(m: &Model, id: &str) -> usize {
    m.knowledge.platform_index(id).expect("known platform")
}

fn row<'a>(c: &'a compare::Comparison, m: &Model, feature: &str) -> &'a compare::FeatureRow {
    let f = m.knowledge.feature_index(feature).expect("known feature");
    c.features
        .iter()
        .find(|r| r.feature == f)
        .expect("feature row")
}

#[test]
fn compare_finds_who_moved_first_and_by_how_many_months() {
    let m = hand_model();
    let (dy, ks) = (idx(&m, "douyin"), idx(&m, "kuaishou"));
    let c = compare::compare(&m, &[dy, ks]);
    assert_eq!(c.platforms, vec![dy, ks]);

    // 快手 2019-10 vs 抖音 2020-03 (the earliest, not the 2021 test).
    let chat = row(&c, &m, "chat_room");
    assert_eq!(chat.first, Some(ks));
    assert_eq!(chat.lead_months, Some(5));
    let dy_chat = chat.cells[0].expect("抖音 has chat rooms");
    assert_eq!(
        (dy_chat.status, dy_chat.date),
        (Status::Launched, d(2020, 3))
    );
    assert_eq!(dy_chat.count, 2);

    // A bare year counts as its January: 2019 → 2021-03 is 26 months.
    let group = row(&c, &m, "group_chat");
    assert_eq!((group.first, group.lead_months), (Some(ks), Some(26)));

    // early 2019 and 2019 H2 may not overlap: early (Jan–Mar) ends before H2 (Jul–Dec) starts.
    let apps = row(&c, &m, "standalone_app");
    assert_eq!(apps.first, Some(dy));
    assert_eq!(apps.lead_months, Some(7));
    // 多闪's own event counts for 抖音's standalone apps.
    assert_eq!(apps.cells[0].expect("抖音 apps").count, 2);

    // Only one side: first is that side, lead not computable.
    let feed = row(&c, &m, "feed");
    assert_eq!((feed.first, feed.lead_months), (Some(ks), None));
    assert_eq!(feed.only(), Some(1));
    // Undated: strongest status, no first.
    let co = row(&c, &m, "co_watch");
    assert_eq!((co.first, co.lead_months), (None, None));
    assert_eq!(
        co.cells[1].map(|c| (c.status, c.date)),
        Some((Status::Has, None))
    );
    // 多闪's call is not 抖音's call, which is 2020-04-23.
    let call = row(&c, &m, "call");
    assert_eq!(call.cells[0].and_then(|c| c.date), Date::ymd(2020, 4, 23));
    // Features neither has are left out.
    assert!(
        c.features
            .iter()
            .all(|r| m.knowledge.features[r.feature].id != "stranger")
    );
}

#[test]
fn strategies_tell_standalone_first_from_built_in_first() {
    let m = hand_model();
    let (dy, ks) = (idx(&m, "douyin"), idx(&m, "kuaishou"));
    let c = compare::compare(&m, &[dy, ks]);
    let (sd, sk) = (&c.strategies[0], &c.strategies[1]);
    assert_eq!(sd.first_move, Some(Move::Standalone));
    assert_eq!(sd.first_app, Some(idx(&m, "duoshan")));
    assert_eq!(
        sd.summary,
        "first social move was a standalone app (多闪, early 2019); built-in features followed from 2020-03"
    );
    assert_eq!(sd.events, 6);
    assert_eq!((sd.built_in.events, sd.standalone.events), (4, 2));
    assert_eq!(sk.first_move, Some(Move::BuiltIn));
    assert_eq!(
        sk.summary,
        "built features into the main app first (2018-11), standalone apps from 2019 H2"
    );
    // 快手: feed, group_chat acquaintance; chat_room stranger; circle interest.
    assert_eq!(sk.relationships.get(&Relationship::Acquaintance), Some(&2));
    assert_eq!(sk.relationships.get(&Relationship::Stranger), Some(&1));
    assert_eq!(sk.relationships.get(&Relationship::Interest), Some(&1));
    assert!((sk.share(Relationship::Acquaintance) - 0.5).abs() < 1e-9);
    assert_eq!(sk.other, 2);
    assert_eq!(
        (sk.busiest_years.clone(), sk.busiest_count),
        (vec![2019], 3)
    );
    assert_eq!(
        (sd.busiest_years.clone(), sd.busiest_count),
        (vec![2020], 3)
    );

    let md = compare::to_markdown(&m, &c);
    assert!(md.starts_with("# 抖音 vs 快手\n"), "{md}");
    assert!(
        md.contains("| 聊天室 | launched 2020-03 | launched 2019-10 | 快手 | 5 months |"),
        "{md}"
    );
    assert!(md.contains("- only 快手: 朋友圈, 圈子, 一起看"), "{md}");
    assert!(
        md.contains("**抖音**: first social move was a standalone app"),
        "{md}"
    );
}

#[test]
fn compare_json_has_the_documented_shape() {
    let m = hand_model();
    let c = compare::compare(&m, &[idx(&m, "douyin"), idx(&m, "kuaishou")]);
    let j = compare::to_json(&m, &c);
    assert_eq!(j["platforms"], serde_json::json!(["douyin", "kuaishou"]));
    let chat = j["features"]
        .as_array()
        .expect("features")
        .iter()
        .find(|f| f["feature"] == "chat_room")
        .expect("chat_room");
    assert_eq!(chat["first"], "kuaishou");
    assert_eq!(chat["lead_months"], 5);
    assert_eq!(
        chat["by_platform"]["douyin"],
        serde_json::json!({"status": "launched", "date": "2020-03"})
    );
    let feed = j["features"]
        .as_array()
        .expect("features")
        .iter()
        .find(|f| f["feature"] == "feed")
        .expect("feed");
    assert!(feed["by_platform"]["douyin"].is_null());
    assert!(feed["lead_months"].is_null());
    assert_eq!(j["strategy"]["douyin"]["first_move"], "standalone");
    assert_eq!(
        j["strategy"]["douyin"]["apps"],
        serde_json::json!(["duoshan", "feiliao"])
    );
    assert_eq!(
        j["strategy"]["kuaishou"]["relationships"]["acquaintance"]["share"],
        0.5
    );
}

#[test]
fn platforms_resolve_by_id_name_or_alias_ignoring_case() {
    let mut k = knowledge();
    k.platforms[0].aliases.push("TikTok CN".into());
    assert_eq!(compare::resolve_platform(&k, "抖音"), Ok(0));
    assert_eq!(compare::resolve_platform(&k, "DouYin"), Ok(0));
    assert_eq!(compare::resolve_platform(&k, " tiktok cn "), Ok(0));
    assert_eq!(compare::resolve_platform(&k, "soul"), Ok(6));
    let e = compare::resolve_platform(&k, "douyn").expect_err("typo");
    assert_eq!(e.close, vec!["抖音 (douyin)".to_string()]);
    assert!(
        e.to_string().contains("did you mean: 抖音 (douyin)?"),
        "{e}"
    );
    let e = compare::resolve_platform(&k, "微").expect_err("partial");
    assert!(e.close.contains(&"微信 (weixin)".to_string()), "{e:?}");
    assert!(
        compare::resolve_platform(&k, "zzzzzz")
            .expect_err("none")
            .close
            .is_empty()
    );
}

#[test]
fn company_rollup_takes_the_strongest_status_and_earliest_date() {
    let mut m = hand_model();
    m.add_article(
        article("b", &["x"]),
        vec![
            event("feiliao", "circle", Status::Testing, d(2019, 6), 0),
            event("douyin", "circle", Status::Has, d(2021, 7), 0),
            event("shipinhao", "chat_room", Status::Launched, d(2020, 10), 0),
            event("soul", "stranger", Status::Has, None, 0),
        ],
    );
    let rows = compare::company_rollup(&m, false);
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, vec!["字节跳动", "快手科技", "Soul", "腾讯"]);
    let circle = m.knowledge.feature_index("circle").expect("circle");
    let cell = rows[0].cells[circle].as_ref().expect("字节跳动 circles");
    assert_eq!(cell.status, Status::Testing);
    assert_eq!(cell.earliest, d(2019, 6));
    assert_eq!(cell.count, 2);
    assert_eq!(cell.platforms, vec![idx(&m, "douyin"), idx(&m, "feiliao")]);
    assert_eq!(rows[3].company.as_deref(), Some("腾讯"));
    assert_eq!(rows[2].company, None);
    // `all` keeps silent companies too: nothing else exists here, so the same rows.
    assert_eq!(compare::company_rollup(&m, true).len(), 4);
    let md = compare::rollup_markdown(&m, &rows);
    assert!(
        md.lines()
            .nth(2)
            .is_some_and(|l| l.starts_with("| 字节跳动 |")),
        "{md}"
    );
}
