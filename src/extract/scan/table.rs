//! The scanner's automaton: an Aho–Corasick DFA (standard, overlapping semantics, ASCII
//! case-insensitive) built for the scanner's walk rather than taken from the `aho-corasick`
//! crate.
//!
//! Match states are numbered last, so the walk tells a match with one comparison, and each match
//! state's words (id, length) sit in one flat list, so recording a match is a slice read instead
//! of three lookups per word.
//!
//! A state is named by where its row starts (its number times the row width), so a step is one
//! OR and one load: the walk is a chain of such dependent loads, and the multiplication (later a
//! shift by a variable, two cycles on Intel) that found the row took a third of each link. That
//! takes four bytes a state for the bundled word lists (2.4 MB, rows of 128 classes; it was
//! 1.07 MB with two-byte state numbers): measured on the 10,000-article corpus, the scan took
//! 15-20% less time all the same (the hot rows stay in the L2 cache).

/// A state (the offset of its row) as the table stores it.
pub(super) trait StateId: Copy + Default + std::fmt::Debug {
    /// A state with a 16-bit tag in one machine word: what the walk writes for every step, so
    /// one store per step (see `walk_chunk`).
    type Step: Copy + Default + std::fmt::Debug;
    /// `None` when `i` does not fit.
    fn from_index(i: usize) -> Option<Self>;
    fn index(self) -> usize;
    /// This state with `tag` (below 2^16).
    fn tagged(self, tag: u32) -> Self::Step;
    /// The state and tag of [`StateId::tagged`].
    fn untagged(step: Self::Step) -> (Self, u32);
}

impl StateId for u16 {
    type Step = u32;
    fn from_index(i: usize) -> Option<Self> {
        u16::try_from(i).ok()
    }
    fn index(self) -> usize {
        usize::from(self)
    }
    #[inline(always)]
    fn tagged(self, tag: u32) -> u32 {
        u32::from(self) | tag << 16
    }
    #[inline(always)]
    fn untagged(step: u32) -> (Self, u32) {
        (step as u16, step >> 16)
    }
}

impl StateId for u32 {
    type Step = u64;
    fn from_index(i: usize) -> Option<Self> {
        u32::try_from(i).ok()
    }
    fn index(self) -> usize {
        self as usize
    }
    #[inline(always)]
    fn tagged(self, tag: u32) -> u64 {
        u64::from(self) | u64::from(tag) << 32
    }
    #[inline(always)]
    fn untagged(step: u64) -> (Self, u32) {
        (step as u32, (step >> 32) as u32)
    }
}

/// The automaton. A state is the offset of its row in `next` (its number shifted by `shift`):
/// state 0 is the start; states from [`Table::first_match`] on end at least one word, so the
/// walk tells a match with one comparison. Match states are numbered by a rank their words give
/// them, so the scanner tells what a match holds by its number alone.
#[derive(Debug, Clone)]
pub(super) struct Table<S> {
    /// Byte → class: every byte no word holds is class 0, and an ASCII capital shares its
    /// lower-case letter's class.
    classes: [u8; 256],
    /// Rows are `1 << shift` wide (the classes, rounded up to a power of two), so a state's
    /// number is its offset shifted right.
    shift: u32,
    /// `state | class` → the next state.
    next: Vec<S>,
    /// The number (not the offset) of the first match state.
    first_match: usize,
    /// Per rank: its first match state (an offset); the last entry is where the table ends.
    rank_starts: Vec<usize>,
    /// Match state `s` ends the words `words[ends[s - first_match]..ends[s - first_match + 1]]`.
    ends: Vec<u32>,
    /// Per match state: its first word (id, length), what a state of one word needs, read with
    /// one load.
    first: Vec<(u32, u32)>,
    /// (word id, length in bytes).
    words: Vec<(u32, u32)>,
}

/// A state in the middle of building: children by class, and the words ending here.
struct Node {
    children: Vec<(u8, u32)>,
    words: Vec<u32>,
}

/// The automaton before its states are numbered: built once, then numbered with whichever
/// state type can count them.
pub(super) struct Draft {
    classes: [u8; 256],
    width: usize,
    /// `state * width + class` → the next state.
    delta: Vec<u32>,
    /// Per state: the words ending there (its own and its failure states').
    outputs: Vec<Vec<u32>>,
    /// Word lengths in bytes.
    lens: Vec<usize>,
}

