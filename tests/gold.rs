//! The extraction of the bundled seed articles against the hand-made gold facts.
//!
//! A faithful port of `score-gold.py` (the project's scorer) run on the JSON the real `export`
//! produces, so the figures printed here are the ones the scorer prints:
//! recall of non-optional facts, precision of non-`has` events, date and status accuracy.

use serde_json::Value;
use socialscope::loader::{Inputs, load_model};
use socialscope::yaml;
use std::collections::{HashMap, HashSet};

fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn ystr(v: &yaml::Value, key: &str) -> Option<String> {
    match v.get(key)? {
        yaml::Value::String(s) => Some(s.clone()),
        yaml::Value::Number(n) => Some(n.to_string()),
        yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[derive(Debug, Default)]
struct Score {
    hits: usize,
    total: usize,
    date_ok: usize,
    date_total: usize,
    status_ok: usize,
    tp: usize,
    fp: usize,
    report: Vec<String>,
}

impl Score {
    fn recall(&self) -> f64 {
        ratio(self.hits, self.total)
    }
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn date(&self) -> f64 {
        ratio(self.date_ok, self.date_total)
    }
    fn status(&self) -> f64 {
        ratio(self.status_ok, self.hits)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// `score-gold.py`, line for line.
fn score(gold: &yaml::Value, exp: &Value) -> Score {
    let empty = Vec::new();
    let plats: HashMap<&str, &Value> = exp["platforms"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .map(|p| (text(p, "id"), p))
        .collect();
    let own = |p: &Value| -> HashSet<String> {
        let mut s: HashSet<String> = [norm(text(p, "name")), norm(text(p, "id"))].into();
        for a in p["aliases"].as_array().unwrap_or(&empty) {
            s.insert(norm(a.as_str().unwrap_or("")));
        }
        s
    };
    let mut names: HashMap<&str, HashSet<String>> = HashMap::new();
    for (pid, p) in &plats {
        let mut keys = own(p);
        keys.insert(norm(text(p, "company")));
        if let Some(parent) = plats.get(text(p, "parent")) {
            keys.extend(own(parent));
        }
        keys.retain(|k| !k.is_empty());
        names.insert(pid, keys);
    }
    let names_of = |e: &Value| -> HashSet<String> {
        names
            .get(text(e, "platform"))
            .cloned()
            .unwrap_or_else(|| [norm(text(e, "platform"))].into())
    };
    let mut by_title: HashMap<String, Vec<&str>> = HashMap::new();
    for a in exp["articles"].as_array().unwrap_or(&empty) {
        by_title
            .entry(text(a, "title").trim().to_string())
            .or_default()
            .push(text(a, "id"));
    }
    let mut events_by_article: HashMap<&str, Vec<&Value>> = HashMap::new();
    for e in exp["events"].as_array().unwrap_or(&empty) {
        events_by_article
            .entry(text(e, "article"))
            .or_default()
            .push(e);
    }
    let mut s = Score::default();
    let no_facts = Vec::new();
    for art in gold["articles"].as_sequence().unwrap_or(&no_facts) {
        let title = ystr(art, "title").unwrap_or_default();
        let ids = by_title.get(title.trim()).cloned().unwrap_or_default();
        let evs: Vec<&Value> = ids
            .iter()
            .flat_map(|i| events_by_article.get(i).cloned().unwrap_or_default())
            .collect();
        let facts = art["facts"].as_sequence().unwrap_or(&no_facts);
        let gold_pairs: HashSet<(String, String)> = facts
            .iter()
            .map(|f| {
                (
                    norm(&ystr(f, "platform").unwrap_or_default()),
                    ystr(f, "feature").unwrap_or_default(),
                )
            })
            .collect();
        for e in &evs {
            if text(e, "status") == "has" {
                continue;
            }
            let feature = text(e, "feature").to_string();
            if names_of(e)
                .into_iter()
                .any(|n| gold_pairs.contains(&(n, feature.clone())))
            {
                s.tp += 1;
            } else {
                s.fp += 1;
                s.report.push(format!(
                    "extra: {} {} {} {} :: {}",
                    text(e, "platform"),
                    feature,
                    text(e, "status"),
                    text(e, "date"),
                    text(e, "evidence").chars().take(60).collect::<String>()
                ));
            }
        }
        for f in facts {
            if f.get("optional").and_then(yaml::Value::as_bool) == Some(true) {
                continue;
            }
            s.total += 1;
            let gp = norm(&ystr(f, "platform").unwrap_or_default());
            let feature = ystr(f, "feature").unwrap_or_default();
            let quote = ystr(f, "quote").unwrap_or_default();
            let status = ystr(f, "status").unwrap_or_default();
            let cands: Vec<&&Value> = evs
                .iter()
                .filter(|e| {
                    names_of(e).contains(&gp)
                        && text(e, "feature") == feature
                        && text(e, "evidence").contains(&quote)
                })
                .collect();
            if cands.is_empty() {
                s.report
                    .push(format!("missed: {gp} {feature} {status} «{quote}»"));
                continue;
            }
            s.hits += 1;
            if let Some(date) = ystr(f, "date") {
                s.date_total += 1;
                if cands.iter().any(|e| text(e, "date").starts_with(&date)) {
                    s.date_ok += 1;
                } else {
                    s.report.push(format!("date: {gp} {feature} gold={date}"));
                }
            }
            if cands.iter().any(|e| text(e, "status") == status) {
                s.status_ok += 1;
            } else {
                s.report
                    .push(format!("status: {gp} {feature} gold={status}"));
            }
        }
    }
    s
}

#[test]
fn seeds_match_the_gold_facts() {
    let gold = yaml::value(include_str!("fixtures/gold/seeds.yaml")).expect("gold parses");
    let model = load_model(&Inputs::default()).expect("bundled knowledge loads");
    let exp = socialscope::export::to_json(&model);
    let s = score(&gold, &exp);
    for line in &s.report {
        println!("{line}");
    }
    println!(
        "recall={:.3} precision={:.3} date={:.3} status={:.3} facts={} events={}",
        s.recall(),
        s.precision(),
        s.date(),
        s.status(),
        s.total,
        s.tp + s.fp
    );
    assert!(s.total >= 25, "the gold file lists the seed facts");
    assert!(s.recall() >= 0.95, "recall {:.3}", s.recall());
    assert!(s.precision() >= 0.90, "precision {:.3}", s.precision());
    assert!(s.date() >= 0.95, "date accuracy {:.3}", s.date());
    assert!(s.status() >= 0.90, "status accuracy {:.3}", s.status());
}

#[test]
fn the_scorer_counts_misses_and_extras() {
    // A tiny hand-made export: one right event, one wrong pair, one missed fact.
    let gold = yaml::value(
        "articles:\n  - title: T\n    facts:\n      - {platform: 抖音, feature: call, status: launched, date: \"2020-04\", quote: 视频通话}\n      - {platform: 快手, feature: feed, status: launched, quote: 说说}\n",
    )
    .expect("yaml");
    let exp = serde_json::json!({
        "platforms": [
            {"id": "douyin", "name": "抖音", "aliases": [], "company": "字节跳动", "parent": null},
            {"id": "duoshan", "name": "多闪", "aliases": [], "company": "字节跳动", "parent": "douyin"},
        ],
        "articles": [{"id": "a", "title": "T"}],
        "events": [
            {"platform": "douyin", "feature": "call", "status": "launched", "date": "2020-04-23", "article": "a", "evidence": "抖音上线了视频通话"},
            {"platform": "duoshan", "feature": "circle", "status": "launched", "date": null, "article": "a", "evidence": "x"},
            {"platform": "duoshan", "feature": "call", "status": "has", "date": null, "article": "a", "evidence": "x"},
        ],
    });
    let s = score(&gold, &exp);
    assert_eq!((s.hits, s.total, s.tp, s.fp), (1, 2, 1, 1));
    assert_eq!((s.date_ok, s.date_total, s.status_ok), (1, 1, 1));
}
