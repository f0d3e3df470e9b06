//! The scanner's automaton: an Aho–Corasick DFA (standard, overlapping semantics, ASCII
//! case-insensitive) built for the scanner's walk rather than taken from the `aho-corasick`
//! crate.
//!
//! Match states are numbered last, so the walk tells a match with one comparison, and each match
//! state's words (id, length) sit in one flat list, so recording a match is a slice read instead
//! of three lookups per word.
//!
//! A step is one load from a row found from the state by one addition (four-byte states hold
//! the row's offset; two-byte states hold their slot times eight, so one `lea` with scale eight
//! finds the cell): the walk is a chain of such dependent loads, and the multiplication by the
//! row width (later a shift by a variable, two cycles on Intel) took a third of each link. Rows are folded by UTF-8 (see
//! [`Table`]): 64 cells a state where the byte classes took 112, so the bundled word lists' table
//! takes 0.63 MB (1.07 MB before; 2.4 MB with four-byte offsets and unfolded rows). The walk runs
//! beside the rules and the HTML parser, so what it keeps in the L2 cache matters.

/// A state as the table stores it: where its row starts, in a form that orders like it.
pub(super) trait StateId: Copy + Default + Ord + std::fmt::Debug {
    /// A state with a 16-bit tag in one machine word: what the walk writes for every step, so
    /// one store per step (see `walk_chunk`).
    type Step: Copy + Default + std::fmt::Debug;
    /// The state whose row starts at `row` in a table of slots of `1 << shift` cells; `None`
    /// when it does not fit.
    fn from_row(row: usize, shift: u32) -> Option<Self>;
    /// Where the state's row starts.
    fn index(self) -> usize;
    /// The state as a plain number, what the walk carries from step to step (a state kept in
    /// its own type is widened again at every step, a cycle of each dependent link).
    fn wide(self) -> usize;
    /// The state whose [`StateId::wide`] is `w`.
    fn from_wide(w: usize) -> Self;
    /// [`StateId::index`] of the state whose [`StateId::wide`] is `w`.
    fn wide_index(w: usize) -> usize;
    /// The state's slot in a table of slots of `1 << shift` cells.
    fn slot(self, shift: u32) -> usize;
    /// This state with `tag` (below 2^16).
    fn tagged(self, tag: u32) -> Self::Step;
    /// The state and tag of [`StateId::tagged`].
    fn untagged(step: Self::Step) -> (Self, u32);
}

