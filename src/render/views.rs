//! What templates see: small serializable view structs built per page from the model. URLs in
//! views are site-root-relative (`roles/sre/`); templates put `{{ root }}` in front. Markdown
//! arrives as HTML already localized to the page.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use serde::Serialize;

use crate::markdown::{Heading, ID, Rendered, localize, marked_ids};
use crate::model::urls;
use crate::model::{Expectation, Handbook, MdId};
use crate::resolve::Site;

/// A link to a page of the site.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub(crate) struct Link {
    /// Its text.
    pub(crate) title: String,
    /// Site-root-relative URL.
    pub(crate) url: String,
}

impl Link {
    /// A link with text `title` to `url`.
    pub(crate) fn new(title: impl Into<String>, url: impl Into<String>) -> Self {
        Link {
            title: title.into(),
            url: url.into(),
        }
    }
}

/// Builds views for one page: knows the page's relative root.
pub(crate) struct Ctx<'a> {
    /// The loaded site.
    pub(crate) site: &'a Site,
    /// `./`, `../`, ...
    pub(crate) root: String,
    /// Prefix for the ids of headings in Markdown, where one page shows several texts that
    /// could use the same heading.
    pub(crate) id_prefix: String,
    /// The element ids the page's Markdown texts have taken so far, shared by every
    /// [`Ctx::with_ids`] view of the page.
    ids: Rc<RefCell<PageIds>>,
    /// Whether headings are marked to take their level below the template's (see
    /// `render::nest`); not for HTML that leaves the page (a job description as Markdown).
    nest: bool,
}

/// The ids one page's Markdown texts take. Two texts on one page (a value's description and
/// a behaviour, two stages' guidance) can each have `## Example` or a footnote `[^1]`; the
/// first keeps its ids, a later one renames just the ids that are taken (`example-1`,
/// `fn-1-1`, everywhere in the text, so its own `#fn-1` links still reach its notes). Ids
/// nobody else took stay as written, so links from other pages reach them.
#[derive(Default)]
struct PageIds {
    /// Every id given, prefix included.
    taken: HashSet<String>,
    /// The renames each text got under each prefix asked for, and whether the text has been
    /// shown yet (a table of contents may ask first).
    given: HashMap<(u32, String), (Renames, bool)>,
    /// Whether a text with headings was shown with them marked.
    nested: bool,
}

impl<'a> Ctx<'a> {
    /// A builder for the page at `url`.
    pub(crate) fn new(site: &'a Site, url: &str) -> Self {
        Ctx {
            site,
            root: urls::root_prefix(url),
            id_prefix: String::new(),
            ids: Rc::default(),
            nest: true,
        }
    }

