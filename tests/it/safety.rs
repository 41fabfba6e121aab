//! Safe writing: a failed build leaves the previous site alone; the output guard.

use crate::support::{self, run, snapshot_tree, stderr, write};

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let hb = tmp.path().join("hb");
    support::minimal(&hb);
    let out = tmp.path().join("site");
    let o = run(&["build", hb.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = snapshot_tree(&out);
    assert!(before.contains_key("index.html"));

    // A content error...
    write(&hb, "roles/dev.yaml", "title: Developer\nvalues: [nope]\n");
    let o = run(&["build", hb.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(snapshot_tree(&out), before);

    // ...and a template error, which happens after loading succeeded.
    write(&hb, "roles/dev.yaml", "title: Developer\nvalues: [care]\n");
    write(
        &hb,
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ nope.nope }}{% endblock content %}",
    );
    write(&hb, "pages/extra.md", "# Extra\n");
    let o = run(&["build", hb.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("template"), "{}", stderr(&o));
    assert_eq!(snapshot_tree(&out), before);
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "no staging folder is left behind: {leftovers:?}"
    );
}

#[test]
fn the_output_cannot_be_the_source_or_an_ancestor() {
    let tmp = tempfile::tempdir().unwrap();
    let hb = tmp.path().join("hb");
    support::minimal(&hb);
    let before = snapshot_tree(tmp.path());
    for out in [
        hb.clone(),
        tmp.path().to_path_buf(),
        hb.join("."),
        hb.join("pages/site"),
    ] {
        let o = run(&["build", hb.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{}: {}",
            out.display(),
            stderr(&o)
        );
        assert!(stderr(&o).contains("refusing"), "{}", stderr(&o));
    }
    assert_eq!(snapshot_tree(tmp.path()), before, "nothing was touched");
}

#[test]
fn an_unrelated_folder_is_not_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let hb = tmp.path().join("hb");
    support::minimal(&hb);
    let docs = tmp.path().join("docs");
    write(&docs, "thesis.tex", "precious");
    let o = run(&["build", hb.to_str().unwrap(), "-o", docs.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(docs.join("thesis.tex")).unwrap(),
        "precious"
    );
}

#[test]
fn default_output_is_public_inside_the_handbook_and_is_not_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let hb = tmp.path().join("hb");
    support::minimal(&hb);
    for _ in 0..2 {
        let o = run(&["build", hb.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert!(hb.join("public/index.html").exists());
    assert!(!hb.join("public/public").exists());
}

#[test]
fn a_folder_that_is_not_a_handbook_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(&["build", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no handbook.yaml"), "{}", stderr(&o));
}

/// Issue 19, item 5: builds killed with SIGKILL left `.site.tmp-PID` folders forever (653 MB
/// after 7 kills); the next build removes those whose process is gone, and no other.
#[test]
fn staging_folders_of_killed_builds_are_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let hb = tmp.path().join("hb");
    support::minimal(&hb);
    let out = tmp.path().join("site");
    let dead = {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    };
    let alive = std::process::id();
    for name in [
        format!(".site.tmp-{dead}"),
        format!(".site.tmp-{dead}.old"),
        format!(".site.tmp-{alive}"),
    ] {
        write(&tmp.path().join(name), "roles/x/index.html", "stale");
    }
    let o = run(&["build", hb.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut left: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [format!(".site.tmp-{alive}"), "hb".into(), "site".into()],
        "a running build's staging folder stays"
    );
}

/// Issue 19, item 9: a `.git` in the output folder (a `gh-pages` work tree) was deleted by
/// every build. It is kept, as mdBook does, and a folder holding only it may be the output.
#[test]
fn a_git_work_tree_as_output_keeps_its_git() {
    let tmp = tempfile::tempdir().unwrap();
    let hb = tmp.path().join("hb");
    support::minimal(&hb);
    let out = tmp.path().join("gh-pages");
    // `git worktree add` leaves a `.git` file pointing at the repository.
    write(&out, ".git", "gitdir: /repo/.git/worktrees/gh-pages\n");
    for _ in 0..2 {
        let o = run(&["build", hb.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(
            std::fs::read_to_string(out.join(".git")).unwrap(),
            "gitdir: /repo/.git/worktrees/gh-pages\n"
        );
        assert!(out.join("index.html").exists());
    }
}

/// Issue 19, item 9: any folder holding a file named `handbook.json` (even `{}`) was taken
/// for an old site and emptied. Sites are marked as ours; others are refused.
#[test]
fn a_folder_with_someone_elses_handbook_json_is_not_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let hb = tmp.path().join("hb");
    support::minimal(&hb);
    let tools = tmp.path().join("tools");
    write(&tools, "handbook.json", "{}");
    write(&tools, "script.py", "precious");
    let o = run(&["build", hb.to_str().unwrap(), "-o", tools.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("not a site built by handbook"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(tools.join("script.py")).unwrap(),
        "precious"
    );
    // A site this program built is marked, and replaced by the next build.
    let out = tmp.path().join("site");
    for _ in 0..2 {
        let o = run(&["build", hb.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert!(out.join(".handbook-site").is_file());
}

/// Issue 19, item 9: `-o link` where `link` points at a folder replaced the link with a folder
/// of its own; the folder it points to is what gets updated.
#[test]
fn an_output_through_a_symbolic_link_updates_the_folder_it_points_to() {
    let tmp = tempfile::tempdir().unwrap();
    let hb = tmp.path().join("hb");
    support::minimal(&hb);
    let real = tmp.path().join("srv/www");
    let link = tmp.path().join("site");
    std::fs::create_dir_all(tmp.path().join("srv")).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    for i in 0..2 {
        write(&hb, "pages/index.md", &format!("# Minimal\n\nBuild {i}.\n"));
        let o = run(&["build", hb.to_str().unwrap(), "-o", link.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink(),
            "the link stays a link"
        );
        let index = std::fs::read_to_string(real.join("index.html")).unwrap();
        assert!(
            index.contains(&format!("Build {i}.")),
            "build {i} is in the folder"
        );
    }
    let beside: Vec<_> = std::fs::read_dir(tmp.path().join("srv")).unwrap().collect();
    assert_eq!(beside.len(), 1, "no staging folder left beside it");
}
