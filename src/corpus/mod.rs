//! Reading articles: files on disk (or embedded) → [`Article`]s made of clean text [`Block`]s.
//!
//! Owns: walking corpus folders, front matter, HTML → blocks, publication dates, size limits and the
//! diagnostics for every file that is bad in some way. Knows nothing of platforms or features.
//! Never writes anything.

mod frontmatter;
mod html;
mod plain;
mod published;
mod read;
mod walk;

use crate::{Diagnostic, text};
use serde::{Deserialize, Serialize};
use std::path::Path;

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

/// One block of plain text, addressed by its index in [`Article::blocks`]: its kind and where its
/// text lies in [`Article::text`].
///
/// The text of every block of an article is one string, so reading an article allocates once for
/// its text rather than once per block (half a million blocks on a 10,000-article corpus), and the
/// cache stores and restores that string whole. Read it with [`Article::block_text`],
/// [`Article::texts`] or [`Article::each_block`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    /// Byte range of the block's text in [`Article::text`] (`u32`: a block list entry stays 12
    /// bytes; [`Block::new`] refuses text past 4 GiB).
    pub start: u32,
    pub end: u32,
}

impl Block {
    /// A block of `kind` whose text is `range` of its article's text; `None` when the range does
    /// not fit in 32 bits (an article with over 4 GiB of text, only possible with a raised
    /// `--max-file-size`).
    pub fn new(kind: BlockKind, range: std::ops::Range<usize>) -> Option<Block> {
        Some(Block {
            kind,
            start: u32::try_from(range.start).ok()?,
            end: u32::try_from(range.end).ok()?,
        })
    }

    /// Byte range of the block's text in [`Article::text`].
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One article: metadata from the front matter and the body as ordered blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The clean text of every block, one after another with nothing between them: inline
    /// elements joined without spaces, white space collapsed, full-width spaces normalised,
    /// control characters removed, NFC (see [`text::clean`]).
    pub text: String,
    /// The blocks in order; each names its range of [`Article::text`].
    pub blocks: Vec<Block>,
    /// Size of the file in bytes (for progress and MB/s).
    pub size: u64,
}

impl Article {
    /// The text of block `i`; empty when there is no such block.
    pub fn block_text(&self, i: usize) -> &str {
        self.blocks.get(i).map_or("", |b| self.text_of(b))
    }

    /// The text of `block`, one of this article's blocks (empty if its range is not in
    /// [`Article::text`], which the loaders never produce).
    pub fn text_of(&self, block: &Block) -> &str {
        self.text.get(block.range()).unwrap_or("")
    }

    /// The text of every block, in order.
    pub fn texts(&self) -> impl ExactSizeIterator<Item = &str> + DoubleEndedIterator + Clone {
        self.blocks.iter().map(|b| self.text_of(b))
    }

    /// Every block's kind and text, in order.
    pub fn each_block(
        &self,
    ) -> impl ExactSizeIterator<Item = (BlockKind, &str)> + DoubleEndedIterator + Clone {
        self.blocks.iter().map(|b| (b.kind, self.text_of(b)))
    }

    /// Appends a block whose text is `text` as given (not cleaned: callers building articles by
    /// hand, such as tests, pass clean text). Ignored past 4 GiB of text (see [`Block::new`]).
    pub fn push_block(&mut self, kind: BlockKind, text: &str) {
        let start = self.text.len();
        if let Some(block) = Block::new(kind, start..start + text.len()) {
            self.text.push_str(text);
            self.blocks.push(block);
        }
    }

    /// An article with id, path and title `id` and these blocks, for tests and examples.
    pub fn with_blocks<'a>(
        id: &str,
        blocks: impl IntoIterator<Item = (BlockKind, &'a str)>,
    ) -> Self {
        let mut article = Article {
            id: id.into(),
            path: id.into(),
            title: id.into(),
            ..Article::default()
        };
        for (kind, text) in blocks {
            article.push_block(kind, text);
        }
        article
    }
}

/// An article's blocks as they are read: each block's text is cleaned straight onto the end of
/// the one text they all share, and a block is only its kind and range, so reading a block
/// allocates and copies nothing of its own.
#[derive(Debug)]
pub(crate) struct Body {
    /// The text so far; its current piece is the text of the block being read.
    pub(crate) text: text::Cleaner,
    pub(crate) blocks: Vec<Block>,
    /// A block was dropped because the text passed 4 GiB (see [`Block::new`]).
    too_long: bool,
}

impl Body {
    /// An empty body with room for `text` bytes of clean text and `blocks` blocks.
    pub(crate) fn with_capacity(text: usize, blocks: usize) -> Self {
        Body {
            text: text::Cleaner::with_capacity(text),
            blocks: Vec::with_capacity(blocks),
            too_long: false,
        }
    }

