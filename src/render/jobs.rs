//! The registry of output pages: one [`Job`] per page of the site, in a stable order, and
//! where each is published.

use crate::model::urls;
use crate::resolve::Site;

/// One output page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Job {
    /// Page `i` of `Handbook::pages` (home, section or free page).
    Page(usize),
    /// `/values/`.
    ValuesIndex,
    /// `/values/<id>/`.
    Value(usize),
    /// `/roles/`.
    RolesIndex,
    /// `/roles/<id>/`.
    Role(usize),
    /// `/roles/<id>/interview/<level>/`: role `r`'s interview kit at level `l` of its track.
    Interview(usize, usize),
    /// `/roles/<id>/job/<level>/`: role `r`'s job description at level `l` of its track.
    Posting(usize, usize),
    /// `/ladder/`.
    LadderIndex,
    /// `/ladder/<track>/`.
    Track(usize),
    /// `/ladder/<track>/<level>/`.
    Level(usize, usize),
    /// `/ladder/<track>/compare/<a>/<b>/`: levels `a` < `b` side by side.
    Compare(usize, usize, usize),
    /// `/competencies/<id>/`.
    Competency(usize),
    /// `/hiring/`.
    HiringIndex,
    /// `/hiring/<stage>/`.
    Stage(usize),
    /// `/leaving/`.
    Leaving,
    /// `/print/`.
    Print,
    /// `/404.html`.
    NotFound,
}

/// Every page job of `site`, in a stable order.
pub(crate) fn jobs(site: &Site) -> Vec<Job> {
    let hb = &site.handbook;
    // The print page is by far the largest: first, so it doesn't finish alone at the end.
    let mut jobs = Vec::with_capacity(
        hb.pages.len() + hb.values.len() + hb.roles.len() + hb.ladder.competencies.len() + 64,
    );
    jobs.push(Job::Print);
    jobs.extend((0..hb.pages.len()).map(Job::Page));
    if !hb.values.is_empty() {
        jobs.push(Job::ValuesIndex);
        jobs.extend((0..hb.values.len()).map(Job::Value));
    }
    if !hb.roles.is_empty() {
        jobs.push(Job::RolesIndex);
        jobs.extend((0..hb.roles.len()).map(Job::Role));
        for (r, l) in kits(site) {
            jobs.push(Job::Interview(r, l));
            jobs.push(Job::Posting(r, l));
        }
    }
    if !hb.ladder.tracks.is_empty() {
        jobs.push(Job::LadderIndex);
        for (t, track) in hb.ladder.tracks.iter().enumerate() {
            jobs.push(Job::Track(t));
            jobs.extend((0..track.levels.len()).map(|l| Job::Level(t, l)));
            let n = track.levels.len();
            jobs.extend((0..n).flat_map(|a| (a + 1..n).map(move |b| Job::Compare(t, a, b))));
        }
        jobs.extend((0..hb.ladder.competencies.len()).map(Job::Competency));
    }
    if !hb.hiring.stages.is_empty() {
        jobs.push(Job::HiringIndex);
        jobs.extend((0..hb.hiring.stages.len()).map(Job::Stage));
    }
    if hb.leaving.is_some() {
        jobs.push(Job::Leaving);
    }
    jobs.push(Job::NotFound);
    jobs
}

/// The (role, level) pairs that get an interview kit and a job description: each level a role
/// on a track is hired at, once.
pub(crate) fn kits(site: &Site) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (r, role) in site.handbook.roles.iter().enumerate() {
        if role.track.is_none() {
            continue;
        }
        for l in &role.levels {
            if !out.contains(&(r, l.to)) {
                out.push((r, l.to));
            }
        }
    }
    out
}

/// The site-root-relative URL of a page job.
pub(crate) fn job_url(site: &Site, job: Job) -> String {
    use Job::*;
    let hb = &site.handbook;
    match job {
        Page(i) => hb.pages[i].url.clone(),
        ValuesIndex => urls::VALUES.into(),
        Value(i) => urls::value(&hb.values[i].id.id),
        RolesIndex => urls::ROLES.into(),
        Role(i) => urls::role(&hb.roles[i].id.id),
        Interview(r, l) | Posting(r, l) => {
            let role = &hb.roles[r];
            let t = role.track.expect("kits exist for roles on a track").to;
            let level = &hb.ladder.tracks[t].levels[l].id.id;
            match job {
                Interview(..) => urls::interview(&role.id.id, level),
                _ => urls::job(&role.id.id, level),
            }
        }
        LadderIndex => urls::LADDER.into(),
        Track(t) => urls::track(&hb.ladder.tracks[t].id.id),
        Level(t, l) => {
            let tr = &hb.ladder.tracks[t];
            urls::level(&tr.id.id, &tr.levels[l].id.id)
        }
        Compare(t, a, b) => {
            let tr = &hb.ladder.tracks[t];
            urls::compare(&tr.id.id, &tr.levels[a].id.id, &tr.levels[b].id.id)
        }
        Competency(c) => urls::competency(&hb.ladder.competencies[c].id.id),
        HiringIndex => urls::HIRING.into(),
        Stage(s) => urls::stage(&hb.hiring.stages[s].id.id),
        Leaving => urls::LEAVING.into(),
        Print => urls::PRINT.into(),
        NotFound => "404.html".into(),
    }
}

/// The output file of the page `job`: `roles/sre/index.html`, `404.html`.
pub(crate) fn output_path(site: &Site, job: Job) -> String {
    match job {
        Job::NotFound => "404.html".to_string(),
        _ => urls::output_file(&job_url(site, job)),
    }
}
