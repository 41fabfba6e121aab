//! Diagnostics point at the exact value and say something useful: positions inside flow
//! collections, enum values of handbook.yaml, readable type messages, codes of their own for
//! level conflicts and repeated entries, hints for fields of other generators, empty tracks.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{self, stdout, write};

/// A scratch minimal handbook (see [`support::minimal`]) with `files` written over it.
fn handbook(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    support::minimal(&dir);
    for (rel, text) in files {
        write(&dir, rel, text);
    }
    (tmp, dir)
}

/// The diagnostics of `check --format json` on `dir`.
fn diagnostics(dir: &Path) -> Vec<Value> {
    let o = support::run(&["check", dir.to_str().unwrap(), "--format", "json"]);
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)))
}

/// The one diagnostic with `code` whose message contains `needle`.
fn find<'a>(diags: &'a [Value], code: &str, needle: &str) -> &'a Value {
    let found: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == code && d["message"].as_str().unwrap().contains(needle))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one {code} with {needle:?}, got {diags:#?}"
    );
    found[0]
}

/// Asserts a diagnostic's file, line and column.
/// The line and message of each diagnostic with `code`, in order.
fn lines_and_messages<'a>(diags: &'a [Value], code: &str) -> Vec<(u64, &'a str)> {
    diags
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| (d["line"].as_u64().unwrap(), d["message"].as_str().unwrap()))
        .collect()
}

fn assert_at(d: &Value, file: &str, line: u64, column: u64) {
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some(file), Some(line), Some(column)),
        "{d:#}"
    );
}

#[test]
fn items_after_a_rejected_item_of_a_flow_list_keep_their_own_position() {
    // The mapping is not a value id: the structural check drops it, and the ids after it
    // used to be looked up one item early (`ghost` pointed at `{id: care}`).
    let (_tmp, dir) = handbook(&[(
        "roles/dev.yaml",
        "title: Developer\nvalues: [{id: care}, ghost, care, [x], ghost2]\ntrack: ic\nlevels: [one]\n",
    )]);
    let diags = diagnostics(&dir);
    assert_at(
        find(&diags, "unknown-reference", "`ghost`"),
        "roles/dev.yaml",
        2,
        22,
    );
    assert_at(
        find(&diags, "unknown-reference", "`ghost2`"),
        "roles/dev.yaml",
        2,
        40,
    );
    assert_at(
        find(&diags, "yaml-syntax", "item 1 of `values`"),
        "roles/dev.yaml",
        2,
        10,
    );
}

#[test]
fn nested_flow_collections_point_at_each_item() {
    // A track's wording mapping, a bad item, then ids: each id at its own column, nested
    // lists of levels too.
    let ladder = "competencies:\n  - id: craft\n    name: Craft\ntracks:\n  - id: ic\n    name: IC\n    competencies: [{id: craft, name: C}, 7, ghost]\n    levels:\n      - id: one\n        title: One\n        not_expected: [{a: b}, nope]\n        expectations: {craft: Writes code., ghost3: x}\n";
    let (_tmp, dir) = handbook(&[("ladder.yaml", ladder)]);
    let diags = diagnostics(&dir);
    assert_at(
        find(&diags, "unknown-reference", "`ghost`"),
        "ladder.yaml",
        7,
        45,
    );
    assert_at(
        find(&diags, "unknown-reference", "`nope`"),
        "ladder.yaml",
        11,
        32,
    );
    assert_at(
        find(&diags, "unknown-reference", "`ghost3`"),
        "ladder.yaml",
        12,
        45,
    );
}

#[test]
fn handbook_yaml_words_are_checked_at_the_value_with_the_nearest_word() {
    let (_tmp, dir) = handbook(&[(
        "handbook.yaml",
        "title: Minimal\nmarkdown: {raw_html: sanitise}\nrules:\n  broken-link: eror\n  stale-pages: Off\n",
    )]);
    let diags = diagnostics(&dir);
    let d = find(&diags, "yaml-syntax", "`raw_html`");
    assert_at(d, "handbook.yaml", 2, 22);
    assert_eq!(
        d["message"],
        "`raw_html` must be one of `allow`, `sanitize` or `escape`, found `sanitise`"
    );
    assert_eq!(d["help"], "did you mean `sanitize`?");
    let d = find(&diags, "yaml-syntax", "`broken-link`");
    assert_at(d, "handbook.yaml", 4, 16);
    assert_eq!(
        d["message"],
        "`broken-link` must be one of `error`, `warning` or `off`, found `eror`"
    );
    assert_eq!(d["help"], "did you mean `error`?");
    // A misspelt rule with a misspelt severity: both are reported, each where it is.
    let d = find(&diags, "yaml-syntax", "`stale-pages`");
    assert_at(d, "handbook.yaml", 5, 16);
    assert_eq!(d["help"], "did you mean `off`?");
    assert_at(
        find(&diags, "unknown-field", "`stale-pages`"),
        "handbook.yaml",
        5,
        3,
    );
}