/// Two bytes hold a slot number times eight, for tables of 64-cell slots (and fewer than 8192 of
/// them) only: a cell is then found from the state and the column by one `lea` with scale 8, one
/// cycle of each link of the walk where a shift and an addition took two, and the table takes
/// half the room of four-byte row offsets.
impl StateId for u16 {
    type Step = u32;
    fn from_row(row: usize, shift: u32) -> Option<Self> {
        let fits = shift == 6 && row.is_multiple_of(64);
        fits.then(|| u16::try_from(row >> 3).ok()).flatten()
    }
    #[inline(always)]
    fn index(self) -> usize {
        usize::from(self) << 3
    }
    #[inline(always)]
    fn wide(self) -> usize {
        usize::from(self)
    }
    #[inline(always)]
    fn from_wide(w: usize) -> Self {
        w as u16
    }
    #[inline(always)]
    fn wide_index(w: usize) -> usize {
        w << 3
    }
    /// Two-byte states only number tables of 64-cell slots (see `from_row`).
    #[inline(always)]
    fn slot(self, _: u32) -> usize {
        usize::from(self) >> 3
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

/// Four bytes hold the row offset itself.
impl StateId for u32 {
    type Step = u64;
    fn from_row(row: usize, _: u32) -> Option<Self> {
        u32::try_from(row).ok()
    }
    #[inline(always)]
    fn index(self) -> usize {
        self as usize
    }
    #[inline(always)]
    fn wide(self) -> usize {
        self as usize
    }
    #[inline(always)]
    fn from_wide(w: usize) -> Self {
        w as u32
    }
    #[inline(always)]
    fn wide_index(w: usize) -> usize {
        w
    }
    #[inline(always)]
    fn slot(self, shift: u32) -> usize {
        self as usize >> shift
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

/// The automaton. A state is where its row starts in `next` (see [`StateId`]): state 0 is the
/// start; states from `first_match` on end at least one word, so the walk tells a match with one
/// comparison. Match states are ordered by a rank their words give them, so the scanner tells
/// what a match holds by the state alone.
///
/// Rows are folded by UTF-8: a state inside a character only ever reads a continuation byte
/// next, and a state between characters never does (the text is a `str`, and every word, so
/// every path of the trie, starts at a character). So continuation bytes take columns
/// `byte & 0x3F` and the other bytes one column per class, both from 0, and a state needs 64
/// cells where it needed a column per class (112 for the bundled word lists). The start state
/// is between characters; falling back to it inside a character goes to one of three copies of
/// it that wait out the character's remaining bytes.
#[derive(Debug, Clone)]
pub(super) struct Table<S> {
    /// Byte → column (see above).
    columns: [u16; 256],
    /// Slots are `1 << shift` cells, a row to a slot.
    shift: u32,
    /// `state + column` → the next state.
    next: Vec<S>,
    /// The first match state.
    first_match: S,
    /// The slot of the first match state.
    first_match_slot: usize,
    /// Per rank: its first match state; the last entry is past every state.
    rank_starts: Vec<usize>,
    /// How many states (not slots) there are.
    #[cfg(test)]
    states: usize,
    /// Match state `s` ends the words `words[ends[m]..ends[m + 1]]`, `m` its slot less
    /// `first_match_slot`.
    ends: Vec<u32>,
    /// Per match state (by `m`): its first word (id, length).
    first: Vec<(u32, u32)>,
    /// Per match state (by `m`): what the caller made of its first word ([`Table::set_values`]),
    /// what a state of one word needs, read with one load.
    values: Vec<u64>,
    /// (word id, length in bytes).
    words: Vec<(u32, u32)>,
}

/// A state in the middle of building: its children (a list through their `next` links, in the
/// order they were added: one allocation for the trie rather than one per node with children),
/// and the words ending here.
struct Node {
    /// The class of the byte that leads here from the parent.
    class: u8,
    /// The first and last child (0, the root, for none: the root is nobody's child).
    first: u32,
    last: u32,
    /// The next child of the same parent (0 for none).
    next: u32,
    words: Vec<u32>,
    /// How many bytes of a character the node's path still lacks: the next ones of any text in
    /// this state are that many UTF-8 continuation bytes.
    rem: u8,
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
    /// Per state: the bytes its character still lacks (see `Node::rem`).
    rem: Vec<u8>,
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
        let mut nodes = trie(&lowered, &classes);
        let n = nodes.len();
        // The full transition table by classes, with failure links, in breadth-first order: a
        // state's failure state is shallower, so its row is complete when the state needs it.
        let mut delta = vec![0u32; n * width];
        let mut outputs: Vec<Vec<u32>> = (nodes.iter_mut())
            .map(|nd| std::mem::take(&mut nd.words))
            .collect();
        let mut fail = vec![0u32; n];
        let mut queue = std::collections::VecDeque::new();
        for (c, child) in children(&nodes, 0) {
            delta[usize::from(c)] = child;
            queue.push_back(child);
        }
        while let Some(s) = queue.pop_front() {
            let s = s as usize;
            let f = fail[s] as usize;
            let (row, fail_row) = (s * width, f * width);
            delta.copy_within(fail_row..fail_row + width, row);
            for (c, child) in children(&nodes, s) {
                let c = usize::from(c);
                let child_fail = delta[fail_row + c];
                fail[child as usize] = child_fail;
                // Most states end no word: nothing to inherit, and no copy made.
                if !outputs[child_fail as usize].is_empty() {
                    let inherited = outputs[child_fail as usize].clone();
                    outputs[child as usize].extend(inherited);
                }
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
            rem: nodes.iter().map(|nd| nd.rem).collect(),
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
            rem,
        } = draft;
        let width = *width;
        let ranks = ranks.max(1);
        let rank_of = |s: usize| rank(&outputs[s]).min(ranks.saturating_sub(1));
        // The start state (0, never a match) first.
        let mut order: Vec<usize> = (0..outputs.len())
            .filter(|&s| outputs[s].is_empty())
            .collect();
        let first_match = order.len();
        // Each match state's rank, asked once (the ranks are gathered one after another).
        let rank_by_state: Vec<Option<usize>> = (0..outputs.len())
            .map(|s| (!outputs[s].is_empty()).then(|| rank_of(s)))
            .collect();
        let mut rank_firsts = Vec::with_capacity(ranks);
        for r in 0..ranks {
            rank_firsts.push(order.len());
            order.extend((0..outputs.len()).filter(|&s| rank_by_state[s] == Some(r)));
        }
        let (columns, others) = columns(classes);
        let shift = others.max(64).next_power_of_two().trailing_zeros();
        // Slots: the start, its three copies inside a character, then the rest in order.
        let slot_of = |i: usize| if i == 0 { 0 } else { i + WAITING };
        let mut row = vec![0usize; order.len()];
        for (new, &old) in order.iter().enumerate() {
            row[old] = slot_of(new) << shift;
        }
        // Where falling back to the start leads with `left` bytes of a character to come.
        let start = |left: usize| left.min(WAITING) << shift;
        let mut next = vec![S::default(); slot_of(order.len()) << shift];
        // One byte for each column of either kind: a byte's column says all its transitions.
        let mut seen = vec![[false; 2]; usize::from(u16::MAX) + 1];
        let (mut inside, mut between) = (Vec::new(), Vec::new());
        for b in 0..=255u8 {
            let column = usize::from(columns[usize::from(b)]);
            let kind = if continues(b) {
                &mut inside
            } else {
                &mut between
            };
            if !std::mem::replace(&mut seen[column][usize::from(continues(b))], true) {
                kind.push((b, column, usize::from(classes[usize::from(b)])));
            }
        }
        // What a cell holds, made once rather than for every cell (states times columns, the
        // bulk of the build): every state's row as a state, and where falling back to the start
        // leads from each column between characters (a byte beginning a character of `n` bytes
        // leaves `n - 1` to wait out). Every state but the start is some state's child, so each
        // row is needed: a state type that cannot hold one fails here as it would in the loop.
        let rows: Vec<S> = (row.iter())
            .map(|&r| S::from_row(r, shift))
            .collect::<Option<_>>()?;
        let fallbacks: Vec<S> = (between.iter())
            .map(|&(b, _, _)| S::from_row(start(char_len(b) - 1), shift))
            .collect::<Option<_>>()?;
        for (new, &old) in order.iter().enumerate() {
            let (here, left) = (slot_of(new) << shift, usize::from(rem[old]));
            let delta = &delta[old * width..(old + 1) * width];
            let cells = next.get_mut(here..here + (1 << shift))?;
            let to = |class: usize, fallback: S| match delta[class] as usize {
                0 => fallback,
                t => rows[t],
            };
            if left > 0 {
                let fallback = S::from_row(start(left - 1), shift)?;
                for &(_, column, class) in &inside {
                    cells[column] = to(class, fallback);
                }
            } else {
                for (&(_, column, class), &fallback) in between.iter().zip(&fallbacks) {
                    cells[column] = to(class, fallback);
                }
            }
        }
        let mut set = |at: usize, to: usize| -> Option<()> {
            *next.get_mut(at)? = S::from_row(to, shift)?;
            Some(())
        };
        for left in 1..=WAITING {
            for b in (0x80..0xC0u8).map(|b| usize::from(columns[usize::from(b)])) {
                set(start(left) + b, start(left - 1))?;
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
        let start_of = |i: usize| slot_of(i) << shift;
        Some(Self {
            columns,
            shift,
            first_match: S::from_row(start_of(first_match), shift)?,
            first_match_slot: slot_of(first_match),
            rank_starts: (rank_firsts.iter().map(|&i| start_of(i)))
                .chain([start_of(order.len())])
                .collect(),
            next,
            #[cfg(test)]
            states: order.len(),
            ends,
            values: vec![0; first.len()],
            first,
            words: found,
        })
    }

    pub fn start(&self) -> S {
        S::default()
    }

    /// The state after reading `byte` in state `s`.
    #[cfg(test)]
    pub fn step(&self, s: S, byte: u8) -> S {
        self.step_wide(s.wide(), byte)
    }

    /// [`Table::step`] from the state whose [`StateId::wide`] is `w`.
    #[inline(always)]
    pub fn step_wide(&self, w: usize, byte: u8) -> S {
        let column = usize::from(self.columns[usize::from(byte)]);
        self.next[S::wide_index(w) + column]
    }

    /// Which match state `s` is, counted from the first.
    #[inline(always)]
    fn match_index(&self, s: S) -> usize {
        s.slot(self.shift).wrapping_sub(self.first_match_slot)
    }

    /// Gives each match state the value `f` makes of its first word (id, length in bytes).
    pub fn set_values(&mut self, f: impl Fn(usize, usize) -> u64) {
        let values = self
            .first
            .iter()
            .map(|&(k, len)| f(k as usize, len as usize));
        self.values = values.collect();
    }

    /// The value of match state `s` (see [`Table::set_values`]; 0 for a state that is not
    /// one).
    #[inline(always)]
    pub fn value(&self, s: S) -> u64 {
        self.values.get(self.match_index(s)).copied().unwrap_or(0)
    }

    /// The first match state of rank `r`, as a state's [`StateId::index`] (the table's end past
    /// the last rank).
    pub fn rank_start(&self, r: usize) -> usize {
        let last = self.rank_starts.len().saturating_sub(1);
        self.rank_starts[r.min(last)]
    }

    #[inline(always)]
    pub fn is_match(&self, s: S) -> bool {
        s >= self.first_match
    }

    /// The words (id, length in bytes) ending in match state `s`.
    pub fn words(&self, s: S) -> &[(u32, u32)] {
        let m = self.match_index(s);
        match (self.ends.get(m), self.ends.get(m + 1)) {
            (Some(&a), Some(&b)) => &self.words[a as usize..b as usize],
            _ => &[],
        }
    }

    /// How many states the automaton has.
    #[cfg(test)]
    pub fn states(&self) -> usize {
        self.states
    }

    /// Cells a state takes.
    #[cfg(test)]
    pub fn slot(&self) -> usize {
        1 << self.shift
    }

    /// Bytes the table takes.
    #[cfg(test)]
    pub fn memory_usage(&self) -> usize {
        self.next.len() * std::mem::size_of::<S>()
            + self.ends.len() * 4
            + self.words.len() * 8
            + self.first.len() * 8
            + self.values.len() * 8
            + 512
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

/// The column of each byte (see [`Table`]), and how many columns the bytes that are not
/// continuation bytes take: one per class of theirs and length of the character they begin
/// (class 0, no word's byte, spans every length: falling back to the start, the lengths differ).
fn columns(classes: &[u8; 256]) -> ([u16; 256], usize) {
    let mut other = [[None::<u16>; 4]; 256];
    let mut others = 0u16;
    let mut columns = [0u16; 256];
    for (b, column) in (0..=255u8).zip(&mut columns) {
        *column = if continues(b) {
            u16::from(b & 0x3F)
        } else {
            let class = usize::from(classes[usize::from(b)]);
            *other[class][char_len(b) - 1].get_or_insert_with(|| {
                others += 1;
                others - 1
            })
        };
    }
    (columns, usize::from(others))
}

/// Copies of the start state inside a character: as many as a character has continuation bytes.
const WAITING: usize = 3;

/// The bytes of a character that begins with `b` (1 for a byte that begins none).
fn char_len(b: u8) -> usize {
    match b {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

/// Whether `b` continues a UTF-8 character rather than starting one.
fn continues(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The children of node `s`, (class, node), in the order they were added.
fn children(nodes: &[Node], s: usize) -> impl Iterator<Item = (u8, u32)> + '_ {
    let first = nodes.get(s).map_or(0, |n| n.first);
    std::iter::successors((first != 0).then_some(first), |&k| {
        Some(nodes[k as usize].next).filter(|&n| n != 0)
    })
    .map(|k| (nodes[k as usize].class, k))
}

/// The trie of `words` by class; node 0 is the root.
fn trie(words: &[Vec<u8>], classes: &[u8; 256]) -> Vec<Node> {
    let mut nodes = vec![Node {
        class: 0,
        first: 0,
        last: 0,
        next: 0,
        words: Vec::new(),
        rem: 0,
    }];
    for (id, w) in words.iter().enumerate() {
        if w.is_empty() {
            continue;
        }
        let mut s = 0usize;
        for (i, &b) in w.iter().enumerate() {
            let c = classes[usize::from(b)];
            let found = children(&nodes, s).find(|&(k, _)| k == c);
            s = match found {
                Some((_, t)) => t as usize,
                None => {
                    let t = nodes.len();
                    nodes.push(Node {
                        class: c,
                        first: 0,
                        last: 0,
                        next: 0,
                        words: Vec::new(),
                        rem: w[i + 1..].iter().take_while(|&&b| continues(b)).count() as u8,
                    });
                    match nodes[s].last as usize {
                        0 => nodes[s].first = t as u32,
                        last => nodes[last].next = t as u32,
                    }
                    nodes[s].last = t as u32;
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

    /// Words and text of one-, two-, three- and four-byte characters: the folded rows read
    /// each byte in its own column (a state between characters, inside one, and the start).
    #[test]
    fn characters_of_every_length() {
        let words: Vec<String> = ["é", "😀x", "微信", "x😀", "ée"].map(String::from).into();
        let table = Draft::new(&words).table::<u32>(1, |_| 0).unwrap();
        assert_eq!(
            walk(&table, "é😀x微信ée😀😀"),
            vec![
                (2, vec![0]),
                (7, vec![1]),
                (13, vec![2]),
                (15, vec![0]),
                (16, vec![4]),
            ]
        );
        assert_eq!(walk(&table, "x😀é"), vec![(5, vec![3]), (7, vec![0])]);
    }

    /// Characters no word begins with, of every length, before and between words: the walk
    /// waits out their bytes and reads the next character from the start.
    #[test]
    fn characters_no_word_holds() {
        let words: Vec<String> = ["微信", "1", "信"].map(String::from).into();
        let draft = Draft::new(&words);
        let (small, large) = (
            draft.table::<u16>(1, |_| 0).unwrap(),
            draft.table::<u32>(1, |_| 0).unwrap(),
        );
        let text = "é1ü微信😀1上1";
        let want = vec![(3, vec![1]), (11, vec![0, 2]), (16, vec![1]), (20, vec![1])];
        assert_eq!(walk(&small, text), want);
        assert_eq!(walk(&large, text), want);
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
