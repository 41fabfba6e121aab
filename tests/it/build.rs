//! `handbook build` on the example handbook and on small handbooks made for one behaviour.

use std::collections::BTreeSet;

use crate::support::{self, links::broken_links, run, stderr, stdout, write};

fn yaml(path: &std::path::Path) -> serde_yaml::Value {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn ids(v: &serde_yaml::Value, list: &str) -> Vec<String> {
    v[list]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn example_builds_every_page_of_the_spec_with_no_broken_link() {
    let (tmp, hb) = support::example_copy();
    let handbook_yaml = std::fs::read_to_string(hb.join("handbook.yaml")).unwrap();
    std::fs::write(
        hb.join("handbook.yaml"),
        format!("{handbook_yaml}cname: handbook.example.org\n"),
    )
    .unwrap();
    let out = tmp.path().join("site");
    let o = run(&[
        "build",
        hb.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--base-url",
        "https://acme.github.io/handbook/",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("Built "), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    // The summary counts every file of the site (all but the folder's `.handbook-site` mark).
    let on_disk = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_file())
        .count();
    assert!(
        stderr(&o).contains(&format!("({} files)", on_disk - 1)),
        "{on_disk} files on disk: {}",
        stderr(&o)
    );

    let mut expected: BTreeSet<String> = BTreeSet::new();
    for p in [
        "index.html",
        "values/index.html",
        "roles/index.html",
        "ladder/index.html",
        "hiring/index.html",
        "leaving/index.html",
        "404.html",
        "print/index.html",
    ] {
        expected.insert(p.into());
    }
    let values = yaml(&hb.join("values.yaml"));
    for id in ids(&values, "values") {
        expected.insert(format!("values/{id}/index.html"));
    }
    for entry in std::fs::read_dir(hb.join("roles")).unwrap() {
        let name = entry
            .unwrap()
            .file_name()
            .to_string_lossy()
            .replace(".yaml", "");
        expected.insert(format!("roles/{name}/index.html"));
    }
    let ladder = yaml(&hb.join("ladder.yaml"));
    for track in ladder["tracks"].as_sequence().unwrap() {
        let t = track["id"].as_str().unwrap();
        expected.insert(format!("ladder/{t}/index.html"));
        for level in track["levels"].as_sequence().unwrap() {
            expected.insert(format!(
                "ladder/{t}/{}/index.html",
                level["id"].as_str().unwrap()
            ));
        }
    }
    for id in ids(&yaml(&hb.join("hiring.yaml")), "stages") {
        expected.insert(format!("hiring/{id}/index.html"));
    }
    for entry in walkdir::WalkDir::new(hb.join("pages"))
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry
            .path()
            .strip_prefix(hb.join("pages"))
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if let Some(stem) = rel.strip_suffix(".md") {
            let url = stem
                .trim_end_matches("_index")
                .trim_end_matches("index")
                .trim_end_matches('/');
            expected.insert(if url.is_empty() {
                "index.html".into()
            } else {
                format!("{url}/index.html")
            });
        }
    }
    for file in [
        ".nojekyll",
        "CNAME",
        "sitemap.xml",
        "search-index.json",
        "handbook.json",
    ] {
        expected.insert(file.into());
    }
    let missing: Vec<_> = expected.iter().filter(|p| !out.join(p).is_file()).collect();
    assert!(missing.is_empty(), "missing: {missing:#?}");
    assert_eq!(
        std::fs::read_to_string(out.join("CNAME")).unwrap().trim(),
        "handbook.example.org"
    );

    let problems = broken_links(&out);
    assert!(problems.is_empty(), "{problems:#?}");

    // The search index: a manifest, then document chunks (scripts wrapping JSON).
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("search-index.json")).unwrap()).unwrap();
    let mut urls = Vec::new();
    for n in 0..index["chunks"].as_array().unwrap().len() {
        let js = std::fs::read_to_string(out.join(format!("search-index/d{n}.js"))).unwrap();
        let json = &js[js.find(',').unwrap() + 1..js.rfind(");").unwrap()];
        let docs: Vec<Vec<String>> = serde_json::from_str(json).unwrap();
        urls.extend(docs.into_iter().map(|d| d[0].clone()));
    }
    assert_eq!(urls.len() as u64, index["docs"].as_u64().unwrap());
    assert!(urls.iter().any(|u| u == "roles/platform-engineer/"));
    assert!(urls.iter().any(|u| u == "roles/platform-engineer/#traits"));
    assert!(urls.iter().any(|u| u == "culture/one-on-ones/"));
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("handbook.json")).unwrap()).unwrap();
    let exported: Vec<&str> = model["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert_eq!(exported, ids(&values, "values"));
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://acme.github.io/handbook/roles/platform-engineer/</loc>")
    );
}

