//! Handbooks brought in from elsewhere, and the gaps a user review found in them: a role whose
//! own hiring stages never assess one of its values, links from root-level pages
//! (`pages_dir: .`) to repository files the site doesn't publish (`.github/CODEOWNERS`),
//! Markdown in the handbook's own folders (`roles/README.md`) left out without a word, and the
//! plain text of a track's CSV spaced wrong around links.

use std::path::{Path, PathBuf};

use crate::support::{copy_dir, run_in, stderr, stdout, write};

/// The rules fixtures' base handbook (values `care` and `craft`, roles `dev` and `lead`, track
/// `ic`), copied to a folder in a temporary one.
fn base() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base"),
        &dir,
    );
    (tmp, dir)
}

/// A diagnostic as `(code, file, line, column, message)`.
type Diag = (String, String, u64, u64, String);

/// `handbook check --format json` in `dir`: the exit code and each diagnostic.
fn check(dir: &Path, strict: bool) -> (Option<i32>, Vec<Diag>) {
    let mut args = vec!["check", ".", "--format", "json"];
    if strict {
        args.push("--strict");
    }
    let o = run_in(dir, &args);
    let parsed: serde_json::Value = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("stdout is one JSON array ({e}): {}", stdout(&o)));
    let diags = parsed
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (o.status.code(), diags)
}

/// The diagnostics of `diags` with `code`.
fn with_code(diags: &[Diag], code: &str) -> Vec<Diag> {
    diags.iter().filter(|d| d.0 == code).cloned().collect()
}

fn diag(
    code: &str,
    file: &str,
    line: u64,
    column: u64,
    message: &str,
) -> (String, String, u64, u64, String) {
    (code.into(), file.into(), line, column, message.into())
}

/// Builds the handbook in `dir` into a folder outside it (inside, with `pages_dir: .`, the
/// next check would count the site's files as the handbook's).
fn build(dir: &Path) -> (std::process::Output, PathBuf) {
    let out = dir.parent().unwrap().join(format!(
        "{}-site",
        dir.file_name().unwrap().to_string_lossy()
    ));
    let o = run_in(dir, &["build", ".", "-o", out.to_str().unwrap()]);
    (o, out)
}

fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

// 1. A role's values and the hiring stages that apply to it.

#[test]
fn a_value_of_a_role_that_none_of_its_hiring_stages_assesses_is_reported_on_the_role() {
    let (_tmp, dir) = base();
    let dir = dir.as_path();
    write(
        dir,
        "hiring.yaml",
        "stages:\n  - id: screen\n    name: Screen\n    assesses: [craft]\n  - id: culture\n    name: Culture\n    assesses: [care]\n  - id: offer\n    name: Offer\n",
    );
    // `dev` skips the only stage that assesses `care`; `lead` goes through every stage.
    write(
        dir,
        "roles/dev.yaml",
        "title: Developer\nvalues: [care, craft]\ntraits:\n  - name: Reviews with kindness\n    value: care\ntrack: ic\nlevels: [one, two]\nhiring_stages: [screen, offer]\n",
    );
    let (status, diags) = check(dir, false);
    assert_eq!(status, Some(0), "{diags:#?}");
    assert_eq!(
        diags,
        [diag(
            "value-not-assessed",
            "roles/dev.yaml",
            2,
            10,
            "role `dev` is not assessed on its core value `care`: none of its hiring stages (`screen`, `offer`) assesses it",
        )]
    );
    let human = run_in(dir, &["check", "--color", "never"]);
    assert!(
        stderr(&human).contains(
            "help: add `care` to the `assesses:` of one of those stages, or add a stage that assesses it (`culture`) to this role's `hiring_stages:`"
        ),
        "{}",
        stderr(&human)
    );
    let (strict, _) = check(dir, true);
    assert_eq!(strict, Some(1), "a gap fails --strict");

    // With the stage added to the role, nothing is left.
    write(
        dir,
        "roles/dev.yaml",
        "title: Developer\nvalues: [care, craft]\ntrack: ic\nlevels: [one, two]\nhiring_stages: [screen, culture, offer]\n",
    );
    assert_eq!(check(dir, true), (Some(0), Vec::new()));

    // A role that goes through no stage is told so.
    write(
        dir,
        "roles/dev.yaml",
        "title: Developer\nvalues: [craft]\ntrack: ic\nlevels: [one, two]\nhiring_stages: []\n",
    );
    let (_, diags) = check(dir, false);
    assert_eq!(
        diags,
        [diag(
            "value-not-assessed",
            "roles/dev.yaml",
            2,
            10,
            "role `dev` is not assessed on its core value `craft`: it goes through no hiring stage",
        )]
    );
}

