//! `hiring.yaml` → the hiring stages.

use std::collections::HashMap;

use super::lowerer::{Lowerer, Target, key, non_empty};
use crate::model::raw::*;
use crate::model::*;
use crate::parse::Parsed;
use crate::parse::tree::Seg;

impl Lowerer<'_> {
    pub(super) fn hiring(&mut self, parsed: Option<&Parsed<RawHiring>>) -> Hiring {
        let Some(p) = parsed else {
            return Hiring::default();
        };
        let RawHiring {
            description,
            stages,
        } = &p.raw;
        let (f, d) = (p.file, &p.doc);
        let values = self.index.values.clone();
        let roles = self.index.roles.clone();
        let comps = self.index.competencies.clone();
        let mut hiring = Hiring {
            description: self.md_opt(description, f, d, &[key("description")], "hiring/"),
            stages: Vec::new(),
        };
        let mut table = HashMap::new();
        let mut spans = HashMap::new();
        for (i, s) in stages.iter().enumerate() {
            let RawStage {
                id,
                name,
                summary,
                owner,
                assesses,
                competencies,
                guidance,
            } = s;
            let at = [key("stages"), Seg::Index(i)];
            let span = self.span(d, f, &[at[0], at[1], key("id")]);
            let n = hiring.stages.len();
            let Some(id) = self.define(id, span, "hiring stage", &mut table, &mut spans, n) else {
                continue;
            };
            let url = format!("hiring/{}/", id.id);
            let ctx = format!("hiring stage `{}`", id.id);
            let owner = owner.as_ref().and_then(|o| {
                let span = self.span(d, f, &[at[0], at[1], key("owner")]);
                self.resolve(o, span, Target::Role, &roles, &ctx)
            });
            hiring.stages.push(Stage {
                name: non_empty(name, &id.id),
                summary: summary.clone(),
                owner,
                assesses: self.resolve_list(
                    assesses,
                    (d, f),
                    &[at[0], at[1], key("assesses")],
                    Target::Value,
                    &values,
                    &ctx,
                ),
                competencies: self.resolve_list(
                    competencies,
                    (d, f),
                    &[at[0], at[1], key("competencies")],
                    Target::Competency,
                    &comps,
                    &ctx,
                ),
                guidance: self.md_opt(guidance, f, d, &[at[0], at[1], key("guidance")], &url),
                id,
            });
        }
        self.index.stages = table;
        hiring
    }
}
