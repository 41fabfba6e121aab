//! `handbook check`: one fixture per rule (tests/fixtures/rules/<code>/ over tests/fixtures/base/),
//! each asserting code, file, line and column, with snapshots of every output format.

use std::path::{Path, PathBuf};

use handbook::{Code, Severity};

use crate::support::{copy_dir, run_in, stderr, stdout, write};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The base handbook with the rule's files laid over it, in a temporary folder.
fn fixture(rule: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("base"), tmp.path());
    let overlay = fixtures().join("rules").join(rule);
    for entry in std::fs::read_dir(&overlay).unwrap() {
        let name = entry.unwrap().file_name();
        let target = tmp.path().join(&name);
        if overlay.join(&name).is_dir() && target.is_file() {
            std::fs::remove_file(&target).unwrap();
        }
    }
    copy_dir(&overlay, tmp.path());
    let _ = std::fs::remove_file(tmp.path().join("expect"));
    if rule == "encoding" {
        std::fs::write(
            tmp.path().join("values.yaml"),
            b"values:\n  - id: care\n    name: Caf\xe9\n",
        )
        .unwrap();
    }
    tmp
}

fn rules() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("rules"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "snapshots")
        .collect();
    names.sort();
    names
}

fn check_json(dir: &Path, strict: bool) -> (Option<i32>, Vec<serde_json::Value>) {
    let mut args = vec!["check", ".", "--format", "json"];
    if strict {
        args.push("--strict");
    }
    let o = run_in(dir, &args);
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    let parsed: serde_json::Value = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("stdout is one JSON array ({e}): {}", stdout(&o)));
    (o.status.code(), parsed.as_array().unwrap().clone())
}

#[test]
fn every_code_has_a_fixture() {
    let have = rules();
    for code in Code::ALL {
        assert!(
            have.iter().any(|r| r == code.as_str()),
            "no fixture in tests/fixtures/rules/{}",
            code.as_str()
        );
    }
}

#[test]
fn the_base_fixture_is_clean() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("base"), tmp.path());
    let (code, diags) = check_json(tmp.path(), true);
    assert_eq!(code, Some(0), "{diags:#?}");
}

#[test]
fn each_rule_is_reported_at_the_offending_value() {
    for rule in rules() {
        let tmp = fixture(&rule);
        let expect = std::fs::read_to_string(fixtures().join("rules").join(&rule).join("expect"))
            .unwrap_or_else(|_| format!("{rule} values.yaml:3:14\n"));
        let (status, diags) = check_json(tmp.path(), false);
        for line in expect.lines().filter(|l| !l.trim().is_empty()) {
            let (code, at) = line.split_once(' ').unwrap();
            let (file, pos) = at.split_once(':').unwrap();
            let (l, c) = pos.split_once(':').unwrap();
            let found = diags.iter().any(|d| {
                d["code"] == code
                    && d["file"] == file
                    && d["line"] == l.parse::<u64>().unwrap()
                    && d["column"] == c.parse::<u64>().unwrap()
            });
            assert!(found, "{rule}: expected {line}, got {diags:#?}");
        }
        let severity = Code::from_name(&rule).unwrap().severity();
        let expected_status = if severity == Severity::Error { 1 } else { 0 };
        assert_eq!(status, Some(expected_status), "{rule}: exit status");
        if severity == Severity::Warning {
            let (strict, _) = check_json(tmp.path(), true);
            assert_eq!(strict, Some(1), "{rule}: --strict fails on warnings");
        }
    }
}

#[test]
fn snapshots_of_every_format() {
    for rule in rules() {
        let tmp = fixture(&rule);
        let human = run_in(tmp.path(), &["check", "--color", "never"]);
        insta::assert_snapshot!(format!("{rule}__human"), stderr(&human));
        let json = run_in(tmp.path(), &["check", "--format", "json"]);
        insta::assert_snapshot!(format!("{rule}__json"), stdout(&json));
        let github = run_in(tmp.path(), &["check", "--format", "github"]);
        insta::assert_snapshot!(format!("{rule}__github"), stdout(&github));
    }
}

/// Several problems in several files: all reported in one run, sorted by file and line.
fn many_errors() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_dir(&fixtures().join("base"), dir);
    write(
        dir,
        "roles/dev.yaml",
        "title: Developer\nvalues: [car, craft]\nsumary: x\ntraits:\n  - name: Tidy\ntrack: ic\nlevels: [one, three]\n",
    );
    write(
        dir,
        "roles/lead.yaml",
        "title: Team Lead\nvalues: []\ntrack: ic\nlevels: [two]\nreports_to: boss\n",
    );
    write(
        dir,
        "pages/guide.md",
        "---\ntitle: Guide\nweight: 1.5\n---\n## Start\n\nSee [x](nowhere.md) and [y](#strat).\n",
    );
    write(
        dir,
        "hiring.yaml",
        "stages:\n  - id: interview\n    name: Interview\n    assesses: [care]\n",
    );
    tmp
}

