//! `handbook init`.

use std::path::Path;

use crate::support::{handbook, run, stderr, stdout};

/// `check --strict` years from now: nothing in a new handbook may go stale.
fn check_strict_in_2040(dir: &Path) {
    let o = handbook()
        .env("SOURCE_DATE_EPOCH", "2240000000")
        .args([
            "check",
            dir.to_str().unwrap(),
            "--strict",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o).trim(), "[]");
}

/// What a scaffold must not copy from the example's team, and what it must add.
fn assert_own(dir: &Path) {
    let config = std::fs::read_to_string(dir.join("handbook.yaml")).unwrap();
    assert!(
        !config.lines().any(|l| l.starts_with("repository:")),
        "no repository URL: {config}"
    );
    for entry in walkdir::WalkDir::new(dir.join("pages")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert!(!text.contains("\nreviewed:"), "{}", entry.path().display());
        }
    }
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/public/"), "{ignore}");
}

#[test]
fn init_writes_a_handbook_that_checks_clean_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new");
    let o = run(&["init", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.join("handbook.yaml").is_file());
    assert!(
        dir.join(".github/workflows/handbook.yml").is_file(),
        "the CI workflow comes along"
    );
    let o = run(&[
        "check",
        dir.to_str().unwrap(),
        "--strict",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o).trim(), "[]");
    let o = run(&["build", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.join("public/index.html").is_file());
    assert_own(&dir);
    check_strict_in_2040(&dir);
    // The example's own edit links are gone with its repository.
    let home = std::fs::read_to_string(dir.join("public/index.html")).unwrap();
    assert!(
        !home.contains("github.com/acme"),
        "no edit links to the example's repository"
    );
}

#[test]
fn init_minimal_writes_a_small_valid_skeleton() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new");
    let o = run(&["init", "--minimal", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Created a minimal handbook"),
        "{}",
        stderr(&o)
    );
    assert_own(&dir);
    check_strict_in_2040(&dir);
    assert!(dir.join(".github/workflows/handbook.yml").is_file());
    assert!(
        dir.join("schemas/role.schema.json").is_file(),
        "editor schemas"
    );
    let o = run(&["build", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("public/handbook.json")).unwrap())
            .unwrap();
    let len = |v: &serde_json::Value| v.as_array().unwrap().len();
    assert_eq!(len(&model["values"]), 2);
    assert_eq!(len(&model["roles"]), 2);
    assert_eq!(len(&model["ladder"]["tracks"]), 1);
    assert_eq!(len(&model["hiring"]["stages"]), 2);
    assert!(model["leaving"].is_object());
    let pages: Vec<&str> = model["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["source"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(pages, ["pages/index.md"]);
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let o = run(&["init", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not empty"), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn init_accepts_a_fresh_git_repository() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join(".git")).unwrap();
    let o = run(&["init", tmp.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}
