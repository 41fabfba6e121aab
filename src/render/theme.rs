//! Themes: Tera templates and assets, layered handbook `templates/` ▸ theme folder ▸ the
//! default theme embedded in the binary, so one binary needs no other files and any template
//! can be overridden by name.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use include_dir::{Dir, include_dir};
use tera::Tera;

use crate::diag::{Code, Diagnostic};
use crate::site::theme_files::Overrides;
use crate::source::{FileId, SourceMap, Span};

/// The default theme, embedded.
static DEFAULT: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where an asset's bytes come from.
#[derive(Debug, Clone)]
pub enum Asset {
    /// Embedded in the binary.
    Embedded(&'static [u8]),
    /// A file of a theme folder.
    Disk(PathBuf),
}

/// A compiled theme.
pub struct Theme {
    /// Every template, compiled once.
    pub tera: Tera,
    /// Output path (`assets/style.css`) → bytes.
    pub assets: BTreeMap<String, Asset>,
    /// Template names that came from files, for error positions.
    files: HashMap<String, FileId>,
}

/// Why a theme or a page could not be rendered.
#[derive(Debug)]
pub enum RenderError {
    /// A template of the handbook or its theme folder is wrong.
    Content(Vec<Diagnostic>),
    /// Anything else (a bug in an embedded template, a failed write).
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for RenderError {
    fn from(e: anyhow::Error) -> Self {
        RenderError::Internal(e)
    }
}

impl Theme {
    /// Compiles the embedded templates with `overrides` on top.
    pub fn compile(overrides: &Overrides, sources: &SourceMap) -> Result<Theme, RenderError> {
        let mut templates: BTreeMap<String, String> = BTreeMap::new();
        collect_embedded(&DEFAULT, &mut templates);
        let mut files = HashMap::new();
        for (name, id) in &overrides.templates {
            templates.insert(name.clone(), sources.get(*id).text.to_string());
            files.insert(name.clone(), *id);
        }
        let mut tera = Tera::new();
        let theme = Theme {
            tera: Tera::new(),
            assets: assets(overrides),
            files,
        };
        if let Err(e) =
            tera.add_raw_templates(templates.iter().map(|(n, c)| (n.as_str(), c.as_str())))
        {
            return Err(theme.error(&e));
        }
        Ok(Theme { tera, ..theme })
    }

    /// Turns a Tera error into a `template` diagnostic when it is in a handbook's file.
    pub fn error(&self, e: &tera::Error) -> RenderError {
        let report = match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
            _ => None,
        };
        let message = report.map_or_else(|| e.to_string(), |r| r.message().to_string());
        let file = report.and_then(|r| self.files.get(r.filename()).copied());
        match (file, report) {
            (Some(id), Some(r)) => {
                let range = r.span().range.clone();
                RenderError::Content(vec![Diagnostic::new(
                    Code::Template,
                    Span::new(id, range.start, range.end),
                    format!("template `{}`: {message}", r.filename()),
                )])
            }
            _ => {
                // Errors without a position (a missing parent template) still name the file
                // when one of the handbook's templates is involved.
                let named = self
                    .files
                    .iter()
                    .find(|(name, _)| e.to_string().contains(name.as_str()));
                match named {
                    Some((name, id)) => RenderError::Content(vec![Diagnostic::new(
                        Code::Template,
                        Span::file_start(*id),
                        format!("template `{name}`: {e}"),
                    )]),
                    None => RenderError::Internal(anyhow::anyhow!("template error: {e}")),
                }
            }
        }
    }
}

fn collect_embedded(dir: &'static Dir<'static>, out: &mut BTreeMap<String, String>) {
    for file in dir.files() {
        let path = file.path();
        if let (Ok(name), Some(text)) = (path.strip_prefix("templates"), file.contents_utf8()) {
            out.insert(name.to_string_lossy().replace('\\', "/"), text.to_string());
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

fn assets(overrides: &Overrides) -> BTreeMap<String, Asset> {
    let mut out = BTreeMap::new();
    fn embedded(dir: &'static Dir<'static>, out: &mut BTreeMap<String, Asset>) {
        for file in dir.files() {
            if let Ok(rel) = file.path().strip_prefix("assets") {
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.insert(format!("assets/{rel}"), Asset::Embedded(file.contents()));
            }
        }
        for sub in dir.dirs() {
            embedded(sub, out);
        }
    }
    embedded(&DEFAULT, &mut out);
    for (rel, path) in &overrides.assets {
        out.insert(format!("assets/{rel}"), Asset::Disk(path.clone()));
    }
    out
}

/// The embedded default theme's files, for `handbook init --theme` and documentation tests.
pub fn default_template_names() -> Vec<String> {
    let mut t = BTreeMap::new();
    collect_embedded(&DEFAULT, &mut t);
    t.into_keys().collect()
}
