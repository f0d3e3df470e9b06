//! The model as JSON, CSV or Markdown, for scripts, spreadsheets and reports; and the atomic file
//! write every output goes through, so an interrupted export never leaves a half-written file.

use crate::extract::Event;
use crate::model::{Model, SortBy};
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;

/// Output formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Md,
}

/// Renders the whole model in a format.
pub fn render(model: &Model, format: Format) -> String {
    match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&to_json(model)).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Csv => to_csv(model),
        Format::Md => to_markdown(model),
    }
}

fn event_json(model: &Model, e: usize) -> Value {
    let ev: &Event = &model.events[e];
    json!({
        "platform": ev.platform,
        "feature": ev.feature,
        "status": ev.status.as_str(),
        "date": ev.date.map(|d| d.to_string()),
        "part": ev.date.and_then(|d| d.part).map(|p| p.as_str()),
        "article": ev.article,
        "paragraph": ev.paragraph,
        "evidence": model.evidence(e),
        "sentence": ev.sentence,
        "spans": ev.spans,
    })
}

/// The documented JSON document: articles, platforms, features, events, diagnostics.
pub fn to_json(model: &Model) -> Value {
    let articles: Vec<Value> = model
        .articles
        .iter()
        .map(|a| {
            json!({
                "id": a.id,
                "path": a.path,
                "title": a.title,
                "published": a.published.map(|d| d.format("%Y-%m-%d").to_string()),
                "source": a.source,
                "author": a.author,
                "paragraphs": a.texts().collect::<Vec<_>>(),
            })
        })
        .collect();
    let platforms: Vec<Value> = model
        .knowledge
        .platforms
        .iter()
        .map(|p| {
            json!({
                "id": p.id, "name": p.name, "aliases": p.aliases,
                "company": p.company, "parent": p.parent, "kind": p.kind,
            })
        })
        .collect();
    let features: Vec<Value> = model
        .knowledge
        .features
        .iter()
        .map(|f| json!({"id": f.id, "name": f.name, "aliases": f.aliases}))
        .collect();
    let events: Vec<Value> = (0..model.events.len())
        .map(|e| event_json(model, e))
        .collect();
    json!({
        "articles": articles,
        "platforms": platforms,
        "features": features,
        "events": events,
        "diagnostics": model.diagnostics,
    })
}

const CSV_HEADER: [&str; 13] = [
    "platform",
    "platform_name",
    "feature",
    "feature_name",
    "status",
    "date",
    "part",
    "article",
    "title",
    "published",
    "source",
    "paragraph",
    "evidence",
];

/// One row per event.
pub fn to_csv(model: &Model) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(CSV_HEADER);
    for e in 0..model.events.len() {
        let _ = w.write_record(event_row(model, e));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn event_row(model: &Model, e: usize) -> [String; 13] {
    let ev = &model.events[e];
    let p = &model.knowledge.platforms[model.event_platform(e)];
    let f = &model.knowledge.features[model.event_feature(e)];
    let a = &model.articles[model.event_article(e)];
    [
        ev.platform.clone(),
        p.name.clone(),
        ev.feature.clone(),
        f.name.clone(),
        ev.status.as_str().to_string(),
        ev.date.map(|d| d.to_string()).unwrap_or_default(),
        ev.date
            .and_then(|d| d.part)
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        ev.article.clone(),
        a.title.clone(),
        a.published
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        a.source.clone().unwrap_or_default(),
        ev.paragraph.to_string(),
        model.evidence(e).to_string(),
    ]
}

/// Escapes text for a Markdown table cell.
pub fn md_cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

/// The platform × feature matrix, then one row per event.
pub fn to_markdown(model: &Model) -> String {
    let mut out = String::from("# socialscope\n\n");
    out.push_str(&format!(
        "{} articles, {} events, {} platforms with events.\n\n## Matrix\n\n",
        model.articles.len(),
        model.events.len(),
        model.rows(SortBy::Activity, false).len()
    ));
    out.push_str(&matrix_markdown(model));
    out.push_str("\n## Events\n\n| date | platform | feature | status | article | evidence |\n|---|---|---|---|---|---|\n");
    for e in model.timeline(None, None) {
        let ev = &model.events[e];
        let p = &model.knowledge.platforms[model.event_platform(e)];
        let f = &model.knowledge.features[model.event_feature(e)];
        let a = &model.articles[model.event_article(e)];
        let date = match ev.date {
            Some(d) => match d.part {
                Some(part) => format!("{d} ({})", part.as_str()),
                None => d.to_string(),
            },
            None => "—".to_string(),
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} ¶{} | {} |\n",
            date,
            md_cell(&p.name),
            md_cell(&f.name),
            ev.status.as_str(),
            md_cell(&a.title),
            ev.paragraph,
            md_cell(if ev.sentence.is_empty() {
                model.evidence(e)
            } else {
                &ev.sentence
            }),
        ));
    }
    out
}

/// The matrix as a Markdown table: a cell is `status date` for its strongest status and earliest
/// date; standalone apps are indented under their parent.
pub fn matrix_markdown(model: &Model) -> String {
    let rows = model.rows(SortBy::Activity, false).into_iter().map(|row| {
        let p = &model.knowledge.platforms[row.platform];
        let indent = if row.depth > 0 { "└ " } else { "" };
        let cells = (0..model.knowledge.features.len())
            .map(|f| {
                model
                    .cell_summary(row.platform, f)
                    .map(|c| (c.status, c.earliest))
            })
            .collect();
        (format!("{indent}{}", p.name), cells)
    });
    grid_markdown(model, "platform", rows)
}

/// One row of a feature grid: its label, then per feature the status and date to show.
pub type GridRow = (
    String,
    Vec<Option<(crate::extract::Status, Option<crate::date::Date>)>>,
);

/// A label column × feature columns Markdown table, shared by the matrix and the company roll-up
/// so both read the same way (`launched 2019-10`).
pub fn grid_markdown(
    model: &Model,
    corner: &str,
    rows: impl IntoIterator<Item = GridRow>,
) -> String {
    let feats = &model.knowledge.features;
    let mut out = format!("| {} |", md_cell(corner));
    for f in feats {
        out.push_str(&format!(" {} |", md_cell(&f.name)));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(feats.len()));
    out.push('\n');
    for (label, cells) in rows {
        out.push_str(&format!("| {} |", md_cell(&label)));
        for c in cells {
            match c {
                Some((status, date)) => {
                    let date = date.map(|d| format!(" {d}")).unwrap_or_default();
                    out.push_str(&format!(" {}{date} |", status.as_str()));
                }
                None => out.push_str(" |"),
            }
        }
        out.push('\n');
    }
    out
}

/// Writes a file atomically: a temporary file in the same folder, then a rename, so readers see the
/// old file or the new one, never half of one.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".socialscope-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