    /// The same page, its Markdown headings left at the levels written: for HTML that is
    /// turned into something else rather than shown inside a template.
    pub(crate) fn flat(mut self) -> Ctx<'a> {
        self.nest = false;
        self
    }

    /// Whether a text shown on this page has headings waiting for their level.
    pub(crate) fn nests_headings(&self) -> bool {
        self.ids.borrow().nested
    }

    /// The same page, with Markdown heading ids prefixed by `prefix`.
    pub(crate) fn with_ids(&self, prefix: impl Into<String>) -> Ctx<'a> {
        Ctx {
            site: self.site,
            root: self.root.clone(),
            id_prefix: prefix.into(),
            ids: Rc::clone(&self.ids),
            nest: self.nest,
        }
    }

    /// The handbook.
    pub(crate) fn hb(&self) -> &'a Handbook {
        &self.site.handbook
    }

    /// Markdown `id` as HTML for this page, its element ids unique on the page and its
    /// headings marked to nest below the template's (see `render::nest`).
    pub(crate) fn html(&self, id: MdId) -> String {
        let md = &self.site.markdown[id.0 as usize];
        let key = (id.0, self.id_prefix.clone());
        let mut ids = self.ids.borrow_mut();
        let renames = match ids.given.get_mut(&key) {
            // Named already by the table of contents.
            Some((renames, shown @ false)) => {
                *shown = true;
                renames.clone()
            }
            // Shown twice: the second showing needs ids of its own.
            Some(_) => ids.take(&md.html, &self.id_prefix),
            None => {
                let renames = ids.take(&md.html, &self.id_prefix);
                ids.given.insert(key, (renames.clone(), true));
                renames
            }
        };
        // Headings are marked first: the recorded digit positions hold for the HTML as
        // rendered, before renames change its length.
        let mut html = match top_level(md).filter(|_| self.nest) {
            Some(top) => {
                ids.nested = true;
                Cow::Owned(super::nest::relative(&md.html, &md.level_digits, top))
            }
            None => Cow::Borrowed(md.html.as_str()),
        };
        for (old, new) in &renames {
            // Every id and same-page link is the id marker, the id, then a quote.
            html = Cow::Owned(html.replace(&format!("{ID}{old}\""), &format!("{ID}{new}\"")));
        }
        localize(&html, &self.root, &self.id_prefix)
    }

    /// The renames Markdown `id`'s element ids have (or will have) on this page.
    fn renames_of(&self, id: MdId) -> Renames {
        let mut ids = self.ids.borrow_mut();
        let key = (id.0, self.id_prefix.clone());
        if let Some((renames, _)) = ids.given.get(&key) {
            return renames.clone();
        }
        let renames = ids.take(&self.site.markdown[id.0 as usize].html, &self.id_prefix);
        ids.given.insert(key, (renames.clone(), false));
        renames
    }

    /// The table of contents entries (second- and third-level headings) of Markdown texts
    /// shown on an entity's page, in order.
    pub(crate) fn toc(&self, ids: &[Option<MdId>]) -> Vec<TocItem<'a>> {
        let site: &'a Site = self.site;
        ids.iter()
            .flatten()
            .flat_map(|&id| {
                let renames = self.renames_of(id);
                let prefix = self.id_prefix.clone();
                let md = &site.markdown[id.0 as usize];
                // Texts with a table of contents sit right under the page's `<h1>`: their top
                // heading becomes an `<h2>` (see `render::nest`).
                let top = top_level(md).unwrap_or(2);
                shown_headings(md)
                    .map(move |h| (h.level.saturating_sub(top) + 2, h))
                    .filter(|(level, _)| (2..=3).contains(level))
                    .map(move |(level, h)| TocItem {
                        level,
                        id: match renames.iter().find(|(old, _)| *old == h.id) {
                            Some((_, new)) => Cow::Owned(format!("{prefix}{new}")),
                            None if prefix.is_empty() => Cow::Borrowed(h.id.as_str()),
                            None => Cow::Owned(format!("{prefix}{}", h.id)),
                        },
                        text: &h.text,
                    })
            })
            .collect()
    }

    /// Optional Markdown as HTML.
    pub(crate) fn html_opt(&self, id: Option<MdId>) -> Option<String> {
        id.map(|i| self.html(i))
    }

    /// The introduction of a generated page: its YAML file's description, then the body of the
    /// page file named like it (`pages/values.md`), as HTML.
    pub(crate) fn intro(&self, yaml: Option<MdId>, page: Option<MdId>) -> Option<String> {
        match (self.html_opt(yaml), self.html_opt(page)) {
            (Some(a), Some(b)) => Some(a + &b),
            (a, b) => a.or(b),
        }
    }

    /// A list of inline Markdown texts as HTML.
    pub(crate) fn html_list(&self, ids: &[MdId]) -> Vec<String> {
        ids.iter().map(|&i| self.html(i)).collect()
    }

    /// Link to value `i`.
    pub(crate) fn value(&self, i: usize) -> Link {
        let v = &self.hb().values[i];
        Link::new(&v.name, urls::value(&v.id.id))
    }

    /// Link to role `i`.
    pub(crate) fn role(&self, i: usize) -> Link {
        let r = &self.hb().roles[i];
        Link::new(&r.title, urls::role(&r.id.id))
    }

    /// Link to competency `i`.
    pub(crate) fn competency(&self, i: usize) -> Link {
        let c = &self.hb().ladder.competencies[i];
        Link::new(&c.name, urls::competency(&c.id.id))
    }

    /// Link to stage `i`.
    pub(crate) fn stage(&self, i: usize) -> Link {
        let s = &self.hb().hiring.stages[i];
        Link::new(&s.name, urls::stage(&s.id.id))
    }

    /// Link to track `t`.
    pub(crate) fn track(&self, t: usize) -> Link {
        let tr = &self.hb().ladder.tracks[t];
        Link::new(&tr.name, urls::track(&tr.id.id))
    }

    /// Link to level `l` of track `t`, titled with its code when it has one.
    pub(crate) fn level(&self, t: usize, l: usize) -> LevelLink {
        let tr = &self.hb().ladder.tracks[t];
        let lv = &tr.levels[l];
        LevelLink {
            title: lv.title.clone(),
            // A level titled by its code shows the code once.
            code: lv.code.clone().filter(|c| *c != lv.title),
            url: urls::level(&tr.id.id, &lv.id.id),
            summary: lv.summary.clone(),
        }
    }

    /// An expectation as HTML, with the criteria text kept for comparison.
    pub(crate) fn expectation(&self, e: &Expectation) -> ExpectationView {
        match e {
            Expectation::Text(id) => ExpectationView {
                html: Some(self.html(*id)),
                ..ExpectationView::default()
            },
            Expectation::Criteria(items) => ExpectationView {
                criteria: items
                    .iter()
                    .map(|c| CriterionView {
                        html: self.html(c.text),
                        examples: self.html_list(&c.examples),
                        new: false,
                    })
                    .collect(),
                ..ExpectationView::default()
            },
        }
    }

    /// What level `l` of track `t` expects for competency `c`: its expectation, "not
    /// expected", or nothing written.
    pub(crate) fn cell(&self, t: usize, l: usize, c: usize) -> ExpectationView {
        let lv = &self.hb().ladder.tracks[t].levels[l];
        match lv.expectation(c) {
            Some(e) => self.expectation(e),
            None => {
                let track = &self.hb().ladder.tracks[t];
                ExpectationView {
                    not_expected: lv.not_expected.contains(&c),
                    as_below: track.cumulative
                        && track.levels[..l].iter().any(|x| x.expectation(c).is_some()),
                    ..ExpectationView::default()
                }
            }
        }
    }

    /// What level `l` of track `t` asks of competency `c` in full: its own expectation and, on
    /// a cumulative track, what every level below asks too, lowest first, each criterion once,
    /// those the level itself adds marked `new` (the bar an interviewer holds a candidate to).
    pub(crate) fn bar(&self, t: usize, l: usize, c: usize) -> ExpectationView {
        let track = &self.hb().ladder.tracks[t];
        let parts: Vec<&Expectation> = track.levels[..=l]
            .iter()
            .filter_map(|x| x.expectation(c))
            .collect();
        if !track.cumulative || parts.len() < 2 {
            return match parts.last() {
                Some(e) if track.cumulative => self.expectation(e),
                _ => self.cell(t, l, c),
            };
        }
        let own = track.levels[l].expectation(c);
        let mut view = ExpectationView::default();
        for e in parts {
            let items = match e {
                Expectation::Text(id) => vec![CriterionView {
                    html: self.html(*id),
                    examples: Vec::new(),
                    new: false,
                }],
                Expectation::Criteria(_) => self.expectation(e).criteria,
            };
            let added = own.is_some_and(|o| std::ptr::eq(o, e));
            for mut item in items {
                if let Some(seen) = view.criteria.iter_mut().find(|x| x.html == item.html) {
                    seen.new = false;
                    continue;
                }
                item.new = added;
                view.criteria.push(item);
            }
        }
        view
    }

    /// Link to competency `c` as track `t` names it.
    pub(crate) fn track_competency(&self, t: usize, c: usize) -> Link {
        let wording = self.hb().ladder.tracks[t]
            .competencies
            .iter()
            .find(|tc| tc.competency.to == c)
            .and_then(|tc| tc.name.as_ref());
        let mut link = self.competency(c);
        if let Some(name) = wording {
            link.title = name.clone();
        }
        link
    }
}

