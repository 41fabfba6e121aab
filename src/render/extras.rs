//! The files beside the pages: search index, sitemap, `handbook.json`, `.nojekyll`, `CNAME`,
//! theme assets, the handbook's `static/` folder, the files next to its pages, and the
//! redirect pages of their old URLs (`aliases:`).

use rayon::prelude::*;

use super::jobs::{Job, job_url, jobs};
use super::theme::{Asset, RenderError, Theme};
use crate::confined::Inside;
use crate::output::Sink;
use crate::resolve::Site;

/// Writes every non-page file; returns how many.
pub(crate) fn write_extras(
    site: &Site,
    theme: &Theme,
    sink: &dyn Sink,
) -> Result<usize, RenderError> {
    let search = || -> anyhow::Result<usize> {
        let docs = super::search::documents(site);
        super::search::index::write(&docs, sink)
    };
    let export = || -> anyhow::Result<()> {
        let model = serde_json::to_vec(&super::export::export(site))?;
        sink.put("handbook.json", model)
    };
    let files = || -> anyhow::Result<usize> {
        let mut count = 1;
        sink.put(".nojekyll", Vec::new())?;
        if let Some(cname) = &site.handbook.config.cname {
            sink.put("CNAME", format!("{}\n", cname.trim()).into_bytes())?;
            count += 1;
        }
        if let Some(base) = &site.handbook.config.base_url {
            sink.put("sitemap.xml", sitemap(site, base).into_bytes())?;
            sink.put(
                "robots.txt",
                format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n").into_bytes(),
            )?;
            count += 2;
        }
        for (path, asset) in &theme.assets {
            match asset {
                Asset::Embedded(bytes) => sink.put(path, bytes.to_vec())?,
                Asset::Disk(root, rel) => sink.copy(path, Inside { root, rel })?,
            }
            count += 1;
        }
        let kits = super::jobs::kits(site);
        for &(r, l) in &kits {
            let hb = &site.handbook;
            let role = &hb.roles[r];
            let t = role.track.expect("kits exist for roles on a track").to;
            let path =
                crate::model::urls::job_markdown(&role.id.id, &hb.ladder.tracks[t].levels[l].id.id);
            sink.put(
                &path,
                super::kinds::job::job_markdown(site, r, l).into_bytes(),
            )?;
        }
        count += kits.len();
        let tracks = &site.handbook.ladder.tracks;
        for (t, track) in tracks.iter().enumerate() {
            let csv = super::csv::track_csv(site, t);
            sink.put(
                &crate::model::urls::track_csv(&track.id.id),
                csv.into_bytes(),
            )?;
        }
        count += tracks.len();
        let statics = &site.tree.statics;
        statics.par_iter().try_for_each(|rel| {
            let out = rel.strip_prefix("static/").unwrap_or(rel);
            sink.copy(
                out,
                Inside {
                    root: &site.tree.root,
                    rel,
                },
            )
        })?;
        let assets = &site.handbook.assets;
        assets.par_iter().try_for_each(|a| {
            sink.copy(
                &a.url,
                Inside {
                    root: &site.tree.root,
                    rel: &a.source,
                },
            )
        })?;
        let mut redirects = 0;
        for page in &site.handbook.pages {
            for alias in &page.aliases {
                sink.put(&alias.path, redirect(site, &alias.path, page).into_bytes())?;
                redirects += 1;
            }
        }
        Ok(count + statics.len() + assets.len() + redirects)
    };
    let ((a, b), c) = rayon::join(|| rayon::join(search, export), files);
    b?;
    // `handbook.json`, the search index's files and the rest.
    Ok(1 + a? + c?)
}

/// The page at an old URL of `page` (its output file `from`): a relative refresh to the page,
/// a canonical link (absolute when the base URL is known), and a link for readers whose
/// browser doesn't follow the refresh.
fn redirect(site: &Site, from: &str, page: &crate::model::Page) -> String {
    use crate::markdown::{encode_path, escape_attr};
    let depth = from.matches('/').count();
    let to = format!("{}{}", "../".repeat(depth), encode_path(&page.url));
    let to = if to.is_empty() { "./".to_string() } else { to };
    let canonical = match &site.handbook.config.base_url {
        Some(base) => format!("{base}{}", encode_path(&page.url)),
        None => to.clone(),
    };
    let (to, canonical, title) = (
        escape_attr(&to),
        escape_attr(&canonical),
        escape_attr(&page.title),
    );
    let lang = escape_attr(&site.handbook.config.language);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta http-equiv=\"refresh\" content=\"0; url={to}\">\n<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{to}\">{title}</a>.</p>\n</body>\n</html>\n"
    )
}

/// `sitemap.xml`: every page at its absolute URL.
pub(crate) fn sitemap(site: &Site, base: &str) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for job in jobs(site) {
        if job == Job::NotFound {
            continue;
        }
        let url = job_url(site, job);
        out.push_str("  <url><loc>");
        // The sitemap protocol wants RFC 3986 URLs: `/équipe/` as `/%C3%A9quipe/`.
        let url = crate::markdown::encode_path(&url);
        out.push_str(&crate::markdown::escape_attr(&format!("{base}{url}")));
        out.push_str("</loc>");
        if let Job::Page(i) = job {
            if let Some(d) = site.handbook.pages[i].reviewed {
                out.push_str(&format!("<lastmod>{d}</lastmod>"));
            }
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
