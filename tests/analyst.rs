//! The analyst's tools: compare, company roll-up, discover, the user knowledge file, the corpus
//! watcher and citations. Hand-made models pin exact numbers; the seed articles check that the
//! comparison reads like the article's own.

use socialscope::compare::{self, Move, Relationship};
use socialscope::corpus::{Article, BlockKind};
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
        ..Article::with_blocks(id, texts.iter().map(|t| (BlockKind::Paragraph, *t)))
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

    // An app compared on its own is described as the app it is.
    let apps = compare::compare(&m, &[idx(&m, "duoshan"), idx(&m, "soul")]);
    assert_eq!(
        apps.strategies[0].summary,
        "a standalone app of 抖音; features of its own from 2020"
    );
    assert_eq!(apps.strategies[1].summary, "no social feature events");

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
    // A company is not a platform, but its platforms are offered.
    let e = compare::resolve_platform(&k, "字节").expect_err("a company");
    assert_eq!(e.close, vec!["抖音 (douyin)".to_string()]);
    assert_eq!(
        e.to_string(),
        "`字节` is a company, not a platform; its platforms include: 抖音 (douyin)"
    );
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

// ---------------------------------------------------------------------------------------------
// discover

/// The 快手 paragraphs of the second seed article, in a model whose knowledge lacks 欢脱 and 态赞.
fn discover_model() -> Model {
    let mut m = Model::new(knowledge());
    m.add_article(
        article(
            "seed",
            &[
                "从2019年下半年起，快手也陆续推出了独立社交APP“欢脱”、短视频社区“态赞”、以及视频社交APP“一甜面聊”等，但在推广这些产品的过程中，并没有拿着快手的主站资源、流量任性开刀。",
                "以2020年4月上线的 “一甜面聊”为例，上线伊始这款产品仅支持QQ、微信两个外部渠道登录。",
                "而后，抖音重启了多闪，slogan从“好友小视频社交App”变成“抖音官方好友社交App”。",
                "4月，抖音也接连推出了“抖一抖”和“个人名片”功能，前者主打同城陌生人社交。",
                "另外一个是在4月，抖音启动“朋友聊天室”功能内测。",
                "欢脱上线半年后，快手又测试了“2021”和“交个 朋友”。",
                "受到了“交个朋友”团队的积极使用。",
            ],
        ),
        vec![event("douyin", "stranger", Status::Launched, d(2021, 4), 3)],
    );
    m
}

#[test]
fn discover_lists_unknown_quoted_names_next_to_launch_verbs() {
    use socialscope::discover::{self, Mention, Suggestion};
    let m = discover_model();
    let found = discover::discover(&m);
    let names: Vec<&str> = found.iter().map(|c| c.name.as_str()).collect();
    // 一甜面聊 and 欢脱 are mentioned in two paragraphs each, so they rank first; 一甜面聊 is
    // launched in both.
    assert_eq!(
        names,
        vec!["一甜面聊", "欢脱", "态赞", "抖一抖", "个人名片"],
        "{found:#?}"
    );

    let huantuo = &found[1];
    assert_eq!(
        huantuo.mentions,
        vec![
            Mention {
                article: 0,
                block: 0,
                launched: true
            },
            Mention {
                article: 0,
                block: 5,
                launched: false
            },
        ]
    );
    match &huantuo.suggestion {
        Suggestion::Platform(p) => {
            assert_eq!(p.id, "huantuo");
            assert_eq!(p.parent.as_deref(), Some("kuaishou"));
            assert_eq!(p.company.as_deref(), Some("快手科技"));
            assert_eq!(p.kind.as_deref(), Some("social_app"));
        }
        other => panic!("欢脱 is a platform: {other:?}"),
    }
    let taizan = found.iter().find(|c| c.name == "态赞").expect("态赞");
    assert!(
        matches!(&taizan.suggestion, Suggestion::Platform(p) if p.id == "taizan" && p.parent.as_deref() == Some("kuaishou"))
    );
    // The extractor found a stranger event in 抖一抖's paragraph: suggest it as that alias.
    let douyidou = found.iter().find(|c| c.name == "抖一抖").expect("抖一抖");
    assert_eq!(
        douyidou.suggestion,
        Suggestion::FeatureAlias {
            feature: Some("stranger".into()),
            alias: "抖一抖".into()
        }
    );
    // Slogans, long phrases, digits, spaces, known feature names and quotes without a launch
    // verb are not candidates.
    for noise in [
        "好友小视频社交App",
        "抖音官方好友社交App",
        "朋友聊天室",
        "2021",
        "交个 朋友",
        "交个朋友",
    ] {
        assert!(!names.contains(&noise), "{noise} in {names:?}");
    }
}

