//! Extraction: article blocks → dated social-feature [`Event`]s.
//!
//! Finds platform, company and feature mentions in each block, attributes each feature to the
//! platform that is the subject of its clause, reads the status from the verbs around it and
//! resolves the time expression against a running reference date, as a reader does.
//!
//! The modules, in the order a block goes through them:
//!
//! * `scan`: one Aho–Corasick automaton over every name, cue word and date trigger, read once
//!   per block; each list keeps its own leftmost-longest reading;
//! * `mentions`: platform, company and feature names (`抖音极速版` is not `抖音`; ASCII names only
//!   at word boundaries);
//! * `status`: cue words (status verbs, negation, hypotheticals, users, anaphors, comparison and
//!   source frames, boilerplate);
//! * `dates`: a hand-written scanner for time expressions and the running reference year;
//! * `clause`: sentences (`。！？`) and clauses (`，；：`), parenthetical asides;
//! * `attribute`: which mentions cannot be subjects (compared with, objects of prepositions,
//!   sources, inside slogans), the subject, status and date of each feature mention.
//!
//! A feature belongs to the nearest platform before it in its clause, else a platform glued to
//! it or ending a relative clause after it (`…功能的淘宝`), else the nearest before it in the
//! sentence; a sentence without one continues the subject of the sentences before it only when
//! it reports an event, refers back (`该功能`) or opens with a continuation (`首先`, `而后`),
//! never across a heading. Negated, hypothetical and question sentences state no event; a
//! general remark (`各大应用`) states none either. Launching, testing, relaunching or closing a
//! standalone app (a social platform with a parent, or launched by a named company) is a
//! `standalone_app` event of the app itself.
//!
//! Dates come from the text only: the clause's expression, else the sentence's, else the
//! block's; a block without one gives its events the year the story is at only when the
//! sentence continues the story. Everything is compiled once per [`Extractor`] (on first use);
//! `extract` runs one automaton once per block and allocates per match, not per character.

mod attribute;
mod clause;
pub mod dates;
mod mentions;
mod scan;
mod status;
#[cfg(test)]
mod testkit;

use crate::corpus::{Article, BlockKind};
use crate::date::Date;
use crate::knowledge::Knowledge;
use attribute::{BlockView, Scratch};
use mentions::{Mention, Target};
use scan::{Scanner, Scans};
use serde::{Deserialize, Serialize};
use status::Cue;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// What happened to a feature on a platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// 上线, 推出, 发布, 新增, 开通.
    Launched,
    /// 内测, 测试, 灰度.
    Testing,
    /// 重启.
    Relaunched,
    /// 调整, 升级, 改版.
    Adjusted,
    /// 关闭, 下线, 停运, 折戟.
    Closed,
    /// The platform has the feature; the text reports no event.
    Has,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Launched,
        Status::Testing,
        Status::Relaunched,
        Status::Adjusted,
        Status::Closed,
        Status::Has,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Launched => "launched",
            Status::Testing => "testing",
            Status::Relaunched => "relaunched",
            Status::Adjusted => "adjusted",
            Status::Closed => "closed",
            Status::Has => "has",
        }
    }

    /// How much a status says about a platform having a feature, for the one glyph a matrix cell
    /// shows: a launch outranks a test, a test outranks a plain mention.
    pub fn strength(self) -> u8 {
        match self {
            Status::Launched => 6,
            Status::Relaunched => 5,
            Status::Testing => 4,
            Status::Adjusted => 3,
            Status::Closed => 2,
            Status::Has => 1,
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// What a highlighted span in the evidence names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpanKind {
    Platform,
    Feature,
    Date,
    Status,
}

/// A highlighted range of the evidence text, in **characters** (not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: SpanKind,
}

/// One fact: a platform's feature had a status at a date, stated by one block of one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Platform id.
    pub platform: String,
    /// Feature id.
    pub feature: String,
    pub status: Status,
    pub date: Option<Date>,
    /// Article id.
    pub article: String,
    /// Block index in the article (the evidence is that block's text).
    pub paragraph: usize,
    /// The clause that states the event (a substring of the evidence).
    pub sentence: String,
    /// Platform, feature, date and status words in the evidence, for highlighting.
    pub spans: Vec<Span>,
}

/// Extraction rules compiled once for a knowledge base (matchers are costly to build).
pub struct Extractor {
    knowledge: Knowledge,
    /// Built on first use: a load served from the parse cache extracts nothing and should not pay
    /// for the automaton (a few milliseconds).
    scanner: OnceLock<Scanner>,
    /// Index of the `standalone_app` feature, if the knowledge base has it.
    standalone: Option<usize>,
    /// Per platform: it is a standalone app (launching it is a `standalone_app` event).
    is_app: Vec<bool>,
    /// Feature words that carry their platform's name (`微信圈子`, `超级QQ秀`), lower-cased: the
    /// feature is that platform's whoever the sentence is about. A few dozen words, looked up
    /// by a walk that compares lengths first: cheaper than hashing the word.
    named_owner: Vec<(String, usize)>,
    /// Per feature: one of its words is a [`Extractor::named_owner`] word. A mention of a
    /// feature is one of its words, so the others (nearly all) are not looked up.
    may_be_named: Vec<bool>,
}

/// The subject carried from sentence to sentence within a section: platform indexes.
type Subject = Vec<usize>;

