//! `handbook build`: check, render into a staging folder, swap it in.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::Args;

use super::common::{Global, SourceArg, Status, err, print_human};
use crate::build::{self, Options, Outcome, Progress, Request};
use crate::diag::render::summary;
use crate::output::LeftBehind;

/// Arguments of `handbook build`.
#[derive(Args, Debug)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub(super) source: SourceArg,
    /// Where to write the site (default: DIR/public).
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Absolute URL the site is published at (overrides `base_url` of handbook.yaml).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Refuse to build when there are warnings.
    #[arg(long)]
    strict: bool,
}

/// Builds with more pages than this show a progress line on a terminal.
const PROGRESS_FROM: usize = 500;

pub(super) fn run(args: &BuildArgs, g: Global) -> anyhow::Result<Status> {
    let started = Instant::now();
    let root = args.source.path();
    let output = args.output.clone().unwrap_or_else(|| root.join("public"));
    if let Some(url) = &args.base_url {
        if let Some(problem) = crate::model::urls::http_url_problem(url) {
            err(&format!(
                "error: --base-url must be an absolute http(s) URL, got `{}`: {problem}\n",
                url.escape_debug()
            ));
            return Ok(Status::Error);
        }
    }
    let request = Request {
        root: root.clone(),
        output: output.clone(),
        options: Options {
            drafts: args.drafts,
            base_url: args.base_url.clone(),
            ..Options::default()
        },
        strict: args.strict,
    };
    let progress = Progress::default();
    let done = AtomicBool::new(false);
    let show_progress = !g.quiet && std::io::stderr().is_terminal();
    let result = std::thread::scope(|scope| {
        if show_progress {
            scope.spawn(|| show(&progress, &done));
        }
        let result = build::run(&request, &progress);
        done.store(true, Ordering::Relaxed);
        result
    });
    let (site, outcome) = match result {
        Ok(r) => r,
        Err(e) if e.downcast_ref::<LeftBehind>().is_some() => {
            // Built and in place, but the previous site is still on disk beside it.
            err(&format!("error: {e:#}\n"));
            return Ok(Status::Error);
        }
        Err(e) => {
            err(&format!(
                "error: {e:#}\nhandbook: not built; the previous site is left untouched\n"
            ));
            return Ok(Status::Error);
        }
    };
    print_human(&site.diagnostics, &site.sources, &root, g);
    let stats = match outcome {
        Outcome::Refused => {
            err(&format!(
                "handbook: not built: {}{}; {} left untouched\n",
                summary(&site.diagnostics),
                if args.strict && !site.has_errors() {
                    " (--strict)"
                } else {
                    ""
                },
                output.display()
            ));
            return Ok(Status::Failure);
        }
        Outcome::TemplateFailed(diags) => {
            print_human(&diags, &site.sources, &root, g);
            err("handbook: not built: a template failed; the previous site is left untouched\n");
            return Ok(Status::Failure);
        }
        Outcome::Written(stats) => stats,
    };
    if !g.quiet {
        let warnings = if site.diagnostics.is_empty() {
            String::new()
        } else {
            format!(" with {}", summary(&site.diagnostics))
        };
        err(&format!(
            "Built {} pages ({} files) into {}{warnings} in {} ms\n",
            stats.pages,
            stats.pages + stats.files,
            output.display(),
            started.elapsed().as_millis()
        ));
        if g.verbose {
            let mut lines = String::new();
            let mut loading = Duration::ZERO;
            for (stage, took) in &site.timings {
                lines.push_str(&format!("  {stage}: {} ms\n", took.as_millis()));
                loading += *took;
            }
            lines.push_str(&format!(
                "  render and write: {} ms\n",
                started.elapsed().saturating_sub(loading).as_millis()
            ));
            err(&lines);
        }
    }
    // The process exits next: freeing a large site piece by piece took a tenth of a
    // 10,000-page build, on one thread, for memory the OS reclaims at once anyway.
    std::mem::forget(site);
    Ok(Status::Success)
}

fn show(progress: &Progress, done: &AtomicBool) {
    let mut shown = false;
    while !done.load(Ordering::Relaxed) {
        let total = progress.total.load(Ordering::Relaxed);
        if total >= PROGRESS_FROM {
            let n = progress.done.load(Ordering::Relaxed);
            err(&format!("\rRendering pages {n}/{total}"));
            shown = true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    if shown {
        err("\r\x1b[2K");
    }
}
