//! Extraction rules, one case each, through the public API with the bundled knowledge base:
//! time expressions, attribution to the clause's subject, status words, and what is no event.
//! Sentences are adapted from the seed articles and the kind of news text the tool reads.

use socialscope::corpus::{Article, BlockKind};
use socialscope::extract::{Extractor, SpanKind, Status};
use socialscope::loader::{Inputs, load_knowledge};

fn article(published: &str, blocks: &[&str]) -> Article {
    let mut a = Article::with_blocks(
        "t",
        blocks.iter().map(|t| match t.strip_prefix("# ") {
            Some(h) => (BlockKind::Heading(2), h),
            None => (BlockKind::Paragraph, *t),
        }),
    );
    a.published = chrono::NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
    a
}

/// Events as `platform feature status date` (date with `/part` when it has one, `-` when none).
fn facts(published: &str, blocks: &[&str]) -> Vec<String> {
    let k = load_knowledge(&Inputs::default()).expect("bundled knowledge");
    Extractor::new(&k)
        .extract(&article(published, blocks))
        .iter()
        .map(|e| {
            let date = e.date.map_or("-".to_string(), |d| match d.part {
                Some(p) => format!("{d}/{}", p.as_str()),
                None => d.to_string(),
            });
            format!("{} {} {} {date}", e.platform, e.feature, e.status.as_str())
        })
        .collect()
}

fn one(published: &str, blocks: &[&str]) -> String {
    let f = facts(published, blocks);
    assert_eq!(f.len(), 1, "{blocks:?} gave {f:?}");
    f.into_iter().next().unwrap_or_default()
}

// ---- dates: one rule each ----

#[test]
fn date_year_and_month() {
    assert_eq!(
        one("2022-01-18", &["2021年8月，网易云音乐新增了群聊功能。"]),
        "netease_music group_chat launched 2021-08"
    );
}

#[test]
fn date_early_and_late_parts_of_a_year() {
    assert_eq!(
        one("2022-01-18", &["拼多多在2020年初上线了“拼小圈”。"]),
        "pinduoduo feed launched 2020/early"
    );
    assert_eq!(
        one("2022-01-18", &["小红书于2021年底上线了“群聊”功能。"]),
        "xiaohongshu group_chat launched 2021/late"
    );
    assert_eq!(
        one("2022-01-18", &["就在2021年末，淘宝上线了语音聊天功能。"]),
        "taobao call launched 2021/late"
    );
}

#[test]
fn date_halves_of_a_year() {
    assert_eq!(
        one(
            "2021-07-14",
            &["从2019年下半年起，快手推出了独立社交APP“欢脱”。"]
        ),
        "huantuo standalone_app launched 2019/H2"
    );
    assert_eq!(
        one("2021-07-14", &["2020年上半年，抖音上线了“视频通话”功能。"]),
        "douyin call launched 2020/H1"
    );
}

#[test]
fn date_this_year_is_the_publication_year() {
    assert_eq!(
        one(
            "2021-07-14",
            &["一是今年3月，抖音将粉丝群聊功能调整到了账号主页。"]
        ),
        "douyin group_chat adjusted 2021-03"
    );
}

#[test]
fn date_last_year_and_the_year_before() {
    assert_eq!(
        one("2022-02-25", &["百度于去年11月上线了“希壤”。"]),
        "xirang standalone_app launched 2021-11"
    );
    assert_eq!(
        one("2022-02-25", &["前年，抖音上线了群聊功能。"]),
        "douyin group_chat launched 2020"
    );
}

#[test]
fn date_same_year_counts_from_the_last_year_named() {
    let f = facts(
        "2021-07-14",
        &["2019年1月，快手表示要做社区。而在同年10月，快手上线了“直播聊天室”。"],
    );
    assert_eq!(f, vec!["kuaishou chat_room launched 2019-10"]);
}

#[test]
fn date_this_year_phrase_carries_to_a_continuing_paragraph() {
    let f = facts(
        "2021-07-14",
        &[
            "2019年1月，快手联合创始人程一笑表示要做社区。也就是这一年，快手几乎上线了所有社交功能。",
            "首先，推出了入口显眼、功能完善的“群聊”功能。",
        ],
    );
    assert_eq!(f, vec!["kuaishou group_chat launched 2019"]);
}