thread_local! {
    /// The buffers of [`BlockView`]s, kept by each thread from article to article: grown once,
    /// not again for the first blocks of every article (a few buffers, several steps each).
    static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::new(Scratch::default());
    /// The lists of the last article's scan, for the next one (see [`Scanner::scan_all`]).
    static SCANS: std::cell::Cell<Scans> = std::cell::Cell::new(Scans::default());
    /// The same for [`Extractor::settle`], which reads deferred windows while a view of the
    /// window being read holds the buffers above.
    static SETTLE_SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::new(Scratch::default());
}

impl Extractor {
    pub fn new(knowledge: &Knowledge) -> Self {
        // A standalone social app: a social product with a parent app (多闪 → 抖音) or, for the
        // newer social products companies launch directly (派对岛), with a company. Lite versions
        // and business spin-offs (抖音极速版, 美团优选) have other kinds and are not apps here.
        let is_app = knowledge
            .platforms
            .iter()
            .map(|p| {
                let kind = p.kind.as_deref().unwrap_or("");
                let social = matches!(kind, "social_app" | "metaverse_social");
                let community = matches!(kind, "community" | "stranger_social");
                (p.parent.is_some() && (social || community)) || (p.company.is_some() && social)
            })
            .collect();
        let named_owner = named_owners(knowledge);
        let may_be_named = (knowledge.features.iter())
            .map(|f| {
                std::iter::once(&f.name).chain(&f.aliases).any(|word| {
                    let word = word.trim().to_ascii_lowercase();
                    named_owner.iter().any(|(w, _)| *w == word)
                })
            })
            .collect();
        Self {
            named_owner,
            may_be_named,
            knowledge: knowledge.clone(),
            scanner: OnceLock::new(),
            standalone: knowledge.feature_index("standalone_app"),
            is_app,
        }
    }

    /// The knowledge base the rules were compiled for.
    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    fn scanner(&self) -> &Scanner {
        self.scanner.get_or_init(|| Scanner::new(&self.knowledge))
    }

    /// Builds the automaton now instead of in the first extraction, where every other thread
    /// would wait for it: a loader that will extract calls this on a spare thread while it walks
    /// the corpus folders.
    pub fn prepare(&self) {
        self.scanner();
    }

    /// Every event the article states, in block order.
    pub fn extract(&self, article: &Article) -> Vec<Event> {
        let scanner = self.scanner();
        let mut reference = dates::Reference::new(article.published);
        let mut carried = Carried::default();
        let mut events = Vec::new();
        // Scanning is independent of the reading, so every piece is scanned up front, together
        // (see `Scanner::scan_all`); the pieces come back in the order the loop reads them.
        let mut pieces: Vec<&str> = Vec::with_capacity(article.blocks.len());
        for text in article.texts() {
            // Nearly every block is one window.
            if text.len() <= WINDOW_BYTES {
                pieces.extend((!text.is_empty()).then_some(text));
            } else {
                pieces.extend(windows(text, WINDOW_BYTES));
            }
        }
        let scans = scanner.scan_all(&pieces, SCANS.take());
        // Reading ends with the last window that can state an event: after it, windows only move
        // the reference date and the carried subject, which nothing reads any more.
        let Some(last_read) = (0..pieces.len())
            .rev()
            .find(|&i| matches!(self.reach(&scans.get(i)), Reach::Events))
        else {
            SCANS.set(scans.for_reuse());
            return Vec::new();
        };
        let mut next_piece = 0..;
        let mut view = BlockView::empty(SCRATCH.take());
        let mut subjects = Subjects::default();
        for (bi, block) in article.blocks.iter().enumerate() {
            if next_piece.start > last_read {
                break;
            }
            let year_at_start = reference.year;
            let text = article.text_of(block);
            // A heading starts a new section: nothing carries over it.
            if let BlockKind::Heading(_) = block.kind {
                // Read for its dates only: a heading's year is the text's year.
                for window in windows(text, WINDOW_BYTES) {
                    let found = scans.get(next_piece.next().unwrap_or(usize::MAX));
                    attribute::pass_dates(window, &found, |k| reference.resolve(k));
                }
                carried.clear();
                continue;
            }
            // A caption (`美团正在内测“群聊”`) states its own facts; it neither takes nor passes on
            // a subject, since it stands beside the text, not in its flow.
            let mut own;
            let subject = if matches!(block.kind, BlockKind::Caption) {
                own = Carried::default();
                &mut own
            } else {
                &mut carried
            };
            // The rules look at every mention of a sentence's block for each mention; a hostile
            // 12 MB paragraph would make that quadratic. Windows of whole sentences keep the work
            // linear while every sentence is still read in order, with its subject carried.
            let mut chars_before = 0;
            for window in windows(text, WINDOW_BYTES) {
                let piece = next_piece.next().unwrap_or(usize::MAX);
                let found = scans.get(piece);
                let reach = self.reach(&found);
                if !matches!(reach, Reach::Events) {
                    attribute::pass_dates(window, &found, |k| reference.resolve(k));
                }
                match reach {
                    Reach::Nothing => {}
                    Reach::Topic => subject.pending.push(Deferred { window, piece }),
                    Reach::Events => {
                        let resolve = |k| reference.resolve(k);
                        attribute::dated(window, &found, resolve, view.dates_mut());
                        view.read(window, found);
                        let first = events.len();
                        let block = Reading {
                            paragraph: bi,
                            article,
                            scans: &scans,
                            year_at_start,
                        };
                        self.read_block(&view, &block, subject, &mut subjects, &mut events);
                        if chars_before > 0 {
                            for ev in &mut events[first..] {
                                for sp in &mut ev.spans {
                                    sp.start += chars_before;
                                    sp.end += chars_before;
                                }
                            }
                        }
                    }
                }
                chars_before += chars_of(window, text);
            }
        }
        SCRATCH.set(view.into_scratch());
        SCANS.set(scans.for_reuse());
        dedup(events)
    }

