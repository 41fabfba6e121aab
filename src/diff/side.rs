//! One side of a comparison — a folder, or the handbook folder at a git commit — read and
//! parsed the way a build reads it (discover → parse → resolve), without rendering anything.
//!
//! A commit's files are never written to disk: its listing is sorted into a [`SourceTree`] by
//! the rules `discover` walks a folder with ([`tree_from_listing`], held to `discover` by a
//! test), and the texts come from one `git cat-file --batch`. At 10,000 pages, writing the
//! files out first took 2.7 s on this machine's disk; reading them this way takes 0.15 s.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::bail;

use super::git::{Repo, short};
use crate::diag::{Diagnostic, Diags, Severity};
use crate::discover::{self, Layout, SourceTree, TOP_LEVEL, is_ignored_name};
use crate::model::{Handbook, Kind};
use crate::parse::{self, RawHandbook};
use crate::resolve::{self, LowerOptions};
use crate::source::{FileId, SourceMap};

/// Where a side comes from.
#[derive(Debug, Clone)]
pub(crate) enum Origin {
    /// A handbook folder on disk (the work tree, or any folder).
    Folder(PathBuf),
    /// The handbook folder of `repo` at a commit.
    Commit {
        /// The repository.
        repo: Repo,
        /// The commit id.
        commit: String,
    },
}

/// A side, read: its files, what parsing made of them and the model.
pub(crate) struct Side {
    /// How to name it in messages (`main (merge base 1a2b3c4d5e)`, `the work tree`).
    pub(crate) label: String,
    /// The files read.
    pub(crate) sources: SourceMap,
    /// What parsing made of them.
    pub(crate) raw: RawHandbook,
    /// The model (for page ids, URLs and titles).
    pub(crate) handbook: Handbook,
    /// Problems reading and parsing, by file: the files whose entities may be incomplete.
    pub(crate) problems: HashMap<FileId, Vec<Diagnostic>>,
    /// Files that exist but could not be read or parsed at all (`values.yaml`,
    /// `roles/sre.yaml`...): their entities are not compared.
    pub(crate) failed: HashSet<String>,
}

impl Side {
    /// True when reading or parsing `file` found an error.
    pub(crate) fn has_errors(&self, file: FileId) -> bool {
        self.problems
            .get(&file)
            .is_some_and(|d| d.iter().any(|d| d.severity == Severity::Error))
    }
}

/// A side's files, read but not parsed yet.
pub(crate) struct Files {
    tree: SourceTree,
    sources: SourceMap,
    unreadable: HashSet<FileId>,
    diags: Diags,
}

/// Reads the files of `origin`, leaving out the pages in `same` (paths relative to the
/// handbook folder), which git says are the same on both sides.
pub(crate) fn read(origin: &Origin, same: &HashSet<String>) -> anyhow::Result<Files> {
    let mut diags = Diags::new();
    let (tree, sources, unreadable) = match origin {
        Origin::Folder(dir) => {
            let layout = parse::layout(dir);
            let mut tree = discover::discover(dir, &[dir.join("public")], &layout)?;
            tree.pages.retain(|p| !same.contains(p));
            let (sources, unreadable) = discover::read_all_with(&tree, &mut diags, &|_| None);
            (tree, sources, unreadable)
        }
        Origin::Commit { repo, commit } => {
            let files = repo.files(commit)?;
            let listing: Vec<&str> = files
                .iter()
                .filter(|f| !f.symlink)
                .map(|f| f.rel.as_str())
                .collect();
            let Some(config) = files
                .iter()
                .find(|f| f.rel == "handbook.yaml" && !f.symlink)
            else {
                bail!(
                    "`{}` is not a handbook at {}: it has no handbook.yaml",
                    repo.folder(),
                    short(commit)
                );
            };
            let config = repo
                .blobs(&[config.oid.as_str()])?
                .pop()
                .unwrap_or_default();
            let layout = parse::layout_of(&String::from_utf8_lossy(&config));
            // A path that doesn't exist: nothing of this side may be read from disk.
            let root = PathBuf::from(format!("{}@{}", repo.folder(), short(commit)));
            let mut tree = tree_from_listing(&root, &listing, &layout);
            tree.pages.retain(|p| !same.contains(p));
            let wanted: HashSet<&str> = tree
                .yaml
                .iter()
                .map(|(_, r)| r.as_str())
                .chain(tree.pages.iter().map(String::as_str))
                .collect();
            let wanted: Vec<&super::git::TreeFile> = files
                .iter()
                .filter(|f| !f.symlink && wanted.contains(f.rel.as_str()))
                .collect();
            let oids: Vec<&str> = wanted.iter().map(|f| f.oid.as_str()).collect();
            let texts: HashMap<&str, Arc<str>> = wanted
                .iter()
                .zip(repo.blobs(&oids)?)
                .map(|(f, blob)| (f.rel.as_str(), Arc::from(String::from_utf8_lossy(&blob))))
                .collect();
            let known = |rel: &str| texts.get(rel).cloned();
            let (sources, unreadable) = discover::read_all_with(&tree, &mut diags, &known);
            (tree, sources, unreadable)
        }
    };
    Ok(Files {
        tree,
        sources,
        unreadable,
        diags,
    })
}

