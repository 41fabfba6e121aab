//! `/ladder/`, a page per track with its competency × level matrix, and a page per level
//! showing what changes from the level below.

use crate::render::frame::Vars;
use serde::Serialize;

use crate::model::{Handbook, urls};
use crate::render::frame::{Frame, PageMeta, View, area_next, area_prev, crumbs, yaml_source};
use crate::render::nav::{Area, track_group_id};
use crate::render::views::{Ctx, ExpectationView, LevelLink, Link, group_by};
use crate::resolve::Site;

#[derive(Serialize)]
struct TrackCard {
    /// Its anchor on the ladder page.
    id: String,
    name: String,
    url: String,
    /// The track's one line: its `summary`, else the start of its description.
    summary: Option<String>,
    levels: Vec<LevelLink>,
    roles: Vec<Link>,
}

#[derive(Serialize)]
struct TrackGroup {
    /// The group's name; `None` for tracks without one.
    name: Option<String>,
    /// Its anchor on the ladder page.
    id: Option<String>,
    tracks: Vec<TrackCard>,
}

#[derive(Serialize)]
struct CompetencyCard {
    name: String,
    url: String,
    description: Option<String>,
    values: Vec<Link>,
}

#[derive(Serialize)]
struct CompetencyGroup {
    name: Option<String>,
    competencies: Vec<CompetencyCard>,
}

/// A track's one line for its card: its summary, else the first sentence or so of its
/// description (the whole description shows on the track's page).
fn card_summary(site: &Site, t: usize) -> Option<String> {
    let track = &site.handbook.ladder.tracks[t];
    if let Some(summary) = &track.summary {
        return Some(summary.clone());
    }
    let text = &site.markdown[track.description?.0 as usize].text;
    let end = text
        .match_indices(". ")
        .map(|(i, _)| i + 1)
        .find(|&i| i >= 40)
        .unwrap_or(text.len());
    let mut cut = text[..end].trim().to_string();
    if cut.len() > 240 {
        let mut at = 240;
        while !cut.is_char_boundary(at) {
            at -= 1;
        }
        cut.truncate(cut[..at].rfind(' ').unwrap_or(at));
        cut.push('…');
    }
    Some(cut)
}

pub(super) fn ladder_index(site: &Site) -> View {
    let hb = &site.handbook;
    let url = urls::LADDER.to_string();
    let cx = Ctx::new(site, &url);
    let tracks = group_by(hb.ladder.tracks.iter().enumerate().map(|(t, track)| {
        let card = TrackCard {
            id: format!("track-{}", track.id.id),
            name: track.name.clone(),
            url: urls::track(&track.id.id),
            summary: card_summary(site, t),
            levels: (0..track.levels.len()).map(|l| cx.level(t, l)).collect(),
            roles: roles_on_track(&cx, t),
        };
        (track.group.clone(), card)
    }));
    let tracks: Vec<TrackGroup> = tracks
        .into_iter()
        .map(|(name, tracks)| TrackGroup {
            id: name.as_deref().map(track_group_id),
            name,
            tracks,
        })
        .collect();
    let comps = group_by(hb.ladder.competencies.iter().enumerate().map(|(c, comp)| {
        let card = CompetencyCard {
            name: comp.name.clone(),
            url: cx.competency(c).url,
            description: cx.html_opt(comp.description),
            values: comp.values.iter().map(|v| cx.value(v.to)).collect(),
        };
        (comp.group.clone(), card)
    }));
    let comps: Vec<CompetencyGroup> = comps
        .into_iter()
        .map(|(name, competencies)| CompetencyGroup { name, competencies })
        .collect();
    let mut context = Vars::new();
    context.insert("intro", &cx.intro(hb.ladder.description, hb.intros.ladder));
    context.insert("track_groups", &tracks);
    context.insert("competency_groups", &comps);
    let meta = PageMeta::new(
        &cx,
        "ladder",
        "Career ladder",
        &url,
        yaml_source(site, "ladder.yaml").as_deref(),
    );
    let frame = Frame {
        meta,
        crumbs: Vec::new(),
        prev: area_prev(hb, Area::Ladder),
        next: area_next(hb, Area::Ladder),
        area: Area::Ladder,
        page: None,
    };
    frame.view(&cx, "ladder.html", url, context)
}

pub(super) fn roles_on_track(cx: &Ctx, t: usize) -> Vec<Link> {
    cx.hb()
        .roles
        .iter()
        .enumerate()
        .filter(|(_, r)| r.track.is_some_and(|x| x.to == t))
        .map(|(r, _)| cx.role(r))
        .collect()
}

#[derive(Serialize)]
struct MatrixGroup {
    name: Option<String>,
    rows: Vec<CompetencyRow>,
}

#[derive(Serialize)]
struct CompetencyRow {
    competency: Link,
    id: String,
    cells: Vec<ExpectationView>,
}

/// The competencies of track `t` in its order, grouped by their `group` in that order.
pub(super) fn grouped(hb: &Handbook, t: usize) -> Vec<(Option<String>, Vec<usize>)> {
    group_by(hb.ladder.tracks[t].competencies.iter().map(|tc| {
        let c = tc.competency.to;
        (hb.ladder.competencies[c].group.clone(), c)
    }))
}

pub(super) fn track(site: &Site, t: usize) -> View {
    let hb = &site.handbook;
    let track = &hb.ladder.tracks[t];
    let url = urls::track(&track.id.id);
    let cx = Ctx::new(site, &url);
    let levels: Vec<LevelLink> = (0..track.levels.len()).map(|l| cx.level(t, l)).collect();
    let groups: Vec<MatrixGroup> = grouped(hb, t)
        .into_iter()
        .map(|(name, comps)| MatrixGroup {
            name,
            rows: comps
                .into_iter()
                .map(|c| CompetencyRow {
                    competency: cx.track_competency(t, c),
                    id: hb.ladder.competencies[c].id.id.clone(),
                    cells: (0..track.levels.len()).map(|l| cx.cell(t, l, c)).collect(),
                })
                .collect(),
        })
        .collect();
    let mut context = Vars::new();
    context.insert(
        "track",
        &serde_json::json!({
            "id": track.id.id,
            "name": track.name,
            "summary": track.summary,
            "description": cx.html_opt(track.description),
            "cumulative": track.cumulative,
            "levels": levels,
            "roles": roles_on_track(&cx, t),
            "csv": urls::track_csv(&track.id.id),
        }),
    );
    context.insert("matrix", &groups);
    let mut meta = PageMeta::new(
        &cx,
        "track",
        &track.name,
        &url,
        yaml_source(site, "ladder.yaml").as_deref(),
    );
    meta.description = track.summary.clone();
    let prev = t.checked_sub(1).map(|j| cx.track(j));
    let next = (t + 1 < hb.ladder.tracks.len()).then(|| cx.track(t + 1));
    let frame = Frame {
        meta,
        crumbs: crumbs(("Career ladder", urls::LADDER)),
        prev,
        next,
        area: Area::Ladder,
        page: None,
    };
    frame.view(&cx, "track.html", url, context)
}
