//! A page per competency: its expectations from level to level, on every track that uses it.

use crate::render::frame::Vars;
use serde::Serialize;

use crate::model::urls;
use crate::render::frame::{Frame, PageMeta, View, crumbs, yaml_source};
use crate::render::nav::Area;
use crate::render::views::{Ctx, ExpectationView, LevelLink, Link};
use crate::resolve::Site;

#[derive(Serialize)]
struct CompetencyLevel {
    level: LevelLink,
    expectation: ExpectationView,
}

#[derive(Serialize)]
struct CompetencyTrack {
    track: Link,
    /// The track's own name for the competency, when it renames it.
    name: Option<String>,
    /// The track's own description of the competency, when it re-describes it.
    wording: Option<String>,
    levels: Vec<CompetencyLevel>,
}

pub(super) fn competency(site: &Site, c: usize) -> View {
    let hb = &site.handbook;
    let comp = &hb.ladder.competencies[c];
    let url = urls::competency(&comp.id.id);
    let cx = Ctx::new(site, &url);
    let tracks: Vec<CompetencyTrack> = hb
        .ladder
        .tracks
        .iter()
        .enumerate()
        .filter(|(_, t)| t.uses(c))
        .map(|(t, track)| {
            let own = track.competencies.iter().find(|tc| tc.competency.to == c);
            CompetencyTrack {
                track: cx.track(t),
                name: own.and_then(|tc| tc.name.clone()),
                wording: cx
                    .with_ids(format!("track-{t}-"))
                    .html_opt(own.and_then(|tc| tc.description)),
                levels: (0..track.levels.len())
                    .map(|l| CompetencyLevel {
                        level: cx.level(t, l),
                        expectation: cx.cell(t, l, c),
                    })
                    .collect(),
            }
        })
        .collect();
    let mut context = Vars::new();
    context.insert("toc", &cx.toc(&[comp.description]));
    context.insert(
        "competency",
        &serde_json::json!({
            "id": comp.id.id,
            "name": comp.name,
            "group": comp.group,
            "description": cx.html_opt(comp.description),
            "values": comp.values.iter().map(|v| cx.value(v.to)).collect::<Vec<_>>(),
            "questions": cx.html_list(&comp.questions),
            "stages": hb.hiring.stages.iter().enumerate().filter(|(_, s)| s.competencies.iter().any(|x| x.to == c)).map(|(s, _)| cx.stage(s)).collect::<Vec<_>>(),
            "tracks": tracks,
        }),
    );
    let meta = PageMeta::new(
        &cx,
        "competency",
        &comp.name,
        &url,
        yaml_source(site, "ladder.yaml").as_deref(),
    );
    let prev = c.checked_sub(1).map(|j| cx.competency(j));
    let next = (c + 1 < hb.ladder.competencies.len()).then(|| cx.competency(c + 1));
    let frame = Frame {
        meta,
        crumbs: crumbs(("Career ladder", urls::LADDER)),
        prev,
        next,
        area: Area::Ladder,
        page: None,
    };
    frame.view(&cx, "competency.html", url, context)
}
