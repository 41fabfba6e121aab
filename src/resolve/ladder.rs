//! `ladder.yaml` → competencies, tracks and levels with their expectations.

use std::collections::HashMap;

use super::lowerer::{Lowerer, Target, key, non_empty};
use crate::diag::{Code, Diagnostic};
use crate::model::raw::*;
use crate::model::*;
use crate::parse::Parsed;
use crate::parse::tree::{Doc, NodeKind, Seg};
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
                questions,
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
                questions: self.md_list_at(
                    questions,
                    f,
                    d,
                    &[at[0], at[1], key("questions")],
                    &url,
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
            summary,
            group,
            cumulative,
            description,
            competencies: listed,
            levels,
        } = raw;
        let at = [key("tracks"), Seg::Index(t)];
        let url = crate::model::urls::track(&id.id);
        let ctx = format!("track `{}`", id.id);
        let comps = match listed {
            Some(items) => self.track_competencies(items, competencies, (at, f, d), &url, &ctx),
            None => {
                let mut all: Vec<usize> = competencies.values().copied().collect();
                all.sort_unstable();
                let span = self.span(d, f, &[at[0], at[1], key("id")]);
                all.into_iter()
                    .map(|to| TrackCompetency {
                        competency: Ref { to, span },
                        name: None,
                        description: None,
                    })
                    .collect()
            }
        };
        let levels_path = [at[0], at[1], key("levels")];
        // `levels: []` as written (a missing `levels:` is already a missing field).
        let written_empty = d
            .get(&levels_path)
            .is_some_and(|n| matches!(&n.kind, NodeKind::Seq(items) if items.is_empty()));
        if levels.is_empty() && written_empty {
            self.diags.push(
                Diagnostic::new(
                    Code::EmptyTrack,
                    self.span(d, f, &levels_path),
                    format!("{ctx} has no levels"),
                )
                .help("list the track's levels under `levels:`, lowest first, or remove the track until it has some"),
            );
        }
        let mut table = HashMap::new();
        let mut spans = HashMap::new();
        let mut out_levels = Vec::new();
        for (li, level) in levels.iter().enumerate() {
            let lat = [at[0], at[1], key("levels"), Seg::Index(li)];
            let span = self.span(d, f, &[lat[0], lat[1], lat[2], lat[3], key("id")]);
            let n = out_levels.len();
            let what = format!("level (in track `{}`)", id.id);
            if level.id == crate::model::urls::COMPARE {
                self.diags.push(
                    Diagnostic::new(
                        Code::InvalidId,
                        span,
                        format!(
                            "level id `compare` is reserved: /ladder/{}/compare/ holds the track's level comparisons",
                            id.id
                        ),
                    )
                    .help("give the level another id; its `code` or `title` can still say what it is"),
                );
                continue;
            }
            let Some(lid) = self.define(&level.id, span, &what, &mut table, &mut spans, n) else {
                continue;
            };
            let track = TrackContext {
                id: &id.id,
                comps: &comps,
                competencies,
            };
            out_levels.push(self.level(level, lid, track, (lat, f, d)));
        }
        Track {
            name: non_empty(name, &id.id),
            summary: summary.clone().filter(|s| !s.trim().is_empty()),
            group: group.clone().filter(|g| !g.trim().is_empty()),
            cumulative: *cumulative,
            description: self.md_opt(description, f, d, &[at[0], at[1], key("description")], &url),
            competencies: comps,
            levels: out_levels,
            id,
        }
    }

    /// The competencies a track lists, in its order, with its own wording where it has one;
    /// unknown ids are reported, a competency listed twice keeps its first place (and the
    /// repeat is reported).
    fn track_competencies(
        &mut self,
        items: &[RawTrackCompetency],
        competencies: &HashMap<String, usize>,
        (at, f, d): ([Seg<'_>; 2], FileId, &Doc),
        url: &str,
        ctx: &str,
    ) -> Vec<TrackCompetency> {
        let mut out: Vec<TrackCompetency> = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = [at[0], at[1], key("competencies"), Seg::Index(i)];
            let (id, name, description, id_path) = match item {
                RawTrackCompetency::Id(id) => (id, None, None, path.to_vec()),
                RawTrackCompetency::Worded(RawTrackWording {
                    id,
                    name,
                    description,
                }) => {
                    let mut id_path = path.to_vec();
                    id_path.push(key("id"));
                    (id, name.as_ref(), description.as_ref(), id_path)
                }
            };
            let span = self.span(d, f, &id_path);
            let Some(competency) = self.resolve(id, span, Target::Competency, competencies, ctx)
            else {
                continue;
            };
            if let Some(first) = out.iter().find(|c| c.competency.to == competency.to) {
                let first = first.competency.span;
                let field = [at[0], at[1], key("competencies")];
                self.repeated(ctx, "competency", id, (span, first), &field);
                continue;
            }
            let mut desc_path = path.to_vec();
            desc_path.push(key("description"));
            out.push(TrackCompetency {
                competency,
                name: name.filter(|n| !n.trim().is_empty()).cloned(),
                description: self.md_opt(&description.cloned(), f, d, &desc_path, url),
            });
        }
        out
    }

    /// One level of a track: its expectations and what it deliberately doesn't expect, each
    /// checked against the track's competencies.
    fn level(
        &mut self,
        level: &RawLevel,
        lid: Id,
        track: TrackContext,
        (lat, f, d): ([Seg<'_>; 4], FileId, &Doc),
    ) -> Level {
        let RawLevel {
            id: _,
            code,
            title,
            summary,
            description,
            expectations,
            not_expected,
        } = level;
        let lurl = crate::model::urls::level(track.id, &lid.id);
        let lctx = format!("level `{}` of track `{}`", lid.id, track.id);
        let mut exp = Vec::new();
        // Where each expected competency's key is, for a `not_expected` entry contradicting it.
        let mut expected_at: Vec<(usize, Span)> = Vec::new();
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
            let Some(c) = self.track_competency(comp, kspan, &track, &lctx) else {
                continue;
            };
            let expectation = self.expectation(e, f, d, &epath, &lurl);
            exp.push((c, expectation));
            expected_at.push((c, kspan));
        }
        exp.sort_by_key(|(c, _)| *c);
        let mut absent = Vec::new();
        let mut listed: Vec<(usize, Span)> = Vec::new();
        for (i, comp) in not_expected.iter().enumerate() {
            let path = [
                lat[0],
                lat[1],
                lat[2],
                lat[3],
                key("not_expected"),
                Seg::Index(i),
            ];
            let span = self.span(d, f, &path);
            let Some(c) = self.track_competency(comp, span, &track, &lctx) else {
                continue;
            };
            // Each entry once: a repeat is reported as such, before asking what it means.
            if let Some(&(_, first)) = listed.iter().find(|(a, _)| *a == c) {
                let field = [lat[0], lat[1], lat[2], lat[3], key("not_expected")];
                self.repeated(&lctx, "competency", comp, (span, first), &field);
                continue;
            }
            listed.push((c, span));
            if let Some(&(_, expected)) = expected_at.iter().find(|(e, _)| *e == c) {
                self.diags.push(
                    Diagnostic::new(
                        Code::ContradictoryLevel,
                        span,
                        format!("{lctx}: competency `{comp}` has expectations and is also listed as not expected"),
                    )
                    .label(expected, "its expectations at this level")
                    .help("remove it from `not_expected:`, or remove its expectations"),
                );
                continue;
            }
            absent.push(c);
        }
        let title = title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .or(code.as_deref().map(str::trim).filter(|c| !c.is_empty()))
            .unwrap_or(&lid.id)
            .to_string();
        Level {
            code: code.clone(),
            title,
            summary: summary.clone(),
            description: self.md_opt(
                description,
                f,
                d,
                &[lat[0], lat[1], lat[2], lat[3], key("description")],
                &lurl,
            ),
            expectations: exp,
            not_expected: absent,
            id: lid,
        }
    }

    /// The competency `comp` of a level, reported when it doesn't exist or its track doesn't
    /// use it.
    fn track_competency(
        &mut self,
        comp: &str,
        span: Span,
        track: &TrackContext,
        lctx: &str,
    ) -> Option<usize> {
        let c = self.resolve(comp, span, Target::Competency, track.competencies, lctx)?;
        if !track.comps.iter().any(|tc| tc.competency.to == c.to) {
            self.diags.push(
                Diagnostic::new(
                    Code::UnknownReference,
                    span,
                    format!("{lctx}: competency `{comp}` is not one of the track's competencies"),
                )
                .help(format!(
                    "add `{comp}` to the `competencies:` of track `{}`, or remove it here",
                    track.id
                )),
            );
            return None;
        }
        Some(c.to)
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

/// What a level is checked against: its track.
#[derive(Clone, Copy)]
struct TrackContext<'a> {
    id: &'a str,
    comps: &'a [TrackCompetency],
    competencies: &'a HashMap<String, usize>,
}
