//! Finds the files of a handbook and reads them into a [`SourceMap`].
//!
//! Only the places SPEC §1 names are read, so an output folder inside the handbook (the default
//! `public/`) is never mistaken for content. Symbolic links are followed only while they stay
//! inside the handbook; loops, links leaving it and unreadable entries become `read-error`
//! diagnostics rather than failures, so one bad file never hides the rest.

pub(crate) mod theme;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use rayon::prelude::*;

use crate::confined::{self, Inside, OpenError};
use crate::diag::{Code, Diagnostic, Diags};
use crate::limits;
use crate::model::urls::SITE_MARKER as MARKER;
use crate::model::{Kind, Reserved};
use crate::source::{FileId, SourceFile, SourceMap, Span};

/// What [`discover`] found.
#[derive(Debug, Default, Clone)]
pub(crate) struct SourceTree {
    /// The handbook folder, canonicalized.
    pub(crate) root: PathBuf,
    /// Structured files: kind and path relative to the root.
    pub(crate) yaml: Vec<(Kind, String)>,
    /// Where the pages are: the pages folder and what to leave out of it.
    pub(crate) layout: Layout,
    /// The Markdown files under the pages folder, relative to the root.
    pub(crate) pages: Vec<String>,
    /// Every other file under the pages folder (images, diagrams, PDFs next to the pages),
    /// relative to the root: published at the same place relative to the pages folder.
    pub(crate) assets: Vec<String>,
    /// Files under `static/`, relative to the root.
    pub(crate) statics: Vec<String>,
    /// Files under `templates/`, relative to the root.
    pub(crate) templates: Vec<String>,
    /// Entries that could not be used: path relative to the root, code, message.
    pub(crate) problems: Vec<(String, Code, String)>,
    /// Markdown files under the pages folder that are not pages because their folder holds
    /// the handbook's own files (`roles/README.md` with `pages_dir: .`), relative to the root,
    /// with the folder and what it is reserved for.
    pub(crate) reserved: Vec<(String, String, Reserved)>,
}

/// Where a handbook keeps its free pages, read from `handbook.yaml` before discovery
/// (`parse::layout`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    /// The pages folder relative to the root, `/`-separated, without a trailing slash; empty
    /// when the pages are at the root itself (`pages_dir: .`).
    pub(crate) pages_dir: String,
    /// The theme folder relative to the root (`theme: ./themes/ours`), when it has one: never
    /// part of the pages, even when it sits under the pages folder.
    pub(crate) theme_dir: Option<String>,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            pages_dir: "pages".into(),
            theme_dir: None,
        }
    }
}

impl Layout {
    /// Whether a file or folder called `name` could be one [`Layout::excluded`] names: only
    /// those pay for their relative path (an allocation each).
    fn may_exclude(&self, name: &str) -> bool {
        name == "node_modules"
            || (self.pages_dir.is_empty()
                && (matches!(name, "roles" | "static" | "templates")
                    || TOP_LEVEL.iter().any(|(_, file)| *file == name)))
            || self
                .theme_dir
                .as_deref()
                .is_some_and(|t| t.rsplit('/').next() == Some(name))
    }

    /// True for a path under the pages folder that belongs to the handbook's own files rather
    /// than its pages: when the pages are at the root, the structured files, `roles/`,
    /// `static/`, `templates/`; always the theme folder and `node_modules/`.
    pub(crate) fn excluded(&self, rel: &str) -> bool {
        let top = rel.split('/').next().unwrap_or(rel);
        let own = self.pages_dir.is_empty()
            && (TOP_LEVEL.iter().any(|(_, name)| *name == rel)
                || matches!(top, "roles" | "static" | "templates"));
        own || rel.split('/').any(|s| s == "node_modules")
            || self
                .theme_dir
                .as_deref()
                .is_some_and(|t| rel == t || rel.starts_with(&format!("{t}/")))
    }
}

