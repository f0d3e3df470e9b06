//! Chinese time expressions → [`Date`]s, resolved as a reader does: against the publication date
//! and a running reference year that moves to each year the text names, in text order.
//!
//! [`scan`] finds expressions in one block without knowing any context; [`Reference::resolve`]
//! turns each into a date in order, so `同年10月` or a bare `4月` lands in the last year named.
//! No regex: a hand-written scanner over the characters, so extraction stays allocation-light.

use crate::date::{Date, Part};
use chrono::{Datelike, Duration, NaiveDate};
use std::sync::LazyLock;

/// What a time expression says, before context is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// `2021年3月`, `2019年下半年`, `2021年双11期间`: a year written out.
    Absolute {
        year: i32,
        month: Option<u8>,
        day: Option<u8>,
        part: Option<Part>,
    },
    /// `今年3月` (0), `去年` (−1), `前年` (−2), `明年` (+1): years counted from publication.
    PubYear {
        offset: i32,
        month: Option<u8>,
        day: Option<u8>,
        part: Option<Part>,
    },
    /// `同年10月`, `这一年`, `当年` (0), `次年` (+1), a bare `4月23日` or `年底` (0): counted from the
    /// last year the text named.
    RefYear {
        offset: i32,
        month: Option<u8>,
        day: Option<u8>,
        part: Option<Part>,
    },
    /// `今日` (0), `昨日` (−1), `前日` (−2): a day counted from publication.
    PubDay { offset: i64 },
    /// `近日`, `日前`, `近期`, `目前` (0), `上个月` (−1): the publication month or one near it.
    PubMonth { offset: i32 },
    /// `早期`, `当初`, `过去`: some unknown past time; it cancels inherited dates, gives none.
    Past,
}

impl DateKind {
    /// Whether the expression names a year of its own, so later bare months count from it.
    fn sets_reference(self) -> bool {
        matches!(
            self,
            DateKind::Absolute { .. }
                | DateKind::PubYear { .. }
                | DateKind::RefYear { offset: 1.., .. }
        )
    }
}

/// One time expression found in a text: byte range and meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateExpr {
    pub start: usize,
    pub end: usize,
    pub kind: DateKind,
}

/// Words that stand alone, longest first where one is a prefix of another, grouped by their first
/// character so [`words_from`] can hand the scanner only the few that may match.
const WORDS: &[(&str, Word)] = &[
    ("今年", Word::PubYear(0)),
    ("今日", Word::PubDay(0)),
    ("今天", Word::PubDay(0)),
    ("去年", Word::PubYear(-1)),
    ("前年", Word::PubYear(-2)),
    ("前日", Word::PubDay(-2)),
    ("前天", Word::PubDay(-2)),
    ("明年", Word::PubYear(1)),
    ("同年", Word::RefYear(0)),
    ("当年", Word::RefYear(0)),
    ("当初", Word::Past),
    ("这一年", Word::RefYear(0)),
    ("这年", Word::RefYear(0)),
    ("这个月", Word::PubMonth(0)),
    ("这些年", Word::Past),
    ("这几年", Word::Past),
    ("那一年", Word::RefYear(0)),
    ("次年", Word::RefYear(1)),
    ("翌年", Word::RefYear(1)),
    ("上个月", Word::PubMonth(-1)),
    ("上月", Word::PubMonth(-1)),
    ("上半年", Word::RefPart(Part::H1)),
    ("本月", Word::PubMonth(0)),
    ("昨日", Word::PubDay(-1)),
    ("昨天", Word::PubDay(-1)),
    ("日前", Word::PubMonth(0)),
    ("近日", Word::PubMonth(0)),
    ("近期", Word::PubMonth(0)),
    // Recent years, some years: a vague stretch of time, no date, and no year to inherit.
    ("近年来", Word::Past),
    ("近年", Word::Past),
    ("近几年", Word::Past),
    ("近些年", Word::Past),
    ("最近", Word::PubMonth(0)),
    ("最初", Word::Past),
    ("目前", Word::PubMonth(0)),
    ("早期", Word::Past),
    ("早年", Word::Past),
    ("起初", Word::Past),
    ("过去", Word::Past),
    ("此前", Word::Past),
    ("曾经", Word::Past),
    ("下半年", Word::RefPart(Part::H2)),
    ("年初", Word::RefPart(Part::Early)),
    ("年底", Word::RefPart(Part::Late)),
    ("年末", Word::RefPart(Part::Late)),
];

