//! Parsing the three files into typed lists, and reading them from a folder.
//!
//! Parsing goes through [`crate::yaml`] into structs that deny unknown keys, so a typo such as
//! `alias:` for `aliases:` is an error with a line instead of a silently ignored field.

use super::lines;
use super::{Company, Feature, KnowledgeError, Platform, YamlSource};
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlatformsFile {
    #[serde(default)]
    platforms: Vec<Platform>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompaniesFile {
    #[serde(default)]
    companies: Vec<Company>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FeaturesFile {
    #[serde(default)]
    features: Vec<Feature>,
}

/// True when a text holds no YAML at all (empty, or only blank lines and comments): an empty
/// `companies.yaml`, or the embedded placeholder of a file that does not exist.
pub(crate) fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---"
    })
}

fn parse<T: serde::de::DeserializeOwned>(src: YamlSource<'_>) -> Result<T, KnowledgeError> {
    crate::yaml::from_str(src.text).map_err(|e| KnowledgeError {
        file: src.name.to_string(),
        line: e.line,
        entry: e.line.and_then(|l| lines::entry_at(src.text, l)),
        message: e.message,
    })
}

pub(crate) fn platforms(src: YamlSource<'_>) -> Result<Vec<Platform>, KnowledgeError> {
    if is_blank(src.text) {
        return Ok(Vec::new());
    }
    parse::<PlatformsFile>(src).map(|f| f.platforms)
}

/// `None` when the text is blank: no company list at all, so company names go unchecked.
pub(crate) fn companies(src: YamlSource<'_>) -> Result<Option<Vec<Company>>, KnowledgeError> {
    if is_blank(src.text) {
        return Ok(None);
    }
    parse::<CompaniesFile>(src).map(|f| Some(f.companies))
}

pub(crate) fn features(src: YamlSource<'_>) -> Result<Vec<Feature>, KnowledgeError> {
    if is_blank(src.text) {
        return Ok(Vec::new());
    }
    parse::<FeaturesFile>(src).map(|f| f.features)
}

/// Reads one file of a knowledge folder; `Ok(None)` when it does not exist.
pub(crate) fn read_optional(path: &Path) -> Result<Option<String>, KnowledgeError> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| KnowledgeError {
                file: path.display().to_string(),
                line: None,
                entry: None,
                message: "not valid UTF-8 text".to_string(),
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(KnowledgeError {
            file: path.display().to_string(),
            line: None,
            entry: None,
            message: format!("cannot read: {e}"),
        }),
    }
}

/// Reads a file that must exist.
pub(crate) fn read_required(path: &Path) -> Result<String, KnowledgeError> {
    read_optional(path)?.ok_or_else(|| KnowledgeError {
        file: path.display().to_string(),
        line: None,
        entry: None,
        message: "file not found (a knowledge folder needs platforms.yaml and features.yaml; \
                  companies.yaml is optional)"
            .to_string(),
    })
}
