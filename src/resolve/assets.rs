//! The files next to the pages (images, diagrams, PDFs): each is published at the same place
//! relative to the pages folder, with its folders named as the pages' are (`field marketing/` →
//! `field-marketing/`) and its own name kept. One that would replace a page or a generated file
//! is an error naming both.

use std::collections::HashMap;

use super::lowerer::Lowerer;
use super::names::{is_generated_file, is_reserved, url_segment};
use crate::diag::{Code, Diagnostic};
use crate::model::{Asset, Config, Page};
use crate::source::Span;

impl Lowerer<'_> {
    /// The published files of `assets` (paths relative to the root), next to `pages`.
    pub(super) fn assets(
        &mut self,
        assets: &[String],
        statics: &[String],
        config: &Config,
        pages: &[Page],
        areas: &[&str],
    ) -> Vec<Asset> {
        if assets.is_empty() {
            return Vec::new();
        }
        let pages_dir = config.settings.pages_dir.as_str();
        let page_files: HashMap<String, Option<crate::source::FileId>> = pages
            .iter()
            .map(|p| (format!("{}index.html", p.url), p.file))
            .collect();
        let statics: HashMap<&str, &str> = statics
            .iter()
            .map(|s| (s.strip_prefix("static/").unwrap_or(s), s.as_str()))
            .collect();
        let mut out = Vec::with_capacity(assets.len());
        for source in assets {
            let under = if pages_dir.is_empty() {
                Some(source.as_str())
            } else {
                source
                    .strip_prefix(pages_dir)
                    .and_then(|r| r.strip_prefix('/'))
            };
            let Some(under) = under else { continue };
            let (folder, name) = under.rsplit_once('/').unwrap_or(("", under));
            let mut segments = Vec::new();
            for part in folder.split('/').filter(|s| !s.is_empty()) {
                match url_segment(part) {
                    Ok(s) => segments.push(s),
                    Err(why) => {
                        self.asset_problem(source, format!("{source} is not published: `{part}` cannot be part of a URL because of {why}"), None);
                        break;
                    }
                }
            }
            if segments.len() != folder.split('/').filter(|s| !s.is_empty()).count() {
                continue;
            }
            segments.push(name.into());
            let url = segments.join("/");
            let top = segments[0].as_ref();
            if segments.len() > 1 && (is_reserved(top, areas) || is_generated_file(top)) {
                self.asset_problem(source, format!("{source} would be published under /{top}/, which the site uses for its own pages"), None);
                continue;
            }
            if segments.len() == 1 && is_generated_file(top) {
                self.asset_problem(
                    source,
                    format!("{source} would replace the site's own /{top}"),
                    None,
                );
                continue;
            }
            if let Some(page) = page_files.get(&url) {
                let other = page.map(Span::file_start);
                self.asset_problem(
                    source,
                    format!("{source} would replace the page published at /{url}"),
                    other,
                );
                continue;
            }
            if let Some(other) = statics.get(url.as_str()) {
                let other = self.sources.find(other).map(Span::file_start);
                self.asset_problem(
                    source,
                    format!(
                        "{source} and {} would both be published at /{url}",
                        statics[url.as_str()]
                    ),
                    other,
                );
                continue;
            }
            out.push(Asset {
                source: source.clone(),
                url,
            });
        }
        out
    }

    /// Reports the aliases of `pages` whose redirect page would replace a published file:
    /// one next to the pages (`assets`) or under `static/` (`statics`), compared without case
    /// as aliases are.
    pub(super) fn aliases_over_files(
        &mut self,
        pages: &[Page],
        assets: &[Asset],
        statics: &[String],
    ) {
        if pages.iter().all(|p| p.aliases.is_empty()) {
            return;
        }
        let files: HashMap<String, &str> = assets
            .iter()
            .map(|a| (a.url.to_lowercase(), a.source.as_str()))
            .chain(statics.iter().map(|s| {
                let url = s.strip_prefix("static/").unwrap_or(s);
                (url.to_lowercase(), s.as_str())
            }))
            .collect();
        for alias in pages.iter().flat_map(|p| &p.aliases) {
            // `/img/a.png/` is written as `img/a.png/index.html`: a folder where the file is.
            let path = alias.path.to_lowercase();
            let clash = path
                .match_indices('/')
                .map(|(i, _)| &path[..i])
                .chain([path.as_str()])
                .find_map(|at| files.get(at).map(|source| (at, source)));
            if let Some((folder, source)) = clash {
                self.diags.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        alias.span,
                        format!(
                            "the alias would replace the file {source}, published at /{folder}"
                        ),
                    )
                    .help("remove the alias, or move the file"),
                );
            }
        }
    }

    fn asset_problem(&mut self, source: &str, message: String, other: Option<Span>) {
        // Discovery gave every file next to the pages an (empty) entry in the source map.
        let file = self
            .sources
            .find(source)
            .unwrap_or(crate::source::FileId(0));
        let mut d = Diagnostic::new(Code::DuplicateId, Span::file_start(file), message)
            .help("rename or move the file");
        if let Some(other) = other {
            d = d.label(other, "this page has the same URL");
        }
        self.diags.push(d);
    }
}
