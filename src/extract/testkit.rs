//! A small knowledge base for unit tests: the platforms of the seed articles and the bundled
//! `features.yaml`, so rule tests do not depend on the full data files.

use crate::knowledge::{Company, Feature, Knowledge, Platform};

#[derive(serde::Deserialize)]
struct Features {
    features: Vec<Feature>,
}

fn p(id: &str, name: &str, aliases: &[&str], company: &str, parent: Option<&str>) -> Platform {
    Platform {
        id: id.into(),
        name: name.into(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        company: (!company.is_empty()).then(|| company.to_string()),
        parent: parent.map(str::to_string),
        kind: Some(
            if parent.is_some() {
                "social_app"
            } else {
                "app"
            }
            .into(),
        ),
    }
}

fn c(id: &str, name: &str, aliases: &[&str]) -> Company {
    Company {
        id: id.into(),
        name: name.into(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
    }
}

pub fn knowledge() -> Knowledge {
    let features: Features =
        crate::yaml::from_str(include_str!("../../data/features.yaml")).expect("features.yaml");
    let mut paiduidao = p("paiduidao", "派对岛", &[], "字节跳动", None);
    paiduidao.kind = Some("social_app".into());
    Knowledge {
        platforms: vec![
            p("taobao", "淘宝", &["手机淘宝"], "阿里巴巴", None),
            p("pinduoduo", "拼多多", &[], "拼多多", None),
            p("douyin", "抖音", &["Douyin"], "字节跳动", None),
            p("douyin_lite", "抖音极速版", &[], "字节跳动", None),
            p("xiaohongshu", "小红书", &[], "小红书", None),
            p("netease_music", "网易云音乐", &[], "网易", None),
            p("amap", "高德地图", &[], "阿里巴巴", None),
            p("alipay", "支付宝", &[], "蚂蚁集团", None),
            p("meituan", "美团", &[], "美团", None),
            p("weibo", "微博", &[], "新浪", None),
            p("wechat", "微信", &["WeChat"], "腾讯", None),
            p("qq", "QQ", &[], "腾讯", None),
            p("kuaishou", "快手", &[], "快手", None),
            p("duoshan", "多闪", &[], "字节跳动", Some("douyin")),
            p("feiliao", "飞聊", &[], "字节跳动", Some("douyin")),
            p("huantuo", "欢脱", &[], "快手", Some("kuaishou")),
            p("taizan", "态赞", &[], "快手", Some("kuaishou")),
            p("yitian", "一甜面聊", &["一甜"], "快手", Some("kuaishou")),
            paiduidao,
            p("soul", "Soul", &[], "Soul", None),
            p("momo", "陌陌", &[], "挚文集团", None),
            p("tantan", "探探", &[], "挚文集团", None),
            p("bilibili", "B站", &["哔哩哔哩"], "哔哩哔哩", None),
            p("tieba", "贴吧", &["百度贴吧"], "百度", None),
        ],
        companies: vec![
            c("alibaba", "阿里巴巴", &["阿里"]),
            c("bytedance", "字节跳动", &["字节"]),
            c("tencent", "腾讯", &[]),
            c("netease", "网易", &[]),
            c("momo_group", "挚文集团", &[]),
        ],
        features: features.features,
    }
}
