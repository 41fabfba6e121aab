//! Bad input is a diagnostic naming the file, never a panic: empty files, wrong types, non-UTF-8,
//! directories where files belong, unreadable files, alias bombs, deep nesting, front matter
//! that never closes.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{self, stderr, stdout, write};

/// Runs `check --format json` on `dir` (optionally wrapped, e.g. as another user) with a
/// memory cap and a deadline; returns exit code and the diagnostics.
fn check(dir: &Path, wrapper: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let bin = env!("CARGO_BIN_EXE_handbook");
    // 1 GiB of address space: a parser that expands an alias bomb dies here instead.
    let mut argv: Vec<&str> = vec!["prlimit", "--as=1073741824", "--"];
    argv.extend_from_slice(wrapper);
    argv.extend_from_slice(&[bin, "check", dir.to_str().unwrap(), "--format", "json"]);
    let mut child = Command::new(argv[0])
        .args(&argv[1..])
        .env("SOURCE_DATE_EPOCH", "1795651200")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "check hung on {}",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "panic: {err}");
    let code = o.status.code().expect("exited normally, not killed");
    let diags: Vec<serde_json::Value> = if code == 2 {
        Vec::new()
    } else {
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)))
    };
    (code, diags)
}

fn assert_reported(dir: &Path, file: &str, code: &str) {
    let (status, diags) = check(dir, &[]);
    assert_eq!(status, 1, "{file}: {diags:#?}");
    assert!(
        diags.iter().any(|d| d["file"] == file && d["code"] == code),
        "{file}: expected {code}, got {diags:#?}"
    );
}

fn base() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    support::minimal(&dir);
    (tmp, dir)
}

#[test]
fn empty_files() {
    for (file, code) in [
        ("handbook.yaml", "missing-field"),
        ("values.yaml", "missing-field"),
        ("roles/dev.yaml", "missing-field"),
        ("hiring.yaml", "missing-field"),
    ] {
        let (_tmp, dir) = base();
        write(&dir, file, "");
        assert_reported(&dir, file, code);
    }
    // An empty ladder or leaving file is valid (every field is optional), and so is an empty
    // page; they must not crash anything.
    let (_tmp, dir) = base();
    write(&dir, "leaving.yaml", "");
    write(&dir, "pages/empty.md", "");
    let (status, diags) = check(&dir, &[]);
    assert_eq!(status, 0, "{diags:#?}");
}

#[test]
fn wrong_types() {
    for (file, text, code) in [
        ("values.yaml", "values: care\n", "yaml-syntax"),
        (
            "roles/dev.yaml",
            "title: [a, b]\nvalues: [care]\n",
            "yaml-syntax",
        ),
        (
            "handbook.yaml",
            "title: X\nreview_after_days: soon\n",
            "yaml-syntax",
        ),
        ("ladder.yaml", "tracks: {ic: 1}\n", "yaml-syntax"),
        ("pages/x.md", "---\ndraft: maybe\n---\n", "front-matter"),
        ("pages/y.md", "---\n- a list\n---\n", "front-matter"),
        (
            "pages/z.md",
            "---\nreviewed: last week\n---\n",
            "front-matter",
        ),
    ] {
        let (_tmp, dir) = base();
        write(&dir, file, text);
        assert_reported(&dir, file, code);
    }
}

#[test]
fn yaml_syntax_errors_have_positions() {
    let (_tmp, dir) = base();
    write(&dir, "roles/dev.yaml", "title: Developer\nvalues: [care\n");
    let (_, diags) = check(&dir, &[]);
    let d = diags.iter().find(|d| d["code"] == "yaml-syntax").unwrap();
    assert_eq!(d["file"], "roles/dev.yaml");
    assert!(d["line"].as_u64().unwrap() >= 2, "{d}");
}

#[test]
fn non_utf8_files() {
    for file in ["values.yaml", "pages/latin1.md", "roles/dev.yaml"] {
        let (_tmp, dir) = base();
        std::fs::write(dir.join(file), b"title: Caf\xe9\n").unwrap();
        assert_reported(&dir, file, "encoding");
    }
}

