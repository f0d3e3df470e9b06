//! The knowledge base: which platforms, companies and social features exist, and every name an
//! article may use for them.
//!
//! Loaded from `platforms.yaml`, `companies.yaml` and `features.yaml` (embedded copies of `data/`,
//! or a `--data DIR`), validated so that a bad entry is reported with its file, line and id instead
//! of producing silently wrong extractions.
//!
//! `load` parses (through [`crate::yaml`] only, into types that deny unknown keys) and reads
//! folders; `validate` holds the rules; `lines` finds the line an entry or alias sits on, since
//! the typed parse forgets positions. Nothing here knows about articles.

use serde::{Deserialize, Serialize};
use std::path::Path;

mod lines;
mod load;
mod validate;

pub use validate::{MIN_ALIAS_CHARS, name_key};

/// A product people use: an app, a site, or a standalone app belonging to a bigger one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct Company {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A social feature, with the words that name it in articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
///
/// # Names and namespaces
///
/// Each name or alias (compared NFC, trimmed, case-insensitively) points at one platform only,
/// and at one feature only. Companies and platforms are separate namespaces with one link: a
/// company's name or alias may equal a platform's name or alias only when that platform belongs
/// to the company (company `美团`, platform `美团` with `company: 美团`). The extractor reads such
/// a word as the platform; other company words (`字节跳动`, `ByteDance`) stand for the company,
/// whose platforms are [`Knowledge::company_platforms`].
///
/// Aliases have at least [`MIN_ALIAS_CHARS`] characters. Standalone apps name their main app in
/// `parent` (多闪 → 抖音); parents exist and never loop. A platform's `company` is a company
/// `name` (not an alias) from `companies.yaml`; when there is no `companies.yaml` at all, company
/// names are taken as written and not checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Knowledge {
    pub platforms: Vec<Platform>,
    pub companies: Vec<Company>,
    pub features: Vec<Feature>,
}

/// Why a knowledge base was refused; names the file, the line where known, and the entry.
///
/// Displays as `platforms.yaml:12: entry `duoshan`: parent `douyn` is not a platform id`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {}{message}", line.map(|l| format!(":{l}")).unwrap_or_default(), entry.as_ref().map(|e| format!("entry `{e}`: ")).unwrap_or_default())]
pub struct KnowledgeError {
    pub file: String,
    pub line: Option<usize>,
    pub entry: Option<String>,
    pub message: String,
}

/// One YAML file: its name (for error messages) and its text.
#[derive(Debug, Clone, Copy)]
pub struct YamlSource<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

impl Knowledge {
    /// Parses and validates the three files; the first problem found is the error.
    ///
    /// A blank `companies` text means there is no company list (see [`Knowledge`]).
    pub fn from_sources(
        platforms: YamlSource<'_>,
        companies: YamlSource<'_>,
        features: YamlSource<'_>,
    ) -> Result<Knowledge, KnowledgeError> {
        Self::check_sources(platforms, companies, features).map_err(|mut errs| errs.remove(0))
    }

    /// Like [`Knowledge::from_sources`] but reports every validation problem at once (a parse
    /// error stops at that file), for a `check` command or a data author fixing several entries.
    /// The error list is never empty.
    pub fn check_sources(
        platforms: YamlSource<'_>,
        companies: YamlSource<'_>,
        features: YamlSource<'_>,
    ) -> Result<Knowledge, Vec<KnowledgeError>> {
        let mut ps = load::platforms(platforms).map_err(|e| vec![e])?;
        let mut cs = load::companies(companies).map_err(|e| vec![e])?;
        let mut fs = load::features(features).map_err(|e| vec![e])?;
        for p in &mut ps {
            validate::tidy(&mut p.name);
            p.aliases.iter_mut().for_each(validate::tidy);
            if let Some(c) = &mut p.company {
                validate::tidy(c);
            }
        }
        for c in cs.iter_mut().flatten() {
            validate::tidy(&mut c.name);
            c.aliases.iter_mut().for_each(validate::tidy);
        }
        for f in &mut fs {
            validate::tidy(&mut f.name);
            f.aliases.iter_mut().for_each(validate::tidy);
        }
        let errs = validate::validate(&ps, cs.as_deref(), &fs, [platforms, companies, features]);
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(Knowledge {
            platforms: ps,
            companies: cs.unwrap_or_default(),
            features: fs,
        })
    }