    fn read_block<'t>(
        &self,
        view: &BlockView<'_>,
        block: &Reading<'_, 't>,
        carried: &mut Carried<'t>,
        subjects: &mut Subjects,
        out: &mut Vec<Event>,
    ) {
        let Subjects {
            mentions: subject_mentions,
            subject,
            last: last_subject,
        } = subjects;
        let Reading {
            paragraph,
            article,
            year_at_start,
            ..
        } = *block;
        // An event stated in this block, in the knowledge base's ids.
        let event = |p: usize, f: usize, (status, date), sentence, spans| Event {
            platform: self.knowledge.platforms[p].id.clone(),
            feature: self.knowledge.features[f].id.clone(),
            status,
            date,
            article: article.id.clone(),
            paragraph,
            sentence,
            spans,
        };
        let Some(first) = view.sentences.first() else {
            return;
        };
        // Sentences follow one another from the start of the text, so each one's mentions are
        // the next run of them (what `BlockView::mentions_in` would search for).
        let mut next_mention = 0;
        for (si, sentence) in view.sentences.iter().enumerate() {
            let from = next_mention;
            while (view.mentions.get(next_mention)).is_some_and(|m| m.start < sentence.range.end) {
                next_mention += 1;
            }
            let in_sentence = from..next_mention;
            debug_assert_eq!(in_sentence, view.mentions_in(&sentence.range));
            if view.boilerplate(sentence) {
                continue;
            }
            // Whether a mention of the sentence set `last_subject`.
            let mut has_last = false;
            for mi in in_sentence.clone() {
                let m = &view.mentions[mi];
                if view.compared[mi] {
                    continue;
                }
                let app_event = match m.target {
                    Target::Platform(p) if self.is_app[p] => {
                        if !self.launcher_named(view, mi, sentence) {
                            continue;
                        }
                        true
                    }
                    Target::Feature(f) => {
                        // The word 独立社交App beside a named app adds nothing to the app's event.
                        if Some(f) == self.standalone && self.app_in_clause(view, m, sentence) {
                            continue;
                        }
                        false
                    }
                    _ => continue,
                };
                if view.denied(m, sentence)
                    || view.deal(m)
                    || (app_event && view.in_parens(m.start))
                    || (!app_event
                        && (view.not_a_feature(m)
                            || view.destination(m)
                            || view.glosses_unknown(m)))
                {
                    continue;
                }
                let (mut status, mut status_span) = view.status_of(m, app_event);
                // `百度的“希壤”和天下秀的“虹宇宙”几乎同时上线`: an app listed before another shares
                // the verb that ends the list.
                if app_event && status == Status::Has {
                    let mut k = mi;
                    while let Some(j) = view.next_in_list(k) {
                        let (st, span) = view.status_of(&view.mentions[j], true);
                        if st != Status::Has {
                            (status, status_span) = (st, span);
                            break;
                        }
                        k = j;
                    }
                }
                // `新增了朋友圈转发的功能`: the feature word names part of another feature, which is
                // what happened; the platform only has this one.
                if !app_event && status != Status::Has && view.names_a_part(m) {
                    status = Status::Has;
                }
                // `将私信功能升级为多闪`: an app that something was turned into came into being.
                if app_event
                    && status == Status::Adjusted
                    && let Some(v) = &status_span
                    && v.end <= m.start
                    && matches!(
                        view.text[v.end..m.start].trim_matches(['“', '「', '《', '了']),
                        "为" | "成" | "成为"
                    )
                {
                    status = Status::Launched;
                }
                // With no time expression in its block, an event takes the year the text is at
                // only when its sentence continues the story (`而后，抖音重启了多闪`); otherwise
                // the article gives no date for it.
                let clause = view.clause_of(sentence, m.start);
                let verb_elsewhere = (status_span.as_ref())
                    .filter(|v| v.start >= clause.end)
                    .and_then(|v| view.date_in_clause_at(v.start));
                let (date, date_span) = match verb_elsewhere {
                    // The verb was read from a later clause: its time is that clause's.
                    Some((d, span)) => (d, Some(span)),
                    None => match view.date_of(m, sentence) {
                        // `日前…，在推出“超级QQ秀”后，手机QQ…`: what a time clause names happened
                        // before the time of the rest of the sentence; a month or day of that
                        // is no date of it, a year (`2019年初，…在发布了多闪后`) still is.
                        Ok((Some(d), _))
                            if d.month.is_some() && view.earlier_time_clause(m, sentence) =>
                        {
                            (None, None)
                        }
                        Ok((d, span)) => (d, Some(span)),
                        Err(())
                            if view.continues_in_time(sentence, m, status)
                                || view.continues_in_time(first, m, status) =>
                        {
                            (year_at_start.and_then(Date::year), None)
                        }
                        Err(()) => (None, None),
                    },
                };
                // The evidence of an event, built only for one that is stated: most mentions are
                // dropped below.
                let sentence_text = || view.text[sentence.range.clone()].trim().to_string();
                let spans = |status_span: Option<&Range<usize>>, subjects: &[usize]| {
                    let own = if app_event {
                        SpanKind::Platform
                    } else {
                        SpanKind::Feature
                    };
                    let span = span_of;
                    let mut spans = Vec::with_capacity(3 + subjects.len());
                    spans.push(span(&(m.start..m.end), own));
                    spans.extend(date_span.as_ref().map(|r| span(r, SpanKind::Date)));
                    spans.extend(status_span.map(|r| span(r, SpanKind::Status)));
                    spans.extend(subjects.iter().map(|&i| {
                        let sm = view.mentions[i];
                        span(&(sm.start..sm.end), SpanKind::Platform)
                    }));
                    char_spans(view, &mut spans);
                    spans
                };
                if app_event {
                    // Launching, testing, reopening or closing an app is the event; a mere mention
                    // of an app is none.
                    let (Target::Platform(p), Some(f)) = (m.target, self.standalone) else {
                        continue;
                    };
                    if status == Status::Has {
                        continue;
                    }
                    out.push(event(
                        p,
                        f,
                        (status, date),
                        sentence_text(),
                        spans(status_span.as_ref(), &[]),
                    ));
                    continue;
                }
                let Target::Feature(f) = m.target else {
                    continue;
                };
                let named = |k: usize, f: usize| {
                    let w = view.mentions[k];
                    (self.may_be_named.get(f) == Some(&true))
                        .then(|| self.named_owner(&view.text[w.start..w.end]))
                        .flatten()
                };
                // `在微信群和朋友圈进行转发`: a feature listed right after one that names its
                // platform belongs to that platform too.
                let owner = named(mi, f).or_else(|| {
                    let prev = mi.checked_sub(1)?;
                    let pm = view.mentions[prev];
                    let Target::Feature(pf) = pm.target else {
                        return None;
                    };
                    if self.may_be_named.get(pf) != Some(&true) {
                        return None;
                    }
                    view.listed_together(&pm, m)
                        .then(|| named(prev, pf))
                        .flatten()
                });
                // `把微信群调整成免打扰`: whoever acts on a feature that names its platform, the
                // platform is not said to; it only has the feature.
                if owner.is_some()
                    && status != Status::Has
                    && view.text[..m.start].ends_with(['把', '将'])
                    && !view
                        .mentions_in(&(clause.start..m.start))
                        .any(|i| !matches!(view.mentions[i].target, Target::Feature(_)))
                {
                    status = Status::Has;
                }
                match owner {
                    Some(_) => subject_mentions.clear(),
                    None => view.subject_of(mi, sentence, status, subject_mentions),
                }
                let mut demoted = false;
                // `品牌推出了各自的微信红包封面`: someone else acted on the platform's feature.
                if let Some(v) = &status_span
                    && view.subject_after_verb(subject_mentions, m, v)
                {
                    status = Status::Has;
                    demoted = true;
                }
                // A plain mention far from its platform is weak: keep it only when the clause
                // says the platform has it or users use it (`3.3亿人进行视频通话`), or names
                // it as a product (`“灵魂匹配”`, `群聊功能`).
                let subject_here = subject_mentions
                    .first()
                    .is_some_and(|&i| clause.contains(&view.mentions[i].start));
                if status == Status::Has
                    && !subject_here
                    && owner.is_none()
                    && !view.has_evidence(m)
                {
                    continue;
                }
                subject.clear();
                if let Some(p) = owner {
                    subject.push(p);
                } else if subject_mentions.is_empty() {
                    match self.settle(carried, block) {
                        Some(s) if view.may_carry(sentence, m, status) => {
                            subject.extend_from_slice(s)
                        }
                        _ => continue,
                    }
                } else {
                    subject.extend(
                        (subject_mentions.iter())
                            .filter_map(|&i| view.platforms_of(&self.knowledge, i)),
                    );
                }
                if let Some((&last, others)) = subject.split_last() {
                    let (sentence_text, spans) = (
                        sentence_text(),
                        // A demoted verb is no status word of this event.
                        spans(status_span.as_ref().filter(|_| !demoted), subject_mentions),
                    );
                    for &p in others {
                        out.push(event(
                            p,
                            f,
                            (status, date),
                            sentence_text.clone(),
                            spans.clone(),
                        ));
                    }
                    out.push(event(last, f, (status, date), sentence_text, spans));
                    std::mem::swap(subject, last_subject);
                    has_last = true;
                }
            }
            self.anaphor_events(view, si, sentence, &event, out);
            if has_last {
                carried.set_to(last_subject);
            } else if let Some(i) = view.topic_in(in_sentence)
                && let Target::Platform(p) = view.mentions[i].target
            {
                carried.set_one(p);
            }
        }
    }

    /// `百度又推出了嗨圈圈，但这款产品仅仅上线两个月就匆忙下线`: a clause that names nothing but
    /// refers back to a product states an event of the last app named before it, in sentence
    /// `si` or the one before.
    fn anaphor_events(
        &self,
        view: &BlockView<'_>,
        si: usize,
        sentence: &clause::Sentence,
        event: &impl Fn(usize, usize, (Status, Option<Date>), String, Vec<Span>) -> Event,
        out: &mut Vec<Event>,
    ) {
        let Some(f) = self.standalone else {
            return;
        };
        let from = si
            .checked_sub(1)
            .and_then(|k| view.sentences.get(k))
            .map_or(sentence.range.start, |s| s.range.start);
        for (cue, verb) in view.product_anaphors(sentence) {
            let app = (0..view.mentions.len()).rev().find_map(|i| {
                let o = view.mentions[i];
                match o.target {
                    Target::Platform(p)
                        if self.is_app[p] && o.start >= from && o.end <= cue.start =>
                    {
                        Some((i, p))
                    }
                    _ => None,
                }
            });
            let Some((i, p)) = app else { continue };
            let Some(own) =
                (view.sentences.iter()).find(|s| s.range.contains(&view.mentions[i].start))
            else {
                continue;
            };
            // `product_anaphors` pairs an anaphor only with a verb of an event.
            let Cue::Status(status) = verb.cue else {
                continue;
            };
            let pseudo = Mention {
                start: cue.start,
                end: cue.end,
                target: Target::Platform(p),
            };
            if !self.launcher_named(view, i, own) || view.denied(&pseudo, sentence) {
                continue;
            }
            let (date, date_span) = match view
                .date_in_clause_at(verb.start)
                .or_else(|| view.date_of(&pseudo, sentence).ok())
            {
                Some((d, span)) => (d, Some(span)),
                None => (None, None),
            };
            let mut spans = vec![
                span_of(&(cue.start..cue.end), SpanKind::Platform),
                span_of(&(verb.start..verb.end), SpanKind::Status),
            ];
            spans.extend(date_span.map(|r| span_of(&r, SpanKind::Date)));
            char_spans(view, &mut spans);
            let text = view.text[sentence.range.clone()].trim().to_string();
            out.push(event(p, f, (status, date), text, spans));
        }
    }

    /// Whether the sentence names who launched the app at `mi`: always true for an app with a
    /// parent (多闪 is 抖音's whatever the sentence says); for an app launched by a company
    /// directly, the company (or another of its platforms) must be named in the sentence
    /// (`字节跳动推出“派对岛”App`), so `Instagram上线Reels功能` is no app launch.
    fn launcher_named(&self, view: &BlockView<'_>, mi: usize, sentence: &clause::Sentence) -> bool {
        let Target::Platform(p) = view.mentions[mi].target else {
            return false;
        };
        let app = &self.knowledge.platforms[p];
        if app.parent.is_some() {
            return true;
        }
        let Some(company) = app.company.as_deref() else {
            return false;
        };
        // Before it (`字节跳动推出“派对岛”App`) or after it (`今年1月底上线的“派对岛”是字节跳动旗下…`).
        view.mentions.iter().enumerate().any(|(k, o)| {
            k != mi
                && sentence.range.contains(&o.start)
                && match o.target {
                    Target::Company(c) => {
                        let c = &self.knowledge.companies[c];
                        c.name == company
                            || c.id == company
                            || c.aliases.iter().any(|a| a == company)
                    }
                    Target::Platform(q) => {
                        q != p && self.knowledge.platforms[q].company.as_deref() == Some(company)
                    }
                    Target::Feature(_) => false,
                }
        })
    }

    fn app_in_clause(
        &self,
        view: &BlockView<'_>,
        m: &Mention,
        sentence: &clause::Sentence,
    ) -> bool {
        let clause = view.clause_of(sentence, m.start);
        view.mentions_in(&clause).any(|i| {
            let o = &view.mentions[i];
            matches!(o.target, Target::Platform(p) if self.is_app[p]) && o.end <= clause.end
        })
    }
}