impl Layout {
    /// The reserved folder `rel` (a folder [`Layout::excluded`] leaves out of the pages) is,
    /// with what it holds; `None` for other folders (`node_modules/` is nobody's Markdown).
    pub(crate) fn reserved(&self, rel: &str) -> Option<(String, Reserved)> {
        if let Some(t) = self.theme_dir.as_deref() {
            let under_pages = self.pages_dir.is_empty()
                || t.strip_prefix(self.pages_dir.as_str())
                    .is_some_and(|r| r.starts_with('/'));
            if under_pages && (rel == t || rel.starts_with(&format!("{t}/"))) {
                return Some((t.to_string(), Reserved::Theme));
            }
        }
        if !self.pages_dir.is_empty() {
            return None;
        }
        let top = rel.split('/').next().unwrap_or(rel);
        let kind = match top {
            "roles" => Reserved::Roles,
            "static" => Reserved::Static,
            "templates" => Reserved::Templates,
            _ => return None,
        };
        Some((top.to_string(), kind))
    }
}

/// The YAML files at the top of a handbook, by kind.
pub(crate) const TOP_LEVEL: [(Kind, &str); 5] = [
    (Kind::Handbook, "handbook.yaml"),
    (Kind::Values, "values.yaml"),
    (Kind::Ladder, "ladder.yaml"),
    (Kind::Hiring, "hiring.yaml"),
    (Kind::Leaving, "leaving.yaml"),
];

/// True for names editors and tools leave next to real files: hidden files, swap and backup
/// files. The watcher uses the same rule.
pub(crate) fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name.ends_with(".swp")
        || name.ends_with(".swo")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.ends_with(".orig")
        || name == "4913"
}

/// Finds every file of the handbook at `root`, its pages where `layout` says. `skip` lists
/// folders never to enter (the output folder and its temporary siblings); the default output
/// folder `public/` and any folder holding a site's mark ([`MARKER`]) are never entered
/// either, so `build -o elsewhere`, `check` and `serve` read the same handbook even when an
/// earlier build wrote its site among the pages (`pages_dir: .`).
pub(crate) fn discover(
    root: &Path,
    skip: &[PathBuf],
    layout: &Layout,
) -> anyhow::Result<SourceTree> {
    discover_at_most(root, skip, layout, limits::MAX_FILES)
}

/// [`discover`] with another file-count limit than [`limits::MAX_FILES`].
pub(crate) fn discover_at_most(
    root: &Path,
    skip: &[PathBuf],
    layout: &Layout,
    max_files: usize,
) -> anyhow::Result<SourceTree> {
    let given = root;
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot open the handbook folder {}", root.display()))?;
    if root.is_file() {
        // `handbook build mine/handbook.yaml`: the folder is meant.
        let folder = match given.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.display().to_string(),
            _ => ".".into(),
        };
        let hint = if root.file_name().is_some_and(|n| n == "handbook.yaml") {
            format!(": `{folder}`")
        } else {
            String::new()
        };
        bail!(
            "{} is a file, not a handbook folder; pass the folder that holds handbook.yaml{hint}",
            given.display()
        );
    }
    if !root.join("handbook.yaml").exists() {
        bail!(
            "{} is not a handbook: it has no handbook.yaml (create one with `handbook init`)",
            root.display()
        );
    }
    let mut tree = SourceTree {
        root: root.clone(),
        layout: layout.clone(),
        ..SourceTree::default()
    };
    for (kind, name) in TOP_LEVEL {
        let path = root.join(name);
        match std::fs::symlink_metadata(&path) {
            Ok(_) => tree.yaml.push((kind, name.to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => tree.problems.push((
                name.into(),
                Code::ReadError,
                format!("cannot read {name}: {e}"),
            )),
        }
    }
    let skip: Vec<PathBuf> = skip
        .iter()
        .cloned()
        .chain([root.join("public")])
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let mut walker = Walker {
        root: &root,
        skip: &skip,
        tree: &mut tree,
        count: 0,
        max_files,
    };
    let is_role = |n: &str| n.ends_with(".yaml") || n.ends_with(".yml");
    for rel in walker.walk("roles", is_role, 1, None) {
        walker.tree.yaml.push((Kind::Role, rel));
    }
    // A folder named like a role file is a mistake worth naming, not something to skip.
    if let Ok(entries) = std::fs::read_dir(root.join("roles")) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_role(&name) && !is_ignored_name(&name) && entry.path().is_dir() {
                let rel = format!("roles/{name}");
                let message = format!("{rel} is a directory, not a file");
                walker.tree.problems.push((rel, Code::ReadError, message));
            }
        }
    }
    let (pages, assets): (Vec<String>, Vec<String>) = walker
        .walk(&layout.pages_dir, |_| true, usize::MAX, Some(layout))
        .into_iter()
        .partition(|rel| rel.ends_with(".md"));
    walker.tree.pages = pages;
    walker.tree.assets = assets;
    walker.tree.statics = walker.walk("static", |_| true, usize::MAX, None);
    walker.tree.templates = walker.walk("templates", |n| n.ends_with(".html"), usize::MAX, None);
    Ok(tree)
}

