//! Real handbooks come through (issue 16): a handbook shaped like the repositories teams
//! already have — Markdown at the root (`pages_dir: .`), `README.md` indexes, images, diagrams
//! and PDFs next to the pages, raw HTML card grids, file names with spaces, links to title
//! headings and to the repository's own files on GitHub, Jekyll-era front matter — builds, and
//! the link checker finds nothing dead in it (`support::run` checks every site it builds).

use std::path::{Path, PathBuf};

use crate::support::{self, run, stderr, write};

fn fixture() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    support::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-repo"),
        &dir,
    );
    (tmp, dir)
}

fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_repository_shaped_handbook_builds_without_dead_links() {
    let (tmp, dir) = fixture();
    let o = run(&["check", dir.to_str().unwrap(), "--strict"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let site = tmp.path().join("site");
    let o = run(&["build", dir.to_str().unwrap(), "-o", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    // Files next to the pages are published at the same place.
    for file in [
        "logo.svg",
        "logo@2x.png",
        "engineering/arch.svg",
        "engineering/runbook.pdf",
        "people/benefits/overview.png",
    ] {
        assert!(site.join(file).is_file(), "{file} not published");
    }
    // README.md is its folder's page; the root's is the home page.
    let home = read(&site, "index.html");
    assert!(home.contains("<h1 id=\"acme-company-handbook\">"), "{home}");
    assert!(site.join("engineering/index.html").is_file());
    assert!(site.join("people/benefits/index.html").is_file());
    // Raw HTML: the card grid's links, images and srcset are rewritten.
    for expected in [
        r#"<a class="card" href="./engineering/">"#,
        r#"href="./engineering/security-policy/#secure-development-policy""#,
        r#"srcset="./logo.svg 1x, ./logo@2x.png 2x""#,
    ] {
        assert!(home.contains(expected), "{expected}\n{home}");
    }
    // Links to the repository's own files on GitHub are internal; bare URLs are links.
    assert!(home.contains(r#"<a href="./engineering/on-call/#paging">on-call guide</a>"#));
    // A link to the source view of a file (`?plain=1#L3`) stays a link to GitHub; a raster
    // image embedded as data: is kept.
    assert!(home.contains(
        r#"href="https://github.com/acme/handbook/blob/main/engineering/on-call.md?plain=1#L3""#
    ));
    assert!(home.contains(r#"<img src="data:image/png;base64,iVBORw0KGgo"#));
    assert!(home.contains(
        r#"<a href="https://github.com/acme/handbook">https://github.com/acme/handbook</a>"#
    ));
    // A file name with a space: published with `-`, its title plain text, its title
    // heading keeping its id so `#secure-development-policy` lands.
    let policy = read(&site, "engineering/security-policy/index.html");
    assert!(policy.contains("<title>Secure Development Policy · Acme Company Handbook</title>"));
    assert!(
        policy.contains(r#"<h1 id="secure-development-policy">Secure Development Policy</h1>"#)
    );
    assert!(
        policy.contains("/edit/main/engineering/security%20policy.md\""),
        "{policy}"
    );
    // A body heading that isn't the front-matter title stays.
    let people = read(&site, "people/index.html");
    assert!(people.contains("<h1 id=\"hb-title\">People</h1>"));
    assert!(
        people.contains("id=\"a-welcome-from-the-people-team\""),
        "{people}"
    );
    // Jekyll-era front matter lives under `extra:`; `aliases` get redirect pages.
    for old in ["onboarding.html", "people/welcome/index.html"] {
        let redirect = read(&site, old);
        assert!(
            redirect.contains("http-equiv=\"refresh\""),
            "{old}: {redirect}"
        );
    }
    assert!(read(&site, "onboarding.html").contains("url=people/onboarding/"));
    assert!(read(&site, "people/welcome/index.html").contains("url=../../people/onboarding/"));
    // `roles.md` introduces /roles/.
    assert!(read(&site, "roles/index.html").contains("Every role maps to our"));
    assert!(!site.join("roles.md").exists() && !site.join("README.md").exists());
    // The handbook's own files stay out of the site.
    for own in ["handbook.yaml", "values.yaml", "roles/engineer.yaml"] {
        assert!(!site.join(own).exists(), "{own} published");
    }
}

#[test]
fn pages_can_live_in_any_folder_with_edit_links_to_match() {
    let (_tmp, dir) = fixture();
    // The same Markdown under `content/`, as Hugo repositories keep it.
    let content = dir.join("content");
    std::fs::create_dir(&content).unwrap();
    for entry in [
        "README.md",
        "engineering",
        "people",
        "roles.md",
        "logo.svg",
        "logo@2x.png",
    ] {
        std::fs::rename(dir.join(entry), content.join(entry)).unwrap();
    }
    let config = std::fs::read_to_string(dir.join("handbook.yaml")).unwrap();
    write(
        &dir,
        "handbook.yaml",
        &config.replace(
            "pages_dir: .",
            "pages_dir: content\nrepository_path: docs/handbook",
        ),
    );
    // The GitHub URLs now name `docs/handbook/content/...`.
    let readme = std::fs::read_to_string(content.join("README.md")).unwrap();
    write(
        &dir,
        "content/README.md",
        &readme.replace(
            "blob/main/engineering/",
            "blob/main/docs/handbook/content/engineering/",
        ),
    );
    // A relative link out of the pages folder now climbs one more level, as on GitHub.
    let roles = std::fs::read_to_string(content.join("roles.md")).unwrap();
    write(
        &dir,
        "content/roles.md",
        &roles.replace("(values.yaml)", "(../values.yaml)"),
    );
    let o = run(&["build", dir.to_str().unwrap(), "--strict"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let site = dir.join("public");
    let on_call = read(&site, "engineering/on-call/index.html");
    assert!(
        on_call.contains("https://github.com/acme/handbook/edit/main/docs/handbook/content/engineering/on-call.md"),
        "{on_call}"
    );
    assert!(read(&site, "index.html").contains(r#"href="./engineering/on-call/#paging""#));
    assert!(site.join("engineering/arch.svg").is_file());
}

#[test]
fn dead_links_can_be_warnings_while_a_handbook_moves_in() {
    let (_tmp, dir) = fixture();
    write(
        &dir,
        "engineering/more.md",
        "# More\n\n[gone](missing.md) and [nowhere](#nowhere)\n",
    );
    let o = run(&["check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let config = std::fs::read_to_string(dir.join("handbook.yaml")).unwrap();
    write(
        &dir,
        "handbook.yaml",
        &format!("{config}rules:\n  broken-link: warning\n  stale-page: off\n"),
    );
    let o = run(&["build", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning[broken-link]"),
        "{}",
        stderr(&o)
    );
    // The dead link is written as it was, for the author to find.
    let more = read(&dir.join("public"), "engineering/more/index.html");
    assert!(more.contains(r#"<a href="missing.md">gone</a>"#), "{more}");
    let o = run(&["build", dir.to_str().unwrap(), "--strict"]);
    assert_eq!(o.status.code(), Some(1), "--strict still fails on warnings");
    // Rules that keep the handbook well-formed cannot be changed, and typos are caught.
    write(
        &dir,
        "handbook.yaml",
        &format!("{config}rules:\n  duplicate-id: off\n  broken-links: warning\n"),
    );
    let o = run(&["check", dir.to_str().unwrap(), "--format", "json"]);
    let diags: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let messages: Vec<&str> = diags.iter().filter_map(|d| d["message"].as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`duplicate-id` cannot be changed")),
        "{messages:?}"
    );
    assert!(
        diags.iter().any(|d| d["code"] == "unknown-field"
            && d["help"]
                .as_str()
                .is_some_and(|h| h.contains("broken-link"))),
        "{diags:#?}"
    );
}

#[test]
fn pages_that_collide_with_each_other_or_the_site_are_named() {
    let (_tmp, dir) = fixture();
    write(&dir, "engineering/on call.md", "# Also on call\n");
    write(&dir, "404.html", "<p>mine</p>\n");
    write(&dir, "people/_index.md", "# People index\n");
    let o = run(&["check", dir.to_str().unwrap(), "--format", "json"]);
    let diags: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let has = |file: &str, words: &str| {
        diags
            .iter()
            .any(|d| d["file"] == file && d["message"].as_str().is_some_and(|m| m.contains(words)))
    };
    assert!(
        has(
            "engineering/on-call.md",
            "two pages would be published at /engineering/on-call/"
        ) || has(
            "engineering/on call.md",
            "two pages would be published at /engineering/on-call/"
        ),
        "{diags:#?}"
    );
    assert!(
        has("404.html", "would replace the site's own /404.html"),
        "{diags:#?}"
    );
    // `_index.md` wins over `README.md`, which becomes a page of its own.
    let o = run(&["check", dir.to_str().unwrap()]);
    assert!(!stderr(&o).contains("people/README.md"), "{}", stderr(&o));
}