/// Per first character of [`WORDS`], sorted by character: where its run of words starts and ends.
static FIRST_CHARS: LazyLock<Vec<(char, usize, usize)>> = LazyLock::new(|| {
    let mut runs: Vec<(char, usize, usize)> = Vec::new();
    for (i, (w, _)) in WORDS.iter().enumerate() {
        let Some(c) = w.chars().next() else { continue };
        match runs.last_mut() {
            Some(run) if run.0 == c => run.2 = i + 1,
            _ => runs.push((c, i, i + 1)),
        }
    }
    runs.sort_by_key(|r| r.0);
    runs
});

/// The words that begin with `c`: the scanner compares a candidate position with these only, not
/// with the whole list (上, 一, 年 and 这 are everywhere in Chinese text).
fn words_from(c: char) -> &'static [(&'static str, Word)] {
    let runs = &*FIRST_CHARS;
    match runs.binary_search_by_key(&c, |r| r.0) {
        Ok(k) => &WORDS[runs[k].1..runs[k].2],
        Err(_) => &[],
    }
}

#[derive(Debug, Clone, Copy)]
enum Word {
    PubYear(i32),
    RefYear(i32),
    PubMonth(i32),
    PubDay(i64),
    Past,
    RefPart(Part),
}

/// A Chinese numeral from one to ten.
fn cn_digit(c: char) -> Option<u8> {
    let n = match c {
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        _ => return None,
    };
    Some(n)
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Reads a run of digits (at most six) at byte `i`: (value, digit count, end byte).
///
/// Reads bytes, not characters: it runs at every digit of a text, and a digit is either one
/// ASCII byte or the three bytes of a fullwidth one (`０` is EF BC 90).
fn number(text: &str, i: usize) -> Option<(u32, usize, usize)> {
    let bytes = text.as_bytes();
    let mut value: u32 = 0;
    let mut count = 0;
    let mut end = i;
    while count < 6 {
        let (d, len) = match bytes.get(end..) {
            Some([b @ b'0'..=b'9', ..]) => (b - b'0', 1),
            Some([0xEF, 0xBC, b @ 0x90..=0x99, ..]) => (b - 0x90, 3),
            _ => break,
        };
        value = value * 10 + u32::from(d);
        count += 1;
        end += len;
    }
    (count > 0).then_some((value, count, end))
}

/// What follows a year: month (and day), or a part of the year. Returns the end byte.
struct Tail {
    month: Option<u8>,
    day: Option<u8>,
    part: Option<Part>,
    end: usize,
}

fn tail(text: &str, mut i: usize) -> Tail {
    let mut out = Tail {
        month: None,
        day: None,
        part: None,
        end: i,
    };
    let rest = &text[i..];
    // Most years stand alone (`2021年，`): a tail begins with one of a few characters, and
    // anything else is told at once.
    if !rest.chars().next().is_some_and(may_begin_tail) {
        return out;
    }
    // `2021年年底` repeats the 年.
    let skip_nian =
        rest.starts_with("年初") || rest.starts_with("年底") || rest.starts_with("年末");
    if skip_nian {
        i += "年".len();
    }
    let rest = &text[i..];
    // The words below begin with different characters: a month with a digit or numeral, the
    // shopping festivals with 双, the parts of a year with the rest; only one group is tried.
    let first = rest.chars().next();
    if first.is_some_and(|c| digit(c).is_some() || cn_digit(c).is_some()) {
        month_tail(text, i, &mut out);
        return out;
    }
    if first == Some('双') {
        for (word, month) in [("双11", 11), ("双十一", 11), ("双12", 12), ("双十二", 12)] {
            if rest.starts_with(word) {
                out.month = Some(month);
                out.end = i + word.len();
                return out;
            }
        }
        return out;
    }
    for (word, part) in [
        ("上半年", Part::H1),
        ("下半年", Part::H2),
        ("前半年", Part::H1),
        ("后半年", Part::H2),
        ("初", Part::Early),
        ("开年", Part::Early),
        ("底", Part::Late),
        ("末", Part::Late),
    ] {
        if rest.starts_with(word) {
            out.part = Some(part);
            out.end = i + word.len();
            return out;
        }
    }
    out
}

/// The month (and day) of a [`tail`] at byte `i`, into `out`.
fn month_tail(text: &str, i: usize, out: &mut Tail) {
    if let Some((m, end)) = month_at(text, i) {
        out.month = Some(m);
        out.end = end;
        if let Some((d, n, dend)) = number(text, end) {
            let after = &text[dend..];
            if n <= 2 && (after.starts_with('日') || after.starts_with('号')) {
                out.day = Some(d.min(255) as u8);
                out.end = dend + '日'.len_utf8();
            }
        }
    }
}

/// Whether a [`tail`] can begin with `c`: the first characters of its words (`年初`, `上半年`,
/// `初`, `双11`…), a digit or a Chinese numeral of a month.
fn may_begin_tail(c: char) -> bool {
    digit(c).is_some()
        || cn_digit(c).is_some()
        || matches!(
            c,
            '年' | '上' | '下' | '前' | '后' | '初' | '开' | '底' | '末' | '双'
        )
}

/// A month at byte `i` (`4月`, `十月`): (month, end byte after 月). Months above 12 are kept so the
/// caller can refuse the impossible date instead of silently reading a shorter one.
fn month_at(text: &str, i: usize) -> Option<(u8, usize)> {
    if let Some((m, n, end)) = number(text, i) {
        if n <= 2 && text[end..].starts_with('月') {
            return Some((m.min(255) as u8, end + '月'.len_utf8()));
        }
        return None;
    }
    // `十月`, `十一月`, `十二月`, `一月`…`九月`: a numeral of one or two characters, then 月.
    let mut chars = text[i..].char_indices();
    let (_, first) = chars.next()?;
    let mut m = cn_digit(first)?;
    let (mut k, mut next) = chars.next()?;
    if m == 10 && matches!(next, '一' | '二') {
        m += cn_digit(next)?;
        (k, next) = chars.next()?;
    }
    (next == '月').then_some((m, i + k + '月'.len_utf8()))
}

/// The strings a time expression can start with: digits, the [`WORDS`] and the months written in
/// characters. [`scan_at`] tries only where one begins. The scanner's automaton finds the words
/// and months as they are, and a digit only as the first of a number that runs into 年 or 月 (its
/// `digit_units`): the only numbers [`expr_at`] reads as a time. An expression that begins with a
/// digit and no 年 or 月 after the number would need both places changed.
pub fn triggers() -> impl Iterator<Item = String> {
    let digits = ('0'..='9').chain('０'..='９').map(String::from);
    let words = WORDS.iter().map(|(w, _)| (*w).to_string());
    let months = [
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
    ]
    .into_iter()
    .map(|m| format!("{m}月"));
    digits.chain(words).chain(months)
}

/// [`scan`], trying only the given byte offsets (ascending; every place a [`triggers`] string
/// begins): the same expressions, without stepping through every character.
pub fn scan_at(text: &str, starts: &[usize]) -> Vec<DateExpr> {
    let mut out = Vec::new();
    each_at(text, starts, |e| out.push(e));
    out
}

/// [`scan_at`], handing each expression to `found` in text order instead of collecting them: a
/// block read for its reference year only needs them one at a time.
pub fn each_at(text: &str, starts: &[usize], mut found: impl FnMut(DateExpr)) {
    let mut next = 0;
    let bytes = text.as_bytes();
    for &i in starts {
        if i < next || !text.is_char_boundary(i) {
            continue;
        }
        // A caller's starts may hold any digit, and most numbers are no date: said here in
        // bytes, for the common ASCII case, before any character is decoded. (The scanner's
        // starts already are numbers before 年 or 月; for them this costs a look.)
        if bytes[i].is_ascii_digit() && !digits_may_date(bytes, i) {
            continue;
        }
        if let Some((kind, end)) = expr_at(text, i) {
            found(DateExpr {
                start: i,
                end,
                kind,
            });
            next = end;
        }
    }
}

/// Whether an expression starting at one of `starts` may name a year of its own
/// ([`DateKind::sets_reference`]): each such expression is digits or one character, then 年
/// (`2021年`, `22年3月`, `去年`, `次年`). A text without one leaves the running reference as it
/// was, so a text read only to move the reference need not be read at all. (Some of these
/// starts name no year, `同年`, `300年`; they only cost a full reading.)
pub fn may_set_year(text: &str, starts: &[usize]) -> bool {
    let bytes = text.as_bytes();
    // A caller may give every digit of a number as a start (the scanner gives only the first):
    // the number's run is read once, from its first.
    let mut run_end = 0;
    for &i in starts {
        if i < run_end {
            continue;
        }
        // A run of ASCII or fullwidth digits, as [`number`] reads them.
        let mut j = i;
        while let Some(&b) = bytes.get(j) {
            match b {
                b'0'..=b'9' => j += 1,
                0xEF if matches!(bytes.get(j + 1..j + 3), Some([0xBC, 0x90..=0x99])) => j += 3,
                _ => break,
            }
        }
        // Else one character: its lead byte tells its length.
        if j == i {
            j += match bytes.get(i) {
                Some(&b) if b < 0x80 => 1,
                Some(&b) if b < 0xE0 => 2,
                Some(&b) if b < 0xF0 => 3,
                _ => 4,
            };
        } else {
            run_end = j;
        }
        if bytes
            .get(j..)
            .is_some_and(|rest| rest.starts_with("年".as_bytes()))
        {
            return true;
        }
    }
    false
}

/// Whether the ASCII digit at byte `i` may begin a time expression, as far as the bytes tell:
/// [`expr_at`] refuses a digit after a digit or a decimal point (inside a number), and a number
/// that neither 年 (E5 B9 B4) nor 月 (E6 9C 88) follows; a fullwidth digit after the ASCII ones
/// (EF BC 9x) is left to it, since [`number`] reads both.
fn digits_may_date(bytes: &[u8], i: usize) -> bool {
    if i > 0 && (bytes[i - 1].is_ascii_digit() || bytes[i - 1] == b'.') {
        return false;
    }
    let rest = bytes.get(i..).unwrap_or_default();
    let run = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    matches!(rest.get(run), Some(0xE5 | 0xE6 | 0xEF))
}

/// Every time expression in `text`, in order, not overlapping.
pub fn scan(text: &str) -> Vec<DateExpr> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        // Most characters can start no expression; skip them without trying every word.
        if !may_start(c) {
            i += c.len_utf8();
            continue;
        }
        if let Some((found, end)) = expr_at(text, i) {
            out.push(DateExpr {
                start: i,
                end,
                kind: found,
            });
            i = end;
            continue;
        }
        i += c.len_utf8();
    }
    out
}

