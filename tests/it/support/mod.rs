//! Helpers shared by the integration tests: running the binary, scratch handbooks, and a
//! checker that every internal link of a built site resolves.

#![allow(dead_code)]

pub mod browser;
pub mod http;
pub mod links;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The folder of the example handbook in the repository.
pub fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example-handbook")
}

/// A `handbook` command with a fixed date, so stale-page results don't drift.
pub fn handbook() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_handbook"));
    // 2026-11-26 00:00 UTC, the day after these tests were written.
    c.env("SOURCE_DATE_EPOCH", "1795651200");
    c.env_remove("NO_COLOR");
    c
}

/// Runs `handbook` with `args`. A successful `build` that reported no `broken-link` problem
/// must have written a site without a dead link (the invariant of SPEC §4): every test that
/// builds a site checks it, through here.
pub fn run(args: &[&str]) -> Output {
    let o = handbook().args(args).output().expect("run handbook");
    check_built_site(Path::new("."), args, &o);
    o
}

/// Runs `handbook` with `args` in `dir` (and checks a built site as [`run`] does).
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    let o = handbook()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run handbook");
    check_built_site(dir, args, &o);
    o
}

/// When `args` built a site (in `cwd`) without a `broken-link` problem, asserts that the
/// link checker finds nothing dead in it.
fn check_built_site(cwd: &Path, args: &[&str], o: &Output) {
    if args.first() != Some(&"build") || !o.status.success() || stderr(o).contains("broken-link") {
        return;
    }
    let mut source: Option<&str> = None;
    let mut output: Option<&str> = None;
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "-o" | "--output" => output = rest.next().copied(),
            "-s" | "--source" => source = rest.next().copied(),
            "--base-url" => {
                rest.next();
            }
            a if !a.starts_with('-') => source = Some(a),
            _ => {}
        }
    }
    let site = match output {
        Some(out) => cwd.join(out),
        None => cwd.join(source.unwrap_or(".")).join("public"),
    };
    let dead = links::broken_links(&site);
    assert!(
        dead.is_empty(),
        "`handbook {}` reported no broken link, but the site has dead ones: {dead:#?}",
        args.join(" ")
    );
}

/// stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        if rel.starts_with("public") {
            continue;
        }
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// A scratch copy of the example handbook.
pub fn example_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("hb");
    copy_dir(&example(), &dir);
    (tmp, dir)
}

/// A minimal valid handbook: one value, one role, one track, one stage, one page.
pub fn minimal(dir: &Path) {
    write(dir, "handbook.yaml", "title: Minimal\n");
    write(
        dir,
        "values.yaml",
        "values:\n  - id: care\n    name: Care\n    summary: We care.\n",
    );
    write(
        dir,
        "roles/dev.yaml",
        "title: Developer\nvalues: [care]\ntrack: ic\nlevels: [one]\n",
    );
    write(
        dir,
        "ladder.yaml",
        "competencies:\n  - id: craft\n    name: Craft\ntracks:\n  - id: ic\n    name: IC\n    levels:\n      - id: one\n        title: One\n        expectations:\n          craft: Writes code.\n",
    );
    write(
        dir,
        "hiring.yaml",
        "stages:\n  - id: talk\n    name: Talk\n    assesses: [care]\n",
    );
    write(dir, "pages/index.md", "# Minimal\n\nWelcome.\n");
}

/// Writes `text` to `dir/rel`, creating folders.
pub fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// Every file under `dir` with its bytes, keyed by relative path.
pub fn snapshot_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}
