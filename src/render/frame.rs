//! What every page has around its own content — its title and meta data, breadcrumbs,
//! previous/next links and its place in the sidebar — as one [`Frame`], and the [`View`] a
//! page kind hands to the renderer.

use std::hash::{Hash, Hasher};

use serde::Serialize;

use super::nav::{self, Area, NavPlace};
use super::views::{Ctx, Link};
use crate::model::Handbook;
use crate::resolve::Site;

/// Context pieces every page has.
#[derive(Serialize)]
pub(crate) struct PageMeta {
    /// Which template family (`role`, `page`, ...), for CSS hooks.
    pub(crate) kind: &'static str,
    /// Title.
    pub(crate) title: String,
    /// Site-root-relative URL.
    pub(crate) url: String,
    /// Absolute URL when `base_url` is set.
    pub(crate) canonical: Option<String>,
    /// For `<meta name="description">`.
    pub(crate) description: Option<String>,
    /// "Edit this page" URL.
    pub(crate) edit_url: Option<String>,
    /// Owning role.
    pub(crate) owner: Option<Link>,
    /// Last review date.
    pub(crate) reviewed: Option<String>,
    /// Older than `review_after_days`.
    pub(crate) stale: bool,
    /// The id of the title: its heading's, when the title was the page's first heading (so
    /// links to `page.md#its-title` land), else `hb-title`.
    pub(crate) title_id: String,
    /// Front matter `extra:` of a free page.
    pub(crate) extra: Option<serde_json::Map<String, serde_json::Value>>,
}

impl PageMeta {
    /// Meta for a page of `kind` at `url`, edited in `source` (relative to the handbook).
    pub(crate) fn new(
        cx: &Ctx,
        kind: &'static str,
        title: &str,
        url: &str,
        source: Option<&str>,
    ) -> Self {
        let hb = cx.hb();
        PageMeta {
            kind,
            title: title.to_string(),
            url: url.to_string(),
            canonical: hb.config.base_url.as_ref().map(|b| format!("{b}{url}")),
            description: None,
            edit_url: source.and_then(|s| edit_url(cx.site, s)),
            owner: None,
            reviewed: None,
            stale: false,
            title_id: "hb-title".into(),
            extra: None,
        }
    }
}

/// The "Edit this page" URL of `source`, when the handbook names its repository. The
/// handbook's folder inside the repository is found from the nearest `.git`.
pub(crate) fn edit_url(site: &Site, source: &str) -> Option<String> {
    let config = &site.handbook.config;
    let repo = config.repository.as_ref()?;
    let path = format!("{}{source}", site.repo_prefix);
    Some(format!(
        "{repo}/edit/{}/{}",
        config.edit_branch,
        crate::markdown::encode_path(&path)
    ))
}

/// What a page's template sees, as named values in the order given. Kept as a list (not a
/// `tera::Context`) so a page's inputs can be fingerprinted by walking them: see
/// [`View::fingerprint`].
#[derive(Default)]
pub(crate) struct Vars(Vec<(&'static str, tera::Value)>);

impl Vars {
    /// No values yet.
    pub(crate) fn new() -> Self {
        Vars::default()
    }

    /// Sets `name` to `value`, serialized for the template engine.
    pub(crate) fn insert<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        let value = tera::Value::from_serializable(value);
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some((_, old)) => *old = value,
            None => self.0.push((name, value)),
        }
    }

    /// The values as a template context.
    pub(crate) fn into_context(self) -> tera::Context {
        let mut context = tera::Context::new();
        for (name, value) in self.0 {
            context.insert_value(name, value);
        }
        context
    }

    /// Feeds every name and value to `hasher`, as JSON (what templates see, exactly).
    pub(crate) fn hash_into(&self, hasher: &mut impl Hasher) {
        for (name, value) in &self.0 {
            name.hash(hasher);
            // Serializing a template value cannot fail.
            let _ = serde_json::to_writer(HashWriter(hasher), value);
        }
    }
}

/// An `io::Write` that feeds a hasher.
pub(crate) struct HashWriter<'a, H>(pub &'a mut H);

impl<H: Hasher> std::io::Write for HashWriter<'_, H> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What surrounds a page's own content.
pub(crate) struct Frame {
    /// Title, URL and meta data.
    pub(crate) meta: PageMeta,
    /// Breadcrumbs above the title, home excluded.
    pub(crate) crumbs: Vec<Link>,
    /// The previous page in reading order.
    pub(crate) prev: Option<Link>,
    /// The next page in reading order.
    pub(crate) next: Option<Link>,
    /// The area of the handbook the page belongs to, for the sidebar.
    pub(crate) area: Area,
    /// Its index in `Handbook::pages`, for free pages.
    pub(crate) page: Option<usize>,
}

/// A page ready for its template: which template, the page's URL, the template context and
/// where the page sits in the sidebar (which the renderer adds from its cache).
pub(crate) struct View {
    /// Template name.
    pub(crate) template: &'static str,
    /// Site-root-relative URL.
    pub(crate) url: String,
    /// What the template sees (`content`, `sidebar` and `site` are added by the renderer).
    pub(crate) vars: Vars,
    /// Where the page sits in the sidebar.
    pub(crate) place: NavPlace,
    /// Whether Markdown headings on the page wait for their level (see `render::nest`).
    pub(crate) nest_headings: bool,
}

impl Frame {
    /// The page at `url` with `context`, rendered by `template`, inside this frame.
    pub(crate) fn view(
        self,
        cx: &Ctx,
        template: &'static str,
        url: String,
        mut vars: Vars,
    ) -> View {
        vars.insert("root", &cx.root);
        vars.insert("page", &self.meta);
        vars.insert("breadcrumbs", &self.crumbs);
        vars.insert("prev", &self.prev);
        vars.insert("next", &self.next);
        let place = NavPlace {
            area: self.area,
            page: self.page,
            url: self.meta.url,
            root: cx.root.clone(),
        };
        View {
            template,
            url,
            vars,
            place,
            nest_headings: cx.nests_headings(),
        }
    }
}

/// The area before `area` in the handbook's reading order.
pub(crate) fn area_prev(hb: &Handbook, area: Area) -> Option<Link> {
    let areas = nav::areas(hb);
    let i = areas.iter().position(|(a, _, _)| *a == area)?;
    i.checked_sub(1).map(|j| Link::new(areas[j].1, areas[j].2))
}

/// The area after `area` in the handbook's reading order.
pub(crate) fn area_next(hb: &Handbook, area: Area) -> Option<Link> {
    let areas = nav::areas(hb);
    let i = areas.iter().position(|(a, _, _)| *a == area)?;
    areas.get(i + 1).map(|(_, t, u)| Link::new(*t, *u))
}

/// Breadcrumbs of a page inside one area (`Values`).
pub(crate) fn crumbs(area: (&str, &str)) -> Vec<Link> {
    vec![Link::new(area.0, area.1)]
}

/// `name` when the handbook has that file, for edit links.
pub(crate) fn yaml_source(site: &Site, name: &str) -> Option<String> {
    site.sources.find(name).map(|_| name.to_string())
}
