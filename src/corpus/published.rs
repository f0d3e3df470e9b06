//! Publication dates as front matter writes them, read by hand rather than with one strict format:
//! RSS exports write `Tue, 18 Jan 2022 01:23:42 GMT`, blogs `2021-10-28 14:08:07` or `2021-10-28`,
//! others ISO 8601, `2021/10/28` or `2021年10月28日`. The calendar day is taken as written (in the
//! zone the string states): the day the article itself shows.

use chrono::NaiveDate;

/// Why a date string gave no date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateError {
    /// Recognised, but no such day (`2021-02-30`, month 13, a year outside 1900–2100).
    Impossible,
    /// Not a date format this reader knows.
    Unrecognised,
}

/// Parses a publication date; time of day and zone are ignored.
pub(crate) fn parse(s: &str) -> Result<NaiveDate, DateError> {
    let s = s.trim();
    let first = s.chars().next().ok_or(DateError::Unrecognised)?;
    if first.is_ascii_digit() {
        // `18 Jan 2022` starts with a digit too.
        numeric(s).or_else(|e| match e {
            DateError::Unrecognised => rfc2822(s).map_err(|_| e),
            DateError::Impossible => Err(e),
        })
    } else {
        rfc2822(s)
    }
}

fn checked(y: u32, m: u32, d: u32) -> Result<NaiveDate, DateError> {
    if !(1900..=2100).contains(&y) {
        return Err(DateError::Impossible);
    }
    let y = i32::try_from(y).map_err(|_| DateError::Impossible)?;
    NaiveDate::from_ymd_opt(y, m, d).ok_or(DateError::Impossible)
}

/// Splits off a run of ASCII digits (at most `max`), returning its value and the rest.
fn digits(s: &str, max: usize) -> Option<(u32, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > max {
        return None;
    }
    Some((s[..n].parse().ok()?, &s[n..]))
}

/// `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYY年MM月DD日`, `YYYYMMDD`, each optionally followed
/// by a time (` 14:08:07`, `T14:08:07+08:00`).
fn numeric(s: &str) -> Result<NaiveDate, DateError> {
    use DateError::Unrecognised;
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    let (y, m, d, rest) = if n == 8 {
        let v = |r: std::ops::Range<usize>| s[r].parse::<u32>().map_err(|_| Unrecognised);
        (v(0..4)?, v(4..6)?, v(6..8)?, &s[8..])
    } else {
        let (y, rest) = digits(s, 4).filter(|_| n == 4).ok_or(Unrecognised)?;
        let sep = rest.chars().next().ok_or(Unrecognised)?;
        if !matches!(sep, '-' | '/' | '.' | '年') {
            return Err(Unrecognised);
        }
        let rest = rest[sep.len_utf8()..].trim_start();
        let (m, rest) = digits(rest, 2).ok_or(Unrecognised)?;
        let rest = match sep {
            '年' => rest.strip_prefix('月').ok_or(Unrecognised)?.trim_start(),
            _ => rest.strip_prefix(sep).ok_or(Unrecognised)?,
        };
        let (d, rest) = digits(rest, 2).ok_or(Unrecognised)?;
        let rest = if sep == '年' {
            rest.strip_prefix(['日', '号']).unwrap_or(rest)
        } else {
            rest
        };
        (y, m, d, rest)
    };
    if !(rest.is_empty() || rest.starts_with([' ', 'T', 't', '\t'])) {
        return Err(Unrecognised);
    }
    checked(y, m, d)
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// `Tue, 18 Jan 2022 01:23:42 GMT` and `18 Jan 2022`; the weekday is not checked against the day
/// (feeds get it wrong, and the day is what matters).
fn rfc2822(s: &str) -> Result<NaiveDate, DateError> {
    use DateError::Unrecognised;
    let s = match s.split_once(',') {
        Some((weekday, rest)) if weekday.chars().all(|c| c.is_ascii_alphabetic()) => rest,
        _ => s,
    };
    let mut words = s.split_whitespace();
    let (d, rest) = words
        .next()
        .and_then(|w| digits(w, 2))
        .ok_or(Unrecognised)?;
    if !rest.is_empty() {
        return Err(Unrecognised);
    }
    let month = words.next().ok_or(Unrecognised)?.to_ascii_lowercase();
    let prefix = month.get(..3).ok_or(Unrecognised)?;
    let m = MONTHS
        .iter()
        .position(|name| *name == prefix)
        .ok_or(Unrecognised)?;
    let (y, rest) = words
        .next()
        .and_then(|w| digits(w, 4))
        .ok_or(Unrecognised)?;
    if !rest.is_empty() || y < 1000 {
        return Err(Unrecognised);
    }
    checked(y, m as u32 + 1, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Result<NaiveDate, DateError> {
        NaiveDate::from_ymd_opt(y, m, d).ok_or(DateError::Impossible)
    }

    #[test]
    fn formats_seen_in_the_corpus() {
        assert_eq!(parse("Tue, 18 Jan 2022 01:23:42 GMT"), ymd(2022, 1, 18));
        assert_eq!(parse("2021-10-28 14:08:07"), ymd(2021, 10, 28));
        assert_eq!(parse("2021-10-28"), ymd(2021, 10, 28));
    }

    #[test]
    fn other_formats() {
        assert_eq!(parse("2021-10-28T14:08:07+08:00"), ymd(2021, 10, 28));
        assert_eq!(parse("2021-10-28T06:08:07Z"), ymd(2021, 10, 28));
        assert_eq!(parse("2021/10/28"), ymd(2021, 10, 28));
        assert_eq!(parse("2021.1.8"), ymd(2021, 1, 8));
        assert_eq!(parse("2021年10月28日"), ymd(2021, 10, 28));
        assert_eq!(parse("2021年1月8日 10:00"), ymd(2021, 1, 8));
        assert_eq!(parse("20211028"), ymd(2021, 10, 28));
        assert_eq!(parse("18 January 2022"), ymd(2022, 1, 18));
        // A wrong weekday does not matter.
        assert_eq!(parse("Mon, 18 Jan 2022 01:23:42 GMT"), ymd(2022, 1, 18));
    }

    #[test]
    fn impossible_and_unknown() {
        assert_eq!(parse("2021-02-30"), Err(DateError::Impossible));
        assert_eq!(parse("2021-13-01"), Err(DateError::Impossible));
        assert_eq!(
            parse("Tue, 32 Jan 2022 01:23:42 GMT"),
            Err(DateError::Impossible)
        );
        assert_eq!(parse("3021-01-01"), Err(DateError::Impossible));
        assert_eq!(parse("yesterday"), Err(DateError::Unrecognised));
        assert_eq!(parse("2021-10"), Err(DateError::Unrecognised));
        assert_eq!(parse("2021-10-28x"), Err(DateError::Unrecognised));
        assert_eq!(parse(""), Err(DateError::Unrecognised));
        assert_eq!(parse("1, 2"), Err(DateError::Unrecognised));
        assert_eq!(parse("1 abé 2021"), Err(DateError::Unrecognised));
        assert_eq!(parse("1 ja 2021"), Err(DateError::Unrecognised));
    }
}
