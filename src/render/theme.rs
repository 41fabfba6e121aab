//! Themes: Tera templates and assets, layered handbook `templates/` ▸ theme folder ▸ the
//! default theme embedded in the binary, so one binary needs no other files and any template
//! can be overridden by name.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use include_dir::{Dir, include_dir};
use tera::Tera;

use crate::diag::{Code, Diagnostic};
use crate::discover::theme::Overrides;
use crate::source::{FileId, SourceMap, Span};

/// The default theme, embedded.
static DEFAULT: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where an asset's bytes come from.
#[derive(Debug, Clone)]
pub(crate) enum Asset {
    /// Embedded in the binary.
    Embedded(&'static [u8]),
    /// A file of a theme folder: the folder (canonical) and the path under it.
    Disk(PathBuf, String),
}

/// A compiled theme.
pub(crate) struct Theme {
    /// Every template, compiled once.
    pub(crate) tera: Tera,
    /// Output path (`assets/style.css`) → bytes.
    pub(crate) assets: BTreeMap<String, Asset>,
    /// Template names that came from files, for error positions.
    files: HashMap<String, FileId>,
    /// Every template only prints `content` as it is (or tests it), so it can get a
    /// placeholder that the renderer replaces (see `splice`); otherwise it gets the HTML.
    pub(crate) splice_content: bool,
    /// The same for `sidebar`.
    pub(crate) splice_sidebar: bool,
}

/// Why a theme or a page could not be rendered.
#[derive(Debug)]
pub(crate) enum RenderError {
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
    pub(crate) fn compile(
        overrides: &Overrides,
        sources: &SourceMap,
    ) -> Result<Theme, RenderError> {
        let mut templates: BTreeMap<String, String> = BTreeMap::new();
        collect_embedded(&DEFAULT, &mut templates);
        let mut files = HashMap::new();
        for (name, id) in &overrides.templates {
            templates.insert(name.clone(), sources.get(*id).text.to_string());
            files.insert(name.clone(), *id);
        }
        let mut tera = Tera::new();
        let only_printed = |name: &str| templates.values().all(|t| only_printed(t, name));
        let theme = Theme {
            tera: Tera::new(),
            assets: assets(overrides),
            files,
            splice_content: only_printed("content"),
            splice_sidebar: only_printed("sidebar"),
        };
        if let Err(e) =
            tera.add_raw_templates(templates.iter().map(|(n, c)| (n.as_str(), c.as_str())))
        {
            return Err(theme.error(&e));
        }
        Ok(Theme { tera, ..theme })
    }

    /// Turns a Tera error into a `template` diagnostic when it is in a handbook's file.
    pub(crate) fn error(&self, e: &tera::Error) -> RenderError {
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

/// True when every tag of `template` that names the variable `name` prints it unchanged
/// (`{{ name | safe }}`) or tests it (`{% if name %}`, `{% elif name %}`), or is a block of
/// that name. Anything else (a filter, `set`, a string containing the word) answers false, and
/// the template gets the real HTML: slower, but whatever it does with it works.
pub(crate) fn only_printed(template: &str, name: &str) -> bool {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open..];
        let close = match after.get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            Some("{#") => "#}",
            _ => {
                rest = &after[1..];
                continue;
            }
        };
        let Some(end) = after[2..].find(close) else {
            return !mentions(&after[2..], name);
        };
        let inner = after[2..2 + end].trim_matches('-').trim();
        rest = &after[2 + end + 2..];
        if close == "#}" || !mentions(inner, name) {
            continue;
        }
        let words: Vec<&str> = inner.split_whitespace().collect();
        let allowed = if close == "}}" {
            words.concat() == format!("{name}|safe")
        } else {
            matches!(words.as_slice(), [kw, n] if *n == name && matches!(*kw, "if" | "elif" | "block" | "endblock"))
        };
        if !allowed {
            return false;
        }
    }
    true
}

/// Whether `text` has `name` as a whole identifier (not `page.name`, not `names`).
fn mentions(text: &str, name: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        !before.is_some_and(|c| ident(c) || c == '.') && !after.is_some_and(ident)
    })
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
    if let Some(root) = &overrides.theme_root {
        for rel in &overrides.assets {
            let at = format!("assets/{rel}");
            out.insert(at.clone(), Asset::Disk(root.clone(), at));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_templates_only_print_content_and_sidebar() {
        let mut t = BTreeMap::new();
        collect_embedded(&DEFAULT, &mut t);
        for (name, text) in &t {
            assert!(only_printed(text, "content"), "{name}");
            assert!(only_printed(text, "sidebar"), "{name}");
        }
    }

    #[test]
    fn other_uses_of_a_variable_are_noticed() {
        let printed = [
            "{{ content | safe }}",
            "{{- content|safe -}}",
            "{% if content %}x{% elif content %}y{% endif %}",
            "{% block content %}{% endblock content %}",
            "{{ page.content | upper }} {{ contents }} {# content | upper #}",
        ];
        for t in printed {
            assert!(only_printed(t, "content"), "{t}");
        }
        let other = [
            "{{ content }}",
            "{{ content | striptags | truncate(length=160) }}",
            "{% set c = content %}",
            "{% if content and page.title %}{% endif %}",
            "{{ \"content\" }}",
            "{{ content | safe",
        ];
        for t in other {
            assert!(!only_printed(t, "content"), "{t}");
        }
    }
}