#[test]
fn a_value_no_stage_assesses_is_reported_once_on_the_value_not_on_every_role() {
    let (_tmp, dir) = base();
    let dir = dir.as_path();
    write(
        dir,
        "hiring.yaml",
        "stages:\n  - id: screen\n    name: Screen\n    assesses: [craft]\n",
    );
    write(
        dir,
        "roles/dev.yaml",
        "title: Developer\nvalues: [care, craft]\ntrack: ic\nlevels: [one, two]\nhiring_stages: [screen]\n",
    );
    let (_, diags) = check(dir, false);
    assert_eq!(
        diags,
        [diag(
            "value-not-assessed",
            "values.yaml",
            2,
            9,
            "core value `care` is not assessed by any hiring stage",
        )]
    );
}

#[test]
fn the_example_handbook_assesses_every_role_on_its_values() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&crate::support::example(), tmp.path());
    assert_eq!(check(tmp.path(), true), (Some(0), Vec::new()));
}

// 2 and 3. A whole repository as the pages folder.

/// A repository kept as GitHub shows it, the handbook at its root: a README as the home page,
/// a `.github` folder, role files with a README of their own, a template override folder with
/// notes, and a `static/` folder.
fn repository(repository: bool) -> (tempfile::TempDir, PathBuf) {
    let (tmp, root) = base();
    let dir = root.as_path();
    std::fs::remove_dir_all(dir.join("pages")).unwrap();
    let repo = if repository {
        "repository: https://github.com/acme/handbook\n"
    } else {
        ""
    };
    write(
        dir,
        "handbook.yaml",
        &format!("title: Acme handbook\npages_dir: .\n{repo}"),
    );
    write(
        dir,
        "README.md",
        "# Acme handbook\n\nWelcome. Reviews: [owners](.github/CODEOWNERS), the [workflows](.github/workflows/),\nhow [roles are written](roles/README.md).\n",
    );
    write(dir, ".github/CODEOWNERS", "* @acme/leads\n");
    write(dir, ".github/workflows/check.yml", "on: push\n");
    write(
        dir,
        "roles/README.md",
        "# Roles\n\nOne YAML file per role.\n",
    );
    write(dir, "roles/archive/old.md", "# An old role\n");
    write(dir, "templates/NOTES.md", "Overrides of the theme.\n");
    write(dir, "static/notes.md", "Served as it is.\n");
    write(
        dir,
        "engineering/on-call.md",
        "# On call\n\nSee the [handbook](../README.md).\n",
    );
    (tmp, root)
}