#[test]
fn directories_where_files_belong() {
    for file in ["values.yaml", "roles/ghost.yaml", "pages/folder.md"] {
        let (_tmp, dir) = base();
        let _ = std::fs::remove_file(dir.join(file));
        std::fs::create_dir_all(dir.join(file)).unwrap();
        std::fs::write(dir.join(file).join("inside.txt"), "x").unwrap();
        let (status, diags) = check(&dir, &[]);
        // A folder named like a page is just a section folder; the others are read errors.
        if file.ends_with(".md") {
            assert!(status == 0 || status == 1, "{diags:#?}");
        } else {
            assert_eq!(status, 1);
            assert!(
                diags
                    .iter()
                    .any(|d| d["file"] == file && d["code"] == "read-error"),
                "{file}: {diags:#?}"
            );
        }
    }
}

#[test]
fn unreadable_files() {
    let (tmp, dir) = base();
    std::fs::write(
        dir.join("roles/secret.yaml"),
        "title: Secret\nvalues: [care]\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        dir.join("roles/secret.yaml"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    // Root reads anything, so as root the check runs as `nobody`, for whom the file is
    // unreadable (everything else is made readable to it).
    let root = unsafe_is_root();
    let wrapper: Vec<&str> = if root {
        Command::new("chmod")
            .args(["-R", "a+rX"])
            .arg(tmp.path())
            .status()
            .unwrap();
        std::fs::set_permissions(
            dir.join("roles/secret.yaml"),
            std::fs::Permissions::from_mode(0o000),
        )
        .unwrap();
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        vec![
            "setpriv",
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            "--",
        ]
    } else {
        Vec::new()
    };
    let (status, diags) = check(&dir, &wrapper);
    assert_eq!(status, 1, "{diags:#?}");
    let d = diags
        .iter()
        .find(|d| d["file"] == "roles/secret.yaml")
        .expect("the file is named");
    assert_eq!(d["code"], "read-error");
    assert!(
        d["message"].as_str().unwrap().contains("ermission denied"),
        "{d}"
    );
}

fn unsafe_is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn alias_bombs_stay_fast_and_small() {
    let (_tmp, dir) = base();
    let mut text = String::from(
        "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(", ");
        text.push_str(&format!("{}: &{} [{refs}]\n", w[1], w[1]));
    }
    text.push_str("values: *i\n");
    write(&dir, "values.yaml", &text);
    assert_reported(&dir, "values.yaml", "limit-exceeded");
    // The same bomb in front matter.
    let (_tmp, dir) = base();
    write(&dir, "pages/bomb.md", &format!("---\n{text}---\n"));
    assert_reported(&dir, "pages/bomb.md", "limit-exceeded");
}

#[test]
fn absurdly_deep_nesting() {
    for text in [
        "[".repeat(100_000),
        format!("title: {}x{}\n", "[".repeat(500), "]".repeat(500)),
        "a:\n".to_string()
            + &(1..200)
                .map(|i| format!("{}b{i}:\n", " ".repeat(i)))
                .collect::<String>(),
    ] {
        let (_tmp, dir) = base();
        write(&dir, "roles/deep.yaml", &text);
        let (status, diags) = check(&dir, &[]);
        assert_eq!(status, 1);
        assert!(
            diags.iter().any(|d| d["file"] == "roles/deep.yaml"
                && (d["code"] == "limit-exceeded" || d["code"] == "yaml-syntax")),
            "{diags:#?}"
        );
    }
}

#[test]
fn front_matter_that_never_closes() {
    let (_tmp, dir) = base();
    write(&dir, "pages/open.md", "---\ntitle: Open\n\n# Body\n");
    assert_reported(&dir, "pages/open.md", "front-matter");
}

#[test]
fn binary_junk_everywhere() {
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    for file in [
        "handbook.yaml",
        "values.yaml",
        "ladder.yaml",
        "roles/dev.yaml",
        "pages/index.md",
    ] {
        let (_tmp, dir) = base();
        std::fs::write(dir.join(file), &junk).unwrap();
        // Exit 2 is for usage and I/O errors (SPEC §3): junk is the handbook's problem, 1,
        // with a diagnostic naming the file.
        let (status, diags) = check(&dir, &[]);
        assert_eq!(status, 1, "{file}");
        assert!(
            diags
                .iter()
                .any(|d| d["file"] == file && d["severity"] == "error"),
            "{file}: {diags:#?}"
        );
    }
}