/// What reading a window of a block can do, from the names in it.
enum Reach {
    /// Nothing: without a platform or feature name, [`Extractor::read_block`] skips every
    /// mention (a company alone states nothing) and finds no topic, so the window's only effect
    /// is on the running reference date, which [`attribute::dated`] has already moved.
    Nothing,
    /// Only move the subject carried to the next sentences: platforms are named but no feature
    /// and no standalone app, so no mention yields an event and the subject never needs to be
    /// read here; the window sets it to the topic of its last sentence with one, if any.
    Topic,
    /// State events (and read and move the subject).
    Events,
}

/// The subject carried from sentence to sentence, and the windows since it was last set that
/// may still move it.
///
/// Those windows ([`Reach::Topic`]) are read only when a sentence reads the subject (a feature
/// without a platform of its own, see [`Extractor::settle`]); a sentence that sets it makes
/// them moot. Most never are read: platforms named in passing, in sections whose features
/// name their platforms.
#[derive(Default)]
struct Carried<'t> {
    subject: Option<Subject>,
    pending: Vec<Deferred<'t>>,
}

impl Carried<'_> {
    /// Forgets the subject and the windows since (a new section), keeping the buffer of the
    /// windows for the next section.
    fn clear(&mut self) {
        self.subject = None;
        self.pending.clear();
    }

    /// Sets the subject to a copy of `subject`, in the subject's own buffer; the windows
    /// deferred until now are moot.
    fn set_to(&mut self, subject: &[usize]) {
        match &mut self.subject {
            Some(s) => {
                s.clear();
                s.extend_from_slice(subject);
            }
            None => self.subject = Some(subject.to_vec()),
        }
        self.pending.clear();
    }

    /// [`Carried::set_to`] one platform, in the subject's own buffer: most sentences naming a
    /// platform set the topic, one after another.
    fn set_one(&mut self, platform: usize) {
        match &mut self.subject {
            Some(s) => {
                s.clear();
                s.push(platform);
            }
            None => self.subject = Some(vec![platform]),
        }
        self.pending.clear();
    }
}