#[test]
fn links_to_hidden_repository_files_go_to_the_repository() {
    let (_tmp, dir) = repository(true);
    let dir = dir.as_path();
    let (status, diags) = check(dir, false);
    assert_eq!(status, Some(0), "{diags:#?}");
    assert!(!diags.iter().any(|d| d.0 == "broken-link"), "{diags:#?}");
    let (o, site) = build(dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let home = read(&site, "index.html");
    for expected in [
        r#"<a href="https://github.com/acme/handbook/blob/main/.github/CODEOWNERS">owners</a>"#,
        r#"<a href="https://github.com/acme/handbook/tree/main/.github/workflows/">workflows</a>"#,
        r#"<a href="https://github.com/acme/handbook/blob/main/roles/README.md">roles are written</a>"#,
    ] {
        assert!(home.contains(expected), "{expected}\n{home}");
    }
    assert!(!site.join(".github").exists());
}

#[test]
fn without_a_repository_links_to_unpublished_files_stay_broken_with_the_reason() {
    let (_tmp, dir) = repository(false);
    let dir = dir.as_path();
    let (status, diags) = check(dir, false);
    assert_eq!(status, Some(1));
    let broken = with_code(&diags, "broken-link");
    assert_eq!(
        broken,
        [
            diag(
                "broken-link",
                "README.md",
                3,
                28,
                "broken link: `.github/CODEOWNERS` exists but is not published on the site",
            ),
            diag(
                "broken-link",
                "README.md",
                3,
                65,
                "broken link: `.github/workflows/` exists but is not published on the site",
            ),
            diag(
                "broken-link",
                "README.md",
                4,
                25,
                "broken link: `roles/README.md` is not published: its folder is reserved for role profiles (`roles/*.yaml`)",
            ),
        ]
    );
    // Each says what would make the link work.
    let human = stderr(&run_in(dir, &["check", "."]));
    assert_eq!(
        human
            .matches("help: set `repository` in handbook.yaml so links to files that aren't published go to the repository")
            .count(),
        2,
        "{human}"
    );
    assert!(
        human.contains("help: move it to a folder of pages, or set `repository`"),
        "{human}"
    );
}

#[test]
fn a_draft_stays_a_broken_link_even_with_a_repository() {
    let (_tmp, dir) = repository(true);
    let dir = dir.as_path();
    write(dir, "plans.md", "---\ndraft: true\n---\n# Plans\n");
    write(
        dir,
        "engineering/on-call.md",
        "# On call\n\nSee the [plans](../plans.md).\n",
    );
    let (_, diags) = check(dir, false);
    assert!(
        diags.contains(&diag(
            "broken-link",
            "engineering/on-call.md",
            3,
            17,
            "broken link: `plans.md` is a draft, left out of this build",
        )),
        "{diags:#?}"
    );
}

#[test]
fn hidden_files_beside_pages_in_a_pages_folder_link_to_the_repository_too() {
    let (_tmp, dir) = base();
    let dir = dir.as_path();
    write(
        dir,
        "handbook.yaml",
        "title: Fixture handbook\nrepository: https://github.com/acme/handbook\n",
    );
    write(dir, "pages/.editorconfig", "root = true\n");
    write(
        dir,
        "pages/guide.md",
        "---\ntitle: Guide\n---\nSee [the editor settings](.editorconfig).\n",
    );
    let (_, diags) = check(dir, false);
    assert!(!diags.iter().any(|d| d.0 == "broken-link"), "{diags:#?}");
    let (o, site) = build(dir);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&site, "guide/index.html").contains(
        r#"<a href="https://github.com/acme/handbook/blob/main/pages/.editorconfig">the editor settings</a>"#
    ));
}

#[test]
fn markdown_in_the_handbooks_own_folders_is_reported_as_not_published() {
    let (_tmp, dir) = repository(true);
    let dir = dir.as_path();
    let (status, diags) = check(dir, false);
    assert_eq!(status, Some(0));
    let not_published = with_code(&diags, "not-published");
    assert_eq!(
        not_published,
        [
            diag(
                "not-published",
                "roles/README.md",
                1,
                1,
                "roles/README.md is not published: `roles/` is reserved for role profiles (`roles/*.yaml`)",
            ),
            diag(
                "not-published",
                "roles/archive/old.md",
                1,
                1,
                "roles/archive/old.md is not published: `roles/` is reserved for role profiles (`roles/*.yaml`)",
            ),
            diag(
                "not-published",
                "static/notes.md",
                1,
                1,
                "static/notes.md is not published as a page: `static/` is reserved for files copied to the site as they are; it is copied unrendered, to `notes.md`",
            ),
            diag(
                "not-published",
                "templates/NOTES.md",
                1,
                1,
                "templates/NOTES.md is not published: `templates/` is reserved for template overrides (`templates/*.html`)",
            ),
        ]
    );
    let (strict, _) = check(dir, true);
    assert_eq!(strict, Some(1));
    let (o, site) = build(dir);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!site.join("roles/README/index.html").exists());
    assert!(site.join("notes.md").is_file(), "static files are copied");
    // Kept where they are on purpose: the rule can be turned off.
    write(
        dir,
        "handbook.yaml",
        "title: Acme handbook\npages_dir: .\nrepository: https://github.com/acme/handbook\nrules:\n  not-published: off\n",
    );
    assert_eq!(check(dir, true), (Some(0), Vec::new()));
}

