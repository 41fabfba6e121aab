//! One file per kind of page: each builds the [`View`] of its pages from the model. A new kind
//! of page is a file here, a [`Job`] and a line in [`view`].

mod competencies;
mod hiring;
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
