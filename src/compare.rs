//! Side-by-side comparison of platforms (`socialscope compare 抖音 快手`) and the company roll-up
//! of the matrix.
//!
//! Pure functions over a [`Model`]: the CLI prints their results, the dashboard draws them. Nothing
//! here reads files or knows about terminals.
//!
//! A platform is compared as a *family*: the platform itself plus its standalone apps (platforms
//! whose `parent` is it, 多闪 under 抖音). The family matters because the question a comparison
//! answers — "did 抖音 go social inside the main app or through separate apps?" — is only visible
//! when the apps' events count for their parent. Precisely:
//!
//! * the `standalone_app` feature of a platform takes the platform's own `standalone_app` events
//!   **and** every event of its apps (an app having any event shows that the app existed then);
//! * every other feature takes the platform's own events only, so that a feature of 多闪 is not
//!   presented as a feature of the 抖音 app.

use crate::date::{Date, Part};
use crate::extract::Status;
use crate::knowledge::Knowledge;
use crate::model::Model;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The feature id whose events are a platform's standalone apps.
pub const STANDALONE_APP: &str = "standalone_app";

/// Which relationship a feature builds, for the strategy summary. Features not listed (co-watching,
/// red packets, sharing, standalone apps) are counted as `other`.
pub const RELATIONSHIP_GROUPS: [(Relationship, &[&str]); 3] = [
    (Relationship::Acquaintance, &["feed", "call", "group_chat"]),
    (Relationship::Stranger, &["stranger", "chat_room"]),
    (Relationship::Interest, &["circle"]),
];

/// The kind of social relationship a feature serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relationship {
    /// People who already know each other: feeds of friends, calls, group chats.
    Acquaintance,
    /// Meeting new people: stranger matching, voice chat rooms.
    Stranger,
    /// People joined by a topic: circles.
    Interest,
}

impl Relationship {
    pub const ALL: [Relationship; 3] = [
        Relationship::Acquaintance,
        Relationship::Stranger,
        Relationship::Interest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Relationship::Acquaintance => "acquaintance",
            Relationship::Stranger => "stranger",
            Relationship::Interest => "interest",
        }
    }

    /// The group a feature id belongs to, if any.
    pub fn of_feature(id: &str) -> Option<Relationship> {
        RELATIONSHIP_GROUPS
            .iter()
            .find(|(_, ids)| ids.contains(&id))
            .map(|(r, _)| *r)
    }
}

/// Output formats of `compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CompareFormat {
    #[default]
    Md,
    Json,
}

/// What one platform shows for one feature in a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompareCell {
    /// The status of the earliest dated event, or the strongest status when none is dated.
    pub status: Status,
    /// The earliest date, `None` when no event of the cell is dated.
    pub date: Option<Date>,
    /// The event the cell shows (its evidence is one key press away in the dashboard).
    pub event: usize,
    /// How many events the cell holds.
    pub count: usize,
}

/// One feature across the compared platforms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureRow {
    /// Index into [`Knowledge::features`].
    pub feature: usize,
    /// One entry per compared platform, in [`Comparison::platforms`] order; `None` when that
    /// platform has no event for the feature.
    pub cells: Vec<Option<CompareCell>>,
    /// The platform (index into [`Knowledge::platforms`]) with the earliest dated event; ties go
    /// to the platform named first. `None` when no cell is dated.
    pub first: Option<usize>,
    /// Months from `first`'s date to the next platform's earliest date; `None` when fewer than
    /// two cells are dated, or when the dates are too coarse to order (2019 against 2019-10).
    pub lead_months: Option<i32>,
}

impl FeatureRow {
    /// Whether exactly one of the compared platforms has the feature; returns its position.
    pub fn only(&self) -> Option<usize> {
        let mut present = self.cells.iter().enumerate().filter(|(_, c)| c.is_some());
        let (i, _) = present.next()?;
        present.next().is_none().then_some(i)
    }
}

/// Events in one channel of a strategy: inside the main app, or through standalone apps.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Channel {
    pub events: usize,
    /// The date of the first move ([`is_move`]: launched, testing, relaunched); the earliest
    /// dated event of any status when the channel has no dated move.
    pub first: Option<Date>,
    /// The event behind `first`.
    pub first_event: Option<usize>,
}

