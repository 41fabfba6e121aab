//! Contexts of the handbook's own pages: values, roles, the ladder, hiring and leaving, each
//! cross-linked both ways (a value lists the roles, competencies and stages that use it; a
//! role its values, levels and stages).

use serde::Serialize;
use tera::Context;

use super::nav::Area;
use super::pages::common;
use super::svg;
use super::views::{Ctx, ExpectationView, LevelLink, Link};
use super::{Built, Job, PageMeta};
use crate::model::urls;
use crate::model::{Expectation, Handbook};
use crate::resolve::Site;

/// Template, URL and context of an entity page.
pub fn entity(site: &Site, job: Job) -> Built {
    match job {
        Job::ValuesIndex => values_index(site),
        Job::Value(i) => value(site, i),
        Job::RolesIndex => roles_index(site),
        Job::Role(i) => role(site, i),
        Job::LadderIndex => ladder_index(site),
        Job::Track(t) => track(site, t),
        Job::Level(t, l) => level(site, t, l),
        Job::Competency(c) => competency(site, c),
        Job::HiringIndex => hiring_index(site),
        Job::Stage(s) => stage(site, s),
        Job::Leaving => leaving(site),
        Job::Page(_) | Job::Print | Job::NotFound => unreachable!("not an entity page"),
    }
}

fn crumbs(area: (&str, &str)) -> Vec<Link> {
    vec![Link::new(area.0, area.1)]
}

fn source_of(site: &Site, file: Option<crate::source::FileId>) -> Option<String> {
    file.map(|f| site.sources.get(f).rel.clone())
}

fn yaml_source(site: &Site, name: &str) -> Option<String> {
    site.sources.find(name).map(|_| name.to_string())
}

/// A value in lists.
#[derive(Serialize)]
pub struct ValueCard {
    id: String,
    name: String,
    url: String,
    summary: Option<String>,
}

fn value_card(cx: &Ctx, i: usize) -> ValueCard {
    let v = &cx.hb().values[i];
    ValueCard {
        id: v.id.id.clone(),
        name: v.name.clone(),
        url: urls::value(&v.id.id),
        summary: v.summary.clone(),
    }
}

#[derive(Serialize)]
struct MatrixRow {
    role: Link,
    cells: Vec<MatrixCell>,
}

#[derive(Serialize)]
struct MatrixCell {
    mapped: bool,
    traits: Vec<String>,
}

