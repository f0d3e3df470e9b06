//! The scanner's automaton: an Aho–Corasick DFA (standard, overlapping semantics, ASCII
//! case-insensitive) laid out to stay in the core's L2 cache.
//!
//! Every step of a scan is a table load that depends on the step before, so the walk runs at
//! the speed of the cache level the table lives in. The `aho-corasick` crate's DFA for the
//! bundled word lists is about 5 MB (four-byte states, rows padded to a power of two), which
//! spills into L3; this one keeps two-byte states (four when a knowledge base needs more than
//! 65,536) in rows exactly as wide as the number of byte classes, about 1 MB.

/// A state number as the table stores it.
pub(super) trait StateId: Copy + Default + std::fmt::Debug {
    /// `None` when `i` does not fit.
    fn from_index(i: usize) -> Option<Self>;
    fn index(self) -> usize;
}

impl StateId for u16 {
    fn from_index(i: usize) -> Option<Self> {
        u16::try_from(i).ok()
    }
    fn index(self) -> usize {
        usize::from(self)
    }
}

impl StateId for u32 {
    fn from_index(i: usize) -> Option<Self> {
        u32::try_from(i).ok()
    }
    fn index(self) -> usize {
        self as usize
    }
}

/// The automaton. State 0 is the start; states from [`Table::first_match`] on end at least one
/// word, so the walk tells a match with one comparison.
#[derive(Debug, Clone)]
pub(super) struct Table<S> {
    /// Byte → class: every byte no word holds is class 0, and an ASCII capital shares its
    /// lower-case letter's class.
    classes: [u8; 256],
    /// Classes, the length of a row.
    width: usize,
    /// `state * width + class` → the next state.
    next: Vec<S>,
    first_match: usize,
    /// Match state `s` ends the words `words[ends[s - first_match]..ends[s - first_match + 1]]`.
    ends: Vec<u32>,
    /// (word id, length in bytes).
    words: Vec<(u32, u32)>,
}

/// A state in the middle of building: children by class, and the words ending here.
struct Node {
    children: Vec<(u8, u32)>,
    words: Vec<u32>,
}

impl<S: StateId> Table<S> {
    /// The automaton of `words` (word ids are their indexes); `None` when it has more states
    /// than `S` can number. Empty words are left out (they would match everywhere).
    pub fn new(words: &[String]) -> Option<Self> {
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
        Self::renumbered(classes, width, &delta, &outputs, &lowered)
    }

    /// The table with match states numbered last.
    fn renumbered(
        classes: [u8; 256],
        width: usize,
        delta: &[u32],
        outputs: &[Vec<u32>],
        words: &[Vec<u8>],
    ) -> Option<Self> {
        let order: Vec<usize> = (0..outputs.len())
            .filter(|&s| outputs[s].is_empty())
            .chain((0..outputs.len()).filter(|&s| !outputs[s].is_empty()))
            .collect();
        let mut new_id = vec![0usize; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_id[old] = new;
        }
        let first_match = order.iter().take_while(|&&s| outputs[s].is_empty()).count();
        let mut next = Vec::with_capacity(delta.len());
        for &old in &order {
            for &t in &delta[old * width..(old + 1) * width] {
                next.push(S::from_index(new_id[t as usize])?);
            }
        }
        let mut ends = vec![0u32];
        let mut found = Vec::new();
        for &old in &order[first_match..] {
            for &w in &outputs[old] {
                found.push((w, u32::try_from(words[w as usize].len()).ok()?));
            }
            ends.push(u32::try_from(found.len()).ok()?);
        }
        Some(Self {
            classes,
            width,
            next,
            first_match,
            ends,
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
        self.next[s.index() * self.width + class]
    }

    #[inline(always)]
    pub fn is_match(&self, s: S) -> bool {
        s.index() >= self.first_match
    }

    /// The words (id, length in bytes) ending in match state `s`.
    pub fn words(&self, s: S) -> &[(u32, u32)] {
        let m = s.index().saturating_sub(self.first_match);
        match (self.ends.get(m), self.ends.get(m + 1)) {
            (Some(&a), Some(&b)) => &self.words[a as usize..b as usize],
            _ => &[],
        }
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
