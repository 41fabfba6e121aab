//! Issue 19 (hardening): what a red team broke and the messages that misled a new user. Each
//! test failed before its fix; the race, the server and the output folder have theirs in
//! `robustness.rs`, `serve.rs` and `safety.rs`.

use std::path::{Path, PathBuf};

use crate::support::{self, run, stderr, stdout, write};

fn base() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    support::minimal(&dir);
    (tmp, dir)
}

/// `check --format json`: exit code and diagnostics.
fn check(dir: &Path) -> (Option<i32>, Vec<serde_json::Value>) {
    let o = run(&["check", dir.to_str().unwrap(), "--format", "json"]);
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    let diags = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)));
    (o.status.code(), diags)
}

fn find<'a>(diags: &'a [serde_json::Value], file: &str, code: &str) -> &'a serde_json::Value {
    diags
        .iter()
        .find(|d| d["file"] == file && d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {file}: {diags:#?}"))
}

/// Item 3 and 7: a page 20 folders deep passed `check`, then `build` failed with a template
/// error naming no file. Now `check` names the page and the limit, and `build` refuses it the
/// same way.
#[test]
fn a_page_too_deep_for_the_page_tree_is_reported_by_check() {
    let (tmp, dir) = base();
    let folders: Vec<String> = (1..=20).map(|i| format!("d{i}")).collect();
    let rel = format!("pages/{}/deep.md", folders.join("/"));
    write(&dir, &rel, "# Deep\n");
    let (status, diags) = check(&dir);
    assert_eq!(status, Some(1), "{diags:#?}");
    let d = find(&diags, &rel, "limit-exceeded");
    assert!(
        d["message"].as_str().unwrap().contains("MAX_PAGE_DEPTH"),
        "{d}"
    );
    let out = tmp.path().join("site");
    let o = run(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("deep.md"), "{}", stderr(&o));
    // Fifteen folders deep is fine.
    std::fs::remove_dir_all(dir.join("pages/d1")).unwrap();
    let rel = format!("pages/{}/ok.md", folders[..15].join("/"));
    write(&dir, &rel, "# Fine\n");
    let o = run(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Item 7: a template override that fails only when a page is rendered passed `check` and
/// failed `build`. `check` renders the pages (into nothing) when templates are overridden.
#[test]
fn a_template_override_failing_on_a_page_is_reported_by_check() {
    let (_tmp, dir) = base();
    write(
        &dir,
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ page.nope.nope }}{% endblock content %}",
    );
    write(&dir, "pages/guide.md", "# Guide\n");
    let (status, diags) = check(&dir);
    assert_eq!(status, Some(1), "{diags:#?}");
    find(&diags, "templates/page.html", "template");
}

/// Item 7 and the message that said "vanished": a file or folder whose name is not UTF-8 is
/// named by `check` (a static file's used to pass `check` and fail `build` with "cannot
/// copy …/��.txt").
#[test]
fn names_that_are_not_utf8_are_reported_by_check() {
    use std::os::unix::ffi::OsStrExt;
    let (tmp, dir) = base();
    let bad = std::ffi::OsStr::from_bytes(b"caf\xe9");
    std::fs::create_dir_all(dir.join("static")).unwrap();
    std::fs::write(dir.join("static").join(bad).with_extension("txt"), "x").unwrap();
    std::fs::write(dir.join("pages").join(bad).with_extension("md"), "# Café\n").unwrap();
    let (status, diags) = check(&dir);
    assert_eq!(status, Some(1), "{diags:#?}");
    for file in ["static/caf\u{fffd}.txt", "pages/caf\u{fffd}.md"] {
        let d = find(&diags, file, "encoding");
        let message = d["message"].as_str().unwrap();
        assert!(message.contains("not valid UTF-8"), "{message}");
        assert!(!message.contains("vanished"), "{message}");
    }
    let out = tmp.path().join("site");
    let o = run(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "a content error: {}", stderr(&o));
}

/// `handbook build mine/handbook.yaml` said "mine/handbook.yaml is not a handbook: it has no
/// handbook.yaml"; it now says to pass the folder, and which.
#[test]
fn naming_handbook_yaml_instead_of_its_folder_says_to_pass_the_folder() {
    let (tmp, _dir) = base();
    let o = support::run_in(tmp.path(), &["build", "hb/handbook.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("pass the folder") && err.contains("`hb`"),
        "{err}"
    );
    assert!(!err.contains("has no handbook.yaml"), "{err}");
}

/// Item 4: `repository: "javascript:alert(1)//"` made every "Edit this page" link a script
/// URL, and a `cname` with a line break wrote a two-line CNAME. Every URL setting must be an
/// absolute http(s) URL, `cname` one domain.
#[test]
fn url_settings_must_be_http_urls_and_cname_one_domain() {
    let (tmp, dir) = base();
    write(
        &dir,
        "handbook.yaml",
        "title: T\nrepository: \"javascript:alert(1)//\"\nbase_url: \"https://acme.dev/a\\nb\"\ncname: \"handbook.acme.dev\\nevil.example\"\n",
    );
    let (status, diags) = check(&dir);
    assert_eq!(status, Some(1), "{diags:#?}");
    let lines: Vec<u64> = diags
        .iter()
        .filter(|d| d["file"] == "handbook.yaml")
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [2, 3, 4], "each setting at its line: {diags:#?}");
    let out = tmp.path().join("site");
    let o = run(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
    // Valid settings still work, and `--base-url` is held to the same rule.
    write(
        &dir,
        "handbook.yaml",
        "title: T\nrepository: https://github.com/acme/handbook\ncname: handbook.acme.dev\n",
    );
    let o = run(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(out.join("CNAME")).unwrap(),
        "handbook.acme.dev\n"
    );
    let o = run(&[
        "build",
        dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--base-url",
        "https://x.dev/\"><script>",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// Item 6: 5,000 broken links on one 85 KB line printed 638 MB to stderr (each diagnostic
/// printed the whole line). The line is shown as a window, a file shows at most 50 problems
/// and a note counts the rest; `--format json` still lists every one.
#[test]
fn thousands_of_problems_on_one_long_line_print_a_bounded_report() {
    let (_tmp, dir) = base();
    let line: Vec<String> = (0..5000)
        .map(|i| format!("[l{i}](missing-{i}.md)"))
        .collect();
    write(
        &dir,
        "pages/many.md",
        &format!("# Many\n\n{}\n", line.join(" ")),
    );
    let o = run(&["check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.len() < 64 * 1024, "{} bytes of stderr", err.len());
    assert_eq!(err.matches("error[broken-link]").count(), 50);
    assert!(
        err.contains("4950 more problems in"),
        "{}",
        &err[err.len() - 400..]
    );
    assert!(
        err.ends_with("5000 errors\n"),
        "{}",
        &err[err.len() - 400..]
    );
    assert!(err.contains("--> hb/pages/many.md:3:25") || err.contains("many.md:3:25"));
    let (_, diags) = check(&dir);
    assert_eq!(diags.len(), 5000);
}

/// The diagnostics of the minimal handbook with `file` replaced by `text`.
fn with(file: &str, text: &str) -> Vec<serde_json::Value> {
    let (_tmp, dir) = base();
    write(&dir, file, text);
    let (status, diags) = check(&dir);
    assert_eq!(status, Some(1), "{file}: {diags:#?}");
    diags
}

fn messages(diags: &[serde_json::Value]) -> Vec<(String, String, String)> {
    diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
                d["help"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// "must be a whole number of zero or more, found an integer" for `review_after_days: -5`.
#[test]
fn a_negative_number_is_called_negative() {
    let d = messages(&with("handbook.yaml", "title: T\nreview_after_days: -5\n"));
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].1, "`review_after_days` must be zero or more, found -5");
}

/// `values: care` (a scalar where a list belongs) also raised a false `role-without-values`.
#[test]
fn a_value_where_a_list_belongs_is_one_error_with_the_list_to_write() {
    let d = messages(&with(
        "roles/dev.yaml",
        "title: Developer\nvalues: care\ntrack: ic\nlevels: [one]\n",
    ));
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].0, "yaml-syntax");
    assert!(d[0].2.contains("`[care]`"), "{d:?}");
}

/// A level's `name:` gave two errors (unknown `name`, missing `title`) and no "did you mean".
#[test]
fn a_levels_name_means_its_title() {
    let ladder = "competencies:\n  - id: craft\n    name: Craft\ntracks:\n  - id: ic\n    name: IC\n    levels:\n      - id: one\n        name: One\n        expectations:\n          craft: Writes code.\n";
    let d = messages(&with("ladder.yaml", ladder));
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].0, "unknown-field");
    assert!(d[0].2.starts_with("did you mean `title`?"), "{d:?}");
}

/// `guidance`/`description` and `name`/`title` mixed up across kinds get a did-you-mean, and a
/// misnamed required field is not reported missing as well.
#[test]
fn another_kinds_word_for_a_field_finds_this_kinds() {
    for (file, text, wrote, meant) in [
        (
            "hiring.yaml",
            "stages:\n  - id: talk\n    name: Talk\n    assesses: [care]\n    description: How.\n",
            "description",
            "guidance",
        ),
        (
            "values.yaml",
            "values:\n  - id: care\n    title: Care\n",
            "title",
            "name",
        ),
        (
            "values.yaml",
            "values:\n  - id: care\n    name: Care\n    guidance: Be kind.\n",
            "guidance",
            "description",
        ),
        (
            "roles/dev.yaml",
            "name: Developer\nvalues: [care]\ntrack: ic\nlevels: [one]\n",
            "name",
            "title",
        ),
        (
            "leaving.yaml",
            "principles:\n  - title: Part well\n    description: Kindly.\n",
            "description",
            "body",
        ),
    ] {
        let d = messages(&with(file, text));
        assert_eq!(d.len(), 1, "{file} {wrote}: {d:?}");
        assert_eq!(d[0].1, format!("unknown field `{wrote}`"));
        assert!(
            d[0].2.starts_with(&format!("did you mean `{meant}`?")),
            "{d:?}"
        );
    }
}

/// A leaving principle given as a string didn't say a principle is `{title, body}`.
#[test]
fn a_principle_given_as_text_is_shown_as_a_mapping() {
    let d = messages(&with("leaving.yaml", "principles:\n  - Be kind\n"));
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].2.contains("`title` and `body`") && d[0].2.contains("title: Be kind"),
        "{d:?}"
    );
}

/// A YAML indentation error in a role cascaded into `value-unused` for the values that role
/// (unreadable now) maps to.
#[test]
fn a_role_that_does_not_parse_leaves_no_value_unused_warning() {
    let d = messages(&with(
        "roles/dev.yaml",
        "title: Developer\nvalues:\n  - care\n track: ic\nlevels: [one]\n",
    ));
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].0, "yaml-syntax");
}