/// How a platform family went about social features, derived from its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strategy {
    /// Index into [`Knowledge::platforms`].
    pub platform: usize,
    /// Its standalone apps (platforms whose `parent` is it) that the corpus shows in use: with
    /// events of their own, or named in the evidence of the platform's `standalone_app` events.
    /// Knowledge-base order.
    pub apps: Vec<usize>,
    /// Every event of the family.
    pub events: usize,
    /// Events of the main app itself, except `standalone_app` events.
    pub built_in: Channel,
    /// `standalone_app` events of the main app plus every event of its apps.
    pub standalone: Channel,
    /// The standalone app the first standalone move was about, when the evidence names one.
    pub first_app: Option<usize>,
    /// Which channel moved first (by date); `None` when one side has no dated event.
    pub first_move: Option<Move>,
    /// Events per relationship group ([`RELATIONSHIP_GROUPS`]); all family events count.
    pub relationships: BTreeMap<Relationship, usize>,
    /// Family events whose feature is in no relationship group.
    pub other: usize,
    /// The year(s) with the most dated events, with that count; several years on a tie.
    pub busiest_years: Vec<i32>,
    pub busiest_count: usize,
    /// One English sentence on the order of the two channels, e.g. "first social move was a
    /// standalone app (多闪, early 2019); built-in features followed from 2020-03".
    pub summary: String,
}

/// Which channel a platform used first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    BuiltIn,
    Standalone,
    /// Both channels' first dates are the same (or cannot be told apart).
    Together,
}

impl Move {
    pub fn as_str(self) -> &'static str {
        match self {
            Move::BuiltIn => "built_in",
            Move::Standalone => "standalone",
            Move::Together => "together",
        }
    }
}

impl Strategy {
    /// The share (0–1) of a relationship group among the grouped events; 0 when none is grouped.
    pub fn share(&self, r: Relationship) -> f64 {
        let total: usize = self.relationships.values().sum();
        if total == 0 {
            return 0.0;
        }
        self.relationships.get(&r).copied().unwrap_or(0) as f64 / total as f64
    }
}

/// Two or more platforms side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// The compared platforms, as asked (indexes into [`Knowledge::platforms`]).
    pub platforms: Vec<usize>,
    /// Every feature at least one of them has, in knowledge-base order.
    pub features: Vec<FeatureRow>,
    /// One per platform, in `platforms` order.
    pub strategies: Vec<Strategy>,
}

/// Compares platforms (indexes into the model's knowledge). Indexes out of range are skipped.
pub fn compare(model: &Model, platforms: &[usize]) -> Comparison {
    let k = &model.knowledge;
    let platforms: Vec<usize> = platforms
        .iter()
        .copied()
        .filter(|&p| p < k.platforms.len())
        .collect();
    let features = (0..k.features.len())
        .filter_map(|f| {
            let cells: Vec<Option<CompareCell>> = platforms
                .iter()
                .map(|&p| cell(model, &family_events(model, p, f)))
                .collect();
            if cells.iter().all(Option::is_none) {
                return None;
            }
            let (first, lead_months) = first_and_lead(&platforms, &cells);
            Some(FeatureRow {
                feature: f,
                cells,
                first,
                lead_months,
            })
        })
        .collect();
    let strategies = platforms.iter().map(|&p| strategy(model, p)).collect();
    Comparison {
        platforms,
        features,
        strategies,
    }
}

/// The events a platform family has for a feature, in date order (see the module doc).
pub fn family_events(model: &Model, platform: usize, feature: usize) -> Vec<usize> {
    let mut evs: Vec<usize> = model.cell(platform, feature).to_vec();
    if model.knowledge.features[feature].id == STANDALONE_APP {
        for app in model.children(platform) {
            evs.extend_from_slice(model.platform_events(app));
        }
        evs.sort_by(|&a, &b| by_date(model, a, b));
        evs.dedup();
    }
    evs
}

