//! Watching the handbook: `notify` events, filtered by a pure function and debounced, become
//! one [`Batch`] of changes per burst of editor activity.
//!
//! Editors save in bursts (vim writes a probe file `4913`, renames the old file to `x~`, writes
//! the new one; others write a temporary file and rename it over the target). The filter drops
//! temporary, swap and backup files and everything under the output folder; the debouncer waits
//! until the burst is quiet.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecursiveMode, Watcher};

use crate::discover::{TOP_LEVEL, is_ignored_name};
use crate::model::Kind;

/// What a changed path is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Change {
    /// A page in `pages/` (relative path).
    Page(String),
    /// `values.yaml`, `ladder.yaml`, `hiring.yaml`, `leaving.yaml` or a role file.
    Data(String),
    /// `handbook.yaml`.
    Config,
    /// A template (the handbook's or the theme folder's).
    Template,
    /// A stylesheet of the theme folder or of `static/`.
    Style,
    /// Any other theme asset or file of `static/`.
    Asset,
}

/// One debounced burst of changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Batch {
    /// What changed.
    pub(crate) changes: BTreeSet<Change>,
    /// True when files or folders were created, removed or renamed (not just modified).
    pub(crate) structural: bool,
}

/// Where a handbook's files are, for [`classify`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Places<'a> {
    /// The handbook folder (absolute).
    pub(crate) root: &'a Path,
    /// The pages folder relative to it (empty: the handbook folder itself).
    pub(crate) pages_dir: &'a str,
    /// The theme folder (absolute), when `theme:` names one.
    pub(crate) theme: Option<&'a Path>,
    /// The output folder, if inside.
    pub(crate) output: Option<&'a Path>,
}

/// Classifies a changed path; `None` for paths that never affect the site.
pub(crate) fn classify(path: &Path, places: Places) -> Option<Change> {
    let Places {
        root,
        pages_dir,
        theme,
        output,
    } = places;
    if output.is_some_and(|o| path.starts_with(o)) {
        return None;
    }
    // Only names inside the watched folders count: the handbook itself may well live under a
    // hidden folder (a temporary directory, `~/.local/...`). Staging folders of `handbook
    // build` (`.public.tmp-123`) start with a dot too.
    let base = theme.filter(|t| path.starts_with(t)).unwrap_or(root);
    if path.strip_prefix(base).ok()?.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        is_ignored_name(&name) || name.contains("___jb_")
    }) {
        return None;
    }
    if let Some(theme) = theme {
        if let Ok(rel) = path.strip_prefix(theme) {
            return match rel.components().next()?.as_os_str().to_str()? {
                "templates" => Some(Change::Template),
                "assets" if path.extension().is_some_and(|e| e == "css") => Some(Change::Style),
                "assets" => Some(Change::Asset),
                _ => None,
            };
        }
    }
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let rel_str = parts.join("/");
    if let [name] = parts.as_slice() {
        // The structured files at the top, as discovery knows them.
        match TOP_LEVEL.iter().find(|(_, file)| file == name) {
            Some((Kind::Handbook, _)) => return Some(Change::Config),
            Some(_) => return Some(Change::Data(rel_str)),
            None => {}
        }
    }
    let first = parts.first()?.as_str();
    let own = matches!(first, "roles" | "templates" | "static");
    let in_pages = pages_dir.is_empty()
        || rel_str == pages_dir
        || rel_str.starts_with(&format!("{pages_dir}/"));
    if in_pages && !(pages_dir.is_empty() && own) {
        return Some(if rel_str.ends_with(".md") || path.extension().is_none() {
            // A page, or a folder of pages created or removed.
            Change::Page(rel_str)
        } else {
            // A file next to the pages.
            Change::Asset
        });
    }
    match first {
        "roles"
            if parts.len() == 2 && (rel_str.ends_with(".yaml") || rel_str.ends_with(".yml")) =>
        {
            Some(Change::Data(rel_str))
        }
        // A folder created or removed under roles/ or pages/ changes the set of files.
        "roles" if parts.len() == 1 => Some(Change::Data(rel_str)),
        "templates" => Some(Change::Template),
        "static" if rel_str.ends_with(".css") => Some(Change::Style),
        "static" => Some(Change::Asset),
        _ => None,
    }
}

/// How long a burst must be quiet before it is handled, and the most it is held back.
pub(crate) const QUIET: Duration = Duration::from_millis(25);
/// See [`QUIET`].
pub(crate) const MAX_DELAY: Duration = Duration::from_millis(250);

/// Starts watching `root` (and `theme`); returns the watcher (keep it alive) and its events.
pub(crate) fn watch(
    root: &Path,
    theme: Option<&Path>,
) -> notify::Result<(notify::RecommendedWatcher, Receiver<notify::Result<Event>>)> {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)?;
    watcher.watch(root, RecursiveMode::Recursive)?;
    if let Some(theme) = theme {
        if !theme.starts_with(root) {
            watcher.watch(theme, RecursiveMode::Recursive)?;
        }
    }
    Ok((watcher, rx))
}