    /// Ends the block being read: a block of `kind` when its clean text is not empty.
    ///
    /// Inlined, with the recording kept out of line: the HTML builder ends a block at every
    /// block element's start and end, and more than half of those blocks are empty.
    #[inline]
    pub(crate) fn end_block(&mut self, kind: BlockKind) {
        let piece = self.text.end_piece();
        if !piece.is_empty() {
            self.record(kind, piece);
        }
    }

    /// Records a block of `kind` over `piece`, the text of the piece just ended; once a block
    /// is dropped for passing 4 GiB, every later one is too (no hole in the middle).
    #[inline(never)]
    fn record(&mut self, kind: BlockKind, piece: std::ops::Range<usize>) {
        match Block::new(kind, piece.clone()).filter(|_| !self.too_long) {
            Some(block) => self.blocks.push(block),
            None => {
                self.text.truncate(piece.start);
                self.too_long = true;
            }
        }
    }

    /// The text and its blocks (text pushed since the last [`Body::end_block`] is dropped, so the
    /// blocks cover the text exactly); a problem when text had to be dropped.
    pub(crate) fn finish(mut self, problems: &mut Vec<String>) -> (String, Vec<Block>) {
        let rest = self.text.end_piece();
        self.text.truncate(rest.start);
        if self.too_long {
            problems.push("article text over 4 GiB; the rest dropped".into());
        }
        let (mut text, mut blocks) = (self.text.into_text(), self.blocks);
        // The room was guessed from the HTML (text is about 80% of it in news articles): an
        // article mostly markup would keep several times its text for as long as the model
        // lives, so room over twice what is used is given back (one copy, for those only).
        if text.capacity() / 2 > text.len() {
            text.shrink_to_fit();
        }
        if blocks.capacity() / 2 > blocks.len() {
            blocks.shrink_to_fit();
        }
        (text, blocks)
    }
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
    /// The size the walk found; 0 when it took none ([`discover_streaming`]).
    pub size: u64,
}

/// The extensions taken as articles.
pub const EXTENSIONS: &[&str] = &["md", "markdown", "txt", "html", "htm"];

/// Finds article files under the roots, recursively, sorted by path; problems (a missing root, an
/// unreadable folder, a symlink loop) become diagnostics. Ids are unique across roots.
pub fn discover(roots: &[std::path::PathBuf]) -> (Vec<FileRef>, Vec<crate::Diagnostic>) {
    walk::discover(roots)
}

/// [`discover`] for a loader that starts on the files while the walk goes on: hands them to
/// `emit` in path order, a few at a time, as it finds them, and returns the diagnostics (the same,
/// in the same order as [`discover`]'s) once the walk has ended.
///
/// No `stat` is taken of a file the folder listing calls regular (most of a walk's time): such a
/// [`FileRef`] has size 0 and [`load_file`] asks the open file instead, which is cheaper than
/// asking by name. So a file that vanishes or is replaced between the listing and the read is
/// reported by [`load_file`], among the files' diagnostics, rather than by the walk as in
/// [`discover`]: the diagnostics are the same except in that race. With several roots the order is only known at the end, and the files come all
/// at once.
pub fn discover_streaming(
    roots: &[std::path::PathBuf],
    emit: impl FnMut(Vec<FileRef>),
) -> Vec<crate::Diagnostic> {
    walk::stream(roots, emit)
}

/// Titles longer than this many characters are cut (a title is a line in a list, not a text).
pub const MAX_TITLE_CHARS: usize = 500;

/// A byte count for people: `12.0 MB`.
fn human_size(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / MB)
    } else if bytes >= 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

fn too_big(size: u64, limit: u64) -> String {
    let exact = if size >= 1024 {
        format!(" ({size} bytes)")
    } else {
        String::new()
    };
    format!(
        "file is {}{exact}, over the {} limit; skipped (raise it with --max-file-size)",
        human_size(size),
        human_size(limit)
    )
}

