//! Who a feature belongs to, what happened to it and when: the reading of one block.
//!
//! [`BlockView`] gathers what one block says (mentions, cue words, time expressions, sentences)
//! and marks the platform mentions that cannot be the subject of a clause: those inside comparison
//! frames (`与淘宝“一起逛淘宝”类似的…`, `类似微信的“朋友圈”`), source frames (`据X报道`) and
//! after prepositions (`同抖音进行…`, `比抖音更早`). A feature then belongs to the nearest
//! platform before it in its sentence that can be a subject.

use super::Status;
use super::clause::{self, Sentence};
use super::dates::{self, DateExpr, DateKind};
use super::mentions::{Mention, Target};
use super::scan::{CueWork, Found, Scanner};
use super::status::{Cue, CueHit};
use crate::date::Date;
use crate::knowledge::Knowledge;
use std::cell::Cell;
use std::ops::Range;
use std::sync::LazyLock;

/// A time expression of the block with the date it resolved to (`None`: unknown past, impossible).
#[derive(Debug, Clone, Copy)]
pub struct DatedExpr {
    pub expr: DateExpr,
    pub date: Option<Date>,
}

/// Everything found in one block, with offsets into its text.
///
/// Mentions, cues, time expressions, sentences and asides are each in text order (the scanner
/// reads names and cue words leftmost-longest, so neither overlaps its own kind): the lookups
/// below search them by position instead of walking every one.
pub struct BlockView<'t> {
    pub text: &'t str,
    pub mentions: &'t [Mention],
    /// Per mention: it can not be a subject (compared with, object of a preposition, a source).
    pub object: Vec<bool>,
    /// Per mention: it sits inside a comparison frame, so it names nothing of the subject.
    pub compared: Vec<bool>,
    pub cues: Vec<CueHit>,
    pub dates: Vec<DatedExpr>,
    pub sentences: Vec<Sentence>,
    /// Every clause of the block, in order; each sentence holds its own part of it.
    pub clauses: Vec<Range<usize>>,
    pub parens: Vec<Range<usize>>,
    /// Where [`BlockView::chars_to`] last counted to: (byte, characters before it). A block's
    /// events are built in text order, so each counts on from the one before.
    counted: Cell<(usize, usize)>,
    /// The kinds of cue the block holds ([`kind_bit`]): most rules look for one kind, and most
    /// blocks hold none of it, which one test says without finding the clause.
    kinds: u32,
    /// Buffers only the building of the view uses.
    marks: Vec<clause::Mark>,
    quotes: Quotes,
    cue_work: CueWork,
}

/// The buffers of a [`BlockView`], handed from one block's view to the next: an article's
/// blocks are read one after another, so a few buffers grown once serve them all instead of
/// several allocations per block.
#[derive(Default)]
pub struct Scratch {
    object: Vec<bool>,
    compared: Vec<bool>,
    sentences: Vec<Sentence>,
    clauses: Vec<Range<usize>>,
    parens: Vec<Range<usize>>,
    marks: Vec<clause::Mark>,
    quotes: Quotes,
    cues: Vec<CueHit>,
    cue_work: CueWork,
}

/// Quotation marks still open, and the quotations found, while [`BlockView::mark_quoted`] reads.
#[derive(Default)]
struct Quotes {
    open: Vec<usize>,
    found: Vec<Range<usize>>,
}

/// Feature words with an everyday sense besides the feature: a social circle, a TV or content
/// channel.
const WEAK: &[&str] = &["圈子", "频道"];

/// Words after a feature word that make it a category (`陌生人社交软件`, `陌生人社交赛道`).
const CATEGORY: &[&str] = &[
    "软件",
    "平台",
    "产品",
    "应用",
    "App",
    "APP",
    "app",
    "赛道",
    "领域",
    "行业",
    "市场",
    "玩家",
    "巨头",
    "公司",
    "企业",
    "生活",
    "投融资",
    "报告",
    "经历",
    "方面",
    "模式",
    "需求",
    "属性",
    "场景",
    "关系",
    "路线",
    "战场",
    "鼻祖",
    "第一股",
    "概念",
    "元素",
    "用户",
    "产业",
    "工具",
    "网站",
    "社区",
    "巨头",
    "风口",
    "时代",
    "红利",
    "倒计时",
];

/// The most bytes 20 characters take (four each): the longest quote [`BlockView::quote_around`]
/// accepts.
const QUOTE_BYTES: usize = 20 * 4;

/// The [`CATEGORY`] words by first character, sorted by it: most text after a feature word
/// starts with none of them, and one lookup says so; otherwise only the few words with that
/// first character are compared.
static CATEGORY_BY_FIRST: LazyLock<Vec<(char, Vec<&'static str>)>> = LazyLock::new(|| {
    let mut by_first: Vec<(char, Vec<&'static str>)> = Vec::new();
    for &w in CATEGORY {
        let Some(c) = w.chars().next() else { continue };
        match by_first.iter_mut().find(|(f, _)| *f == c) {
            Some((_, words)) => words.push(w),
            None => by_first.push((c, vec![w])),
        }
    }
    by_first.sort_unstable_by_key(|&(c, _)| c);
    by_first
});