impl Draft {
    /// The automaton of `words` (word ids are their indexes). Empty words are left out (they
    /// would match everywhere).
    pub fn new(words: &[String]) -> Self {
        let lowered: Vec<Vec<u8>> = words
            .iter()
            .map(|w| w.to_ascii_lowercase().into())
            .collect();
        let (classes, width) = byte_classes(&lowered);
        let nodes = trie(&lowered, &classes);
        let n = nodes.len();
        // The full transition table by classes, with failure links, in breadth-first order: a
        // state's failure state is shallower, so its row is complete when the state needs it.
        let mut delta = vec![0u32; n * width];
        let mut outputs: Vec<Vec<u32>> = nodes.iter().map(|nd| nd.words.clone()).collect();
        let mut fail = vec![0u32; n];
        let mut queue = std::collections::VecDeque::new();
        for &(c, child) in &nodes[0].children {
            delta[usize::from(c)] = child;
            queue.push_back(child);
        }
        while let Some(s) = queue.pop_front() {
            let s = s as usize;
            let f = fail[s] as usize;
            let (row, fail_row) = (s * width, f * width);
            for c in 0..width {
                delta[row + c] = delta[fail_row + c];
            }
            for &(c, child) in &nodes[s].children {
                let c = usize::from(c);
                let child_fail = delta[fail_row + c];
                fail[child as usize] = child_fail;
                let inherited = outputs[child_fail as usize].clone();
                outputs[child as usize].extend(inherited);
                delta[row + c] = child;
                queue.push_back(child);
            }
        }
        Self {
            classes,
            width,
            delta,
            outputs,
            lens: lowered.iter().map(Vec::len).collect(),
        }
    }

    /// The table, with match states numbered last in ascending order of `rank` (below `ranks`)
    /// of their words; `None` when `S` cannot number the states.
    pub fn table<S: StateId>(
        &self,
        ranks: usize,
        rank: impl Fn(&[u32]) -> usize,
    ) -> Option<Table<S>> {
        Table::renumbered(self, ranks, rank)
    }
}

impl<S: StateId> Table<S> {
    /// The table of `draft` with match states numbered last, by rank.
    fn renumbered(draft: &Draft, ranks: usize, rank: impl Fn(&[u32]) -> usize) -> Option<Self> {
        let Draft {
            classes,
            width,
            delta,
            outputs,
            lens,
        } = draft;
        let width = *width;
        let ranks = ranks.max(1);
        let rank_of = |s: usize| rank(&outputs[s]).min(ranks.saturating_sub(1));
        let mut order: Vec<usize> = (0..outputs.len())
            .filter(|&s| outputs[s].is_empty())
            .collect();
        let first_match = order.len();
        let mut rank_starts = Vec::with_capacity(ranks + 1);
        for r in 0..ranks {
            rank_starts.push(order.len());
            order.extend((0..outputs.len()).filter(|&s| !outputs[s].is_empty() && rank_of(s) == r));
        }
        rank_starts.push(order.len());
        let mut new_id = vec![0usize; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_id[old] = new;
        }
        let shift = width.next_power_of_two().trailing_zeros();
        // Padding columns are never read: no byte has their class.
        let mut next = vec![S::default(); order.len() << shift];
        for (row, &old) in next.chunks_exact_mut(1 << shift).zip(&order) {
            for (cell, &t) in row.iter_mut().zip(&delta[old * width..(old + 1) * width]) {
                *cell = S::from_index(new_id[t as usize] << shift)?;
            }
        }
        let mut ends = vec![0u32];
        let mut found = Vec::new();
        let mut first = Vec::with_capacity(order.len() - first_match);
        for &old in &order[first_match..] {
            let w = outputs[old][0];
            first.push((w, u32::try_from(lens[w as usize]).ok()?));
            for &w in &outputs[old] {
                found.push((w, u32::try_from(lens[w as usize]).ok()?));
            }
            ends.push(u32::try_from(found.len()).ok()?);
        }
        Some(Self {
            classes: *classes,
            shift,
            next,
            first_match,
            rank_starts: rank_starts.into_iter().map(|r| r << shift).collect(),
            ends,
            first,
            words: found,
        })
    }

    pub fn start(&self) -> S {
        S::default()
    }

    /// The state after reading `byte` in state `s`.
    #[inline(always)]
    pub fn step(&self, s: S, byte: u8) -> S {
        let class = usize::from(self.classes[usize::from(byte)]);
        self.next[s.index() | class]
    }

    /// The first word (id, length in bytes) ending in match state `s` ((0, 0) for a state that
    /// is not one).
    #[inline(always)]
    pub fn first_word(&self, s: S) -> (usize, usize) {
        let m = (s.index() >> self.shift).wrapping_sub(self.first_match);
        (self.first.get(m)).map_or((0, 0), |&(k, len)| (k as usize, len as usize))
    }

    /// The first match state of rank `r`, as a state's [`StateId::index`] (the table's end past
    /// the last rank).
    pub fn rank_start(&self, r: usize) -> usize {
        let last = self.rank_starts.len().saturating_sub(1);
        self.rank_starts[r.min(last)]
    }

    #[inline(always)]
    pub fn is_match(&self, s: S) -> bool {
        s.index() >= self.first_match << self.shift
    }