fn by_date(model: &Model, a: usize, b: usize) -> std::cmp::Ordering {
    match (model.events[a].date, model.events[b].date) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
    .then(a.cmp(&b))
}

/// The earliest dated event's status and date, or the strongest status when nothing is dated.
/// Events dated no later than the earliest as far as the text tells (2021-07 and 2021-07-12)
/// count as equally early, and the strongest of them is shown: "testing 2021-07-12" says more
/// than "has 2021-07".
fn cell(model: &Model, evs: &[usize]) -> Option<CompareCell> {
    let dated = evs
        .iter()
        .copied()
        .filter(|&e| model.events[e].date.is_some())
        .min_by(|&a, &b| by_date(model, a, b));
    let dated = dated.and_then(|first| {
        let d0 = model.events[first].date?;
        evs.iter()
            .copied()
            .filter(|&e| {
                model.events[e]
                    .date
                    .is_some_and(|d| matches!(lead_months(d0, d), None | Some(0)))
            })
            .max_by(|&a, &b| {
                let s = |e: usize| model.events[e].status.strength();
                s(a).cmp(&s(b)).then(by_date(model, b, a))
            })
    });
    let event = match dated {
        Some(e) => e,
        None => evs
            .iter()
            .copied()
            .max_by_key(|&e| (model.events[e].status.strength(), std::cmp::Reverse(e)))?,
    };
    Some(CompareCell {
        status: model.events[event].status,
        date: model.events[event].date,
        event,
        count: evs.len(),
    })
}

/// The first month and the last month a date may stand for: 2019 spans January to December,
/// 2019 H2 July to December, 2019-10 only October.
pub fn month_range(d: Date) -> (i32, i32) {
    let base = d.year * 12;
    match (d.month, d.part) {
        (Some(m), _) => {
            let m = base + i32::from(m) - 1;
            (m, m)
        }
        (None, Some(Part::Early)) => (base, base + 2),
        (None, Some(Part::H1)) => (base, base + 5),
        (None, Some(Part::H2)) => (base + 6, base + 11),
        (None, Some(Part::Late)) => (base + 9, base + 11),
        (None, None) => (base, base + 11),
    }
}

/// Months from `a` to `b` by [`Date::month_index`], or `None` when the two dates may stand for
/// overlapping months and so cannot be ordered (a bare 2019 against 2019-10).
pub fn lead_months(a: Date, b: Date) -> Option<i32> {
    let (ra, rb) = (month_range(a), month_range(b));
    let both_exact = ra.0 == ra.1 && rb.0 == rb.1;
    let overlap = ra.0 <= rb.1 && rb.0 <= ra.1;
    if overlap && !both_exact {
        return None;
    }
    Some((b.month_index() - a.month_index()).abs())
}

fn first_and_lead(
    platforms: &[usize],
    cells: &[Option<CompareCell>],
) -> (Option<usize>, Option<i32>) {
    let mut dated: Vec<(usize, Date)> = cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((i, c.as_ref()?.date?)))
        .collect();
    // Stable: on equal dates the platform named first stays first.
    dated.sort_by_key(|&(_, d)| d);
    let Some(&(i, d)) = dated.first() else {
        return (None, None);
    };
    let lead = dated.get(1).and_then(|&(_, next)| lead_months(d, next));
    (Some(platforms[i]), lead)
}

/// Whether an event is a move (a launch, test or relaunch) rather than a report that a feature
/// exists, was adjusted or closed: a `has` dated by the article's own time says little about when
/// the platform went that way.
pub fn is_move(status: Status) -> bool {
    matches!(
        status,
        Status::Launched | Status::Testing | Status::Relaunched
    )
}

/// Counts a channel's events and finds its first move (or, when it has no dated move, its
/// earliest dated event).
fn earliest(model: &Model, evs: impl Iterator<Item = usize>) -> Channel {
    let mut ch = Channel::default();
    let mut first_any: Option<usize> = None;
    let mut first_move: Option<usize> = None;
    let earlier = |e: usize, cur: Option<usize>| cur.is_none_or(|f| by_date(model, e, f).is_lt());
    for e in evs {
        ch.events += 1;
        if model.events[e].date.is_none() {
            continue;
        }
        if earlier(e, first_any) {
            first_any = Some(e);
        }
        if is_move(model.events[e].status) && earlier(e, first_move) {
            first_move = Some(e);
        }
    }
    ch.first_event = first_move.or(first_any);
    ch.first = ch.first_event.and_then(|e| model.events[e].date);
    ch
}

