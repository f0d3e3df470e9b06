//! The knowledge loader: the bundled data loads, and every validation rule refuses bad data with an
//! error naming the file, the line and the entry.

#![allow(clippy::unwrap_used)] // Tests unwrap: a panic is the failure report.

use socialscope::knowledge::{Knowledge, KnowledgeError, YamlSource};
use std::path::Path;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/knowledge");
/// The bundled knowledge base, as the binary embeds it.
fn bundled() -> Result<Knowledge, KnowledgeError> {
    socialscope::embedded::knowledge()
}

#[test]
fn the_bundled_knowledge_base_loads() {
    let k = bundled().unwrap_or_else(|e| panic!("{e}"));
    assert!(k.platforms.len() >= 100, "{}", k.platforms.len());
    assert!(k.companies.len() >= 20);
    assert!(!k.features.is_empty());
}

const COMPANIES: &str = "companies:
  - id: bytedance
    name: 字节跳动
    aliases: [字节, ByteDance]
  - id: meituan
    name: 美团
";

const FEATURES: &str = "features:
  - id: group_chat
    name: 群聊
    aliases: [粉丝群, 群组]
";

/// Loads platform text with the small company and feature lists above.
fn load_platforms(platforms: &str) -> Result<Knowledge, KnowledgeError> {
    load(platforms, COMPANIES, FEATURES)
}

fn load(platforms: &str, companies: &str, features: &str) -> Result<Knowledge, KnowledgeError> {
    Knowledge::from_sources(
        YamlSource {
            name: "platforms.yaml",
            text: platforms,
        },
        YamlSource {
            name: "companies.yaml",
            text: companies,
        },
        YamlSource {
            name: "features.yaml",
            text: features,
        },
    )
}

/// The error's text, failing the test when the data was accepted.
fn refused(r: Result<Knowledge, KnowledgeError>) -> String {
    match r {
        Ok(k) => panic!("accepted: {k:?}"),
        Err(e) => e.to_string(),
    }
}

const DOUYIN: &str = "platforms:
  - id: douyin
    name: 抖音
    aliases: [Douyin]
    company: 字节跳动
";

#[test]
fn a_minimal_knowledge_base_loads() {
    let k = load_platforms(DOUYIN).unwrap();
    assert_eq!(k.platforms[0].name, "抖音");
    assert_eq!(k.companies.len(), 2);
    assert_eq!(k.features[0].aliases, ["粉丝群", "群组"]);
}

