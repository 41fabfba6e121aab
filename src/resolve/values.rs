//! `values.yaml` → the core values.

use std::collections::HashMap;

use super::lowerer::{Lowerer, key, non_empty};
use crate::model::raw::*;
use crate::model::*;
use crate::parse::Parsed;
use crate::parse::tree::Seg;

impl Lowerer<'_> {
    pub(super) fn values(
        &mut self,
        parsed: Option<&Parsed<RawValuesFile>>,
    ) -> (Option<MdId>, Vec<Value>) {
        let Some(p) = parsed else {
            return (None, Vec::new());
        };
        let RawValuesFile {
            description,
            values,
        } = &p.raw;
        let intro = self.md_opt(
            description,
            p.file,
            &p.doc,
            &[key("description")],
            "values/",
        );
        let mut out = Vec::new();
        let mut table = HashMap::new();
        let mut spans = HashMap::new();
        for (i, v) in values.iter().enumerate() {
            let RawValue {
                id,
                name,
                summary,
                description,
                behaviours,
                anti_patterns,
                questions,
            } = v;
            let at = [key("values"), Seg::Index(i)];
            let span = self.span(&p.doc, p.file, &[key("values"), Seg::Index(i), key("id")]);
            let Some(id) = self.define(id, span, "value", &mut table, &mut spans, out.len()) else {
                continue;
            };
            let url = format!("values/{}/", id.id);
            let path = |f: &'static str| [at[0], at[1], key(f)];
            let description = self.md_opt(description, p.file, &p.doc, &path("description"), &url);
            let behaviours = self.md_list_at(behaviours, p.file, &p.doc, &path("behaviours"), &url);
            let anti_patterns =
                self.md_list_at(anti_patterns, p.file, &p.doc, &path("anti_patterns"), &url);
            let questions = self.md_list_at(questions, p.file, &p.doc, &path("questions"), &url);
            out.push(Value {
                id,
                name: non_empty(name, &v.id),
                summary: summary.clone(),
                description,
                behaviours,
                anti_patterns,
                questions,
            });
        }
        self.index.values = table;
        (intro, out)
    }
}