/// How a platform family went about social features (see [`Strategy`]).
pub fn strategy(model: &Model, platform: usize) -> Strategy {
    let k = &model.knowledge;
    let children: Vec<usize> = model
        .children(platform)
        .into_iter()
        .filter(|&c| c != platform)
        .collect();
    let apps = &children;
    let is_standalone = |e: usize| model.events[e].feature == STANDALONE_APP;
    let own = model.platform_events(platform);
    let built_in = earliest(model, own.iter().copied().filter(|&e| !is_standalone(e)));
    let standalone_events: Vec<usize> = own
        .iter()
        .copied()
        .filter(|&e| is_standalone(e))
        .chain(
            apps.iter()
                .flat_map(|&a| model.platform_events(a).iter().copied()),
        )
        .collect();
    let standalone = earliest(model, standalone_events.iter().copied());
    let first_app = standalone
        .first_event
        .and_then(|e| app_named_by(model, platform, apps, e));
    // The apps the corpus shows in use: those with events, or named by a standalone event.
    let active: Vec<usize> = children
        .iter()
        .copied()
        .filter(|&a| {
            !model.platform_events(a).is_empty()
                || standalone_events
                    .iter()
                    .any(|&e| app_named_by(model, platform, &[a], e) == Some(a))
        })
        .collect();
    let first_move = match (built_in.first, standalone.first) {
        (Some(b), Some(s)) => Some(match lead_months(b, s) {
            None | Some(0) => Move::Together,
            Some(_) if b < s => Move::BuiltIn,
            Some(_) => Move::Standalone,
        }),
        _ => None,
    };
    let family: Vec<usize> = own
        .iter()
        .copied()
        .chain(
            apps.iter()
                .flat_map(|&a| model.platform_events(a).iter().copied()),
        )
        .collect();
    let mut relationships = BTreeMap::new();
    let mut other = 0;
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    for &e in &family {
        match Relationship::of_feature(&model.events[e].feature) {
            Some(r) => *relationships.entry(r).or_insert(0) += 1,
            None => other += 1,
        }
        if let Some(d) = model.events[e].date {
            *years.entry(d.year).or_insert(0) += 1;
        }
    }
    let busiest_count = years.values().copied().max().unwrap_or(0);
    let busiest_years = years
        .iter()
        .filter(|(_, n)| **n == busiest_count && busiest_count > 0)
        .map(|(y, _)| *y)
        .collect();
    let mut s = Strategy {
        platform,
        apps: active,
        events: family.len(),
        built_in,
        standalone,
        first_app,
        first_move,
        relationships,
        other,
        busiest_years,
        busiest_count,
        summary: String::new(),
    };
    s.summary = summary_sentence(k, &s);
    s
}

/// The standalone app an event is about: the event's own platform when it is an app, else the
/// first of the platform's apps whose name or alias the evidence mentions.
fn app_named_by(model: &Model, platform: usize, apps: &[usize], e: usize) -> Option<usize> {
    let p = model.event_platform(e);
    if p != platform {
        return Some(p);
    }
    let ev = &model.events[e];
    let texts = [ev.sentence.as_str(), model.evidence(e)];
    texts.iter().find_map(|t| {
        apps.iter()
            .filter_map(|&a| {
                let plat = &model.knowledge.platforms[a];
                std::iter::once(&plat.name)
                    .chain(plat.aliases.iter())
                    .filter(|n| !n.is_empty())
                    .filter_map(|n| t.find(n.as_str()))
                    .min()
                    .map(|pos| (pos, a))
            })
            .min()
            .map(|(_, a)| a)
    })
}

/// A date as a reader says it: `2019-10`, `early 2019`, `2019 H2`.
pub fn date_label(d: Date) -> String {
    match d.part {
        Some(Part::Early) => format!("early {d}"),
        Some(Part::Late) => format!("late {d}"),
        Some(p) => format!("{d} {}", p.as_str()),
        None => d.to_string(),
    }
}

