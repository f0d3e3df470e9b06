//! The bundled default data (`data/`), compiled into the binary so `socialscope` runs from anywhere.

use crate::knowledge::{Knowledge, KnowledgeError, YamlSource};
use include_dir::{Dir, include_dir};

static DATA: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/data");

fn text(name: &str) -> &'static str {
    DATA.get_file(name)
        .and_then(|f| f.contents_utf8())
        .unwrap_or("")
}

/// The bundled knowledge base.
pub fn knowledge() -> Result<Knowledge, KnowledgeError> {
    Knowledge::from_sources(
        YamlSource {
            name: "embedded:platforms.yaml",
            text: text("platforms.yaml"),
        },
        YamlSource {
            name: "embedded:companies.yaml",
            text: text("companies.yaml"),
        },
        YamlSource {
            name: "embedded:features.yaml",
            text: text("features.yaml"),
        },
    )
}

/// The bundled articles as (file name, bytes), sorted by name.
pub fn articles() -> Vec<(&'static str, &'static [u8])> {
    let mut out: Vec<(&'static str, &'static [u8])> = DATA
        .get_dir("articles")
        .map(|d| {
            d.files()
                .filter_map(|f| Some((f.path().file_name()?.to_str()?, f.contents())))
                .collect()
        })
        .unwrap_or_default();
    out.sort_by_key(|(n, _)| *n);
    out
}