#[test]
fn discover_skips_names_the_knowledge_base_knows() {
    let mut m = discover_model();
    m.knowledge.platforms.push(platform(
        "huantuo",
        "欢脱",
        Some("kuaishou"),
        Some("快手科技"),
    ));
    let names: Vec<String> = socialscope::discover::discover(&m)
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert!(!names.contains(&"欢脱".to_string()), "{names:?}");
    assert!(names.contains(&"态赞".to_string()), "{names:?}");
}

// ---------------------------------------------------------------------------------------------
// the user's knowledge file

#[test]
fn user_file_adds_platforms_and_aliases_and_merges_them_back() {
    use socialscope::userdata::{UserDataError, UserFile};
    let dir = tempfile::tempdir().expect("temp dir");
    let file = UserFile::at(dir.path().join("nested/knowledge.yaml"));
    let known = knowledge();
    // A missing file is empty, and merging it changes nothing.
    assert!(file.read().expect("missing is empty").is_empty());
    let mut k = knowledge();
    file.merge_into(&mut k).expect("nothing to merge");
    assert_eq!(k, known);

    file.add_platform(
        &known,
        platform("huantuo", "欢脱", Some("kuaishou"), Some("快手科技")),
    )
    .expect("new platform");
    file.add_alias(&known, "co_watch", "一起看视频")
        .expect("new alias");
    file.add_alias(&known, "co_watch", "一起看视频")
        .expect("same alias again is a no-op");
    file.add_alias(&known, "huantuo", "Huantuo")
        .expect("alias of the user's own platform");

    let dup = file
        .add_platform(&known, platform("huantuo", "欢脱2", None, None))
        .expect_err("duplicate id");
    assert!(dup.to_string().contains("knowledge.yaml"), "{dup}");
    let taken = file
        .add_alias(&known, "douyin", "快手")
        .expect_err("name of another platform");
    assert!(
        taken
            .to_string()
            .contains("already names platform `kuaishou`"),
        "{taken}"
    );
    assert!(matches!(
        file.add_alias(&known, "nope", "x"),
        Err(UserDataError::Invalid(_))
    ));
    assert!(
        file.add_platform(&known, platform("x", "X", Some("nowhere"), None))
            .is_err()
    );

    // A discovered name is accepted through the same calls.
    let found = socialscope::discover::discover(&discover_model());
    let taizan = found.iter().find(|c| c.name == "态赞").expect("态赞");
    file.accept(&known, &taizan.suggestion)
        .expect("accept 态赞");
    let guess = socialscope::discover::Suggestion::FeatureAlias {
        feature: None,
        alias: "某功能".into(),
    };
    assert!(file.accept(&known, &guess).is_err());

    let text = std::fs::read_to_string(&file.path).expect("written");
    assert!(
        text.contains("欢脱") && text.contains("一起看视频"),
        "{text}"
    );
    assert!(!text.contains("null") && !text.contains("[]"), "{text}");

    let mut k = knowledge();
    file.merge_into(&mut k).expect("merges");
    assert_eq!(k.platform("taizan").map(|p| p.name.as_str()), Some("态赞"));
    let p = k.platform("huantuo").expect("user platform");
    assert_eq!(p.parent.as_deref(), Some("kuaishou"));
    assert_eq!(p.aliases, vec!["Huantuo".to_string()]);
    assert!(
        k.feature("co_watch")
            .expect("co_watch")
            .aliases
            .contains(&"一起看视频".to_string())
    );
    // Merging into a base that already has the platform is a conflict, reported with the file.
    let e = file.merge_into(&mut k).expect_err("second merge conflicts");
    let msg = e.to_string();
    assert!(
        msg.contains("knowledge.yaml:") && msg.contains("huantuo"),
        "{msg}"
    );
}