fn summary_sentence(k: &Knowledge, s: &Strategy) -> String {
    let app = s
        .first_app
        .map(|a| format!("{}, ", k.platforms[a].name))
        .unwrap_or_default();
    // A standalone app compared on its own: its `standalone_app` events are its own launch, so
    // "built in versus standalone" does not apply; say what it is instead.
    if let Some(parent) = k.platforms[s.platform]
        .parent
        .as_deref()
        .and_then(|id| k.platform(id))
    {
        let since = s
            .standalone
            .first
            .map(|d| format!(", from {}", date_label(d)))
            .unwrap_or_default();
        let own = match s.built_in.first {
            Some(b) => format!("; features of its own from {}", date_label(b)),
            None if s.built_in.events > 0 => "; features of its own, undated".to_string(),
            None => String::new(),
        };
        return format!("a standalone app of {}{since}{own}", parent.name);
    }
    match (s.first_move, s.built_in.first, s.standalone.first) {
        (Some(Move::Standalone), Some(b), Some(a)) => format!(
            "first social move was a standalone app ({app}{}); built-in features followed from {}",
            date_label(a),
            date_label(b)
        ),
        (Some(Move::BuiltIn), Some(b), Some(a)) => format!(
            "built features into the main app first ({}), standalone apps from {}",
            date_label(b),
            date_label(a)
        ),
        (Some(Move::Together), Some(b), Some(_)) => format!(
            "built-in features and standalone apps started together ({})",
            date_label(b)
        ),
        (_, Some(b), None) if s.standalone.events == 0 => format!(
            "social features built into the main app only, from {}",
            date_label(b)
        ),
        (_, None, Some(a)) if s.built_in.events == 0 => format!(
            "social moves through standalone apps only ({app}from {})",
            date_label(a)
        ),
        _ if s.events == 0 => "no social feature events".to_string(),
        _ => format!(
            "{} built-in and {} standalone-app events, too few dated to order",
            s.built_in.events, s.standalone.events
        ),
    }
}

/// The documented JSON form:
/// `{"platforms": [ids], "features": [{"feature", "first", "lead_months", "by_platform": {id:
/// {"status", "date"} | null}}], "strategy": {id: {...}}}`.
pub fn to_json(model: &Model, c: &Comparison) -> Value {
    let k = &model.knowledge;
    let pid = |p: usize| k.platforms[p].id.clone();
    let features: Vec<Value> = c
        .features
        .iter()
        .map(|row| {
            let mut by = Map::new();
            for (i, &p) in c.platforms.iter().enumerate() {
                let v = match &row.cells[i] {
                    Some(cell) => json!({
                        "status": cell.status.as_str(),
                        "date": cell.date.map(|d| d.to_string()),
                    }),
                    None => Value::Null,
                };
                by.insert(pid(p), v);
            }
            json!({
                "feature": k.features[row.feature].id,
                "first": row.first.map(pid),
                "lead_months": row.lead_months,
                "by_platform": by,
            })
        })
        .collect();
    let mut strategy = Map::new();
    for s in &c.strategies {
        let channel = |ch: &Channel| {
            json!({
                "events": ch.events,
                "first": ch.first.map(|d| d.to_string()),
                "first_part": ch.first.and_then(|d| d.part).map(|p| p.as_str()),
            })
        };
        let mut rel = Map::new();
        for r in Relationship::ALL {
            rel.insert(
                r.as_str().to_string(),
                json!({
                    "events": s.relationships.get(&r).copied().unwrap_or(0),
                    "share": (s.share(r) * 100.0).round() / 100.0,
                }),
            );
        }
        strategy.insert(
            pid(s.platform),
            json!({
                "apps": s.apps.iter().map(|&a| pid(a)).collect::<Vec<_>>(),
                "events": s.events,
                "built_in": channel(&s.built_in),
                "standalone": channel(&s.standalone),
                "first_app": s.first_app.map(pid),
                "first_move": s.first_move.map(Move::as_str),
                "relationships": rel,
                "other": s.other,
                "busiest_years": s.busiest_years,
                "busiest_count": s.busiest_count,
                "summary": s.summary,
            }),
        );
    }
    json!({
        "platforms": c.platforms.iter().map(|&p| pid(p)).collect::<Vec<_>>(),
        "features": features,
        "strategy": strategy,
    })
}

