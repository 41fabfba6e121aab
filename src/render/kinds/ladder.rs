//! `/ladder/`, a page per track with its competency × level matrix, and a page per level
//! showing what changes from the level below.

use crate::render::frame::Vars;
use serde::Serialize;

use crate::model::{Expectation, Handbook, urls};
use crate::render::frame::{Frame, PageMeta, View, area_next, area_prev, crumbs, yaml_source};
use crate::render::nav::Area;
use crate::render::views::{Ctx, ExpectationView, LevelLink, Link};
use crate::resolve::Site;

#[derive(Serialize)]
struct TrackCard {
    name: String,
    url: String,
    description: Option<String>,
    levels: Vec<LevelLink>,
    roles: Vec<Link>,
}

#[derive(Serialize)]
struct CompetencyCard {
    name: String,
    url: String,
    group: Option<String>,
    description: Option<String>,
    values: Vec<Link>,
}

pub(super) fn ladder_index(site: &Site) -> View {
    let hb = &site.handbook;
    let url = urls::LADDER.to_string();
    let cx = Ctx::new(site, &url);
    let tracks: Vec<TrackCard> = hb
        .ladder
        .tracks
        .iter()
        .enumerate()
        .map(|(t, track)| TrackCard {
            name: track.name.clone(),
            url: urls::track(&track.id.id),
            description: cx.html_opt(track.description),
            levels: (0..track.levels.len()).map(|l| cx.level(t, l)).collect(),
            roles: roles_on_track(&cx, t),
        })
        .collect();
    let comps: Vec<CompetencyCard> = hb
        .ladder
        .competencies
        .iter()
        .enumerate()
        .map(|(c, comp)| CompetencyCard {
            name: comp.name.clone(),
            url: cx.competency(c).url,
            group: comp.group.clone(),
            description: cx.html_opt(comp.description),
            values: comp.values.iter().map(|v| cx.value(v.to)).collect(),
        })
        .collect();
    let mut context = Vars::new();
    context.insert("intro", &cx.intro(hb.ladder.description, hb.intros.ladder));
    context.insert("tracks", &tracks);
    context.insert("competencies", &comps);
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

/// Competencies of track `t` in ladder order, grouped by consecutive `group`.
fn grouped(hb: &Handbook, t: usize) -> Vec<(Option<String>, Vec<usize>)> {
    let mut groups: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    for c in &hb.ladder.tracks[t].competencies {
        let g = hb.ladder.competencies[c.to].group.clone();
        match groups.iter_mut().find(|(name, _)| *name == g) {
            Some((_, list)) => list.push(c.to),
            None => groups.push((g, vec![c.to])),
        }
    }
    groups
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
                    competency: cx.competency(c),
                    id: hb.ladder.competencies[c].id.id.clone(),
                    cells: track
                        .levels
                        .iter()
                        .map(|lv| {
                            lv.expectation(c)
                                .map(|e| cx.expectation(e))
                                .unwrap_or_default()
                        })
                        .collect(),
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
            "description": cx.html_opt(track.description),
            "levels": levels,
            "roles": roles_on_track(&cx, t),
        }),
    );
    context.insert("matrix", &groups);
    let meta = PageMeta::new(
        &cx,
        "track",
        &track.name,
        &url,
        yaml_source(site, "ladder.yaml").as_deref(),
    );
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

#[derive(Serialize)]
struct LevelExpectation {
    competency: Link,
    id: String,
    group: Option<String>,
    current: ExpectationView,
    below: Option<ExpectationView>,
    unchanged: bool,
}

pub(super) fn level(site: &Site, t: usize, l: usize) -> View {
    let hb = &site.handbook;
    let track = &hb.ladder.tracks[t];
    let lv = &track.levels[l];
    let url = urls::level(&track.id.id, &lv.id.id);
    let cx = Ctx::new(site, &url);
    let below = l.checked_sub(1).map(|b| &track.levels[b]);
    let expectations: Vec<LevelExpectation> = track
        .competencies
        .iter()
        .map(|c| {
            let comp = &hb.ladder.competencies[c.to];
            let current_e = lv.expectation(c.to);
            let below_e = below.and_then(|b| b.expectation(c.to));
            let mut current = current_e.map(|e| cx.expectation(e)).unwrap_or_default();
            mark_new(site, current_e, below_e, &mut current);
            LevelExpectation {
                competency: cx.competency(c.to),
                id: comp.id.id.clone(),
                group: comp.group.clone(),
                unchanged: current_e.is_some() && same_text(site, current_e, below_e),
                current,
                below: below_e.map(|e| cx.with_ids("below-").expectation(e)),
            }
        })
        .collect();
    let roles: Vec<Link> = hb
        .roles
        .iter()
        .enumerate()
        .filter(|(_, r)| r.track.is_some_and(|x| x.to == t) && r.levels.iter().any(|x| x.to == l))
        .map(|(r, _)| cx.role(r))
        .collect();
    let mut context = Vars::new();
    context.insert("track", &cx.track(t));
    context.insert(
        "level",
        &serde_json::json!({
            "id": lv.id.id,
            "code": lv.code,
            "title": lv.title,
            "summary": lv.summary,
            "description": cx.html_opt(lv.description),
            "below": below.map(|_| cx.level(t, l - 1)),
            "above": (l + 1 < track.levels.len()).then(|| cx.level(t, l + 1)),
            "roles": roles,
        }),
    );
    context.insert("expectations", &expectations);
    let mut meta = PageMeta::new(
        &cx,
        "level",
        &lv.title,
        &url,
        yaml_source(site, "ladder.yaml").as_deref(),
    );
    meta.description = lv.summary.clone();
    let prev = l.checked_sub(1).map(|j| {
        let x = cx.level(t, j);
        Link::new(x.title, x.url)
    });
    let next = (l + 1 < track.levels.len()).then(|| {
        let x = cx.level(t, l + 1);
        Link::new(x.title, x.url)
    });
    let crumbs = vec![Link::new("Career ladder", urls::LADDER), cx.track(t)];
    let frame = Frame {
        meta,
        crumbs,
        prev,
        next,
        area: Area::Ladder,
        page: None,
    };
    frame.view(&cx, "level.html", url, context)
}

fn md_text(site: &Site, id: crate::model::MdId) -> &str {
    site.handbook.md(id).text(&site.sources).trim()
}

/// Marks criteria of `current` that the level below doesn't have.
fn mark_new(
    site: &Site,
    current: Option<&Expectation>,
    below: Option<&Expectation>,
    view: &mut ExpectationView,
) {
    let (Some(Expectation::Criteria(items)), Some(below)) = (current, below) else {
        return;
    };
    let below_texts: Vec<&str> = match below {
        Expectation::Criteria(b) => b.iter().map(|c| md_text(site, c.text)).collect(),
        Expectation::Text(t) => vec![md_text(site, *t)],
    };
    for (c, v) in items.iter().zip(view.criteria.iter_mut()) {
        v.new = !below_texts.contains(&md_text(site, c.text));
    }
}

fn same_text(site: &Site, a: Option<&Expectation>, b: Option<&Expectation>) -> bool {
    let texts = |e: &Expectation| -> Vec<&str> {
        match e {
            Expectation::Text(t) => vec![md_text(site, *t)],
            Expectation::Criteria(c) => c.iter().map(|x| md_text(site, x.text)).collect(),
        }
    };
    match (a, b) {
        (Some(a), Some(b)) => texts(a) == texts(b),
        _ => false,
    }
}
