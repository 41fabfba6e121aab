//! Robustness: the fuzz targets' crash and regression inputs replayed as ordinary tests; every
//! limit and file-system fault gives a diagnostic naming the file (and the limit), never a
//! panic or a half-written site; ids and file names cannot leave the output folder.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{self, run, snapshot_tree, stderr, stdout, write};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz")
}

/// Every input in `seeds/<target>` and `regressions/<target>`, run through the same code as
/// the fuzz target.
#[test]
fn fuzz_inputs_replay_without_panics() {
    let mut count = 0;
    for kind in ["seeds", "regressions"] {
        for target in [
            "front_matter",
            "yaml_kinds",
            "markdown",
            "check_folder",
            "serve_path",
        ] {
            let dir = fuzz_dir().join(kind).join(target);
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries {
                let path = entry.unwrap().path();
                let data = std::fs::read(&path).unwrap();
                let text = String::from_utf8_lossy(&data).into_owned();
                let result = std::panic::catch_unwind(|| match target {
                    "front_matter" => handbook::fuzzing::front_matter(&data),
                    "yaml_kinds" => {
                        if let Some((&k, rest)) = data.split_first() {
                            handbook::fuzzing::load_kind(k, &String::from_utf8_lossy(rest));
                        }
                    }
                    "markdown" => handbook::fuzzing::render_markdown(&text),
                    "check_folder" => handbook::fuzzing::check_folder_from_bytes(&data),
                    _ => handbook::fuzzing::serve_path(&text),
                });
                assert!(result.is_ok(), "{} panicked", path.display());
                count += 1;
            }
        }
    }
    assert!(count >= 20, "only {count} inputs replayed");
}

fn base() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    support::minimal(&dir);
    (tmp, dir)
}

fn json(dir: &Path) -> (Option<i32>, Vec<serde_json::Value>) {
    let o = run(&["check", dir.to_str().unwrap(), "--format", "json"]);
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    (
        o.status.code(),
        serde_json::from_str(&stdout(&o)).unwrap_or_default(),
    )
}

fn has(diags: &[serde_json::Value], file: &str, code: &str, words: &str) -> bool {
    diags.iter().any(|d| {
        d["file"] == file
            && d["code"] == code
            && d["message"].as_str().unwrap_or("").contains(words)
    })
}

#[test]
fn a_file_over_the_size_limit_is_named_with_the_limit() {
    let (_tmp, dir) = base();
    let big = format!("# Big\n\n{}", "word ".repeat(1_800_000));
    write(&dir, "pages/big.md", &big);
    let (status, diags) = json(&dir);
    assert_eq!(status, Some(1));
    assert!(
        has(&diags, "pages/big.md", "limit-exceeded", "MAX_FILE_BYTES"),
        "{diags:#?}"
    );
}

#[test]
fn symlink_loops_and_links_leaving_the_handbook_are_reported_not_followed() {
    let (tmp, dir) = base();
    std::os::unix::fs::symlink(dir.join("pages"), dir.join("pages/loop")).unwrap();
    std::fs::write(tmp.path().join("outside.md"), "# Outside\n").unwrap();
    std::os::unix::fs::symlink(tmp.path().join("outside.md"), dir.join("pages/outside.md"))
        .unwrap();
    std::os::unix::fs::symlink("/etc", dir.join("static")).unwrap();
    let (status, diags) = json(&dir);
    assert_eq!(status, Some(1));
    assert!(
        has(&diags, "pages/loop", "read-error", "loop"),
        "{diags:#?}"
    );
    assert!(
        has(
            &diags,
            "pages/outside.md",
            "read-error",
            "outside the handbook"
        ),
        "{diags:#?}"
    );
    assert!(
        has(&diags, "static", "read-error", "outside the handbook"),
        "{diags:#?}"
    );
    // A link that stays inside is followed.
    std::fs::remove_file(dir.join("pages/loop")).unwrap();
    std::fs::remove_file(dir.join("pages/outside.md")).unwrap();
    std::fs::remove_file(dir.join("static")).unwrap();
    write(&dir, "shared/extra.md", "# Shared\n");
    std::os::unix::fs::symlink(dir.join("shared/extra.md"), dir.join("pages/extra.md")).unwrap();
    let (status, diags) = json(&dir);
    assert_eq!(status, Some(0), "{diags:#?}");
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Runs the binary as `nobody` when root (root ignores permissions), else as is.
fn as_user(args: &[&str]) -> std::process::Output {
    let bin = env!("CARGO_BIN_EXE_handbook");
    let mut cmd = if is_root() {
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            "--",
            bin,
        ]);
        c
    } else {
        Command::new(bin)
    };
    cmd.args(args)
        .env("SOURCE_DATE_EPOCH", "1795651200")
        .output()
        .unwrap()
}