/// A cell as `launched 2019-10` (the part of the year when there is one), or `—`.
pub fn cell_text(c: Option<&CompareCell>) -> String {
    match c {
        Some(c) => match c.date {
            Some(d) => format!("{} {}", c.status.as_str(), date_label(d)),
            None => c.status.as_str().to_string(),
        },
        None => "—".to_string(),
    }
}

/// The comparison as Markdown: the feature table, features only one platform has, and the
/// strategy summary per platform.
pub fn to_markdown(model: &Model, c: &Comparison) -> String {
    use crate::export::md_cell;
    let k = &model.knowledge;
    let name = |p: usize| md_cell(&k.platforms[p].name);
    let names: Vec<String> = c.platforms.iter().map(|&p| name(p)).collect();
    let mut out = format!("# {}\n\n", names.join(" vs "));
    out.push_str("| feature |");
    for n in &names {
        out.push_str(&format!(" {n} |"));
    }
    out.push_str(" first | lead |\n|---|");
    out.push_str(&"---|".repeat(names.len() + 2));
    out.push('\n');
    for row in &c.features {
        out.push_str(&format!("| {} |", md_cell(&k.features[row.feature].name)));
        for cell in &row.cells {
            out.push_str(&format!(" {} |", cell_text(cell.as_ref())));
        }
        let first = row.first.map_or_else(|| "—".to_string(), name);
        let lead = lead_text(row.lead_months);
        out.push_str(&format!(" {first} | {lead} |\n"));
    }
    if c.features.is_empty() {
        out.push_str("\nNo social feature events for these platforms.\n");
    }
    let mut only_lines = Vec::new();
    for (i, &p) in c.platforms.iter().enumerate() {
        let only: Vec<String> = c
            .features
            .iter()
            .filter(|r| r.only() == Some(i))
            .map(|r| md_cell(&k.features[r.feature].name))
            .collect();
        if !only.is_empty() {
            only_lines.push(format!("- only {}: {}\n", name(p), only.join(", ")));
        }
    }
    if !only_lines.is_empty() {
        out.push('\n');
        out.extend(only_lines);
    }
    out.push_str("\n## Strategy\n\n");
    for s in &c.strategies {
        out.push_str(&strategy_markdown(k, s));
        out.push('\n');
    }
    out
}

/// One platform's strategy as a Markdown paragraph.
pub fn strategy_markdown(k: &Knowledge, s: &Strategy) -> String {
    use crate::export::md_cell;
    let mut out = format!(
        "**{}**: {}.",
        md_cell(&k.platforms[s.platform].name),
        s.summary
    );
    let apps: Vec<String> = s
        .apps
        .iter()
        .map(|&a| md_cell(&k.platforms[a].name))
        .collect();
    if s.events > 0 && k.platforms[s.platform].parent.is_some() {
        out.push_str(&format!(" {}.", plural(s.events, "event")));
    } else if s.events > 0 {
        out.push_str(&format!(
            " {}: {} built into the main app, {} about standalone apps{}.",
            plural(s.events, "event"),
            s.built_in.events,
            s.standalone.events,
            if apps.is_empty() {
                String::new()
            } else {
                format!(" ({})", apps.join(", "))
            }
        ));
    }
    let grouped: usize = s.relationships.values().sum();
    if grouped > 0 {
        let parts: Vec<String> = Relationship::ALL
            .iter()
            .map(|&r| {
                format!(
                    "{} {} ({:.0}%)",
                    r.as_str(),
                    s.relationships.get(&r).copied().unwrap_or(0),
                    s.share(r) * 100.0
                )
            })
            .collect();
        out.push_str(&format!(" Relationships: {}.", parts.join(", ")));
    }
    if !s.busiest_years.is_empty() {
        let ys: Vec<String> = s.busiest_years.iter().map(i32::to_string).collect();
        out.push_str(&format!(
            " Most active: {} ({}{}).",
            ys.join(", "),
            plural(s.busiest_count, "event"),
            if ys.len() > 1 { " each" } else { "" }
        ));
    }
    out.push('\n');
    out
}

