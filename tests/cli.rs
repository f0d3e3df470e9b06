//! The CLI end to end: the real binary on real files.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// The binary, with its parse cache in a scratch folder: tests never touch the user's cache.
fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_socialscope"));
    c.env(
        "SOCIALSCOPE_CACHE_DIR",
        std::env::temp_dir().join("socialscope-cli-tests-cache"),
    );
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn export_json(args: &[&str]) -> Value {
    let mut all = vec!["export", "--format", "json"];
    all.extend_from_slice(args);
    let o = run(&all);
    assert!(o.status.success(), "export failed: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("export prints JSON")
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
    k
}

#[test]
fn export_json_matches_the_documented_schema() {
    let doc = export_json(&[]);
    assert_eq!(
        keys(&doc),
        ["articles", "diagnostics", "events", "features", "platforms"]
    );
    let articles = doc["articles"].as_array().expect("articles");
    assert_eq!(articles.len(), 2, "the two bundled seed articles");
    for a in articles {
        assert_eq!(
            keys(a),
            [
                "author",
                "id",
                "paragraphs",
                "path",
                "published",
                "source",
                "title"
            ]
        );
    }
    let titles: Vec<&str> = articles
        .iter()
        .filter_map(|a| a["title"].as_str())
        .collect();
    assert!(titles.contains(&"谁不想做社交"), "{titles:?}");
    assert!(
        titles.contains(&"逐梦「社交」，抖、快图什么？"),
        "{titles:?}"
    );
    let seed = articles
        .iter()
        .find(|a| a["title"] == "谁不想做社交")
        .expect("seed");
    assert_eq!(seed["published"], "2022-01-18");
    assert_eq!(seed["source"], "36kr");

    for p in doc["platforms"].as_array().expect("platforms") {
        assert_eq!(
            keys(p),
            ["aliases", "company", "id", "kind", "name", "parent"]
        );
    }
    let features = doc["features"].as_array().expect("features");
    for id in [
        "group_chat",
        "chat_room",
        "co_watch",
        "feed",
        "call",
        "red_packet",
        "circle",
        "stranger",
        "standalone_app",
        "share",
    ] {
        assert!(
            features.iter().any(|f| f["id"] == id),
            "feature {id} missing"
        );
    }

    let events = doc["events"].as_array().expect("events");
    assert!(events.len() >= 20, "only {} events", events.len());
    for e in events {
        for k in [
            "platform",
            "feature",
            "status",
            "date",
            "part",
            "article",
            "paragraph",
            "evidence",
        ] {
            assert!(e.get(k).is_some(), "event lacks {k}: {e}");
        }
        // The evidence is exactly the addressed paragraph of the addressed article.
        let art = articles
            .iter()
            .find(|a| a["id"] == e["article"])
            .expect("event names an exported article");
        let i = e["paragraph"].as_u64().expect("paragraph index") as usize;
        assert_eq!(art["paragraphs"][i], e["evidence"]);
        let date = e["date"].as_str().unwrap_or("0000");
        assert!(
            [4, 7, 10].contains(&date.len()),
            "date must be YYYY, YYYY-MM or YYYY-MM-DD: {date}"
        );
        assert!(
            [
                "launched",
                "testing",
                "relaunched",
                "adjusted",
                "closed",
                "has"
            ]
            .contains(&e["status"].as_str().expect("status"))
        );
    }
}

#[test]
fn export_output_writes_atomically_and_leaves_no_temp_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("events.csv");
    std::fs::write(&out, "old").expect("seed old file");
    let o = run(&[
        "export",
        "--format",
        "csv",
        "--output",
        out.to_str().expect("utf8"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "nothing on stdout with --output");
    let text = std::fs::read_to_string(&out).expect("written");
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .expect("header")
            .starts_with("platform,platform_name,feature")
    );
    let json = export_json(&[]);
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        rdr.records().count(),
        json["events"].as_array().map_or(0, Vec::len),
        "one CSV row per event"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "temp files left behind: {names:?}");
}

#[test]
fn markdown_has_the_matrix_and_the_events() {
    let o = run(&["export", "--format", "md"]);
    assert!(o.status.success());
    let md = stdout(&o);
    assert!(md.contains("## Matrix"));
    assert!(md.contains("| platform | 群聊 |"), "{md}");
    assert!(md.contains("## Events"));
    assert!(md.lines().any(|l| l.starts_with("| 抖音 |")));
}

fn copy_seeds_to(dir: &Path) {
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/articles"))
        .expect("seeds")
    {
        let p = entry.expect("entry").path();
        std::fs::copy(&p, dir.join(p.file_name().expect("name"))).expect("copy");
    }
}

#[test]
fn corpus_folder_export_matches_the_bundled_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_seeds_to(dir.path());
    let bundled = export_json(&[]);
    let from_dir = export_json(&["--corpus", dir.path().to_str().expect("utf8")]);
    assert_eq!(
        bundled["events"].as_array().map(Vec::len),
        from_dir["events"].as_array().map(Vec::len)
    );
}

#[test]
fn output_inside_a_corpus_folder_is_refused_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_seeds_to(dir.path());
    let corpus = dir.path().to_str().expect("utf8");
    let target = dir.path().join("out.json");
    let o = run(&[
        "export",
        "--corpus",
        corpus,
        "--output",
        target.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("inside the corpus folder"),
        "{}",
        stderr(&o)
    );
    assert!(!target.exists());
    let o = run(&[
        "export",
        "--corpus",
        corpus,
        "--output",
        target.to_str().expect("utf8"),
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(target.exists());
}

#[test]
fn check_prints_a_summary_and_diagnostics() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_seeds_to(dir.path());
    std::fs::write(
        dir.path().join("broken.md"),
        b"---\ntitle: [unclosed\n---\n<p>x</p>",
    )
    .expect("write");
    let o = run(&["check", "--corpus", dir.path().to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let summary = stdout(&o);
    assert!(
        summary.starts_with("3 articles,")
            && summary.contains("events")
            && summary.contains("platforms"),
        "{summary}"
    );
    let err = stderr(&o);
    assert_eq!(
        err.lines().count(),
        1,
        "one diagnostic for the one bad file: {err}"
    );
    assert!(err.contains("broken.md: "), "{err}");
}

#[test]
fn usage_errors_exit_2_and_a_bad_knowledge_base_exits_1() {
    let o = run(&["export", "--corpus", "/nonexistent/socialscope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent/socialscope: corpus folder not found"));
    assert_eq!(run(&["export", "--format", "xml"]).status.code(), Some(2));

    let data = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        data.path().join("platforms.yaml"),
        "platforms:\n  - id: a\n    name: 甲\n    parent: nowhere\n",
    )
    .expect("write");
    std::fs::write(
        data.path().join("features.yaml"),
        "features:\n  - id: group_chat\n    name: 群聊\n",
    )
    .expect("write");
    let o = run(&["check", "--data", data.path().to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("platforms.yaml"), "{}", stderr(&o));
}
