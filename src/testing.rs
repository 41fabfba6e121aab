//! Helpers for the unit tests that need a handbook on disk.

use std::path::{Path, PathBuf};

/// The folder of the example handbook in the repository.
pub(crate) fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example-handbook")
}

/// Writes `text` to `dir/rel`, creating folders.
pub(crate) fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// A scratch copy of the example handbook (without a built site).
pub(crate) fn example_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("hb");
    for entry in walkdir::WalkDir::new(example()) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(example()).expect("prefix");
        if rel.starts_with("public") {
            continue;
        }
        let dest = dir.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
    (tmp, dir)
}

/// A minimal valid handbook: one value, one role, one track, one stage, one page.
pub(crate) fn minimal(dir: &Path) {
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
