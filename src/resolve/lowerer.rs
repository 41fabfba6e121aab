//! The state of one lowering ([`Lowerer`]) and what every kind's lowering shares: defining
//! ids, resolving references, registering Markdown texts.

use std::collections::HashMap;

use crate::diag::{Code, Diagnostic, Diags, suggest};
use crate::model::*;
use crate::parse::tree::{Doc, Seg};
use crate::source::{FileId, SourceMap, Span};

/// Options that change what the model contains.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct LowerOptions {
    /// Keep pages marked `draft: true`.
    pub(crate) drafts: bool,
}

/// True for kebab-case ids: `a-z`, `0-9`, single hyphens inside.
pub(crate) fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The state of one lowering: the sink, the Markdown texts and id tables so far.
pub(super) struct Lowerer<'a> {
    pub(super) sources: &'a SourceMap,
    pub(super) diags: &'a mut Diags,
    pub(super) markdown: Vec<MdSource>,
    pub(super) index: Index,
    pub(super) present: std::collections::HashSet<crate::model::Kind>,
}

/// Where a reference's target kind is defined, for "there is no values.yaml" messages.
#[derive(Clone, Copy)]
pub(super) enum Target {
    Value,
    Role,
    Competency,
    Track,
    Stage,
}

impl Target {
    fn noun(self) -> &'static str {
        match self {
            Target::Value => "value",
            Target::Role => "role",
            Target::Competency => "competency",
            Target::Track => "track",
            Target::Stage => "hiring stage",
        }
    }

    fn file(self) -> &'static str {
        match self {
            Target::Value => "values.yaml",
            Target::Role => "roles/",
            Target::Competency | Target::Track => "ladder.yaml",
            Target::Stage => "hiring.yaml",
        }
    }
}

pub(super) fn key(k: &str) -> Seg<'_> {
    Seg::Key(k)
}

