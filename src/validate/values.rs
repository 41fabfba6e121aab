//! Core-value rules: every role maps to values, every trait derives from one, every value is
//! used by a role and assessed by the hiring pipeline, and by the stages each role goes
//! through.

use crate::diag::{Code, Diagnostic, Diags};
use crate::model::{Handbook, Role};

pub(super) fn check(hb: &Handbook, diags: &mut Diags) {
    let value_list = || {
        let ids: Vec<&str> = hb.values.iter().map(|v| v.id.id.as_str()).collect();
        if ids.is_empty() {
            "define core values in values.yaml and list their ids under `values:`".to_string()
        } else {
            format!(
                "list the values this role leans on, e.g. `values: [{}]`",
                ids[..ids.len().min(2)].join(", ")
            )
        }
    };
    for role in &hb.roles {
        if role.values_listed == 0 {
            diags.push(
                Diagnostic::new(
                    Code::RoleWithoutValues,
                    role.values_span,
                    format!("role `{}` maps to no core value", role.id.id),
                )
                .help(value_list()),
            );
        }
        for t in role.traits.iter().filter(|t| !t.names_value) {
            diags.push(
                Diagnostic::new(
                    Code::TraitWithoutValue,
                    t.span,
                    format!(
                        "trait \"{}\" of role `{}` doesn't name the core value it derives from",
                        t.name, role.id.id
                    ),
                )
                .help("add `value: <value-id>` to the trait"),
            );
        }
    }
    if !hb.index.failed.hiring {
        for role in &hb.roles {
            role_values_assessed(hb, role, diags);
        }
    }
    // A role or hiring file that failed to load may well use a value: its own error is
    // reported, and "unused" would be a guess (an indentation slip in a role used to warn
    // about every value that role maps to).
    let failed = &hb.index.failed;
    for (i, value) in hb.values.iter().enumerate() {
        if failed.roles.is_empty() && !hb.roles.iter().any(|r| r.values.iter().any(|v| v.to == i)) {
            diags.push(
                Diagnostic::new(
                    Code::ValueUnused,
                    value.id.span,
                    format!("core value `{}` is not mapped to by any role", value.id.id),
                )
                .help("add it to the `values:` of the roles that lean on it, or retire it"),
            );
        }
        if !failed.hiring
            && !hb
                .hiring
                .stages
                .iter()
                .any(|s| s.assesses.iter().any(|v| v.to == i))
        {
            let help = if hb.hiring.stages.is_empty() {
                "there is no hiring pipeline: add hiring.yaml with stages that assess it"
                    .to_string()
            } else {
                format!(
                    "add `{}` to the `assesses:` of the hiring stage that should look for it",
                    value.id.id
                )
            };
            diags.push(
                Diagnostic::new(
                    Code::ValueNotAssessed,
                    value.id.span,
                    format!(
                        "core value `{}` is not assessed by any hiring stage",
                        value.id.id
                    ),
                )
                .help(help),
            );
        }
    }
}

/// A role that goes through only some hiring stages (`hiring_stages:`) must be assessed on each
/// of its values by one of them: a value the pipeline assesses only in a stage this role skips
/// is one its candidates are never assessed on. A value no stage assesses at all is reported
/// once, on the value, not again on every role; a role going through every stage is covered by
/// that handbook-wide check.
fn role_values_assessed(hb: &Handbook, role: &Role, diags: &mut Diags) {
    let Some(own) = &role.hiring_stages else {
        return;
    };
    let stages = &hb.hiring.stages;
    let mut applying: Vec<usize> = own.iter().map(|s| s.to).collect();
    applying.sort_unstable();
    applying.dedup();
    let mut seen = Vec::new();
    for value in &role.values {
        if seen.contains(&value.to) {
            continue;
        }
        seen.push(value.to);
        let assessed_by = |s: &usize| stages[*s].assesses.iter().any(|v| v.to == value.to);
        let elsewhere: Vec<&str> = (0..stages.len())
            .filter(|s| assessed_by(s))
            .map(|s| stages[s].id.id.as_str())
            .collect();
        if elsewhere.is_empty() || applying.iter().any(assessed_by) {
            continue;
        }
        let id = &hb.values[value.to].id.id;
        let names = |ids: &[&str]| {
            ids.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let applying_ids: Vec<&str> = applying.iter().map(|&s| stages[s].id.id.as_str()).collect();
        let why = if applying_ids.is_empty() {
            "it goes through no hiring stage".to_string()
        } else {
            format!(
                "none of its hiring stages ({}) assesses it",
                names(&applying_ids)
            )
        };
        diags.push(
            Diagnostic::new(
                Code::ValueNotAssessed,
                value.span,
                format!(
                    "role `{}` is not assessed on its core value `{id}`: {why}",
                    role.id.id
                ),
            )
            .help(if applying_ids.is_empty() {
                format!(
                    "add a stage that assesses it ({}) to this role's `hiring_stages:`",
                    names(&elsewhere)
                )
            } else {
                format!(
                    "add `{id}` to the `assesses:` of one of those stages, or add a stage that \
                     assesses it ({}) to this role's `hiring_stages:`",
                    names(&elsewhere)
                )
            }),
        );
    }
}