#[test]
fn a_word_nowhere_near_any_allowed_one_is_explained() {
    let (_tmp, dir) = handbook(&[(
        "handbook.yaml",
        "title: Minimal\nmarkdown:\n  raw_html: sometimes\n",
    )]);
    let diags = diagnostics(&dir);
    let d = find(&diags, "yaml-syntax", "`raw_html`");
    assert_at(d, "handbook.yaml", 3, 13);
    assert_eq!(
        d["help"],
        "`allow`: kept as written (authors are trusted); `sanitize`: kept, minus scripts, \
         event handlers and script URLs; `escape`: shown as text"
    );
}

#[test]
fn alternatives_in_type_errors_are_each_named_once() {
    let (_tmp, dir) = handbook(&[(
        "handbook.yaml",
        "title: Minimal\nmarkdown:\n  raw_html: [allow]\n",
    )]);
    let diags = diagnostics(&dir);
    let d = find(&diags, "yaml-syntax", "`raw_html`");
    assert_eq!(
        d["message"],
        "`raw_html` must be one of `allow`, `sanitize` or `escape`, found a list"
    );
    assert_at(d, "handbook.yaml", 3, 13);
}

/// `check` in human form, without colour.
fn human(dir: &Path) -> String {
    support::stderr(&support::run(&[
        "check",
        dir.to_str().unwrap(),
        "--color",
        "never",
    ]))
}

const LADDER_HEAD: &str = "competencies:\n  - id: craft\n    name: Craft\n  - id: care\n    name: Care\ntracks:\n  - id: ic\n    name: IC\n";

#[test]
fn a_competency_both_expected_and_not_expected_has_its_own_code() {
    let ladder = format!(
        "{LADDER_HEAD}    levels:\n      - id: one\n        title: One\n        not_expected: [care]\n        expectations:\n          craft: Writes code.\n          care: Cares.\n"
    );
    let (_tmp, dir) = handbook(&[("ladder.yaml", &ladder)]);
    let diags = diagnostics(&dir);
    let d = find(&diags, "contradictory-level", "`care`");
    assert_at(d, "ladder.yaml", 12, 24);
    assert_eq!(d["severity"], "error");
    assert_eq!(
        d["message"],
        "level `one` of track `ic`: competency `care` has expectations and is also listed as not expected"
    );
    assert!(
        !diags.iter().any(|d| d["code"] == "yaml-syntax"),
        "{diags:#?}"
    );
    // The human view points at the expectation it contradicts too.
    let out = human(&dir);
    assert!(
        out.contains(
            "15 |           care: Cares.\n   |           ---- its expectations at this level"
        ),
        "{out}"
    );
}

#[test]
fn repeated_ids_are_reported_at_the_second_with_a_note_at_the_first() {
    let ladder = format!(
        "{LADDER_HEAD}    competencies: [craft, care, craft]\n    levels:\n      - id: one\n        title: One\n        not_expected: [care, care]\n        expectations:\n          craft: Writes code.\n"
    );
    let hiring = "stages:\n  - id: talk\n    name: Talk\n    assesses: [care]\n    competencies:\n      - craft\n      - craft\n";
    let (_tmp, dir) = handbook(&[("ladder.yaml", &ladder), ("hiring.yaml", hiring)]);
    let diags = diagnostics(&dir);
    let d = find(&diags, "duplicate-entry", "track `ic`: competency `craft`");
    assert_at(d, "ladder.yaml", 9, 33);
    assert_eq!(d["severity"], "warning");
    assert_eq!(
        d["message"],
        "track `ic`: competency `craft` is listed twice in `competencies`"
    );
    let d = find(&diags, "duplicate-entry", "level `one`");
    assert_at(d, "ladder.yaml", 13, 30);
    assert_eq!(
        d["message"],
        "level `one` of track `ic`: competency `care` is listed twice in `not_expected`"
    );
    let d = find(&diags, "duplicate-entry", "hiring stage");
    assert_at(d, "hiring.yaml", 7, 9);
    assert_eq!(
        d["message"],
        "hiring stage `talk`: competency `craft` is listed twice in `competencies`"
    );
    let out = human(&dir);
    assert!(
        out.contains("6 |       - craft\n  |         ----- first listed here\n7 |       - craft\n  |         ^^^^^"),
        "{out}"
    );
}

