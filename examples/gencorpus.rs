//! Builds a large, realistic corpus for benchmarks: `gencorpus OUT_DIR N [--seed S] [--real DIR]`.
//!
//! Each article recombines paragraphs of the real articles (`shared/corpus/real`, found by walking
//! up from the repository, or `--real DIR`) and of the bundled seeds (`data/articles`), with the
//! platform names swapped for others from the knowledge base, shifted years, a made-up title and a
//! random publication date. The result is Chinese HTML with YAML front matter, about 15 KB per
//! article like the real ones, so 10,000 articles are about 150 MB. The same seed gives the same
//! bytes. Without the real articles it still works from the seeds alone.
//!
//! Files go to `OUT_DIR/<site>/<nnnnn>.md` (nested, as a scraped blog usually is).

use aho_corasick::{AhoCorasick, MatchKind};
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// SplitMix64: tiny, fast, and the same on every platform and version (unlike `rand`'s defaults).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0); the modulo bias is irrelevant here.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Used when the knowledge base is empty or not yet written, so the generator never depends on it.
const FALLBACK_PLATFORMS: &[&str] = &[
    "微信",
    "抖音",
    "快手",
    "淘宝",
    "美团",
    "小红书",
    "微博",
    "QQ",
    "B站",
    "哔哩哔哩",
    "知乎",
    "拼多多",
    "京东",
    "支付宝",
    "钉钉",
    "飞书",
    "陌陌",
    "探探",
    "Soul",
    "豆瓣",
    "网易云音乐",
    "百度",
    "视频号",
    "西瓜视频",
    "今日头条",
    "多闪",
    "即刻",
    "虎扑",
    "斗鱼",
    "虎牙",
    "得物",
    "闲鱼",
    "饿了么",
    "大众点评",
    "企业微信",
    "QQ音乐",
    "酷狗",
    "全民K歌",
    "YY",
    "映客",
];

const FALLBACK_FEATURES: &[&str] = &[
    "群聊",
    "直播",
    "私信",
    "语音聊天",
    "粉丝群",
    "朋友圈",
    "评论",
    "点赞",
    "拍一拍",
    "视频通话",
    "弹幕",
    "打赏",
    "连麦",
    "动态",
    "话题",
    "关注",
    "好友",
    "附近的人",
    "匿名聊天",
    "表情包",
];

const SITES: &[(&str, &str)] = &[
    ("36kr", "资讯"),
    ("woshipm", "产品经理"),
    ("ithome", "IT 之家"),
    ("mydrivers", "快科技"),
    ("cnbeta", "cnBeta"),
    ("guancha", "观察者网"),
];

const TITLES: &[&str] = &[
    "{P}上线{F}功能，{Q}坐不住了",
    "{P}内测{F}：社交的下一站？",
    "从{P}到{Q}：为什么App们都爱上了{F}",
    "{P}又更新了，主角还是{F}",
    "{Q}关闭{F}，{P}却在加码",
    "谁不想做社交：{P}、{Q}与{F}",
    "{P}灰度测试{F}，能否复制{Q}的成功",
    "深度 | {P}的{F}野心",
];

struct Args {
    out: PathBuf,
    n: usize,
    seed: u64,
    real: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut pos = Vec::new();
    let mut seed = 1;
    let mut real = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seed" => {
                let v = it.next().ok_or("--seed needs a value")?;
                seed = v.parse().map_err(|_| format!("--seed {v}: not a number"))?;
            }
            "--real" => real = Some(PathBuf::from(it.next().ok_or("--real needs a folder")?)),
            "-h" | "--help" => return Err(String::new()),
            _ => pos.push(a),
        }
    }
    let [out, n] =
        <[String; 2]>::try_from(pos).map_err(|_| "expected OUT_DIR and N".to_string())?;
    let n = n.parse().map_err(|_| format!("{n}: not a number"))?;
    Ok(Args {
        out: PathBuf::from(out),
        n,
        seed,
        real,
    })
}

/// `shared/corpus/real` beside the repository or one of its ancestors (worktrees sit deeper).
fn default_real_dir() -> Option<PathBuf> {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .skip(1)
        .map(|a| a.join("shared/corpus/real"))
        .find(|p| p.is_dir())
}

/// The body of an article (after the front matter) cut into paragraph-sized HTML pieces.
fn paragraphs(text: &str, out: &mut Vec<String>) {
    let body = match text.trim_start().strip_prefix("---") {
        Some(rest) => rest.split_once("\n---").map_or(rest, |(_, b)| b),
        None => text,
    };
    for line in body.lines() {
        // Some articles put the whole body on one line: cut after each closing block tag too.
        let mut rest = line.trim();
        while !rest.is_empty() {
            let cut = ["</p>", "</h2>", "</h3>", "</li>", "</blockquote>"]
                .iter()
                .filter_map(|t| rest.find(t).map(|i| i + t.len()))
                .min()
                .unwrap_or(rest.len());
            let (piece, tail) = rest.split_at(cut);
            let piece = piece.trim();
            let bare = piece
                .trim_start_matches("<div>")
                .trim_end_matches("</div>")
                .trim();
            // Keep only pieces with some Chinese text in them (skip bare images and wrappers),
            // and no unclosed `<div>` that would swallow the rest of the article.
            if bare.matches("<div").count() == bare.matches("</div>").count()
                && bare
                    .chars()
                    .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                    .count()
                    >= 8
            {
                out.push(bare.to_string());
            }
            rest = tail.trim_start();
        }
    }
}