#[test]
fn the_example_handbook_has_no_problems() {
    let o = run(&[
        "check",
        support::example().to_str().unwrap(),
        "--format",
        "json",
        "--strict",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o).trim(), "[]");
}

#[test]
fn pages_are_cross_linked_both_ways() {
    let (tmp, hb) = support::example_copy();
    let out = tmp.path().join("site");
    let o = run(&["build", hb.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    // value → roles, competencies, stages that use it
    let value = read("values/ownership/index.html");
    assert!(
        value.contains("href=\"../../roles/platform-engineer/\""),
        "value lists its roles"
    );
    assert!(
        value.contains("href=\"../../hiring/"),
        "value lists the stages assessing it"
    );
    assert!(
        value.contains("href=\"../../competencies/"),
        "value lists competencies expressing it"
    );
    // role → values, levels, stages, manager, reports
    let role = read("roles/platform-engineer/index.html");
    assert!(role.contains("href=\"../../values/ownership/\""));
    assert!(role.contains("href=\"../../ladder/ic/senior/\""));
    assert!(role.contains("href=\"../../hiring/technical-interview/\""));
    assert!(
        role.contains("href=\"../../roles/engineering-manager/\""),
        "links its manager"
    );
    let manager = read("roles/engineering-manager/index.html");
    assert!(
        manager.contains("href=\"../../roles/platform-engineer/\""),
        "links its direct reports"
    );
    // level shows the level below
    let level = read("ladder/ic/senior/index.html");
    assert!(level.contains("One level below"));
    assert!(level.contains("href=\"../../../ladder/ic/mid/\""));
    // matrices and diagrams
    let values = read("values/index.html");
    assert!(values.contains("class=\"matrix role-value\""));
    let track = read("ladder/ic/index.html");
    assert!(track.contains("class=\"matrix ladder-matrix\""));
    let hiring = read("hiring/index.html");
    assert!(hiring.contains("<svg class=\"diagram pipeline layout-wide\""));
    assert!(hiring.contains("<svg class=\"diagram pipeline layout-narrow\""));
    let roles = read("roles/index.html");
    assert!(roles.contains("<svg class=\"diagram org-chart layout-wide\""));
    assert!(roles.contains("<svg class=\"diagram org-chart layout-narrow\""));
    assert!(
        roles.contains("href=\"../roles/head-of-platform/\""),
        "org chart nodes link roles"
    );
}

#[test]
fn every_internal_url_is_relative_and_base_url_only_where_absolute_is_needed() {
    let (tmp, hb) = support::example_copy();
    let out = tmp.path().join("site");
    let base = "https://acme.example/hb/";
    let o = run(&[
        "build",
        hb.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--base-url",
        base,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for entry in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let html = std::fs::read_to_string(entry.path()).unwrap();
        for attr in ["href", "src"] {
            for url in support::links::attributes(&html, attr) {
                assert!(!url.starts_with('/'), "{rel}: root-absolute {attr} {url}");
                if url.starts_with(base) {
                    let allowed = rel == "404.html"
                        || html.contains(&format!("rel=\"canonical\" href=\"{url}\""));
                    assert!(allowed, "{rel}: base_url used in a link: {url}");
                }
            }
        }
    }
    let not_found = std::fs::read_to_string(out.join("404.html")).unwrap();
    assert!(
        not_found.contains(&format!("href=\"{base}assets/style.css\"")),
        "404 page assets are absolute"
    );
}

#[test]
fn yaml_text_is_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let hb = tmp.path().join("hb");
    support::minimal(&hb);
    write(
        &hb,
        "roles/dev.yaml",
        "title: <script>alert(1)</script>\nsummary: \"\\\"><img src=x onerror=alert(2)>\"\nvalues: [care]\ntrack: ic\nlevels: [one]\ndescription: |\n  Hello <b onclick=\"x()\">bold</b> and [link](javascript:alert(3))\n",
    );
    let out = tmp.path().join("site");
    let o = run(&["build", hb.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    // A javascript: link is an error; the rest is checked on a build without it.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("unsafe-link"), "{}", stderr(&o));
    write(
        &hb,
        "roles/dev.yaml",
        "title: <script>alert(1)</script>\nsummary: \"\\\"><img src=x onerror=alert(2)>\"\nvalues: [care]\ntrack: ic\nlevels: [one]\ndescription: |\n  Hello <b onclick=\"x()\">bold</b>\n",
    );
    let o = run(&["build", hb.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    for page in [
        "roles/dev/index.html",
        "roles/index.html",
        "values/index.html",
        "values/care/index.html",
        "print/index.html",
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(!html.contains("<script>alert"), "{page}");
        assert!(!html.contains("<img src=x"), "{page}");
        assert!(!html.contains("<b onclick"), "{page}");
    }
    let role = std::fs::read_to_string(out.join("roles/dev/index.html")).unwrap();
    assert!(
        role.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the title shows as text"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let hb = tmp.path().join("hb");
    support::minimal(&hb);
    write(
        &hb,
        "pages/wip.md",
        "---\ntitle: Work in progress\ndraft: true\n---\nSoon.\n",
    );
    let out = tmp.path().join("site");
    let o = run(&["build", hb.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.join("wip/index.html").exists());
    let o = run(&[
        "build",
        hb.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--drafts",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("wip/index.html").exists());
}

#[test]
fn sections_index_files_and_weights_order_the_tree() {
    let tmp = tempfile::tempdir().unwrap();
    let hb = tmp.path().join("hb");
    support::minimal(&hb);
    write(
        &hb,
        "pages/guide/_index.md",
        "---\ntitle: The guide\nweight: 1\n---\nIntro.\n",
    );
    write(
        &hb,
        "pages/guide/zeta.md",
        "---\nweight: 1\n---\n# Zeta first\n",
    );
    write(&hb, "pages/guide/alpha.md", "# Alpha\n");
    write(
        &hb,
        "pages/guide/beta.md",
        "---\ntitle: Beta\nweight: 2\n---\n",
    );
    write(
        &hb,
        "pages/other/index.md",
        "---\ntitle: Other\nweight: 2\n---\n",
    );
    write(&hb, "pages/loose/page.md", "# Loose page\n");
    let out = tmp.path().join("site");
    let o = run(&["build", hb.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let section = std::fs::read_to_string(out.join("guide/index.html")).unwrap();
    let z = section.find("Zeta first").unwrap();
    let b = section.find(">Beta<").unwrap();
    let a = section.find(">Alpha<").unwrap();
    assert!(z < b && b < a, "weight order, unweighted last");
    assert!(
        out.join("other/index.html").exists(),
        "index.md is a section index too"
    );
    assert!(
        out.join("loose/index.html").exists(),
        "a folder without an index gets a section page"
    );
    assert!(
        std::fs::read_to_string(out.join("loose/index.html"))
            .unwrap()
            .contains("Loose page")
    );
    assert!(broken_links(&out).is_empty(), "{:#?}", broken_links(&out));
}

#[test]
fn links_are_rewritten_and_empty_text_filled() {
    let tmp = tempfile::tempdir().unwrap();
    let hb = tmp.path().join("hb");
    support::minimal(&hb);
    write(&hb, "pages/a/one.md", "# One\n\n## Part two\n\nText.\n");
    write(
        &hb,
        "pages/b/two.md",
        "# Two\n\n[rel](../a/one.md#part-two) [](@role/dev) [](@value/care) [](@level/ic/one) [q](../a/one.md?x=1) [dot](./three.md) [yaml](../../values.yaml) [ext](https://example.com/a.md)\n",
    );
    write(&hb, "pages/b/three.md", "# Three\n");
    let out = tmp.path().join("site");
    let o = run(&["build", hb.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("b/two/index.html")).unwrap();
    for expected in [
        "href=\"../../a/one/#part-two\">rel</a>",
        "href=\"../../roles/dev/\">Developer</a>",
        "href=\"../../values/care/\">Care</a>",
        "href=\"../../ladder/ic/one/\">One</a>",
        "href=\"../../a/one/?x=1\">q</a>",
        "href=\"../../b/three/\">dot</a>",
        "href=\"../../values/\">yaml</a>",
        "href=\"https://example.com/a.md\">ext</a>",
    ] {
        assert!(html.contains(expected), "missing {expected} in {html}");
    }
}

#[test]
fn a_broken_link_stops_the_build_with_its_position() {
    let tmp = tempfile::tempdir().unwrap();
    let hb = tmp.path().join("hb");
    support::minimal(&hb);
    write(&hb, "pages/a.md", "# A\n\nLine three [x](missing.md).\n");
    let out = tmp.path().join("site");
    let o = run(&[
        "build",
        hb.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--color",
        "never",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("error[broken-link]"), "{err}");
    assert!(err.contains("pages/a.md:3:16"), "{err}");
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn static_files_are_copied_and_linkable() {
    let tmp = tempfile::tempdir().unwrap();
    let hb = tmp.path().join("hb");
    support::minimal(&hb);
    std::fs::create_dir_all(hb.join("static/img")).unwrap();
    std::fs::write(
        hb.join("static/img/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    write(
        &hb,
        "pages/about.md",
        "# About\n\n![Logo](../static/img/logo.svg)\n",
    );
    let out = tmp.path().join("site");
    let o = run(&["build", hb.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("img/logo.svg").is_file());
    let html = std::fs::read_to_string(out.join("about/index.html")).unwrap();
    assert!(
        html.contains("src=\"../img/logo.svg\" alt=\"Logo\""),
        "{html}"
    );
    assert!(broken_links(&out).is_empty());
}

#[test]
fn titles_with_control_characters_survive_on_every_page() {
    // The renderer splices page bodies and sidebars into the template's output at markers
    // made of a control character; a title holding that character once cut the print page
    // short at the first page after it.
    let tmp = tempfile::tempdir().unwrap();
    let hb = tmp.path().join("hb");
    support::minimal(&hb);
    write(
        &hb,
        "pages/odd.md",
        "---\ntitle: Odd\u{1e}0\u{1e} title\n---\nFirst body.\n",
    );
    write(&hb, "pages/zz-after.md", "# After\n\nLast body.\n");
    let out = tmp.path().join("site");
    let o = run(&["build", hb.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let print = std::fs::read_to_string(out.join("print/index.html")).unwrap();
    for text in [
        "Odd\u{1e}0\u{1e} title",
        "First body.",
        "Last body.",
        "</html>",
    ] {
        assert!(print.contains(text), "print page lacks {text:?}");
    }
    let page = std::fs::read_to_string(out.join("odd/index.html")).unwrap();
    assert!(page.contains("First body.") && page.ends_with("</html>\n"));
    assert!(
        page.contains("href=\"../odd/\" aria-current=\"page\""),
        "sidebar marks the page"
    );
}

#[test]
fn texts_sharing_a_page_keep_their_heading_and_footnote_ids_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    support::minimal(&dir);
    write(
        &dir,
        "values.yaml",
        "values:\n  - id: care\n    name: Care\n    description: |\n      ## Example\n\n      First.[^1]\n\n      [^1]: Note of the description.\n    behaviours:\n      - \"## Example\\n\\nSecond.[^1]\\n\\n[^1]: Note of the behaviour.\\n\\n## Details\\n\\nSee [details](#details).\"\n",
    );
    let site = tmp.path().join("site");
    // `run` fails the test if a page repeats an id or a fragment link is dead.
    let o = run(&["build", dir.to_str().unwrap(), "-o", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    for page in ["values/care/index.html", "print/index.html"] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        assert!(
            support::links::repeated_ids(&html).is_empty(),
            "{page}: {html}"
        );
        assert_eq!(html.matches("Note of the").count(), 2, "{page}");
        // The behaviour's `## Example` nests under "What it looks like" (an <h2>).
        assert_eq!(support::links::skipped_levels(&html), [], "{page}");
    }
    let value = std::fs::read_to_string(site.join("values/care/index.html")).unwrap();
    // Only the ids the description took are renamed in the behaviour; its own `## Details`
    // keeps its id, so the link from elsewhere (checked against `#details`) reaches it.
    assert!(value.contains("<h3 id=\"example-1\""), "{value}");
    assert!(value.contains("<h3 id=\"details\""), "{value}");
    // The description, shown first, keeps the ids a link from elsewhere would use; the
    // table of contents points at them.
    let value = std::fs::read_to_string(site.join("values/care/index.html")).unwrap();
    assert!(value.contains("<h2 id=\"example\">"), "{value}");
    assert!(value.contains("href=\"#example\""), "{value}");
    let second = &value[value.find("Second.").unwrap()..];
    let href = &second[second.find("href=\"#").unwrap() + 7..];
    let id = &href[..href.find('"').unwrap()];
    assert_ne!(id, "fn-1");
    let note = &value[value.find(&format!("<li id=\"{id}\"")).unwrap()..];
    assert!(note[..note.find("</li>").unwrap()].contains("Note of the behaviour."));
}

#[test]
fn the_sitemap_percent_encodes_urls_as_links_do() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    support::minimal(&dir);
    write(
        &dir,
        "handbook.yaml",
        "title: Minimal\nbase_url: https://acme.example/hb/\n",
    );
    write(&dir, "pages/équipe/café crème.md", "# Café\n");
    write(
        &dir,
        "pages/index.md",
        "See [the café](<équipe/café crème.md>).\n",
    );
    let site = tmp.path().join("site");
    let o = run(&["build", dir.to_str().unwrap(), "-o", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    let encoded = "%C3%A9quipe/caf%C3%A9-cr%C3%A8me/";
    assert!(
        sitemap.contains(&format!("<loc>https://acme.example/hb/{encoded}</loc>")),
        "{sitemap}"
    );
    assert!(!sitemap.contains("équipe"), "{sitemap}");
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(home.contains(&format!("href=\"./{encoded}\"")), "{home}");
}

/// A handbook with a link, an image, a footnote and a heading in every Markdown field: every
/// page keeps its ids unique and its outline without skipped levels (SPEC §6), and `run`
/// checks that no link or footnote is dead.
#[test]
fn markdown_in_every_field_keeps_every_page_valid() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    support::copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/every-field"),
        &dir,
    );
    let site = tmp.path().join("site");
    let o = run(&["build", dir.to_str().unwrap(), "-o", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&site) {
        let path = entry.unwrap().into_path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(&path).unwrap();
        let rel = path.strip_prefix(&site).unwrap().display().to_string();
        assert_eq!(support::links::skipped_levels(&html), [], "{rel}");
        assert_eq!(
            support::links::heading_levels(&html)
                .iter()
                .filter(|&&l| l == 1)
                .count(),
            1,
            "{rel}"
        );
        pages += 1;
    }
    assert!(pages > 25, "{pages} pages");
}

/// Texts from YAML are shown on several pages (a trait on its role and in every interview kit,
/// an expectation on its level, track, competency and kits): their `#fragment` links go to the
/// owner's page, so they work on each; their headings never take a template's section id; and
/// footnotes referenced twice, raw `<a name>` anchors and empty headings keep ids unique. `run`
/// fails the test on any dead link or repeated id in the site.
#[test]
fn yaml_text_links_and_ids_hold_on_every_page_showing_the_text() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    support::minimal(&dir);
    write(
        &dir,
        "roles/dev.yaml",
        "title: Developer\nvalues: [care]\ntrack: ic\nlevels: [one]\ndescription: |\n  ## About\n\n  Builds things.\ntraits:\n  - name: Finishes\n    value: care\n    description: Read [about the role](#about) first.\n",
    );
    write(
        &dir,
        "ladder.yaml",
        "competencies:\n  - id: craft\n    name: Craft\ntracks:\n  - id: ic\n    name: IC\n    description: |\n      ## Levels\n\n      Lowest first.\n    levels:\n      - id: one\n        title: One\n        expectations:\n          craft: \"## Levels\\n\\nWrites code, twice[^1] noted[^1].\\n\\n[^1]: A note.\\n\\n## \"\n",
    );
    let site = tmp.path().join("site");
    let o = run(&["build", dir.to_str().unwrap(), "-o", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |rel: &str| std::fs::read_to_string(site.join(rel)).unwrap();
    let kit = read("roles/dev/interview/one/index.html");
    assert!(
        kit.contains("href=\"../../../../roles/dev/#about\">about the role</a>"),
        "{kit}"
    );
    for rel in [
        "ladder/ic/index.html",
        "ladder/ic/one/index.html",
        "competencies/craft/index.html",
    ] {
        let html = read(rel);
        assert!(support::links::repeated_ids(&html).is_empty(), "{rel}");
        assert!(!html.contains("id=\"\""), "{rel}");
    }
    let level = read("ladder/ic/one/index.html");
    assert!(level.contains("id=\"fnref-1.2\""), "{level}");
    // An old-style anchor in a page, then a heading of the same name.
    write(
        &dir,
        "pages/contact.md",
        "# Contact\n\n<a name=\"more\"></a>\n\n## More\n",
    );
    let o = run(&["build", dir.to_str().unwrap(), "-o", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read("contact/index.html");
    assert!(
        page.contains("<a id=\"more\">") && page.contains("<h2 id=\"more-1\">"),
        "{page}"
    );
}

/// On `/print/`, a page's link to its own title (`[top](#on-call)`) reaches the page's
/// section there, and the page's headings nest under that section's heading.
#[test]
fn a_link_to_a_pages_title_works_on_the_print_page() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    support::minimal(&dir);
    write(
        &dir,
        "pages/on-call.md",
        "# On-call\n\n## Paging\n\n[Back to top](#on-call)\n",
    );
    let site = tmp.path().join("site");
    // `run` fails the test on a dead anchor.
    let o = run(&["build", dir.to_str().unwrap(), "-o", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let print = std::fs::read_to_string(site.join("print/index.html")).unwrap();
    let heading = &print[..print.find("\">On-call</h2>").unwrap()];
    let id = &heading[heading.rfind("id=\"").unwrap() + 4..];
    assert!(id.ends_with("-on-call"), "{id}");
    // The contents' link and the page's own `[Back to top](#on-call)`.
    assert_eq!(
        print.matches(&format!("href=\"#{id}\"")).count(),
        2,
        "{print}"
    );
    // The page's `## Paging` sits under the page's own <h2> there (SPEC §6).
    let prefix = id.trim_end_matches("on-call");
    assert!(
        print.contains(&format!("<h3 id=\"{prefix}paging\">")),
        "{print}"
    );
    assert_eq!(support::links::skipped_levels(&print), []);
    let page = std::fs::read_to_string(site.join("on-call/index.html")).unwrap();
    assert!(page.contains("<h2 id=\"paging\">"), "{page}");
}

/// A track's wording of a competency is shown on level and competency pages, not on its owner
/// page (the track's): its link to its own heading stays on the page showing it.
#[test]
fn a_link_to_a_texts_own_heading_stays_on_the_page_showing_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    support::minimal(&dir);
    write(
        &dir,
        "ladder.yaml",
        "competencies:\n  - id: craft\n    name: Craft\ntracks:\n  - id: ic\n    name: IC\n    competencies:\n      - id: craft\n        description: \"## Scope here\\n\\nSee [scope](#scope-here).\"\n    levels:\n      - id: one\n        title: One\n        expectations:\n          craft: Writes code.\n",
    );
    let site = tmp.path().join("site");
    // `run` fails the test on a dead anchor.
    let o = run(&["build", dir.to_str().unwrap(), "-o", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(site.join("competencies/craft/index.html")).unwrap();
    let at = page.find(">scope</a>").expect("the link is shown");
    let href = &page[page[..at].rfind("href=\"").unwrap() + 6..at];
    assert!(
        href.starts_with('#') && href.ends_with("scope-here\""),
        "{href}"
    );
}
