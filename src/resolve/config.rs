//! `handbook.yaml` → [`Config`]: URL settings checked, the theme folder found.

use super::lowerer::{Lowerer, key};
use crate::diag::{Code, Diagnostic};
use crate::model::raw::*;
use crate::model::urls;
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
        let base_url = self.url_setting(base_url, "base_url", p).map(|u| {
            if u.ends_with('/') {
                u.to_string()
            } else {
                format!("{u}/")
            }
        });
        let repository = self
            .url_setting(repository, "repository", p)
            .map(|r| r.trim_end_matches('/').to_string());
        let cname = cname.as_deref().map(str::trim).filter(|name| {
            let problem = urls::host_name_problem(name);
            if let Some(problem) = problem {
                let span = self.span(&p.doc, p.file, &[key("cname")]);
                self.diags.push(
                    Diagnostic::new(
                        Code::YamlSyntax,
                        span,
                        format!(
                            "`cname` must be one domain name, found `{}`",
                            name.escape_debug()
                        ),
                    )
                    .help(problem),
                );
            }
            problem.is_none()
        });
        let theme_dir = self.theme_dir(theme.as_deref(), p);
        Config {
            title: title.clone(),
            description: description_md,
            description_text: description.clone(),
            base_url,
            language: language.clone().unwrap_or_else(|| "en".into()),
            theme_dir,
            repository,
            edit_branch: edit_branch.clone().unwrap_or_else(|| "main".into()),
            review_after_days: *review_after_days,
            cname: cname.map(str::to_string),
            settings,
        }
    }

    /// The URL setting `field`, if it is an absolute http(s) URL; reported and dropped
    /// otherwise, so no page links to it.
    fn url_setting<'v>(
        &mut self,
        value: &'v Option<String>,
        field: &str,
        p: &Parsed<RawConfig>,
    ) -> Option<&'v str> {
        let url = value.as_deref()?;
        let Some(problem) = urls::http_url_problem(url) else {
            return Some(url);
        };
        let span = self.span(&p.doc, p.file, &[key(field)]);
        self.diags.push(
            Diagnostic::new(
                Code::YamlSyntax,
                span,
                format!(
                    "`{field}` must be an absolute http(s) URL, found `{}`: {problem}",
                    url.escape_debug()
                ),
            )
            .help(if field == "repository" {
                "write the repository's web address, e.g. `https://github.com/acme/handbook`"
            } else {
                "write the full URL, e.g. `https://acme.github.io/handbook/`"
            }),
        );
        None
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
