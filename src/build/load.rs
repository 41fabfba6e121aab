//! Loading: a handbook folder through discover → parse → resolve → validate into a [`Site`],
//! with the caches `serve` keeps between loads.

use std::path::{Path, PathBuf};

use crate::diag::Diags;
use crate::discover::{self, SourceTree};
use crate::model::{LeftOut, Reserved};
use crate::parse;
use crate::resolve::{self, LowerOptions, Options, Site, links, markdown};

/// Loads and checks the handbook at `root`. Content problems are diagnostics in the result;
/// only operational failures (no handbook there) are errors. `skip` lists folders never read
/// (the output folder).
pub(crate) fn load(root: &Path, options: &Options, skip: &[PathBuf]) -> anyhow::Result<Site> {
    let started = std::time::Instant::now();
    let tree = discover_tree(root, skip)?;
    let found = started.elapsed();
    let mut site = load_tree(tree, options);
    site.timings.insert(0, ("discover", found));
    Ok(site)
}

/// Finds the files of the handbook at `root`, its pages where its `handbook.yaml` says.
pub(crate) fn discover_tree(root: &Path, skip: &[PathBuf]) -> anyhow::Result<SourceTree> {
    discover::discover(root, skip, &parse::layout(root))
}

/// Loads and checks an already discovered tree.
pub(crate) fn load_tree(tree: SourceTree, options: &Options) -> Site {
    load_tree_cached(tree, options, &mut Caches::default(), None, false)
}

/// What `serve` keeps between loads so unchanged files are neither read, parsed nor rendered
/// again.
#[derive(Default)]
pub(crate) struct Caches {
    texts: std::collections::HashMap<String, std::sync::Arc<str>>,
    parse: parse::ParseCache,
    markdown: markdown::MdCache,
    /// The files read, in order: parse results hold file ids, valid only for the same list.
    files: Vec<String>,
}

impl Caches {
    /// Records the new text of `rel`, read by someone else (serve's page-only path).
    pub(crate) fn update_text(&mut self, rel: &str, text: &str) {
        if let Some(t) = self.texts.get_mut(rel) {
            *t = text.into();
        }
    }
}

/// [`load_tree`] with caches: files not in `changed` are taken from `caches` (when
/// `changed` is `None`, everything is read); with `keep`, the caches are refilled for next
/// time.
pub(crate) fn load_tree_cached(
    tree: SourceTree,
    options: &Options,
    caches: &mut Caches,
    changed: Option<&std::collections::HashSet<String>>,
    keep: bool,
) -> Site {
    let mut clock = Clock::new();
    let mut diags = Diags::new();
    let files: Vec<String> = tree
        .yaml
        .iter()
        .map(|(_, r)| r.clone())
        .chain(tree.pages.iter().cloned())
        .chain(tree.templates.iter().cloned())
        .collect();
    if files != caches.files {
        caches.parse = parse::ParseCache::default();
        caches.files = files;
    }
    let texts = &caches.texts;
    let known = |rel: &str| -> Option<std::sync::Arc<str>> {
        match changed {
            Some(changed) if !changed.contains(rel) => texts.get(rel).cloned(),
            _ => None,
        }
    };
    let (sources, unreadable) = discover::read_all_with(&tree, &mut diags, &known);
    clock.lap("read");
    let raw = parse::parse_all_cached(
        &sources,
        &tree,
        &unreadable,
        &mut diags,
        &mut caches.parse,
        keep,
    );
    clock.lap("parse");
    let lower_options = LowerOptions {
        drafts: options.drafts,
    };
    let mut handbook = resolve::lower(&raw, &sources, lower_options, &mut diags);
    drop_later(raw);
    // Markdown in the handbook's own folders (pages at the root): links to it are told why
    // it is not on the site. `static/` files are on it, as files.
    for (rel, _, kind) in tree.reserved.iter().filter(|r| r.2 != Reserved::Static) {
        handbook
            .index
            .left_out
            .insert(rel.clone(), LeftOut::Reserved(*kind));
    }
    if let Some(url) = &options.base_url {
        handbook.config.base_url = Some(if url.ends_with('/') {
            url.clone()
        } else {
            format!("{url}/")
        });
    }
    let mut sources = sources;
    let overrides =
        discover::theme::read_overrides(&handbook.config, &tree, &mut sources, &mut diags);
    crate::validate::run(&handbook, options.today, &mut diags);
    clock.lap("lower and validate");
    let repo_prefix = handbook
        .config
        .settings
        .repository_path
        .clone()
        .unwrap_or_else(|| repo_prefix(&tree.root));
    let index = links::LinkIndex::new(&handbook, &tree.root, &tree.statics, &sources, &repo_prefix);
    let markdown =
        markdown::render_all_cached(&handbook, &sources, &index, &mut caches.markdown, keep);
    diags.extend(crate::validate::links::check(
        &handbook, &sources, &markdown,
    ));
    clock.lap("markdown and links");
    if keep {
        let readable = sources.iter().filter(|(id, _)| !unreadable.contains(id));
        match changed {
            None => {
                caches.texts = readable
                    .map(|(_, f)| (f.rel.clone(), f.text.clone()))
                    .collect();
            }
            Some(changed) => {
                for (_, f) in readable.filter(|(_, f)| changed.contains(&f.rel)) {
                    caches.texts.insert(f.rel.clone(), f.text.clone());
                }
            }
        }
    }
    clock.lap("refill caches");
    let diagnostics = crate::validate::rules::apply(&handbook.config, diags.into_sorted(&sources));
    Site {
        tree,
        sources,
        handbook,
        markdown,
        diagnostics,
        options: options.clone(),
        overrides,
        repo_prefix,
        timings: clock.laps,
    }
}