/// Buffers of [`Extractor::read_block`], kept from window to window of an article: the subject
/// mentions of a feature, its subject, and the last subject a sentence named.
#[derive(Default)]
struct Subjects {
    mentions: Vec<usize>,
    subject: Subject,
    last: Subject,
}

/// The block a window belongs to, as [`Extractor::read_block`] needs it: the article with its
/// scans (to read deferred windows), the block index and the year the text was at before it.
struct Reading<'a, 't> {
    paragraph: usize,
    article: &'t Article,
    scans: &'a scan::Scans,
    year_at_start: Option<i32>,
}

/// A [`Reach::Topic`] window not read yet: its text and its index in the article's scans. Its
/// time expressions have moved the reference date already, and reading it for its topic looks
/// at no date.
struct Deferred<'t> {
    window: &'t str,
    piece: usize,
}

impl Extractor {
    /// The platform a feature word carries in its name (see `Extractor::named_owner`).
    fn named_owner(&self, word: &str) -> Option<usize> {
        // Keys are lower-cased: equal ignoring ASCII case is equal once lower-cased.
        self.named_owner
            .iter()
            .find(|(w, _)| w.len() == word.len() && w.eq_ignore_ascii_case(word))
            .map(|&(_, p)| p)
    }

    fn reach(&self, found: &scan::Found<'_>) -> Reach {
        let mut reach = Reach::Nothing;
        for m in found.mentions {
            match m.target {
                Target::Feature(_) => return Reach::Events,
                Target::Platform(p) if self.is_app[p] => return Reach::Events,
                Target::Platform(_) => reach = Reach::Topic,
                Target::Company(_) => {}
            }
        }
        reach
    }

