//! Embeds the example handbook and the minimal skeleton for `handbook init`: lists their files
//! (skipping a built `public/` folder and editor leftovers, which `include_dir!` would have
//! swept in) and generates `include_bytes!` entries for them.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=themes");
    let mut code = String::new();
    for (folder, name, doc) in [
        (
            "example-handbook",
            "EXAMPLE",
            "The example handbook's files",
        ),
        (
            "minimal-handbook",
            "MINIMAL",
            "The minimal skeleton's files",
        ),
    ] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        println!("cargo:rerun-if-changed={folder}");
        let mut files = Vec::new();
        collect(&root, &root, &mut files);
        files.sort();
        let _ = writeln!(
            code,
            "/// {doc}: path and contents.\npub(crate) static {name}: &[(&str, &[u8])] = &["
        );
        for rel in &files {
            let full = root.join(rel);
            println!("cargo:rerun-if-changed={}", full.display());
            let _ = writeln!(
                code,
                "    ({rel:?}, include_bytes!({:?})),",
                full.display().to_string()
            );
        }
        code.push_str("];\n");
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("example_files.rs");
    std::fs::write(out, code).expect("write example_files.rs");
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = path.strip_prefix(root).expect("inside root");
        let top = rel.components().count() == 1;
        let skipped = (top && (name == "public" || name.starts_with(".public")))
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name == ".DS_Store";
        if skipped {
            continue;
        }
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, out);
        } else {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}
