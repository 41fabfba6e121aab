//! `roles/*.yaml` → roles: ids from `id:` or the file name, then their values, traits,
//! track, levels, manager and hiring stages resolved.

use std::collections::HashMap;

use super::lowerer::{Lowerer, Target, file_stem, key, non_empty};
use crate::diag::suggest;
use crate::diag::{Code, Diagnostic};
use crate::model::raw::*;
use crate::model::*;
use crate::parse::Parsed;
use crate::parse::tree::{Doc, ScalarType, Seg};
use crate::source::{FileId, Span};

impl Lowerer<'_> {
    /// Role ids, from `id:` or the file stem; sorted by id. Returns (id, raw index) pairs.
    pub(super) fn role_ids(&mut self, roles: &[Parsed<RawRole>]) -> Vec<(Id, usize)> {
        let mut table = HashMap::new();
        let mut spans = HashMap::new();
        let mut order: Vec<(String, Span, usize)> = roles
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (id, span) = match &p.raw.id {
                    Some(id) => (id.clone(), self.span(&p.doc, p.file, &[key("id")])),
                    None => (
                        file_stem(&self.sources.get(p.file).rel).to_string(),
                        Span::file_start(p.file),
                    ),
                };
                (id, span, i)
            })
            .collect();
        order.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(&b.2)));
        let mut out = Vec::new();
        for (id, span, i) in order {
            let what = if roles[i].raw.id.is_some() {
                "role"
            } else {
                "role (from its file name)"
            };
            if let Some(id) = self.define(&id, span, what, &mut table, &mut spans, out.len()) {
                out.push((id, i));
            }
        }
        self.index.roles = table;
        out
    }

    pub(super) fn roles(
        &mut self,
        raw: &[Parsed<RawRole>],
        ids: &[(Id, usize)],
        ladder: &Ladder,
    ) -> Vec<Role> {
        let values = self.index.values.clone();
        let roles_table = self.index.roles.clone();
        let tracks = self.index.tracks.clone();
        let stages = self.index.stages.clone();
        let mut out = Vec::new();
        for (id, i) in ids {
            let p = &raw[*i];
            let RawRole {
                id: _,
                title,
                summary,
                values: value_ids,
                traits,
                responsibilities,
                track,
                levels,
                reports_to,
                hiring_stages,
                description,
            } = &p.raw;
            let (f, d) = (p.file, &p.doc);
            let url = format!("roles/{}/", id.id);
            let ctx = format!("role `{}`", id.id);
            let values_span = if p.doc.get(&[key("values")]).is_some() {
                self.span(d, f, &[key("values")])
            } else {
                d.key_span(&[key("title")], Span::file_start(f))
            };
            let value_refs = self.resolve_list(
                value_ids,
                (d, f),
                &[key("values")],
                Target::Value,
                &values,
                &ctx,
            );
            let traits = traits
                .iter()
                .enumerate()
                .map(|(t, tr)| {
                    let RawTrait {
                        name,
                        value,
                        description,
                    } = tr;
                    let at = [key("traits"), Seg::Index(t)];
                    let value = value.as_ref().and_then(|v| {
                        let span = self.span(d, f, &[at[0], at[1], key("value")]);
                        self.resolve(v, span, Target::Value, &values, &format!("trait of {ctx}"))
                    });
                    Trait {
                        name: name.clone(),
                        // A `value:` written with the wrong type (reported as such) still
                        // names one: no trait-without-value on top.
                        names_value: tr.value.is_some()
                            || d.get(&[at[0], at[1], key("value")])
                                .is_some_and(|n| n.scalar_type() != Some(ScalarType::Null)),
                        value,
                        description: self.md_opt(
                            description,
                            f,
                            d,
                            &[at[0], at[1], key("description")],
                            &url,
                        ),
                        span: self.span(d, f, &at),
                    }
                })
                .collect();
            let track_ref = track.as_ref().and_then(|t| {
                let span = self.span(d, f, &[key("track")]);
                self.resolve(t, span, Target::Track, &tracks, &ctx)
            });
            let level_refs = self.role_levels(levels, track_ref, ladder, d, f, &ctx);
            let reports_to = reports_to.as_ref().and_then(|r| {
                let span = self.span(d, f, &[key("reports_to")]);
                self.resolve(r, span, Target::Role, &roles_table, &ctx)
            });
            let hiring_stages = hiring_stages.as_ref().map(|s| {
                self.resolve_list(
                    s,
                    (d, f),
                    &[key("hiring_stages")],
                    Target::Stage,
                    &stages,
                    &ctx,
                )
            });
            out.push(Role {
                id: id.clone(),
                file: f,
                title: non_empty(title, &id.id),
                summary: summary.clone(),
                values: value_refs,
                traits,
                responsibilities: self.md_list(responsibilities, f, d, "responsibilities", &url),
                track: track_ref,
                levels: level_refs,
                reports_to,
                hiring_stages,
                description: self.md_opt(description, f, d, &[key("description")], &url),
                values_span,
                // `values:` written but not as a list is reported as such; counted as listed,
                // so "maps to no core value" doesn't pile on.
                values_listed: value_ids.len().max(usize::from(
                    d.get(&[key("values")]).is_some_and(|n| {
                        !matches!(n.kind, crate::parse::tree::NodeKind::Seq(_))
                            && n.scalar_type() != Some(crate::parse::tree::ScalarType::Null)
                    }),
                )),
            });
        }
        out
    }

    fn role_levels(
        &mut self,
        levels: &[String],
        track: Option<Ref>,
        ladder: &Ladder,
        d: &Doc,
        f: FileId,
        ctx: &str,
    ) -> Vec<Ref> {
        let mut out: Vec<Ref> = Vec::new();
        for (i, level) in levels.iter().enumerate() {
            let span = self.span(d, f, &[key("levels"), Seg::Index(i)]);
            let Some(track) = track else {
                if d.get(&[key("track")]).is_none() {
                    self.diags.push(
                        Diagnostic::new(
                            Code::UnknownReference,
                            span,
                            format!("{ctx}: level `{level}` cannot be resolved without a `track:`"),
                        )
                        .help("add `track: <track-id>` naming the ladder track these levels belong to"),
                    );
                }
                continue;
            };
            let t = &ladder.tracks[track.to];
            let table: HashMap<String, usize> = t
                .levels
                .iter()
                .enumerate()
                .map(|(i, l)| (l.id.id.clone(), i))
                .collect();
            let context = format!("{ctx} (track `{}`)", t.id.id);
            if let Some(&to) = table.get(level) {
                match out.iter().find(|r| r.to == to) {
                    Some(first) => {
                        let first = first.span;
                        self.repeated(ctx, "level", level, (span, first), &[key("levels")]);
                    }
                    None => out.push(Ref { to, span }),
                }
            } else {
                self.diags.push(
                    Diagnostic::new(
                        Code::UnknownReference,
                        span,
                        format!("{context}: level `{level}` does not exist"),
                    )
                    .maybe_help(suggest(level, table.keys().map(String::as_str))),
                );
            }
        }
        out.sort_by_key(|r| r.to);
        out
    }
}
