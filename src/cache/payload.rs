//! How one cached file is encoded: everything but the block text as postcard, then the text of
//! every block, concatenated (which is [`Article::text`] as the loaders build it).
//!
//! Why not plain postcard of the whole article: block text is nearly all of a pack (about 115 MB
//! on a 150 MB corpus), and decoding it string by string validates the UTF-8 of each block with
//! the scalar validator of the standard library, which on Chinese text was a quarter of a warm
//! open. Here the text is validated once per article with a SIMD validator and copied whole into
//! the article's one text string; blocks are ranges of it at the recorded lengths. A cut that does
//! not fall on a character boundary, or lengths that do not add up to the text, make the entry
//! damaged like a bad checksum.
//!
//! ```text
//! payload: postcard Head | text of block 0 | text of block 1 | ...
//! ```

use crate::Diagnostic;
use crate::corpus::{Article, Block, BlockKind};
use crate::extract::Event;
use serde::{Deserialize, Serialize};

/// The encoding side of [`Head`]: borrows the article instead of copying it. Postcard is not
/// self-describing, so the two must list the same fields in the same order with types that encode
/// alike (`&str` as `String`, `&[T]` as `Vec<T>`); the round-trip tests hold them together.
#[derive(Serialize)]
struct HeadRef<'a> {
    id: &'a str,
    path: &'a str,
    title: &'a str,
    published: Option<chrono::NaiveDate>,
    source: Option<&'a str>,
    author: Option<&'a str>,
    categories: &'a [String],
    size: u64,
    /// Per block: its kind and the byte length of its text.
    blocks: Vec<(BlockKind, u64)>,
    events: &'a [Event],
    diags: &'a [Diagnostic],
}

#[derive(Deserialize)]
struct Head {
    id: String,
    path: String,
    title: String,
    published: Option<chrono::NaiveDate>,
    source: Option<String>,
    author: Option<String>,
    categories: Vec<String>,
    size: u64,
    blocks: Vec<(BlockKind, u64)>,
    events: Vec<Event>,
    diags: Vec<Diagnostic>,
}

/// Encodes one parsed file; `None` only if postcard fails (it does not for these types).
pub(super) fn encode(art: &Article, events: &[Event], diags: &[Diagnostic]) -> Option<Vec<u8>> {
    let head = HeadRef {
        id: &art.id,
        path: &art.path,
        title: &art.title,
        published: art.published,
        source: art.source.as_deref(),
        author: art.author.as_deref(),
        categories: &art.categories,
        size: art.size,
        blocks: (art.each_block())
            .map(|(kind, text)| (kind, text.len() as u64))
            .collect(),
        events,
        diags,
    };
    let text_len: usize = art.texts().map(str::len).sum();
    let mut out = postcard::to_allocvec(&head).ok()?;
    out.reserve_exact(text_len);
    // The loaders' blocks follow one another over the whole text: one copy. Any other article
    // (built by hand) is written block by block, so the payload is the same either way.
    if tiled(art) {
        out.extend_from_slice(art.text.as_bytes());
    } else {
        for text in art.texts() {
            out.extend_from_slice(text.as_bytes());
        }
    }
    Some(out)
}

/// Whether the article's blocks follow one another from the start of its text to its end.
fn tiled(art: &Article) -> bool {
    let mut at = 0;
    for b in &art.blocks {
        if b.range().start != at || art.text.get(b.range()).is_none() {
            return false;
        }
        at = b.range().end;
    }
    at == art.text.len()
}