struct Walker<'a> {
    root: &'a Path,
    skip: &'a [PathBuf],
    tree: &'a mut SourceTree,
    count: usize,
    max_files: usize,
}

impl Walker<'_> {
    /// Relative paths of the files under `dir` whose names pass `keep`, sorted; what `layout`
    /// excludes (the handbook's own files, when the pages are at the root) is not entered.
    fn walk(
        &mut self,
        dir: &str,
        keep: impl Fn(&str) -> bool,
        max_depth: usize,
        layout: Option<&Layout>,
    ) -> Vec<String> {
        let base = self.root.join(dir);
        if !base.exists() {
            return Vec::new();
        }
        let mut found = Vec::new();
        let mut it = walkdir::WalkDir::new(&base)
            .follow_links(true)
            .max_depth(max_depth)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = it.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    let rel = err.path().map_or_else(|| dir.to_string(), |p| self.rel(p));
                    let message = match err.loop_ancestor() {
                        Some(a) => format!(
                            "symbolic link loop: {rel} points back to {}; not followed",
                            self.rel(a)
                        ),
                        None => format!("cannot read {rel}: {}", io_message(&err)),
                    };
                    self.tree.problems.push((rel, Code::ReadError, message));
                    continue;
                }
            };
            let path = entry.path();
            let name = entry.file_name().to_string_lossy();
            let excluded = |l: &Layout| l.may_exclude(&name) && l.excluded(&self.rel(path));
            if entry.depth() > 0 && (is_ignored_name(&name) || layout.is_some_and(excluded)) {
                if entry.file_type().is_dir() {
                    if let Some((folder, kind)) = layout
                        .filter(|_| !is_ignored_name(&name))
                        .and_then(|l| l.reserved(&self.rel(path)))
                    {
                        self.reserved_pages(path, &folder, kind);
                    }
                    it.skip_current_dir();
                }
                continue;
            }
            // A name that isn't UTF-8 has no URL and no place in the source map; named as a
            // problem here, it is reported by `check`, not found missing by `build`.
            if matches!(name, std::borrow::Cow::Owned(_)) {
                let rel = self.rel(path);
                self.tree.problems.push((
                    rel.clone(),
                    Code::Encoding,
                    format!(
                        "the name of {rel} is not valid UTF-8 (shown with \u{fffd}); rename it"
                    ),
                ));
                if entry.file_type().is_dir() {
                    it.skip_current_dir();
                }
                continue;
            }
            // Resolving every folder's path is a dozen system calls each: only a folder named
            // like a skipped one, or a link that could point at it, can be it.
            if entry.file_type().is_dir()
                && (self.skip.iter().any(|s| {
                    (entry.path_is_symlink() || s.file_name() == Some(entry.file_name()))
                        && path.canonicalize().is_ok_and(|p| &p == s)
                }) || path.join(MARKER).is_file())
            {
                it.skip_current_dir();
                continue;
            }
            if entry.path_is_symlink() && !self.inside_root(path) {
                let rel = self.rel(path);
                self.tree.problems.push((
                    rel.clone(),
                    Code::ReadError,
                    format!("symbolic link {rel} points outside the handbook; not followed"),
                ));
                if entry.file_type().is_dir() {
                    it.skip_current_dir();
                }
                continue;
            }
            if !entry.file_type().is_file() || !keep(&name) {
                continue;
            }
            self.count += 1;
            if self.count > self.max_files {
                self.tree.problems.push((
                    dir.to_string(),
                    Code::LimitExceeded,
                    format!(
                        "more than {} files in the handbook (limit: MAX_FILES); the rest of {dir}/ is ignored",
                        self.max_files
                    ),
                ));
                break;
            }
            found.push(self.rel(path));
        }
        found
    }

    /// Lists the `.md` files under the reserved folder `dir` (named `folder`, holding `kind`),
    /// which are not pages: only their names, to report them, so nothing here is read and
    /// no link is followed (the folder's own walk, if it has one, reports what can't be read).
    fn reserved_pages(&mut self, dir: &Path, folder: &str, kind: Reserved) {
        let entries = walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()))
            .filter_map(Result::ok);
        for entry in entries {
            if self.tree.reserved.len() >= self.max_files {
                break;
            }
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file() && name.ends_with(".md") {
                let rel = self.rel(entry.path());
                self.tree.reserved.push((rel, folder.to_string(), kind));
            }
        }
    }

    fn inside_root(&self, path: &Path) -> bool {
        path.canonicalize().is_ok_and(|p| p.starts_with(self.root))
    }

    fn rel(&self, path: &Path) -> String {
        let rel = path.strip_prefix(self.root).unwrap_or(path);
        if std::path::MAIN_SEPARATOR == '/' {
            return rel.to_string_lossy().into_owned();
        }
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }
}