    /// Reads `platforms.yaml`, `companies.yaml` and `features.yaml` from a folder.
    ///
    /// `platforms.yaml` and `features.yaml` must exist (the error names the missing path);
    /// without `companies.yaml` there are no companies and company names go unchecked.
    pub fn load_dir(dir: &Path) -> Result<Knowledge, KnowledgeError> {
        let ppath = dir.join("platforms.yaml");
        let cpath = dir.join("companies.yaml");
        let fpath = dir.join("features.yaml");
        let ptext = load::read_required(&ppath)?;
        let ctext = load::read_optional(&cpath)?.unwrap_or_default();
        let ftext = load::read_required(&fpath)?;
        let (pname, cname, fname) = (
            ppath.display().to_string(),
            cpath.display().to_string(),
            fpath.display().to_string(),
        );
        Self::from_sources(
            YamlSource {
                name: &pname,
                text: &ptext,
            },
            YamlSource {
                name: &cname,
                text: &ctext,
            },
            YamlSource {
                name: &fname,
                text: &ftext,
            },
        )
    }
}

/// Lookups for the extractor, the model and the views. Linear scans: the lists hold hundreds of
/// entries and the fields stay public, so no hidden index can go stale.
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

    /// Index of the platform a word names (its name or an alias, compared as [`name_key`]).
    pub fn platform_by_name(&self, word: &str) -> Option<usize> {
        let key = name_key(word);
        self.platforms
            .iter()
            .position(|p| p.words().any(|w| name_key(w) == key))
    }

    /// Index of the feature a word names (its name or an alias).
    pub fn feature_by_name(&self, word: &str) -> Option<usize> {
        let key = name_key(word);
        self.features.iter().position(|f| {
            std::iter::once(&f.name)
                .chain(&f.aliases)
                .any(|w| name_key(w) == key)
        })
    }

    /// The company with this name (not alias; see [`Knowledge::company_by_word`]).
    pub fn company(&self, name: &str) -> Option<&Company> {
        self.companies.iter().find(|c| c.name == name)
    }

    /// The company a word names: its name or an alias (`字节` → 字节跳动).
    pub fn company_by_word(&self, word: &str) -> Option<&Company> {
        let key = name_key(word);
        self.companies.iter().find(|c| {
            std::iter::once(&c.name)
                .chain(&c.aliases)
                .any(|w| name_key(w) == key)
        })
    }

    /// The company record of a platform, when it names one that is listed.
    pub fn company_of(&self, platform: usize) -> Option<&Company> {
        let name = self.platforms.get(platform)?.company.as_deref()?;
        self.company(name)
    }

    /// Indexes of the platforms of a company (by company name), in file order.
    pub fn company_platforms(&self, company: &str) -> Vec<usize> {
        (0..self.platforms.len())
            .filter(|&p| self.platforms[p].company.as_deref() == Some(company))
            .collect()
    }

    /// Index of a platform's parent (the main app of a standalone app).
    pub fn parent(&self, platform: usize) -> Option<usize> {
        let id = self.platforms.get(platform)?.parent.as_deref()?;
        self.platform_index(id).filter(|&q| q != platform)
    }

    /// Indexes of the standalone apps whose parent is this platform, in file order.
    pub fn children(&self, platform: usize) -> Vec<usize> {
        let Some(id) = self.platforms.get(platform).map(|p| p.id.as_str()) else {
            return Vec::new();
        };
        (0..self.platforms.len())
            .filter(|&c| c != platform && self.platforms[c].parent.as_deref() == Some(id))
            .collect()
    }

    /// The main platform of a family: follows parents to the top (多闪 → 抖音).
    pub fn root(&self, platform: usize) -> usize {
        let mut cur = platform;
        for _ in 0..self.platforms.len() {
            match self.parent(cur) {
                Some(p) => cur = p,
                None => break,
            }
        }
        cur
    }
}

impl Platform {
    /// The name, then every alias: all the words that name this platform.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}
