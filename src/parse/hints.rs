//! What the structural check suggests: the field a misspelt or misremembered field name
//! meant, what to write instead of another site generator's front matter field, and how a
//! mapping is written when something else was given.

use super::schema::{Shape, StructShape, humanize, with_article};
use crate::diag::did_you_mean;

/// Names that mean the same thing across the file kinds, where each kind picked one: a level
/// has a `title` but a value a `name`; a stage's text is its `guidance`, a principle's its
/// `body`. Someone who wrote one kind's word in another meant the other's.
const SAME: &[&[&str]] = &[
    &["name", "title", "item"],
    &["description", "guidance", "body", "text", "details"],
];

/// The field of `s` that `name` probably meant: a close spelling, else the field of `s` that
/// goes by another word for it.
pub(crate) fn meant<'s>(name: &str, s: &'s StructShape) -> Option<&'s str> {
    let fields = || s.fields.iter().map(|f| f.name.as_str());
    did_you_mean(name, fields()).or_else(|| {
        let group = SAME.iter().find(|g| g.contains(&name))?;
        fields().find(|f| group.contains(f))
    })
}

/// Front matter fields of other site generators (Jekyll, Hugo, Just the Docs, MkDocs...)
/// that only templates could use: they belong under `extra:`.
const THEME_FIELDS: &[&str] = &[
    "layout",
    "keywords",
    "tags",
    "categories",
    "author",
    "image",
    "sidebar",
    "toc",
    "comments",
    "parent",
    "grand_parent",
    "has_children",
    "nav_exclude",
    "hide",
    "menu",
];

/// What to write instead of `name`, a field of another site generator, in `s` (whose value
/// is `value` when it is text). Each hint is offered only where `s` has the field it names,
/// so it is true wherever it shows: in practice, in page front matter.
pub(crate) fn foreign(name: &str, value: Option<&str>, s: &StructShape) -> Option<String> {
    let has = |field: &str| s.field(field).is_some();
    match name {
        "redirect_from" if has("aliases") => Some(match value.map(str::trim) {
            // Jekyll takes one URL as plain text; `aliases` is always a list.
            Some(old) if !old.is_empty() => {
                // Quoted when YAML would read the bare text otherwise (`,` splits a flow list).
                let plain = !old.contains(|c: char| ",[]{}#&*!|>'\"%@`:".contains(c))
                    && !old.starts_with(['-', '?']);
                let item = if plain {
                    old.to_string()
                } else {
                    serde_json::to_string(old).unwrap_or_default()
                };
                format!(
                    "write `aliases: [{item}]` instead: the page's old URLs, each of which gets \
                     a small page redirecting here"
                )
            }
            _ => "rename it to `aliases:`: the page's old URLs, each of which gets a small page \
                  redirecting here"
                .into(),
        }),
        "permalink" | "slug" | "url" | "path" if has("aliases") => {
            let old = value
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map_or("an old URL".to_string(), |v| format!("`{v}`"));
            Some(format!(
                "a page's URL comes from its file's path under the pages folder (move or rename \
                 the file to change it); to keep {old} working, list it under `aliases:` \
                 (unless it is this page's URL already: then just remove the field)"
            ))
        }
        "published" if has("draft") => Some(match value.map(str::trim) {
            Some("false" | "False" | "FALSE") => {
                "write `draft: true` instead: the page is left out of the site unless `--drafts` \
                 is given"
                    .into()
            }
            _ => "pages are published unless they say `draft: true`: remove it".into(),
        }),
        "nav_order" | "sidebar_position" | "order" if has("weight") => Some(
            "write `weight:` instead: pages of a section are ordered by it, lower first".into(),
        ),
        "layout" if has("extra") => Some(
            "handbook picks each page's template itself (override the theme's in \
             `templates/`); to keep the value for templates, move it under `extra:` (they see \
             `page.extra.layout`)"
                .into(),
        ),
        _ if has("extra") && THEME_FIELDS.contains(&name) => Some(format!(
            "fields for templates go under `extra:` (they see `page.extra.{name}`)"
        )),
        _ => None,
    }
}

/// Where any other field can go in `s`, when it has a free-form `extra:`.
pub(crate) fn elsewhere(s: &StructShape) -> Option<&'static str> {
    s.field("extra")
        .map(|_| "; anything else for templates goes under `extra:`")
}

