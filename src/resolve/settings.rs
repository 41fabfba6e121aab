//! The settings of `handbook.yaml` that shape how content is read: `pages_dir`,
//! `repository_path`, `markdown.raw_html` and `rules`, each checked at its own position.

use std::collections::BTreeMap;

use super::lowerer::{Lowerer, key};
use crate::diag::{Code, Diagnostic, Severity, suggest};
use crate::model::raw::{RawConfig, RawHtmlMode, RawMarkdownSettings, RawRuleLevel};
use crate::model::{RawHtml, Settings};
use crate::parse::tree::{NodeKind, Seg};
use crate::parse::{Parsed, clean_dir};

/// Rules that keep the model well-formed or the build safe: their severity is fixed.
const FIXED_RULES: [Code; 10] = [
    Code::YamlSyntax,
    Code::UnknownField,
    Code::MissingField,
    Code::DuplicateId,
    Code::InvalidId,
    Code::UnsafeLink,
    Code::Encoding,
    Code::ReadError,
    Code::LimitExceeded,
    Code::Template,
];

impl Lowerer<'_> {
    /// Lowers the content settings; problems are reported and their defaults used.
    pub(super) fn settings(
        &mut self,
        p: &Parsed<RawConfig>,
        pages_dir: &Option<String>,
        repository_path: &Option<String>,
        markdown: &Option<RawMarkdownSettings>,
        rules: &BTreeMap<String, RawRuleLevel>,
    ) -> Settings {
        Settings {
            pages_dir: self.folder_setting(p, "pages_dir", pages_dir.as_deref(), "pages"),
            repository_path: repository_path.as_deref().map(|path| {
                let dir = self.folder_setting(p, "repository_path", Some(path), "");
                if dir.is_empty() {
                    dir
                } else {
                    format!("{dir}/")
                }
            }),
            raw_html: match markdown.as_ref().and_then(|m| m.raw_html) {
                None | Some(RawHtmlMode::Allow) => RawHtml::Allow,
                Some(RawHtmlMode::Sanitize) => RawHtml::Sanitize,
                Some(RawHtmlMode::Escape) => RawHtml::Escape,
            },
            rules: self.rules(p, rules),
        }
    }

    /// A folder setting as a clean relative path; `default` when it is missing or unusable.
    fn folder_setting(
        &mut self,
        p: &Parsed<RawConfig>,
        field: &str,
        value: Option<&str>,
        default: &str,
    ) -> String {
        let Some(value) = value.map(str::trim) else {
            return default.to_string();
        };
        match clean_dir(value) {
            Some(dir) => {
                let exists = dir.is_empty() || self.sources.root().join(&dir).is_dir();
                if field == "pages_dir" && !exists {
                    let span = self.span(&p.doc, p.file, &[key(field)]);
                    self.diags.push(
                        Diagnostic::new(
                            Code::ReadError,
                            span,
                            format!("`pages_dir` names `{value}`, which is not a folder of the handbook"),
                        )
                        .help("create it, or name the folder that holds the Markdown pages (`.` for the handbook folder itself)"),
                    );
                }
                dir
            }
            None => {
                let span = self.span(&p.doc, p.file, &[key(field)]);
                self.diags.push(
                    Diagnostic::new(
                        Code::YamlSyntax,
                        span,
                        format!("`{field}` must be a folder inside the handbook, found `{value}`"),
                    )
                    .help("write a relative path with `/`, e.g. `content` or `docs/handbook` (`.` for the handbook folder)"),
                );
                default.to_string()
            }
        }
    }

    /// The rules whose severity `rules:` changes; unknown and fixed rules are reported.
    fn rules(
        &mut self,
        p: &Parsed<RawConfig>,
        rules: &BTreeMap<String, RawRuleLevel>,
    ) -> Vec<(Code, Option<Severity>)> {
        let mut out = Vec::new();
        // The names as written: a rule whose severity the structural check rejected
        // (`broken-links: eror`) is not in `rules`, but its name is still checked.
        let names: Vec<&str> = match p.doc.get(&[key("rules")]).map(|n| &n.kind) {
            Some(NodeKind::Map(entries)) => {
                entries.iter().filter_map(|(k, _)| k.as_str()).collect()
            }
            _ => rules.keys().map(String::as_str).collect(),
        };
        for name in names {
            let at = [key("rules"), Seg::Key(name)];
            let Some(code) = Code::from_name(name) else {
                let span = p
                    .doc
                    .key_span(&at, self.span(&p.doc, p.file, &[key("rules")]));
                self.diags.push(
                    Diagnostic::new(
                        Code::UnknownField,
                        span,
                        format!("`rules` names `{name}`, which is not a rule"),
                    )
                    .maybe_help(
                        suggest(name, Code::ALL.iter().map(|c| c.as_str())).or_else(|| {
                            Some("the rules are the codes in docs/diagnostics.md".into())
                        }),
                    ),
                );
                continue;
            };
            let Some(level) = rules.get(name) else {
                continue;
            };
            if FIXED_RULES.contains(&code) {
                let span = p
                    .doc
                    .key_span(&at, self.span(&p.doc, p.file, &[key("rules")]));
                self.diags.push(
                    Diagnostic::new(
                        Code::YamlSyntax,
                        span,
                        format!("the severity of `{name}` cannot be changed"),
                    )
                    .help("it keeps the handbook well-formed or the build safe; fix the problems it reports instead"),
                );
                continue;
            }
            out.push((
                code,
                match level {
                    RawRuleLevel::Error => Some(Severity::Error),
                    RawRuleLevel::Warning => Some(Severity::Warning),
                    RawRuleLevel::Off => None,
                },
            ));
        }
        out
    }
}