/// Reads and parses one discovered file; a file that cannot be read at all gives `None`.
///
/// Skipped with a diagnostic: files that vanished or cannot be read, files over
/// [`LoadOptions::max_file_size`], empty files and binary files (NUL bytes).
pub fn load_file(file: &FileRef, opts: &LoadOptions) -> (Option<Article>, Vec<crate::Diagnostic>) {
    let shown = file.path.display().to_string();
    let skip = |message: String| (None, vec![Diagnostic::new(shown.clone(), message)]);
    let io_message = |e: &std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => "file vanished before it could be read".to_string(),
        std::io::ErrorKind::PermissionDenied => "cannot read: permission denied".to_string(),
        _ => format!("cannot read: {e}"),
    };
    let mut f = match std::fs::File::open(&file.path) {
        Ok(f) => f,
        Err(e) => return skip(io_message(&e)),
    };
    // The walk's size sizes the read: asking the open file again cost a system call per file
    // for an answer that is nearly always the same. Only a file the walk found too big is asked
    // (it may have shrunk), or one it found empty or took no size of ([`discover_streaming`]);
    // one that grew past the limit since is caught by the read's cap ([`check_and_parse`]).
    let mut size = file.size;
    if size > opts.max_file_size || size == 0 {
        size = match f.metadata() {
            Ok(m) if m.is_dir() => return skip(FOLDER.into()),
            Ok(m) if m.len() > opts.max_file_size => {
                return skip(too_big(m.len(), opts.max_file_size));
            }
            Ok(m) => m.len(),
            Err(e) => return skip(io_message(&e)),
        };
    }
    read::with_buffer(|buf| {
        let read = read::read_capped(&mut f, size, opts.max_file_size, buf);
        match read {
            Ok(n) => check_and_parse(file, &shown, &buf[..n], opts),
            Err(e) if e.kind() == std::io::ErrorKind::IsADirectory => skip(FOLDER.into()),
            Err(e) => skip(io_message(&e)),
        }
    })
}

/// What [`load_file`] says of a path that turned out to be a folder (swapped in after the walk).
const FOLDER: &str = "is a folder, not a file";

/// The checks on the bytes read ([`load_file`]), then the parse.
fn check_and_parse(
    file: &FileRef,
    shown: &str,
    bytes: &[u8],
    opts: &LoadOptions,
) -> (Option<Article>, Vec<crate::Diagnostic>) {
    let skip = |message: String| (None, vec![Diagnostic::new(shown, message)]);
    if bytes.len() as u64 > opts.max_file_size {
        return skip(too_big(bytes.len() as u64, opts.max_file_size));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return skip("empty file; skipped".into());
    }
    if read::has_nul(bytes) {
        return skip("binary file (contains NUL bytes); skipped".into());
    }
    let (mut article, diags) = parse_article(&file.id, shown, bytes);
    article.size = bytes.len() as u64;
    (Some(article), diags)
}

/// Parses one article from its bytes. Lossy: invalid UTF-8, broken front matter and the like load
/// what they can and add a diagnostic. `path` is only used in diagnostics and [`Article::path`].
///
/// At most one diagnostic is returned: several problems with one file are joined with `; `.
pub fn parse_article(id: &str, path: &str, bytes: &[u8]) -> (Article, Vec<crate::Diagnostic>) {
    let mut problems: Vec<String> = Vec::new();
    let text = read::decode(bytes, &mut problems);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);

    let split = frontmatter::split(text, &mut problems);
    let meta = match split.yaml {
        Some(yaml) => frontmatter::read(yaml, split.yaml_line, &mut problems),
        None => frontmatter::Meta::default(),
    };
    let (body, blocks) = if plain::looks_like_html(split.body) {
        html::blocks(split.body, &mut problems)
    } else {
        plain::blocks(split.body, &mut problems)
    };
    if text.trim().is_empty() {
        problems.push("empty file".into());
    } else if blocks.is_empty() {
        problems.push("no body text".into());
    }

    let title = meta
        .title
        .or_else(|| {
            blocks
                .iter()
                .find(|b| matches!(b.kind, BlockKind::Heading(_)))
                .map(|b| body.get(b.range()).unwrap_or("").to_string())
        })
        .or_else(|| {
            let stem = Path::new(path).file_stem()?.to_string_lossy();
            Some(text::clean(&stem)).filter(|s| !s.is_empty())
        })
        .unwrap_or_else(|| text::clean(id));
    let title = match text::truncate_chars(&title, MAX_TITLE_CHARS) {
        Some(cut) => {
            problems.push(format!(
                "title is {} characters long; cut to {MAX_TITLE_CHARS}",
                title.chars().count()
            ));
            cut
        }
        None => title,
    };
    let source = meta.categories.get(1).or(meta.categories.first()).cloned();
    let diags = if problems.is_empty() {
        Vec::new()
    } else {
        vec![Diagnostic::new(path, problems.join("; "))]
    };
    (
        Article {
            id: id.to_string(),
            path: path.to_string(),
            title,
            published: meta.date,
            source,
            author: meta.author,
            categories: meta.categories,
            text: body,
            blocks,
            size: bytes.len() as u64,
        },
        diags,
    )
}
