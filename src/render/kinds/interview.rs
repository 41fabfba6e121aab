//! `/roles/<role>/interview/<level>/`: the interview kit of a role at a level it is hired at.
//! Per stage of the role, in pipeline order: the stage's guidance; each value it assesses with
//! the role's traits from it (what to look for), the value's behaviours (signals),
//! anti-patterns (red flags) and questions; each competency it assesses with the bar at this
//! level, the level below and its questions. It ends with a scorecard that prints on a page.

use serde::Serialize;

use crate::model::urls;
use crate::render::frame::{Frame, PageMeta, Vars, View};
use crate::render::nav::Area;
use crate::render::views::{Ctx, ExpectationView, LevelLink, Link};
use crate::resolve::Site;

#[derive(Serialize)]
struct StageKit {
    stage: Link,
    summary: Option<String>,
    owner: Option<Link>,
    guidance: Option<String>,
    values: Vec<ValueKit>,
    competencies: Vec<CompetencyKit>,
    /// Competencies the stage assesses that the role's track doesn't use: no bar to show.
    off_track: Vec<Link>,
    /// Competencies of the track this level deliberately doesn't expect: nothing to rate.
    not_expected: Vec<Link>,
}

#[derive(Serialize)]
struct TraitView {
    name: String,
    description: Option<String>,
}

#[derive(Serialize)]
struct ValueKit {
    value: Link,
    summary: Option<String>,
    /// The role leans on this value (it is in the role's `values`).
    core: bool,
    traits: Vec<TraitView>,
    signals: Vec<String>,
    red_flags: Vec<String>,
    questions: Vec<String>,
}

#[derive(Serialize)]
struct CompetencyKit {
    competency: Link,
    /// The bar at this level.
    bar: ExpectationView,
    /// Just under the bar: the level below on the track, when there is one.
    below: Option<Below>,
    questions: Vec<String>,
}

/// The level below a kit's level and what it asks.
#[derive(Serialize)]
struct Below {
    level: LevelLink,
    expectation: ExpectationView,
}

/// One row of the scorecard: a value or competency and the stages that assess it.
#[derive(Serialize)]
struct ScoreRow {
    kind: &'static str,
    name: String,
    stages: Vec<String>,
}

/// The stages role `r` goes through, in pipeline order.
pub(super) fn role_stages(site: &Site, r: usize) -> Vec<usize> {
    let hb = &site.handbook;
    match &hb.roles[r].hiring_stages {
        Some(list) => {
            let mut s: Vec<usize> = list.iter().map(|x| x.to).collect();
            s.sort_unstable();
            s.dedup();
            s
        }
        None => (0..hb.hiring.stages.len()).collect(),
    }
}

/// The kit's title: "Platform Engineer · Senior Engineer".
pub(super) fn role_at_level(site: &Site, r: usize, l: usize) -> String {
    let hb = &site.handbook;
    let role = &hb.roles[r];
    let t = role.track.expect("kits exist for roles on a track").to;
    format!("{} · {}", role.title, hb.ladder.tracks[t].levels[l].title)
}

pub(super) fn interview(site: &Site, r: usize, l: usize) -> View {
    let hb = &site.handbook;
    let role = &hb.roles[r];
    let t = role.track.expect("kits exist for roles on a track").to;
    let track = &hb.ladder.tracks[t];
    let url = urls::interview(&role.id.id, &track.levels[l].id.id);
    let cx = Ctx::new(site, &url);
    let mut scorecard: Vec<ScoreRow> = Vec::new();
    let mut score = |kind: &'static str, name: &str, stage: &str| match scorecard
        .iter_mut()
        .find(|x| x.kind == kind && x.name == name)
    {
        Some(row) => row.stages.push(stage.to_string()),
        None => scorecard.push(ScoreRow {
            kind,
            name: name.to_string(),
            stages: vec![stage.to_string()],
        }),
    };
    let stages: Vec<StageKit> = role_stages(site, r)
        .into_iter()
        .map(|s| {
            let stage = &hb.hiring.stages[s];
            // Each stage's Markdown is shown once; ids stay unique across stages.
            let scx = cx.with_ids(format!("s{s}-"));
            let values = stage
                .assesses
                .iter()
                .map(|v| {
                    let value = &hb.values[v.to];
                    score("Value", &value.name, &stage.name);
                    ValueKit {
                        value: cx.value(v.to),
                        summary: value.summary.clone(),
                        core: role.values.iter().any(|x| x.to == v.to),
                        traits: role
                            .traits
                            .iter()
                            .filter(|tr| tr.value.is_some_and(|x| x.to == v.to))
                            .map(|tr| TraitView {
                                name: tr.name.clone(),
                                description: scx.html_opt(tr.description),
                            })
                            .collect(),
                        signals: cx.html_list(&value.behaviours),
                        red_flags: cx.html_list(&value.anti_patterns),
                        questions: cx.html_list(&value.questions),
                    }
                })
                .collect();
            let (on, off): (Vec<usize>, Vec<usize>) = stage
                .competencies
                .iter()
                .map(|c| c.to)
                .partition(|&c| track.uses(c));
            let level = &track.levels[l];
            let (absent, on): (Vec<usize>, Vec<usize>) = on.into_iter().partition(|&c| {
                level.not_expected.contains(&c) && cx.bar(t, l, c).criteria.is_empty()
            });
            let competencies = on
                .into_iter()
                .map(|c| {
                    let competency = cx.track_competency(t, c);
                    score("Competency", &competency.title, &stage.name);
                    CompetencyKit {
                        bar: scx.with_ids(format!("s{s}-bar-")).bar(t, l, c),
                        below: (l > 0).then(|| {
                            let below = scx.with_ids(format!("s{s}-below-")).bar(t, l - 1, c);
                            Below {
                                level: cx.level(t, l - 1),
                                expectation: below,
                            }
                        }),
                        questions: cx.html_list(&hb.ladder.competencies[c].questions),
                        competency,
                    }
                })
                .collect();
            StageKit {
                stage: cx.stage(s),
                summary: stage.summary.clone(),
                owner: stage.owner.map(|o| cx.role(o.to)),
                guidance: scx.html_opt(stage.guidance),
                values,
                competencies,
                off_track: off.into_iter().map(|c| cx.competency(c)).collect(),
                not_expected: absent
                    .into_iter()
                    .map(|c| cx.track_competency(t, c))
                    .collect(),
            }
        })
        .collect();
    let mut context = Vars::new();
    context.insert(
        "kit",
        &serde_json::json!({
            "role": cx.role(r),
            "summary": role.summary,
            "level": cx.level(t, l),
            "track": cx.track(t),
            "job": urls::job(&role.id.id, &track.levels[l].id.id),
            "below": l > 0,
        }),
    );
    context.insert("stages", &stages);
    context.insert("scorecard", &scorecard);
    let title = format!("Interview kit: {}", role_at_level(site, r, l));
    let mut meta = PageMeta::new(&cx, "interview", &title, &url, None);
    meta.description = Some(format!(
        "How to interview for {}: what each stage assesses, what to look for, and the bar.",
        role_at_level(site, r, l)
    ));
    let frame = Frame {
        meta,
        crumbs: vec![Link::new("Roles", urls::ROLES), cx.role(r)],
        prev: None,
        next: None,
        area: Area::Roles,
        page: None,
    };
    frame.view(&cx, "interview.html", url, context)
}
