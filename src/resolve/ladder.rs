//! `ladder.yaml` → competencies, tracks and levels with their expectations.

use std::collections::HashMap;

use super::lowerer::{Lowerer, Target, key, non_empty};
use crate::diag::{Code, Diagnostic};
use crate::model::raw::*;
use crate::model::*;
use crate::parse::Parsed;
use crate::parse::tree::{Doc, Seg};
use crate::source::{FileId, Span};

impl Lowerer<'_> {
    pub(super) fn ladder(&mut self, parsed: Option<&Parsed<RawLadder>>) -> Ladder {
        let Some(p) = parsed else {
            return Ladder::default();
        };
        let RawLadder {
            description,
            competencies,
            tracks,
        } = &p.raw;
        let (f, d) = (p.file, &p.doc);
        let values = self.index.values.clone();
        let mut ladder = Ladder {
            description: self.md_opt(description, f, d, &[key("description")], "ladder/"),
            ..Ladder::default()
        };
        let mut table = HashMap::new();
        let mut spans = HashMap::new();
        for (i, c) in competencies.iter().enumerate() {
            let RawCompetency {
                id,
                name,
                group,
                description,
                values: value_ids,
            } = c;
            let at = [key("competencies"), Seg::Index(i)];
            let span = self.span(d, f, &[at[0], at[1], key("id")]);
            let n = ladder.competencies.len();
            let Some(id) = self.define(id, span, "competency", &mut table, &mut spans, n) else {
                continue;
            };
            let url = format!("competencies/{}/", id.id);
            let ctx = format!("competency `{}`", id.id);
            ladder.competencies.push(Competency {
                name: non_empty(name, &id.id),
                group: group.clone(),
                description: self.md_opt(
                    description,
                    f,
                    d,
                    &[at[0], at[1], key("description")],
                    &url,
                ),
                values: self.resolve_list(
                    value_ids,
                    (d, f),
                    &[at[0], at[1], key("values")],
                    Target::Value,
                    &values,
                    &ctx,
                ),
                id,
            });
        }
        self.index.competencies = table.clone();
        let mut track_table = HashMap::new();
        let mut track_spans = HashMap::new();
        for (t, raw_track) in tracks.iter().enumerate() {
            let span = self.span(d, f, &[key("tracks"), Seg::Index(t), key("id")]);
            let n = ladder.tracks.len();
            if raw_track.id == "competencies" {
                self.diags.push(Diagnostic::new(
                    Code::InvalidId,
                    span,
                    "track id `competencies` is reserved",
                ));
                continue;
            }
            let Some(id) = self.define(
                &raw_track.id,
                span,
                "track",
                &mut track_table,
                &mut track_spans,
                n,
            ) else {
                continue;
            };
            let track = self.track(raw_track, id, t, &table, f, d);
            ladder.tracks.push(track);
        }
        self.index.tracks = track_table;
        ladder
    }

    fn track(
        &mut self,
        raw: &RawTrack,
        id: Id,
        t: usize,
        competencies: &HashMap<String, usize>,
        f: FileId,
        d: &Doc,
    ) -> Track {
        let RawTrack {
            id: _,
            name,
            description,
            competencies: comp_ids,
            levels,
        } = raw;
        let at = [key("tracks"), Seg::Index(t)];
        let url = format!("ladder/{}/", id.id);
        let ctx = format!("track `{}`", id.id);
        let comps = match comp_ids {
            Some(ids) => {
                let mut refs = self.resolve_list(
                    ids,
                    (d, f),
                    &[at[0], at[1], key("competencies")],
                    Target::Competency,
                    competencies,
                    &ctx,
                );
                refs.sort_by_key(|r| r.to);
                refs
            }
            None => {
                let mut all: Vec<usize> = competencies.values().copied().collect();
                all.sort_unstable();
                all.into_iter()
                    .map(|to| Ref {
                        to,
                        span: self.span(d, f, &[at[0], at[1], key("id")]),
                    })
                    .collect()
            }
        };
        let mut table = HashMap::new();
        let mut spans = HashMap::new();
        let mut out_levels = Vec::new();
        for (li, level) in levels.iter().enumerate() {
            let RawLevel {
                id: level_id,
                code,
                title,
                summary,
                description,
                expectations,
            } = level;
            let lat = [at[0], at[1], key("levels"), Seg::Index(li)];
            let span = self.span(d, f, &[lat[0], lat[1], lat[2], lat[3], key("id")]);
            let n = out_levels.len();
            let what = format!("level (in track `{}`)", id.id);
            let Some(lid) = self.define(level_id, span, &what, &mut table, &mut spans, n) else {
                continue;
            };
            let lurl = format!("{url}{}/", lid.id);
            let mut exp = Vec::new();
            for (comp, e) in expectations {
                let epath = [
                    lat[0],
                    lat[1],
                    lat[2],
                    lat[3],
                    key("expectations"),
                    key(comp),
                ];
                let kspan = d.key_span(&epath, Span::file_start(f));
                let lctx = format!("level `{}` of {ctx}", lid.id);
                let Some(c) = self.resolve(comp, kspan, Target::Competency, competencies, &lctx)
                else {
                    continue;
                };
                if !comps.iter().any(|r| r.to == c.to) {
                    self.diags.push(
                        Diagnostic::new(
                            Code::UnknownReference,
                            kspan,
                            format!("{lctx}: competency `{comp}` is not one of the track's competencies"),
                        )
                        .help(format!("add `{comp}` to the `competencies:` of track `{}`, or remove this expectation", id.id)),
                    );
                    continue;
                }
                let expectation = self.expectation(e, f, d, &epath, &lurl);
                exp.push((c.to, expectation));
            }
            exp.sort_by_key(|(c, _)| *c);
            out_levels.push(Level {
                code: code.clone(),
                title: non_empty(title, &lid.id),
                summary: summary.clone(),
                description: self.md_opt(
                    description,
                    f,
                    d,
                    &[lat[0], lat[1], lat[2], lat[3], key("description")],
                    &lurl,
                ),
                expectations: exp,
                id: lid,
            });
        }
        Track {
            name: non_empty(name, &id.id),
            description: self.md_opt(description, f, d, &[at[0], at[1], key("description")], &url),
            competencies: comps,
            levels: out_levels,
            id,
        }
    }

    fn expectation(
        &mut self,
        e: &RawExpectation,
        f: FileId,
        d: &Doc,
        path: &[Seg],
        url: &str,
    ) -> Expectation {
        match e {
            RawExpectation::Text(t) => Expectation::Text(self.md(t, f, d, path, false, url)),
            RawExpectation::Criteria(items) => Expectation::Criteria(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let mut at = path.to_vec();
                        at.push(Seg::Index(i));
                        match c {
                            RawCriterion::Text(t) => Criterion {
                                text: self.md(t, f, d, &at, true, url),
                                examples: Vec::new(),
                            },
                            RawCriterion::Detailed(RawDetailedCriterion { text, examples }) => {
                                let mut tp = at.clone();
                                tp.push(key("text"));
                                let mut ep = at.clone();
                                ep.push(key("examples"));
                                Criterion {
                                    text: self.md(text, f, d, &tp, true, url),
                                    examples: self.md_list_at(examples, f, d, &ep, url),
                                }
                            }
                        }
                    })
                    .collect(),
            ),
        }
    }
}
