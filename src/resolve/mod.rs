//! The resolve stage: raw types → the validated [`Handbook`], then every Markdown text rendered
//! with its links resolved.
//!
//! Lowering checks ids, resolves every reference to an index (reporting `invalid-id`,
//! `duplicate-id` and `unknown-reference` on the way) and gives each Markdown text an [`MdId`];
//! one file per kind of entity (`values.rs`, `roles.rs`...) holds its part of [`Lowerer`]. Raw
//! structs are taken apart by exhaustive destructuring, so a new field that nobody lowers is a
//! compile error. [`links`] resolves link destinations, [`markdown`] renders the texts.

mod assets;
mod config;
mod hiring;
mod ladder;
mod leaving;
pub(crate) mod links;
mod lowerer;
pub(crate) mod markdown;
mod names;
mod pages;
mod roles;
mod settings;
pub(crate) mod site;
mod values;

pub(crate) use site::{Options, Site};

pub(crate) use lowerer::LowerOptions;

use crate::diag::Diags;
use crate::model::{Failed, Handbook, Index};
use crate::parse::RawHandbook;
use crate::source::SourceMap;
use lowerer::{Lowerer, file_stem};

/// Lowers everything parsed into the validated model.
pub(crate) fn lower(
    raw: &RawHandbook,
    sources: &SourceMap,
    options: LowerOptions,
    diags: &mut Diags,
) -> Handbook {
    use crate::model::Kind;
    let failed = Failed {
        values: raw.present.contains(&Kind::Values) && raw.values.is_none(),
        ladder: raw.present.contains(&Kind::Ladder) && raw.ladder.is_none(),
        hiring: raw.present.contains(&Kind::Hiring) && raw.hiring.is_none(),
        roles: raw
            .failed_roles
            .iter()
            .map(|&f| file_stem(&sources.get(f).rel).to_string())
            .collect(),
    };
    let mut l = Lowerer {
        sources,
        diags,
        markdown: Vec::new(),
        index: Index {
            failed,
            ..Index::default()
        },
        present: raw.present.clone(),
    };
    let config = l.config(raw.config.as_ref());
    let (values_intro, values) = l.values(raw.values.as_ref());
    // Ids first, so references between roles, the ladder and hiring resolve in any order.
    let role_ids = l.role_ids(&raw.roles);
    let ladder = l.ladder(raw.ladder.as_ref());
    let hiring = l.hiring(raw.hiring.as_ref());
    let roles = l.roles(&raw.roles, &role_ids, &ladder);
    let leaving = l.leaving(raw.leaving.as_ref());
    // The generated pages this handbook has, whose top-level URLs pages cannot take.
    let areas: Vec<&str> = [
        ("values", !values.is_empty()),
        ("roles", !roles.is_empty()),
        ("ladder", !ladder.tracks.is_empty()),
        ("hiring", !hiring.stages.is_empty()),
        ("leaving", leaving.is_some()),
    ]
    .into_iter()
    .filter_map(|(area, present)| present.then_some(area))
    .collect();
    let tree = l.pages(&raw.pages, &config, options, &areas);
    let assets = l.assets(&raw.assets, &raw.statics, &config, &tree.pages, &areas);
    l.aliases_over_files(&tree.pages, &assets, &raw.statics);
    Handbook {
        config,
        values_intro,
        values,
        roles,
        ladder,
        hiring,
        leaving,
        pages: tree.pages,
        intros: tree.intros,
        assets,
        markdown: l.markdown,
        index: l.index,
    }
}