/// Each bad platforms file and the exact message it gets.
#[test]
fn bad_platforms_are_refused_with_file_line_and_entry() {
    let cases: &[(&str, &str)] = &[
        // unknown_key
        (
            "platforms:\n  - id: douyin\n    name: 抖音\n    alias: [Douyin]\n",
            "platforms.yaml:4: entry `douyin`: platforms[0]: unknown field `alias`, expected one of `id`, `name`, `aliases`, `company`, `parent`, `kind`",
        ),
        // dup_id
        (
            "platforms:\n  - id: douyin\n    name: 抖音\n  - id: douyin\n    name: 抖音二\n",
            "platforms.yaml:4: entry `douyin`: duplicate platform id `douyin` (first at line 2)",
        ),
        // dup_alias
        (
            "platforms:\n  - id: douyin\n    name: 抖音\n    aliases: [Douyin, 抖音短视频, douyin]\n",
            "platforms.yaml:4: entry `douyin`: alias `douyin` is listed twice",
        ),
        // alias_is_name
        (
            "platforms:\n  - id: douyin\n    name: 抖音\n    aliases: [抖音]\n",
            "platforms.yaml:4: entry `douyin`: alias `抖音` repeats the name",
        ),
        // shared_alias
        (
            "platforms:\n  - id: douyin\n    name: 抖音\n    aliases: [DY]\n  - id: duoshan\n    name: 多闪\n    aliases: [dy]\n",
            "platforms.yaml:7: entry `duoshan`: `dy` already names platform `douyin` (line 2); a name or alias must point at one platform",
        ),
        // alias_other_name
        (
            "platforms:\n  - id: douyin\n    name: 抖音\n  - id: duoshan\n    name: 多闪\n    aliases: [抖音]\n",
            "platforms.yaml:6: entry `duoshan`: `抖音` already names platform `douyin` (line 2); a name or alias must point at one platform",
        ),
        // shared_name
        (
            "platforms:\n  - id: douyin\n    name: 抖音\n  - id: douyin2\n    name: 抖音\n",
            "platforms.yaml:5: entry `douyin2`: `抖音` already names platform `douyin` (line 2); a name or alias must point at one platform",
        ),
        // no_parent
        (
            "platforms:\n  - id: duoshan\n    name: 多闪\n    parent: douyn\n",
            "platforms.yaml:4: entry `duoshan`: parent `douyn` is not a platform id",
        ),
        // self_parent
        (
            "platforms:\n  - id: duoshan\n    name: 多闪\n    parent: duoshan\n",
            "platforms.yaml:4: entry `duoshan`: parent is the platform itself",
        ),
        // cycle
        (
            "platforms:\n  - id: aa\n    name: 甲甲\n    parent: bb\n  - id: bb\n    name: 乙乙\n    parent: aa\n",
            "platforms.yaml:4: entry `aa`: parents form a loop: aa → bb → aa",
        ),
        // company_missing
        (
            "platforms:\n  - id: douyin\n    name: 抖音\n    company: 字节跳动有限公司\n",
            "platforms.yaml:4: entry `douyin`: company `字节跳动有限公司` is not a company name; add it to companies.yaml or fix the name",
        ),
        // company_alias
        (
            "platforms:\n  - id: douyin\n    name: 抖音\n    company: 字节\n",
            "platforms.yaml:4: entry `douyin`: company `字节` is not a company name; it is an alias: write the company's name `字节跳动`",
        ),
        // empty_name
        (
            "platforms:\n  - id: douyin\n    name: \"\"\n",
            "platforms.yaml:3: entry `douyin`: empty name",
        ),
        // bad_id
        (
            "platforms:\n  - id: Dou-yin\n    name: 抖音\n",
            "platforms.yaml:2: entry `Dou-yin`: id `Dou-yin` must be ASCII lowercase letters, digits and `_`",
        ),
        // short_alias
        (
            "platforms:\n  - id: douyin\n    name: 抖音\n    aliases: [Douyin, 抖]\n",
            "platforms.yaml:4: entry `douyin`: alias `抖` is shorter than 2 characters (it would match inside unrelated words)",
        ),
        // syntax
        (
            "platforms:\n  - id: douyin\n    name: [抖音\n",
            "platforms.yaml:3: entry `douyin`: platforms[0].name: invalid type: sequence, expected a string",
        ),
    ];
    let mut wrong = Vec::new();
    for (text, expected) in cases {
        let got = refused(load_platforms(text));
        if got != *expected {
            wrong.push(format!(
                "{text:?}\n  got:      {got}\n  expected: {expected}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn bad_companies_and_features_are_refused_with_file_line_and_entry() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "companies:\n  - id: bytedance\n    name: 字节跳动\n    aliases: [字节, ByteDance]\n  - id: tencent\n    name: 腾讯\n    aliases: [字节]\n",
            FEATURES,
            "companies.yaml:7: entry `tencent`: `字节` already names company `bytedance` (line 2); a name or alias must point at one company",
        ),
        (
            "companies:\n  - id: bytedance\n    name: 字节跳动\n    url: https://bytedance.com\n",
            FEATURES,
            "companies.yaml:4: entry `bytedance`: companies[0]: unknown field `url`, expected one of `id`, `name`, `aliases`",
        ),
        (
            "companies:\n  - id: bytedance\n    name: 字节跳动\n  - id: tencent\n    name: 腾讯\n    aliases: [抖音]\n",
            FEATURES,
            "companies.yaml:6: entry `tencent`: `抖音` is also a name of platform `douyin` (platforms.yaml), which is not this company's; a word must point at one company or its own platform",
        ),
        (
            COMPANIES,
            "features:\n  - id: group_chat\n    name: 群聊\n  - id: group_chat\n    name: 群组\n",
            "features.yaml:4: entry `group_chat`: duplicate feature id `group_chat` (first at line 2)",
        ),
        (
            COMPANIES,
            "features:\n  - id: group_chat\n    name: 群聊\n    aliases: [粉丝群]\n  - id: fan_group\n    name: 粉丝群\n",
            "features.yaml:6: entry `fan_group`: `粉丝群` already names feature `group_chat` (line 2); a name or alias must point at one feature",
        ),
        (
            COMPANIES,
            "features:\n  - id: group_chat\n    name: 群聊\n    aliases:\n      - 粉丝群\n      - 群\n",
            "features.yaml:6: entry `group_chat`: alias `群` is shorter than 2 characters (it would match inside unrelated words)",
        ),
        (
            COMPANIES,
            "features:\n  - id: group_chat\n    name: 群聊\n    trigger: [群]\n",
            "features.yaml:4: entry `group_chat`: features[0]: unknown field `trigger`, expected one of `id`, `name`, `aliases`, `description`",
        ),
    ];
    let mut wrong = Vec::new();
    for (companies, features, expected) in cases {
        let got = refused(load(DOUYIN, companies, features));
        if got != *expected {
            wrong.push(format!(
                "{companies:?} {features:?}\n  got:      {got}\n  expected: {expected}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_company_may_share_its_name_with_its_own_platform_only() {
    let platforms = "platforms:\n  - id: meituan\n    name: 美团\n    company: 美团\n  - id: dianping\n    name: 大众点评\n";
    let k = load_platforms(platforms).unwrap();
    assert_eq!(k.company_platforms("美团"), [0]);
    // 大众点评 does not belong to 美团 here, so a company alias naming it is refused.
    let companies = "companies:\n  - id: meituan\n    name: 美团\n    aliases: [大众点评]\n";
    let e = refused(load(platforms, companies, FEATURES));
    assert!(
        e.starts_with(
            "companies.yaml:4: entry `meituan`: `大众点评` is also a name of platform `dianping`"
        ),
        "{e}"
    );
}

#[test]
fn check_sources_reports_every_problem() {
    let platforms = "platforms:\n  - id: douyin\n    name: 抖音\n    aliases: [抖]\n  - id: duoshan\n    name: 多闪\n    parent: douyn\n";
    let errs = Knowledge::check_sources(
        YamlSource {
            name: "platforms.yaml",
            text: platforms,
        },
        YamlSource {
            name: "companies.yaml",
            text: COMPANIES,
        },
        YamlSource {
            name: "features.yaml",
            text: FEATURES,
        },
    )
    .unwrap_err();
    let lines: Vec<Option<usize>> = errs.iter().map(|e| e.line).collect();
    assert_eq!(lines, [Some(4), Some(7)], "{errs:?}");
    assert_eq!(errs[1].entry.as_deref(), Some("duoshan"));
}

#[test]
fn without_companies_company_names_are_not_checked() {
    let k = load(DOUYIN, "", FEATURES).unwrap();
    assert!(k.companies.is_empty());
    assert_eq!(k.platforms[0].company.as_deref(), Some("字节跳动"));
    // A comment-only file counts as no file.
    assert!(load(DOUYIN, "# no companies yet\n", FEATURES).is_ok());
}

#[test]
fn names_are_trimmed_and_normalised_to_nfc() {
    // `e` + combining acute accent → `é`; trailing space dropped.
    let platforms = "platforms:\n  - id: cafe\n    name: \"Cafe\u{301} \"\n";
    let k = load_platforms(platforms).unwrap();
    assert_eq!(k.platforms[0].name, "Café");
    assert_eq!(k.platform_by_name("CAFÉ"), Some(0));
}

#[test]
fn load_dir_reads_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let valid = Path::new(FIXTURES).join("valid");
    for f in ["platforms.yaml", "companies.yaml", "features.yaml"] {
        std::fs::copy(valid.join(f), dir.path().join(f)).unwrap();
    }
    let k = Knowledge::load_dir(dir.path()).unwrap();
    assert_eq!(k.platforms.len(), 4);
    assert_eq!(k.companies.len(), 3);
    assert_eq!(k.features.len(), 10);

    // companies.yaml is optional.
    std::fs::remove_file(dir.path().join("companies.yaml")).unwrap();
    let k = Knowledge::load_dir(dir.path()).unwrap();
    assert!(k.companies.is_empty());
    assert_eq!(k.platforms.len(), 4);

    // Errors name the file by its path.
    std::fs::write(
        dir.path().join("platforms.yaml"),
        "platforms:\n  - id: x\n    name: 测试\n    parent: y\n",
    )
    .unwrap();
    let e = Knowledge::load_dir(dir.path()).unwrap_err();
    assert_eq!(
        e.file,
        dir.path().join("platforms.yaml").display().to_string()
    );
    assert_eq!(e.line, Some(4));

    // platforms.yaml and features.yaml are required.
    for f in ["features.yaml", "platforms.yaml"] {
        std::fs::remove_file(dir.path().join(f)).unwrap();
        let e = Knowledge::load_dir(dir.path()).unwrap_err();
        let path = dir.path().join(f).display().to_string();
        assert!(
            e.to_string()
                .starts_with(&format!("{path}: file not found")),
            "{e}"
        );
    }
}

#[test]
fn lookups_follow_names_companies_and_parents() {
    let k = Knowledge::load_dir(&Path::new(FIXTURES).join("valid")).unwrap();
    let douyin = k.platform_index("douyin").unwrap();
    let duoshan = k.platform_index("duoshan").unwrap();
    assert_eq!(k.platform_by_name("douyin"), Some(douyin));
    assert_eq!(k.platform_by_name("TikTok China"), Some(douyin));
    assert_eq!(k.platform_by_name("抖"), None);
    assert_eq!(k.children(douyin), [duoshan]);
    assert_eq!(k.parent(duoshan), Some(douyin));
    assert_eq!(k.root(duoshan), douyin);
    assert_eq!(
        k.company_by_word("字节").map(|c| c.id.as_str()),
        Some("bytedance")
    );
    assert_eq!(
        k.company_of(duoshan).map(|c| c.name.as_str()),
        Some("字节跳动")
    );
    assert_eq!(k.company_platforms("字节跳动"), [douyin, duoshan]);
    assert_eq!(k.feature_by_name("粉丝群"), k.feature_index("group_chat"));
}

/// Every platform the seed articles and the real corpus name must be known, under the name the
/// articles use.
#[test]
fn bundled_data_covers_the_platforms_articles_name() {
    let k = bundled().unwrap();
    let must = [
        "微信",
        "WeChat",
        "Weixin",
        "QQ",
        "手机QQ",
        "抖音",
        "快手",
        "淘宝",
        "手机淘宝",
        "拼多多",
        "小红书",
        "微博",
        "新浪微博",
        "B站",
        "哔哩哔哩",
        "bilibili",
        "美团",
        "支付宝",
        "Alipay",
        "网易云音乐",
        "高德地图",
        "陌陌",
        "Soul",
        "探探",
        "贴吧",
        "百度贴吧",
        "视频号",
        "多闪",
        "飞聊",
        "欢脱",
        "态赞",
        "一甜面聊",
        "抖音极速版",
        "快手极速版",
        "企业微信",
        "钉钉",
        "知乎",
        "豆瓣",
        "TikTok",
        "Instagram",
        "Facebook",
        "Discord",
        "Twitter",
        "Snapchat",
        "WhatsApp",
        "Telegram",
        "YY",
        "虎牙",
        "斗鱼",
        "Q次元",
        "啫喱",
        "派对岛",
        "京喜",
        "京东",
        "同程生活",
        "TapTap",
        "米游社",
        "小黑盒",
        "QQ空间",
        "Clubhouse",
        "积目",
        "微视",
        "西瓜视频",
        "今日头条",
        "皮皮虾",
        "最右",
        "映客",
        "ZEPETO",
        "Roblox",
        "百度",
        "QQ音乐",
        "酷狗",
        "全民K歌",
        "饿了么",
        "大众点评",
        "滴滴",
        "携程",
        "闲鱼",
        "得物",
        "唯品会",
        "虎扑",
        "脉脉",
        "领英",
        "LinkedIn",
        "腾讯视频",
        "爱奇艺",
        "优酷",
        "Litmatch",
        "SoulChill",
        "Uki",
        "希壤",
        "虹宇宙",
    ];
    let missing: Vec<&str> = must
        .iter()
        .copied()
        .filter(|w| k.platform_by_name(w).is_none())
        .collect();
    assert!(missing.is_empty(), "not known: {missing:?}");

    let parent = |child: &str| {
        let c = k.platform_by_name(child).unwrap();
        k.parent(c).map(|p| k.platforms[p].id.clone())
    };
    assert_eq!(parent("视频号").as_deref(), Some("weixin"));
    assert_eq!(parent("多闪").as_deref(), Some("douyin"));
    assert_eq!(parent("飞聊").as_deref(), Some("douyin"));
    assert_eq!(parent("欢脱").as_deref(), Some("kuaishou"));
    assert_eq!(parent("企业微信"), None);

    for (company, platform) in [
        ("字节跳动", "抖音"),
        ("腾讯", "微信"),
        ("快手科技", "态赞"),
        ("阿里巴巴", "淘宝"),
    ] {
        let p = k.platform_by_name(platform).unwrap();
        assert!(
            k.company_platforms(company).contains(&p),
            "{company} {platform}"
        );
    }
    for word in ["字节", "ByteDance", "Tencent", "阿里", "Alibaba"] {
        assert!(k.company_by_word(word).is_some(), "{word}");
    }
}

#[test]
fn file_level_mistakes_name_the_file_and_line() {
    let e = load_platforms("platform:\n  - id: douyin\n    name: 抖音\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "platforms.yaml:1: unknown field `platform`, expected `platforms`"
    );
    let e = load(
        DOUYIN,
        COMPANIES,
        "features:\n  - id: group_chat\n    name: 群聊\n    aliases: [粉丝群\n",
    )
    .unwrap_err();
    assert_eq!(
        (e.file.as_str(), e.entry.as_deref()),
        ("features.yaml", Some("group_chat"))
    );
    assert!(e.line.is_some(), "{e}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Whatever the text, loading returns a value or an error; it never panics.
    #[test]
    fn any_text_loads_or_is_refused(text in "(platforms:\n)?(  - (id|name|aliases|parent|company): [a-z抖音\\[\\], ]{0,12}\n){0,8}") {
        let _ = load_platforms(&text);
        let _ = load(DOUYIN, &text.replace("platforms", "companies"), FEATURES);
    }
}
