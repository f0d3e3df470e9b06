//! The one place YAML is parsed. serde_yaml is deprecated upstream; keeping every call behind this
//! module makes the parser swappable in one file.
//!
//! serde_yaml refuses alias bombs ("billion laughs") and deep recursion with an error, which this
//! module passes on like any other syntax error.

use serde::de::DeserializeOwned;
use std::fmt;

/// A dynamically typed YAML value (front matter is read leniently, field by field).
pub type Value = serde_yaml::Value;

/// A YAML error with the 1-based line it was found at, when the parser knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for YamlError {}

impl From<serde_yaml::Error> for YamlError {
    fn from(e: serde_yaml::Error) -> Self {
        let line = e.location().map(|l| l.line());
        // serde_yaml appends " at line L column C"; the line is kept apart, so drop it here.
        let mut message = e.to_string();
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        Self { line, message }
    }
}

/// Deserializes a typed document.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(YamlError::from)
}

/// Parses into a [`Value`] for lenient, field-by-field reading.
pub fn value(text: &str) -> Result<Value, YamlError> {
    from_str(text)
}

/// Serializes a value (used to write the user's own knowledge file).
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, YamlError> {
    serde_yaml::to_string(value).map_err(YamlError::from)
}

#[cfg(test)]
mod tests {
    #[test]
    fn errors_carry_the_line() {
        let e = super::value("a: 1\nb: [\n").expect_err("unclosed list");
        assert!(e.line.is_some(), "{e:?}");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            doc.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(super::value(&doc).is_err());
    }
}