/// Whether an expression can start with `c`: a digit or the first character of a word.
fn may_start(c: char) -> bool {
    matches!(
        c,
        '0'..='9'
            | '０'..='９'
            | '今' | '去' | '前' | '明' | '同' | '当' | '这' | '那' | '次' | '翌' | '上' | '本'
            | '昨' | '日' | '近' | '最' | '目' | '早' | '起' | '过' | '此' | '曾' | '下' | '年'
            | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// The time expression starting at byte `i`, if any: its meaning and end byte.
///
/// The character before `i` matters to a few readings only (a digit inside a number, `过去`
/// after a duration, a month inside a numeral), so it is decoded only for those.
fn expr_at(text: &str, i: usize) -> Option<(DateKind, usize)> {
    let rest = &text[i..];
    let first = rest.chars().next()?;
    let prev = || text[..i].chars().next_back();
    // Inside a number (`1000万`, `3.5`): every digit but the first is a trigger too.
    if digit(first).is_some() && prev().is_some_and(|p| digit(p).is_some() || p == '.' || p == '．')
    {
        return None;
    }
    if let Some((n, count, end)) = number(text, i) {
        let after = &text[end..];
        if count == 4 && after.starts_with('年') {
            let t = tail(text, end + '年'.len_utf8());
            let kind = DateKind::Absolute {
                year: n as i32,
                month: t.month,
                day: t.day,
                part: t.part,
            };
            return Some((kind, t.end.max(end + '年'.len_utf8())));
        }
        // `22年2月份`: a year in two digits, taken as this century's only with a month after it
        // (`成立22年` is a duration).
        if count == 2 && n < 50 && after.starts_with('年') {
            let t = tail(text, end + '年'.len_utf8());
            if t.month.is_some() {
                let kind = DateKind::Absolute {
                    year: 2000 + n as i32,
                    month: t.month,
                    day: t.day,
                    part: None,
                };
                return Some((kind, t.end));
            }
        }
        if count <= 2 && after.starts_with('月') {
            let t = tail(text, i);
            return Some((
                DateKind::RefYear {
                    offset: 0,
                    month: t.month,
                    day: t.day,
                    part: None,
                },
                t.end,
            ));
        }
        return None;
    }
    for (word, w) in words_from(first) {
        if !rest.starts_with(word) {
            continue;
        }
        let end = i + word.len();
        let kind = match *w {
            Word::PubYear(offset) => {
                let t = tail(text, end);
                return Some((
                    DateKind::PubYear {
                        offset,
                        month: t.month,
                        day: t.day,
                        part: t.part,
                    },
                    t.end,
                ));
            }
            Word::RefYear(offset) => {
                let t = tail(text, end);
                return Some((
                    DateKind::RefYear {
                        offset,
                        month: t.month,
                        day: t.day,
                        part: t.part,
                    },
                    t.end,
                ));
            }
            Word::PubMonth(offset) => DateKind::PubMonth { offset },
            Word::PubDay(offset) => DateKind::PubDay { offset },
            // `几个月过去` is time passing, not "in the past".
            Word::Past if prev().is_some_and(|p| "年月天日周间".contains(p)) => return None,
            Word::Past => DateKind::Past,
            Word::RefPart(part) => DateKind::RefYear {
                offset: 0,
                month: None,
                day: None,
                part: Some(part),
            },
        };
        return Some((kind, end));
    }
    // `十月` and friends, not inside a longer number word (`二十一月` is no month).
    let cn_prev = || prev().is_some_and(|p| "一二三四五六七八九十百千万零两几".contains(p));
    if let Some((m, end)) = month_at(text, i)
        && !cn_prev()
    {
        let t = tail(text, i);
        return Some((
            DateKind::RefYear {
                offset: 0,
                month: Some(m),
                day: t.day,
                part: None,
            },
            end.max(t.end),
        ));
    }
    None
}

/// The running context of an article: its publication date and the last year the text named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    pub published: Option<NaiveDate>,
    /// The last year named so far; starts at the publication year.
    pub year: Option<i32>,
}

impl Reference {
    pub fn new(published: Option<NaiveDate>) -> Self {
        Self {
            published,
            year: published.map(|d| d.year()),
        }
    }

    /// The date an expression stands for here, moving the reference year when the expression names
    /// a year. `None` for impossible dates, the unknown past, and relative dates without an anchor.
    pub fn resolve(&mut self, kind: DateKind) -> Option<Date> {
        let pub_year = self.published.map(|d| d.year());
        let date = match kind {
            DateKind::Absolute {
                year,
                month,
                day,
                part,
            } => Date::new(year, month, day, part),
            DateKind::PubYear {
                offset,
                month,
                day,
                part,
            } => Date::new(pub_year? + offset, month, day, part),
            DateKind::RefYear {
                offset,
                month,
                day,
                part,
            } => Date::new(self.year? + offset, month, day, part),
            DateKind::PubDay { offset } => {
                let d = self.published? + Duration::days(offset);
                Some(Date::from_naive(d))
            }
            DateKind::PubMonth { offset } => {
                let p = self.published?;
                let months = p.year() * 12 + p.month() as i32 - 1 + offset;
                Date::ym(months.div_euclid(12), (months.rem_euclid(12) + 1) as u8)
            }
            DateKind::Past => None,
        };
        if let Some(d) = date
            && kind.sets_reference()
        {
            self.year = Some(d.year);
        }
        date
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The starts [`each_at`] is given: where an expression may begin.
    fn starts(text: &str) -> Vec<usize> {
        (text.char_indices())
            .filter(|&(_, c)| may_start(c))
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn texts_naming_no_year_are_told() {
        for text in [
            "2021年3月",
            "２０２１年",
            "22年2月份",
            "去年底",
            "次年上半年",
            "在今年",
            "12345年",
        ] {
            assert!(may_set_year(text, &starts(text)), "{text}");
        }
        for text in [
            "3月5日",
            "目前",
            "10月的事",
            "上半年",
            "用户达1000万",
            "十月",
            "",
        ] {
            assert!(!may_set_year(text, &starts(text)), "{text}");
        }
    }

    proptest::proptest! {
        /// A text with an expression that moves the reference is never passed over.
        #[test]
        fn a_year_is_never_missed(t in "[0-9０-９年月日今去前明同当次翌上下半初底这一那二十个近目最早过 ，。]{0,24}") {
            let sets = scan(&t).iter().any(|e| e.kind.sets_reference());
            proptest::prop_assert!(!sets || may_set_year(&t, &starts(&t)));
        }
    }

    fn resolve_all(published: &str, text: &str) -> Vec<Option<String>> {
        let mut r = Reference::new(NaiveDate::parse_from_str(published, "%Y-%m-%d").ok());
        scan(text)
            .into_iter()
            .map(|e| {
                r.resolve(e.kind).map(|d| match d.part {
                    Some(p) => format!("{d}/{}", p.as_str()),
                    None => d.to_string(),
                })
            })
            .collect()
    }

    fn one(published: &str, text: &str) -> Option<String> {
        let v = resolve_all(published, text);
        assert_eq!(v.len(), 1, "{text}: {v:?}");
        v.into_iter().next().flatten()
    }

    #[test]
    fn year_month_day() {
        assert_eq!(one("2022-01-18", "2021年3月").as_deref(), Some("2021-03"));
        assert_eq!(
            one("2022-01-18", "于2020年4月23日上线").as_deref(),
            Some("2020-04-23")
        );
        assert_eq!(
            one("2022-01-18", "２０２０年４月").as_deref(),
            Some("2020-04")
        );
    }

    #[test]
    fn parts_of_a_year() {
        assert_eq!(one("2022-01-18", "2021年初").as_deref(), Some("2021/early"));
        assert_eq!(one("2022-01-18", "2021年末").as_deref(), Some("2021/late"));
        assert_eq!(one("2022-01-18", "2021年底").as_deref(), Some("2021/late"));
        assert_eq!(
            one("2022-01-18", "2021年年底").as_deref(),
            Some("2021/late")
        );
        assert_eq!(
            one("2022-01-18", "从2019年下半年起").as_deref(),
            Some("2019/H2")
        );
        assert_eq!(
            one("2022-01-18", "2019年上半年").as_deref(),
            Some("2019/H1")
        );
    }

    #[test]
    fn this_and_last_year_count_from_publication() {
        assert_eq!(one("2021-07-14", "今年3月").as_deref(), Some("2021-03"));
        assert_eq!(one("2021-07-14", "去年").as_deref(), Some("2020"));
        assert_eq!(one("2021-07-14", "前年").as_deref(), Some("2019"));
        assert_eq!(one("2021-07-14", "去年底").as_deref(), Some("2020/late"));
    }

    #[test]
    fn same_year_counts_from_the_last_year_named() {
        assert_eq!(
            resolve_all("2021-07-14", "2019年1月，…也就是这一年，…同年10月"),
            vec![
                Some("2019-01".into()),
                Some("2019".into()),
                Some("2019-10".into())
            ]
        );
    }

    #[test]
    fn bare_months_count_from_the_last_year_named() {
        assert_eq!(
            resolve_all("2021-07-14", "2020年3月，…紧接着4月，…4月23日，"),
            vec![
                Some("2020-03".into()),
                Some("2020-04".into()),
                Some("2020-04-23".into())
            ]
        );
        // Without any year named, the publication year.
        assert_eq!(one("2021-07-14", "4月，抖音").as_deref(), Some("2021-04"));
        assert_eq!(one("2021-07-14", "今年十月").as_deref(), Some("2021-10"));
    }

    #[test]
    fn this_year_moves_the_reference_back() {
        assert_eq!(
            resolve_all("2021-07-14", "2020年3月，…今年3月，…4月"),
            vec![
                Some("2020-03".into()),
                Some("2021-03".into()),
                Some("2021-04".into())
            ]
        );
    }

    #[test]
    fn days_relative_to_publication() {
        assert_eq!(
            one("2021-07-14", "据报道前日").as_deref(),
            Some("2021-07-12")
        );
        assert_eq!(one("2021-07-14", "昨日").as_deref(), Some("2021-07-13"));
        assert_eq!(one("2021-07-14", "今日").as_deref(), Some("2021-07-14"));
        assert_eq!(one("2021-03-01", "前日").as_deref(), Some("2021-02-27"));
    }

    #[test]
    fn recently_is_the_publication_month() {
        assert_eq!(one("2021-07-14", "日前").as_deref(), Some("2021-07"));
        assert_eq!(one("2021-07-14", "近日").as_deref(), Some("2021-07"));
        assert_eq!(one("2022-01-18", "上个月").as_deref(), Some("2021-12"));
    }

    #[test]
    fn a_year_alone() {
        assert_eq!(one("2022-01-18", "2020年").as_deref(), Some("2020"));
    }

    #[test]
    fn singles_day_is_november() {
        assert_eq!(
            one("2022-01-18", "在2021年双11期间").as_deref(),
            Some("2021-11")
        );
        assert_eq!(
            one("2022-01-18", "2021年双十二").as_deref(),
            Some("2021-12")
        );
    }

    #[test]
    fn impossible_dates_are_no_dates() {
        assert_eq!(one("2022-01-18", "2099年13月"), None);
        assert_eq!(one("2022-01-18", "2021年2月30日"), None);
    }

    #[test]
    fn impossible_dates_do_not_move_the_reference() {
        assert_eq!(
            resolve_all("2022-01-18", "2099年13月，4月"),
            vec![None, Some("2022-04".into())]
        );
    }

    #[test]
    fn unknown_past_gives_no_date() {
        assert_eq!(one("2022-01-18", "早期推出"), None);
        assert!(scan("几个月过去").is_empty());
        assert_eq!(scan("过去")[0].kind, DateKind::Past);
    }

    #[test]
    fn year_part_words_use_the_reference() {
        assert_eq!(
            resolve_all("2022-01-18", "2019年，…年底"),
            vec![Some("2019".into()), Some("2019/late".into())]
        );
    }

    #[test]
    fn recent_years_are_an_unknown_time() {
        assert_eq!(one("2021-03-21", "近年来"), None);
        assert_eq!(scan("此外，近年来soul也")[0].kind, DateKind::Past);
        assert_eq!(scan("这些年，陌陌")[0].kind, DateKind::Past);
        assert_eq!(
            resolve_all("2021-03-21", "2019年，…近年来，…4月"),
            vec![Some("2019".into()), None, Some("2019-04".into())]
        );
    }

    #[test]
    fn numbers_that_are_not_dates() {
        assert!(scan("3个月，12.626亿，109406万MAU，第3天").is_empty());
        assert!(scan("近十年").is_empty());
        // A month glued to a longer number is not a month.
        assert!(scan("123月").is_empty());
    }

    #[test]
    fn every_word_is_reachable() {
        // Each first character forms one run (else words_from would hide the later ones), the
        // scanner stops at it, and a word is found through its bucket.
        let runs = &*FIRST_CHARS;
        for w in runs.windows(2) {
            assert!(w[0].0 != w[1].0, "{} is split into two runs", w[0].0);
        }
        for (word, _) in WORDS {
            let c = word.chars().next().unwrap();
            assert!(may_start(c), "{word}");
            assert!(words_from(c).iter().any(|(w, _)| w == word), "{word}");
        }
    }

    #[test]
    fn months_in_characters() {
        for (text, m) in [
            ("一月", 1),
            ("九月", 9),
            ("十月", 10),
            ("十一月", 11),
            ("十二月", 12),
        ] {
            assert_eq!(month_at(text, 0).map(|r| r.0), Some(m), "{text}");
        }
        for text in ["十一个", "十三月", "一个月", "十", "一"] {
            assert_eq!(month_at(text, 0), None, "{text}");
        }
    }

    #[test]
    fn two_digit_years_need_a_month() {
        assert_eq!(
            one("2022-03-10", "就在22年2月份").as_deref(),
            Some("2022-02")
        );
        assert!(scan("成立22年，").is_empty());
        assert_eq!(scan("成立22年，4月")[0].start, "成立22年，".len());
    }

    #[test]
    fn no_anchor_no_date() {
        assert_eq!(one("x", "去年"), None);
        assert_eq!(one("x", "2020年").as_deref(), Some("2020"));
    }
}
