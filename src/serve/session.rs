//! The rebuild engine behind `serve`: keeps the last site and its rendered files, and turns a
//! batch of changes into new files with as little work as the change needs.
//!
//! - An edit to the body of a page whose front matter (and derived title) didn't change
//!   re-renders that page's Markdown and that page only; links into it are re-checked.
//! - Any other change to pages or data reloads the handbook (unchanged files' parse results and
//!   Markdown are reused) and re-renders the pages whose output depends on what changed.
//! - Templates, configuration, static files and added or removed files rebuild everything.
//!
//! Whatever the path, the files equal those of a full build: the tests compare them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Bytes;

use super::watch::{Batch, Change};
use crate::build::{self, Options, Outputs, Progress, Site};
use crate::diag::render::human::PER_FILE;
use crate::diag::{Code, Diagnostic, Severity};
use crate::output::Memory;
use crate::parse::frontmatter::{self, first_heading};
use crate::render::{Job, RenderError, Theme};
use crate::resolve::links::LinkIndex;
use crate::resolve::markdown as compile;

/// The files of a built site, by path (`roles/sre/index.html`).
pub(crate) type Files = HashMap<String, Bytes>;

/// What a rebuild did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// New files; `changed` lists the paths whose bytes changed.
    Built {
        /// Changed output paths.
        changed: Vec<String>,
        /// Only stylesheets changed: pages can swap them without reloading.
        css_only: bool,
        /// Which path the rebuild took: `page`, `content` or `full`.
        how: &'static str,
    },
    /// The handbook has errors; the previous files are kept.
    Failed,
}

/// The state kept between rebuilds.
pub(crate) struct Session {
    root: PathBuf,
    options: Options,
    skip: Vec<PathBuf>,
    /// The last loaded site (with its diagnostics, even when it failed).
    site: Site,
    theme: Option<Theme>,
    /// The files of the last good build.
    files: Arc<Files>,
    /// Fingerprints of the pages in `files` (see `Renderer::fingerprint`).
    fingerprints: HashMap<String, u64>,
    caches: build::Caches,
    /// The whole-site outputs (print page, search index...) not yet brought up to date after
    /// a partial rebuild.
    extras_stale: bool,
    /// `fingerprints` not yet updated after a page-only rebuild.
    fingerprints_stale: bool,
}

impl Session {
    /// Loads and builds the handbook at `root`.
    pub(crate) fn start(
        root: &Path,
        options: Options,
        skip: Vec<PathBuf>,
    ) -> anyhow::Result<(Session, Outcome)> {
        let mut caches = build::Caches::default();
        let tree = build::discover_tree(root, &skip)?;
        let site = build::load_tree_cached(tree, &options, &mut caches, None, true);
        let mut session = Session {
            root: root.to_path_buf(),
            options,
            skip,
            site,
            theme: None,
            files: Arc::new(Files::new()),
            fingerprints: HashMap::new(),
            caches,
            extras_stale: false,
            fingerprints_stale: false,
        };
        let outcome = session.render_everything(true)?;
        Ok((session, outcome))
    }

    /// The diagnostics of the last load.
    pub(crate) fn diagnostics(&self) -> &[Diagnostic] {
        &self.site.diagnostics
    }