/// Measures consecutive stages.
struct Clock {
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Clock {
    fn new() -> Self {
        Clock {
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((name, now - self.last));
        self.last = now;
    }
}

/// The handbook's folder relative to the nearest enclosing git work tree, with a trailing
/// slash (empty at the top of the repository or outside one).
fn repo_prefix(root: &Path) -> String {
    let mut dir = Some(root);
    while let Some(d) = dir {
        if d.join(".git").exists() {
            let rel: Vec<String> = root
                .strip_prefix(d)
                .unwrap_or(root)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            return if rel.is_empty() {
                String::new()
            } else {
                format!("{}/", rel.join("/"))
            };
        }
        dir = d.parent();
    }
    String::new()
}

/// Frees `value` on another thread. A 10,000-page handbook's parsed files or previous site
/// take tens of milliseconds to free, time that the next step (or serve's reload message)
/// would otherwise wait for.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    let spawned = std::thread::Builder::new()
        .name("handbook-drop".into())
        .spawn(move || drop(value));
    // Without a thread (resource limits), the value was moved into the failed closure and is
    // freed here, which is only slower.
    drop(spawned);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{minimal, write};

    #[test]
    fn too_many_files_is_a_diagnostic_naming_the_folder_and_limit() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("hb");
        minimal(&dir);
        for i in 0..30 {
            write(&dir, &format!("pages/p{i}.md"), "# P\n");
        }
        let tree = crate::discover::discover_at_most(&dir, &[], &Default::default(), 20).unwrap();
        let site = load_tree(tree, &Options::default());
        let d = site
            .diagnostics
            .iter()
            .find(|d| d.code.as_str() == "limit-exceeded")
            .expect("limit reported");
        assert_eq!(site.sources.get(d.span.file).rel, "pages");
        assert!(
            d.message.contains("MAX_FILES") && d.message.contains("20"),
            "{}",
            d.message
        );
    }

    #[test]
    fn a_file_vanishing_mid_build_is_a_diagnostic() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("hb");
        minimal(&dir);
        write(&dir, "pages/ephemeral.md", "# Here today\n");
        let tree = crate::discover::discover(&dir, &[], &Default::default()).unwrap();
        std::fs::remove_file(dir.join("pages/ephemeral.md")).unwrap();
        let site = load_tree(tree, &Options::default());
        let d = site
            .diagnostics
            .iter()
            .find(|d| d.code.as_str() == "read-error")
            .expect("reported");
        assert_eq!(site.sources.get(d.span.file).rel, "pages/ephemeral.md");
        assert!(d.message.contains("vanished"), "{}", d.message);
    }
}