/// A level link with its code.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct LevelLink {
    /// Title.
    pub(crate) title: String,
    /// Short code.
    pub(crate) code: Option<String>,
    /// URL.
    pub(crate) url: String,
    /// One sentence.
    pub(crate) summary: Option<String>,
}

/// An expectation: a paragraph, or criteria.
#[derive(Serialize, Clone, Debug, Default)]
pub(crate) struct ExpectationView {
    /// Paragraph-style expectation.
    pub(crate) html: Option<String>,
    /// Criteria-style expectation.
    pub(crate) criteria: Vec<CriterionView>,
    /// The level deliberately doesn't expect the competency.
    pub(crate) not_expected: bool,
    /// On a cumulative track: nothing new at this level, which carries what lower levels
    /// expect.
    pub(crate) as_below: bool,
    /// Every criterion is new at this level, said once rather than on each (level pages).
    pub(crate) all_new: bool,
}

/// One criterion.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct CriterionView {
    /// The criterion.
    pub(crate) html: String,
    /// Examples.
    pub(crate) examples: Vec<String>,
    /// True when the level below doesn't have this criterion (level pages only).
    pub(crate) new: bool,
}

/// An item of the sidebar.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub(crate) struct NavItem {
    /// Text.
    pub(crate) title: String,
    /// URL.
    pub(crate) url: String,
    /// On the path to the current page, with its children shown (expanded).
    pub(crate) open: bool,
    /// Children shown.
    pub(crate) children: Vec<NavItem>,
    /// Children left out of a long list; the section page lists them all.
    pub(crate) more: usize,
}