#[test]
fn a_broken_user_file_is_reported_with_its_name_and_line() {
    use socialscope::userdata::UserFile;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("knowledge.yaml");
    std::fs::write(
        &path,
        "aliases:\n  co_watch: [一起看视频]\n  nobody: [某某]\n",
    )
    .expect("write");
    let e = UserFile::at(&path)
        .merge_into(&mut knowledge())
        .expect_err("unknown target");
    assert_eq!(
        e.to_string(),
        format!(
            "{}:3: entry `nobody`: no platform, company or feature has this id",
            path.display()
        )
    );
    std::fs::write(&path, "platforms: [\n").expect("write");
    let e = UserFile::at(&path).read().expect_err("bad yaml");
    assert!(
        e.to_string().starts_with(&path.display().to_string()),
        "{e}"
    );
}

// ---------------------------------------------------------------------------------------------
// watching a corpus

#[test]
fn the_watcher_reports_added_changed_and_removed_articles() {
    use socialscope::watch::{WatchEvent, Watcher};
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical");
    let (tx, rx) = std::sync::mpsc::channel();
    // The folder exists before watching starts: a file written into a folder created a moment
    // earlier may beat the watch the folder gets (the reload still happens, for the folder).
    std::fs::create_dir(root.join("sub")).expect("mkdir");
    let w = Watcher::new(std::slice::from_ref(&root), tx).expect("watching");
    let article = root.join("sub").join("001.md");
    // Waits (generously) for a change that names the article; other messages are skipped.
    let wait_for_article = |what: &str| {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(WatchEvent::Changed(paths)) => {
                    eprintln!("{what}: {paths:?}");
                    assert!(
                        paths.iter().all(|p| !p.to_string_lossy().contains(".swp")),
                        "temp file reported: {paths:?}"
                    );
                    if paths.iter().any(|p| p.ends_with("sub/001.md")) {
                        return;
                    }
                }
                Ok(WatchEvent::Error(e)) => panic!("{what}: watch error {e}"),
                Err(_) => panic!("{what}: no change reported"),
            }
        }
    };
    let settle = || while rx.recv_timeout(Duration::from_millis(800)).is_ok() {};

    std::fs::write(root.join("sub/.001.md.swp"), "x").expect("swap file");
    std::fs::write(&article, "---\ntitle: t\n---\n<p>抖音上线了群聊</p>").expect("add");
    wait_for_article("add");
    settle();
    std::fs::write(&article, "---\ntitle: t\n---\n<p>快手上线了群聊</p>").expect("change");
    wait_for_article("change");
    settle();
    std::fs::remove_file(&article).expect("remove");
    wait_for_article("remove");
    // Dropping the watcher ends its thread, which drops the sender.
    drop(w);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(_) => continue,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!("watch thread still running"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// citations, clipboard, view exports

fn cited_model() -> Model {
    let mut m = hand_model();
    let mut ev = event("douyin", "chat_room", Status::Testing, d(2021, 4), 0);
    ev.sentence = "抖音启动“朋友聊天室”功能内测\u{1b}[31m".into();
    m.add_article(
        article("c", &["另外一个是在4月，抖音启动“朋友聊天室”功能内测。"]),
        vec![ev],
    );
    m
}

#[test]
fn a_citation_names_platform_feature_status_date_quote_and_source() {
    let m = cited_model();
    let e = m.events.len() - 1;
    assert_eq!(
        socialscope::cite::citation(&m, e),
        "抖音 · 聊天室 · testing · 2021-04\n“抖音启动“朋友聊天室”功能内测[31m”\n— 逐梦「社交」，抖、快图什么？, 人人都是产品经理, 2021-07-14"
    );
    // Without a clause the paragraph is quoted; a part of the year is spelled out.
    let first = socialscope::cite::citation(&m, 0);
    assert!(
        first.starts_with("抖音 · 独立App · launched · early 2019\n“早在2019年初"),
        "{first}"
    );
    assert_eq!(socialscope::cite::citation(&m, 10_000), "");
}

/// Standard base64 decoding, written independently of the encoder under test.
fn decode_base64(s: &str) -> Vec<u8> {
    let val = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let mut out = Vec::new();
    for quad in s.as_bytes().chunks(4) {
        let data: Vec<u8> = quad.iter().copied().filter(|&c| c != b'=').collect();
        let mut n = 0u32;
        for (i, &c) in data.iter().enumerate() {
            n |= val(c) << (18 - 6 * i);
        }
        for i in 0..data.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

#[test]
fn osc52_round_trips_the_cleaned_text() {
    use socialscope::cite::osc52;
    let m = cited_model();
    let text = socialscope::cite::citation(&m, m.events.len() - 1);
    let seq = osc52(&format!("{text}\u{7}\u{1b}]0;pwned\u{7}\r\n"));
    let b64 = seq
        .strip_prefix("\u{1b}]52;c;")
        .and_then(|s| s.strip_suffix('\u{7}'))
        .expect("OSC 52 framing");
    let decoded = String::from_utf8(decode_base64(b64)).expect("utf-8");
    assert_eq!(decoded, format!("{text}]0;pwned\n"));
    assert!(decoded.contains('\n') && !decoded.contains('\u{1b}'));
}

#[test]
fn exports_never_clobber_and_never_land_in_a_corpus() {
    use socialscope::cite::{View, export_dir, export_path_at};
    let dir = tempfile::tempdir().expect("temp dir");
    let t = chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
        .and_then(|d| d.and_hms_opt(13, 15, 0))
        .expect("time");
    let p = export_path_at(dir.path(), View::Matrix, t);
    assert_eq!(p, dir.path().join("socialscope-matrix-20261125-131500.md"));
    std::fs::write(&p, "x").expect("write");
    assert_eq!(
        export_path_at(dir.path(), View::Matrix, t),
        dir.path().join("socialscope-matrix-20261125-131500-2.md")
    );
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("sub")).expect("mkdir");
    assert_eq!(
        export_dir(dir.path(), std::slice::from_ref(&corpus)),
        dir.path()
    );
    let chosen = export_dir(&corpus.join("sub"), std::slice::from_ref(&corpus));
    assert!(!chosen.starts_with(&corpus), "{}", chosen.display());

    let m = cited_model();
    let tl = socialscope::cite::timeline_markdown(&m, &m.timeline(None, None));
    assert!(
        tl.starts_with("# socialscope: timeline\n\n- 2018-11 · 快手 · 朋友圈 · launched"),
        "{tl}"
    );
    assert!(!tl.contains('\u{1b}'));
    let c = compare::compare(&m, &[idx(&m, "douyin"), idx(&m, "kuaishou")]);
    assert!(socialscope::cite::comparison_markdown(&m, &c).contains("## Strategy"));
    assert!(socialscope::cite::companies_markdown(&m).contains("| 字节跳动 |"));
}

// ---------------------------------------------------------------------------------------------
// the `compare` command

fn socialscope(args: &[&str]) -> std::process::Output {
    let config = tempfile::tempdir().expect("temp dir");
    std::process::Command::new(env!("CARGO_BIN_EXE_socialscope"))
        .args(args)
        .env("SOCIALSCOPE_CONFIG_DIR", config.path())
        .output()
        .expect("runs")
}

#[test]
fn compare_rejects_an_unknown_platform_with_exit_2() {
    let out = socialscope(&["compare", "抖音", "zzzz-no-such-app"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown platform `"), "{err}");
    assert!(out.stdout.is_empty());
}

// ---------------------------------------------------------------------------------------------
// on the bundled seed articles (real corpus reader, knowledge base and extractor)

fn seeds() -> Model {
    socialscope::loader::load_model(&socialscope::loader::Inputs::default()).expect("bundled data")
}

#[test]
fn on_the_seeds_douyin_went_standalone_first_and_kuaishou_built_in_first() {
    let m = seeds();
    let (dy, ks) = (idx(&m, "douyin"), idx(&m, "kuaishou"));
    let c = compare::compare(&m, &[dy, ks]);
    let (sd, sk) = (&c.strategies[0], &c.strategies[1]);

    // 抖音: 多闪 in 2019, then features inside the app from 2020.
    let dy_apps = sd.standalone.first.expect("抖音 standalone apps dated");
    let dy_built = sd.built_in.first.expect("抖音 built-in features dated");
    assert_eq!(dy_apps.year, 2019);
    assert!(dy_apps < dy_built, "{dy_apps} vs {dy_built}");
    assert_eq!(sd.first_move, Some(Move::Standalone));
    assert_eq!(sd.first_app, Some(idx(&m, "duoshan")));
    // "… (多闪, 2019)" or "(多闪, early 2019)", as precisely as the extractor dates it.
    assert!(
        sd.summary
            .starts_with("first social move was a standalone app (多闪, ")
            && sd
                .summary
                .contains("2019); built-in features followed from 2020"),
        "{}",
        sd.summary
    );

    // 快手: 说说 and 超级话题 in 2018-11, standalone apps (欢脱 …) from the second half of 2019.
    assert_eq!(sk.built_in.first, Date::ym(2018, 11));
    let ks_apps = sk.standalone.first.expect("快手 standalone apps dated");
    assert!(Date::ym(2018, 11).expect("valid") < ks_apps);
    assert_eq!(sk.first_move, Some(Move::BuiltIn));
    assert!(
        sk.summary.starts_with(
            "built features into the main app first (2018-11), standalone apps from 2019"
        ),
        "{}",
        sk.summary
    );

    // 快手 had chat rooms (2019-10) before 抖音 (2020-03).
    let chat = row(&c, &m, "chat_room");
    assert_eq!((chat.first, chat.lead_months), (Some(ks), Some(5)));
    let apps = row(&c, &m, STANDALONE);
    assert_eq!(apps.first, Some(dy));

    // The company roll-up gathers 抖音 and 多闪 under 字节跳动.
    let rows = compare::company_rollup(&m, false);
    let bytedance = rows
        .iter()
        .find(|r| r.company.as_deref() == Some("字节跳动"))
        .expect("字节跳动 row");
    let apps_f = m.knowledge.feature_index(STANDALONE).expect("feature");
    let cell = bytedance.cells[apps_f]
        .as_ref()
        .expect("字节跳动 standalone apps");
    assert!(cell.platforms.contains(&idx(&m, "duoshan")), "{cell:?}");
    assert_eq!(cell.earliest.map(|d| d.year), Some(2019));
}

const STANDALONE: &str = compare::STANDALONE_APP;

#[test]
fn compare_json_from_the_binary_has_the_documented_schema() {
    let out = socialscope(&["compare", "Douyin", "快手", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let top: Vec<&str> = j
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(top, vec!["features", "platforms", "strategy"]);
    assert_eq!(j["platforms"], serde_json::json!(["douyin", "kuaishou"]));
    let features = j["features"].as_array().expect("features");
    assert!(!features.is_empty());
    for f in features {
        let keys: Vec<&str> = f
            .as_object()
            .expect("feature")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            vec!["by_platform", "feature", "first", "lead_months"],
            "{f}"
        );
        assert!(f["first"].is_null() || f["first"] == "douyin" || f["first"] == "kuaishou");
        assert!(f["lead_months"].is_null() || f["lead_months"].as_i64().is_some_and(|n| n >= 0));
        for id in ["douyin", "kuaishou"] {
            let cell = &f["by_platform"][id];
            assert!(
                cell.is_null()
                    || (cell["status"].is_string()
                        && (cell["date"].is_null() || cell["date"].is_string())),
                "{f}"
            );
        }
    }
    let chat = features
        .iter()
        .find(|f| f["feature"] == "chat_room")
        .expect("chat_room");
    assert_eq!(chat["first"], "kuaishou");
    assert_eq!(
        chat["by_platform"]["kuaishou"],
        serde_json::json!({"status": "launched", "date": "2019-10"})
    );
    for id in ["douyin", "kuaishou"] {
        let s = &j["strategy"][id];
        assert!(s["summary"].is_string() && s["events"].is_u64(), "{s}");
        assert!(
            s["relationships"]["acquaintance"]["share"].is_number(),
            "{s}"
        );
    }
    assert_eq!(j["strategy"]["douyin"]["first_move"], "standalone");
    assert_eq!(j["strategy"]["kuaishou"]["first_move"], "built_in");

    let md = socialscope(&["compare", "抖音", "快手"]);
    assert!(md.status.success());
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(
        md.starts_with("# 抖音 vs 快手\n\n| feature | 抖音 | 快手 | first | lead |"),
        "{md}"
    );
    assert!(
        md.contains("**快手**: built features into the main app first (2018-11)"),
        "{md}"
    );
}

#[test]
fn discover_on_a_corpus_whose_knowledge_lacks_huantuo_and_taizan() {
    use socialscope::discover::Suggestion;
    use socialscope::loader::{self, Inputs};
    let dir = tempfile::tempdir().expect("temp dir");
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/articles/002_1930a67924f371a0.txt"
    );
    std::fs::copy(seed, dir.path().join("002.txt")).expect("copy seed");
    let inputs = Inputs {
        corpus: vec![dir.path().to_path_buf()],
        ..Inputs::default()
    };
    let mut k = loader::load_knowledge(&inputs).expect("knowledge");
    k.platforms.retain(|p| p.name != "欢脱" && p.name != "态赞");
    let extractor = socialscope::extract::Extractor::new(&k);
    let mut m = Model::new(k);
    loader::load_articles(&inputs, &extractor, |batch, _, _| {
        for (a, evs) in batch {
            m.add_article(a, evs);
        }
    });
    assert_eq!(m.articles.len(), 1);
    let found = socialscope::discover::discover(&m);
    let names: Vec<&str> = found.iter().map(|c| c.name.as_str()).collect();
    for name in ["欢脱", "态赞"] {
        let c = found
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("{name} in {names:?}"));
        assert!(c.launches() >= 1);
        match &c.suggestion {
            Suggestion::Platform(p) => assert_eq!(p.parent.as_deref(), Some("kuaishou"), "{p:?}"),
            other => panic!("{name}: {other:?}"),
        }
    }
    // Known names (多闪, 一甜面聊, 同城圈子 with 圈子) and slogans are not candidates.
    for known in ["多闪", "一甜面聊", "同城圈子", "好友小视频社交App"] {
        assert!(!names.contains(&known), "{known} in {names:?}");
    }
}

#[test]
fn equally_early_events_show_the_strongest_status() {
    let mut m = hand_model();
    m.add_article(
        article("b", &["x", "y"]),
        vec![
            event("douyin", "circle", Status::Has, d(2021, 7), 0),
            event(
                "douyin",
                "circle",
                Status::Testing,
                Date::ymd(2021, 7, 12),
                1,
            ),
            event("douyin", "circle", Status::Launched, d(2021, 9), 1),
        ],
    );
    let c = compare::compare(&m, &[idx(&m, "douyin"), idx(&m, "kuaishou")]);
    let circle = row(&c, &m, "circle");
    let cell = circle.cells[0].expect("抖音 circles");
    assert_eq!(
        (cell.status, cell.date),
        (Status::Testing, Date::ymd(2021, 7, 12))
    );
    assert_eq!(compare::cell_text(Some(&cell)), "testing 2021-07-12");
    assert_eq!(
        (circle.first, circle.lead_months),
        (Some(idx(&m, "kuaishou")), Some(32))
    );
}