fn values_index(site: &Site) -> Built {
    let hb = &site.handbook;
    let url = urls::VALUES.to_string();
    let cx = Ctx::new(site, &url);
    let cards: Vec<ValueCard> = (0..hb.values.len()).map(|i| value_card(&cx, i)).collect();
    let rows: Vec<MatrixRow> = hb
        .roles
        .iter()
        .enumerate()
        .map(|(r, role)| MatrixRow {
            role: cx.role(r),
            cells: (0..hb.values.len())
                .map(|v| MatrixCell {
                    mapped: role.values.iter().any(|x| x.to == v),
                    traits: role
                        .traits
                        .iter()
                        .filter(|t| t.value.is_some_and(|x| x.to == v))
                        .map(|t| t.name.clone())
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let mut context = Context::new();
    context.insert("intro", &cx.html_opt(hb.values_intro));
    context.insert("values", &cards);
    context.insert("matrix", &rows);
    let meta = PageMeta::new(
        &cx,
        "values",
        "Values",
        &url,
        yaml_source(site, "values.yaml").as_deref(),
    );
    let nav = common(
        &mut context,
        &cx,
        meta,
        Vec::new(),
        None,
        area_next(hb, Area::Values),
        Area::Values,
        None,
    );
    ("values.html", url, context, nav)
}

#[derive(Serialize)]
struct RoleUse {
    role: Link,
    traits: Vec<String>,
}

#[derive(Serialize)]
struct ValueView {
    id: String,
    name: String,
    summary: Option<String>,
    description: Option<String>,
    behaviours: Vec<String>,
    anti_patterns: Vec<String>,
    roles: Vec<RoleUse>,
    competencies: Vec<Link>,
    stages: Vec<Link>,
}

fn value(site: &Site, i: usize) -> Built {
    let hb = &site.handbook;
    let v = &hb.values[i];
    let url = urls::value(&v.id.id);
    let cx = Ctx::new(site, &url);
    let view = ValueView {
        id: v.id.id.clone(),
        name: v.name.clone(),
        summary: v.summary.clone(),
        description: cx.html_opt(v.description),
        behaviours: cx.html_list(&v.behaviours),
        anti_patterns: cx.html_list(&v.anti_patterns),
        roles: hb
            .roles
            .iter()
            .enumerate()
            .filter(|(_, r)| r.values.iter().any(|x| x.to == i))
            .map(|(r, role)| RoleUse {
                role: cx.role(r),
                traits: role
                    .traits
                    .iter()
                    .filter(|t| t.value.is_some_and(|x| x.to == i))
                    .map(|t| t.name.clone())
                    .collect(),
            })
            .collect(),
        competencies: hb
            .ladder
            .competencies
            .iter()
            .enumerate()
            .filter(|(_, c)| c.values.iter().any(|x| x.to == i))
            .map(|(c, _)| cx.competency(c))
            .collect(),
        stages: hb
            .hiring
            .stages
            .iter()
            .enumerate()
            .filter(|(_, s)| s.assesses.iter().any(|x| x.to == i))
            .map(|(s, _)| cx.stage(s))
            .collect(),
    };
    let mut context = Context::new();
    context.insert("value", &view);
    let mut meta = PageMeta::new(
        &cx,
        "value",
        &v.name,
        &url,
        yaml_source(site, "values.yaml").as_deref(),
    );
    meta.description = v.summary.clone();
    let prev = i.checked_sub(1).map(|j| cx.value(j));
    let next = (i + 1 < hb.values.len()).then(|| cx.value(i + 1));
    let nav = common(
        &mut context,
        &cx,
        meta,
        crumbs(("Values", urls::VALUES)),
        prev,
        next,
        Area::Values,
        None,
    );
    ("value.html", url, context, nav)
}

#[derive(Serialize)]
struct RoleCard {
    title: String,
    url: String,
    summary: Option<String>,
    values: Vec<Link>,
    track: Option<Link>,
    reports_to: Option<Link>,
}

fn roles_index(site: &Site) -> Built {
    let hb = &site.handbook;
    let url = urls::ROLES.to_string();
    let cx = Ctx::new(site, &url);
    let cards: Vec<RoleCard> = hb
        .roles
        .iter()
        .enumerate()
        .map(|(r, role)| RoleCard {
            title: role.title.clone(),
            url: cx.role(r).url,
            summary: role.summary.clone(),
            values: role.values.iter().map(|v| cx.value(v.to)).collect(),
            track: role.track.map(|t| cx.track(t.to)),
            reports_to: role.reports_to.map(|m| cx.role(m.to)),
        })
        .collect();
    let mut context = Context::new();
    context.insert("roles", &cards);
    context.insert("org_chart", &svg::org_chart(hb, &cx.root));
    let meta = PageMeta::new(&cx, "roles", "Roles", &url, None);
    let nav = common(
        &mut context,
        &cx,
        meta,
        Vec::new(),
        area_prev(hb, Area::Roles),
        area_next(hb, Area::Roles),
        Area::Roles,
        None,
    );
    ("roles.html", url, context, nav)
}

#[derive(Serialize)]
struct TraitView {
    name: String,
    value: Option<Link>,
    description: Option<String>,
}

#[derive(Serialize)]
struct RoleView {
    id: String,
    title: String,
    summary: Option<String>,
    description: Option<String>,
    values: Vec<ValueCard>,
    traits: Vec<TraitView>,
    responsibilities: Vec<String>,
    track: Option<Link>,
    levels: Vec<LevelLink>,
    stages: Vec<Link>,
    all_stages: bool,
    reports_to: Option<Link>,
    direct_reports: Vec<Link>,
}

fn role(site: &Site, r: usize) -> Built {
    let hb = &site.handbook;
    let role = &hb.roles[r];
    let url = urls::role(&role.id.id);
    let cx = Ctx::new(site, &url);
    let stages: Vec<Link> = match &role.hiring_stages {
        Some(s) => s.iter().map(|x| cx.stage(x.to)).collect(),
        None => (0..hb.hiring.stages.len()).map(|s| cx.stage(s)).collect(),
    };
    let view = RoleView {
        id: role.id.id.clone(),
        title: role.title.clone(),
        summary: role.summary.clone(),
        description: cx.html_opt(role.description),
        values: role.values.iter().map(|v| value_card(&cx, v.to)).collect(),
        traits: role
            .traits
            .iter()
            .map(|t| TraitView {
                name: t.name.clone(),
                value: t.value.map(|v| cx.value(v.to)),
                description: cx.html_opt(t.description),
            })
            .collect(),
        responsibilities: cx.html_list(&role.responsibilities),
        track: role.track.map(|t| cx.track(t.to)),
        levels: role
            .track
            .map(|t| role.levels.iter().map(|l| cx.level(t.to, l.to)).collect())
            .unwrap_or_default(),
        stages,
        all_stages: role.hiring_stages.is_none(),
        reports_to: role.reports_to.map(|m| cx.role(m.to)),
        direct_reports: hb
            .roles
            .iter()
            .enumerate()
            .filter(|(_, x)| x.reports_to.is_some_and(|m| m.to == r))
            .map(|(i, _)| cx.role(i))
            .collect(),
    };
    let mut context = Context::new();
    context.insert("role", &view);
    let mut meta = PageMeta::new(
        &cx,
        "role",
        &role.title,
        &url,
        source_of(site, Some(role.file)).as_deref(),
    );
    meta.description = role.summary.clone();
    let prev = r.checked_sub(1).map(|j| cx.role(j));
    let next = (r + 1 < hb.roles.len()).then(|| cx.role(r + 1));
    let nav = common(
        &mut context,
        &cx,
        meta,
        crumbs(("Roles", urls::ROLES)),
        prev,
        next,
        Area::Roles,
        None,
    );
    ("role.html", url, context, nav)
}

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

fn ladder_index(site: &Site) -> Built {
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
    let mut context = Context::new();
    context.insert("intro", &cx.html_opt(hb.ladder.description));
    context.insert("tracks", &tracks);
    context.insert("competencies", &comps);
    let meta = PageMeta::new(
        &cx,
        "ladder",
        "Career ladder",
        &url,
        yaml_source(site, "ladder.yaml").as_deref(),
    );
    let nav = common(
        &mut context,
        &cx,
        meta,
        Vec::new(),
        area_prev(hb, Area::Ladder),
        area_next(hb, Area::Ladder),
        Area::Ladder,
        None,
    );
    ("ladder.html", url, context, nav)
}

fn roles_on_track(cx: &Ctx, t: usize) -> Vec<Link> {
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

fn track(site: &Site, t: usize) -> Built {
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
    let mut context = Context::new();
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
    let nav = common(
        &mut context,
        &cx,
        meta,
        crumbs(("Career ladder", urls::LADDER)),
        prev,
        next,
        Area::Ladder,
        None,
    );
    ("track.html", url, context, nav)
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

fn level(site: &Site, t: usize, l: usize) -> Built {
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
    let mut context = Context::new();
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
    let nav = common(
        &mut context,
        &cx,
        meta,
        crumbs,
        prev,
        next,
        Area::Ladder,
        None,
    );
    ("level.html", url, context, nav)
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

#[derive(Serialize)]
struct CompetencyLevel {
    level: LevelLink,
    expectation: ExpectationView,
}

#[derive(Serialize)]
struct CompetencyTrack {
    track: Link,
    levels: Vec<CompetencyLevel>,
}

fn competency(site: &Site, c: usize) -> Built {
    let hb = &site.handbook;
    let comp = &hb.ladder.competencies[c];
    let url = urls::competency(&comp.id.id);
    let cx = Ctx::new(site, &url);
    let tracks: Vec<CompetencyTrack> = hb
        .ladder
        .tracks
        .iter()
        .enumerate()
        .filter(|(_, t)| t.competencies.iter().any(|x| x.to == c))
        .map(|(t, track)| CompetencyTrack {
            track: cx.track(t),
            levels: track
                .levels
                .iter()
                .enumerate()
                .map(|(l, lv)| CompetencyLevel {
                    level: cx.level(t, l),
                    expectation: lv
                        .expectation(c)
                        .map(|e| cx.expectation(e))
                        .unwrap_or_default(),
                })
                .collect(),
        })
        .collect();
    let mut context = Context::new();
    context.insert(
        "competency",
        &serde_json::json!({
            "id": comp.id.id,
            "name": comp.name,
            "group": comp.group,
            "description": cx.html_opt(comp.description),
            "values": comp.values.iter().map(|v| cx.value(v.to)).collect::<Vec<_>>(),
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
    let nav = common(
        &mut context,
        &cx,
        meta,
        crumbs(("Career ladder", urls::LADDER)),
        prev,
        next,
        Area::Ladder,
        None,
    );
    ("competency.html", url, context, nav)
}

#[derive(Serialize)]
struct StageCard {
    name: String,
    url: String,
    summary: Option<String>,
    owner: Option<Link>,
    assesses: Vec<Link>,
}

fn stage_card(cx: &Ctx, s: usize) -> StageCard {
    let st = &cx.hb().hiring.stages[s];
    StageCard {
        name: st.name.clone(),
        url: urls::stage(&st.id.id),
        summary: st.summary.clone(),
        owner: st.owner.map(|o| cx.role(o.to)),
        assesses: st.assesses.iter().map(|v| cx.value(v.to)).collect(),
    }
}

fn hiring_index(site: &Site) -> Built {
    let hb = &site.handbook;
    let url = urls::HIRING.to_string();
    let cx = Ctx::new(site, &url);
    let stages: Vec<StageCard> = (0..hb.hiring.stages.len())
        .map(|s| stage_card(&cx, s))
        .collect();
    let mut context = Context::new();
    context.insert("intro", &cx.html_opt(hb.hiring.description));
    context.insert("stages", &stages);
    context.insert("pipeline", &svg::pipeline(hb, &cx.root));
    let meta = PageMeta::new(
        &cx,
        "hiring",
        "Hiring",
        &url,
        yaml_source(site, "hiring.yaml").as_deref(),
    );
    let nav = common(
        &mut context,
        &cx,
        meta,
        Vec::new(),
        area_prev(hb, Area::Hiring),
        area_next(hb, Area::Hiring),
        Area::Hiring,
        None,
    );
    ("hiring.html", url, context, nav)
}

fn stage(site: &Site, s: usize) -> Built {
    let hb = &site.handbook;
    let st = &hb.hiring.stages[s];
    let url = urls::stage(&st.id.id);
    let cx = Ctx::new(site, &url);
    let roles: Vec<Link> = hb
        .roles
        .iter()
        .enumerate()
        .filter(|(_, r)| match &r.hiring_stages {
            Some(list) => list.iter().any(|x| x.to == s),
            None => true,
        })
        .map(|(r, _)| cx.role(r))
        .collect();
    let mut context = Context::new();
    context.insert(
        "stage",
        &serde_json::json!({
            "id": st.id.id,
            "name": st.name,
            "summary": st.summary,
            "guidance": cx.html_opt(st.guidance),
            "owner": st.owner.map(|o| cx.role(o.to)),
            "assesses": st.assesses.iter().map(|v| value_card(&cx, v.to)).collect::<Vec<_>>(),
            "roles": roles,
            "position": s + 1,
            "count": hb.hiring.stages.len(),
        }),
    );
    let mut meta = PageMeta::new(
        &cx,
        "stage",
        &st.name,
        &url,
        yaml_source(site, "hiring.yaml").as_deref(),
    );
    meta.description = st.summary.clone();
    let prev = s.checked_sub(1).map(|j| cx.stage(j));
    let next = (s + 1 < hb.hiring.stages.len()).then(|| cx.stage(s + 1));
    let nav = common(
        &mut context,
        &cx,
        meta,
        crumbs(("Hiring", urls::HIRING)),
        prev,
        next,
        Area::Hiring,
        None,
    );
    ("stage.html", url, context, nav)
}

#[derive(Serialize)]
struct PrincipleView {
    id: String,
    title: String,
    body: Option<String>,
}

#[derive(Serialize)]
struct ChecklistItem {
    html: String,
    owner: Option<Link>,
}

#[derive(Serialize)]
struct LeavingView {
    intro: Option<String>,
    principles: Vec<PrincipleView>,
    offboarding: Vec<ChecklistItem>,
    alumni: Option<String>,
}

fn leaving_view(cx: &Ctx) -> Option<LeavingView> {
    let l = cx.hb().leaving.as_ref()?;
    Some(LeavingView {
        intro: cx.html_opt(l.description),
        principles: l
            .principles
            .iter()
            .enumerate()
            .map(|(i, p)| PrincipleView {
                id: format!("principle-{}", i + 1),
                title: p.title.clone(),
                body: cx.html_opt(p.body),
            })
            .collect(),
        offboarding: l
            .offboarding
            .iter()
            .map(|o| ChecklistItem {
                html: cx.html(o.item),
                owner: o.owner.map(|r| cx.role(r.to)),
            })
            .collect(),
        alumni: cx.html_opt(l.alumni),
    })
}

fn leaving(site: &Site) -> Built {
    let hb = &site.handbook;
    let url = urls::LEAVING.to_string();
    let cx = Ctx::new(site, &url);
    let mut context = Context::new();
    context.insert("leaving", &leaving_view(&cx));
    let meta = PageMeta::new(
        &cx,
        "leaving",
        "Leaving",
        &url,
        yaml_source(site, "leaving.yaml").as_deref(),
    );
    let nav = common(
        &mut context,
        &cx,
        meta,
        Vec::new(),
        area_prev(hb, Area::Leaving),
        None,
        Area::Leaving,
        None,
    );
    ("leaving.html", url, context, nav)
}

fn area_prev(hb: &Handbook, area: Area) -> Option<Link> {
    let areas = super::nav::areas(hb);
    let i = areas.iter().position(|(a, _, _)| *a == area)?;
    i.checked_sub(1).map(|j| Link::new(areas[j].1, areas[j].2))
}

fn area_next(hb: &Handbook, area: Area) -> Option<Link> {
    let areas = super::nav::areas(hb);
    let i = areas.iter().position(|(a, _, _)| *a == area)?;
    areas.get(i + 1).map(|(_, t, u)| Link::new(*t, *u))
}

/// The home page's overview of the handbook.
pub fn home_view(cx: &Ctx, _page: usize) -> serde_json::Value {
    let hb = cx.hb();
    serde_json::json!({
        "values": (0..hb.values.len()).map(|i| value_card(cx, i)).collect::<Vec<_>>(),
        "roles": (0..hb.roles.len()).map(|r| cx.role(r)).collect::<Vec<_>>(),
        "tracks": (0..hb.ladder.tracks.len()).map(|t| cx.track(t)).collect::<Vec<_>>(),
        "stages": (0..hb.hiring.stages.len()).map(|s| cx.stage(s)).collect::<Vec<_>>(),
        "has_leaving": hb.leaving.is_some(),
    })
}

/// Everything structured, for the print page.
pub fn print_view(cx: &Ctx) -> serde_json::Value {
    let hb = cx.hb();
    let values: Vec<serde_json::Value> = hb
        .values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let cx = &cx.with_ids(format!("v{i}-"));
            serde_json::json!({
                "id": v.id.id,
                "name": v.name,
                "summary": v.summary,
                "description": cx.html_opt(v.description),
                "behaviours": cx.html_list(&v.behaviours),
                "anti_patterns": cx.html_list(&v.anti_patterns),
            })
        })
        .collect();
    let roles: Vec<serde_json::Value> = hb
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let cx = &cx.with_ids(format!("r{i}-"));
            serde_json::json!({
                "id": r.id.id,
                "title": r.title,
                "summary": r.summary,
                "description": cx.html_opt(r.description),
                "values": r.values.iter().map(|v| cx.value(v.to).title).collect::<Vec<_>>(),
                "traits": r.traits.iter().map(|t| serde_json::json!({
                    "name": t.name,
                    "value": t.value.map(|v| cx.value(v.to).title),
                })).collect::<Vec<_>>(),
                "responsibilities": cx.html_list(&r.responsibilities),
                "reports_to": r.reports_to.map(|m| cx.role(m.to).title),
            })
        })
        .collect();
    let tracks: Vec<serde_json::Value> = hb
        .ladder
        .tracks
        .iter()
        .enumerate()
        .map(|(t, track)| {
            let tcx = cx.with_ids(format!("t{t}-"));
            serde_json::json!({
                "id": track.id.id,
                "name": track.name,
                "description": tcx.html_opt(track.description),
                "levels": track.levels.iter().enumerate().map(|(l, lv)| { let cx = cx.with_ids(format!("t{t}-l{l}-")); serde_json::json!({
                    "id": lv.id.id,
                    "code": lv.code,
                    "title": lv.title,
                    "summary": lv.summary,
                    "expectations": track.competencies.iter().map(|c| serde_json::json!({
                        "competency": hb.ladder.competencies[c.to].name,
                        "expectation": lv.expectation(c.to).map(|e| cx.expectation(e)),
                    })).collect::<Vec<_>>(),
                })}).collect::<Vec<_>>(),
                "roles": roles_on_track(cx, t).into_iter().map(|l| l.title).collect::<Vec<_>>(),
            })
        })
        .collect();
    let stages: Vec<serde_json::Value> = hb
        .hiring
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let cx = &cx.with_ids(format!("s{i}-"));
            serde_json::json!({
                "id": s.id.id,
                "name": s.name,
                "summary": s.summary,
                "guidance": cx.html_opt(s.guidance),
                "assesses": s.assesses.iter().map(|v| cx.value(v.to).title).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({
        "values_intro": cx.with_ids("values-").html_opt(hb.values_intro),
        "values": values,
        "roles": roles,
        "ladder_intro": cx.with_ids("ladder-").html_opt(hb.ladder.description),
        "tracks": tracks,
        "hiring_intro": cx.with_ids("hiring-").html_opt(hb.hiring.description),
        "stages": stages,
        "leaving": leaving_view(&cx.with_ids("leaving-")),
    })
}