#[test]
fn a_track_with_no_levels_is_a_warning_at_the_empty_list() {
    let ladder = format!(
        "{LADDER_HEAD}    levels:\n      - id: one\n        title: One\n        expectations:\n          craft: Writes code.\n          care: Cares.\n  - id: design\n    name: Design\n    levels: []\n"
    );
    let (_tmp, dir) = handbook(&[("ladder.yaml", &ladder)]);
    let diags = diagnostics(&dir);
    let d = find(&diags, "empty-track", "`design`");
    assert_at(d, "ladder.yaml", 17, 13);
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["message"], "track `design` has no levels");
    assert_eq!(diags.len(), 1, "{diags:#?}");
}

#[test]
fn jekyll_front_matter_fields_say_what_to_write_instead() {
    let page = "---\ntitle: Security\nlayout: page\npermalink: /security/\nredirect_from:\n  - /policies/security.html\nkeywords: [security]\n---\n# Security\n";
    let (_tmp, dir) = handbook(&[("pages/security.md", page)]);
    let diags = diagnostics(&dir);
    let d = find(&diags, "unknown-field", "`redirect_from`");
    assert_at(d, "pages/security.md", 5, 1);
    assert_eq!(
        d["help"],
        "rename it to `aliases:`: the page's old URLs, each of which gets a small page redirecting here"
    );
    let d = find(&diags, "unknown-field", "`permalink`");
    assert_at(d, "pages/security.md", 4, 1);
    assert!(
        d["help"].as_str().unwrap().ends_with(
            "to keep `/security/` working, list it under `aliases:` (unless it is this \
                 page's URL already: then just remove the field)"
        ),
        "{d:#}"
    );
    let d = find(&diags, "unknown-field", "`layout`");
    assert_at(d, "pages/security.md", 3, 1);
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .ends_with("move it under `extra:` (they see `page.extra.layout`)"),
        "{d:#}"
    );
    let d = find(&diags, "unknown-field", "`keywords`");
    assert_eq!(
        d["help"],
        "fields for templates go under `extra:` (they see `page.extra.keywords`)"
    );

    // The hints are true: the page written as they say checks clean, its old URLs redirect
    // and templates see the layout.
    let fixed = "---\ntitle: Security\naliases:\n  - /policies/security.html\nextra:\n  layout: page\n  keywords: [security]\n---\n# Security\n";
    write(&dir, "pages/security.md", fixed);
    assert_checks_clean_and_redirects(&dir, "policies/security.html", "security/");

    // `/security/` is this page's own URL: kept as an alias, it is named as such, not as a
    // clash with another page.
    let own = "---\ntitle: Security\naliases:\n  - /security/\n---\n# Security\n";
    write(&dir, "pages/security.md", own);
    let diags = diagnostics(&dir);
    let d = find(&diags, "duplicate-id", "this page's own URL");
    assert_at(d, "pages/security.md", 4, 5);
    assert_eq!(d["help"], "remove this alias: the page is already there");
}

/// Jekyll takes one old URL as plain text; the hint gives the list to write, and written
/// as it says, the old URL redirects.
#[test]
fn a_single_redirect_from_gets_the_aliases_line_to_write() {
    let page = "---\ntitle: Security\nredirect_from: /policies/security.html\n---\n# Security\n";
    let (_tmp, dir) = handbook(&[("pages/security.md", page)]);
    let diags = diagnostics(&dir);
    let d = find(&diags, "unknown-field", "`redirect_from`");
    assert_at(d, "pages/security.md", 3, 1);
    let help = d["help"].as_str().unwrap();
    let line = help
        .strip_prefix("write `")
        .and_then(|h| h.split_once('`'))
        .map(|(line, _)| line)
        .unwrap_or_else(|| panic!("{help}"));
    assert_eq!(line, "aliases: [/policies/security.html]");
    write(
        &dir,
        "pages/security.md",
        &format!("---\ntitle: Security\n{line}\n---\n# Security\n"),
    );
    assert_checks_clean_and_redirects(&dir, "policies/security.html", "security/");
}

