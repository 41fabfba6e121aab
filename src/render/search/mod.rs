//! The search index: every text of the handbook, whole, cut into *documents* — a page's
//! part above its first heading and each of its sections, an entity's summary and each
//! section of its page (a role's traits, a level's expectation for one competency, a leaving
//! principle...) — so a result links to the place that holds the words. [`index`] turns the
//! documents into the sharded files the theme's script loads.

use std::borrow::Cow;

use crate::model::{Expectation, Handbook, MdId, PageKind, urls};
use crate::resolve::Site;

pub(crate) mod index;

/// One searchable place: a section of a page, or a part of an entity's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Doc<'a> {
    /// Site-root-relative URL, with `#fragment` for a section.
    pub(crate) url: String,
    /// What a result shows as its title: the page's, or the section's heading.
    pub(crate) title: Cow<'a, str>,
    /// Where it is: the page a section belongs to, or the area or section of a page.
    pub(crate) place: Cow<'a, str>,
    /// The text, plain and whole.
    pub(crate) text: Cow<'a, str>,
}

/// Every document of `site`, pages first (in navigation order), then the entities.
pub(crate) fn documents(site: &Site) -> Vec<Doc<'_>> {
    let mut d = Docs {
        site,
        out: Vec::with_capacity(site.handbook.pages.len() * 6 + 256),
    };
    d.pages();
    d.values();
    d.roles();
    d.ladder();
    d.hiring();
    d.leaving();
    d.out
}

struct Docs<'a> {
    site: &'a Site,
    out: Vec<Doc<'a>>,
}

