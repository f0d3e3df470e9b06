//! socialscope: which Chinese internet platform has which social feature, since when, and where an
//! article says so.
//!
//! The crate is a pure core with two thin shells on top:
//!
//! * core, terminal-free: [`corpus`] (files → articles and text blocks), [`knowledge`] (platforms,
//!   companies, features), [`extract`] (blocks → dated events), [`model`] (events indexed for the
//!   matrix, timeline and queries), [`search`] (fuzzy finder with pinyin), [`export`] (JSON/CSV/MD);
//! * shells: [`cli`] (clap commands) and [`tui`] (the ratatui dashboard).
//!
//! Data flows one way: files → [`corpus::Article`] → [`extract::Event`] → [`model::Model`] → views.

pub mod cache;
pub mod cite;
pub mod cli;
pub mod compare;
pub mod corpus;
pub mod date;
pub mod diagnostic;
pub mod discover;
pub mod embedded;
pub mod export;
pub mod extract;
pub mod knowledge;
pub mod loader;
pub mod model;
pub mod search;
pub mod text;
pub mod tui;
pub mod userdata;
pub mod watch;
pub mod yaml;

pub use diagnostic::Diagnostic;