    /// The carried subject, brought up to date with the windows deferred since it was set.
    /// Each of them sets the subject to a topic of its own or leaves it, so only the last one
    /// with a topic counts: they are read from the last back to that one.
    fn settle<'c>(
        &self,
        carried: &'c mut Carried<'_>,
        block: &Reading<'_, '_>,
    ) -> Option<&'c Subject> {
        let mut scratch = SETTLE_SCRATCH.take();
        while let Some(d) = carried.pending.pop() {
            let view = BlockView::new(d.window, block.scans.get(d.piece), Vec::new(), scratch);
            // A topic window names no feature, so reading it reads no subject.
            let mut topic = Carried::default();
            let aside = Reading {
                paragraph: 0,
                year_at_start: None,
                ..*block
            };
            let mut subjects = Subjects::default();
            self.read_block(&view, &aside, &mut topic, &mut subjects, &mut Vec::new());
            scratch = view.into_scratch();
            if topic.subject.is_some() {
                carried.subject = topic.subject;
                break;
            }
        }
        SETTLE_SCRATCH.set(scratch);
        carried.pending.clear();
        carried.subject.as_ref()
    }
}

/// Every platform name and alias of two characters or more, lower-cased, with its platform: the
/// names a feature word may contain (see [`named_owners`]).
fn owner_names(knowledge: &Knowledge) -> Vec<(String, usize)> {
    (knowledge.platforms.iter().enumerate())
        .flat_map(|(i, p)| {
            std::iter::once(&p.name)
                .chain(&p.aliases)
                .map(move |n| (n.trim().to_ascii_lowercase(), i))
        })
        .filter(|(n, _)| n.chars().count() >= 2)
        .collect()
}

/// Feature names and aliases that contain a platform's name (the longest one, of two characters
/// or more), lower-cased, with that platform; each word once (the last claim wins).
fn named_owners(knowledge: &Knowledge) -> Vec<(String, usize)> {
    let platform_names = owner_names(knowledge);
    // Where each name sits in that list: a word's pieces are looked up there, rather than the
    // word searched for each of the hundreds of names (most of the extractor's set-up).
    let mut places: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, (n, _)) in platform_names.iter().enumerate() {
        places.entry(n.as_str()).or_default().push(k);
    }
    let mut out: Vec<(String, usize)> = Vec::new();
    for f in &knowledge.features {
        for word in std::iter::once(&f.name).chain(&f.aliases) {
            let word = word.trim().to_ascii_lowercase();
            // A name inside the word, not the word itself, is a piece between two character
            // boundaries, shorter than the word. The longest wins; of equals, the last listed.
            let bounds: Vec<usize> = (word.char_indices().map(|(i, _)| i))
                .chain([word.len()])
                .collect();
            let owner = (bounds.iter())
                .flat_map(|&s| bounds.iter().filter(move |&&e| e > s).map(move |&e| (s, e)))
                .filter(|&(s, e)| e - s < word.len())
                .filter_map(|(s, e)| places.get(&word[s..e]))
                .flatten()
                .max_by_key(|&&k| (platform_names[k].0.len(), k))
                .map(|&k| &platform_names[k]);
            if let Some(&(_, p)) = owner {
                match out.iter_mut().find(|(w, _)| *w == word) {
                    Some(entry) => entry.1 = p,
                    None => out.push((word, p)),
                }
            }
        }
    }
    out
}

