//! `handbook diff [BASE] [HEAD]`: what changed in the handbook's model, for a reviewer.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::common::{Global, Status, err, out};
use crate::diff::{self, Request, render};

/// Arguments of `handbook diff`.
#[derive(Args, Debug)]
pub(crate) struct DiffArgs {
    /// The old side: a git revision or a folder (default: the merge base of HEAD and the
    /// default branch).
    base: Option<String>,
    /// The new side: a git revision or a folder (default: the handbook folder as it is now,
    /// uncommitted changes included).
    head: Option<String>,
    /// The handbook folder (default: the current folder).
    #[arg(short = 's', long = "source", value_name = "DIR", default_value = ".")]
    source: PathBuf,
    /// Output format: `human`, `markdown` (for a pull request or `$GITHUB_STEP_SUMMARY`) or
    /// `json` (one array of changes).
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
}

/// Output formats of `handbook diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    /// Grouped, for a terminal.
    Human,
    /// Grouped Markdown, old → new wording.
    Markdown,
    /// One JSON array of changes.
    Json,
}

pub(super) fn run(args: &DiffArgs, g: Global) -> anyhow::Result<Status> {
    let report = diff::run(&Request {
        source: args.source.clone(),
        base: args.base.clone(),
        head: args.head.clone(),
    })?;
    match args.format {
        DiffFormat::Human => out(&render::human(&report))?,
        DiffFormat::Markdown => out(&render::markdown(&report))?,
        DiffFormat::Json => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            render::write_json(&report, &mut stdout)?;
            stdout.flush()?;
        }
    }
    // The Markdown says it itself; the others keep stdout to the changes.
    if args.format != DiffFormat::Markdown && !g.quiet {
        for note in &report.notes {
            err(&format!("warning: {note}\n"));
        }
    }
    Ok(Status::Success)
}
