//! One problem with one input file, as the user sees it: `path: what is wrong`.
//!
//! Diagnostics never stop a load: the file is skipped (or loaded lossily) and the rest goes on.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A problem with one file, reported and then worked around.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The file's path as the user gave it (corpus root joined with the relative path).
    pub path: String,
    /// What is wrong, one line, lower case, no trailing period.
    pub message: String,
}

impl Diagnostic {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}