fn io_message(err: &walkdir::Error) -> String {
    err.io_error()
        .map_or_else(|| err.to_string(), |e| e.to_string())
}

/// Reads every file `tree` names (not `static/`), in parallel, into a [`SourceMap`], taking
/// the text of a file from `known` when it has it (serve keeps the texts of files that didn't
/// change). Files that cannot be read, are too large or aren't UTF-8 are kept with a
/// diagnostic and returned in the set of files later stages must skip.
pub(crate) fn read_all_with(
    tree: &SourceTree,
    diags: &mut Diags,
    known: &(dyn Fn(&str) -> Option<std::sync::Arc<str>> + Sync),
) -> (SourceMap, HashSet<FileId>) {
    let mut sources = SourceMap::new(&tree.root);
    let rels: Vec<&String> = tree
        .yaml
        .iter()
        .map(|(_, r)| r)
        .chain(&tree.pages)
        .chain(&tree.templates)
        .collect();
    let read: Vec<(SourceFile, Option<Problem>)> = rels
        .par_iter()
        .map(|rel| match known(rel) {
            Some(text) => (SourceFile::new(rel.to_string(), text), None),
            None => read_one(&tree.root, rel),
        })
        .collect();
    let mut unreadable = HashSet::new();
    sources.reserve(read.len() + tree.problems.len() + tree.assets.len());
    for (file, problem) in read {
        let id = sources.add(file);
        if let Some((code, message, at)) = problem {
            unreadable.insert(id);
            diags.push(Diagnostic::new(code, Span::new(id, at, at), message));
        }
    }
    for (rel, code, message) in &tree.problems {
        let id = placeholder(&mut sources, rel);
        unreadable.insert(id);
        diags.push(Diagnostic::new(
            *code,
            Span::file_start(id),
            message.clone(),
        ));
    }
    for (rel, folder, kind) in &tree.reserved {
        // Read (not parsed) so the warning shows the file's first line; one that can't be
        // read is only named.
        let id = match read_one(&tree.root, rel) {
            (file, None) => sources.add(file),
            (_, Some(_)) => placeholder(&mut sources, rel),
        };
        let (message, help) = if *kind == Reserved::Static {
            (
                format!(
                    "{rel} is not published as a page: `{folder}/` is reserved for {}; it is copied unrendered, to `{}`",
                    kind.purpose(),
                    rel.strip_prefix(&format!("{folder}/")).unwrap_or(rel)
                ),
                "move it to a folder of pages to publish it as a page",
            )
        } else {
            (
                format!(
                    "{rel} is not published: `{folder}/` is reserved for {}",
                    kind.purpose()
                ),
                "move it to a folder of pages to publish it; to keep it where it is, unpublished, set `not-published: off` under `rules:`",
            )
        };
        diags.push(Diagnostic::new(Code::NotPublished, Span::file_start(id), message).help(help));
    }
    // Files next to the pages are copied, not read; an entry each lets a diagnostic name one.
    for rel in &tree.assets {
        placeholder(&mut sources, rel);
    }
    (sources, unreadable)
}

