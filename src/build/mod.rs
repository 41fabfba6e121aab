//! The one build entry: `handbook build`, `check` and `serve` all load a handbook with
//! [`load`] (discover → parse → resolve → validate) and render it with [`render`]; [`run`] is
//! the whole of `handbook build`, [`check`] the whole of `handbook check`.

mod load;

pub(crate) use crate::resolve::{Options, Site};
pub(crate) use load::{Caches, discover_tree, drop_later, load, load_tree_cached};

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diag::{Diagnostic, Severity};
use crate::output::{Discard, Sink, Staging, check_output};
use crate::render::{Job, RenderError, Renderer, Stats, Theme, extras, jobs};

/// What to render.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Outputs<'a> {
    /// Every page and file.
    Everything,
    /// These pages only.
    Pages(&'a [Job]),
    /// What shows the whole handbook at once: the print and 404 pages, the search index,
    /// `handbook.json`, the sitemap, theme assets and static files.
    WholeSite,
}

/// Pages done and pages to do, for a progress line.
#[derive(Debug, Default)]
pub(crate) struct Progress {
    /// Pages rendered so far.
    pub(crate) done: AtomicUsize,
    /// Pages to render.
    pub(crate) total: AtomicUsize,
}

/// Renders `outputs` of `site` with `theme` into `sink`.
pub(crate) fn render(
    site: &Site,
    theme: &Theme,
    outputs: Outputs,
    sink: &dyn Sink,
    progress: &Progress,
) -> Result<Stats, RenderError> {
    let renderer = Renderer::new(site, theme, &progress.done);
    let stats = match outputs {
        Outputs::Everything => {
            let pages = jobs(site);
            progress.total.store(pages.len(), Ordering::Relaxed);
            let (rendered, files) = rayon::join(
                || renderer.render_pages(&pages, sink),
                || extras::write_extras(site, theme, sink),
            );
            rendered?;
            Stats {
                pages: pages.len(),
                files: files?,
            }
        }
        Outputs::Pages(pages) => {
            progress.total.store(pages.len(), Ordering::Relaxed);
            renderer.render_pages(pages, sink)?;
            Stats {
                pages: pages.len(),
                files: 0,
            }
        }
        Outputs::WholeSite => {
            let pages = [Job::Print, Job::NotFound];
            let (rendered, files) = rayon::join(
                || renderer.render_pages(&pages, sink),
                || extras::write_extras(site, theme, sink),
            );
            rendered?;
            Stats {
                pages: pages.len(),
                files: files?,
            }
        }
    };
    Ok(stats)
}

/// The fingerprint of every page `serve` keeps up to date page by page (all but the print
/// page), by output path: see [`Renderer::fingerprint`].
pub(crate) fn fingerprints(site: &Site, theme: &Theme) -> std::collections::HashMap<String, u64> {
    use rayon::prelude::*;
    let progress = AtomicUsize::new(0);
    let renderer = Renderer::new(site, theme, &progress);
    jobs(site)
        .par_iter()
        .filter_map(|&job| {
            let print = renderer.fingerprint(job)?;
            Some((crate::render::jobs::output_path(site, job), print))
        })
        .collect()
}

/// What `handbook build` is asked to do.
#[derive(Clone, Debug)]
pub(crate) struct Request {
    /// The handbook folder.
    pub(crate) root: PathBuf,
    /// Where the site goes.
    pub(crate) output: PathBuf,
    /// How to load it.
    pub(crate) options: Options,
    /// Refuse to build when there are warnings.
    pub(crate) strict: bool,
}

/// How `handbook build` ended.
pub(crate) enum Outcome {
    /// The site was written.
    Written(Stats),
    /// The handbook has errors (or warnings, with `strict`): its diagnostics say which.
    Refused,
    /// A template of the handbook or its theme failed: these diagnostics say where.
    TemplateFailed(Vec<Diagnostic>),
}

/// `handbook build`: loads and checks the handbook, renders it into a staging folder beside
/// the output and swaps that in only when everything succeeded. Returns the loaded site (for
/// its diagnostics) and how it ended; `Err` for operational failures (the output can't be
/// written).
pub(crate) fn run(request: &Request, progress: &Progress) -> anyhow::Result<(Site, Outcome)> {
    check_output(&request.root, &request.output)?;
    let site = load(
        &request.root,
        &request.options,
        std::slice::from_ref(&request.output),
    )?;
    if refuses(&site.diagnostics, request.strict) {
        return Ok((site, Outcome::Refused));
    }
    let theme = match Theme::compile(&site.overrides, &site.sources) {
        Ok(theme) => theme,
        Err(e) => return template_failed(site, e),
    };
    let staging = Staging::new(&request.output)?;
    let stats = match render(&site, &theme, Outputs::Everything, &staging, progress) {
        Ok(stats) => stats,
        Err(e) => return template_failed(site, e),
    };
    staging.commit()?;
    // The process exits soon: freeing the compiled templates piece by piece is wasted time.
    std::mem::forget(theme);
    Ok((site, Outcome::Written(stats)))
}

