//! What the search documents hold, on the example handbook.

use super::*;
use crate::testing::example;

fn example_site() -> Site {
    crate::build::load(&example(), &crate::build::Options::default(), &[]).expect("load")
}

fn find<'s>(docs: &'s [Doc<'s>], url: &str) -> &'s Doc<'s> {
    docs.iter()
        .find(|d| d.url == url)
        .unwrap_or_else(|| panic!("no document at {url}"))
}

#[test]
fn every_kind_of_text_has_a_document_at_its_place() {
    let site = example_site();
    let docs = documents(&site);
    let hb = &site.handbook;
    // Expectations, at the competency's anchor on the level page.
    let t = &hb.ladder.tracks[0];
    let l = &t.levels[t.levels.len() - 1];
    let (c, _) = &l.expectations[0];
    let comp = &hb.ladder.competencies[*c].id.id;
    let d = find(
        &docs,
        &format!("{}#{comp}", urls::level(&t.id.id, &l.id.id)),
    );
    assert!(!d.text.is_empty());
    assert_eq!(d.place, l.title.as_str());
    // Traits and responsibilities of a role; behaviours and anti-patterns of a value.
    let r = &hb.roles[0];
    let traits = find(&docs, &format!("{}#traits", urls::role(&r.id.id)));
    assert!(traits.text.contains(&r.traits[0].name));
    find(&docs, &format!("{}#responsibilities", urls::role(&r.id.id)));
    let v = &hb.values[0];
    find(&docs, &format!("{}#behaviours", urls::value(&v.id.id)));
    // Leaving: each principle, the checklist, alumni.
    let l = hb.leaving.as_ref().expect("example has leaving.yaml");
    let p = find(&docs, "leaving/#principle-1");
    assert_eq!(p.title, l.principles[0].title.as_str());
    find(&docs, "leaving/#offboarding");
    // The area pages.
    for url in [
        urls::VALUES,
        urls::ROLES,
        urls::LADDER,
        urls::HIRING,
        urls::LEAVING,
    ] {
        find(&docs, url);
    }
}

#[test]
fn pages_are_cut_at_their_headings_and_kept_whole() {
    let site = example_site();
    let docs = documents(&site);
    let hb = &site.handbook;
    for p in &hb.pages {
        let Some(body) = p.body else { continue };
        let r = &site.markdown[body.0 as usize];
        let mine: Vec<&Doc> = docs
            .iter()
            .filter(|d| d.url == p.url || d.url.starts_with(&format!("{}#", p.url)))
            .collect();
        let total: usize = mine.iter().map(|d| d.text.len()).sum();
        let description = p.description.as_ref().map_or(0, |d| d.len() + 1);
        assert_eq!(total, r.text.len() + description, "{}", p.url);
        for h in r
            .headings
            .iter()
            .skip(usize::from(r.lifted_title.is_some()))
        {
            let d = find(&docs, &format!("{}#{}", p.url, h.id));
            assert!(d.text.starts_with(h.text.as_str()), "{}: {}", p.url, h.id);
        }
    }
}
