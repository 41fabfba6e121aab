//! The GitHub Action (`action.yml`), the workflow `handbook init` writes, and the pre-commit
//! hook: held to docs/publishing.md, and their scripts run as GitHub would run them — the
//! install from a local bare repository by tag and by commit included.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_yaml::Value;

use crate::support::{self, browser, stderr, stdout, write};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn yaml(rel: &str) -> Value {
    let text = std::fs::read_to_string(root().join(rel)).unwrap();
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn docs() -> String {
    std::fs::read_to_string(root().join("docs/publishing.md")).unwrap()
}

fn steps(action: &Value) -> &Vec<Value> {
    action["runs"]["steps"].as_sequence().unwrap()
}

/// The step of `action.yml` with this id.
fn step<'a>(action: &'a Value, id: &str) -> &'a Value {
    steps(action)
        .iter()
        .find(|s| s["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("action.yml has a step `{id}`"))
}

fn script(action: &Value, id: &str) -> String {
    step(action, id)["run"].as_str().unwrap().to_string()
}

/// `owner/name` of the repository in Cargo.toml, and the release tag of this version.
fn pinned() -> (String, String) {
    let repo = env!("CARGO_PKG_REPOSITORY")
        .trim_start_matches("https://github.com/")
        .to_string();
    (repo, format!("v{}", env!("CARGO_PKG_VERSION")))
}

#[test]
fn the_action_runs_the_documented_commands() {
    let action = yaml("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    for s in steps(&action) {
        if let Some(run) = s["run"].as_str() {
            assert!(
                !run.contains("${{"),
                "inputs reach scripts through env:, never spliced into them: {run}"
            );
            assert_eq!(s["shell"], "bash", "{run}");
        }
    }
    let docs = docs();
    for (id, command) in [
        (
            "check",
            r#"handbook check "$HANDBOOK_SOURCE" --format github"#,
        ),
        (
            "diff",
            r#"handbook diff "$BASE_SHA" -s "$HANDBOOK_SOURCE" --format markdown >"$RUNNER_TEMP/handbook-diff.md""#,
        ),
        (
            "build",
            r#"handbook build "$HANDBOOK_SOURCE" --quiet --output "$RUNNER_TEMP/handbook-site""#,
        ),
        (
            "build-pages",
            r#"handbook build "$HANDBOOK_SOURCE" --quiet --base-url "$BASE_URL/" --output "$RUNNER_TEMP/handbook-site""#,
        ),
    ] {
        assert!(
            script(&action, id).contains(command),
            "step {id} runs {command}"
        );
        assert!(docs.contains(command), "docs/publishing.md shows {command}");
    }
    assert!(script(&action, "diff").contains(r#">>"$GITHUB_STEP_SUMMARY""#));
    let pr = step(&action, "diff")["if"].as_str().unwrap();
    assert!(pr.contains("github.event_name == 'pull_request'"), "{pr}");
    // Installed pinned: a tag with --tag, anything else at the commit the cache key names.
    let install = script(&action, "install");
    assert!(install.contains(r#"--git "$HANDBOOK_REPOSITORY" --tag "$HANDBOOK_VERSION""#));
    assert!(install.contains(r#"--git "$HANDBOOK_REPOSITORY" --rev "$HANDBOOK_COMMIT""#));
    assert!(install.contains("cargo install --locked"));
    let key = step(&action, "cache")["with"]["key"].as_str().unwrap();
    assert!(key.contains("${{ steps.version.outputs.commit }}"), "{key}");
    assert!(docs.contains("cargo install --locked --git https://github.com/handbook-ssg/handbook --tag v0.1.0 handbook"));
    // Deploys only from the default branch, never for pull requests, and only when asked.
    let uses: Vec<(&str, &str)> = steps(&action)
        .iter()
        .filter_map(|s| Some((s["uses"].as_str()?, s["if"].as_str().unwrap_or(""))))
        .collect();
    for name in [
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ] {
        let (_, cond) = uses.iter().find(|(u, _)| u.starts_with(name)).unwrap();
        for part in [
            "inputs.deploy == 'true'",
            "github.event_name != 'pull_request'",
            "github.ref_name == github.event.repository.default_branch",
        ] {
            assert!(cond.contains(part), "{name} runs if {part}: {cond}");
        }
    }
    assert!(uses.iter().any(|(u, _)| u.starts_with("actions/cache@")));
}

#[test]
fn the_workflow_uses_the_action_at_this_version() {
    let workflow = yaml("example-handbook/.github/workflows/handbook.yml");
    let on = &workflow["on"];
    assert!(on.get("pull_request").is_some(), "runs on pull requests");
    assert_eq!(on["push"]["branches"][0], "main");
    let (repo, tag) = pinned();
    let action_at = format!("{repo}@{tag}");
    let action = yaml("action.yml");
    for (name, job) in workflow["jobs"].as_mapping().unwrap() {
        let uses: Vec<&Value> = job["steps"]
            .as_sequence()
            .unwrap()
            .iter()
            .filter(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(&repo)))
            .collect();
        assert_eq!(uses.len(), 1, "{name:?} uses the action once");
        assert_eq!(uses[0]["uses"].as_str().unwrap(), action_at);
        if let Some(with) = uses[0]["with"].as_mapping() {
            for (input, _) in with {
                assert!(
                    action["inputs"].get(input).is_some(),
                    "action.yml has the input {input:?}"
                );
            }
        }
    }
    let deploy = &workflow["jobs"]["deploy"];
    assert_eq!(deploy["permissions"]["pages"], "write");
    assert_eq!(deploy["permissions"]["id-token"], "write");
    assert_eq!(deploy["environment"]["name"], "github-pages");
    let step = &deploy["steps"][1];
    assert_eq!(step["with"]["deploy"], true);
    let url = deploy["environment"]["url"].as_str().unwrap();
    assert_eq!(
        url,
        format!(
            "${{{{ steps.{}.outputs.page_url }}}}",
            step["id"].as_str().unwrap()
        )
    );
    assert!(action["outputs"].get("page_url").is_some());
    let cond = deploy["if"].as_str().unwrap();
    assert!(
        cond.contains("github.event_name != 'pull_request'"),
        "{cond}"
    );
    let text =
        std::fs::read_to_string(root().join("example-handbook/.github/workflows/handbook.yml"))
            .unwrap();
    assert!(
        docs().contains(&text),
        "docs/publishing.md embeds the workflow file verbatim"
    );
}

#[test]
fn the_pre_commit_hook_runs_handbook_check() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hook = &hooks[0];
    assert_eq!(hook["id"], "handbook-check");
    assert_eq!(hook["language"], "rust", "pre-commit builds it with cargo");
    assert_eq!(
        hook["pass_filenames"], false,
        "check takes a folder, not files"
    );
    let entry: Vec<&str> = hook["entry"].as_str().unwrap().split(' ').collect();
    assert_eq!(entry, ["handbook", "check"]);
    let o = support::run(&["check", support::example().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let docs = docs();
    assert!(docs.contains("id: handbook-check"));
    assert!(docs.contains(&format!("rev: {}", pinned().1)));
}

/// Runs the script of step `id` with bash in `dir`, with `env` and GitHub's own variables;
/// returns its output and what it wrote to `$GITHUB_OUTPUT`.
fn run_step(id: &str, dir: &Path, env: &[(&str, &str)]) -> (Output, String) {
    let tmp = tempfile::tempdir().unwrap();
    let outputs = tmp.path().join("output");
    std::fs::write(&outputs, "").unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_handbook")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let o = Command::new("bash")
        .arg("-c")
        .arg(script(&yaml("action.yml"), id))
        .current_dir(dir)
        .env("PATH", path)
        .env("GITHUB_OUTPUT", &outputs)
        .env("RUNNER_TEMP", tmp.path())
        .env_remove("GITHUB_ACTION_PATH")
        .env_remove("GITHUB_BASE_REF")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (o, std::fs::read_to_string(&outputs).unwrap())
}

fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
    stdout(&o).trim().to_string()
}

fn commit(dir: &Path, message: &str) -> String {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
    git(dir, &["rev-parse", "HEAD"])
}

#[test]
fn the_version_step_resolves_tags_commits_and_branches() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("work");
    write(&work, "README.md", "one\n");
    git(&work, &["init", "-q"]);
    let first = commit(&work, "one");
    git(&work, &["tag", "-a", "v1.0.0", "-m", "release"]);
    git(&work, &["tag", "light", first.as_str()]);
    write(&work, "README.md", "two\n");
    let second = commit(&work, "two");
    let bare = tmp.path().join("acme/handbook");
    git(
        tmp.path(),
        &["clone", "-q", "--bare", "work", bare.to_str().unwrap()],
    );
    let url = format!("file://{}", bare.display());
    let resolve = |version: &str| {
        let (o, out) = run_step(
            "version",
            tmp.path(),
            &[
                ("HANDBOOK_VERSION", version),
                ("HANDBOOK_REPOSITORY", &url),
                ("SERVER_URL", "https://github.com"),
            ],
        );
        assert!(
            o.status.success(),
            "{version}: {}{}",
            stdout(&o),
            stderr(&o)
        );
        out
    };
    let expect = |version: &str, kind: &str, commit: &str| {
        format!("repository={url}\nversion={version}\nkind={kind}\ncommit={commit}\n")
    };
    // An annotated tag resolves to its commit, not to the tag object.
    assert_eq!(resolve("v1.0.0"), expect("v1.0.0", "tag", &first));
    assert_eq!(resolve("light"), expect("light", "tag", &first));
    assert_eq!(resolve("main"), expect("main", "branch", &second));
    assert_eq!(resolve(&first), expect(&first, "rev", &first));
    // Nothing given: the action's own folder names the repository and the ref.
    let action_path = tmp.path().join("_actions/acme/handbook/v1.0.0");
    let (o, out) = run_step(
        "version",
        tmp.path(),
        &[
            ("HANDBOOK_VERSION", ""),
            ("HANDBOOK_REPOSITORY", ""),
            ("SERVER_URL", &format!("file://{}", tmp.path().display())),
            ("GITHUB_ACTION_PATH", action_path.to_str().unwrap()),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        out.contains(&format!("kind=tag\ncommit={first}\n")),
        "{out}"
    );
    let (o, _) = run_step(
        "version",
        tmp.path(),
        &[("HANDBOOK_VERSION", "v9"), ("HANDBOOK_REPOSITORY", &url)],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("::error title=handbook::"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn the_check_diff_and_build_steps_annotate_summarize_and_build_a_pull_request() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    support::minimal(&repo.join("docs/handbook"));
    git(&repo, &["init", "-q"]);
    let base = commit(&repo, "base");
    let values = repo.join("docs/handbook/values.yaml");
    let text = std::fs::read_to_string(&values).unwrap();
    std::fs::write(&values, text.replace("name: Care", "name: Care a lot")).unwrap();
    commit(&repo, "rename a value");
    let summary = tmp.path().join("summary.md");
    let env = [
        ("HANDBOOK_SOURCE", "docs/handbook"),
        ("HANDBOOK_STRICT", "false"),
        ("BASE_SHA", base.as_str()),
        ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
    ];
    let (o, _) = run_step("check", &repo, &env);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let (o, _) = run_step("diff", &repo, &env);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.starts_with("## Handbook changes\n")
            && text
                .contains("- **Changed value `care`**: Care a lot\n  - `name`: Care → Care a lot"),
        "{text}"
    );
    let (o, _) = run_step("build", &repo, &env);
    assert!(o.status.success(), "{}", stderr(&o));
    // A problem is annotated at its line, with the path from the repository's root.
    write(
        &repo,
        "docs/handbook/roles/dev.yaml",
        "title: Dev\nvalues: [care]\nnmae: x\n",
    );
    let (o, _) = run_step("check", &repo, &env);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("::error file=docs/handbook/roles/dev.yaml,line=3,"),
        "{}",
        stdout(&o)
    );
    let strict = [
        ("HANDBOOK_SOURCE", "docs/handbook"),
        ("HANDBOOK_STRICT", "true"),
    ];
    write(
        &repo,
        "docs/handbook/roles/dev.yaml",
        "title: Dev\nvalues: [care]\n",
    );
    write(
        &repo,
        "docs/handbook/values.yaml",
        "values:\n  - id: care\n    name: Care\n  - id: unused\n    name: Unused\n",
    );
    let (o, _) = run_step("check", &repo, &strict);
    assert_eq!(o.status.code(), Some(1), "warnings fail with strict: true");
}

/// The target folder of this test run, where the install test keeps its build between runs.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.ancestors().nth(3).unwrap().join("install-test")
}

/// Changes the package's version in `dir`'s Cargo.toml and Cargo.lock from `from` to `to`.
fn set_version(dir: &Path, from: &str, to: &str) {
    let current = format!("version = \"{from}\"");
    let wanted = format!("version = \"{to}\"");
    let toml = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replacen(&current, &wanted, 1)).unwrap();
    let lock = dir.join("Cargo.lock");
    let text = std::fs::read_to_string(&lock).unwrap();
    let entry = format!("name = \"handbook\"\n{current}");
    assert!(text.contains(&entry));
    let text = text.replace(&entry, &format!("name = \"handbook\"\n{wanted}"));
    std::fs::write(&lock, text).unwrap();
}

#[test]
fn install_from_a_bare_repository_by_tag_and_by_commit() {
    if std::env::var_os("HANDBOOK_INSTALL_TEST").is_none() {
        assert!(
            !browser::required(),
            "tests/run.sh sets HANDBOOK_INSTALL_TEST: the install test must run there"
        );
        eprintln!("skipping: HANDBOOK_INSTALL_TEST is not set (tests/run.sh sets it)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("work");
    let listed = Command::new("git")
        .current_dir(root())
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .output()
        .unwrap();
    assert!(listed.status.success(), "{}", stderr(&listed));
    for rel in listed.stdout.split(|&b| b == 0).filter(|r| !r.is_empty()) {
        let rel = String::from_utf8_lossy(rel);
        let (from, to) = (root().join(&*rel), work.join(&*rel));
        if from.is_file() {
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(from, to).unwrap();
        }
    }
    git(&work, &["init", "-q"]);
    set_version(&work, env!("CARGO_PKG_VERSION"), "9.9.9-tagged");
    commit(&work, "release");
    git(&work, &["tag", "-a", "v9.9.9-tagged", "-m", "release"]);
    set_version(&work, "9.9.9-tagged", "9.9.10-commit");
    let second = commit(&work, "later");
    let bare = tmp.path().join("handbook.git");
    git(
        tmp.path(),
        &["clone", "-q", "--bare", "work", bare.to_str().unwrap()],
    );
    let url = format!("file://{}", bare.display());
    let home = tmp.path().join("home");
    let cargo_home = std::env::var("CARGO_HOME")
        .unwrap_or_else(|_| format!("{}/.cargo", std::env::var("HOME").unwrap()));
    let target = target_dir();
    for (version, shows) in [
        ("v9.9.9-tagged", "handbook 9.9.9-tagged"),
        (second.as_str(), "handbook 9.9.10-commit"),
    ] {
        let (o, out) = run_step(
            "version",
            tmp.path(),
            &[("HANDBOOK_VERSION", version), ("HANDBOOK_REPOSITORY", &url)],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let get = |key: &str| {
            out.lines()
                .find_map(|l| l.strip_prefix(&format!("{key}=")))
                .unwrap()
                .to_string()
        };
        let (kind, commit) = (get("kind"), get("commit"));
        let (o, _) = run_step(
            "install",
            tmp.path(),
            &[
                ("HOME", home.to_str().unwrap()),
                ("CARGO_HOME", &cargo_home),
                ("CARGO_TARGET_DIR", target.to_str().unwrap()),
                // The action's command as it is; only the compiler works less, so the test
                // takes seconds, not minutes, once the dependencies are built.
                ("CARGO_PROFILE_RELEASE_LTO", "false"),
                ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
                ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0"),
                ("CARGO_PROFILE_RELEASE_DEBUG", "false"),
                ("HANDBOOK_REPOSITORY", &url),
                ("HANDBOOK_VERSION", version),
                ("HANDBOOK_KIND", &kind),
                ("HANDBOOK_COMMIT", &commit),
            ],
        );
        assert!(o.status.success(), "{version}: {}", stderr(&o));
        let github_path = tmp.path().join(format!("github_path_{kind}"));
        let (o, _) = run_step(
            "path",
            tmp.path(),
            &[
                ("HOME", home.to_str().unwrap()),
                ("GITHUB_PATH", github_path.to_str().unwrap()),
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(stdout(&o).trim(), shows, "{version} installed");
        let on_path = std::fs::read_to_string(&github_path).unwrap();
        assert_eq!(on_path.trim(), home.join(".handbook/bin").to_str().unwrap());
    }
}

/// `cargo package --list`: what a published crate would hold.
fn package_list() -> Vec<String> {
    let o = Command::new(env!("CARGO"))
        .current_dir(root())
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o).lines().map(String::from).collect()
}

#[test]
fn the_package_holds_what_the_build_embeds_and_nothing_local() {
    let files = package_list();
    // build.rs embeds these folders and the binary embeds the theme: all of them must ship.
    for folder in ["src", "themes", "example-handbook", "minimal-handbook"] {
        for entry in walkdir::WalkDir::new(root().join(folder)) {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(root()).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            let built = rel.starts_with("example-handbook/public");
            if entry.file_type().is_file() && !built {
                assert!(files.contains(&rel), "the package holds {rel}");
            }
        }
    }
    assert!(files.iter().any(|f| f == "build.rs"));
    for local in ["tests/tools/", "target/", ".ci/"] {
        assert!(
            !files.iter().any(|f| f.starts_with(local)),
            "{local} is left out"
        );
    }
}

#[test]
fn cargo_package_passes() {
    if std::env::var_os("HANDBOOK_INSTALL_TEST").is_none() {
        assert!(
            !browser::required(),
            "tests/run.sh sets HANDBOOK_INSTALL_TEST: cargo package must run there"
        );
        eprintln!("skipping: HANDBOOK_INSTALL_TEST is not set (tests/run.sh sets it)");
        return;
    }
    // Packs the crate and builds it from the package alone, as publishing would.
    let o = Command::new(env!("CARGO"))
        .current_dir(root())
        .args(["package", "--allow-dirty", "--offline"])
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}