#[test]
fn date_bare_month_takes_the_last_year_named() {
    let f = facts(
        "2021-07-14",
        &[
            "2020年3月，抖音上线了“语音直播交友”板块。",
            "紧接着4月，抖音内测了“连线”。",
            "4月23日，抖音上线了“视频通话”功能。",
        ],
    );
    assert_eq!(
        f,
        vec![
            "douyin chat_room launched 2020-03",
            "douyin stranger testing 2020-04",
            "douyin call launched 2020-04-23"
        ]
    );
}

#[test]
fn date_days_before_publication() {
    assert_eq!(
        one(
            "2021-07-14",
            &["据Tech星球前日报道，抖音正在测试一个名为“同城圈子”的社交功能。"]
        ),
        "douyin circle testing 2021-07-12"
    );
    assert_eq!(
        one("2021-07-14", &["昨日，抖音上线了“视频通话”功能。"]),
        "douyin call launched 2021-07-13"
    );
    assert_eq!(
        one("2021-07-14", &["今日，抖音上线了“视频通话”功能。"]),
        "douyin call launched 2021-07-14"
    );
}

#[test]
fn date_recently_is_the_publication_month() {
    assert_eq!(
        one("2021-07-05", &["腾讯于近日推出了一款名为Q次元的App。"]),
        "qciyuan standalone_app launched 2021-07"
    );
    assert_eq!(
        one("2021-07-05", &["日前，美团开始内测“饭小圈”。"]),
        "meituan feed testing 2021-07"
    );
}

#[test]
fn date_last_month() {
    assert_eq!(
        one("2022-01-18", &["上个月，小红书上线了群聊功能。"]),
        "xiaohongshu group_chat launched 2021-12"
    );
}

#[test]
fn date_a_year_alone() {
    assert_eq!(
        one("2022-01-18", &["淘宝在2016年上线“群聊”功能。"]),
        "taobao group_chat launched 2016"
    );
}

#[test]
fn date_singles_day() {
    assert_eq!(
        one(
            "2022-01-18",
            &["在2021年双11期间，淘宝还上线了“一键分享购物车”功能。"]
        ),
        "taobao share launched 2021-11"
    );
}

#[test]
fn date_impossible_is_no_date() {
    assert_eq!(
        one("2022-01-18", &["2099年13月，抖音上线了群聊功能。"]),
        "douyin group_chat launched -"
    );
}

#[test]
fn date_unknown_past_is_no_date() {
    assert_eq!(
        one("2021-07-14", &["抖音早期推出“多闪”时很有个性。"]),
        "duoshan standalone_app launched -"
    );
}

#[test]
fn date_recent_years_give_no_date() {
    assert_eq!(
        facts(
            "2021-03-21",
            &[
                "根据陌陌2019年财报，直播收入继续增长。",
                "此外，近年来Soul也察觉到变化。举个例子，Soul增添了语音匹配功能。"
            ]
        ),
        vec!["soul stranger launched -"]
    );
}

#[test]
fn date_of_an_earlier_clause_applies_to_its_sentence() {
    assert_eq!(
        one(
            "2021-07-14",
            &["另外一个是在4月，抖音启动“朋友聊天室”功能内测，互关好友可一起参与聊天。"]
        ),
        "douyin chat_room testing 2021-04"
    );
}

#[test]
fn date_not_carried_into_an_unrelated_paragraph() {
    let f = facts(
        "2021-03-25",
        &["淘宝在2016年上线“群聊”功能。", "快手也上线了“群聊”。"],
    );
    assert_eq!(
        f,
        vec![
            "taobao group_chat launched 2016",
            "kuaishou group_chat launched -"
        ]
    );
}

// ---- attribution ----

