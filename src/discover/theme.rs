//! The handbook's template and asset overrides: its `templates/` folder and the theme folder
//! `theme:` names. Read while loading, so template errors point into the source map.

use std::path::{Path, PathBuf};

use crate::confined::Inside;
use crate::diag::{Diagnostic, Diags};
use crate::discover::{SourceTree, is_ignored_name, placeholder, read_inside};
use crate::model::Config;
use crate::source::{FileId, SourceMap, Span};

/// Template and asset files that override the embedded theme.
#[derive(Debug, Default, Clone)]
pub(crate) struct Overrides {
    /// Template name → the file read into the source map, lowest priority first.
    pub(crate) templates: Vec<(String, FileId)>,
    /// The theme folder, canonical, when `theme:` names one: its assets are read from there.
    pub(crate) theme_root: Option<PathBuf>,
    /// Asset paths under the theme folder's `assets/`.
    pub(crate) assets: Vec<String>,
}

/// Reads the theme folder's templates (if `theme:` names one) into `sources` and lists its
/// assets, then adds the handbook's own `templates/` (already read) on top.
pub(crate) fn read_overrides(
    config: &Config,
    tree: &SourceTree,
    sources: &mut SourceMap,
    diags: &mut Diags,
) -> Overrides {
    let mut out = Overrides::default();
    let theme = config
        .theme_dir
        .as_ref()
        .and_then(|dir| Some((dir, tree.root.join(dir).canonicalize().ok()?)));
    if let Some((dir, base)) = theme {
        for rel in walk(&base.join("templates"), |n| n.ends_with(".html")) {
            // Read inside the theme folder, which may lie outside the handbook.
            let at = Inside {
                root: &base,
                rel: &format!("templates/{rel}"),
            };
            let (file, problem) = read_inside(at, &format!("{dir}/templates/{rel}"));
            let id = sources.add(file);
            if let Some((code, message, at)) = problem {
                diags.push(Diagnostic::new(code, Span::new(id, at, at), message));
                continue;
            }
            out.templates.push((rel, id));
        }
        out.assets = walk(&base.join("assets"), |_| true);
        out.theme_root = Some(base);
    }
    for rel in &tree.templates {
        let name = rel.strip_prefix("templates/").unwrap_or(rel).to_string();
        out.templates.push((name, placeholder(sources, rel)));
    }
    out
}

fn walk(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            !is_ignored_name(&name) && keep(&name)
        })
        .filter_map(|e| {
            e.path().strip_prefix(dir).ok().map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            })
        })
        .collect()
}
