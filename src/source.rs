//! The source map: every file the build read, its text, and a lazily built line index.
//!
//! Diagnostics carry a [`Span`] (file id plus byte range in the *whole* file); line and column
//! are computed only when a diagnostic is rendered, so parsing never pays for them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Span {
    /// The file the range is in.
    pub(crate) file: FileId,
    /// First byte (inclusive).
    pub(crate) start: u32,
    /// Last byte (exclusive).
    pub(crate) end: u32,
}

impl Span {
    /// A span covering `start..end` of `file`.
    pub(crate) fn new(file: FileId, start: usize, end: usize) -> Self {
        Span {
            file,
            start: start as u32,
            end: end.max(start) as u32,
        }
    }

    /// The empty span at the start of `file`, for problems with the file as a whole.
    pub(crate) fn file_start(file: FileId) -> Self {
        Span::new(file, 0, 0)
    }

    /// The byte range as a `Range<usize>`.
    pub(crate) fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One file of the handbook.
#[derive(Debug)]
pub(crate) struct SourceFile {
    /// Path relative to the source folder, with `/` separators.
    pub(crate) rel: String,
    /// The file's text; empty when it could not be read. Shared, so `serve` keeps the texts
    /// of unchanged files between rebuilds without copying them.
    pub(crate) text: Arc<str>,
    line_starts: OnceLock<Vec<u32>>,
}

impl SourceFile {
    /// A file with its relative name and text.
    pub(crate) fn new(rel: String, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            rel,
            text: text.into(),
            line_starts: OnceLock::new(),
        }
    }

    /// Byte offsets at which each line starts.
    pub(crate) fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0u32];
            starts.extend(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i as u32 + 1));
            starts
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = clamp_to_char_boundary(&self.text, offset);
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s as usize <= offset).max(1) - 1;
        let start = starts[line] as usize;
        let col = self.text[start..offset].chars().count();
        (line + 1, col + 1)
    }
}

fn clamp_to_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// All files of one build, addressed by [`FileId`].
#[derive(Debug, Default)]
pub(crate) struct SourceMap {
    root: PathBuf,
    files: Vec<SourceFile>,
    by_rel: HashMap<String, FileId>,
}

impl SourceMap {
    /// An empty map for the handbook at `root`.
    pub(crate) fn new(root: &Path) -> Self {
        SourceMap {
            root: root.to_path_buf(),
            files: Vec::new(),
            by_rel: HashMap::new(),
        }
    }

    /// The handbook's source folder.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// Room for `n` more files.
    pub(crate) fn reserve(&mut self, n: usize) {
        self.files.reserve(n);
        self.by_rel.reserve(n);
    }

    /// Adds a file and returns its id.
    pub(crate) fn add(&mut self, file: SourceFile) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.by_rel.entry(file.rel.clone()).or_insert(id);
        self.files.push(file);
        id
    }

    /// The file with id `id`.
    pub(crate) fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The id of the file whose relative path is `rel`, if it was read.
    pub(crate) fn find(&self, rel: &str) -> Option<FileId> {
        self.by_rel.get(rel).copied()
    }

    /// Replaces the text of file `id` (serve's fast path after an edit).
    pub(crate) fn replace_text(&mut self, id: FileId, text: String) {
        let file = &mut self.files[id.0 as usize];
        file.text = text.into();
        file.line_starts = OnceLock::new();
    }

    /// Every file, in the order they were added.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_and_lines_from_one() {
        let f = SourceFile::new("a".into(), "ab\nçé x\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        // "çé " is 5 bytes; x is the 4th character of line 2.
        assert_eq!(f.line_col(8), (2, 4));
    }

    #[test]
    fn offsets_inside_a_character_snap_back() {
        let f = SourceFile::new("a".into(), "é");
        assert_eq!(f.line_col(1), (1, 1));
    }
}
