//! Property tests: any generated handbook that `check` accepts builds into a site without a
//! broken link. (The laws of slugs, relative URLs and path joining are unit tests beside
//! `resolve::links`.)

use std::fmt::Write as _;
use std::path::Path;

use proptest::prelude::*;

use crate::support::links::broken_links;

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
