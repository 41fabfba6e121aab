//! `handbook.yaml` → [`Config`]: URL settings checked, the theme folder found.

use super::lowerer::{Lowerer, key};
use crate::diag::{Code, Diagnostic};
use crate::model::raw::*;
use crate::model::*;
use crate::parse::Parsed;

impl Lowerer<'_> {
    pub(super) fn config(&mut self, parsed: Option<&Parsed<RawConfig>>) -> Config {
        let Some(p) = parsed else {
            return Config {
                title: "Handbook".into(),
                description: None,
                description_text: None,
                base_url: None,
                language: "en".into(),
                theme_dir: None,
                repository: None,
                edit_branch: "main".into(),
                review_after_days: None,
                cname: None,
                settings: Settings {
                    pages_dir: "pages".into(),
                    ..Settings::default()
                },
            };
        };
        let RawConfig {
            title,
            description,
            base_url,
            language,
            theme,
            repository,
            edit_branch,
            review_after_days,
            cname,
            pages_dir,
            repository_path,
            markdown,
            rules,
        } = &p.raw;
        let settings = self.settings(p, pages_dir, repository_path, markdown, rules);
        let description_md = self.md_opt(description, p.file, &p.doc, &[key("description")], "");
        let base_url = base_url.as_ref().map(|u| {
            let span = self.span(&p.doc, p.file, &[key("base_url")]);
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                self.diags.push(
                    Diagnostic::new(
                        Code::YamlSyntax,
                        span,
                        format!("`base_url` must be an absolute http(s) URL, found `{u}`"),
                    )
                    .help("write the full URL, e.g. `https://acme.github.io/handbook/`"),
                );
            }
            if u.ends_with('/') {
                u.clone()
            } else {
                format!("{u}/")
            }
        });
        let theme_dir = self.theme_dir(theme.as_deref(), p);
        Config {
            title: title.clone(),
            description: description_md,
            description_text: description.clone(),
            base_url,
            language: language.clone().unwrap_or_else(|| "en".into()),
            theme_dir,
            repository: repository
                .as_ref()
                .map(|r| r.trim_end_matches('/').to_string()),
            edit_branch: edit_branch.clone().unwrap_or_else(|| "main".into()),
            review_after_days: *review_after_days,
            cname: cname.clone(),
            settings,
        }
    }

    /// The theme folder `theme:` names, checked to exist; `None` for the built-in theme.
    fn theme_dir(&mut self, theme: Option<&str>, p: &Parsed<RawConfig>) -> Option<String> {
        let theme = theme?.trim();
        if theme.is_empty() || theme == "default" {
            return None;
        }
        let span = self.span(&p.doc, p.file, &[key("theme")]);
        let is_path = theme.contains('/') || theme.starts_with('.');
        if !is_path {
            self.diags.push(
                Diagnostic::new(
                    Code::UnknownReference,
                    span,
                    format!("theme `{theme}` is not shipped with handbook"),
                )
                .help("use `default`, or a path to a theme folder such as `./themes/mine`"),
            );
            return None;
        }
        if !self.sources.root().join(theme).join("templates").is_dir() {
            self.diags.push(
                Diagnostic::new(
                    Code::ReadError,
                    span,
                    format!("theme folder `{theme}` has no `templates/` folder"),
                )
                .help("a theme folder holds `templates/*.html` and optionally `assets/`"),
            );
            return None;
        }
        Some(theme.trim_end_matches('/').to_string())
    }
}