impl<'a> Docs<'a> {
    fn hb(&self) -> &'a Handbook {
        &self.site.handbook
    }

    fn md(&self, id: MdId) -> &'a str {
        self.site.markdown[id.0 as usize].text.as_str()
    }

    /// The texts of `parts` (plain strings and Markdown texts), joined by spaces.
    fn join(&self, parts: &[Part<'a>]) -> Cow<'a, str> {
        let mut texts = parts.iter().filter_map(|p| {
            let t = match *p {
                Part::Str(s) => s,
                Part::Md(id) => self.md(id),
                Part::OptMd(id) => id.map_or("", |id| self.md(id)),
            };
            (!t.is_empty()).then_some(t)
        });
        let first = texts.next().unwrap_or("");
        let Some(second) = texts.next() else {
            return Cow::Borrowed(first);
        };
        let mut s = format!("{first} {second}");
        for t in texts {
            s.push(' ');
            s.push_str(t);
        }
        Cow::Owned(s)
    }

    fn push(&mut self, url: String, title: &'a str, place: &'a str, text: Cow<'a, str>) {
        self.out.push(Doc {
            url,
            title: Cow::Borrowed(title),
            place: Cow::Borrowed(place),
            text,
        });
    }

    /// A section of an entity's page, when it has text.
    fn section(
        &mut self,
        url: &str,
        anchor: &str,
        title: &'a str,
        place: &'a str,
        text: Cow<'a, str>,
    ) {
        if !text.is_empty() {
            self.push(format!("{url}#{anchor}"), title, place, text);
        }
    }

    fn pages(&mut self) {
        let hb = self.hb();
        for p in &hb.pages {
            let place: &'a str = match p.parent {
                _ if p.kind == PageKind::Home => "",
                Some(a) if a != 0 => &hb.pages[a].title,
                _ => &hb.config.title,
            };
            let title: &'a str = if p.kind == PageKind::Home {
                &hb.config.title
            } else {
                &p.title
            };
            let Some(body) = p.body else {
                let text = Cow::Borrowed(p.description.as_deref().unwrap_or(""));
                self.push(p.url.clone(), title, place, text);
                continue;
            };
            let r = &self.site.markdown[body.0 as usize];
            // A lifted `# Title` is the first heading but no section: the title shows it.
            let skip = usize::from(r.lifted_title.is_some());
            let sections = &r.headings[skip.min(r.headings.len())..];
            let top_end = sections.first().map_or(r.text.len(), |h| h.text_at);
            let top = &r.text[..top_end];
            let text = match &p.description {
                Some(d) if !d.is_empty() => Cow::Owned(format!("{d} {top}")),
                _ => Cow::Borrowed(top),
            };
            self.push(p.url.clone(), title, place, text);
            for (k, h) in sections.iter().enumerate() {
                let end = sections.get(k + 1).map_or(r.text.len(), |n| n.text_at);
                let text = &r.text[h.text_at..end.max(h.text_at)];
                self.push(
                    format!("{}#{}", p.url, h.id),
                    &h.text,
                    title,
                    Cow::Borrowed(text),
                );
            }
        }
    }

    /// An area's own page (`/values/`): its introduction, from the YAML file and `values.md`.
    fn area(&mut self, url: &str, title: &'static str, parts: &[Part<'a>]) {
        let text = self.join(parts);
        let title_str: &'a str = title;
        let place: &'a str = &self.hb().config.title;
        self.push(url.to_string(), title_str, place, text);
    }

    fn values(&mut self) {
        let hb = self.hb();
        if hb.values.is_empty() {
            return;
        }
        self.area(
            urls::VALUES,
            "Core values",
            &[Part::OptMd(hb.values_intro), Part::OptMd(hb.intros.values)],
        );
        for v in &hb.values {
            let url = urls::value(&v.id.id);
            let text = self.join(&[
                Part::Str(v.summary.as_deref().unwrap_or("")),
                Part::OptMd(v.description),
            ]);
            self.push(url.clone(), &v.name, "Values", text);
            let behaviours: Vec<Part> = v.behaviours.iter().map(|&b| Part::Md(b)).collect();
            let text = self.join(&behaviours);
            self.section(&url, "behaviours", "What it looks like", &v.name, text);
            let anti: Vec<Part> = v.anti_patterns.iter().map(|&b| Part::Md(b)).collect();
            let text = self.join(&anti);
            self.section(
                &url,
                "anti-patterns",
                "What it doesn't look like",
                &v.name,
                text,
            );
            let questions: Vec<Part> = v.questions.iter().map(|&q| Part::Md(q)).collect();
            let text = self.join(&questions);
            self.section(&url, "questions", "Interview questions", &v.name, text);
        }
    }

    fn roles(&mut self) {
        let hb = self.hb();
        if hb.roles.is_empty() {
            return;
        }
        self.area(urls::ROLES, "Roles", &[Part::OptMd(hb.intros.roles)]);
        for r in &hb.roles {
            let url = urls::role(&r.id.id);
            let text = self.join(&[
                Part::Str(r.summary.as_deref().unwrap_or("")),
                Part::OptMd(r.description),
            ]);
            self.push(url.clone(), &r.title, "Roles", text);
            let mut traits = Vec::new();
            for t in &r.traits {
                traits.push(Part::Str(&t.name));
                traits.push(Part::OptMd(t.description));
            }
            let text = self.join(&traits);
            self.section(&url, "traits", "Traits", &r.title, text);
            let parts: Vec<Part> = r.responsibilities.iter().map(|&b| Part::Md(b)).collect();
            let text = self.join(&parts);
            self.section(&url, "responsibilities", "Responsibilities", &r.title, text);
        }
    }

    fn ladder(&mut self) {
        let hb = self.hb();
        if hb.ladder.tracks.is_empty() {
            return;
        }
        let ladder = &hb.ladder;
        self.area(
            urls::LADDER,
            "Career ladder",
            &[
                Part::OptMd(ladder.description),
                Part::OptMd(hb.intros.ladder),
            ],
        );
        for (ci, c) in ladder.competencies.iter().enumerate() {
            let url = urls::competency(&c.id.id);
            let mut parts = vec![Part::OptMd(c.description)];
            for t in &ladder.tracks {
                for tc in t.competencies.iter().filter(|tc| tc.competency.to == ci) {
                    parts.push(Part::Str(tc.name.as_deref().unwrap_or("")));
                    parts.push(Part::OptMd(tc.description));
                }
            }
            let text = self.join(&parts);
            self.push(url.clone(), &c.name, "Competencies", text);
            let questions: Vec<Part> = c.questions.iter().map(|&q| Part::Md(q)).collect();
            let text = self.join(&questions);
            self.section(&url, "questions", "Interview questions", &c.name, text);
        }
        for t in &ladder.tracks {
            let url = urls::track(&t.id.id);
            let text = self.join(&[
                Part::Str(t.summary.as_deref().unwrap_or("")),
                Part::OptMd(t.description),
            ]);
            self.push(url, &t.name, "Career ladder", text);
            for l in &t.levels {
                self.level(t, l);
            }
        }
    }

    fn level(&mut self, t: &'a crate::model::Track, l: &'a crate::model::Level) {
        let hb = self.hb();
        let url = urls::level(&t.id.id, &l.id.id);
        let text = self.join(&[
            Part::Str(l.summary.as_deref().unwrap_or("")),
            Part::OptMd(l.description),
        ]);
        // The level's title as its page shows it, and the track as where it is.
        self.out.push(Doc {
            url: url.clone(),
            title: match &l.code {
                Some(c) if *c != l.title => Cow::Owned(format!("{c} · {}", l.title)),
                _ => Cow::Borrowed(&l.title),
            },
            place: Cow::Borrowed(&t.name),
            text,
        });
        let level_title: &'a str = &l.title;
        for (c, e) in &l.expectations {
            let comp = &hb.ladder.competencies[*c];
            let parts: Vec<Part> = match e {
                Expectation::Text(id) => vec![Part::Md(*id)],
                Expectation::Criteria(list) => list
                    .iter()
                    .flat_map(|k| {
                        std::iter::once(Part::Md(k.text))
                            .chain(k.examples.iter().map(|&x| Part::Md(x)))
                    })
                    .collect(),
            };
            let text = self.join(&parts);
            let name: &'a str = t
                .competencies
                .iter()
                .find(|tc| tc.competency.to == *c)
                .and_then(|tc| tc.name.as_deref())
                .unwrap_or(&comp.name);
            self.section(&url, &comp.id.id, name, level_title, text);
        }
    }

    fn hiring(&mut self) {
        let hb = self.hb();
        if hb.hiring.stages.is_empty() {
            return;
        }
        self.area(
            urls::HIRING,
            "Hiring",
            &[
                Part::OptMd(hb.hiring.description),
                Part::OptMd(hb.intros.hiring),
            ],
        );
        for s in &hb.hiring.stages {
            let url = urls::stage(&s.id.id);
            let text = self.join(&[Part::Str(s.summary.as_deref().unwrap_or(""))]);
            self.push(url.clone(), &s.name, "Hiring", text);
            let text = self.join(&[Part::OptMd(s.guidance)]);
            self.section(&url, "guidance", "Guidance", &s.name, text);
        }
    }

    fn leaving(&mut self) {
        let hb = self.hb();
        let Some(l) = &hb.leaving else { return };
        let url = urls::LEAVING;
        let text = self.join(&[Part::OptMd(l.description), Part::OptMd(hb.intros.leaving)]);
        self.push(url.to_string(), "Leaving", &hb.config.title, text);
        for (i, p) in l.principles.iter().enumerate() {
            let text = self.join(&[Part::OptMd(p.body)]);
            let text = if text.is_empty() {
                Cow::Borrowed(" ")
            } else {
                text
            };
            self.section(
                url,
                &format!("principle-{}", i + 1),
                &p.title,
                "Leaving",
                text,
            );
        }
        let items: Vec<Part> = l.offboarding.iter().map(|o| Part::Md(o.item)).collect();
        let text = self.join(&items);
        self.section(url, "offboarding", "Offboarding checklist", "Leaving", text);
        let text = self.join(&[Part::OptMd(l.alumni)]);
        self.section(url, "alumni", "Alumni", "Leaving", text);
    }
}

/// A piece of a document's text.
#[derive(Clone, Copy)]
enum Part<'a> {
    Str(&'a str),
    Md(MdId),
    OptMd(Option<MdId>),
}

#[cfg(test)]
mod tests;