fn read_sources(real: Option<&Path>) -> Vec<String> {
    let mut paras = Vec::new();
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("data/articles")];
    match real.map(Path::to_path_buf).or_else(default_real_dir) {
        Some(d) => dirs.push(d),
        None => eprintln!("gencorpus: no shared/corpus/real found; using the seed articles only"),
    }
    for dir in dirs {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            eprintln!("gencorpus: {}: cannot read", dir.display());
            continue;
        };
        let mut files: Vec<PathBuf> = rd.filter_map(|e| Some(e.ok()?.path())).collect();
        files.sort();
        for f in files {
            if matches!(f.extension().and_then(|e| e.to_str()), Some("md" | "txt")) {
                if let Ok(text) = std::fs::read_to_string(&f) {
                    paragraphs(&text, &mut paras);
                }
            }
        }
    }
    paras
}

/// Every platform name and alias, and every feature name, from the bundled knowledge base.
fn names() -> (Vec<String>, Vec<String>) {
    let kb = socialscope::embedded::knowledge().unwrap_or_default();
    let mut platforms: Vec<String> = kb
        .platforms
        .iter()
        .flat_map(|p| std::iter::once(&p.name).chain(&p.aliases))
        .filter(|n| n.chars().count() >= 2)
        .cloned()
        .collect();
    let mut features: Vec<String> = kb.features.iter().map(|f| f.name.clone()).collect();
    if platforms.len() < 10 {
        platforms = FALLBACK_PLATFORMS.iter().map(|s| s.to_string()).collect();
    }
    if features.len() < 5 {
        features = FALLBACK_FEATURES.iter().map(|s| s.to_string()).collect();
    }
    platforms.sort();
    platforms.dedup();
    (platforms, features)
}

/// Shifts every `20xx年` by `delta` years, keeping it in 2000–2029, so dates vary between copies.
fn shift_years(text: &str, delta: i32) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut i = 0;
    while i + 4 < b.len() {
        if b[i] == b'2'
            && b[i + 1] == b'0'
            && b[i + 2].is_ascii_digit()
            && b[i + 3].is_ascii_digit()
            && text[i + 4..].starts_with('年')
            && (i == 0 || !b[i - 1].is_ascii_digit())
        {
            let y = 2000 + i32::from(b[i + 2] - b'0') * 10 + i32::from(b[i + 3] - b'0');
            out.push_str(&text[last..i]);
            out.push_str(&(y + delta).clamp(2000, 2029).to_string());
            last = i + 4;
            i += 4;
        } else {
            i += 1;
        }
    }
    out.push_str(&text[last..]);
    out
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gencorpus: {e}");
            }
            eprintln!("usage: gencorpus OUT_DIR N [--seed S] [--real DIR]");
            return ExitCode::from(2);
        }
    };
    match generate(&args.out, args.n, args.seed, args.real.as_deref()) {
        Ok(total) => {
            eprintln!(
                "gencorpus: {} articles, {:.1} MB, into {}",
                args.n,
                total as f64 / 1e6,
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gencorpus: {e}");
            ExitCode::from(1)
        }
    }
}

/// Writes `n` articles into `out` and returns their total size in bytes. Also used by
/// `benches/ingest.rs`, which includes this file as a module.
pub fn generate(out: &Path, n: usize, seed: u64, real: Option<&Path>) -> Result<u64, String> {
    let paras = read_sources(real);
    if paras.is_empty() {
        return Err("no source paragraphs found".into());
    }
    let (platforms, features) = names();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&platforms)
        .map_err(|e| format!("cannot build the name matcher: {e}"))?;
    let mut rng = Rng(seed);
    let mut total = 0u64;
    let first_day = NaiveDate::from_ymd_opt(2012, 1, 1).unwrap_or_default();
    for i in 0..n {
        let (site, category) = *rng.pick(SITES);
        // Sizes vary like the real ones: mostly 7–20 KB, a few short notes and long features.
        let target = match rng.below(10) {
            0 => 3_000 + rng.below(4_000),
            9 => 25_000 + rng.below(20_000),
            _ => 7_000 + rng.below(13_000),
        };
        let p = rng.pick(&platforms).clone();
        let q = rng.pick(&platforms).clone();
        let f = rng.pick(&features).clone();
        let title = rng
            .pick(TITLES)
            .replace("{P}", &p)
            .replace("{Q}", &q)
            .replace("{F}", &f)
            .replace('\'', "’");
        let day = first_day + chrono::Duration::days(rng.below(365 * 13) as i64);
        let secs = rng.below(86_400);
        let date = format!(
            "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
            day.weekday(),
            day.day(),
            day.format("%b"),
            day.year(),
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        );
        let delta = rng.below(7) as i32 - 3;
        let mut body = String::with_capacity(target + 1024);
        while body.len() < target {
            let para = rng.pick(&paras);
            // Swap each platform name for a random one, keeping the article's subject frequent.
            let mut text = String::new();
            ac.replace_all_with(para, &mut text, |_, _, dst| {
                let name = if rng.below(3) == 0 {
                    p.as_str()
                } else {
                    rng.pick(&platforms).as_str()
                };
                dst.push_str(name);
                true
            });
            body.push_str(&shift_years(&text, delta));
            body.push_str(" \n");
        }
        let doc = format!(
            "---\ntitle: '{title}'\ncategories: \n - 新媒体\n - {site}\n - {category}\nauthor: {site}\ncomments: false\ndate: {date}\n---\n\n<div>   \n{body}</div>\n"
        );
        let dir = out.join(site);
        let path = dir.join(format!("{i:05}.md"));
        std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&path, &doc))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        total += doc.len() as u64;
    }
    Ok(total)
}