/// How to write a `s` when a plain value (`text`) was given: a leaving principle written as
/// one string, say.
pub(crate) fn as_mapping(s: &StructShape, text: Option<&str>) -> String {
    let mut names: Vec<&str> = s
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name.as_str())
        .collect();
    names.extend(
        s.fields
            .iter()
            .filter(|f| !f.required)
            .map(|f| f.name.as_str())
            .take(4usize.saturating_sub(names.len())),
    );
    let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let listed = match listed.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    // The example puts the text given where text goes: the first required text field.
    let example = s
        .fields
        .iter()
        .find(|f| f.required && matches!(f.shape, Shape::Str) && f.name != "id")
        .or_else(|| s.fields.first())
        .map(|f| format!(", e.g. `{}: {}`", f.name, text.unwrap_or("...")))
        .unwrap_or_default();
    let verb = if humanize(&s.name).ends_with('s') {
        "are"
    } else {
        "is"
    };
    format!(
        "{} {verb} a mapping of {listed}{example}",
        with_article(&s.name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::parse::schema::shape;

    /// The struct shape at `path` (fields, `[]` for list items) below `kind`'s root.
    fn at(kind: Kind, path: &[&str]) -> std::sync::Arc<StructShape> {
        let mut shape = shape(kind);
        for step in path {
            shape = match shape {
                Shape::Struct(s) => &s.field(step).unwrap().shape,
                Shape::Seq(item) => item,
                Shape::Nullable(inner) => inner,
                other => panic!("{step}: {other:?}"),
            };
            if let Shape::Seq(item) = shape {
                shape = item;
            }
            if let Shape::Nullable(inner) = shape {
                shape = inner;
            }
        }
        match shape {
            Shape::Struct(s) => s.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn words_of_other_kinds_find_this_kinds_field() {
        let level = at(Kind::Ladder, &["tracks", "levels"]);
        assert_eq!(meant("name", &level), Some("title"));
        let value = at(Kind::Values, &["values"]);
        assert_eq!(meant("title", &value), Some("name"));
        assert_eq!(meant("guidance", &value), Some("description"));
        let stage = at(Kind::Hiring, &["stages"]);
        assert_eq!(meant("description", &stage), Some("guidance"));
        assert_eq!(meant("title", &stage), Some("name"));
        let principle = at(Kind::Leaving, &["principles"]);
        assert_eq!(meant("description", &principle), Some("body"));
        assert_eq!(meant("name", &principle), Some("title"));
        assert_eq!(meant("colour", &principle), None);
        let role = shape(Kind::Role);
        let Shape::Struct(role) = role else { panic!() };
        assert_eq!(meant("name", role), Some("title"));
        assert_eq!(meant("valeus", role), Some("values"), "spelling first");
    }

    #[test]
    fn fields_of_other_generators_get_this_ones_way_in_front_matter_only() {
        let Shape::Struct(front) = shape(Kind::FrontMatter) else {
            panic!()
        };
        let hint = |name, value| foreign(name, value, front).unwrap_or_default();
        assert!(hint("redirect_from", None).starts_with("rename it to `aliases:`"));
        assert!(
            hint("redirect_from", Some(" /old/ ")).starts_with("write `aliases: [/old/]` instead")
        );
        assert!(hint("redirect_from", Some("/a,b/")).starts_with(r#"write `aliases: ["/a,b/"]`"#));
        assert!(
            hint("permalink", Some("/security/"))
                .contains("to keep `/security/` working, list it under `aliases:`")
        );
        assert!(
            hint("path", Some("/old/"))
                .contains("to keep `/old/` working, list it under `aliases:`"),
            "Gatsby's path: is a permalink"
        );
        assert!(hint("layout", Some("page")).contains("move it under `extra:`"));
        assert!(hint("keywords", None).contains("`page.extra.keywords`"));
        assert!(hint("published", Some("false")).starts_with("write `draft: true` instead"));
        assert!(hint("published", Some("true")).contains("remove it"));
        assert!(hint("nav_order", None).contains("`weight:`"));
        assert_eq!(foreign("colour", None, front), None);
        // A role has neither `aliases` nor `extra`: no hint that would send there.
        let Shape::Struct(role) = shape(Kind::Role) else {
            panic!()
        };
        for name in ["redirect_from", "permalink", "layout", "keywords"] {
            assert_eq!(foreign(name, None, role), None, "{name}");
        }
    }

    #[test]
    fn a_plain_value_where_a_mapping_belongs_is_shown_as_one() {
        let principle = at(Kind::Leaving, &["principles"]);
        assert_eq!(
            as_mapping(&principle, Some("Be kind")),
            "a principle is a mapping of `title` and `body`, e.g. `title: Be kind`"
        );
    }
}