/// A lead as `5 months`, `1 month`, `same month`, or `—` when not computable.
pub fn lead_text(lead: Option<i32>) -> String {
    match lead {
        Some(0) => "same month".to_string(),
        Some(m) => plural(m.unsigned_abs() as usize, "month"),
        None => "—".to_string(),
    }
}

/// `1 event`, `3 events`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Why a platform name could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct UnknownPlatform {
    pub name: String,
    /// Close matches, as `name (id)`, best first; for a company, its main platforms.
    pub close: Vec<String>,
    /// Set when the name is a company's (`腾讯`), which is not a platform.
    pub company: bool,
}

impl std::fmt::Display for UnknownPlatform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.company {
            write!(f, "`{}` is a company, not a platform", self.name)?;
            if !self.close.is_empty() {
                write!(f, "; its platforms include: {}", self.close.join(", "))?;
            }
            return Ok(());
        }
        write!(f, "unknown platform `{}`", self.name)?;
        if !self.close.is_empty() {
            write!(f, "; did you mean: {}?", self.close.join(", "))?;
        }
        Ok(())
    }
}

/// Finds a platform by id, name or alias, ignoring case and surrounding spaces.
pub fn resolve_platform(k: &Knowledge, query: &str) -> Result<usize, UnknownPlatform> {
    let q = query.trim().to_lowercase();
    let keys = |p: &crate::knowledge::Platform| -> Vec<String> {
        std::iter::once(&p.id)
            .chain(std::iter::once(&p.name))
            .chain(p.aliases.iter())
            .map(|s| s.to_lowercase())
            .collect()
    };
    if let Some(i) = k.platforms.iter().position(|p| keys(p).contains(&q)) {
        return Ok(i);
    }
    // A company named instead of a platform: offer its main platforms.
    if let Some(c) = k.companies.iter().find(|c| {
        std::iter::once(&c.id)
            .chain(std::iter::once(&c.name))
            .chain(c.aliases.iter())
            .any(|n| n.to_lowercase() == q)
    }) {
        let close = k
            .platforms
            .iter()
            .filter(|p| p.company.as_deref() == Some(c.name.as_str()) && p.parent.is_none())
            .take(5)
            .map(|p| format!("{} ({})", p.name, p.id))
            .collect();
        return Err(UnknownPlatform {
            name: query.to_string(),
            close,
            company: true,
        });
    }
    let mut scored: Vec<(usize, usize)> = k
        .platforms
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            keys(p)
                .iter()
                .filter_map(|key| closeness(&q, key))
                .min()
                .map(|d| (d, i))
        })
        .collect();
    scored.sort();
    scored.dedup_by_key(|(_, i)| *i);
    Err(UnknownPlatform {
        name: query.to_string(),
        close: scored
            .iter()
            .take(5)
            .map(|&(_, i)| format!("{} ({})", k.platforms[i].name, k.platforms[i].id))
            .collect(),
        company: false,
    })
}

/// A distance when `key` is close to `q` (lower is closer): containment either way, or a small
/// edit distance relative to the length.
fn closeness(q: &str, key: &str) -> Option<usize> {
    if q.is_empty() || key.is_empty() {
        return None;
    }
    if key.contains(q) || q.contains(key) {
        return Some(0);
    }
    let d = edit_distance(q, key);
    let len = q.chars().count().max(key.chars().count());
    let allowed = if len <= 3 { 1 } else { 2 };
    (d <= allowed).then_some(d)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// One cell of the company roll-up: the strongest status and earliest date over a company's
/// platforms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollupCell {
    pub status: Status,
    pub earliest: Option<Date>,
    pub count: usize,
    /// The platforms with events in this cell (indexes into [`Knowledge::platforms`]).
    pub platforms: Vec<usize>,
}