#[test]
fn longest_name_wins() {
    assert_eq!(
        facts(
            "2022-01-18",
            &["如抖音极速版，虽然没有正常版本的红包功能。"]
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        one("2022-01-18", &["抖音极速版上线了红包功能。"]),
        "douyin_lite red_packet launched -"
    );
}

#[test]
fn comparison_frame_names_no_subject() {
    assert_eq!(
        one(
            "2022-01-18",
            &["而抖音则在2021年初，上线了一个与淘宝“一起逛淘宝”类似的“一起看视频”功能。"]
        ),
        "douyin co_watch launched 2021/early"
    );
    assert_eq!(
        one(
            "2021-07-14",
            &["4月，抖音推出了“抖一抖”功能，与微信的“摇一摇”相似。"]
        ),
        "douyin stranger launched 2021-04"
    );
}

#[test]
fn forward_comparison_frame() {
    assert_eq!(
        facts("2021-07-14", &["快手上线的功能类似微信的“朋友圈”。"]),
        Vec::<String>::new()
    );
}

#[test]
fn subject_after_the_feature_in_a_relative_clause() {
    assert_eq!(
        one(
            "2022-01-18",
            &["2021年底才上线“一起逛”功能的淘宝，后来很少提起。"]
        ),
        "taobao co_watch launched 2021/late"
    );
}

#[test]
fn subject_carried_by_an_anaphor() {
    let f = facts(
        "2022-01-18",
        &[
            "2021年7月，美团开始内测“饭小圈”。",
            "根据美团介绍，用户开通该功能后，订单会分享至“饭小圈”。",
        ],
    );
    assert_eq!(
        f,
        vec!["meituan feed testing 2021-07", "meituan feed has 2021"]
    );
}

#[test]
fn subject_carried_into_a_continuing_paragraph_but_not_over_a_heading() {
    let f = facts(
        "2021-07-14",
        &["快手动作频频。", "首先，推出了“群聊”功能。"],
    );
    assert_eq!(f, vec!["kuaishou group_chat launched 2021"]);
    let f = facts(
        "2021-07-14",
        &["快手动作频频。", "# 二、小标题", "首先，推出了“群聊”功能。"],
    );
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn coordinated_subjects_each_get_the_event() {
    let f = facts(
        "2022-05-05",
        &["2021年以来，抖音、快手纷纷推出粉丝群功能。"],
    );
    assert_eq!(
        f,
        vec![
            "douyin group_chat launched 2021",
            "kuaishou group_chat launched 2021"
        ]
    );
}

#[test]
fn a_preposition_object_is_not_the_subject() {
    let f = facts(
        "2021-07-14",
        &["而后，抖音重启了多闪，可以同抖音进行跨端视频通话。"],
    );
    assert!(f.contains(&"duoshan call has 2021".to_string()), "{f:?}");
    assert!(!f.iter().any(|e| e.starts_with("douyin call")), "{f:?}");
}

#[test]
fn a_source_is_not_the_subject() {
    assert_eq!(
        one("2021-07-14", &["据微博消息，抖音正在测试“同城圈子”。"]),
        "douyin circle testing -"
    );
}

#[test]
fn company_with_one_app_named_gives_the_app() {
    assert_eq!(
        one("2022-02-18", &["今年1月份，字节跳动推出“派对岛”App。"]),
        "paiduidao standalone_app launched 2022-01"
    );
}

#[test]
fn company_with_several_platforms_is_ambiguous() {
    assert!(facts("2022-02-18", &["腾讯上线了群聊功能。"]).is_empty());
}

#[test]
fn standalone_app_of_a_parent() {
    assert_eq!(
        one(
            "2021-07-14",
            &["早在2019年初，抖音就在发布了独立视频社交APP——多闪。"]
        ),
        "duoshan standalone_app launched 2019/early"
    );
}

#[test]
fn a_foreign_app_launching_a_feature_is_no_app_launch() {
    let f = facts("2022-01-20", &["Instagram最近上线的地图搜索功能很受欢迎。"]);
    assert!(!f.iter().any(|e| e.contains("standalone_app")), "{f:?}");
}

#[test]
fn an_app_as_topic_takes_the_verb_ending_its_clause() {
    assert_eq!(
        one(
            "2022-05-09",
            &["可惜的是，多闪目前已经下架，但行业却没有因此停歇。"]
        ),
        "duoshan standalone_app closed 2022-05"
    );
    assert_eq!(
        one("2022-05-09", &["多闪仍处于内测阶段。"]),
        "duoshan standalone_app testing -"
    );
    // A verb inside a relative clause still describes something else.
    let f = facts("2022-05-09", &["多闪最近上线的群聊功能很受欢迎。"]);
    assert!(!f.iter().any(|e| e.contains("standalone_app")), "{f:?}");
}

#[test]
fn an_app_with_its_company_glued_before_it() {
    assert_eq!(
        one(
            "2022-02-18",
            &["比如，去年11月份上线的社交产品百度“希壤”曾红极一时。"]
        ),
        "xirang standalone_app launched 2021-11"
    );
}

#[test]
fn apps_listed_together_share_the_verb() {
    assert_eq!(
        facts(
            "2022-02-25",
            &["百度的“希壤”和天下秀的“虹宇宙”几乎同时上线于去年11月。"]
        ),
        vec![
            "xirang standalone_app launched 2021-11",
            "hongyuzhou standalone_app launched 2021-11"
        ]
    );
}

#[test]
fn a_verb_of_having_in_a_relative_clause_is_not_the_verb() {
    assert_eq!(
        one(
            "2022-05-09",
            &["今年，百度又推出了一个主打语音社交的嗨圈圈。"]
        ),
        "haiquanquan standalone_app launched 2022"
    );
}

#[test]
fn a_product_referred_back_to_is_the_last_app_named() {
    assert_eq!(
        facts(
            "2022-05-09",
            &["今年，百度又推出了一个主打语音社交的嗨圈圈，但这款产品仅仅上线两个月就匆忙下线。"]
        ),
        vec![
            "haiquanquan standalone_app launched 2022",
            "haiquanquan standalone_app closed 2022"
        ]
    );
    let f = facts("2022-05-09", &["抖音推出了多闪。该产品没有下线。"]);
    assert!(!f.iter().any(|e| e.contains("closed")), "{f:?}");
}

#[test]
fn an_app_labelling_its_sentence_takes_the_sentences_verb() {
    assert_eq!(
        one(
            "2022-02-25",
            &["派对岛：字节跳动旗下，处于内测阶段，也具备虚拟形象和线上空间的热点。"]
        ),
        "paiduidao standalone_app testing -"
    );
    let f = facts("2022-02-25", &["多闪：至今没有下线。"]);
    assert!(!f.iter().any(|e| e.contains("closed")), "{f:?}");
}

#[test]
fn a_clause_gathering_a_list_gives_its_verb_and_date() {
    assert_eq!(
        facts(
            "2022-02-15",
            &[
                "包括QQ兴趣部落等兴趣社交以及主打半熟人社交的腾讯朋友APP等产品，都已在去年相继关停。"
            ]
        ),
        vec![
            "qq circle closed 2021",
            "pengyou standalone_app closed 2021"
        ]
    );
    for text in [
        "包括QQ兴趣部落以及腾讯朋友APP等产品，都没有关停。",
        "抖音上线了新版本。用户的朋友圈，都已关闭了评论。",
    ] {
        let f = facts("2022-02-15", &[text]);
        assert!(!f.iter().any(|e| e.contains("closed")), "{f:?}");
    }
}

#[test]
fn a_time_clause_before_the_sentence_takes_no_date_from_it() {
    assert_eq!(
        facts(
            "2022-03-01",
            &["日前有消息显示，在推出“超级QQ秀”后，手机QQ动态页还启动了“结伴”功能测试。"]
        ),
        vec!["qq avatar launched -", "qq stranger testing 2022-03"]
    );
}

#[test]
fn a_feature_word_naming_part_of_another_feature_is_no_launch_of_it() {
    for text in [
        "新版微信还新增了朋友圈转发的功能。",
        "微信推出了群聊机器人功能。",
    ] {
        let f = facts("2022-05-13", &[text]);
        assert!(!f.iter().any(|e| e.contains("launched")), "{f:?}");
    }
    assert_eq!(
        one("2022-05-13", &["新版微信还新增了朋友圈功能。"]),
        "weixin feed launched -"
    );
}

#[test]
fn a_group_named_after_its_platform_is_that_platforms_group_chat() {
    assert_eq!(
        one(
            "2021-03-25",
            &["无论是5000好友还是500人微信群，都是私域流量的落地。"]
        ),
        "weixin group_chat has -"
    );
    // A feature listed right after it belongs to the same platform, not to the subject.
    assert_eq!(
        facts(
            "2022-05-05",
            &["同时视频号也更利于在微信群和朋友圈进行转发传播。"]
        ),
        vec!["weixin group_chat has -", "weixin feed has -"]
    );
    // `微信群聊` is the platform's group chat too, not 微信群 and a stray 聊.
    assert_eq!(
        facts("2022-05-05", &["微信群聊跟朋友圈更新是常规玩法。"]),
        vec!["weixin group_chat has -", "weixin feed has -"]
    );
}

#[test]
fn acting_on_a_feature_that_names_its_platform_is_no_event_of_the_platform() {
    assert_eq!(
        one(
            "2022-06-20",
            &["2016年，上班族下班之后直接把微信群调整成免打扰。"]
        ),
        "weixin group_chat has 2016"
    );
}

#[test]
fn a_company_app_whose_company_is_named_after_it() {
    assert_eq!(
        one(
            "2022-02-25",
            &["今年1月底上线的“派对岛”是字节跳动旗下子公司开发的社交App。"]
        ),
        "paiduidao standalone_app launched 2022-01"
    );
}

#[test]
fn a_name_in_square_brackets_is_set_off_like_a_quoted_one() {
    assert_eq!(
        one(
            "2021-05-18",
            &["抖音近期新增的【朋友】功能，增强了抖音的社交属性。"]
        ),
        "douyin feed launched 2021-05"
    );
}

// ---- status ----

#[test]
fn status_words() {
    for (text, status) in [
        ("抖音上线了群聊功能。", "launched"),
        ("抖音正在灰度测试群聊功能。", "testing"),
        ("抖音重启了多闪。", "relaunched"),
        ("抖音将粉丝群聊功能调整到了账号主页。", "adjusted"),
        ("支付宝最后折戟于“圈子”。", "closed"),
        ("微信停运了微信圈子。", "closed"),
        ("高德地图支持创建群组。", "has"),
    ] {
        let f = facts("2021-07-14", &[text]);
        assert_eq!(f.len(), 1, "{text}: {f:?}");
        assert!(f[0].contains(&format!(" {status} ")), "{text}: {f:?}");
    }
}

#[test]
fn verb_right_after_the_feature() {
    assert_eq!(
        one("2021-07-14", &["抖音启动“朋友聊天室”功能内测。"]),
        "douyin chat_room testing -"
    );
}

#[test]
fn a_verb_with_its_own_object_is_not_the_features() {
    let f = facts(
        "2022-01-18",
        &["网易云音乐在2021年8月，在“云圈”新增了群聊功能。"],
    );
    assert_eq!(
        f,
        vec![
            "netease_music circle has 2021-08",
            "netease_music group_chat launched 2021-08"
        ]
    );
}

#[test]
fn users_acting_or_a_modal_is_not_a_launch() {
    assert_eq!(
        one("2022-01-18", &["在拼多多，我后来将拼小圈功能关闭了。"]),
        "pinduoduo feed has -"
    );
    assert_eq!(
        one("2022-01-09", &["微信还能关闭朋友圈。"]),
        "weixin feed has -"
    );
}

#[test]
fn parenthetical_verbs_do_not_count() {
    let f = facts(
        "2021-07-14",
        &["4月，抖音内测了“熟人（后调整为“朋友”）两项新功能。"],
    );
    assert_eq!(f, vec!["douyin feed testing 2021-04"]);
}

// ---- no event ----

#[test]
fn a_general_remark_is_no_event() {
    assert!(
        facts(
            "2022-01-18",
            &["群聊、语音聊天、红包等社交应用必备的功能开始出现在各大应用中。"]
        )
        .is_empty()
    );
}

#[test]
fn negation_is_no_event() {
    assert!(facts("2022-01-18", &["抖音并未上线群聊功能。"]).is_empty());
    assert!(facts("2022-01-18", &["“饭小圈”仍未全区域开放，美团表示。"]).is_empty());
}

#[test]
fn questions_and_hypotheticals_are_no_events() {
    assert!(facts("2022-01-18", &["如果抖音上线群聊功能，会怎样？"]).is_empty());
    assert!(facts("2022-01-18", &["抖音会不会上线群聊功能"]).is_empty());
    assert!(facts("2022-01-18", &["抖音是否会推出群聊功能还不得而知。"]).is_empty());
}

#[test]
fn a_category_is_no_feature() {
    assert!(facts("2021-09-17", &["陌陌推出了一款陌生人社交产品。"]).is_empty());
}

#[test]
fn boilerplate_is_no_event() {
    assert!(
        facts(
            "2021-05-14",
            &["本文由 @罗超频道 原创发布于人人都是产品经理。"]
        )
        .is_empty()
    );
}

// ---- event fields ----

#[test]
fn spans_point_at_the_words_in_characters() {
    let k = load_knowledge(&Inputs::default()).expect("bundled knowledge");
    let text = "4月23日，抖音上线了“视频通话”功能。";
    let evs = Extractor::new(&k).extract(&article("2021-07-14", &[text]));
    assert_eq!(evs.len(), 1);
    let e = &evs[0];
    assert_eq!(e.status, Status::Launched);
    assert_eq!((e.article.as_str(), e.paragraph), ("t", 0));
    assert_eq!(e.sentence, text);
    let chars: Vec<char> = text.chars().collect();
    let word = |k: SpanKind| -> String {
        let s = e.spans.iter().find(|s| s.kind == k).expect("span");
        chars[s.start..s.end].iter().collect()
    };
    assert_eq!(word(SpanKind::Date), "4月23日");
    assert_eq!(word(SpanKind::Platform), "抖音");
    assert_eq!(word(SpanKind::Status), "上线");
    assert_eq!(word(SpanKind::Feature), "视频通话");
}

#[test]
fn identical_facts_are_reported_once() {
    let f = facts("2021-07-14", &["抖音上线了群聊功能，抖音上线了群聊。"]);
    assert_eq!(f, vec!["douyin group_chat launched -"]);
}

#[test]
fn hostile_text_does_not_panic() {
    let k = load_knowledge(&Inputs::default()).expect("bundled knowledge");
    let x = Extractor::new(&k);
    for t in [
        "",
        "（",
        "“”“",
        "2021年",
        "年底",
        "9999999999年99月",
        "抖音。。。？？",
        "QQ\u{0}微信",
        "月月月年年年",
    ] {
        let _ = x.extract(&article("2021-07-14", &[t]));
        let _ = x.extract(&article("bad date", &[t]));
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// Any mix of names, cue words, digits and punctuation extracts without panicking, and every
    /// span lies inside its block.
    #[test]
    fn arbitrary_text_never_panics(parts in proptest::collection::vec(
        proptest::sample::select(vec![
            "抖音", "多闪", "字节跳动", "群聊", "“", "”", "（", "）", "，", "。", "？", "与", "类似",
            "上线", "内测", "没有", "如果", "2021年", "13月", "4月23日", "今年", "前日", "年底",
            "该功能", "首先", "用户", "QQ", "qq", "Soul", "的", "a", "1", "９", "\u{0}", "、",
        ]),
        0..40,
    )) {
        let text: String = parts.concat();
        let k = load_knowledge(&Inputs::default()).expect("bundled knowledge");
        let x = Extractor::new(&k);
        let n = text.chars().count();
        for e in x.extract(&article("2021-07-14", &[&text, &text])) {
            for s in &e.spans {
                proptest::prop_assert!(s.start <= s.end && s.end <= n);
            }
        }
    }
}

// ---- precision rules on real articles: one case each (adapted sentences) ----

#[test]
fn a_content_channel_is_no_circle() {
    // 频道 in its everyday sense: a section of content.
    assert!(facts("2022-01-10", &["这是支付宝生活频道的灰度测试。"]).is_empty());
    assert!(
        facts(
            "2022-01-10",
            &["淘宝上的好房好家频道就涵盖了家具、装修等商品。"]
        )
        .is_empty()
    );
    // A channel of a group community is the feature, under its own names.
    let f = facts(
        "2021-07-20",
        &["Q次元拥有不同的群组，用户可以搭建自己的频道，频道可选择文字频道和语音频道。"],
    );
    assert!(f.contains(&"qciyuan circle has -".to_string()), "{f:?}");
}

#[test]
fn a_circle_of_people_is_no_feature() {
    assert!(
        facts(
            "2022-01-10",
            &["Instagram逐渐蜕变成一个社交与兴趣圈子的“混合体”。"]
        )
        .is_empty()
    );
    assert!(facts("2022-01-10", &["而TikTok还能将不同圈子区隔。"]).is_empty());
    // Set off as a name, it is the feature.
    assert_eq!(
        one("2022-01-18", &["支付宝就曾折戟于“圈子”事件。"]),
        "alipay circle closed -"
    );
}

#[test]
fn a_brand_acting_on_a_platform_feature_is_no_launch_by_the_platform() {
    assert_eq!(
        one(
            "2022-01-10",
            &["去年春节，快消品、明星、国际奢侈品牌等都推出了各自的微信红包封面。"]
        ),
        "weixin red_packet has 2021"
    );
    // The platform named before the verb is still the actor.
    assert_eq!(
        one("2022-01-10", &["去年春节，微信推出了微信红包封面。"]),
        "weixin red_packet launched 2021"
    );
    // A relative clause says what happened to the feature, whoever did it.
    assert_eq!(
        one(
            "2022-01-10",
            &["例如2009年被关闭的QQ聊天室就是当时最火的交友场所。"]
        ),
        "qq chat_room closed 2009"
    );
}

#[test]
fn a_feature_content_is_shared_to_belongs_to_no_subject() {
    assert!(
        facts(
            "2022-01-10",
            &["00后们正在将带“鲱鱼罐头”水印的内容分享到朋友圈、微博等平台。"]
        )
        .is_empty()
    );
    // Named with its platform, the destination is that platform's feature.
    assert_eq!(
        one("2022-01-10", &["用户可以将视频分享到微信朋友圈。"]),
        "weixin feed has -"
    );
}

#[test]
fn an_acquisition_is_no_feature_event() {
    assert!(
        facts(
            "2021-09-10",
            &["前不久Match Group刚刚以17.3亿美金收购了1V1视频交友Azar的母公司。"]
        )
        .is_empty()
    );
}

#[test]
fn a_list_of_reasons_takes_no_year_but_a_list_of_steps_does() {
    // `其次` opens a remark about what QQ has: no date from the story.
    let f = facts(
        "2021-07-20",
        &[
            "2019年，QQ发布了新版本。",
            "其次，QQ的对手顶多是主打陌生人聊天的聊天室。",
        ],
    );
    assert!(f.contains(&"qq chat_room has -".to_string()), "{f:?}");
    // `首先` opening a launch is the next step of the story: it is in the year the story is at.
    let f = facts(
        "2021-07-14",
        &[
            "2019年1月，快手表示将打造社区。也就是这一年，快手上线了很多社交功能。",
            "首先，推出了入口显眼的“群聊”功能。",
        ],
    );
    assert!(
        f.contains(&"kuaishou group_chat launched 2019".to_string()),
        "{f:?}"
    );
}

#[test]
fn an_aside_glossing_an_unknown_product_is_not_the_subjects() {
    assert!(
        facts(
            "2022-02-10",
            &["“啫喱”被称为海外社交产品“Zenly（基于LBS的挚友社交）+ZEPOTO（捏脸社交软件）”的结合体。"]
        )
        .is_empty()
    );
    // An aside after the platform itself still describes it.
    assert_eq!(
        one("2022-02-10", &["Soul（主打灵魂匹配）在年轻人中很受欢迎。"]),
        "soul stranger has -"
    );
}

#[test]
fn cash_back_is_no_red_packet() {
    assert!(
        facts(
            "2022-02-10",
            &["商家通过扫码返红包的方式引导用户添加企业微信。"]
        )
        .is_empty()
    );
}

#[test]
fn a_feature_named_with_its_platform_is_that_platforms() {
    // 超级QQ秀 is QQ's, whichever app the sentence was about.
    let f = facts(
        "2022-02-20",
        &["Sweech在年轻人中很受欢迎。近日上线的“超级QQ秀”也被网友视为一个重量级选手。"],
    );
    assert!(
        f.contains(&"qq avatar launched 2022-02".to_string()),
        "{f:?}"
    );
    assert!(!f.iter().any(|e| e.starts_with("sweech avatar")), "{f:?}");
}

#[test]
fn qq_stranger_features_by_their_product_names() {
    let f = facts(
        "2022-03-01",
        &[
            "日前有消息显示，手机QQ动态页启动了一项名为“结伴”的功能测试。QQ自2019年上线“扩列”功能后，又一次尝试切入陌生人社交领域。",
        ],
    );
    assert!(
        f.contains(&"qq stranger testing 2022-03".to_string()),
        "{f:?}"
    );
    assert!(
        f.contains(&"qq stranger launched 2019".to_string()),
        "{f:?}"
    );
}

#[test]
fn an_app_something_is_turned_into_is_launched() {
    assert_eq!(
        one(
            "2021-03-25",
            &["从抖音来看，直接将私信功能升级为多闪，这是一款主打小视频社交的软件。"]
        ),
        "duoshan standalone_app launched -"
    );
}

#[test]
fn an_app_with_its_verb_after_it_is_read_safely() {
    // The verb follows the app: no upgrade reading, and no slicing backwards.
    let f = facts("2021-03-25", &["抖音的“多闪”在2019年升级为新版本。"]);
    assert!(f.iter().all(|e| !e.contains("launched")), "{f:?}");
}

#[test]
fn a_list_that_gives_reasons_takes_no_year() {
    let f = facts(
        "2021-07-07",
        &[
            "2019年，QQ的月活为6.06亿。",
            "首先，QQ之所以能够一直保持活力，是因为QQ在不断自我更新。QQ接连推出“兴趣部落”等新功能。",
        ],
    );
    assert!(f.contains(&"qq circle launched -".to_string()), "{f:?}");
}

/// A hostile paragraph (megabytes of sentences) is read in windows of whole sentences: the work
/// stays linear, every sentence is still read, and spans still point into the whole block.
#[test]
fn a_huge_paragraph_is_read_in_windows_with_spans_into_the_whole_block() {
    let filler = "这是一段没有任何平台名称的普通文字，用来把段落撑得很长。".repeat(2_000);
    let text = format!("{filler}2021年3月，快手上线了“直播聊天室”。{filler}");
    let k = load_knowledge(&Inputs::default()).expect("bundled knowledge");
    let events = Extractor::new(&k).extract(&article("2021-07-14", &[&text]));
    assert_eq!(events.len(), 1, "{events:?}");
    let ev = &events[0];
    assert_eq!(
        (ev.platform.as_str(), ev.feature.as_str(), ev.status),
        ("kuaishou", "chat_room", Status::Launched)
    );
    assert_eq!(ev.date.map(|d| d.to_string()).as_deref(), Some("2021-03"));
    let chars: Vec<char> = text.chars().collect();
    let platform = ev
        .spans
        .iter()
        .find(|s| s.kind == SpanKind::Platform)
        .expect("platform span");
    let word: String = chars[platform.start..platform.end].iter().collect();
    assert_eq!(word, "快手");
}

/// The app rules above, on other apps, owners and verbs than the sentences that prompted them:
/// they read the sentence's shape, not its words.
#[test]
fn app_rules_hold_for_other_apps_and_owners() {
    let standalone = |published: &str, block: &str| -> Vec<String> {
        let f = facts(published, &[block]);
        f.into_iter()
            .filter(|e| e.contains("standalone_app"))
            .collect()
    };
    // The app is the topic of the clause whose verb ends it.
    assert_eq!(
        standalone(
            "2022-05-09",
            "遗憾的是，飞聊目前已经停止运营，但字节并未放弃社交。"
        ),
        vec!["feiliao standalone_app closed 2022-05"]
    );
    // Its owner glued before it, here a platform.
    assert_eq!(
        standalone(
            "2022-05-09",
            "去年8月上线的社交产品快手“一甜面聊”反响平平。"
        ),
        vec!["yitian standalone_app launched 2021-08"]
    );
    // Listed apps share the verb, each after its owner, a company or a platform.
    assert_eq!(
        standalone(
            "2022-05-09",
            "字节的“飞聊”和快手的“欢脱”几乎同时上线于2019年初。"
        ),
        vec![
            "feiliao standalone_app launched 2019/early",
            "huantuo standalone_app launched 2019/early"
        ]
    );
    // A verb of having in a relative clause is not the verb.
    assert_eq!(
        standalone(
            "2022-05-09",
            "去年，快手又推出了一个主打视频交友的一甜面聊。"
        ),
        vec!["yitian standalone_app launched 2021"]
    );
    // `这款应用` refers back to the last app named.
    assert_eq!(
        standalone(
            "2022-05-09",
            "2020年，百度推出了有噗，但这款应用不到一年就下线了。"
        ),
        vec![
            "youpu standalone_app launched 2020",
            "youpu standalone_app closed 2020"
        ]
    );
    // A label naming its owner platform (`快手旗下`) takes the sentence's verb.
    assert_eq!(
        standalone("2022-05-09", "欢脱：快手旗下，处于内测阶段，主打兴趣社交。"),
        vec!["huantuo standalone_app testing -"]
    );
    // A reference back in any letter case.
    assert_eq!(
        standalone(
            "2022-05-09",
            "2020年，百度推出了有噗，但该app不到一年就下线了。"
        ),
        vec![
            "youpu standalone_app launched 2020",
            "youpu standalone_app closed 2020"
        ]
    );
    // A platform that is no owner (no 旗下) still stops the label from taking the verb.
    assert_eq!(
        standalone("2022-05-09", "欢脱：快手的对手抖音近日上线了新功能。"),
        Vec::<String>::new()
    );
}

#[test]
fn a_new_feature_of_a_feature_is_no_launch_of_it() {
    let f = facts(
        "2022-05-09",
        &["今年3月，微信群聊上线了新功能，可以@所有人。"],
    );
    assert!(f.iter().all(|e| !e.contains("launched")), "{f:?}");
    assert!(
        f.iter().any(|e| e.starts_with("weixin group_chat has")),
        "{f:?}"
    );
}