/// Waits for the next burst of relevant changes; `None` when the watcher stopped.
pub(crate) fn next_batch(rx: &Receiver<notify::Result<Event>>, places: Places) -> Option<Batch> {
    let mut batch = Batch::default();
    let mut first: Option<Instant> = None;
    loop {
        let timeout = match first {
            None => Duration::from_secs(3600),
            Some(t) => QUIET.min(MAX_DELAY.saturating_sub(t.elapsed())),
        };
        match rx.recv_timeout(timeout) {
            Ok(Ok(event)) => {
                let structural = !matches!(
                    event.kind,
                    EventKind::Modify(notify::event::ModifyKind::Data(_))
                        | EventKind::Modify(notify::event::ModifyKind::Any)
                        | EventKind::Access(_)
                );
                if matches!(event.kind, EventKind::Access(_)) {
                    continue;
                }
                let mut relevant = false;
                for path in &event.paths {
                    if let Some(change) = classify(path, places) {
                        batch.changes.insert(change);
                        relevant = true;
                    }
                }
                if relevant {
                    batch.structural |= structural;
                    first.get_or_insert_with(Instant::now);
                }
            }
            // Errors (a watched folder vanished) just mean: look again.
            Ok(Err(_)) => {
                batch.structural = true;
                first.get_or_insert_with(Instant::now);
            }
            Err(RecvTimeoutError::Timeout) => {
                if first.is_some() {
                    return Some(batch);
                }
            }
            Err(RecvTimeoutError::Disconnected) => return None,
        }
        if first.is_some_and(|t| t.elapsed() >= MAX_DELAY) {
            return Some(batch);
        }
    }
}

/// The absolute, canonical form of `p`, or `p` as given.
pub(crate) fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places<'a>(root: &'a str, pages_dir: &'a str) -> Places<'a> {
        Places {
            root: Path::new(root),
            pages_dir,
            theme: None,
            output: None,
        }
    }

    fn c(path: &str) -> Option<Change> {
        classify(
            Path::new(path),
            Places {
                theme: Some(Path::new("/hb/mytheme")),
                output: Some(Path::new("/hb/public")),
                ..places("/hb", "pages")
            },
        )
    }

    #[test]
    fn a_handbook_inside_a_hidden_folder_is_watched() {
        let change = classify(
            Path::new("/tmp/.tmpAbC/hb/pages/a.md"),
            places("/tmp/.tmpAbC/hb", "pages"),
        );
        assert_eq!(change, Some(Change::Page("pages/a.md".into())));
    }

    #[test]
    fn content_files_are_classified() {
        assert_eq!(
            c("/hb/pages/a/b.md"),
            Some(Change::Page("pages/a/b.md".into()))
        );
        assert_eq!(
            c("/hb/pages/newfolder"),
            Some(Change::Page("pages/newfolder".into()))
        );
        assert_eq!(
            c("/hb/roles/sre.yaml"),
            Some(Change::Data("roles/sre.yaml".into()))
        );
        assert_eq!(
            c("/hb/values.yaml"),
            Some(Change::Data("values.yaml".into()))
        );
        assert_eq!(c("/hb/handbook.yaml"), Some(Change::Config));
        assert_eq!(c("/hb/templates/page.html"), Some(Change::Template));
        assert_eq!(c("/hb/static/logo.png"), Some(Change::Asset));
        assert_eq!(c("/hb/mytheme/templates/base.html"), Some(Change::Template));
        assert_eq!(c("/hb/mytheme/assets/style.css"), Some(Change::Style));
        assert_eq!(c("/hb/mytheme/assets/app.js"), Some(Change::Asset));
    }

    #[test]
    fn files_next_to_pages_and_pages_elsewhere() {
        assert_eq!(c("/hb/pages/culture/arch.svg"), Some(Change::Asset));
        let root = |path: &str| classify(Path::new(path), places("/hb", ""));
        assert_eq!(
            root("/hb/README.md"),
            Some(Change::Page("README.md".into()))
        );
        assert_eq!(root("/hb/team/img.png"), Some(Change::Asset));
        assert_eq!(
            root("/hb/roles/sre.yaml"),
            Some(Change::Data("roles/sre.yaml".into()))
        );
        assert_eq!(root("/hb/static/x.css"), Some(Change::Style));
        assert_eq!(
            root("/hb/values.yaml"),
            Some(Change::Data("values.yaml".into()))
        );
        let content = |path: &str| classify(Path::new(path), places("/hb", "content"));
        assert_eq!(
            content("/hb/content/a.md"),
            Some(Change::Page("content/a.md".into()))
        );
        assert_eq!(content("/hb/pages/a.md"), None);
    }

    #[test]
    fn noise_is_ignored() {
        for path in [
            "/hb/public/index.html",
            "/hb/public/roles/x/index.html",
            "/hb/.public.tmp-123/index.html",
            "/hb/pages/.one.md.swp",
            "/hb/pages/one.md~",
            "/hb/pages/#one.md#",
            "/hb/pages/.#one.md",
            "/hb/pages/4913",
            "/hb/pages/one.md___jb_tmp___",
            "/hb/README.md",
            "/hb/.git/index",
            "/hb/schemas/role.schema.json",
            "/elsewhere/x.md",
        ] {
            assert_eq!(c(path), None, "{path}");
        }
    }
}