/// One row of the company roll-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyRow {
    /// What to show: the company's name, or the platform's name for a platform without company.
    pub label: String,
    /// The company's name; `None` for a platform without a company (a row of its own).
    pub company: Option<String>,
    /// Its platforms (indexes into [`Knowledge::platforms`]).
    pub platforms: Vec<usize>,
    /// One per feature, in [`Knowledge::features`] order.
    pub cells: Vec<Option<RollupCell>>,
    pub events: usize,
}

/// The matrix rolled up by company (字节跳动: 抖音, 多闪, 飞聊 …), busiest company first. A
/// platform without a company is a row of its own, so unrelated platforms are never lumped
/// together. Rows without events are left out unless `all`.
pub fn company_rollup(model: &Model, all: bool) -> Vec<CompanyRow> {
    let k = &model.knowledge;
    let mut groups: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    for (company, ps) in model.companies() {
        match company {
            Some(c) => groups.push((Some(c), ps)),
            None => groups.extend(ps.into_iter().map(|p| (None, vec![p]))),
        }
    }
    let mut rows: Vec<CompanyRow> = groups
        .into_iter()
        .map(|(company, platforms)| {
            let cells: Vec<Option<RollupCell>> = (0..k.features.len())
                .map(|f| {
                    let mut cell: Option<RollupCell> = None;
                    for &p in &platforms {
                        let Some(s) = model.cell_summary(p, f) else {
                            continue;
                        };
                        let c = cell.get_or_insert(RollupCell {
                            status: s.status,
                            earliest: None,
                            count: 0,
                            platforms: Vec::new(),
                        });
                        if s.status.strength() > c.status.strength() {
                            c.status = s.status;
                        }
                        c.earliest = match (c.earliest, s.earliest) {
                            (Some(a), Some(b)) => Some(a.min(b)),
                            (a, b) => a.or(b),
                        };
                        c.count += s.count;
                        c.platforms.push(p);
                    }
                    cell
                })
                .collect();
            let events = platforms
                .iter()
                .map(|&p| model.platform_events(p).len())
                .sum();
            let label = company
                .clone()
                .unwrap_or_else(|| k.platforms[platforms[0]].name.clone());
            CompanyRow {
                label,
                company,
                platforms,
                cells,
                events,
            }
        })
        .filter(|r| all || r.events > 0)
        .collect();
    rows.sort_by(|a, b| b.events.cmp(&a.events).then(a.label.cmp(&b.label)));
    rows
}

/// The company roll-up as a Markdown table (cells as in the matrix: `status date`).
pub fn rollup_markdown(model: &Model, rows: &[CompanyRow]) -> String {
    use crate::export::md_cell;
    let feats = &model.knowledge.features;
    let mut out = String::from("| company |");
    for f in feats {
        out.push_str(&format!(" {} |", md_cell(&f.name)));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(feats.len()));
    out.push('\n');
    for r in rows {
        out.push_str(&format!("| {} |", md_cell(&r.label)));
        for c in &r.cells {
            match c {
                Some(c) => {
                    let date = c.earliest.map(|d| format!(" {d}")).unwrap_or_default();
                    out.push_str(&format!(" {}{date} |", c.status.as_str()));
                }
                None => out.push_str(" |"),
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coarse_dates_in_the_same_span_cannot_be_ordered() {
        let y = Date::year(2019).expect("valid");
        let oct = Date::ym(2019, 10).expect("valid");
        let h2 = Date::new(2019, None, None, Some(Part::H2)).expect("valid");
        let mar = Date::ym(2019, 3).expect("valid");
        assert_eq!(lead_months(y, oct), None);
        assert_eq!(lead_months(h2, oct), None);
        assert_eq!(lead_months(mar, h2), Some(6));
        assert_eq!(lead_months(oct, oct), Some(0));
        assert_eq!(lead_months(y, Date::ym(2021, 3).expect("valid")), Some(26));
    }

    #[test]
    fn close_matches_by_containment_and_edit_distance() {
        assert_eq!(closeness("douyn", "douyin"), Some(1));
        assert_eq!(closeness("抖", "抖音"), Some(0));
        assert_eq!(closeness("weibo", "douyin"), None);
    }
}