#[test]
fn a_theme_folder_among_the_pages_is_reserved_for_the_theme() {
    let (_tmp, dir) = repository(true);
    let dir = dir.as_path();
    for rel in [
        "roles/README.md",
        "roles/archive/old.md",
        "templates/NOTES.md",
        "static/notes.md",
    ] {
        std::fs::remove_file(dir.join(rel)).unwrap();
    }
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    copy_dir(&theme, &dir.join("site-theme"));
    write(dir, "site-theme/README.md", "# Our theme\n");
    write(
        dir,
        "handbook.yaml",
        "title: Acme handbook\npages_dir: .\nrepository: https://github.com/acme/handbook\ntheme: ./site-theme\n",
    );
    write(dir, "README.md", "# Acme handbook\n\nWelcome.\n");
    let (_, diags) = check(dir, false);
    assert_eq!(
        diags,
        [diag(
            "not-published",
            "site-theme/README.md",
            1,
            1,
            "site-theme/README.md is not published: `site-theme/` is reserved for the theme (`theme:` in handbook.yaml)",
        )]
    );
}

/// Sites an earlier build wrote inside a root-level handbook (`public/` by default, or any
/// folder given with `-o`) are never read back as pages: `check`, `build` into `public/` and
/// `build -o` elsewhere all see the same handbook.
#[test]
fn sites_built_among_root_level_pages_are_not_read_as_pages() {
    let (_tmp, dir) = repository(true);
    let dir = dir.as_path();
    let (_, clean) = check(dir, false);
    let o = run_in(dir, &["build", "."]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run_in(dir, &["build", ".", "-o", "out2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.join("public/index.html").exists() && dir.join("out2/index.html").exists());
    let (_, after) = check(dir, false);
    assert_eq!(after, clean, "check reads neither public/ nor out2/");
    let (o, site) = build(dir);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("duplicate-id"),
        "public/ read as pages: {}",
        stderr(&o)
    );
    assert!(!site.join("out2").exists(), "out2/ copied into the site");
    assert!(
        !site.join("public").exists(),
        "public/ copied into the site"
    );
}

// 4. The track's CSV.

#[test]
fn csv_cells_keep_punctuation_with_the_link_emphasis_or_code_before_it() {
    let (_tmp, dir) = base();
    let dir = dir.as_path();
    write(
        dir,
        "ladder.yaml",
        "competencies:\n  - id: craft\n    name: Craft\ntracks:\n  - id: ic\n    name: IC\n    levels:\n      - id: one\n        title: One\n        expectations:\n          craft: >-\n            Reads the [guide](@page/guide). Then *this*, `code`; **bold**:\n            done ([tests](@page/guide)) and the [guide](@page/guide)'s \"[notes](@page/guide)\"!\n      - id: two\n        title: Two\n        expectations:\n          craft:\n            - text: Writes the [guide](@page/guide).\n              examples: [\"*Owns* the `runbook`, end to end.\"]\n",
    );
    let (o, site) = build(dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = read(&site, "ladder/ic.csv");
    assert_eq!(
        csv.split("\r\n").nth(1).unwrap(),
        "Craft,\"Reads the guide. Then this, code; bold: done (tests) and the guide's \"\"notes\"\"!\",\"• Writes the guide.\n  – Owns the runbook, end to end.\""
    );
}
