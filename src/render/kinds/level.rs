//! A page per level of a track: what the level expects for each of the track's competencies,
//! in the track's order and groups, beside what the level below expected (or, on a cumulative
//! track, with what it carries from the levels below).

use serde::Serialize;

use super::ladder::grouped;
use crate::model::{Expectation, MdId, urls};
use crate::render::frame::{Frame, PageMeta, Vars, View, yaml_source};
use crate::render::nav::Area;
use crate::render::views::{Ctx, ExpectationView, LevelLink, Link};
use crate::resolve::Site;

#[derive(Serialize)]
struct LevelGroup {
    name: Option<String>,
    expectations: Vec<LevelExpectation>,
}

#[derive(Serialize)]
struct LevelExpectation {
    competency: Link,
    id: String,
    /// What the competency covers on this track, when the track words it its own way.
    wording: Option<String>,
    current: ExpectationView,
    below: Option<ExpectationView>,
    unchanged: bool,
    /// On a cumulative track: what the lower levels expect, which this level includes.
    carried: Vec<Carried>,
    /// Its criteria were compared with the level below's.
    #[serde(skip)]
    compared: bool,
}

#[derive(Serialize)]
struct Carried {
    level: LevelLink,
    expectation: ExpectationView,
}

pub(super) fn level(site: &Site, t: usize, l: usize) -> View {
    let hb = &site.handbook;
    let track = &hb.ladder.tracks[t];
    let lv = &track.levels[l];
    let url = urls::level(&track.id.id, &lv.id.id);
    let cx = Ctx::new(site, &url);
    let below = l.checked_sub(1).map(|b| &track.levels[b]);
    // A cumulative track's level shows what it carries instead of a comparison.
    let compare = below.is_some() && !track.cumulative;
    let groups: Vec<LevelGroup> = grouped(hb, t)
        .into_iter()
        .map(|(name, comps)| LevelGroup {
            name,
            expectations: comps
                .into_iter()
                .map(|c| {
                    let current_e = lv.expectation(c);
                    let below_e = below.and_then(|b| b.expectation(c));
                    let mut current = cx.cell(t, l, c);
                    let compared = compare && mark_new(site, current_e, below_e, &mut current);
                    let wording = track
                        .competencies
                        .iter()
                        .find(|tc| tc.competency.to == c)
                        .and_then(|tc| tc.description);
                    LevelExpectation {
                        competency: cx.track_competency(t, c),
                        id: hb.ladder.competencies[c].id.id.clone(),
                        wording: cx.with_ids("wording-").html_opt(wording),
                        unchanged: compare
                            && current_e.is_some()
                            && same_text(site, current_e, below_e),
                        current,
                        below: compare.then(|| cx.with_ids("below-").cell(t, l - 1, c)),
                        carried: if track.cumulative {
                            (0..l)
                                .filter(|&lower| track.levels[lower].expectation(c).is_some())
                                .map(|lower| Carried {
                                    level: cx.level(t, lower),
                                    expectation: cx
                                        .with_ids(format!("carried-{lower}-"))
                                        .cell(t, lower, c),
                                })
                                .collect()
                        } else {
                            Vec::new()
                        },
                        compared,
                    }
                })
                .collect(),
        })
        .collect::<Vec<LevelGroup>>();
    // A ladder that lists only what each level adds would say "everything is new" on every
    // competency; then it is said once, for the level.
    let mut groups = groups;
    let compared = || {
        groups
            .iter()
            .flat_map(|g| &g.expectations)
            .filter(|e| e.compared)
    };
    let all_new = compared().count() > 1 && compared().all(|e| e.current.all_new);
    if all_new {
        for e in groups.iter_mut().flat_map(|g| &mut g.expectations) {
            e.current.all_new = false;
        }
    }
    let roles: Vec<Link> = hb
        .roles
        .iter()
        .enumerate()
        .filter(|(_, r)| r.track.is_some_and(|x| x.to == t) && r.levels.iter().any(|x| x.to == l))
        .map(|(r, _)| cx.role(r))
        .collect();
    let mut context = Vars::new();
    context.insert("toc", &cx.toc(&[hb.ladder.tracks[t].levels[l].description]));
    context.insert("track", &cx.track(t));
    context.insert(
        "level",
        &serde_json::json!({
            "id": lv.id.id,
            "code": lv.code.as_ref().filter(|c| **c != lv.title),
            "title": lv.title,
            "summary": lv.summary,
            "description": cx.html_opt(lv.description),
            "below": below.map(|_| cx.level(t, l - 1)),
            "above": (l + 1 < track.levels.len()).then(|| cx.level(t, l + 1)),
            "roles": roles,
            "cumulative": track.cumulative,
            "compare": compare,
            "comparisons": super::compare::links_from_level(&cx, t, l),
            "all_new": all_new,
            "marked": groups.iter().flat_map(|g| &g.expectations).any(|e| e.current.criteria.iter().any(|c| c.new)),
        }),
    );
    context.insert("expectation_groups", &groups);
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

fn md_text(site: &Site, id: MdId) -> &str {
    site.handbook.md(id).text(&site.sources).trim()
}

/// Marks the criteria of `current` that the level below doesn't have — only when the level
/// below has something to compare with; when every criterion is new, says so once instead.
/// Returns whether there was something to compare.
fn mark_new(
    site: &Site,
    current: Option<&Expectation>,
    below: Option<&Expectation>,
    view: &mut ExpectationView,
) -> bool {
    let (Some(Expectation::Criteria(items)), Some(below)) = (current, below) else {
        return false;
    };
    let below_texts: Vec<&str> = match below {
        Expectation::Criteria(b) => b.iter().map(|c| md_text(site, c.text)).collect(),
        Expectation::Text(t) => vec![md_text(site, *t)],
    };
    let new: Vec<bool> = items
        .iter()
        .map(|c| !below_texts.contains(&md_text(site, c.text)))
        .collect();
    if new.iter().all(|&n| n) {
        view.all_new = true;
        return true;
    }
    for (v, n) in view.criteria.iter_mut().zip(new) {
        v.new = n;
    }
    true
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