fn template_failed(site: Site, e: RenderError) -> anyhow::Result<(Site, Outcome)> {
    match e {
        RenderError::Content(diags) => Ok((site, Outcome::TemplateFailed(diags))),
        RenderError::Internal(e) => Err(e),
    }
}

/// True when `diagnostics` stop a build: any error, or any warning with `strict`.
pub(crate) fn refuses(diagnostics: &[Diagnostic], strict: bool) -> bool {
    diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error || strict)
}

/// `handbook check`: loads and checks the handbook, and compiles its templates so an error in
/// an override is reported now, not at the next build. When the handbook overrides templates
/// (its `templates/` or a theme folder), every page is rendered too, into nothing: a template
/// can fail on one page only, and what `build` would refuse, `check` must report. The
/// built-in templates are tested with the code, so without overrides this is skipped.
pub(crate) fn check(root: &std::path::Path, options: &Options) -> anyhow::Result<Site> {
    let mut site = load(root, options, &[root.join("public")])?;
    let found = match Theme::compile(&site.overrides, &site.sources) {
        Ok(theme) if overridden(&site) && !site.has_errors() => {
            match render(
                &site,
                &theme,
                Outputs::Everything,
                &Discard,
                &Progress::default(),
            ) {
                Ok(_) => Vec::new(),
                Err(RenderError::Content(found)) => found,
                Err(RenderError::Internal(e)) => return Err(e),
            }
        }
        Ok(_) => Vec::new(),
        Err(RenderError::Content(found)) => found,
        Err(RenderError::Internal(e)) => return Err(e),
    };
    if !found.is_empty() {
        site.diagnostics.extend(found);
        let sources = &site.sources;
        site.diagnostics.sort_by(|a, b| {
            let (fa, fb) = (&sources.get(a.span.file).rel, &sources.get(b.span.file).rel);
            fa.cmp(fb).then(a.span.start.cmp(&b.span.start))
        });
    }
    Ok(site)
}

/// True when the handbook brings templates of its own.
fn overridden(site: &Site) -> bool {
    !site.overrides.templates.is_empty() || site.overrides.theme_root.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Memory;
    use crate::testing::{minimal, write};

    /// A file listed as a regular file and swapped for a link out of the handbook before it is
    /// read or copied (the race of issue 19, made deterministic) is never read through it.
    #[test]
    fn links_swapped_in_after_discovery_are_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("hb");
        minimal(&dir);
        write(&dir, "static/race.txt", "harmless");
        write(&dir, "pages/race.md", "# Race\n");
        std::fs::write(tmp.path().join("secret.txt"), "SECRET-FILE").unwrap();
        std::fs::write(tmp.path().join("secret.md"), "# SECRET-PAGE\n").unwrap();
        let tree = crate::discover::discover(&dir, &[], &Default::default()).unwrap();
        for (rel, secret) in [
            ("static/race.txt", "secret.txt"),
            ("pages/race.md", "secret.md"),
        ] {
            std::fs::remove_file(dir.join(rel)).unwrap();
            std::os::unix::fs::symlink(tmp.path().join(secret), dir.join(rel)).unwrap();
        }
        let site = load::load_tree(tree, &Options::default());
        let d = site
            .diagnostics
            .iter()
            .find(|d| site.sources.get(d.span.file).rel == "pages/race.md")
            .expect("the page is reported");
        assert!(d.message.contains("outside"), "{}", d.message);
        assert!(
            site.sources.iter().all(|(_, f)| !f.text.contains("SECRET")),
            "the page was not read"
        );
        let theme = Theme::compile(&site.overrides, &site.sources).unwrap();
        let sink = Memory::new();
        let result = render(
            &site,
            &theme,
            Outputs::Everything,
            &sink,
            &Progress::default(),
        );
        let Err(RenderError::Internal(e)) = result else {
            panic!("the copy must fail");
        };
        assert!(format!("{e:#}").contains("static/race.txt"), "{e:#}");
        assert!(
            sink.into_files()
                .values()
                .all(|b| !String::from_utf8_lossy(b).contains("SECRET")),
            "nothing of the file outside reached the site"
        );
        let out = tmp.path().join("site");
        let staging = Staging::new(&out).unwrap();
        assert!(
            render(
                &site,
                &theme,
                Outputs::Everything,
                &staging,
                &Progress::default()
            )
            .is_err()
        );
    }
}