/// The table of contents entry of a heading, borrowed from the rendered Markdown (serialized
/// into the template context at once, so copying the strings first would be wasted).
#[derive(Serialize, Clone, Debug)]
pub(crate) struct TocItem<'a> {
    /// 2 or 3.
    pub(crate) level: u8,
    /// Anchor.
    pub(crate) id: Cow<'a, str>,
    /// Text.
    pub(crate) text: &'a str,
}

/// A text's ids renamed on a page, as (id as rendered, id on the page): few, usually none.
type Renames = Vec<(String, String)>;

impl PageIds {
    /// Takes the element ids of rendered Markdown `html` under `prefix` (`s0-`); returns the
    /// ones that were taken, each renamed to the first free `id-1`, `id-2`...
    fn take(&mut self, html: &str, prefix: &str) -> Renames {
        let own = marked_ids(html);
        let mut taken = Vec::new();
        for id in &own {
            if !self.taken.insert(format!("{prefix}{id}")) {
                taken.push(*id);
            }
        }
        taken
            .into_iter()
            .map(|id| {
                let new = (1..)
                    .map(|n| format!("{id}-{n}"))
                    .find(|new| {
                        !own.contains(&new.as_str())
                            && !self.taken.contains(&format!("{prefix}{new}"))
                    })
                    .unwrap_or_default();
                self.taken.insert(format!("{prefix}{new}"));
                (id.to_string(), new)
            })
            .collect()
    }
}

/// The headings of rendered Markdown that are in its HTML (not a lifted title).
fn shown_headings(md: &Rendered) -> impl Iterator<Item = &Heading> {
    md.headings
        .iter()
        .skip(usize::from(md.lifted_title.is_some()))
}

/// The level of the first heading in rendered Markdown's HTML: the text's top, which
/// `render::nest` places under the template's heading (a shallower one later goes there too).
fn top_level(md: &Rendered) -> Option<u8> {
    shown_headings(md).next().map(|h| h.level)
}

/// Items grouped by a name, groups in the order of their first item, items in order.
pub(crate) fn group_by<T>(
    items: impl IntoIterator<Item = (Option<String>, T)>,
) -> Vec<(Option<String>, Vec<T>)> {
    let mut groups: Vec<(Option<String>, Vec<T>)> = Vec::new();
    for (name, item) in items {
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, list)) => list.push(item),
            None => groups.push((name, vec![item])),
        }
    }
    groups
}
