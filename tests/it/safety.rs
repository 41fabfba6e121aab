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
