//! `handbook build`: check, render into a staging folder, swap it in.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::Args;

use super::check::status;
use super::{Global, SourceArg, Status, err, print_human};
use crate::build::{self, Options};
use crate::diag::render::summary;
use crate::output::{Staging, check_output};
use crate::render::{RenderError, Renderer, Theme, jobs};

/// Arguments of `handbook build`.
#[derive(Args, Debug)]
pub struct BuildArgs {
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
    if let Err(e) = check_output(&root, &output) {
        err(&format!("error: {e:#}\n"));
        return Ok(Status::Error);
    }
    if let Some(url) = &args.base_url {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            err(&format!(
                "error: --base-url must be an absolute http(s) URL, got `{url}`\n"
            ));
            return Ok(Status::Error);
        }
    }
    let options = Options {
        drafts: args.drafts,
        base_url: args.base_url.clone(),
        ..Options::default()
    };
    let site = build::load(&root, &options, std::slice::from_ref(&output))?;
    let loaded = started.elapsed();
    print_human(&site.diagnostics, &site.sources, &root, g);
    let failed = status(&site.diagnostics, args.strict);
    if failed != Status::Success {
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
        return Ok(failed);
    }
    let theme = match Theme::compile(&site.overrides, &site.sources) {
        Ok(t) => t,
        Err(e) => return Ok(render_failed(e, &site, &root, g)),
    };
    let renderer = Renderer::new(&site, &theme);
    let staging = Staging::new(&output)?;
    let total = jobs(&site).len();
    let done = AtomicBool::new(false);
    let show_progress = !g.quiet && total >= PROGRESS_FROM && std::io::stderr().is_terminal();
    let result = std::thread::scope(|scope| {
        if show_progress {
            scope.spawn(|| progress(&renderer, total, &done));
        }
        let r = renderer.render_all(&staging);
        done.store(true, Ordering::Relaxed);
        r
    });
    let stats = match result {
        Ok(stats) => stats,
        Err(e) => return Ok(render_failed(e, &site, &root, g)),
    };
    staging.commit()?;
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
            for (stage, took) in &site.timings {
                lines.push_str(&format!("  {stage}: {} ms\n", took.as_millis()));
            }
            lines.push_str(&format!(
                "  render and write: {} ms\n",
                (started.elapsed() - loaded).as_millis()
            ));
            err(&lines);
        }
    }
    // The process exits next: freeing a large site piece by piece took a tenth of a
    // 10,000-page build, on one thread, for memory the OS reclaims at once anyway.
    std::mem::forget(renderer);
    std::mem::forget(theme);
    std::mem::forget(site);
    Ok(Status::Success)
}

fn render_failed(e: RenderError, site: &build::Site, root: &std::path::Path, g: Global) -> Status {
    match e {
        RenderError::Content(diags) => {
            print_human(&diags, &site.sources, root, g);
            err("handbook: not built: a template failed; the previous site is left untouched\n");
            Status::Failure
        }
        RenderError::Internal(e) => {
            err(&format!(
                "error: {e:#}\nhandbook: not built; the previous site is left untouched\n"
            ));
            Status::Error
        }
    }
}

fn progress(r: &Renderer, total: usize, done: &AtomicBool) {
    while !done.load(Ordering::Relaxed) {
        let n = r.progress.load(Ordering::Relaxed);
        err(&format!("\rRendering pages {n}/{total}"));
        std::thread::sleep(Duration::from_millis(100));
    }
    err("\r\x1b[2K");
}