fn readable_by_all(dir: &Path) {
    Command::new("chmod")
        .args(["-R", "a+rX"])
        .arg(dir)
        .status()
        .unwrap();
}

#[test]
fn unreadable_folders_are_named() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, dir) = base();
    write(&dir, "pages/private/secret.md", "# Secret\n");
    readable_by_all(tmp.path());
    std::fs::set_permissions(
        dir.join("pages/private"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let o = as_user(&["check", dir.to_str().unwrap(), "--format", "json"]);
    std::fs::set_permissions(
        dir.join("pages/private"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let diags: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        has(&diags, "pages/private", "read-error", "ermission denied"),
        "{diags:#?}"
    );
}

#[test]
fn an_output_folder_that_cannot_be_written_leaves_the_previous_site() {
    let (tmp, dir) = base();
    let parent = tmp.path().join("www");
    let out = parent.join("site");
    let o = run(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = snapshot_tree(&out);
    write(&dir, "pages/new.md", "# New\n");
    readable_by_all(tmp.path());
    use std::os::unix::fs::PermissionsExt;
    // Not writable: for `nobody` (the folder is root's), or for anyone without root.
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o555)).unwrap();
    let o = as_user(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot create") && stderr(&o).contains("www"),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot_tree(&out), before, "the previous site is intact");
    assert_eq!(
        std::fs::read_dir(&parent).unwrap().count(),
        1,
        "no staging folder left behind"
    );
}

#[test]
fn ids_and_file_names_cannot_leave_the_output_folder() {
    let (tmp, dir) = base();
    write(
        &dir,
        "roles/evil.yaml",
        "id: ../../../escape\ntitle: Evil\nvalues: [care]\n",
    );
    write(
        &dir,
        "ladder.yaml",
        "competencies:\n  - id: ../x\n    name: X\ntracks:\n  - id: ic/../..\n    name: IC\n    levels: []\n  - id: ic\n    name: IC\n    levels:\n      - id: ..\n        title: Up\n",
    );
    write(&dir, "pages/wei#rd.md", "# Weird\n");
    let (status, diags) = json(&dir);
    assert_eq!(status, Some(1));
    for (file, what) in [
        ("roles/evil.yaml", "../../../escape"),
        ("ladder.yaml", "../x"),
        ("ladder.yaml", "ic/../.."),
        ("ladder.yaml", "`..`"),
        ("pages/wei#rd.md", "wei#rd"),
    ] {
        assert!(
            has(&diags, file, "invalid-id", what),
            "{file} {what}: {diags:#?}"
        );
    }
    let out = tmp.path().join("site");
    let o = run(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!tmp.path().join("escape").exists() && !tmp.path().join("x").exists());
}

#[test]
fn html_in_yaml_and_front_matter_is_text_everywhere() {
    let (tmp, dir) = base();
    let evil = "<img src=x onerror=alert(1)>";
    write(&dir, "handbook.yaml", &format!("title: \"{evil}\"\n"));
    write(
        &dir,
        "values.yaml",
        &format!(
            "values:\n  - id: care\n    name: \"{evil}\"\n    summary: \"\\\" onmouseover=\\\"alert(2)\"\n    behaviours: [\"{evil}\"]\n"
        ),
    );
    write(
        &dir,
        "pages/index.md",
        &format!(
            "---\ntitle: \"{evil}\"\ndescription: \"\\\"><script>alert(3)</script>\"\n---\nHi.\n"
        ),
    );
    // Role titles and stage names are also drawn into the org chart and the pipeline (SVG).
    write(
        &dir,
        "roles/dev.yaml",
        &format!("title: \"{evil}\"\nvalues: [care]\ntrack: ic\nlevels: [one]\n"),
    );
    write(
        &dir,
        "hiring.yaml",
        &format!("stages:\n  - id: talk\n    name: \"{evil}\"\n    assesses: [care]\n"),
    );
    write(
        &dir,
        "pages/link.md",
        "# L\n\n[x](JaVaScRiPt:alert(4)) [y](vbscript:x) [z](data:text/html;base64,PHNjcmlwdD4=)\n",
    );
    let (status, diags) = json(&dir);
    assert_eq!(status, Some(1));
    assert_eq!(
        diags.iter().filter(|d| d["code"] == "unsafe-link").count(),
        3,
        "{diags:#?}"
    );
    std::fs::remove_file(dir.join("pages/link.md")).unwrap();
    let out = tmp.path().join("site");
    let o = run(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    for entry in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            for bad in ["<img src=x", "<script>alert", "\" onmouseover=\"alert"] {
                assert!(!html.contains(bad), "{}: {bad}", entry.path().display());
            }
        }
    }
}

/// Swaps `static/race.txt` between a regular file and a link to `secret` until `stop`, as
/// fast as it can (issue 19: the check when files are listed and the copy are apart in time).
pub(crate) fn swap_race_file(
    dir: &Path,
    secret: &Path,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> std::thread::JoinHandle<usize> {
    let (dir, secret) = (dir.to_path_buf(), secret.to_path_buf());
    std::thread::spawn(move || {
        let target = dir.join("static/race.txt");
        let (regular, link) = (dir.join("static/.regular"), dir.join("static/.link"));
        let mut swaps = 0;
        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
            let _ = std::fs::write(&regular, "harmless");
            let _ = std::fs::rename(&regular, &target);
            let _ = std::os::unix::fs::symlink(&secret, &link);
            let _ = std::fs::rename(&link, &target);
            swaps += 1;
        }
        swaps
    })
}

/// Issue 19, item 1: builds racing a loop that swaps a static file for a link out of the
/// handbook never copy what the link points at. (Before the fix, 3 builds were enough.)
#[test]
fn a_link_swapped_in_while_building_never_leaks_the_file() {
    let (tmp, dir) = base();
    write(&dir, "static/race.txt", "harmless");
    let secret = tmp.path().join("secret.txt");
    std::fs::write(&secret, "SECRET-OUTSIDE-THE-HANDBOOK").unwrap();
    let out = tmp.path().join("site");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let swapper = swap_race_file(&dir, &secret, stop.clone());
    let mut leaked = None;
    let mut codes = std::collections::BTreeMap::new();
    for i in 0..150 {
        let o = run(&[
            "build",
            dir.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-q",
        ]);
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
        *codes.entry(o.status.code()).or_insert(0) += 1;
        let copied = std::fs::read_to_string(out.join("race.txt")).unwrap_or_default();
        if copied.contains("SECRET") {
            leaked = Some(i + 1);
            break;
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let swaps = swapper.join().unwrap();
    assert_eq!(
        leaked, None,
        "build {leaked:?} copied the file outside ({swaps} swaps)"
    );
    assert!(
        codes.keys().all(|c| matches!(c, Some(0..=2))),
        "exit codes: {codes:?}"
    );
}

/// Gives `dir` and everything in it to `nobody` when root (whom [`as_user`] runs as).
fn give_to_user(dir: &Path) {
    if is_root() {
        Command::new("chown")
            .args(["-R", "nobody:nogroup"])
            .arg(dir)
            .status()
            .unwrap();
    }
}

/// Issue 19, item 5: with an output folder that may not be changed, `build` exited 0 and left
/// the previous site behind as `.site.tmp-PID`. It now refuses before swapping (exit 2), the
/// previous site untouched and nothing left beside it.
#[test]
fn a_read_only_output_folder_is_refused_before_anything_moves() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, dir) = base();
    let parent = tmp.path().join("www");
    let out = parent.join("site");
    std::fs::create_dir_all(&parent).unwrap();
    readable_by_all(tmp.path());
    give_to_user(&parent);
    let o = as_user(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = snapshot_tree(&out);
    write(&dir, "pages/new.md", "# New\n");
    readable_by_all(&dir);
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).unwrap();
    let o = as_user(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not writable"), "{}", stderr(&o));
    assert_eq!(snapshot_tree(&out), before, "the previous site is intact");
    assert_eq!(
        std::fs::read_dir(&parent).unwrap().count(),
        1,
        "no staging folder left behind"
    );
}

/// Issue 19, item 5: when the previous site cannot be removed once the new one is in place
/// (a read-only folder inside it), the build says so and where it is, with exit 2, not 0.
#[test]
fn a_previous_site_that_cannot_be_removed_is_an_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, dir) = base();
    let parent = tmp.path().join("www");
    let out = parent.join("site");
    std::fs::create_dir_all(&parent).unwrap();
    readable_by_all(tmp.path());
    give_to_user(&parent);
    let o = as_user(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    write(&dir, "pages/index.md", "# Minimal\n\nThe new site.\n");
    readable_by_all(&dir);
    let stuck = out.join("values");
    std::fs::set_permissions(&stuck, std::fs::Permissions::from_mode(0o555)).unwrap();
    let o = as_user(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let leftovers: Vec<PathBuf> = std::fs::read_dir(&parent)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p != &out)
        .collect();
    for p in &leftovers {
        let _ = std::fs::set_permissions(p.join("values"), std::fs::Permissions::from_mode(0o755));
    }
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    let err = stderr(&o);
    assert!(
        err.contains("the new site is in place") && err.contains(&*leftovers[0].to_string_lossy()),
        "{err}"
    );
    assert!(
        std::fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("The new site."),
    );
}

/// Issue 19, item 9: `check --format json` into a pipe whose reader has gone exited 0 on a
/// handbook with errors; the verdict does not depend on who reads it.
#[test]
fn check_into_a_closed_pipe_keeps_its_exit_code() {
    let (_tmp, dir) = base();
    write(&dir, "roles/dev.yaml", "title: Developer\nvalues: [nope]\n");
    for format in ["json", "github"] {
        let mut child = support::handbook()
            .args(["check", dir.to_str().unwrap(), "--format", format])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before anything is written.
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
    }
}

/// Issue 19, item 9: a crafted link put a line starting with `::` into the plain output,
/// which GitHub Actions runs as a workflow command. Only `--format github` writes those.
#[test]
fn plain_output_never_carries_a_workflow_command() {
    let (tmp, dir) = base();
    write(
        &dir,
        "pages/evil.md",
        "# Evil\n\n[x](nope%0A::error%20title=pwned::owned.md) [y](a%0A%20%20::warning::w.md) [z](b%0A##[error]v1.md)\n",
    );
    let out = tmp.path().join("site");
    for args in [
        vec!["check", dir.to_str().unwrap()],
        vec!["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(1));
        let text = stderr(&o);
        assert!(text.contains("broken-link"), "{text}");
        for line in text.lines() {
            assert!(!line.trim_start().starts_with("::"), "{line:?} in\n{text}");
            assert!(!line.contains("##["), "{line:?} in\n{text}");
        }
    }
    let o = run(&["check", dir.to_str().unwrap(), "--format", "github"]);
    let commands = stdout(&o).lines().filter(|l| l.starts_with("::")).count();
    assert_eq!(commands, 3, "{}", stdout(&o));
}
