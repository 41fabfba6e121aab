//! Core-value rules: every role maps to values, every trait derives from one, every value is
//! used by a role and assessed by the hiring pipeline.

use crate::diag::{Code, Diagnostic, Diags};
use crate::model::Handbook;

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
