//! The user's own additions to the knowledge base: platforms and aliases they taught socialscope
//! (from the dashboard's discover panel, or by editing the file).
//!
//! They live in one YAML file in the user's config folder —
//! `dirs::config_dir()/socialscope/knowledge.yaml` (`~/.config/socialscope/knowledge.yaml` on
//! Linux), or `$SOCIALSCOPE_CONFIG_DIR/knowledge.yaml` when that variable is set — and never in a
//! corpus folder, which socialscope treats as read-only. The file is written atomically, so a
//! crash mid-write leaves the previous version.
//!
//! ```yaml
//! platforms:
//! - id: huantuo
//!   name: 欢脱
//!   company: 快手科技
//!   parent: kuaishou
//! aliases:
//!   co_watch:
//!   - 一起看视频
//! ```
//!
//! `aliases` maps a platform, company or feature id to extra names. [`UserFile::merge_into`]
//! applies the file on top of the bundled (or `--data`) knowledge base; a conflict (a duplicate id,
//! a name another entry already uses, an unknown target) is an error naming the file, never a
//! silent override.

use crate::knowledge::{Knowledge, KnowledgeError, Platform};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The environment variable that replaces the config folder (tests, portable set-ups).
pub const CONFIG_DIR_ENV: &str = "SOCIALSCOPE_CONFIG_DIR";

/// The file's name inside the config folder.
pub const FILE_NAME: &str = "knowledge.yaml";

/// What the file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserKnowledge {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub platforms: Vec<Platform>,
    /// Target id (platform, company or feature) → extra names.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub aliases: BTreeMap<String, Vec<String>>,
}

impl UserKnowledge {
    pub fn is_empty(&self) -> bool {
        self.platforms.is_empty() && self.aliases.is_empty()
    }
}

/// Why the user file could not be read, written or changed.
#[derive(Debug, thiserror::Error)]
pub enum UserDataError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: cannot write: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    /// Unparsable YAML, or an addition that conflicts with what is known.
    #[error(transparent)]
    Invalid(#[from] KnowledgeError),
    #[error("no config folder on this system; set {CONFIG_DIR_ENV}")]
    NoConfigDir,
}

/// So the loader can keep returning [`KnowledgeError`]: every problem becomes one naming the file.
impl From<UserDataError> for KnowledgeError {
    fn from(e: UserDataError) -> Self {
        match e {
            UserDataError::Invalid(k) => k,
            UserDataError::Read { path, source } | UserDataError::Write { path, source } => {
                KnowledgeError {
                    file: path,
                    line: None,
                    entry: None,
                    message: source.to_string(),
                }
            }
            UserDataError::NoConfigDir => KnowledgeError {
                file: FILE_NAME.into(),
                line: None,
                entry: None,
                message: format!("no config folder on this system; set {CONFIG_DIR_ENV}"),
            },
        }
    }
}

/// The user's knowledge file: where it is, and reading, changing and applying it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserFile {
    pub path: PathBuf,
}

/// The config folder: `$SOCIALSCOPE_CONFIG_DIR`, else `dirs::config_dir()/socialscope`.
pub fn config_dir() -> Option<PathBuf> {
    match std::env::var_os(CONFIG_DIR_ENV) {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => dirs::config_dir().map(|d| d.join("socialscope")),
    }
}

impl UserFile {
    /// The file in the default place (see [`config_dir`]).
    pub fn default_location() -> Result<UserFile, UserDataError> {
        config_dir()
            .map(|d| UserFile::at(d.join(FILE_NAME)))
            .ok_or(UserDataError::NoConfigDir)
    }

    pub fn at(path: impl Into<PathBuf>) -> UserFile {
        UserFile { path: path.into() }
    }

    fn name(&self) -> String {
        self.path.display().to_string()
    }

    fn invalid(&self, line: Option<usize>, entry: Option<&str>, message: String) -> KnowledgeError {
        KnowledgeError {
            file: self.name(),
            line,
            entry: entry.map(str::to_string),
            message,
        }
    }