/// A byte range of `text` as a character span.
/// Longest stretch of a block read as one unit; real paragraphs are far shorter (a few hundred
/// characters), so only pathological blocks are ever split.
const WINDOW_BYTES: usize = 8 * 1024;

/// Splits `text` into pieces of at most about `max` bytes, each ending at a sentence end (`。！？；`
/// or a newline) where there is one, else at a character boundary.
fn windows(text: &str, max: usize) -> Windows<'_> {
    Windows { rest: text, max }
}

/// The iterator [`windows`] returns: a type of its own, so the common step (the whole rest is
/// one window) is inlined where the windows are read.
struct Windows<'t> {
    rest: &'t str,
    max: usize,
}

impl<'t> Iterator for Windows<'t> {
    type Item = &'t str;

    #[inline]
    fn next(&mut self) -> Option<&'t str> {
        if self.rest.is_empty() {
            return None;
        }
        if self.rest.len() <= self.max {
            return Some(std::mem::take(&mut self.rest));
        }
        Some(self.cut())
    }
}

impl<'t> Windows<'t> {
    /// The next window of a rest longer than a window.
    fn cut(&mut self) -> &'t str {
        let (rest, max) = (self.rest, self.max);
        let mut cut = max;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let cut = rest[..cut]
            .rfind(['。', '！', '？', '；', '\n', '!', '?'])
            .map(|i| i + rest[i..].chars().next().map_or(1, char::len_utf8))
            .filter(|&i| i > 0)
            .unwrap_or(cut.max(rest.chars().next().map_or(1, char::len_utf8)));
        let (head, tail) = rest.split_at(cut);
        self.rest = tail;
        head
    }
}

/// The characters of a window, which only a later window of the same block needs: a block
/// read as one window (nearly all) is not counted.
fn chars_of(window: &str, block: &str) -> usize {
    if window.len() == block.len() {
        0
    } else {
        window.chars().count()
    }
}

/// A span of `kind` over the bytes `r` (made characters by [`char_spans`]).
fn span_of(r: &Range<usize>, kind: SpanKind) -> Span {
    Span {
        start: r.start,
        end: r.end,
        kind,
    }
}

/// Turns spans in bytes of a view's text into spans in characters, ordered by start (spans
/// starting together keep their order), in place. Counts the characters once, from one span's
/// start to the next (and to the first from where the view last counted:
/// [`BlockView::chars_to`]).
fn char_spans(view: &BlockView<'_>, spans: &mut [Span]) {
    let text = view.text;
    // Characters and bytes order the starts alike.
    spans.sort_by_key(|s| s.start);
    let at = spans.first().map_or(0, |s| s.start);
    let (mut at, mut chars) = (at, view.chars_to(at));
    for s in spans {
        let (start, end) = (s.start, s.end);
        chars += text[at..start].chars().count();
        at = start;
        s.start = chars;
        s.end = chars + text[start..end].chars().count();
    }
}

/// Drops repeated facts: identical (platform, feature, status, date, paragraph), and a plain `has`
/// where the same paragraph states an event for the same platform and feature. The first of
/// identical facts stays, and the order of the rest.
///
/// A fact repeats only within its paragraph, and events come in paragraph order (a block's
/// events are stated together): each paragraph's run is compared alone, and most runs are one
/// event, which repeats nothing.
fn dedup(events: Vec<Event>) -> Vec<Event> {
    let mut keep: Vec<bool> = Vec::new();
    let mut order: Vec<usize> = Vec::new();
    let in_order = events.windows(2).all(|w| w[0].paragraph <= w[1].paragraph);
    let mut from = 0;
    while from < events.len() {
        let paragraph = events[from].paragraph;
        let len = match in_order {
            true => (events[from..].iter())
                .take_while(|e| e.paragraph == paragraph)
                .count(),
            false => events.len(),
        };
        if len > 1 {
            order.clear();
            order.extend(from..from + len);
            if keep.is_empty() {
                keep.resize(events.len(), true);
            }
            mark_repeats(&events, &mut order, &mut keep);
        }
        from += len;
    }
    // Most articles repeat nothing: their events are kept as they are.
    if keep.iter().all(|&k| k) {
        return events;
    }
    events
        .into_iter()
        .zip(keep)
        .filter_map(|(e, k)| k.then_some(e))
        .collect()
}