impl Lowerer<'_> {
    pub(super) fn span(&self, doc: &Doc, file: FileId, path: &[Seg]) -> Span {
        doc.span(path, Span::file_start(file))
    }

    pub(super) fn md(
        &mut self,
        text: &str,
        file: FileId,
        doc: &Doc,
        path: &[Seg],
        inline: bool,
        owner_url: &str,
    ) -> MdId {
        let rel = &self.sources.get(file).rel;
        let base_dir = rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        self.markdown.push(MdSource {
            text: MdText::Owned(text.to_string()),
            span: self.span(doc, file, path),
            inline,
            owner_url: owner_url.to_string(),
            base_dir,
            lift: Lift::No,
        });
        MdId(self.markdown.len() as u32 - 1)
    }

    pub(super) fn md_opt(
        &mut self,
        text: &Option<String>,
        file: FileId,
        doc: &Doc,
        path: &[Seg],
        owner_url: &str,
    ) -> Option<MdId> {
        text.as_ref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| self.md(t, file, doc, path, false, owner_url))
    }

    pub(super) fn md_list(
        &mut self,
        items: &[String],
        file: FileId,
        doc: &Doc,
        field: &str,
        owner_url: &str,
    ) -> Vec<MdId> {
        items
            .iter()
            .enumerate()
            .map(|(i, t)| self.md(t, file, doc, &[key(field), Seg::Index(i)], true, owner_url))
            .collect()
    }

    /// Checks an id's form and uniqueness, registering it in `table`. Returns the id if usable.
    pub(super) fn define(
        &mut self,
        id: &str,
        span: Span,
        what: &str,
        table: &mut HashMap<String, usize>,
        spans: &mut HashMap<String, Span>,
        index: usize,
    ) -> Option<Id> {
        if !is_kebab(id) {
            self.diags.push(
                Diagnostic::new(
                    Code::InvalidId,
                    span,
                    format!("{what} id `{id}` is not kebab-case"),
                )
                .help(format!(
                    "ids use lowercase letters, digits and single hyphens, e.g. `{}`",
                    crate::markdown::slug_ascii(id)
                )),
            );
            return None;
        }
        if let Some(first) = spans.get(id) {
            self.diags.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    span,
                    format!("{what} id `{id}` is defined twice"),
                )
                .label(*first, "first defined here")
                .help("give one of them another id"),
            );
            return None;
        }
        spans.insert(id.to_string(), span);
        table.insert(id.to_string(), index);
        Some(Id {
            id: id.to_string(),
            span,
        })
    }

    /// Resolves `id` in `table`, reporting `unknown-reference` when it isn't there.
    pub(super) fn resolve(
        &mut self,
        id: &str,
        span: Span,
        target: Target,
        table: &HashMap<String, usize>,
        context: &str,
    ) -> Option<Ref> {
        if let Some(&to) = table.get(id) {
            return Some(Ref { to, span });
        }
        let failed = &self.index.failed;
        let unknowable = match target {
            Target::Value => failed.values,
            Target::Competency | Target::Track => failed.ladder,
            Target::Stage => failed.hiring,
            Target::Role => failed.roles.contains(id),
        };
        if unknowable {
            // Its definition failed to load and is reported; don't repeat that for every use.
            return None;
        }
        let kind_present = match target {
            Target::Value => self.present.contains(&crate::model::Kind::Values),
            Target::Competency | Target::Track => {
                self.present.contains(&crate::model::Kind::Ladder)
            }
            Target::Stage => self.present.contains(&crate::model::Kind::Hiring),
            Target::Role => true,
        };
        let (message, help) = if kind_present || !table.is_empty() {
            (
                format!("{context}: {} `{id}` does not exist", target.noun()),
                suggest(id, table.keys().map(String::as_str)),
            )
        } else {
            (
                format!(
                    "{context}: {} `{id}` does not exist, because there is no {}",
                    target.noun(),
                    target.file()
                ),
                Some(format!("create {} and define `{id}` in it", target.file())),
            )
        };
        self.diags
            .push(Diagnostic::new(Code::UnknownReference, span, message).maybe_help(help));
        None
    }

    pub(super) fn resolve_list(
        &mut self,
        ids: &[String],
        (doc, file): (&Doc, FileId),
        field: &[Seg],
        target: Target,
        table: &HashMap<String, usize>,
        context: &str,
    ) -> Vec<Ref> {
        let mut refs: Vec<Ref> = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let mut path = field.to_vec();
            path.push(Seg::Index(i));
            let span = self.span(doc, file, &path);
            if let Some(r) = self.resolve(id, span, target, table, context) {
                match refs.iter().find(|x| x.to == r.to) {
                    Some(first) => {
                        let first = first.span;
                        self.repeated(context, target.noun(), id, (span, first), field);
                    }
                    None => refs.push(r),
                }
            }
        }
        refs
    }

    /// Reports `id`, listed again at `span` after `first` in the list at `field`: the repeat
    /// is dropped (each id counts once), but it is often a slip for another id.
    pub(super) fn repeated(
        &mut self,
        context: &str,
        noun: &str,
        id: &str,
        (span, first): (Span, Span),
        field: &[Seg],
    ) {
        let list = match field.iter().rev().find_map(|s| match s {
            Seg::Key(k) => Some(*k),
            Seg::Index(_) => None,
        }) {
            Some(k) => format!(" in `{k}`"),
            None => String::new(),
        };
        self.diags.push(
            Diagnostic::new(
                Code::DuplicateEntry,
                span,
                format!("{context}: {noun} `{id}` is listed twice{list}"),
            )
            .label(first, "first listed here")
            .help("remove the repeated entry (each id counts once), or write the id you meant"),
        );
    }

    pub(super) fn md_list_at(
        &mut self,
        items: &[String],
        file: FileId,
        doc: &Doc,
        field: &[Seg],
        owner_url: &str,
    ) -> Vec<MdId> {
        items
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut path = field.to_vec();
                path.push(Seg::Index(i));
                self.md(t, file, doc, &path, true, owner_url)
            })
            .collect()
    }
}

/// Access for the page-tree builder (`pages.rs`).
impl Lowerer<'_> {
    pub(super) fn diags(&mut self) -> &mut Diags {
        self.diags
    }

    pub(super) fn index(&mut self) -> &mut Index {
        &mut self.index
    }

    pub(super) fn push_markdown(&mut self, md: MdSource) -> MdId {
        self.markdown.push(md);
        MdId(self.markdown.len() as u32 - 1)
    }

    pub(super) fn resolve_role(&mut self, id: &str, span: Span, context: &str) -> Option<Ref> {
        let roles = std::mem::take(&mut self.index.roles);
        let r = self.resolve(id, span, Target::Role, &roles, context);
        self.index.roles = roles;
        r
    }
}

/// `roles/platform-engineer.yaml` → `platform-engineer`.
pub(super) fn file_stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .unwrap_or(name)
}

pub(super) fn non_empty(s: &str, fallback: &str) -> String {
    if s.trim().is_empty() {
        fallback.to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_ids() {
        for ok in ["a", "learn-fast", "l3", "a-1-b"] {
            assert!(is_kebab(ok), "{ok}");
        }
        for bad in ["", "-a", "a-", "a--b", "A", "a_b", "a b", "../x", "é"] {
            assert!(!is_kebab(bad), "{bad}");
        }
    }
}