#[test]
fn all_problems_in_one_run_sorted_by_file_and_line() {
    let tmp = many_errors();
    let (status, diags) = check_json(tmp.path(), false);
    assert_eq!(status, Some(1));
    let keys: Vec<(String, u64, u64)> = diags
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    for code in [
        "unknown-reference",
        "unknown-field",
        "trait-without-value",
        "role-without-values",
        "front-matter",
        "broken-link",
        "value-not-assessed",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    let human = run_in(tmp.path(), &["check", "--color", "never"]);
    insta::assert_snapshot!("many_errors__human", stderr(&human));
}

#[test]
fn json_output_has_the_spec_shape() {
    let tmp = many_errors();
    let (_, diags) = check_json(tmp.path(), false);
    assert!(!diags.is_empty());
    for d in &diags {
        let obj = d.as_object().unwrap();
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "code", "column", "file", "help", "line", "message", "severity"
            ]
        );
        assert!(matches!(d["severity"].as_str(), Some("error" | "warning")));
        assert!(Code::from_name(d["code"].as_str().unwrap()).is_some());
        assert!(d["line"].as_u64().unwrap() >= 1 && d["column"].as_u64().unwrap() >= 1);
        assert!(!d["file"].as_str().unwrap().contains('\\'));
        assert!(d["help"].is_null() || d["help"].is_string());
    }
    assert!(
        diags.iter().any(|d| d["help"].is_null()),
        "help is null when absent"
    );
    assert!(diags.iter().any(|d| d["help"] == "did you mean `care`?"));
}

#[test]
fn github_output_is_workflow_commands() {
    let tmp = many_errors();
    let o = run_in(tmp.path(), &["check", "--format", "github"]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let commands: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert!(commands.len() >= 7, "{text}");
    for line in &commands {
        let rest = line
            .strip_prefix("::error file=")
            .or_else(|| line.strip_prefix("::warning file="))
            .unwrap_or_else(|| panic!("not a workflow command: {line}"));
        let (props, message) = rest.split_once("::").unwrap();
        let parts: Vec<&str> = props.split(',').collect();
        assert_eq!(parts.len(), 4, "{line}");
        assert!(
            parts[1]
                .strip_prefix("line=")
                .unwrap()
                .parse::<u32>()
                .is_ok()
        );
        assert!(
            parts[2]
                .strip_prefix("col=")
                .unwrap()
                .parse::<u32>()
                .is_ok()
        );
        assert!(Code::from_name(parts[3].strip_prefix("title=").unwrap()).is_some());
        assert!(!message.contains('\n'));
    }
    assert!(
        text.contains("::error file=roles/dev.yaml,line=2,col=10,title=unknown-reference::"),
        "{text}"
    );
    assert!(text.contains("%0Ahelp: did you mean `care`?"), "{text}");
}

#[test]
fn github_paths_are_relative_to_the_repository_root() {
    let tmp = many_errors();
    let parent = tmp.path().parent().unwrap();
    let name = tmp.path().file_name().unwrap().to_str().unwrap();
    let o = run_in(parent, &["check", name, "--format", "github"]);
    assert!(
        stdout(&o).contains(&format!("::error file={name}/roles/dev.yaml,line=2,")),
        "{}",
        stdout(&o)
    );
}

/// Runs `handbook check` in `dir` with stdout and stderr on a terminal (a pseudo-terminal
/// from util-linux's `script`), with `NO_COLOR` set or not; returns what the terminal showed.
fn on_a_terminal(dir: &std::path::Path, no_color: bool) -> String {
    let bin = env!("CARGO_BIN_EXE_handbook");
    let mut cmd = std::process::Command::new("script");
    cmd.args(["--quiet", "--return", "--command"])
        .arg(format!("{bin} check --color auto"))
        .arg("/dev/null")
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1795651200")
        .env_remove("NO_COLOR");
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let o = cmd.output().expect("script (util-linux) runs");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn colour_only_on_request_and_never_with_no_color() {
    let tmp = many_errors();
    let plain = run_in(tmp.path(), &["check"]);
    assert!(
        !stderr(&plain).contains('\u{1b}'),
        "not a terminal: no colour"
    );
    let forced = run_in(tmp.path(), &["check", "--color", "always"]);
    assert!(stderr(&forced).contains('\u{1b}'));
    // On a terminal, `auto` colours, unless NO_COLOR is set (https://no-color.org). Without
    // the terminal this could not tell the NO_COLOR check from a pipe's plain output.
    let shown = on_a_terminal(tmp.path(), false);
    assert!(
        shown.contains("error[") && shown.contains('\u{1b}'),
        "{shown}"
    );
    let shown = on_a_terminal(tmp.path(), true);
    assert!(
        shown.contains("error[") && !shown.contains('\u{1b}'),
        "{shown}"
    );
}

#[test]
fn build_refuses_errors_and_prints_warnings() {
    let tmp = fixture("value-not-assessed");
    let out = tmp.path().join("site");
    let o = run_in(
        tmp.path(),
        &[
            "build",
            ".",
            "-o",
            out.to_str().unwrap(),
            "--color",
            "never",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("warning[value-not-assessed]"),
        "{}",
        stderr(&o)
    );
    assert!(out.join("index.html").exists());
    let o = run_in(
        tmp.path(),
        &["build", ".", "-o", out.to_str().unwrap(), "--strict"],
    );
    assert_eq!(o.status.code(), Some(1));
    let tmp = fixture("unknown-reference");
    let out = tmp.path().join("site");
    let o = run_in(tmp.path(), &["build", ".", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
}
