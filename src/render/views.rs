//! What templates see: small serializable view structs built per page from the model. URLs in
//! views are site-root-relative (`roles/sre/`); templates put `{{ root }}` in front. Markdown
//! arrives as HTML already localized to the page.

use serde::Serialize;

use crate::markdown::localize;
use crate::model::urls;
use crate::model::{Expectation, Handbook, MdId};
use crate::resolve::Site;

/// A link to a page of the site.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Link {
    /// Its text.
    pub title: String,
    /// Site-root-relative URL.
    pub url: String,
}

impl Link {
    /// A link with text `title` to `url`.
    pub fn new(title: impl Into<String>, url: impl Into<String>) -> Self {
        Link {
            title: title.into(),
            url: url.into(),
        }
    }
}

/// Builds views for one page: knows the page's relative root.
pub struct Ctx<'a> {
    /// The loaded site.
    pub site: &'a Site,
    /// `./`, `../`, ...
    pub root: String,
    /// Prefix for the ids of headings in Markdown, where one page shows several texts that
    /// could use the same heading.
    pub id_prefix: String,
}

impl<'a> Ctx<'a> {
    /// A builder for the page at `url`.
    pub fn new(site: &'a Site, url: &str) -> Self {
        Ctx {
            site,
            root: urls::root_prefix(url),
            id_prefix: String::new(),
        }
    }

    /// The same page, with Markdown heading ids prefixed by `prefix`.
    pub fn with_ids(&self, prefix: impl Into<String>) -> Ctx<'a> {
        Ctx {
            site: self.site,
            root: self.root.clone(),
            id_prefix: prefix.into(),
        }
    }

    /// The handbook.
    pub fn hb(&self) -> &'a Handbook {
        &self.site.handbook
    }

    /// Markdown `id` as HTML for this page.
    pub fn html(&self, id: MdId) -> String {
        localize(
            &self.site.markdown[id.0 as usize].html,
            &self.root,
            &self.id_prefix,
        )
    }

    /// Optional Markdown as HTML.
    pub fn html_opt(&self, id: Option<MdId>) -> Option<String> {
        id.map(|i| self.html(i))
    }

    /// A list of inline Markdown texts as HTML.
    pub fn html_list(&self, ids: &[MdId]) -> Vec<String> {
        ids.iter().map(|&i| self.html(i)).collect()
    }

    /// Link to value `i`.
    pub fn value(&self, i: usize) -> Link {
        let v = &self.hb().values[i];
        Link::new(&v.name, urls::value(&v.id.id))
    }

    /// Link to role `i`.
    pub fn role(&self, i: usize) -> Link {
        let r = &self.hb().roles[i];
        Link::new(&r.title, urls::role(&r.id.id))
    }

    /// Link to competency `i`.
    pub fn competency(&self, i: usize) -> Link {
        let c = &self.hb().ladder.competencies[i];
        Link::new(&c.name, urls::competency(&c.id.id))
    }

    /// Link to stage `i`.
    pub fn stage(&self, i: usize) -> Link {
        let s = &self.hb().hiring.stages[i];
        Link::new(&s.name, urls::stage(&s.id.id))
    }

    /// Link to track `t`.
    pub fn track(&self, t: usize) -> Link {
        let tr = &self.hb().ladder.tracks[t];
        Link::new(&tr.name, urls::track(&tr.id.id))
    }

    /// Link to level `l` of track `t`, titled with its code when it has one.
    pub fn level(&self, t: usize, l: usize) -> LevelLink {
        let tr = &self.hb().ladder.tracks[t];
        let lv = &tr.levels[l];
        LevelLink {
            title: lv.title.clone(),
            code: lv.code.clone(),
            url: urls::level(&tr.id.id, &lv.id.id),
            summary: lv.summary.clone(),
        }
    }

    /// An expectation as HTML, with the criteria text kept for comparison.
    pub fn expectation(&self, e: &Expectation) -> ExpectationView {
        match e {
            Expectation::Text(id) => ExpectationView {
                html: Some(self.html(*id)),
                criteria: Vec::new(),
            },
            Expectation::Criteria(items) => ExpectationView {
                html: None,
                criteria: items
                    .iter()
                    .map(|c| CriterionView {
                        html: self.html(c.text),
                        examples: self.html_list(&c.examples),
                        new: false,
                    })
                    .collect(),
            },
        }
    }
}

/// A level link with its code.
#[derive(Serialize, Clone, Debug)]
pub struct LevelLink {
    /// Title.
    pub title: String,
    /// Short code.
    pub code: Option<String>,
    /// URL.
    pub url: String,
    /// One sentence.
    pub summary: Option<String>,
}

/// An expectation: a paragraph, or criteria.
#[derive(Serialize, Clone, Debug, Default)]
pub struct ExpectationView {
    /// Paragraph-style expectation.
    pub html: Option<String>,
    /// Criteria-style expectation.
    pub criteria: Vec<CriterionView>,
}

/// One criterion.
#[derive(Serialize, Clone, Debug)]
pub struct CriterionView {
    /// The criterion.
    pub html: String,
    /// Examples.
    pub examples: Vec<String>,
    /// True when the level below doesn't have this criterion (level pages only).
    pub new: bool,
}

/// An item of the sidebar.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct NavItem {
    /// Text.
    pub title: String,
    /// URL.
    pub url: String,
    /// On the path to the current page, with its children shown (expanded).
    pub open: bool,
    /// Children shown.
    pub children: Vec<NavItem>,
    /// Children left out of a long list; the section page lists them all.
    pub more: usize,
}

/// The table of contents entry of a heading, borrowed from the rendered Markdown (serialized
/// into the template context at once, so copying the strings first would be wasted).
#[derive(Serialize, Clone, Debug)]
pub struct TocItem<'a> {
    /// 2 or 3.
    pub level: u8,
    /// Anchor.
    pub id: &'a str,
    /// Text.
    pub text: &'a str,
}

/// A link borrowed from the model, for views serialized on the spot.
#[derive(Serialize, Clone, Copy, Debug)]
pub struct LinkRef<'a> {
    /// Its text.
    pub title: &'a str,
    /// Site-root-relative URL.
    pub url: &'a str,
}
