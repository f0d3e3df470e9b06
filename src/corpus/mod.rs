//! Reading articles: files on disk (or embedded) → [`Article`]s made of clean text [`Block`]s.
//!
//! Owns: walking corpus folders, front matter, HTML → blocks, publication dates, size limits and the
//! diagnostics for every file that is bad in some way. Knows nothing of platforms or features.
//! Never writes anything.

use serde::{Deserialize, Serialize};

/// What kind of text a block is; headings keep their level for the reader view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Heading(u8),
    Paragraph,
    Quote,
    ListItem,
    /// An image caption (`<p class="img-desc">`).
    Caption,
}

/// One block of plain text, addressed by its index in [`Article::blocks`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    /// Clean plain text: inline elements joined without spaces, white space collapsed,
    /// full-width spaces normalised, control characters removed, NFC.
    pub text: String,
}

/// One article: metadata from the front matter and the body as ordered blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Stable id: the path relative to its corpus root, `/`-separated, without the extension.
    pub id: String,
    /// The path as the user would type it (corpus root joined with the relative path), or
    /// `embedded:NAME` for the bundled articles.
    pub path: String,
    pub title: String,
    pub published: Option<chrono::NaiveDate>,
    /// The source site: the second `categories` entry when present.
    pub source: Option<String>,
    pub author: Option<String>,
    pub categories: Vec<String>,
    pub blocks: Vec<Block>,
    /// Size of the file in bytes (for progress and MB/s).
    pub size: u64,
}

/// Limits that keep a hostile corpus from exhausting the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Files larger than this are skipped with a diagnostic.
    pub max_file_size: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_file_size: 16 * 1024 * 1024,
        }
    }
}

/// A file found under a corpus root, not yet read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRef {
    /// See [`Article::id`].
    pub id: String,
    /// Full path on disk.
    pub path: std::path::PathBuf,
    pub size: u64,
}

/// The extensions taken as articles.
pub const EXTENSIONS: &[&str] = &["md", "markdown", "txt", "html", "htm"];

/// Finds article files under the roots, recursively, sorted by path; problems (a missing root, an
/// unreadable folder, a symlink loop) become diagnostics. Ids are unique across roots.
pub fn discover(roots: &[std::path::PathBuf]) -> (Vec<FileRef>, Vec<crate::Diagnostic>) {
    let _ = roots;
    (Vec::new(), Vec::new())
}

/// Reads and parses one discovered file; a file that cannot be read at all gives `None`.
pub fn load_file(file: &FileRef, opts: &LoadOptions) -> (Option<Article>, Vec<crate::Diagnostic>) {
    let _ = (file, opts);
    (None, Vec::new())
}

/// Parses one article from its bytes. Lossy: invalid UTF-8, broken front matter and the like load
/// what they can and add a diagnostic. `path` is only used in diagnostics and [`Article::path`].
pub fn parse_article(id: &str, path: &str, bytes: &[u8]) -> (Article, Vec<crate::Diagnostic>) {
    let _ = bytes;
    (
        Article {
            id: id.to_string(),
            path: path.to_string(),
            title: id.to_string(),
            published: None,
            source: None,
            author: None,
            categories: Vec::new(),
            blocks: Vec::new(),
            size: 0,
        },
        Vec::new(),
    )
}