    /// How long the stages of the last rebuild took.
    pub(crate) fn timings(&self) -> &[(&'static str, std::time::Duration)] {
        &self.site.timings
    }

    /// The last loaded site.
    pub(crate) fn site(&self) -> &Site {
        &self.site
    }

    /// The files of the last good build.
    pub(crate) fn files(&self) -> Arc<Files> {
        self.files.clone()
    }

    /// Applies a batch of changes.
    pub(crate) fn apply(&mut self, batch: &Batch) -> anyhow::Result<Outcome> {
        let templates = batch.changes.contains(&Change::Template);
        // Editors that save by renaming a new file over the old one look like files coming
        // and going; only a different list of files is a structural change.
        let tree = if batch.structural {
            Some(build::discover_tree(&self.root, &self.skip)?)
        } else {
            None
        };
        let same_files = tree
            .as_ref()
            .is_none_or(|t| same_file_lists(t, &self.site.tree));
        let everything = !same_files
            || templates
            || batch
                .changes
                .iter()
                .any(|c| matches!(c, Change::Config | Change::Asset | Change::Style));
        if everything {
            if templates {
                self.theme = None;
            }
            let tree = match tree {
                Some(t) => t,
                None => build::discover_tree(&self.root, &self.skip)?,
            };
            let site = build::load_tree_cached(tree, &self.options, &mut self.caches, None, true);
            build::drop_later(std::mem::replace(&mut self.site, site));
            let outcome = self.render_everything(true)?;
            return Ok(outcome);
        }
        let pages: Vec<&str> = batch
            .changes
            .iter()
            .filter_map(|c| match c {
                Change::Page(rel) => Some(rel.as_str()),
                _ => None,
            })
            .collect();
        if pages.len() == batch.changes.len() && pages.len() == 1 {
            if let Some(outcome) = self.page_body(pages[0])? {
                return Ok(outcome);
            }
        }
        let changed: HashSet<String> = batch
            .changes
            .iter()
            .filter_map(|c| match c {
                Change::Page(rel) | Change::Data(rel) => Some(rel.clone()),
                _ => None,
            })
            .collect();
        let tree = self.site.tree.clone();
        let site =
            build::load_tree_cached(tree, &self.options, &mut self.caches, Some(&changed), true);
        build::drop_later(std::mem::replace(&mut self.site, site));
        self.render_changed()
    }

    /// Renders the pages whose fingerprint changed; the print page and the other whole-site
    /// files follow in [`Session::finish`].
    fn render_changed(&mut self) -> anyhow::Result<Outcome> {
        if self.site.has_errors() {
            return Ok(Outcome::Failed);
        }
        let Some(theme) = self.theme.as_ref() else {
            return self.render_everything(false);
        };
        let started = std::time::Instant::now();
        let fingerprints = build::fingerprints(&self.site, theme);
        let fingerprinted = started.elapsed();
        let todo: Vec<Job> = crate::render::jobs(&self.site)
            .into_iter()
            .filter(|&job| {
                let path = crate::render::jobs::output_path(&self.site, job);
                fingerprints
                    .get(&path)
                    .is_some_and(|f| self.fingerprints.get(&path) != Some(f))
            })
            .collect();
        let sink = Memory::new();
        if let Err(e) = build::render(
            &self.site,
            theme,
            Outputs::Pages(&todo),
            &sink,
            &Progress::default(),
        ) {
            return self.template_failed(e);
        }
        let mut files = (*self.files).clone();
        let mut changed = Vec::new();
        // Pages that are gone (a page turned into a draft) go too.
        for old in self.fingerprints.keys() {
            if !fingerprints.contains_key(old) && files.remove(old).is_some() {
                changed.push(old.clone());
            }
        }
        changed.extend(merge(&mut files, sink));
        changed.sort();
        self.files = Arc::new(files);
        self.fingerprints = fingerprints;
        self.extras_stale = true;
        self.site.timings.push(("fingerprint", fingerprinted));
        self.site
            .timings
            .push(("render changed pages", started.elapsed() - fingerprinted));
        Ok(built(changed, "content"))
    }

    /// Renders every page of the current site and keeps what changed. `how` says which path
    /// led here, for the log.
    fn render_everything(&mut self, full: bool) -> anyhow::Result<Outcome> {
        if self.site.has_errors() {
            return Ok(Outcome::Failed);
        }
        if self.theme.is_none() {
            match Theme::compile(&self.site.overrides, &self.site.sources) {
                Ok(t) => self.theme = Some(t),
                Err(e) => return self.template_failed(e),
            }
        }
        let theme = self.theme.as_ref().expect("compiled above");
        let sink = Memory::new();
        if let Err(e) = build::render(
            &self.site,
            theme,
            Outputs::Everything,
            &sink,
            &Progress::default(),
        ) {
            return self.template_failed(e);
        }
        let files: Files = sink
            .into_files()
            .into_iter()
            .map(|(k, v)| (k, Bytes::from(v)))
            .collect();
        let changed = diff(&self.files, &files);
        self.files = Arc::new(files);
        self.fingerprints = build::fingerprints(&self.site, theme);
        self.fingerprints_stale = false;
        self.extras_stale = false;
        Ok(built(changed, if full { "full" } else { "content" }))
    }

    fn template_failed(&mut self, e: RenderError) -> anyhow::Result<Outcome> {
        match e {
            RenderError::Content(diags) => {
                self.site.diagnostics.extend(diags);
                self.theme = None;
                Ok(Outcome::Failed)
            }
            RenderError::Internal(e) => Err(e),
        }
    }

    /// The fast path: only the body of page `rel` changed. Returns `None` when the change is
    /// more than that (front matter, the heading the title comes from, a draft, a new file).
    fn page_body(&mut self, rel: &str) -> anyhow::Result<Option<Outcome>> {
        let Some(file) = self.site.sources.find(rel) else {
            return Ok(None);
        };
        let Some(&page) = self.site.handbook.index.page_files.get(rel) else {
            return Ok(None);
        };
        if self.site.has_errors() || self.theme.is_none() {
            return Ok(None);
        }
        // Read as every other file is (confined to the handbook, size-limited): any problem
        // takes the full path, which reports it.
        let (read, problem) = crate::discover::read_one(&self.site.tree.root, rel);
        if problem.is_some() {
            return Ok(None);
        }
        let new_text = read.text.to_string();
        let old_text = &self.site.sources.get(file).text;
        let (Some((old_fm, old_body)), Some((new_fm, new_body))) =
            (parts(old_text), parts(&new_text))
        else {
            return Ok(None);
        };
        if old_fm != new_fm {
            return Ok(None);
        }
        let p = &self.site.handbook.pages[page];
        if p.title_from_heading
            && first_heading(&old_text[old_body..]) != first_heading(&new_text[new_body..])
        {
            return Ok(None);
        }
        let Some(body) = p.body else {
            return Ok(None);
        };
        let new_len = new_text.len();
        self.caches.update_text(rel, &new_text);
        self.site.sources.replace_text(file, new_text);
        let md = &mut self.site.handbook.markdown[body.0 as usize];
        md.text = crate::model::MdText::Slice(file, new_body as u32..new_len as u32);
        md.span = crate::source::Span::new(file, new_body, new_len);
        let site = &self.site;
        let links = LinkIndex::new(
            &site.handbook,
            &site.tree.root,
            &site.tree.statics,
            &site.sources,
            &site.repo_prefix,
        );
        let rendered = compile::render_one(site.handbook.md(body), &site.sources, &links, true);
        self.site.markdown[body.0 as usize] = Arc::new(rendered);
        // Link problems anywhere may change (anchors into this page); the rest cannot.
        let site = &self.site;
        let mut diagnostics: Vec<Diagnostic> = site
            .diagnostics
            .iter()
            .filter(|d| {
                !matches!(
                    d.code,
                    Code::BrokenLink | Code::UnsafeLink | Code::EmptyLink | Code::ForeignSyntax
                )
            })
            .cloned()
            .collect();
        diagnostics.extend(crate::validate::links::check(
            &site.handbook,
            &site.sources,
            &site.markdown,
        ));
        let mut sink = crate::diag::Diags::new();
        sink.extend(diagnostics);
        let sorted = sink.into_sorted(&self.site.sources);
        self.site.diagnostics = crate::validate::rules::apply(&self.site.handbook.config, sorted);
        if self.site.has_errors() {
            return Ok(Some(Outcome::Failed));
        }
        let theme = self.theme.as_ref().expect("checked above");
        let sink = Memory::new();
        let job = [Job::Page(page)];
        if let Err(e) = build::render(
            &self.site,
            theme,
            Outputs::Pages(&job),
            &sink,
            &Progress::default(),
        ) {
            return self.template_failed(e).map(Some);
        }
        let mut files = (*self.files).clone();
        let changed = merge(&mut files, sink);
        self.files = Arc::new(files);
        self.extras_stale = true;
        self.fingerprints_stale = true;
        Ok(Some(built(changed, "page")))
    }

    /// Brings the whole-site outputs (print page, search index, `handbook.json`, sitemap) up to
    /// date after a partial rebuild; returns the paths that changed. Run after the reload
    /// message went out, so readers don't wait for it.
    pub(crate) fn finish(&mut self) -> anyhow::Result<Vec<String>> {
        if self.site.has_errors() {
            return Ok(Vec::new());
        }
        let Some(theme) = self.theme.as_ref() else {
            return Ok(Vec::new());
        };
        if self.fingerprints_stale {
            self.fingerprints = build::fingerprints(&self.site, theme);
            self.fingerprints_stale = false;
        }
        if !self.extras_stale {
            return Ok(Vec::new());
        }
        let sink = Memory::new();
        build::render(
            &self.site,
            theme,
            Outputs::WholeSite,
            &sink,
            &Progress::default(),
        )
        .map_err(|e| match e {
            RenderError::Internal(e) => e,
            RenderError::Content(d) => anyhow::anyhow!("template error: {}", d[0].message),
        })?;
        let mut files = (*self.files).clone();
        let changed = merge(&mut files, sink);
        self.files = Arc::new(files);
        self.extras_stale = false;
        Ok(changed)
    }
}

/// Puts the files of `sink` into `files`; returns the paths whose bytes changed.
fn merge(files: &mut Files, sink: Memory) -> Vec<String> {
    let mut changed = Vec::new();
    for (path, bytes) in sink.into_files() {
        let bytes = Bytes::from(bytes);
        if files.get(&path) != Some(&bytes) {
            changed.push(path.clone());
        }
        files.insert(path, bytes);
    }
    changed
}

/// True when two discoveries found the same files (and the same problems).
fn same_file_lists(a: &crate::discover::SourceTree, b: &crate::discover::SourceTree) -> bool {
    a.yaml == b.yaml
        && a.pages == b.pages
        && a.statics == b.statics
        && a.assets == b.assets
        && a.templates == b.templates
        && a.problems == b.problems
        && a.reserved == b.reserved
}

/// The front matter text and the offset of the body, or `None` when the front matter is broken
/// (which the full path reports).
fn parts(text: &str) -> Option<(&str, usize)> {
    match frontmatter::split(text) {
        frontmatter::Split::Plain { body_start } => Some(("", body_start)),
        frontmatter::Split::Yaml { yaml, body_start } => Some((&text[yaml], body_start)),
        _ => None,
    }
}

fn built(changed: Vec<String>, how: &'static str) -> Outcome {
    let css_only = !changed.is_empty() && changed.iter().all(|p| p.ends_with(".css"));
    Outcome::Built {
        changed,
        css_only,
        how,
    }
}

/// Paths whose bytes differ between `old` and `new` (added, changed or removed), sorted.
pub(crate) fn diff(old: &Files, new: &Files) -> Vec<String> {
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(k, v)| old.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .chain(old.keys().filter(|k| !new.contains_key(*k)).cloned())
        .collect();
    changed.sort();
    changed
}

/// The errors and warnings of the last load, for the browser overlay: at most
/// [`PER_FILE`] per file, as in the terminal, with the number left out in `omitted`.
pub(crate) fn overlay_json(
    diagnostics: &[Diagnostic],
    sources: &crate::source::SourceMap,
) -> serde_json::Value {
    let shown = || {
        diagnostics
            .chunk_by(|a, b| a.span.file == b.span.file)
            .flat_map(|run| run.iter().take(PER_FILE))
    };
    let omitted = diagnostics.len() - shown().count();
    let items: Vec<serde_json::Value> = shown()
        .map(|d| {
            let loc = crate::diag::render::locate(d, sources);
            serde_json::json!({
                "severity": d.severity.as_str(),
                "code": d.code.as_str(),
                "message": d.message,
                "file": loc.file,
                "line": loc.line,
                "column": loc.column,
                "help": d.help,
            })
        })
        .collect();
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    serde_json::json!({"errors": errors, "omitted": omitted, "diagnostics": items})
}

#[cfg(test)]
mod tests;