/// Clears `keep` of the repeated facts among the events at `order` (see [`dedup`]).
///
/// Sorts the events' positions by fact rather than hashing cloned ids: a paragraph states a few
/// facts, and the ids are compared in place.
fn mark_repeats(events: &[Event], order: &mut [usize], keep: &mut [bool]) {
    type DateKey = Option<(i32, Option<u8>, Option<u8>, Option<u8>)>;
    fn key(e: &Event) -> (&str, &str, usize, Status, DateKey) {
        let date = e
            .date
            .map(|d| (d.year, d.month, d.day, d.part.map(|p| p as u8)));
        (
            e.platform.as_str(),
            e.feature.as_str(),
            e.paragraph,
            e.status,
            date,
        )
    }
    order.sort_by(|&a, &b| key(&events[a]).cmp(&key(&events[b])).then(a.cmp(&b)));
    // Runs of one platform, feature and paragraph; within one, runs of one status and date,
    // each in text order.
    let same_place = |a: &Event, b: &Event| {
        (a.platform.as_str(), a.feature.as_str(), a.paragraph)
            == (b.platform.as_str(), b.feature.as_str(), b.paragraph)
    };
    let mut rest = &order[..];
    while let Some(&first) = rest.first() {
        let len = rest
            .iter()
            .take_while(|&&i| same_place(&events[i], &events[first]))
            .count();
        let (place, tail) = rest.split_at(len);
        let strong = place.iter().any(|&i| events[i].status != Status::Has);
        let mut prev: Option<usize> = None;
        for &i in place {
            let repeat = prev.is_some_and(|p| key(&events[p]) == key(&events[i]));
            keep[i] = !repeat && (events[i].status != Status::Has || !strong);
            prev = Some(i);
        }
        rest = tail;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn article(published: &str, blocks: &[&str]) -> Article {
        let mut a = Article::with_blocks(
            "a",
            blocks.iter().map(|t| match t.strip_prefix("# ") {
                Some(h) => (BlockKind::Heading(2), h),
                None => (BlockKind::Paragraph, *t),
            }),
        );
        a.published = chrono::NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
        a
    }

    /// Events as `platform feature status date` lines.
    fn facts(published: &str, blocks: &[&str]) -> Vec<String> {
        let k = testkit::knowledge();
        Extractor::new(&k)
            .extract(&article(published, blocks))
            .iter()
            .map(|e| {
                let date = e.date.map(|d| match d.part {
                    Some(p) => format!("{d}/{}", p.as_str()),
                    None => d.to_string(),
                });
                format!(
                    "{} {} {} {}",
                    e.platform,
                    e.feature,
                    e.status.as_str(),
                    date.unwrap_or_else(|| "-".into())
                )
            })
            .collect()
    }

    #[test]
    #[ignore = "debugging aid: prints the events of a TSV dump of blocks"]
    fn dump() {
        let path = std::env::var("DUMP").expect("DUMP=file.tsv");
        let published = std::env::var("PUB").expect("PUB=YYYY-MM-DD");
        let text = std::fs::read_to_string(path).expect("read");
        let lines: Vec<String> = text
            .lines()
            .map(|l| match l.split_once('\t') {
                Some(("H", t)) => format!("# {t}"),
                Some((_, t)) => t.to_string(),
                None => l.to_string(),
            })
            .collect();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let k = crate::embedded::knowledge().expect("bundled knowledge");
        for e in Extractor::new(&k).extract(&article(&published, &refs)) {
            println!(
                "{:>2} {} {} {} {:?} :: {}",
                e.paragraph,
                e.platform,
                e.feature,
                e.status.as_str(),
                e.date
                    .map(|d| format!("{d}{}", d.part.map(|p| p.as_str()).unwrap_or(""))),
                e.sentence
            );
        }
    }

    #[test]
    fn comparison_frames_name_no_subject() {
        assert_eq!(
            facts(
                "2022-01-18",
                &["而抖音则在2021年初，上线了一个与淘宝“一起逛淘宝”类似的“一起看视频”功能。"]
            ),
            vec!["douyin co_watch launched 2021/early"]
        );
    }
}

#[cfg(test)]
mod owner_tests {
    use super::*;

    /// The pieces looked up give what searching each word for every platform name gives.
    #[test]
    fn named_owners_match_a_search_of_every_name() {
        let knowledge = testkit::knowledge();
        let names = owner_names(&knowledge);
        let mut want: Vec<(String, usize)> = Vec::new();
        for f in &knowledge.features {
            for word in std::iter::once(&f.name).chain(&f.aliases) {
                let word = word.trim().to_ascii_lowercase();
                let owner = (names.iter())
                    .filter(|(n, _)| word.contains(n.as_str()) && *n != word)
                    .max_by_key(|(n, _)| n.len());
                if let Some(&(_, p)) = owner {
                    match want.iter_mut().find(|(w, _)| *w == word) {
                        Some(entry) => entry.1 = p,
                        None => want.push((word, p)),
                    }
                }
            }
        }
        assert!(!want.is_empty());
        assert_eq!(named_owners(&knowledge), want);
    }
}

#[cfg(test)]
mod speed {
    #[test]
    #[ignore = "manual: CORPUS=dir prints extraction throughput"]
    fn throughput() {
        let dir = std::env::var("CORPUS").expect("CORPUS=dir");
        let inputs = crate::loader::Inputs {
            corpus: vec![dir.into()],
            ..Default::default()
        };
        let model = crate::loader::load_model(&inputs).expect("load");
        let x = super::Extractor::new(&model.knowledge);
        let bytes: usize = model.articles.iter().map(|a| a.text.len()).sum();
        // The corpus takes milliseconds: the best of several rounds is a steadier figure.
        let rounds: usize = std::env::var("ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(20);
        let built = std::time::Instant::now();
        let _ = super::Scanner::new(&model.knowledge);
        let build = built.elapsed().as_secs_f64();
        let mut best = f64::MAX;
        let mut n = 0;
        for _ in 0..rounds.max(1) {
            let t = std::time::Instant::now();
            n = model
                .articles
                .iter()
                .map(|a| x.extract(a).len())
                .sum::<usize>();
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "{n} events, {bytes} bytes of text, best of {rounds}: {best:.4}s, {:.1} MB/s \
             (Scanner::new {:.1} ms)",
            bytes as f64 / best / 1e6,
            build * 1e3
        );
    }
}