/// Leaves out of both sides the pages that have the same path and text on both: they give
/// the same entities, so parsing them would change nothing. Two folders of 10,000 pages with
/// one page edited: 0.3 s to parse and compare everything, 0.1 s this way.
pub(crate) fn drop_same_pages(a: &mut Files, b: &mut Files) {
    // Unreadable files are left in: their problem is worth a note.
    let text = |f: &Files, rel: &str| {
        let id = f
            .sources
            .find(rel)
            .filter(|id| !f.unreadable.contains(id))?;
        Some(f.sources.get(id).text.clone())
    };
    let same: HashSet<String> = a
        .tree
        .pages
        .iter()
        .filter(|rel| {
            let (ta, tb) = (text(a, rel), text(b, rel));
            ta.is_some() && ta == tb
        })
        .cloned()
        .collect();
    a.tree.pages.retain(|p| !same.contains(p));
    b.tree.pages.retain(|p| !same.contains(p));
}

/// Parses and lowers `files` into a side named `label`.
pub(crate) fn analyse(files: Files, label: String) -> Side {
    let Files {
        tree,
        sources,
        unreadable,
        mut diags,
    } = files;
    let raw = parse::parse_all_cached(
        &sources,
        &tree,
        &unreadable,
        &mut diags,
        &mut parse::ParseCache::default(),
        false,
    );
    let mut failed: HashSet<String> = unreadable
        .iter()
        .map(|&f| sources.get(f).rel.clone())
        .collect();
    failed.extend(raw.failed_roles.iter().map(|&f| sources.get(f).rel.clone()));
    for (kind, rel) in &tree.yaml {
        let parsed = match kind {
            Kind::Handbook => raw.config.is_some(),
            Kind::Values => raw.values.is_some(),
            Kind::Ladder => raw.ladder.is_some(),
            Kind::Hiring => raw.hiring.is_some(),
            Kind::Leaving => raw.leaving.is_some(),
            Kind::Role | Kind::FrontMatter => true,
        };
        if !parsed {
            failed.insert(rel.clone());
        }
    }
    let mut problems: HashMap<FileId, Vec<Diagnostic>> = HashMap::new();
    for d in diags.into_sorted(&sources) {
        problems.entry(d.span.file).or_default().push(d);
    }
    // Drafts are part of the source: they are compared too. The model's own diagnostics
    // (unknown references...) don't stop a comparison and are left to `check`.
    let handbook = resolve::lower(
        &raw,
        &sources,
        LowerOptions { drafts: true },
        &mut Diags::new(),
    );
    Side {
        label,
        sources,
        raw,
        handbook,
        problems,
        failed,
    }
}

