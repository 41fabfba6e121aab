//! `/print/`: the whole handbook on one page, in reading order.

use crate::render::frame::Vars;
use serde::Serialize;

use super::ladder::roles_on_track;
use super::leaving::leaving_view;
use crate::model::urls;
use crate::render::frame::{Frame, PageMeta, View};
use crate::render::nav::Area;
use crate::render::splice::Marks;
use crate::render::views::Ctx;
use crate::resolve::Site;

#[derive(Serialize)]
struct PrintPage {
    id: String,
    title: String,
    depth: usize,
    html: String,
}

/// The whole handbook on one page, in navigation order: free pages, then values, roles,
/// ladder, hiring and leaving.
/// Each page's `html` is a placeholder from `marks` the renderer replaces with its body.
pub(super) fn print(site: &Site, marks: &Marks) -> View {
    let hb = &site.handbook;
    let url = urls::PRINT.to_string();
    let cx = Ctx::new(site, &url);
    let pages: Vec<PrintPage> = hb
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut depth = 0;
            let mut at = p.parent;
            while let Some(a) = at {
                depth += 1;
                at = hb.pages[a].parent;
            }
            // The page's lifted `# Title` heads its section: the body's own `#title` links,
            // prefixed like its other ids, reach it.
            let title_id = p
                .body
                .and_then(|b| site.markdown[b.0 as usize].title_id.as_ref());
            PrintPage {
                id: match title_id {
                    Some(t) => format!("p{i}-{t}"),
                    None => format!("p{i}"),
                },
                title: p.title.clone(),
                depth,
                // A 10,000-page handbook's bodies are tens of megabytes that needn't pass
                // through the template engine.
                html: marks.mark(&i.to_string()),
            }
        })
        .collect();
    let mut context = Vars::new();
    context.insert("pages", &pages);
    context.insert("book", &print_view(&cx));
    let meta = PageMeta::new(
        &cx,
        "print",
        &format!("{} (print)", hb.config.title),
        &url,
        None,
    );
    let frame = Frame {
        meta,
        crumbs: Vec::new(),
        prev: None,
        next: None,
        area: Area::Pages,
        page: None,
    };
    frame.view(&cx, "print.html", url, context)
}

/// Everything structured, for the print page.
fn print_view(cx: &Ctx) -> serde_json::Value {
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
                    "code": lv.code.as_ref().filter(|c| **c != lv.title),
                    "title": lv.title,
                    "summary": lv.summary,
                    "expectations": track.competencies.iter().map(|tc| serde_json::json!({
                        "competency": cx.track_competency(t, tc.competency.to).title,
                        "expectation": cx.cell(t, l, tc.competency.to),
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
        "values_intro": cx.with_ids("values-").intro(hb.values_intro, hb.intros.values),
        "roles_intro": cx.with_ids("roles-").intro(None, hb.intros.roles),
        "values": values,
        "roles": roles,
        "ladder_intro": cx.with_ids("ladder-").intro(hb.ladder.description, hb.intros.ladder),
        "tracks": tracks,
        "hiring_intro": cx.with_ids("hiring-").intro(hb.hiring.description, hb.intros.hiring),
        "stages": stages,
        "leaving": leaving_view(&cx.with_ids("leaving-")),
    })
}
