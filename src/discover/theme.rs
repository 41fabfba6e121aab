//! The handbook's template and asset overrides: its `templates/` folder and the theme folder
//! `theme:` names. Read while loading, so template errors point into the source map.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diags};
use crate::discover::{SourceTree, is_ignored_name, placeholder, read_one};
use crate::model::Config;
use crate::source::{FileId, SourceMap, Span};

/// Template and asset files that override the embedded theme.
#[derive(Debug, Default, Clone)]
pub(crate) struct Overrides {
    /// Template name → the file read into the source map, lowest priority first.
    pub(crate) templates: Vec<(String, FileId)>,
    /// Asset path under `assets/` → file on disk.
    pub(crate) assets: Vec<(String, PathBuf)>,
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
    if let Some(dir) = &config.theme_dir {
        let base = tree.root.join(dir);
        for rel in walk(&base.join("templates"), |n| n.ends_with(".html")) {
            let file_rel = format!("{dir}/templates/{rel}");
            let (file, problem) = read_one(&tree.root, &file_rel);
            let id = sources.add(file);
            if let Some((code, message, at)) = problem {
                diags.push(Diagnostic::new(code, Span::new(id, at, at), message));
                continue;
            }
            out.templates.push((rel, id));
        }
        for rel in walk(&base.join("assets"), |_| true) {
            let path = base.join("assets").join(&rel);
            out.assets.push((rel, path));
        }
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
