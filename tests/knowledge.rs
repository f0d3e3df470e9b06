//! The knowledge loader: the bundled data loads, and every validation rule refuses bad data with an
//! error naming the file, the line and the entry.

use socialscope::knowledge::{Knowledge, KnowledgeError, YamlSource};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/knowledge");
const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data");

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn features() -> String {
    read(&format!("{FIXTURES}/valid/features.yaml"))
}

/// The bundled platforms and companies, with the fixture features (data/features.yaml belongs to
/// the extraction work and may not exist yet on this branch).
fn bundled() -> Result<Knowledge, KnowledgeError> {
    let p = read(&format!("{DATA}/platforms.yaml"));
    let c = read(&format!("{DATA}/companies.yaml"));
    let f = features();
    Knowledge::from_sources(
        YamlSource {
            name: "platforms.yaml",
            text: &p,
        },
        YamlSource {
            name: "companies.yaml",
            text: &c,
        },
        YamlSource {
            name: "features.yaml",
            text: &f,
        },
    )
}

#[test]
fn bundled_platforms_and_companies_load() {
    let k = bundled().unwrap_or_else(|e| panic!("{e}"));
    assert!(k.platforms.len() >= 100, "{}", k.platforms.len());
    assert!(k.companies.len() >= 20);
}
