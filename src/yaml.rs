//! The one place YAML is parsed. serde_yaml is deprecated upstream; keeping every call behind this
//! module makes the parser swappable in one file.
