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

/// Deepest a page may sit in the page tree (one level per folder, plus the page itself). The
/// sidebar draws the tree with a template that calls itself once per level, and the template
/// engine stops at 20 nested calls; 16 leaves room for themes that wrap it.
pub(crate) const MAX_PAGE_DEPTH: usize = 16;