/// Found by mutating the code (`>` to `>=`): no test pinned the day a page turns stale. The
/// tests run on 2026-11-26 (`SOURCE_DATE_EPOCH`); with `review_after_days: 10`, a page
/// reviewed ten days before is fresh, eleven days before is stale.
#[test]
fn a_page_turns_stale_the_day_after_review_after_days() {
    let (_tmp, dir) = base();
    write(&dir, "handbook.yaml", "title: T\nreview_after_days: 10\n");
    write(
        &dir,
        "pages/fresh.md",
        "---\nreviewed: 2026-11-16\n---\n# Fresh\n",
    );
    write(
        &dir,
        "pages/stale.md",
        "---\nreviewed: 2026-11-15\n---\n# Stale\n",
    );
    let o = run(&["check", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "warnings only");
    let diags: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    let stale: Vec<&str> = diags
        .iter()
        .filter(|d| d["code"] == "stale-page")
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(stale, ["pages/stale.md"], "{diags:#?}");
}

/// Item 3, "no recursion on user-controlled depth anywhere": the nesting limit held for
/// nesting as written, but an alias repeats its anchor's levels where it stands, so a chain
/// `a1: &a1 [*a0]`, `a2: &a2 [*a1]`... nested as deep as it was long for everything that
/// walks the document. The limit counts aliases expanded.
#[test]
fn alias_chains_count_toward_the_nesting_limit() {
    let mut text = String::from("title: Developer\nvalues: [care]\nresponsibilities:\n  - &a0 x\n");
    for i in 1..200 {
        text.push_str(&format!("  - &a{i} [*a{}]\n", i - 1));
    }
    let diags = with("roles/dev.yaml", &text);
    let d = find(&diags, "roles/dev.yaml", "limit-exceeded");
    assert!(
        d["message"].as_str().unwrap().contains("MAX_YAML_DEPTH"),
        "{d}"
    );
}
