//! One file per kind of page: each builds the [`View`] of its pages from the model. A new kind
//! of page is a file here, a [`Job`] and a line in [`view`].

mod compare;
mod competencies;
mod hiring;
mod interview;
pub(crate) mod job;
mod ladder;
mod leaving;
mod level;
mod pages;
mod print;
mod roles;
mod values;

use super::frame::View;
use super::jobs::Job;
use super::splice::Marks;
use crate::resolve::Site;

/// The view of the page `job`; `marks` makes the print page's placeholders.
pub(crate) fn view(site: &Site, job: Job, marks: &Marks) -> View {
    match job {
        Job::Page(i) => pages::page(site, i),
        Job::ValuesIndex => values::values_index(site),
        Job::Value(i) => values::value(site, i),
        Job::RolesIndex => roles::roles_index(site),
        Job::Role(i) => roles::role(site, i),
        Job::Interview(r, l) => interview::interview(site, r, l),
        Job::Posting(r, l) => job::job(site, r, l),
        Job::Compare(t, a, b) => compare::compare(site, t, a, b),
        Job::LadderIndex => ladder::ladder_index(site),
        Job::Track(t) => ladder::track(site, t),
        Job::Level(t, l) => level::level(site, t, l),
        Job::Competency(c) => competencies::competency(site, c),
        Job::HiringIndex => hiring::hiring_index(site),
        Job::Stage(s) => hiring::stage(site, s),
        Job::Leaving => leaving::leaving(site),
        Job::Print => print::print(site, marks),
        Job::NotFound => pages::not_found(site),
    }
}