    /// The file's contents; a missing (or empty) file is an empty set of additions.
    pub fn read(&self) -> Result<UserKnowledge, UserDataError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Default::default()),
            Err(source) => {
                return Err(UserDataError::Read {
                    path: self.name(),
                    source,
                });
            }
        };
        if text.trim().is_empty() {
            return Ok(UserKnowledge::default());
        }
        crate::yaml::from_str(&text)
            .map_err(|e| UserDataError::Invalid(self.invalid(e.line, None, e.message)))
    }

    /// Replaces the file's contents atomically, creating the config folder when needed.
    pub fn write(&self, data: &UserKnowledge) -> Result<(), UserDataError> {
        let werr = |source| UserDataError::Write {
            path: self.name(),
            source,
        };
        let yaml = crate::yaml::to_string(&FileOut::from(data))
            .map_err(|e| UserDataError::Invalid(self.invalid(None, None, e.message)))?;
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(werr)?;
        }
        let text = format!(
            "# socialscope: your additions to the knowledge base (platforms, and aliases by target id).\n{yaml}"
        );
        crate::export::write_atomic(&self.path, text.as_bytes()).map_err(werr)
    }

    /// Adds a platform, after checking it against `known` (the knowledge base in use, with or
    /// without this file merged) and the file itself: a new id, names nobody else uses, a known
    /// parent.
    pub fn add_platform(&self, known: &Knowledge, platform: Platform) -> Result<(), UserDataError> {
        let mut data = self.read()?;
        let mut k = known.clone();
        // Apply what the file already holds, skipping what `known` already contains (it may be
        // the merged knowledge base), so a conflict with the file is found too.
        absorb_platforms(&mut k, &data);
        check_platform(&k, &platform).map_err(|m| self.invalid(None, Some(&platform.id), m))?;
        data.platforms.push(platform);
        self.write(&data)
    }

    /// Adds `alias` as another name of `target` (a platform, company or feature id). Adding a
    /// name the target already has is a no-op; a name another entry uses is refused.
    pub fn add_alias(
        &self,
        known: &Knowledge,
        target: &str,
        alias: &str,
    ) -> Result<(), UserDataError> {
        let alias = alias.trim();
        let mut data = self.read()?;
        let mut k = known.clone();
        absorb_platforms(&mut k, &data);
        if alias.is_empty() {
            return Err(self
                .invalid(None, Some(target), "empty alias".into())
                .into());
        }
        let Some(t) = find_target(&k, target) else {
            return Err(self
                .invalid(
                    None,
                    Some(target),
                    "no platform, company or feature has this id".into(),
                )
                .into());
        };
        let owners = owners_of(&k, alias);
        if owners.contains(&t)
            || data
                .aliases
                .get(target)
                .is_some_and(|v| v.iter().any(|a| a == alias))
        {
            return Ok(());
        }
        if let Some(other) = owners.first() {
            return Err(self
                .invalid(
                    None,
                    Some(target),
                    format!("`{alias}` already names {}", other.describe(&k)),
                )
                .into());
        }
        data.aliases
            .entry(target.to_string())
            .or_default()
            .push(alias.to_string());
        self.write(&data)
    }

    /// Teaches a discovered name ([`crate::discover::Suggestion`]): a platform is added as is, a
    /// feature alias to its feature. A feature alias without a guessed feature needs the user's
    /// choice first (set `feature`), and is refused until then.
    pub fn accept(
        &self,
        known: &Knowledge,
        suggestion: &crate::discover::Suggestion,
    ) -> Result<(), UserDataError> {
        use crate::discover::Suggestion;
        match suggestion {
            Suggestion::Platform(p) => self.add_platform(known, p.clone()),
            Suggestion::FeatureAlias {
                feature: Some(f),
                alias,
            } => self.add_alias(known, f, alias),
            Suggestion::FeatureAlias {
                feature: None,
                alias,
            } => Err(self
                .invalid(
                    None,
                    Some(alias),
                    "choose the feature this name belongs to".into(),
                )
                .into()),
        }
    }

    /// Applies the file to a knowledge base: platforms appended, aliases added to their targets.
    /// A missing file changes nothing. Errors name this file (and the line of the entry when it
    /// can be found).
    pub fn merge_into(&self, k: &mut Knowledge) -> Result<(), UserDataError> {
        let data = self.read()?;
        let text = std::fs::read_to_string(&self.path).unwrap_or_default();
        let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).map(|i| i + 1);
        for p in &data.platforms {
            check_platform(k, p)
                .map_err(|m| self.invalid(line_of(&format!("id: {}", p.id)), Some(&p.id), m))?;
            k.platforms.push(p.clone());
        }
        for (target, aliases) in &data.aliases {
            let line = line_of(&format!("{target}:"));
            let Some(t) = find_target(k, target) else {
                return Err(self
                    .invalid(
                        line,
                        Some(target),
                        "no platform, company or feature has this id".into(),
                    )
                    .into());
            };
            for alias in aliases {
                let alias = alias.trim();
                if alias.is_empty() {
                    return Err(self
                        .invalid(line, Some(target), "empty alias".into())
                        .into());
                }
                let owners = owners_of(k, alias);
                if owners.contains(&t) {
                    continue;
                }
                if let Some(other) = owners.first() {
                    return Err(self
                        .invalid(
                            line,
                            Some(target),
                            format!("`{alias}` already names {}", other.describe(k)),
                        )
                        .into());
                }
                match t {
                    Target::Platform(i) => k.platforms[i].aliases.push(alias.to_string()),
                    Target::Company(i) => k.companies[i].aliases.push(alias.to_string()),
                    Target::Feature(i) => k.features[i].aliases.push(alias.to_string()),
                }
            }
        }
        Ok(())
    }
}

