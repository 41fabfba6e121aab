//! `handbook check`: every rule, in the format the reader needs.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::common::{
    Global, SourceArg, Status, broken_pipe, display_prefix, err, out, print_human,
};
use crate::build::{self, Options};
use crate::diag::render::{github, json, summary};

/// Arguments of `handbook check`.
#[derive(Args, Debug)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(super) source: SourceArg,
    /// Output format: `human` (stderr), `json` or `github` (stdout).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    strict: bool,
    /// Check draft pages too.
    #[arg(long)]
    drafts: bool,
}

/// Diagnostic output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// rustc-like, with the source line and a caret.
    Human,
    /// One JSON array.
    Json,
    /// GitHub Actions workflow commands.
    Github,
}

pub(super) fn run(args: &CheckArgs, g: Global) -> anyhow::Result<Status> {
    let root: PathBuf = args.source.path();
    let options = Options {
        drafts: args.drafts,
        ..Options::default()
    };
    let site = build::check(&root, &options)?;
    let diags = &site.diagnostics;
    let written = match args.format {
        Format::Human => {
            print_human(diags, &site.sources, &root, g);
            if diags.is_empty() && !g.quiet {
                err("handbook: no problems\n");
            }
            Ok(())
        }
        Format::Json => out(&json::render(diags, &site.sources)),
        Format::Github => {
            let prefix = display_prefix(&root).unwrap_or_default();
            let written = out(&github::render(diags, &site.sources, &prefix));
            if diags.is_empty() && !g.quiet {
                err(&format!("handbook: {}\n", summary(diags)));
            }
            written
        }
    };
    match written {
        // The reader stopped reading (`| head`): the verdict stands, whoever read it. Exiting
        // 0 here passed a handbook with errors through `set -o pipefail` scripts.
        Err(e) if !broken_pipe(&e) => Err(e),
        _ => Ok(status(diags, args.strict)),
    }
}

/// 1 on errors, or on warnings with `--strict`; 0 otherwise.
fn status(diags: &[crate::diag::Diagnostic], strict: bool) -> Status {
    if build::refuses(diags, strict) {
        Status::Failure
    } else {
        Status::Success
    }
}
