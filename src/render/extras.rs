//! The files beside the pages: search index, sitemap, `handbook.json`, `.nojekyll`, `CNAME`,
//! theme assets and the handbook's `static/` folder.

use rayon::prelude::*;

use super::jobs::{Job, job_url, jobs};
use super::theme::{Asset, RenderError, Theme};
use crate::output::Sink;
use crate::resolve::Site;

/// Writes every non-page file; returns how many.
pub(crate) fn write_extras(
    site: &Site,
    theme: &Theme,
    sink: &dyn Sink,
) -> Result<usize, RenderError> {
    let search = || -> anyhow::Result<()> {
        // Browsers refuse fetch() from file://, but load scripts: the same index as a script,
        // serialized once (5.7 MB at 10,000 pages).
        const PREFIX: &[u8] = b"window.HANDBOOK_SEARCH_INDEX = ";
        let mut js = PREFIX.to_vec();
        serde_json::to_writer(&mut js, &super::search::search_index(site))?;
        let json_len = js.len() - PREFIX.len();
        sink.put_with("search-index.json", json_len, &mut |out| {
            out.write_all(&js[PREFIX.len()..])
        })?;
        js.extend_from_slice(b";\n");
        sink.put("search-index.js", js)
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
                Asset::Disk(from) => sink.copy(path, from)?,
            }
            count += 1;
        }
        let statics = &site.tree.statics;
        statics.par_iter().try_for_each(|rel| {
            let out = rel.strip_prefix("static/").unwrap_or(rel);
            sink.copy(out, &site.tree.root.join(rel))
        })?;
        Ok(count + statics.len())
    };
    let ((a, b), c) = rayon::join(|| rayon::join(search, export), files);
    a?;
    b?;
    Ok(c? + 3)
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