/// The file as written: empty fields left out, so the file stays as short as one written by hand.
#[derive(Serialize)]
struct FileOut<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    platforms: Vec<PlatformOut<'a>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    aliases: &'a BTreeMap<String, Vec<String>>,
}

#[derive(Serialize)]
struct PlatformOut<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    aliases: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    company: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
}

impl<'a> From<&'a UserKnowledge> for FileOut<'a> {
    fn from(d: &'a UserKnowledge) -> Self {
        FileOut {
            platforms: d
                .platforms
                .iter()
                .map(|p| PlatformOut {
                    id: &p.id,
                    name: &p.name,
                    aliases: &p.aliases,
                    company: p.company.as_deref(),
                    parent: p.parent.as_deref(),
                    kind: p.kind.as_deref(),
                })
                .collect(),
            aliases: &d.aliases,
        }
    }
}

/// Adds the file's platforms that `k` lacks (`k` may already be the merged knowledge base).
fn absorb_platforms(k: &mut Knowledge, data: &UserKnowledge) {
    for p in &data.platforms {
        if k.platform_index(&p.id).is_none() {
            k.platforms.push(p.clone());
        }
    }
}

/// What an alias can be attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Platform(usize),
    Company(usize),
    Feature(usize),
}

impl Target {
    fn describe(self, k: &Knowledge) -> String {
        match self {
            Target::Platform(i) => format!("platform `{}`", k.platforms[i].id),
            Target::Company(i) => format!("company `{}`", k.companies[i].id),
            Target::Feature(i) => format!("feature `{}`", k.features[i].id),
        }
    }
}

fn find_target(k: &Knowledge, id: &str) -> Option<Target> {
    k.platform_index(id)
        .map(Target::Platform)
        .or_else(|| {
            k.companies
                .iter()
                .position(|c| c.id == id)
                .map(Target::Company)
        })
        .or_else(|| k.feature_index(id).map(Target::Feature))
}

/// Every entry that already answers to `name` (as its name or an alias), ignoring case.
fn owners_of(k: &Knowledge, name: &str) -> Vec<Target> {
    let n = name.to_lowercase();
    let hit = |main: &str, aliases: &[String]| {
        main.to_lowercase() == n || aliases.iter().any(|a| a.to_lowercase() == n)
    };
    let mut out = Vec::new();
    out.extend(
        k.platforms
            .iter()
            .enumerate()
            .filter(|(_, p)| hit(&p.name, &p.aliases))
            .map(|(i, _)| Target::Platform(i)),
    );
    out.extend(
        k.companies
            .iter()
            .enumerate()
            .filter(|(_, c)| hit(&c.name, &c.aliases))
            .map(|(i, _)| Target::Company(i)),
    );
    out.extend(
        k.features
            .iter()
            .enumerate()
            .filter(|(_, f)| hit(&f.name, &f.aliases))
            .map(|(i, _)| Target::Feature(i)),
    );
    out
}

/// Whether a new platform fits into `k`; the reason when not.
fn check_platform(k: &Knowledge, p: &Platform) -> Result<(), String> {
    let id_ok = !p.id.is_empty()
        && p.id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if !id_ok {
        return Err("an id is lower-case ASCII letters, digits, `_` or `-`".into());
    }
    if p.name.trim().is_empty() {
        return Err("a platform needs a name".into());
    }
    if k.platform_index(&p.id).is_some() {
        return Err("a platform with this id already exists".into());
    }
    if let Some(parent) = p
        .parent
        .as_ref()
        .filter(|id| k.platform_index(id).is_none())
    {
        return Err(format!("parent `{parent}` is not a known platform"));
    }
    for name in std::iter::once(&p.name).chain(p.aliases.iter()) {
        if let Some(other) = owners_of(k, name).first() {
            return Err(format!("`{name}` already names {}", other.describe(k)));
        }
    }
    Ok(())
}

/// Convenience for loading: the default user file merged into `k`. Returns the file's path when
/// it added anything, for a status line ("+ 3 platforms from ~/.config/socialscope/knowledge.yaml").
pub fn merge_default(k: &mut Knowledge) -> Result<Option<PathBuf>, UserDataError> {
    let file = match UserFile::default_location() {
        Ok(f) => f,
        // No config folder at all: nothing the user could have added.
        Err(UserDataError::NoConfigDir) => return Ok(None),
        Err(e) => return Err(e),
    };
    if !file.path.exists() {
        return Ok(None);
    }
    file.merge_into(k)?;
    Ok(Some(file.path))
}