/// The handbook at `dir` checks clean and builds, and its file `from` redirects to `to`.
fn assert_checks_clean_and_redirects(dir: &Path, from: &str, to: &str) {
    assert!(diagnostics(dir).is_empty());
    let out = dir.join("public");
    let o = support::run(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", support::stderr(&o));
    let redirect = std::fs::read_to_string(out.join(from)).unwrap();
    assert!(redirect.contains(to), "{redirect}");
}

/// A criterion with `: ` in it is read by YAML as a mapping: one error saying so, with the
/// quoting that fixes it, instead of an unknown field and a missing `text`.
#[test]
fn a_sentence_with_a_colon_read_as_a_mapping_says_to_quote_it() {
    let item = "Owns the **roadmap**: yes, all of it";
    let ladder = format!(
        "{LADDER_HEAD}    levels:\n      - id: one\n        title: One\n        expectations:\n          craft: Writes code.\n          care:\n            - Asks for help early\n            - {item}\n"
    );
    let (_tmp, dir) = handbook(&[("ladder.yaml", &ladder)]);
    let diags = diagnostics(&dir);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = find(&diags, "yaml-syntax", "read as a mapping");
    assert_at(d, "ladder.yaml", 16, 15);
    assert_eq!(d["help"], format!("quote the whole text: \"{item}\""));
    // Quoted as the help says, it is text.
    write(
        &dir,
        "ladder.yaml",
        &ladder.replace(&format!("- {item}"), &format!("- \"{item}\"")),
    );
    assert!(diagnostics(&dir).is_empty());
}

/// Aliases are compared with pages and each other without case: on a case-insensitive disk
/// (a site opened from disk on macOS or Windows) `/Security/` would overwrite `/security/`.
#[test]
fn an_alias_differing_from_a_page_only_in_case_is_a_clash() {
    let (_tmp, dir) = handbook(&[
        ("pages/security.md", "# Security\n"),
        (
            "pages/policies.md",
            "---\naliases:\n  - /Security/\n  - /old/\n  - /OLD/\n---\n# Policies\n",
        ),
    ]);
    let diags = diagnostics(&dir);
    let clashes = lines_and_messages(&diags, "duplicate-id");
    assert_eq!(
        clashes,
        [
            (
                3,
                "the alias would replace another page or alias at /Security/"
            ),
            (5, "the alias would replace another page or alias at /OLD/"),
        ],
        "{diags:#?}"
    );
}

/// An alias or a page named like a file the build writes at the top of the site
/// (`/sitemap.xml`, `/CNAME`...) is a clash in `check`, at its line, and `build` refuses it
/// with the same diagnostic instead of failing to write the file.
#[test]
fn an_alias_or_page_naming_a_generated_file_is_a_clash() {
    let generated = [
        "/sitemap.xml",
        "/robots.txt",
        "/handbook.json",
        "/search-index.json",
        "/search-index.js",
        "/CNAME",
        "/index.html",
        "/Sitemap.XML/",
        "/Values/",
    ];
    let front = generated
        .iter()
        .map(|a| format!("  - {a}\n"))
        .collect::<String>();
    let (_tmp, dir) = handbook(&[
        (
            "pages/policies.md",
            &format!("---\naliases:\n{front}---\n# Policies\n"),
        ),
        ("pages/robots.txt.md", "# Robots\n"),
    ]);
    let diags = diagnostics(&dir);
    let clashes: Vec<(u64, u64, &str)> = diags
        .iter()
        .filter(|d| d["code"] == "duplicate-id" && d["file"] == "pages/policies.md")
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(clashes.len(), generated.len(), "{diags:#?}");
    for (i, (line, column, message)) in clashes.into_iter().enumerate() {
        assert_eq!((line, column), (3 + i as u64, 5), "{message}");
        let area = generated[i] == "/Values/";
        assert!(
            message.contains(if area {
                "a page the site generates at /Values/"
            } else {
                "the alias would replace the site's own /"
            }),
            "{message}"
        );
    }
    let d = find(&diags, "duplicate-id", "published at /robots.txt/");
    assert_eq!(d["file"], "pages/robots.txt.md");
    let o = support::run(&[
        "build",
        dir.to_str().unwrap(),
        "-o",
        dir.join("site").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", support::stderr(&o));
    let err = support::stderr(&o);
    assert!(err.contains("pages/policies.md:3:5"), "{err}");
    assert!(!err.contains("File exists"), "{err}");
}

/// An alias naming a file the site publishes (an image beside the pages, a `static/` file),
/// or a folder where such a file is, is a clash at the alias, not an I/O error in `build`.
#[test]
fn an_alias_naming_a_published_file_is_a_clash() {
    let (_tmp, dir) = handbook(&[
        (
            "pages/diagram.md",
            "---\naliases:\n  - /img/arch.svg\n  - /IMG/Arch.svg/old/\n  - /files/a.txt\n  - /img/\n---\n# Diagram\n",
        ),
        (
            "pages/img/arch.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
        ),
        ("static/files/a.txt", "a\n"),
    ]);
    let diags = diagnostics(&dir);
    let clashes = lines_and_messages(&diags, "duplicate-id");
    assert_eq!(
        clashes,
        [
            (
                3,
                "the alias would replace the file pages/img/arch.svg, published at /img/arch.svg"
            ),
            (
                4,
                "the alias would replace the file pages/img/arch.svg, published at /img/arch.svg"
            ),
            (
                5,
                "the alias would replace the file static/files/a.txt, published at /files/a.txt"
            ),
        ],
        "{diags:#?}"
    );
    let o = support::run(&[
        "build",
        dir.to_str().unwrap(),
        "-o",
        dir.join("site").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", support::stderr(&o));
    assert!(!support::stderr(&o).contains("File exists"));
}

/// Pages whose URLs differ only in case are one folder on macOS and Windows.
#[test]
fn pages_differing_only_in_case_are_a_clash() {
    let (_tmp, dir) = handbook(&[
        ("pages/Guide.md", "# Guide\n"),
        ("pages/guide.md", "# Other guide\n"),
        ("pages/Team/a.md", "# A\n"),
        ("pages/team/b.md", "# B\n"),
    ]);
    let diags = diagnostics(&dir);
    let clashes: Vec<&str> = diags
        .iter()
        .filter(|d| d["code"] == "duplicate-id")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(clashes.len(), 2, "{diags:#?}");
    let d = find(&diags, "duplicate-id", "uide/ differ only in case");
    assert!(d["file"].as_str().unwrap().ends_with("uide.md"), "{d:#}");
    let d = find(&diags, "duplicate-id", "eam/ differ only in case");
    assert!(d["file"].as_str().unwrap().starts_with("pages/"), "{d:#}");
    // Apart from that, names keep their capitals.
    let (_tmp, dir) = handbook(&[
        ("pages/Guide.md", "# Guide\n"),
        ("pages/team/b.md", "# B\n"),
    ]);
    assert!(diagnostics(&dir).is_empty());
}

/// A required field written empty (`title: ""`) is as missing as one left out.
#[test]
fn an_empty_required_field_is_missing() {
    let (_tmp, dir) = handbook(&[
        ("handbook.yaml", "title: \"\"\n"),
        (
            "values.yaml",
            "values:\n  - id: care\n    name: '  '\n    summary: We care.\n",
        ),
        (
            "roles/dev.yaml",
            "title: \"\"\nvalues: [care]\ntrack: ic\nlevels: [one]\n",
        ),
    ]);
    let diags = diagnostics(&dir);
    let empty: Vec<(&str, u64, u64, &str)> = diags
        .iter()
        .filter(|d| d["code"] == "missing-field")
        .map(|d| {
            (
                d["file"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap(),
            )
        })
        .collect();
    for expected in [
        ("handbook.yaml", 1, 8, "`title` is empty"),
        ("values.yaml", 3, 11, "`name` is empty"),
        ("roles/dev.yaml", 1, 8, "`title` is empty"),
    ] {
        assert!(empty.contains(&expected), "{expected:?}: {diags:#?}");
    }
    // An optional field may be empty.
    let (_tmp, dir) = handbook(&[(
        "values.yaml",
        "values:\n  - id: care\n    name: Care\n    summary: ''\n",
    )]);
    assert!(
        diagnostics(&dir)
            .iter()
            .all(|d| d["code"] != "missing-field"),
        "{:#?}",
        diagnostics(&dir)
    );
}

/// A trait's `value` written with the wrong type is one error, the type's: the trait names a
/// value (a wrong one), so no trait-without-value on top. An empty `value:` is still one.
#[test]
fn a_trait_value_of_the_wrong_type_is_not_also_a_trait_without_value() {
    let role = |value: &str| {
        format!(
            "title: Developer\nvalues: [care]\ntrack: ic\nlevels: [one]\ntraits:\n  - name: Kind reviews\n    value:{value}\n"
        )
    };
    let (_tmp, dir) = handbook(&[("roles/dev.yaml", &role(" {x: 1}"))]);
    let diags = diagnostics(&dir);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_at(
        find(&diags, "yaml-syntax", "must be text"),
        "roles/dev.yaml",
        7,
        12,
    );
    write(&dir, "roles/dev.yaml", &role(""));
    let diags = diagnostics(&dir);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_at(
        find(&diags, "trait-without-value", "Kind reviews"),
        "roles/dev.yaml",
        6,
        5,
    );
}
