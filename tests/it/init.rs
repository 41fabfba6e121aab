//! `handbook init`.

use crate::support::{run, stderr, stdout};

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