/// The [`SourceTree`] that `discover` would find in a folder holding exactly `files` (paths
/// relative to the handbook folder) with the pages where `layout` says: the top-level YAML
/// files, `roles/*.yaml`, and the Markdown files under the pages folder without hidden or
/// editor files or what `layout` excludes, in `discover`'s order. (Assets, static files and
/// templates are not compared, so not listed.)
pub(crate) fn tree_from_listing(root: &Path, files: &[&str], layout: &Layout) -> SourceTree {
    let present: HashSet<&str> = files.iter().copied().collect();
    let mut tree = SourceTree {
        root: root.to_path_buf(),
        layout: layout.clone(),
        ..SourceTree::default()
    };
    for (kind, name) in TOP_LEVEL {
        if present.contains(name) {
            tree.yaml.push((kind, name.to_string()));
        }
    }
    let mut roles: Vec<&str> = files
        .iter()
        .copied()
        .filter(|rel| {
            rel.strip_prefix("roles/").is_some_and(|name| {
                !name.contains('/')
                    && !is_ignored_name(name)
                    && (name.ends_with(".yaml") || name.ends_with(".yml"))
            })
        })
        .collect();
    roles.sort_unstable();
    tree.yaml
        .extend(roles.into_iter().map(|r| (Kind::Role, r.to_string())));
    let under_pages = |rel: &str| -> Option<String> {
        let inner = if layout.pages_dir.is_empty() {
            rel
        } else {
            rel.strip_prefix(layout.pages_dir.as_str())?
                .strip_prefix('/')?
        };
        Some(inner.to_string())
    };
    let mut pages: Vec<&str> = files
        .iter()
        .copied()
        .filter(|rel| {
            rel.ends_with(".md")
                && under_pages(rel).is_some_and(|inner| !inner.split('/').any(is_ignored_name))
                && !layout.excluded(rel)
        })
        .collect();
    // A folder's files come in name order, a sub-folder's where its name sorts (walkdir's
    // order), not git's (which sorts `a/` after `a-b.md`).
    pages.sort_unstable_by(|a, b| a.split('/').cmp(b.split('/')));
    tree.pages = pages.into_iter().map(String::from).collect();
    tree
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{example_copy, write};

    /// `tree_from_listing` must find what `discover` finds: if discovery's rules change, this
    /// fails until the listing's rules follow.
    fn assert_listing_matches_discover(dir: &Path, layout: &Layout) {
        let found = discover::discover(dir, &[], layout).unwrap();
        let files: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap();
                rel.to_string_lossy().replace('\\', "/")
            })
            .collect();
        let listing: Vec<&str> = files.iter().map(String::as_str).collect();
        let listed = tree_from_listing(dir, &listing, layout);
        assert_eq!(listed.yaml, found.yaml);
        assert_eq!(listed.pages, found.pages);
    }

    const TRICKY: &[(&str, &str)] = &[
        ("roles/x.yml", "title: X\n"),
        ("roles/.hidden.yaml", "title: H\n"),
        ("roles/notes.txt", "n"),
        ("roles/sub/deep.yaml", "title: D\n"),
        ("a-b.md", "# A-B\n"),
        ("a/x.md", "# X\n"),
        ("a/.draft.md", "# hidden\n"),
        ("a/x.md~", "backup"),
        (".git/y.md", "# no\n"),
        ("b/c/d.md", "# D\n"),
        ("b/Field Notes.md", "# F\n"),
        ("b/README.md", "# R\n"),
        ("b/diagram.svg", "<svg/>"),
        ("node_modules/pkg/README.md", "# no\n"),
        ("theme/templates/page.md", "# no\n"),
    ];

    #[test]
    fn a_listing_gives_the_tree_discover_finds() {
        let (_tmp, dir) = example_copy();
        for (rel, text) in TRICKY {
            let rel = if rel.starts_with("roles/") {
                rel.to_string()
            } else {
                format!("pages/{rel}")
            };
            write(&dir, &rel, text);
        }
        write(&dir, "static/s.md", "# static\n");
        write(&dir, "templates/page.html", "x");
        assert_listing_matches_discover(&dir, &Layout::default());
    }

    #[test]
    fn a_listing_gives_the_tree_discover_finds_with_pages_at_the_root() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("hb");
        write(
            &dir,
            "handbook.yaml",
            "title: T\npages_dir: .\ntheme: ./theme\n",
        );
        for (rel, text) in TRICKY {
            write(&dir, rel, text);
        }
        write(&dir, "static/s.md", "# static\n");
        write(&dir, "templates/t.md", "# no\n");
        write(&dir, "README.md", "# Home\n");
        let layout = parse::layout(&dir);
        assert_eq!(layout.pages_dir, "");
        assert_listing_matches_discover(&dir, &layout);
    }
}
