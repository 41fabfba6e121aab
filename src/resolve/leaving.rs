//! `leaving.yaml` → principles, the offboarding checklist and alumni text.

use super::lowerer::{Lowerer, Target, key};
use crate::model::raw::*;
use crate::model::*;
use crate::parse::Parsed;
use crate::parse::tree::Seg;

impl Lowerer<'_> {
    pub(super) fn leaving(&mut self, parsed: Option<&Parsed<RawLeaving>>) -> Option<Leaving> {
        let p = parsed?;
        let RawLeaving {
            description,
            principles,
            offboarding,
            alumni,
        } = &p.raw;
        let (f, d) = (p.file, &p.doc);
        let roles = self.index.roles.clone();
        let url = "leaving/";
        let principles = principles
            .iter()
            .enumerate()
            .map(|(i, RawPrinciple { title, body })| Principle {
                title: title.clone(),
                body: self.md_opt(
                    body,
                    f,
                    d,
                    &[key("principles"), Seg::Index(i), key("body")],
                    url,
                ),
            })
            .collect();
        let offboarding = offboarding
            .iter()
            .enumerate()
            .map(|(i, RawOffboardingItem { item, owner })| {
                let at = [key("offboarding"), Seg::Index(i)];
                let owner = owner.as_ref().and_then(|o| {
                    let span = self.span(d, f, &[at[0], at[1], key("owner")]);
                    self.resolve(o, span, Target::Role, &roles, "offboarding item")
                });
                OffboardingItem {
                    item: self.md(item, f, d, &[at[0], at[1], key("item")], true, url),
                    owner,
                }
            })
            .collect();
        Some(Leaving {
            description: self.md_opt(description, f, d, &[key("description")], url),
            principles,
            offboarding,
            alumni: self.md_opt(alumni, f, d, &[key("alumni")], url),
        })
    }
}
