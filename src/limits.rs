//! Limits that keep a build bounded whatever the repository holds. Each one, when hit, is a
//! `limit-exceeded` diagnostic naming the file and the limit (docs/robustness.md lists them).

/// Largest file read, in bytes (8 MiB): far above any handbook page, far below a problem.
pub(crate) const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Deepest YAML nesting accepted. Handbook files nest four or five levels.
pub(crate) const MAX_YAML_DEPTH: usize = 64;

/// Most nodes a YAML document may have once its aliases are expanded (alias bombs).
pub(crate) const MAX_YAML_NODES: usize = 200_000;

/// Most files read from one handbook.
pub(crate) const MAX_FILES: usize = 200_000;