/// Decodes one payload; `None` when anything does not fit (the entry is then parsed again).
pub(super) fn decode(bytes: &[u8]) -> Option<(Article, Vec<Event>, Vec<Diagnostic>)> {
    let (head, text) = postcard::take_from_bytes::<Head>(bytes).ok()?;
    let text = simdutf8::basic::from_utf8(text).ok()?;
    let mut blocks = Vec::with_capacity(head.blocks.len());
    let mut at = 0usize;
    for (kind, len) in head.blocks {
        let end = at.checked_add(usize::try_from(len).ok()?)?;
        // `get` refuses a range that is out of bounds or cuts a character.
        text.get(at..end)?;
        blocks.push(Block::new(kind, at..end)?);
        at = end;
    }
    if at != text.len() {
        return None;
    }
    let text = text.to_owned();
    let article = Article {
        id: head.id,
        path: head.path,
        title: head.title,
        published: head.published,
        source: head.source,
        author: head.author,
        categories: head.categories,
        text,
        blocks,
        size: head.size,
    };
    Some((article, head.events, head.diags))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::extract::Status;

    fn sample() -> (Article, Vec<Event>, Vec<Diagnostic>) {
        let mut article = Article {
            id: "a/b".into(),
            path: "/corpus/a/b.md".into(),
            title: "微信上线群聊".into(),
            published: chrono::NaiveDate::from_ymd_opt(2020, 3, 1),
            source: Some("36氪".into()),
            author: None,
            categories: vec!["科技".into(), "36氪".into()],
            size: 1234,
            ..Article::default()
        };
        article.push_block(BlockKind::Heading(2), "标题");
        article.push_block(BlockKind::Paragraph, "");
        article.push_block(BlockKind::Quote, "微信于2020年3月上线了群聊 (beta)。");
        let events = vec![Event {
            platform: "weixin".into(),
            feature: "group_chat".into(),
            status: Status::Launched,
            date: Date::ym(2020, 3),
            article: "a/b".into(),
            paragraph: 2,
            sentence: "微信于2020年3月上线了群聊".into(),
            spans: vec![],
        }];
        let diags = vec![Diagnostic::new("/corpus/a/b.md", "no title")];
        (article, events, diags)
    }

    #[test]
    fn round_trips_exactly() {
        let (a, e, d) = sample();
        let bytes = encode(&a, &e, &d).unwrap();
        assert_eq!(decode(&bytes), Some((a, e, d)));
    }

    #[test]
    fn decoding_makes_one_text_the_blocks_share() {
        let (a, e, d) = sample();
        let (back, _, _) = decode(&encode(&a, &e, &d).unwrap()).unwrap();
        assert_eq!(back.text, "标题微信于2020年3月上线了群聊 (beta)。");
        let ranges: Vec<_> = back.blocks.iter().map(Block::range).collect();
        assert_eq!(ranges, [0..6, 6..6, 6..51]);
        assert_eq!(back.block_text(2), "微信于2020年3月上线了群聊 (beta)。");
    }

    #[test]
    fn blocks_built_out_of_order_round_trip_their_texts() {
        // Blocks that do not follow one another over the text (not what the loaders build) are
        // written block by block and come back in order.
        let (mut a, e, d) = sample();
        a.blocks.swap(0, 2);
        a.text.push_str("不属于任何块");
        let (back, _, _) = decode(&encode(&a, &e, &d).unwrap()).unwrap();
        assert!(back.texts().eq(a.texts()));
        assert!(back.each_block().eq(a.each_block()));
        assert_eq!(back.text, a.texts().collect::<String>());
    }

    #[test]
    fn cuts_that_split_a_character_or_leave_text_over_are_damage() {
        let (a, e, d) = sample();
        let bytes = encode(&a, &e, &d).unwrap();
        // One byte less: the last block's cut no longer lands on the end of the text.
        assert_eq!(decode(&bytes[..bytes.len() - 1]), None);
        let mut extra = bytes.clone();
        extra.push(b'x');
        assert_eq!(decode(&extra), None);
        // The first block (Heading(2), two 3-byte characters: `0 2 6`) claimed to be 4 bytes
        // long and the second 2, so the lengths still add up but the first cut splits a character.
        // The block list as encoded: 3 blocks, `0 2 | 6`, `1 | 0` (the empty paragraph), ...
        let pos = bytes
            .windows(6)
            .position(|w| w == [3, 0, 2, 6, 1, 0])
            .unwrap();
        let mut split = bytes.clone();
        split[pos + 3] = 4;
        split[pos + 5] = 2;
        assert_eq!(decode(&split), None);
        // Invalid UTF-8 in the text.
        let mut invalid = bytes.clone();
        let last = invalid.len() - 1;
        invalid[last] = 0xff;
        assert_eq!(decode(&invalid), None);
    }
}