    /// The words (id, length in bytes) ending in match state `s`.
    pub fn words(&self, s: S) -> &[(u32, u32)] {
        let m = (s.index() >> self.shift).saturating_sub(self.first_match);
        match (self.ends.get(m), self.ends.get(m + 1)) {
            (Some(&a), Some(&b)) => &self.words[a as usize..b as usize],
            _ => &[],
        }
    }

    /// How many states the automaton has.
    #[cfg(test)]
    pub fn states(&self) -> usize {
        self.next.len() >> self.shift
    }

    /// The width of a row: the byte classes, rounded up to a power of two.
    #[cfg(test)]
    pub fn row(&self) -> usize {
        1 << self.shift
    }

    /// Bytes the table takes.
    #[cfg(test)]
    pub fn memory_usage(&self) -> usize {
        self.next.len() * std::mem::size_of::<S>()
            + self.ends.len() * 4
            + self.words.len() * 8
            + 256
    }
}

/// Byte classes of `words` (already lower-cased): class 0 for the bytes no word holds, one class
/// per byte that some word holds, capitals folded onto their lower-case letter. Returns the map
/// and the number of classes.
fn byte_classes(words: &[Vec<u8>]) -> ([u8; 256], usize) {
    let mut used = [false; 256];
    for w in words {
        for &b in w {
            used[usize::from(b)] = true;
        }
    }
    let mut classes = [0u8; 256];
    let mut width = 1;
    for b in 0..256 {
        // Words are UTF-8, which never holds some bytes (0xC0, 0xC1, 0xF5 and up) and here no
        // capitals, so the classes fit in a byte.
        if let (true, Ok(class)) = (used[b], u8::try_from(width)) {
            classes[b] = class;
            width += 1;
        }
    }
    for upper in b'A'..=b'Z' {
        classes[usize::from(upper)] = classes[usize::from(upper.to_ascii_lowercase())];
    }
    (classes, width)
}

/// The trie of `words` by class; node 0 is the root.
fn trie(words: &[Vec<u8>], classes: &[u8; 256]) -> Vec<Node> {
    let mut nodes = vec![Node {
        children: Vec::new(),
        words: Vec::new(),
    }];
    for (id, w) in words.iter().enumerate() {
        if w.is_empty() {
            continue;
        }
        let mut s = 0usize;
        for &b in w {
            let c = classes[usize::from(b)];
            s = match nodes[s].children.iter().find(|&&(k, _)| k == c) {
                Some(&(_, t)) => t as usize,
                None => {
                    let t = nodes.len();
                    nodes.push(Node {
                        children: Vec::new(),
                        words: Vec::new(),
                    });
                    nodes[s].children.push((c, t as u32));
                    t
                }
            };
        }
        nodes[s].words.push(id as u32);
    }
    nodes
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (end byte, word ids) of every match state a walk of `text` reaches.
    fn walk<S: StateId>(table: &Table<S>, text: &str) -> Vec<(usize, Vec<u32>)> {
        let mut s = table.start();
        let mut out = Vec::new();
        for (i, &b) in text.as_bytes().iter().enumerate() {
            s = table.step(s, b);
            if table.is_match(s) {
                out.push((i + 1, table.words(s).iter().map(|w| w.0).collect()));
            }
        }
        out
    }

    #[test]
    fn two_and_four_byte_states_read_alike() {
        let words: Vec<String> = ["微信", "微信群", "群聊", "QQ", "上线", "2019", "年"]
            .map(String::from)
            .into();
        let draft = Draft::new(&words);
        let (small, large) = (
            draft.table::<u16>(1, |_| 0).unwrap(),
            draft.table::<u32>(1, |_| 0).unwrap(),
        );
        let text = "2019年微信群聊上线，qq和Qq也上线了";
        assert_eq!(walk(&small, text), walk(&large, text));
        assert_eq!(
            walk(&small, "微信群"),
            vec![(6, vec![0]), (9, vec![1])],
            "微信 ends at byte 6, 微信群 at 9"
        );
    }

    /// A knowledge base too large for two-byte states gets four-byte ones, not a wrong table.
    #[test]
    fn too_many_states_for_two_bytes() {
        let letters = b'a'..=b'z';
        let words: Vec<String> = (letters.clone())
            .flat_map(|a| letters.clone().map(move |b| (a, b)))
            .flat_map(|(a, b)| (b'a'..=b'z').map(move |c| (a, b, c)))
            .flat_map(|(a, b, c)| (b'a'..=b'z').map(move |d| [a, b, c, d]))
            .take(70_000)
            .map(|w| String::from_utf8_lossy(&w).into_owned())
            .collect();
        let draft = Draft::new(&words);
        assert!(draft.table::<u16>(1, |_| 0).is_none());
        let large = draft.table::<u32>(1, |_| 0).unwrap();
        let hits = walk(&large, "zz AAAC!");
        assert_eq!(
            hits,
            vec![(7, vec![2])],
            "aaac is word 2, found ignoring case"
        );
    }
}
