//! `/roles/<role>/job/<level>/`: a job description built from the role and its level — summary,
//! description, responsibilities, what the level expects, the values with the role's traits,
//! the hiring stages in order — and the same text as plain Markdown at
//! `/roles/<role>/job/<level>.md` for job boards.

use serde::Serialize;

use super::interview::{role_at_level, role_stages};
use crate::model::urls;
use crate::render::frame::{Frame, PageMeta, Vars, View};
use crate::render::nav::Area;
use crate::render::to_markdown::html_to_markdown;
use crate::render::views::{Ctx, ExpectationView, Link};
use crate::resolve::Site;

#[derive(Serialize)]
struct JobView {
    title: String,
    summary: Option<String>,
    description: Option<String>,
    responsibilities: Vec<String>,
    level: Link,
    level_summary: Option<String>,
    expectations: Vec<JobExpectation>,
    values: Vec<ValueView>,
    stages: Vec<StageView>,
}

#[derive(Serialize)]
struct JobExpectation {
    competency: Link,
    expectation: ExpectationView,
}

#[derive(Serialize)]
struct ValueView {
    value: Link,
    summary: Option<String>,
    traits: Vec<String>,
}

#[derive(Serialize)]
struct StageView {
    stage: Link,
    summary: Option<String>,
}

fn job_view(cx: &Ctx, r: usize, l: usize) -> JobView {
    let hb = cx.hb();
    let role = &hb.roles[r];
    let t = role.track.expect("kits exist for roles on a track").to;
    let track = &hb.ladder.tracks[t];
    let level = &track.levels[l];
    let lv = cx.level(t, l);
    JobView {
        title: role_at_level(cx.site, r, l),
        summary: role.summary.clone(),
        description: cx.with_ids("about-").html_opt(role.description),
        responsibilities: cx.html_list(&role.responsibilities),
        level: Link::new(lv.title, lv.url),
        level_summary: level.summary.clone(),
        expectations: track
            .competencies
            .iter()
            .map(|tc| tc.competency.to)
            .filter(|&c| !level.not_expected.contains(&c))
            .map(|c| JobExpectation {
                competency: cx.track_competency(t, c),
                expectation: cx.bar(t, l, c),
            })
            .filter(|e| e.expectation.html.is_some() || !e.expectation.criteria.is_empty())
            .collect(),
        values: role
            .values
            .iter()
            .map(|v| ValueView {
                value: cx.value(v.to),
                summary: hb.values[v.to].summary.clone(),
                traits: role
                    .traits
                    .iter()
                    .filter(|tr| tr.value.is_some_and(|x| x.to == v.to))
                    .map(|tr| tr.name.clone())
                    .collect(),
            })
            .collect(),
        stages: role_stages(cx.site, r)
            .into_iter()
            .map(|s| StageView {
                stage: cx.stage(s),
                summary: hb.hiring.stages[s].summary.clone(),
            })
            .collect(),
    }
}

pub(super) fn job(site: &Site, r: usize, l: usize) -> View {
    let hb = &site.handbook;
    let role = &hb.roles[r];
    let t = role.track.expect("kits exist for roles on a track").to;
    let level_id = &hb.ladder.tracks[t].levels[l].id.id;
    let url = urls::job(&role.id.id, level_id);
    let cx = Ctx::new(site, &url);
    let view = job_view(&cx, r, l);
    let mut context = Vars::new();
    context.insert("job", &view);
    context.insert(
        "kit",
        &serde_json::json!({
            "role": cx.role(r),
            "markdown": urls::job_markdown(&role.id.id, level_id),
            "interview": urls::interview(&role.id.id, level_id),
        }),
    );
    let mut meta = PageMeta::new(
        &cx,
        "job",
        &format!("Job description: {}", view.title),
        &url,
        None,
    );
    meta.description = role.summary.clone();
    let frame = Frame {
        meta,
        crumbs: vec![Link::new("Roles", urls::ROLES), cx.role(r)],
        prev: None,
        next: None,
        area: Area::Roles,
        page: None,
    };
    frame.view(&cx, "job.html", url, context)
}

/// The job description of role `r` at level `l` as Markdown without HTML: links are their
/// text, since a job board shows the text outside the site.
pub(crate) fn job_markdown(site: &Site, r: usize, l: usize) -> String {
    let hb = &site.handbook;
    let role = &hb.roles[r];
    let t = role.track.expect("kits exist for roles on a track").to;
    let url = urls::job(&role.id.id, &hb.ladder.tracks[t].levels[l].id.id);
    let job = job_view(&Ctx::new(site, &url).flat(), r, l);
    let md = |html: &str| html_to_markdown(html).trim_end().to_string();
    let plain = |text: &str| md(&format!("<p>{}</p>", escape(text)));
    let mut out = format!("# {}\n\n", plain(&job.title));
    if let Some(s) = &job.summary {
        out.push_str(&format!("{}\n\n", plain(s)));
    }
    if let Some(d) = &job.description {
        out.push_str(&format!("{}\n\n", md(d)));
    }
    if !job.responsibilities.is_empty() {
        out.push_str("## What you will do\n\n");
        for r in &job.responsibilities {
            out.push_str(&format!("- {}\n", md(r)));
        }
        out.push('\n');
    }
    if !job.expectations.is_empty() {
        out.push_str(&format!(
            "## What we expect at {}\n\n",
            plain(&job.level.title)
        ));
        if let Some(s) = &job.level_summary {
            out.push_str(&format!("{}\n\n", plain(s)));
        }
        for JobExpectation {
            competency,
            expectation: e,
        } in &job.expectations
        {
            out.push_str(&format!("### {}\n\n", plain(&competency.title)));
            if let Some(html) = &e.html {
                out.push_str(&format!("{}\n\n", md(html)));
            }
            for c in &e.criteria {
                out.push_str(&format!("- {}\n", md(&c.html)));
                for x in &c.examples {
                    out.push_str(&format!("  - {}\n", md(x)));
                }
            }
            if !e.criteria.is_empty() {
                out.push('\n');
            }
        }
    }
    if !job.values.is_empty() {
        out.push_str("## What we look for\n\n");
        for v in &job.values {
            out.push_str(&format!("### {}\n\n", plain(&v.value.title)));
            if let Some(s) = &v.summary {
                out.push_str(&format!("{}\n\n", plain(s)));
            }
            for tr in &v.traits {
                out.push_str(&format!("- {}\n", plain(tr)));
            }
            if !v.traits.is_empty() {
                out.push('\n');
            }
        }
    }
    if !job.stages.is_empty() {
        out.push_str("## How we hire\n\n");
        for (i, s) in job.stages.iter().enumerate() {
            out.push_str(&format!("{}. {}", i + 1, plain(&s.stage.title)));
            if let Some(summary) = &s.summary {
                out.push_str(&format!(": {}", plain(summary)));
            }
            out.push('\n');
        }
    }
    out.trim_end().to_string() + "\n"
}

/// Plain text as HTML text, so the Markdown writer escapes it like the rest.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}
