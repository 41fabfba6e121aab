//! `handbook schema [KIND]`: the JSON Schema of a YAML file kind.

use clap::Args;

use super::common::{Status, err, out};
use crate::model::Kind;

/// Arguments of `handbook schema`.
#[derive(Args, Debug)]
pub(crate) struct SchemaArgs {
    /// handbook, values, role, ladder, hiring, leaving or front-matter; lists the kinds when
    /// omitted.
    kind: Option<String>,
}

pub(super) fn run(args: &SchemaArgs) -> anyhow::Result<Status> {
    let Some(name) = &args.kind else {
        let mut text = String::new();
        for kind in Kind::ALL {
            text.push_str(&format!("{:<13} {}\n", kind.name(), kind.noun()));
        }
        out(&text)?;
        return Ok(Status::Success);
    };
    let Some(kind) = Kind::from_name(name) else {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        err(&format!(
            "error: unknown kind `{name}`; kinds: {}\n",
            names.join(", ")
        ));
        return Ok(Status::Error);
    };
    out(&schema_text(kind))?;
    Ok(Status::Success)
}

/// The schema of `kind` as printed (pretty JSON and a newline).
pub(crate) fn schema_text(kind: Kind) -> String {
    let mut text =
        serde_json::to_string_pretty(kind.json_schema().as_value()).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}
