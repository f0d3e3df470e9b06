//! A calendar date as precise as an article states it: a year, a month or a day, and optionally the
//! part of the year (`2021年初` is early 2021, `2019年下半年` the second half of 2019).
//!
//! Resolving Chinese time expressions into these lives in `extract::dates`; this module only holds
//! the value, its text forms and its order.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

/// Which part of a year a date names when it names no month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Part {
    /// 年初, 开年: the first months.
    #[serde(rename = "early")]
    Early,
    /// 年末, 年底: the last months.
    #[serde(rename = "late")]
    Late,
    /// 上半年.
    H1,
    /// 下半年.
    H2,
}

impl Part {
    /// The form used in exports: `early`, `late`, `H1`, `H2`.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Early => "early",
            Part::Late => "late",
            Part::H1 => "H1",
            Part::H2 => "H2",
        }
    }

    /// The month a reader would place this part at, for sorting only.
    fn sort_month(self) -> u8 {
        match self {
            Part::Early => 2,
            Part::H1 => 4,
            Part::H2 => 9,
            Part::Late => 11,
        }
    }
}

/// A date as precise as the text makes it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, plus an optional part.
///
/// Invariant (kept by [`Date::new`]): a day implies a month, months are 1–12, days are valid for
/// their month, and a part is only set when there is no month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
    pub part: Option<Part>,
}

impl Date {
    /// A checked date; `None` for impossible ones (`2099年13月`, `2月30日`, years outside 1900–2100).
    pub fn new(year: i32, month: Option<u8>, day: Option<u8>, part: Option<Part>) -> Option<Self> {
        if !(1900..=2100).contains(&year) {
            return None;
        }
        match (month, day) {
            (None, Some(_)) => return None,
            (Some(m), _) if !(1..=12).contains(&m) => return None,
            (Some(m), Some(d)) => {
                chrono::NaiveDate::from_ymd_opt(year, u32::from(m), u32::from(d))?;
            }
            _ => {}
        }
        let part = if month.is_some() { None } else { part };
        Some(Self {
            year,
            month,
            day,
            part,
        })
    }

    pub fn year(year: i32) -> Option<Self> {
        Self::new(year, None, None, None)
    }

    pub fn ym(year: i32, month: u8) -> Option<Self> {
        Self::new(year, Some(month), None, None)
    }

    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        Self::new(year, Some(month), Some(day), None)
    }

    /// From a calendar date (a publication date, say): day precision.
    pub fn from_naive(d: chrono::NaiveDate) -> Self {
        use chrono::Datelike;
        Self {
            year: d.year(),
            month: Some(d.month() as u8),
            day: Some(d.day() as u8),
            part: None,
        }
    }

    /// Short form for a matrix cell: `2019`, `21-04`.
    pub fn short(&self) -> String {
        match self.month {
            Some(m) => format!("{:02}-{:02}", self.year.rem_euclid(100), m),
            None => format!("{}", self.year),
        }
    }

    /// A key that orders dates as a reader would place them on a time line: a bare year sorts
    /// before its months, a part sorts at the month it stands for.
    pub fn sort_key(&self) -> (i32, u8, u8) {
        let month = match (self.month, self.part) {
            (Some(m), _) => m,
            (None, Some(p)) => p.sort_month(),
            (None, None) => 0,
        };
        (self.year, month, self.day.unwrap_or(0))
    }

    /// Months since year 0, at this date's (estimated) month: for lanes and "who was first by how
    /// many months". A bare year counts as its January.
    pub fn month_index(&self) -> i32 {
        let (y, m, _) = self.sort_key();
        y * 12 + i32::from(m.max(1)) - 1
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; the part is not included (exports carry it apart).
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => write!(f, "{:04}-{:02}", self.year, m),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_dates_are_none() {
        assert!(Date::ym(2099, 13).is_none());
        assert!(Date::ymd(2021, 2, 30).is_none());
        assert!(Date::new(2021, None, Some(3), None).is_none());
        assert!(Date::year(1800).is_none());
    }

    #[test]
    fn text_forms() {
        assert_eq!(
            Date::year(2019).map(|d| d.to_string()).as_deref(),
            Some("2019")
        );
        assert_eq!(
            Date::ym(2021, 4).map(|d| d.short()).as_deref(),
            Some("21-04")
        );
        assert_eq!(
            Date::ymd(2020, 4, 23).map(|d| d.to_string()).as_deref(),
            Some("2020-04-23")
        );
    }

    #[test]
    fn order_places_parts_inside_the_year() {
        let early = Date::new(2021, None, None, Some(Part::Early)).expect("valid");
        let march = Date::ym(2021, 3).expect("valid");
        let late = Date::new(2021, None, None, Some(Part::Late)).expect("valid");
        let bare = Date::year(2021).expect("valid");
        assert!(bare < early && early < march && march < late);
    }
}