/// The id of `rel`, adding an empty file for it when it wasn't read.
pub(crate) fn placeholder(sources: &mut SourceMap, rel: &str) -> FileId {
    sources
        .find(rel)
        .unwrap_or_else(|| sources.add(SourceFile::new(rel.to_string(), String::new())))
}

/// A problem reading a file: its code, message and byte offset.
pub(crate) type Problem = (Code, String, usize);

/// Reads one file, with its problem if it has one.
pub(crate) fn read_one(root: &Path, rel: &str) -> (SourceFile, Option<Problem>) {
    read_inside(Inside { root, rel }, rel)
}

/// Reads the file `at`, named `name` in the source map and in messages. The file is opened
/// through [`confined::open`]: a symbolic link swapped in after discovery is not followed out.
pub(crate) fn read_inside(at: Inside<'_>, name: &str) -> (SourceFile, Option<Problem>) {
    let rel = name;
    let empty = |problem| {
        (
            SourceFile::new(rel.to_string(), String::new()),
            Some(problem),
        )
    };
    let too_big = |len: u64| {
        (
            Code::LimitExceeded,
            format!(
                "{rel} is {len} bytes, more than the {} byte limit (MAX_FILE_BYTES)",
                limits::MAX_FILE_BYTES
            ),
            0,
        )
    };
    let cannot_read = |e: OpenError| {
        let what = match e {
            OpenError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
                "it vanished while the handbook was being read".to_string()
            }
            OpenError::Folder => {
                return (
                    Code::ReadError,
                    format!("{rel} is a directory, not a file"),
                    0,
                );
            }
            e => e.to_string(),
        };
        (Code::ReadError, format!("cannot read {rel}: {what}"), 0)
    };
    // One open and an `fstat` of the open file: a path `stat` first would walk the path twice.
    let mut file = match confined::open(at) {
        Ok(f) => f,
        Err(e) => return empty(cannot_read(e)),
    };
    let len = match file.metadata() {
        Ok(m) if m.len() > limits::MAX_FILE_BYTES => return empty(too_big(m.len())),
        Ok(m) => m.len(),
        Err(e) => return empty(cannot_read(e.into())),
    };
    // A file that grows while it is read stops at the limit, plus a byte to notice it.
    let mut bytes = Vec::with_capacity(len as usize + 1);
    if let Err(e) = std::io::Read::read_to_end(
        &mut std::io::Read::take(&mut file, limits::MAX_FILE_BYTES + 1),
        &mut bytes,
    ) {
        return empty(cannot_read(e.into()));
    }
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return empty(too_big(bytes.len() as u64));
    }
    match String::from_utf8(bytes) {
        Ok(text) => (SourceFile::new(rel.to_string(), text), None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bad = e.as_bytes()[at];
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // Offsets in the lossy text match up to the first bad byte.
            (
                SourceFile::new(rel.to_string(), text),
                Some((
                    Code::Encoding,
                    format!("{rel} is not valid UTF-8 (byte 0x{bad:02x}); re-save it as UTF-8"),
                    at,
                )),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [
            ".x.md.swp",
            "x.md~",
            "#x.md#",
            ".#x.md",
            "4913",
            "x.md.swp",
            ".hidden",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["x.md", "values.yaml", "a-b_c.md"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }
}
