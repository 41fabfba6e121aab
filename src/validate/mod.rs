//! The handbook's own rules, run over the validated model. Each family is a module; all push
//! into one sink so a run reports every problem. Reference and id rules run where the data
//! is resolved (`resolve`); [`links`] checks the links the Markdown renderer found.

mod ladder;
pub(crate) mod links;
mod org;
mod pages;
pub(crate) mod rules;
mod values;

pub(crate) use pages::is_stale;

use crate::diag::Diags;
use crate::model::{Date, Handbook};

/// Runs every model rule.
pub(crate) fn run(hb: &Handbook, today: Date, diags: &mut Diags) {
    values::check(hb, diags);
    org::check(hb, diags);
    ladder::check(hb, diags);
    pages::check(hb, today, diags);
}
