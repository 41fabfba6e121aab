//! Property tests: heading slugs, relative URLs and path joining hold their laws for any input,
//! and any generated handbook that `check` accepts builds into a site without a broken link.

use std::fmt::Write as _;
use std::path::Path;

use handbook::markdown::github_slug;
use handbook::model::urls::root_prefix;
use handbook::resolve::links::join;
use proptest::prelude::*;

use crate::support::links::broken_links;

fn url() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-z0-9][a-z0-9-]{0,5}", 0..4).prop_map(|segs| {
        if segs.is_empty() {
            String::new()
        } else {
            format!("{}/", segs.join("/"))
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn slugs_are_idempotent_and_url_safe(text in "\\PC{0,40}") {
        let slug = github_slug(&text);
        prop_assert_eq!(github_slug(&slug), slug.clone());
        prop_assert!(!slug.chars().any(char::is_whitespace));
        prop_assert!(!slug.contains(['#', '?', '/', '"', '<', '>', '%']));
        prop_assert_eq!(slug.to_lowercase(), slug);
    }

    #[test]
    fn relative_urls_round_trip(from in url(), to in url()) {
        // A link written on the page at `from` to the page at `to` lands on `to`.
        let href = format!("{}{to}", root_prefix(&from));
        let dir = from.trim_end_matches('/');
        let landed = join(dir, &href).expect("stays inside the site");
        prop_assert_eq!(landed.trim_end_matches('/'), to.trim_end_matches('/'));
    }

    #[test]
    fn joined_paths_never_escape_and_are_normal(base in "[a-z./]{0,20}", path in "[a-z./]{0,30}") {
        if let Some(joined) = join(&base, &path) {
            prop_assert!(!joined.split('/').any(|s| s == ".." || s == "."), "{}", joined);
            prop_assert!(!joined.starts_with('/'));
            prop_assert!(!joined.contains("//"), "{}", joined);
        }
    }
}

/// A small handbook described by the strategy below.
#[derive(Debug, Clone)]
struct Spec {
    values: usize,
    roles: Vec<Vec<usize>>,
    pages: Vec<(usize, Vec<Link>)>,
}

/// A link in a page: to page `n` (maybe missing), with a heading anchor (maybe missing), or to
/// value `n` (maybe missing).
#[derive(Debug, Clone)]
enum Link {
    Page(usize, Option<usize>),
    Value(usize),
}

fn spec() -> impl Strategy<Value = Spec> {
    (1usize..4, 1usize..6).prop_flat_map(|(values, pages)| {
        let roles = prop::collection::vec(prop::collection::vec(0..values + 1, 0..3), 1..4);
        let link = prop_oneof![
            (0..pages + 1, prop::option::of(0usize..4)).prop_map(|(p, a)| Link::Page(p, a)),
            (0..values + 1).prop_map(Link::Value),
        ];
        let page = (0usize..3, prop::collection::vec(link, 0..4));
        (
            Just(values),
            roles,
            prop::collection::vec(page, pages..pages + 1),
        )
            .prop_map(|(values, roles, pages)| Spec {
                values,
                roles,
                pages,
            })
    })
}

fn write_spec(dir: &Path, spec: &Spec) {
    let w = |rel: &str, text: &str| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w("handbook.yaml", "title: Generated\n");
    let mut values = String::from("values:\n");
    for v in 0..spec.values {
        let _ = write!(values, "  - id: v{v}\n    name: Value {v}\n");
    }
    w("values.yaml", &values);
    let mut stages = String::from("stages:\n  - id: s\n    name: Stage\n    assesses: [");
    stages.push_str(
        &(0..spec.values)
            .map(|v| format!("v{v}"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    stages.push_str("]\n");
    w("hiring.yaml", &stages);
    for (r, vals) in spec.roles.iter().enumerate() {
        let ids: Vec<String> = vals.iter().map(|v| format!("v{v}")).collect();
        w(
            &format!("roles/r{r}.yaml"),
            &format!("title: Role {r}\nvalues: [{}]\n", ids.join(", ")),
        );
    }
    let folder = |f: usize| ["", "a/", "a/b/"][f];
    for (i, (f, links)) in spec.pages.iter().enumerate() {
        let mut md = format!("# Page {i}\n\n## Part 0\n\n## Part 1\n\n## Part 2\n\n");
        for link in links {
            match link {
                Link::Page(p, anchor) => {
                    let target = match spec.pages.get(*p) {
                        Some((tf, _)) => format!("{}p{p}.md", folder(*tf)),
                        None => "missing.md".into(),
                    };
                    let depth = folder(*f).matches('/').count();
                    let anchor = anchor.map(|a| {
                        if a < 3 {
                            format!("#part-{a}")
                        } else {
                            "#nope".into()
                        }
                    });
                    let _ = writeln!(
                        md,
                        "[link]({}{target}{})",
                        "../".repeat(depth),
                        anchor.unwrap_or_default()
                    );
                }
                Link::Value(v) => {
                    let _ = writeln!(md, "[](@value/v{v})");
                }
            }
        }
        w(&format!("pages/{}p{i}.md", folder(*f)), &md);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn accepted_handbooks_build_without_broken_links(spec in spec()) {
        let tmp = tempfile::tempdir().unwrap();
        let hb = tmp.path().join("hb");
        write_spec(&hb, &spec);
        let out = tmp.path().join("site");
        let check = crate::support::run(&["check", hb.to_str().unwrap(), "--format", "json"]);
        let diags: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
        let errors = diags.as_array().unwrap().iter().any(|d| d["severity"] == "error");
        let build = crate::support::run(&["build", hb.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        // check and build agree...
        prop_assert_eq!(build.status.success(), !errors, "{}", crate::support::stderr(&build));
        // ...and what builds has no broken internal link.
        if !errors {
            let broken = broken_links(&out);
            prop_assert!(broken.is_empty(), "{:#?}", broken);
        }
    }
}