/// One bit per kind of cue, for [`BlockView::kinds`].
fn kind_bit(cue: Cue) -> u32 {
    let k = match cue {
        Cue::Status(st) => st as u32,
        Cue::Negation => 6,
        Cue::Hypothetical => 7,
        Cue::User => 8,
        Cue::Anaphor => 9,
        Cue::Continuation => 10,
        Cue::Enumeration => 11,
        Cue::Deal => 12,
        Cue::Reason => 13,
        Cue::Generic => 14,
        Cue::CompareStart => 15,
        Cue::CompareEnd => 16,
        Cue::CompareForward => 17,
        Cue::Preposition => 18,
        Cue::SourceStart => 19,
        Cue::SourceEnd => 20,
        Cue::Boilerplate => 21,
        Cue::Ignore => 22,
    };
    1 << k
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// Drops the items (cue words, time expressions, in text order) that overlap a name: a cue word or
/// time expression inside a name (`QQ2021`, `微信有礼`) is part of the name.
///
/// One walk over both lists: names do not overlap each other, so they end in the order they
/// start, and the first name ending after an item starts is the only one that can overlap it.
fn outside_names<T>(items: &mut Vec<T>, mentions: &[Mention], span: impl Fn(&T) -> (usize, usize)) {
    debug_assert!(mentions.windows(2).all(|w| w[0].end <= w[1].start));
    let mut next = 0;
    items.retain(|item| {
        let (start, end) = span(item);
        while mentions.get(next).is_some_and(|m| m.end <= start) {
            next += 1;
        }
        mentions.get(next).is_none_or(|m| m.start >= end)
    });
}

/// The time expressions of a scanned block outside its names, in text order; `resolve` turns
/// each into a date (it holds the article's running reference, so every expression must pass
/// through it in order, whether or not the block is read any further). Into `out` (emptied
/// first): a buffer kept from block to block.
pub fn dated(
    text: &str,
    found: &Found<'_>,
    mut resolve: impl FnMut(DateKind) -> Option<Date>,
    out: &mut Vec<DatedExpr>,
) {
    out.clear();
    each_outside_names(text, found, |expr| {
        out.push(DatedExpr {
            expr,
            date: resolve(expr.kind),
        })
    });
    // Found one at a time, they are those `Scanner::dates` lists, less those inside names.
    debug_assert!({
        let mut all = Scanner::dates(text, found);
        outside_names(&mut all, found.mentions, |d| (d.start, d.end));
        all.iter().eq(out.iter().map(|d| &d.expr))
    });
}

/// [`dated`] for a window read no further: moves the reference past its time expressions
/// without keeping them.
pub fn pass_dates(
    text: &str,
    found: &Found<'_>,
    mut resolve: impl FnMut(DateKind) -> Option<Date>,
) {
    // Most windows name no year: nothing in them moves the reference.
    if !dates::may_set_year(text, found.date_starts) {
        return;
    }
    each_outside_names(text, found, |expr| {
        resolve(expr.kind);
    });
}

/// Hands `f` the time expressions of a scanned block that overlap none of its names, in text
/// order, as they are found (not collected first: most windows are read for their dates only).
fn each_outside_names(text: &str, found: &Found<'_>, mut f: impl FnMut(DateExpr)) {
    let mentions = found.mentions;
    // As in [`outside_names`]: the first name ending after an expression starts is the only
    // one that can overlap it.
    let mut next = 0;
    dates::each_at(text, found.date_starts, |expr| {
        while mentions.get(next).is_some_and(|m| m.end <= expr.start) {
            next += 1;
        }
        if mentions.get(next).is_none_or(|m| m.start >= expr.end) {
            f(expr);
        }
    });
}

impl<'t> BlockView<'t> {
    /// Reads a block from what the scanner found in it and its resolved time expressions
    /// ([`dated`]), in the buffers of an earlier view ([`BlockView::into_scratch`]).
    pub fn new(text: &'t str, found: Found<'t>, dates: Vec<DatedExpr>, scratch: Scratch) -> Self {
        let mut view = Self::empty(scratch);
        view.dates = dates;
        view.read(text, found);
        view
    }

    /// A view of no text, holding the buffers of an earlier one: [`BlockView::read`] makes it
    /// the view of a block. The windows of an article are read one after another in one view,
    /// rather than in a new view each, which would move its buffers in and out every time.
    pub fn empty(scratch: Scratch) -> Self {
        let Scratch {
            object,
            compared,
            sentences,
            clauses,
            parens,
            marks,
            quotes,
            cues,
            cue_work,
        } = scratch;
        Self {
            text: "",
            mentions: &[],
            object,
            compared,
            cues,
            dates: Vec::new(),
            sentences,
            clauses,
            parens,
            counted: Cell::new((0, 0)),
            kinds: 0,
            marks,
            quotes,
            cue_work,
        }
    }

    /// The buffer of the block's time expressions, for [`dated`] to fill before
    /// [`BlockView::read`].
    pub fn dates_mut(&mut self) -> &mut Vec<DatedExpr> {
        &mut self.dates
    }

    /// Makes this the view of a block, from what the scanner found in it; its resolved time
    /// expressions are in [`BlockView::dates_mut`] already.
    pub fn read(&mut self, text: &'t str, found: Found<'t>) {
        let mentions = found.mentions;
        self.text = text;
        self.mentions = mentions;
        self.counted.set((0, 0));
        Scanner::cues_into(&found, &mut self.cue_work, &mut self.cues);
        debug_assert!(self.cues.windows(2).all(|w| w[0].start <= w[1].start));
        outside_names(&mut self.cues, mentions, |c| (c.start, c.end));
        self.kinds = self.cues.iter().fold(0, |k, c| k | kind_bit(c.cue));
        // One pass over the text for the punctuation; sentences, asides and quotes read that.
        clause::marks_into(text, &mut self.marks);
        clause::split_at_marks(
            text,
            &self.marks,
            &mut self.sentences,
            &mut self.clauses,
            &mut self.parens,
        );
        for flags in [&mut self.object, &mut self.compared] {
            flags.clear();
            flags.resize(mentions.len(), false);
        }
        // Both only set the flags of mentions in relation to a platform or company (a frame
        // needs one to frame; a quote marks only them), and those flags are read only of
        // platforms and companies or, `compared`, where a frame holds one: a block naming none
        // is spared both.
        if (0..self.mentions.len()).any(|i| self.is_agent(i)) {
            self.mark_frames();
            self.mark_quoted();
        }
    }

    /// The view's buffers, for the next block's view.
    pub fn into_scratch(self) -> Scratch {
        Scratch {
            object: self.object,
            compared: self.compared,
            sentences: self.sentences,
            clauses: self.clauses,
            parens: self.parens,
            marks: self.marks,
            quotes: self.quotes,
            cues: self.cues,
            cue_work: self.cue_work,
        }
    }

    /// The characters of the text before byte `pos` (a character boundary).
    pub fn chars_to(&self, pos: usize) -> usize {
        let (from, before) = match self.counted.get() {
            (at, n) if at <= pos => (at, n),
            _ => (0, 0),
        };
        let n = before + self.text[from..pos].chars().count();
        self.counted.set((pos, n));
        n
    }

    /// Whether the block holds a cue of kind `cue` anywhere.
    fn holds(&self, cue: Cue) -> bool {
        self.kinds & kind_bit(cue) != 0
    }

    pub fn in_parens(&self, pos: usize) -> bool {
        self.parens.iter().any(|p| p.contains(&pos))
    }

    /// The sentence holding byte `pos`.
    fn sentence_at(&self, pos: usize) -> Option<&Sentence> {
        let k = self.sentences.partition_point(|s| s.range.end <= pos);
        self.sentences.get(k).filter(|s| s.range.contains(&pos))
    }

    /// The clause of `sentence` holding byte `pos` (see [`Sentence::clause_of`]).
    pub fn clause_of(&self, sentence: &Sentence, pos: usize) -> Range<usize> {
        sentence.clause_of(&self.clauses, pos)
    }

    fn clause_at(&self, pos: usize) -> Range<usize> {
        self.sentence_at(pos)
            .map(|s| self.clause_of(s, pos))
            .unwrap_or(0..self.text.len())
    }

    /// The indexes of the mentions that start in `r`.
    pub fn mentions_in(&self, r: &Range<usize>) -> Range<usize> {
        let from = self.mentions.partition_point(|m| m.start < r.start);
        let to = from + self.mentions[from..].partition_point(|m| m.start < r.end);
        from..to
    }

    /// The cues that lie within `r`, in text order.
    fn cues_within(&self, r: Range<usize>) -> impl Iterator<Item = &CueHit> {
        let from = self.cues.partition_point(|c| c.start < r.start);
        self.cues[from..]
            .iter()
            .take_while(move |c| c.start < r.end)
            .filter(move |c| c.end <= r.end)
    }

    fn is_agent(&self, i: usize) -> bool {
        matches!(
            self.mentions[i].target,
            Target::Platform(_) | Target::Company(_)
        )
    }

    /// Words referring back to a product (`这款产品`, `该App`) in clauses of `sentence` that name
    /// nothing, each with the last verb of an event in its clause (`但这款产品仅仅上线两个月就
    /// 匆忙下线`: closed).
    pub fn product_anaphors(&self, sentence: &Sentence) -> Vec<(CueHit, CueHit)> {
        // The anaphors that name a product rather than a feature or a platform. The scanner finds
        // words whatever the case of their letters, so `该APP` is compared as `该App`.
        const PRODUCT: &[&str] = &[
            "该产品",
            "这款产品",
            "该应用",
            "这款应用",
            "这款软件",
            "该软件",
            "该App",
            "这款App",
        ];
        if !self.holds(Cue::Anaphor) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for c in self.cues_in(sentence.range.clone(), |k| k == Cue::Anaphor) {
            let word = &self.text[c.start..c.end];
            if !PRODUCT.iter().any(|p| p.eq_ignore_ascii_case(word)) {
                continue;
            }
            let clause = self.clause_of(sentence, c.start);
            if !self.mentions_in(&clause).is_empty() {
                continue;
            }
            let verb = self
                .cues_in(c.end..clause.end, |k| matches!(k, Cue::Status(_)))
                .filter(|v| v.cue != Cue::Status(Status::Has))
                .last();
            if let Some(v) = verb {
                out.push((*c, *v));
            }
        }
        out
    }

    /// Whether the company or platform mentioned at `i` is glued to the mention `m` as its owner:
    /// only `的` and quotation marks between (`百度“希壤”`, `字节跳动的“多闪”`).
    fn owns(&self, i: usize, m: &Mention) -> bool {
        let o = self.mentions[i];
        o.end <= m.start
            && self.text[o.end..m.start]
                .chars()
                .all(|c| matches!(c, '的' | '“' | '「' | '《' | ' '))
    }

    /// Whether only a list separator (`、`, `和`, `与`, `及`, `以及`, `跟`), quotes and spaces lie
    /// between mentions `a` and `b`, `a` first.
    pub fn listed_together(&self, a: &Mention, b: &Mention) -> bool {
        let sep = self.text[a.end..b.start].trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, '“' | '”' | '「' | '」' | '《' | '》')
        });
        ["、", "和", "与", "及", "以及", "跟"].contains(&sep)
    }

    /// The next item after mention `k` when `k` is an item of a list in its clause (`、`, `和`,
    /// `与`, `及`, quotes aside), stepping over a company or platform that owns that item
    /// (`百度的“希壤”和天下秀的“虹宇宙”`).
    pub fn next_in_list(&self, k: usize) -> Option<usize> {
        let m = self.mentions[k];
        let j = k + 1;
        let o = *self.mentions.get(j)?;
        // The separator first: it is a few bytes, and most next mentions are not list items.
        if !self.listed_together(&m, &o) {
            return None;
        }
        if self.clause_at(m.start) != self.clause_at(o.start) {
            return None;
        }
        match o.target {
            Target::Company(_) => {
                let next = *self.mentions.get(j + 1)?;
                self.owns(j, &next).then_some(j + 1)
            }
            // A platform may own the item too (`字节的“飞聊”和快手的“欢脱”`).
            Target::Platform(_) => match self.mentions.get(j + 1) {
                Some(next) if matches!(next.target, Target::Platform(_)) && self.owns(j, next) => {
                    Some(j + 1)
                }
                _ => Some(j),
            },
            Target::Feature(_) => None,
        }
    }

    /// Whether the feature word at `m` only modifies the name of another feature (`朋友圈转发的功能`,
    /// `红包封面功能`): two to four more characters, then (的)功能. A verb among them
    /// (`群聊上线了新功能`) still names a part: what was launched is the new feature, not the chat.
    pub fn names_a_part(&self, m: &Mention) -> bool {
        let after = &self.text[m.end..];
        // Ideographs are three bytes each: the word of `n` of them ends at byte `3n`.
        let ideographs = after
            .chars()
            .take_while(|&c| ('\u{4e00}'..='\u{9fff}').contains(&c) && c != '的')
            .take(6)
            .count();
        (2..=ideographs.min(4)).any(|n| {
            let rest = &after[n * '一'.len_utf8()..];
            rest.starts_with("功能") || rest.starts_with("的功能")
        })
    }

    /// Whether `m` sits in a time clause opening with 在 and ending with 后 (`在推出“超级QQ秀”后，`)
    /// that names no time of its own: what it names happened before the rest of the sentence, so
    /// a month or day found outside the clause is not its date.
    pub fn earlier_time_clause(&self, m: &Mention, sentence: &Sentence) -> bool {
        let clause = self.clause_of(sentence, m.start);
        if clause.end >= sentence.range.end {
            return false;
        }
        let text = self.text[clause.clone()]
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '而' | '但' | '并'))
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '，' | ',' | '；'));
        text.starts_with('在')
            && (text.ends_with('后') || text.ends_with("以后"))
            && !self
                .dates
                .iter()
                .any(|d| clause.start <= d.expr.start && d.expr.end <= clause.end)
    }

    /// The first mention starting at or after `pos`, if only quotes, `于` or `了` lie between.
    fn mention_right_after(&self, pos: usize) -> Option<usize> {
        let i = self.mentions.partition_point(|m| m.start < pos);
        self.mentions.get(i)?;
        let gap = &self.text[pos..self.mentions[i].start];
        gap.chars()
            .all(|c| matches!(c, '“' | '"' | '「' | '《' | '于' | '了' | ' '))
            .then_some(i)
    }

    fn mark_frames(&mut self) {
        // Most blocks hold no frame at all.
        let frames = [
            Cue::CompareEnd,
            Cue::CompareForward,
            Cue::Preposition,
            Cue::CompareStart,
            Cue::SourceStart,
        ];
        if !frames.into_iter().any(|f| self.holds(f)) {
            return;
        }
        // The arms below read mentions, sentences and text, never the cues: they are lent out
        // for the loop rather than copied.
        let cues = std::mem::take(&mut self.cues);
        for (k, cue) in cues.iter().enumerate() {
            // Only frames matter here (most cues are verbs and small words).
            if !matches!(
                cue.cue,
                Cue::CompareEnd
                    | Cue::CompareForward
                    | Cue::Preposition
                    | Cue::CompareStart
                    | Cue::SourceStart
            ) {
                continue;
            }
            // Only some frames are bounded by their clause.
            let clause = || self.clause_at(cue.start);
            match cue.cue {
                Cue::CompareEnd => {
                    let clause = clause();
                    // `与X…类似`: back to the nearest opener in the clause, if a platform is inside.
                    let opener = cues[..k].iter().rev().find(|c| {
                        c.cue == Cue::CompareStart && c.start >= clause.start && c.end <= cue.start
                    });
                    let framed = opener.map(|o| o.start..cue.end).filter(|r| {
                        self.mentions
                            .iter()
                            .enumerate()
                            .any(|(i, m)| self.is_agent(i) && r.start <= m.start && m.end <= r.end)
                    });
                    match framed {
                        Some(r) => self.mark_range(&r),
                        // `类似微信的“朋友圈”`: a forward frame.
                        None => self.mark_forward(cue.end),
                    }
                }
                Cue::CompareForward => self.mark_forward(cue.end),
                // `除了社交媒体平台微信等，…`: everything up to 外 (or the clause end) is set aside.
                Cue::Preposition if &self.text[cue.start..cue.end] == "除了" => {
                    let clause = clause();
                    let end = self.text[cue.end..clause.end]
                        .find('外')
                        .map_or(clause.end, |k| cue.end + k);
                    for (i, m) in self.mentions.iter().enumerate() {
                        if m.start >= cue.end && m.end <= end {
                            self.object[i] = true;
                        }
                    }
                }
                Cue::Preposition => {
                    if let Some(i) = self.mention_right_after(cue.end)
                        && self.is_agent(i)
                    {
                        self.object[i] = true;
                    }
                }
                Cue::CompareStart => {
                    // `同抖音进行…` is an object; `抖音和快手` is a pair of subjects. Names do not
                    // overlap, so their ends ascend and one search finds the one ending here.
                    let before = self.mentions.partition_point(|m| m.end < cue.start);
                    let after_agent = self
                        .mentions
                        .get(before)
                        .is_some_and(|m| m.end == cue.start && self.is_agent(before));
                    if !after_agent
                        && let Some(i) = self.mention_right_after(cue.end)
                        && self.is_agent(i)
                    {
                        self.object[i] = true;
                    }
                }
                Cue::SourceStart => {
                    let clause = clause();
                    let end = cues[k + 1..].iter().find(|c| {
                        c.cue == Cue::SourceEnd
                            && c.end <= clause.end
                            && chars(&self.text[cue.end..c.start]) <= 20
                    });
                    if let Some(e) = end {
                        let r = cue.start..e.end;
                        for (i, m) in self.mentions.iter().enumerate() {
                            if r.start <= m.start && m.end <= r.end {
                                self.object[i] = true;
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        self.cues = cues;
    }

    /// A platform named inside a longer quotation (`“抖音官方好友社交App”`, `“去邀请微信好友”`) is
    /// part of what someone said or a slogan, not the subject of the sentence.
    fn mark_quoted(&mut self) {
        let agent = |m: &Mention| matches!(m.target, Target::Platform(_) | Target::Company(_));
        let Quotes {
            open,
            found: mut quotes,
        } = std::mem::take(&mut self.quotes);
        let mut open = open;
        open.clear();
        quotes.clear();
        for &(i, c) in &self.marks {
            match c {
                '“' | '「' => open.push(i + c.len_utf8()),
                '”' | '」' => {
                    if let Some(s) = open.pop() {
                        quotes.push(s..i);
                    }
                }
                _ => {}
            }
        }
        // Quoted speech (long, with its own punctuation) is a source of facts like any other text.
        let short = |q: &Range<usize>| {
            let inner = &self.text[q.clone()];
            chars(inner) <= 20 && !inner.contains(['，', '。', '！', '？', ',', '；'])
        };
        // Whether a quote is short is asked only of one that holds a platform or company.
        for q in &quotes {
            let inside = |i: &usize| {
                let m = &self.mentions[*i];
                m.end <= q.end && (m.start, m.end) != (q.start, q.end) && agent(m)
            };
            let within = self.mentions_in(q);
            if within.clone().any(|i| inside(&i)) && short(q) {
                for i in within.filter(inside) {
                    self.object[i] = true;
                }
            }
        }
        self.quotes = Quotes {
            open,
            found: quotes,
        };
    }

    fn mark_range(&mut self, r: &Range<usize>) {
        for (i, m) in self.mentions.iter().enumerate() {
            if r.start <= m.start && m.end <= r.end {
                self.object[i] = true;
                self.compared[i] = true;
            }
        }
    }

    /// `类似(于)X(的)(“)Y`: X and, when it follows, X's feature Y are compared with.
    fn mark_forward(&mut self, pos: usize) {
        // The compared platform may come after a short description
        // (`类似于之前大火的多人实时语音Clubhouse`), within the clause and before any other name.
        let clause_end = self.clause_at(pos).end;
        let Some(i) = self.mention_right_after(pos).or_else(|| {
            let i = self.mentions.partition_point(|m| m.start < pos);
            let m = *self.mentions.get(i)?;
            (m.end <= clause_end && chars(&self.text[pos..m.start]) <= 12).then_some(i)
        }) else {
            return;
        };
        if !self.is_agent(i) {
            return;
        }
        self.object[i] = true;
        self.compared[i] = true;
        let end = self.mentions[i].end;
        if let Some(j) = self.mention_right_after(end).or_else(|| {
            self.text[end..]
                .strip_prefix('的')
                .and_then(|_| self.mention_right_after(end + '的'.len_utf8()))
        }) && matches!(self.mentions[j].target, Target::Feature(_))
        {
            self.object[j] = true;
            self.compared[j] = true;
        }
    }

    /// Whether a feature word here names a category rather than a feature (`陌生人社交软件`,
    /// `陌生人社交赛道`), sits inside a longer quoted name (`“选择朋友圈发表的精选视频”`) or is
    /// part of a handle (`@罗超频道`).
    pub fn not_a_feature(&self, m: &Mention) -> bool {
        let after = &self.text[m.end..];
        let category = after.chars().next().is_some_and(|c| {
            let by_first = &*CATEGORY_BY_FIRST;
            by_first
                .binary_search_by_key(&c, |&(f, _)| f)
                .is_ok_and(|k| by_first[k].1.iter().any(|w| after.starts_with(w)))
        });
        if category {
            return true;
        }
        // Words with an everyday sense (`兴趣圈子`, `圈子内的人`, `支付宝生活频道`) name the
        // feature only when set off as a name: quoted, or followed by 功能 or the like.
        let word = &self.text[m.start..m.end];
        if WEAK.contains(&word) && !self.named_as_product(m) {
            return true;
        }
        // `@` among the 12 characters before, with no space or sentence break among them; 12
        // characters take at most 48 bytes, so a text without `@` there is not looked at further.
        let before = &self.text.as_bytes()[..m.start];
        // Folded rather than searched: a few dozen bytes, compared all at once.
        let near = &before[before.len().saturating_sub(12 * 4)..];
        if near.iter().fold(false, |at, &b| at | (b == b'@')) {
            let (mut at, mut broken) = (false, false);
            for c in self.text[..m.start].chars().rev().take(12) {
                at |= c == '@';
                broken |= matches!(c, ' ' | '，' | '。');
            }
            if at && !broken {
                return true;
            }
        }
        self.quote_around(m).is_some_and(|q| {
            let inner = &self.text[q];
            // The quotation without (the first occurrence of) the word, as two pieces: compared
            // in place rather than built.
            // Bytes, not `str::find`: a quotation is short, and a match of a whole word begins
            // with a character's first byte, so it is where `find` would find it.
            let found = (inner.as_bytes().windows(word.len())).position(|w| w == word.as_bytes());
            let (head, tail) = match found {
                Some(k) => (&inner[..k], &inner[k + word.len()..]),
                None => (inner, ""),
            };
            let rest_is = |w: &str| {
                w.len() == head.len() + tail.len()
                    && w.as_bytes().starts_with(head.as_bytes())
                    && w.as_bytes().ends_with(tail.as_bytes())
            };
            // `“圈子事件”`, `“群聊”功能`: the feature with a generic word is still the feature.
            ![
                "",
                "功能",
                "事件",
                "板块",
                "入口",
                "页面",
                "tab",
                "模块",
                "玩法",
                "功能区",
            ]
            .into_iter()
            .any(rest_is)
        })
    }

    /// Whether a mention is set off as a product name: quoted on its own (`“圈子”事件`) or followed
    /// by a word for a part of an app (`圈子功能`, `频道入口`).
    fn named_as_product(&self, m: &Mention) -> bool {
        let quoted = self.text[..m.start].ends_with(['“', '「'])
            && self.text[m.end..].starts_with(['”', '」']);
        quoted
            || [
                "功能", "板块", "入口", "页面", "tab", "模块", "玩法", "事件",
            ]
            .iter()
            .any(|w| self.text[m.end..].starts_with(w))
    }

    /// Whether the feature at `m` is where content is sent (`分享到朋友圈`, `转发至朋友圈`): it
    /// belongs to the platform that has it, which is not the subject of the clause.
    pub fn destination(&self, m: &Mention) -> bool {
        let before = &self.text[..m.start];
        // Every word below ends in 到 or 至: a text ending otherwise is told at once.
        if !before.ends_with(['到', '至']) {
            return false;
        }
        [
            "分享到",
            "分享至",
            "转发到",
            "转发至",
            "发到",
            "发至",
            "发布到",
            "发布至",
            "同步到",
            "同步至",
            "发送到",
            "发送至",
        ]
        .iter()
        .any(|w| before.ends_with(w))
    }

    /// Whether `m` sits in an aside glossing a product name the knowledge base does not know
    /// (`Zenly（…）+ZEPOTO（捏脸社交软件）`): the feature is that product's, not the subject's.
    pub fn glosses_unknown(&self, m: &Mention) -> bool {
        let Some(p) = self.parens.iter().find(|p| p.contains(&m.start)) else {
            return false;
        };
        let named = self.text[..p.start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '”' | '」' | '》'));
        named && !self.mentions.iter().any(|o| o.end == p.start)
    }

    /// Whether the clause of `m` is about a company changing hands (`收购了…Azar`): it states no
    /// feature event of the buyer.
    pub fn deal(&self, m: &Mention) -> bool {
        self.holds(Cue::Deal)
            && self
                .cues_in(self.clause_at(m.start), |c| c == Cue::Deal)
                .next()
                .is_some()
    }

    /// Whether the status verb of an event comes before its subject and the subject only modifies
    /// the feature (`品牌推出了各自的微信红包封面`): the platform names whose feature it is, not
    /// who acted, unless the platform (or its company) is also named before the verb.
    pub fn subject_after_verb(&self, subject: &[usize], m: &Mention, verb: &Range<usize>) -> bool {
        let Some(&i) = subject.first() else {
            return false;
        };
        let sm = self.mentions[i];
        if sm.end != m.start || sm.start < verb.end {
            return false;
        }
        // `被关闭的QQ聊天室`, `新上线的抖音群聊`: a relative clause says what happened to the
        // platform's feature, whoever did it.
        if self.text[..verb.start].ends_with('被') || self.text[verb.end..].starts_with('的') {
            return false;
        }
        let clause = self.clause_at(m.start);
        !self
            .mentions_in(&(clause.start..verb.start))
            .any(|j| self.is_agent(j) && self.mentions[j].end <= verb.start)
    }

    /// The short quotation (`“…”`, at most 20 characters, no punctuation) holding a mention.
    ///
    /// Quotes and punctuation are all marks: looked up there, not in the text, from the one
    /// place the mention sits among them, back to the nearest opening quote and on to the next
    /// closing one.
    fn quote_around(&self, m: &Mention) -> Option<Range<usize>> {
        // A quote of at most 20 characters (80 bytes) around the mention: the nearest opening
        // quote farther back, or a closing one farther on, gives none, so neither is looked for
        // past that (a block can be long and quote-free).
        let mut from = m.start.saturating_sub(QUOTE_BYTES + '“'.len_utf8());
        while !self.text.is_char_boundary(from) {
            from -= 1;
        }
        let to = m.end + QUOTE_BYTES;
        let marks = &self.marks;
        let at = marks.partition_point(|&(i, _)| i < m.start);
        let closer = |c: char| matches!(c, '”' | '」');
        // Back to the nearest opening quote, if no closing one comes first.
        let mut open = None;
        for k in (0..at).rev() {
            let (i, c) = marks[k];
            if i < from {
                break;
            }
            if matches!(c, '“' | '「') {
                open = Some(k);
                break;
            }
            if closer(c) {
                return None;
            }
        }
        let open = open?;
        // On to the first closing quote after the mention.
        let after = at + marks[at..].partition_point(|&(i, _)| i < m.end);
        let close = (after..marks.len())
            .take_while(|&k| marks[k].0 < to)
            .find(|&k| closer(marks[k].1))?;
        let (inner_start, close_at) = (marks[open].0 + '“'.len_utf8(), marks[close].0);
        let broken = marks[open + 1..close]
            .iter()
            .any(|&(_, c)| matches!(c, '，' | '。' | '！' | '？' | ',' | '；' | '“'));
        (!broken && chars(&self.text[inner_start..close_at]) <= 20).then_some(inner_start..close_at)
    }

    /// Boilerplate (`本文由…原创发布`, `未经许可，禁止转载`) states no events.
    pub fn boilerplate(&self, sentence: &Sentence) -> bool {
        if !self.holds(Cue::Boilerplate) {
            return false;
        }
        let from = self
            .cues
            .partition_point(|c| c.start < sentence.range.start);
        self.cues[from..]
            .iter()
            .take_while(|c| c.start < sentence.range.end)
            .any(|c| c.cue == Cue::Boilerplate)
    }

    /// Whether the clause of `m` supports a plain `has`: a verb of having or using, a quoted
    /// product name, or the word 功能 right after it.
    pub fn has_evidence(&self, m: &Mention) -> bool {
        // The words around the mention first: a few bytes, where the verb needs its clause.
        self.text[m.end..].starts_with("功能")
            || (self.text[..m.start].ends_with(['“', '「'])
                && self.text[m.end..].starts_with(['”', '」']))
            || (self.holds(Cue::Status(Status::Has))
                && self
                    .cues_in(self.clause_at(m.start), |c| c == Cue::Status(Status::Has))
                    .next()
                    .is_some())
    }

    /// Cues of a kind in a byte range, outside parentheses.
    pub fn cues_in(
        &self,
        r: Range<usize>,
        kind: impl Fn(Cue) -> bool,
    ) -> impl Iterator<Item = &CueHit> {
        self.cues_within(r)
            .filter(move |c| kind(c.cue))
            .filter(|c| !self.in_parens(c.start))
    }

    /// What happened to the thing mentioned at `m`, from the verbs of its clause; the status and
    /// the byte range of the word that says so.
    pub fn status_of(&self, m: &Mention, app: bool) -> (Status, Option<Range<usize>>) {
        if app && let Some(found) = self.labelled(m) {
            return found;
        }
        let clause = self.clause_at(m.start);
        let is_status = |c: Cue| matches!(c, Cue::Status(_));
        let mut before = self.cues_in(clause.start..m.start, is_status).last();
        // `推出了一个主打语音社交的嗨圈圈`: a verb of having inside a relative clause (ending in
        // 的) before the mention describes it; the verb before that clause is the one that acts.
        if let Some(c) = before
            && c.cue == Cue::Status(Status::Has)
            && self.text[c.end..m.start].contains('的')
            && let Some(earlier) = self
                .cues_in(clause.start..c.start, is_status)
                .filter(|e| e.cue != Cue::Status(Status::Has))
                .last()
        {
            before = Some(earlier);
        }
        // An app is the object of the verb before it only when nothing else is in between
        // (`推出了一款名为Q次元的App`, not `测试竖滑功能——用户刷Instagram`), but for a company
        // or platform that owns it, glued to it (`上线的社交产品百度“希壤”`).
        if app {
            before = before.filter(|c| {
                !self.mentions_in(&(c.end..m.start)).any(|i| {
                    let o = &self.mentions[i];
                    o.end <= m.start && !matches!(o.target, Target::Feature(_)) && !self.owns(i, m)
                }) && self
                    .cues_in(c.end..m.start, |k| k == Cue::User)
                    .next()
                    .is_none()
                    && chars(&self.text[c.end..m.start]) <= 16
            });
        }
        if let Some(c) = before
            && let Cue::Status(st) = c.cue
            && st != Status::Has
        {
            return (self.weaken(st, c, clause.clone()), Some(c.start..c.end));
        }
        // `“朋友聊天室”功能内测`, `“多闪”在发布半年后`: a verb right after, when it has no object
        // of its own (`在“云圈”新增了群聊功能` launches the group chat, not the circle).
        let after = self
            .cues_in(m.end..clause.end, is_status)
            .find(|c| !matches!(c.cue, Cue::Status(Status::Has)));
        if let Some(c) = after {
            let gap = &self.text[m.end..c.start];
            let dated: usize = self
                .dates
                .iter()
                .filter(|d| m.end <= d.expr.start && d.expr.end <= c.start)
                .map(|d| chars(&self.text[d.expr.start..d.expr.end]))
                .sum();
            let short = chars(gap).saturating_sub(dated) <= 8;
            let object_after = self
                .mentions_in(&(c.end..clause.end))
                .any(|i| self.mentions[i].end <= clause.end);
            let user_between = self.holds(Cue::User)
                && self
                    .cues_in(m.end..c.start, |k| k == Cue::User)
                    .next()
                    .is_some();
            // An app's own verb comes right after it and ends there (`“多闪”在发布半年后`,
            // `上线于去年5月`); `Instagram最近上线的地图搜索功能` launches a feature, not the app.
            // The app may be the topic of a longer clause when nothing else is named before the
            // verb and the verb ends it (`啫喱目前已经下架，`, `啫喱也从应用商店下架。`,
            // `派对岛仍处于内测阶段`); a relative clause (`…上线的`) describes something else.
            let app_ok = !app || {
                let rest = &self.text[c.end..];
                let ends = |t: &str| t.chars().next().is_none_or(|n| "，。；、！".contains(n));
                let next = rest.chars().next();
                let verb_ends = next.is_none_or(|n| "于后时，。；、！".contains(n))
                    || rest.strip_prefix('了').is_some_and(ends)
                    || ["阶段", "中，", "中。", "状态"]
                        .iter()
                        .any(|w| rest.starts_with(w));
                let topic = short
                    && !gap.contains('的')
                    && !(self
                        .mentions_in(&(m.end..c.start))
                        .any(|i| self.is_agent(i)));
                verb_ends && (chars(gap) <= 3 || topic)
            };
            if short
                && !object_after
                && !user_between
                && app_ok
                && let Cue::Status(st) = c.cue
            {
                return (self.weaken(st, c, clause), Some(c.start..c.end));
            }
        }
        if let Some(next) = self.verb_of_next_clause(&clause) {
            return next;
        }
        match before {
            Some(c) => (Status::Has, Some(c.start..c.end)),
            None => (Status::Has, None),
        }
    }

    /// The status of an app that labels its sentence (`派对岛：字节跳动旗下，处于内测阶段。`,
    /// `希壤：百度于2021年12月27日…发布的元宇宙产品。`): the rest of the sentence describes it, so
    /// its first verb of an event is the app's, unless another platform is named before that
    /// verb or the verb is denied or supposed. `None` when the app labels nothing.
    fn labelled(&self, m: &Mention) -> Option<(Status, Option<Range<usize>>)> {
        let sentence = self.sentence_at(m.start)?;
        let before = self.text[sentence.range.start..m.start]
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '“' | '「'));
        let after = self.text[m.end..].trim_start_matches(['”', '」']);
        if !before.is_empty() || !after.starts_with(['：', ':']) {
            return None;
        }
        let rest = m.end..sentence.range.end;
        let verb = self
            .cues_in(rest, |c| {
                matches!(c, Cue::Status(_) | Cue::Negation | Cue::Hypothetical)
            })
            .find(|c| c.cue != Cue::Status(Status::Has));
        let Some(v) = verb else {
            return Some((Status::Has, None));
        };
        // The owner the label names (`欢脱：快手旗下，…`) is no other platform.
        let other = self.mentions_in(&(m.end..v.start)).any(|i| {
            let o = self.mentions[i];
            matches!(o.target, Target::Platform(_))
                && o != *m
                && !self.text[o.end..].starts_with("旗下")
        });
        match v.cue {
            Cue::Status(st) if !other => Some((st, Some(v.start..v.end))),
            _ => Some((Status::Has, None)),
        }
    }

    /// The verb of the clause after `clause` when that clause names nothing and opens with a
    /// word gathering what came before (`包括A等兴趣社交以及B等产品，都已在去年相继关停`) or
    /// with 已 (`…等产品，已在去年关停`): it says what happened to everything the clause before
    /// listed. Not when it denies or supposes.
    fn verb_of_next_clause(&self, clause: &Range<usize>) -> Option<(Status, Option<Range<usize>>)> {
        // Most blocks hold no verb of an event at all; most clauses are followed by one that
        // opens otherwise. Both are told before the clause is looked up among its sentence's.
        let mut events = Status::ALL.iter().filter(|&&st| st != Status::Has);
        if !events.any(|&st| self.holds(Cue::Status(st))) {
            return None;
        }
        let head = self.text[clause.end..].trim_start();
        let gathers = ["都", "均", "皆", "全部", "相继", "先后", "纷纷", "已"];
        if !gathers.iter().any(|w| head.starts_with(w)) {
            return None;
        }
        let sentence = self.sentence_at(clause.start)?;
        let clauses = sentence.clauses(&self.clauses);
        let k = clauses.iter().position(|c| c == clause)?;
        let next = clauses.get(k + 1)?.clone();
        // `用户的朋友圈，都已关闭了评论`: what users have is not what the platform did.
        let users = self.cues_in(clause.clone(), |c| c == Cue::User).next();
        if !self.mentions_in(&next).is_empty() || users.is_some() {
            return None;
        }
        let mut verbs = self.cues_in(next, |c| {
            matches!(
                c,
                Cue::Status(_) | Cue::Negation | Cue::Hypothetical | Cue::User
            )
        });
        let v = verbs.find(|c| c.cue != Cue::Status(Status::Has))?;
        match v.cue {
            Cue::Status(st) => Some((st, Some(v.start..v.end))),
            _ => None,
        }
    }

    /// The date of the clause holding byte `pos` (a verb read from a clause other than its
    /// mention's): its last time expression before `pos`, else its first after.
    pub fn date_in_clause_at(&self, pos: usize) -> Option<(Option<Date>, Range<usize>)> {
        let clause = self.clause_at(pos);
        let pick = |d: &DatedExpr| (d.date, d.expr.start..d.expr.end);
        let inside = |d: &&DatedExpr| clause.start <= d.expr.start && d.expr.end <= clause.end;
        (self.dates.iter().filter(inside).rev())
            .find(|d| d.expr.end <= pos)
            .or_else(|| {
                self.dates
                    .iter()
                    .filter(inside)
                    .find(|d| d.expr.start >= pos)
            })
            .map(pick)
    }

    /// A launch verb after `可以`/`能` in its clause (`还能关闭视频号`) or done by a user (`用户开通该功能后`)
    /// says the platform has the feature, not that the platform did something.
    fn weaken(&self, st: Status, verb: &CueHit, clause: Range<usize>) -> Status {
        // Each test needs a kind of cue most blocks lack: the kind bits say so first.
        let modal = self.holds(Cue::Status(Status::Has))
            && self
                .cues_in(clause.start..verb.start, |c| c == Cue::Status(Status::Has))
                .any(|c| ["可以", "可", "能", "能够"].contains(&&self.text[c.start..c.end]));
        if modal {
            return Status::Has;
        }
        if !self.holds(Cue::User) {
            return st;
        }
        // The actor of a verb is named in its clause or the one before (`有用户表示，在开通…之后`).
        let reach = self
            .sentence_at(verb.start)
            .and_then(|s| {
                let clauses = s.clauses(&self.clauses);
                let k = clauses.iter().position(|c| c.contains(&verb.start))?;
                Some(clauses[k.saturating_sub(1)].start)
            })
            .unwrap_or(clause.start);
        let sentence = reach..verb.start;
        let user = self
            .cues_in(sentence, |c| c == Cue::User)
            .filter(|u| {
                !self.text[..u.start].chars().next_back().is_some_and(|c| {
                    matches!(
                        c,
                        '向' | '对'
                            | '为'
                            | '给'
                            | '分'
                            | '邀'
                            | '少'
                            | '多'
                            | '批'
                            | '量'
                            | '新'
                            | '老'
                    )
                })
            })
            .last();
        if let Some(u) = user {
            let platform_between = self
                .mentions_in(&(u.end..verb.start))
                .any(|i| self.mentions[i].end <= verb.start && self.is_agent(i) && !self.object[i]);
            if !platform_between {
                return Status::Has;
            }
        }
        st
    }

    /// Whether the clause of `m` denies it, or its sentence only supposes or asks.
    pub fn denied(&self, m: &Mention, sentence: &Sentence) -> bool {
        let negated = || {
            let clause = self.clause_of(sentence, m.start);
            // Inside an aside, the aside's own words count (`（不含虚拟形象）`).
            let aside = self
                .parens
                .iter()
                .find(|p| p.contains(&m.start))
                .is_some_and(|p| self.cues_within(p.clone()).any(|c| c.cue == Cue::Negation));
            aside
                || self
                    .cues_in(clause, |c| c == Cue::Negation)
                    .next()
                    .is_some()
        };
        sentence.is_question()
            || (self.holds(Cue::Negation) && negated())
            || (self.holds(Cue::Hypothetical)
                && self
                    .cues_in(sentence.range.start..m.start, |c| c == Cue::Hypothetical)
                    .next()
                    .is_some())
    }

    /// The date of the thing mentioned at `m`: a time expression of its clause (before it, else
    /// after it), else the last one before it in its sentence, else in its block; `Err` when the
    /// block names none, so the caller falls back to the reference year.
    pub fn date_of(
        &self,
        m: &Mention,
        sentence: &Sentence,
    ) -> Result<(Option<Date>, Range<usize>), ()> {
        let clause = self.clause_of(sentence, m.start);
        let pick = |d: &DatedExpr| (d.date, d.expr.start..d.expr.end);
        let before_in = |start: usize| {
            self.dates
                .iter()
                .rev()
                .find(|d| d.expr.start >= start && d.expr.end <= m.start)
        };
        if let Some(d) = before_in(clause.start) {
            return Ok(pick(d));
        }
        if let Some(d) = self
            .dates
            .iter()
            .find(|d| d.expr.start >= m.end && d.expr.end <= clause.end)
        {
            return Ok(pick(d));
        }
        if let Some(d) = before_in(sentence.range.start) {
            return Ok(pick(d));
        }
        before_in(0).map(pick).ok_or(())
    }

    /// The platform mentions that could be the subject of `m` in its sentence: the nearest one
    /// before it (with any platforms coordinated with it: `抖音、快手都…`), else the first after
    /// it in its clause (`上线“一起逛”功能的淘宝`), else the first after it in the sentence when
    /// its clause is a time clause (`上线“朋友”tab后，抖音又…`). Mention indexes, into `out`
    /// (emptied first).
    pub fn subject_of(&self, mi: usize, sentence: &Sentence, status: Status, out: &mut Vec<usize>) {
        out.clear();
        let m = self.mentions[mi];
        let usable = |i: usize| {
            i != mi
                && self.is_agent(i)
                && !self.object[i]
                && !self.in_parens(self.mentions[i].start)
                && sentence.range.contains(&self.mentions[i].start)
        };
        let clause = self.clause_of(sentence, m.start);
        let in_clause = |i: usize| clause.contains(&self.mentions[i].start);
        let before = (0..mi).rev().find(|&i| usable(i) && in_clause(i));
        // A platform after the feature owns it in a relative clause ending in 的 (`上线“一起逛”功能的淘宝`) or
        // glued to it (`一起逛淘宝`), not as the next item of a list (`分享到朋友圈、微博等平台`).
        let after = (mi + 1..self.mentions.len())
            .find(|&i| usable(i) && in_clause(i))
            .filter(|&i| {
                let gap = &self.text[m.end..self.mentions[i].start];
                gap.ends_with('的')
                    || (chars(gap) <= 2 && !gap.contains(['、', '和', '与', '及', '或']))
            });
        // Nearest before it in its clause, else after it in its clause (`上线“一起逛”功能的淘宝`),
        // else nearest before it in the sentence.
        let chosen = before
            .or(after)
            .or_else(|| (0..mi).rev().find(|&i| usable(i)));
        // `平台们试图通过独立社交软件来撕开微信入口`: a general subject between the platform and
        // the feature (or with no platform before it) makes it a general remark.
        let generic_from = chosen
            .filter(|&i| i < mi)
            .map_or(sentence.range.start, |i| self.mentions[i].end);
        if self.holds(Cue::Generic)
            && self
                .cues_in(generic_from..m.start, |c| c == Cue::Generic)
                .next()
                .is_some()
        {
            return;
        }
        // `微博超话`: a platform glued to the feature owns it alone, whatever list it ends.
        if let Some(i) = chosen.filter(|&i| self.mentions[i].end == m.start) {
            out.push(i);
            return;
        }
        if let Some(i) = chosen {
            out.push(i);
            let mut k = i;
            while let Some(j) = (0..k).rev().find(|&j| usable(j)) {
                let sep = self.text[self.mentions[j].end..self.mentions[k].start].trim();
                if ["、", "和", "与", "及", "以及", "跟", "、以及"].contains(&sep) {
                    out.push(j);
                    k = j;
                } else {
                    break;
                }
            }
            out.reverse();
            return;
        }
        // `上线“朋友”tab后，抖音又推出了…`: a time clause before the subject. Only for events: a
        // plain mention is too weak a reason to reach this far.
        // The ideograph test first: it is cheap, and most characters pass it.
        let head = || {
            self.text[clause.clone()].trim_end_matches(|c: char| {
                !('\u{4e00}'..='\u{9fff}').contains(&c) && !c.is_alphanumeric()
            })
        };
        if status != Status::Has
            && ["后", "之后", "以后", "时", "之前", "前", "以来"]
                .iter()
                .any(|w| head().ends_with(w))
            && let Some(i) = (mi + 1..self.mentions.len()).find(|&i| usable(i))
        {
            out.push(i);
        }
    }

    /// The platform a sentence is about when it states no event: its first usable platform.
    /// Given the sentence's mentions (indexes, see [`BlockView::mentions_in`]).
    pub fn topic_in(&self, mentions: Range<usize>) -> Option<usize> {
        mentions.into_iter().find(|&i| {
            matches!(self.mentions[i].target, Target::Platform(_))
                && !self.object[i]
                && !self.in_parens(self.mentions[i].start)
        })
    }

    /// Whether a subjectless sentence may take the subject of the sentences before it: it refers
    /// back (`该功能`, `后者`), opens with a continuation (`首先`, `而后`), or reports an event
    /// (launch, test…) that must have an actor. A general remark (`各大应用`) never does.
    pub fn may_carry(&self, sentence: &Sentence, m: &Mention, status: Status) -> bool {
        let s = sentence.range.clone();
        if self.holds(Cue::Generic) && self.cues_in(s, |c| c == Cue::Generic).next().is_some() {
            return false;
        }
        self.continues(sentence, m) || status != Status::Has
    }

    /// Whether a sentence continues the one before: it refers back (`该功能`, `后者`) before `m`,
    /// or opens with a continuation (`而后`) or the next item of a list (`首先`, `其次`).
    pub fn continues(&self, sentence: &Sentence, m: &Mention) -> bool {
        self.continues_with(sentence, m, |c| {
            matches!(c, Cue::Continuation | Cue::Enumeration)
        })
    }

    /// Whether a sentence continues the story of the one before in time: it refers back, or opens
    /// with `而后`, `随后`… A list of points (`首先`, `其次`) is a list of steps when its item
    /// reports an event (`首先，推出了…“群聊”功能`), but of reasons or remarks when it only says
    /// what a platform has (`其次，…主打陌生人聊天的聊天室`): those take no year.
    pub fn continues_in_time(&self, sentence: &Sentence, m: &Mention, status: Status) -> bool {
        // `首先，QQ之所以能够一直保持活力，…是因为…`: the list gives reasons (looked for only
        // when the sentence opens with a list word).
        let reasons = || {
            self.cues_in(sentence.range.clone(), |c| c == Cue::Reason)
                .next()
                .is_some()
        };
        self.continues_with(sentence, m, |c| {
            c == Cue::Continuation || (c == Cue::Enumeration && status != Status::Has && !reasons())
        })
    }

    fn continues_with(
        &self,
        sentence: &Sentence,
        m: &Mention,
        opener: impl Fn(Cue) -> bool,
    ) -> bool {
        // Only these kinds can say so (`opener` accepts continuations and list words only).
        if !(self.holds(Cue::Anaphor)
            || self.holds(Cue::Continuation)
            || self.holds(Cue::Enumeration))
        {
            return false;
        }
        let s = sentence.range.clone();
        let refers = self
            .cues_in(s.start..m.start.max(s.start), |c| c == Cue::Anaphor)
            .next()
            .is_some();
        let body = &self.text[s.clone()];
        let head = s.start + body.len()
            - body
                .trim_start_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '而' | '但' | '“' | '「')
                })
                .len();
        let raw = s.start + body.len() - body.trim_start().len();
        // `raw <= head`: the cues starting at either are the ones from `raw` to `head`.
        let from = self.cues.partition_point(|c| c.start < raw);
        refers
            || self.cues[from..]
                .iter()
                .take_while(|c| c.start <= head)
                .any(|c| opener(c.cue) && (c.start == head || c.start == raw))
    }

    /// Resolves a subject mention to platforms: a platform is itself; a company stands for its
    /// only main platform, or for nothing when it has several.
    pub fn platforms_of(&self, knowledge: &Knowledge, i: usize) -> Option<usize> {
        match self.mentions[i].target {
            Target::Platform(p) => Some(p),
            Target::Company(c) => {
                let company = &knowledge.companies[c];
                let mut mains = knowledge.platforms.iter().enumerate().filter(|(_, p)| {
                    p.parent.is_none()
                        && p.company.as_deref().is_some_and(|n| {
                            n == company.name
                                || n == company.id
                                || company.aliases.iter().any(|a| a == n)
                        })
                });
                let first = mains.next()?;
                mains.next().is_none().then_some(first.0)
            }
            Target::Feature(_) => None,
        }
    }
}
