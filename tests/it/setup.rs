//! tests/run.sh on machines that lack what the suite needs: each of its install paths runs
//! against stand-ins for apt-get, sudo, npm, python3, pip, dpkg and cargo that record what
//! they are asked, on a `PATH` that holds nothing else but a few core utilities.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What every stand-in does: records its name and arguments, then plays its part. `apt-get
/// install` makes the commands of the packages it is given exist.
const STUB: &str = r#"#!/bin/bash
name="${0##*/}"
echo "$name $*" >>"$STUB_LOG"
mk() { cp "$0" "$STUB_BIN/$1"; }
case "$name" in
  apt-get)
    if [ "$1" = install ]; then
      for p in "$@"; do
        case "$p" in
          build-essential) mk cc ;;
          default-jre-headless) mk java ;;
          poppler-utils) mk pdftotext ;;
          python3-jsonschema) touch "$STUB_STATE/jsonschema" ;;
          git | chromium | linkchecker | npm | python3) mk "$p" ;;
        esac
      done
    fi ;;
  sudo) exec "$@" ;;
  id) echo "${STUB_UID:-0}" ;;
  dpkg) [ -e "$STUB_STATE/debian-python" ] ;;
  python3)
    case "$1" in
      -c) [ -e "$STUB_STATE/jsonschema" ] ;;
      -m) mkdir -p "$3/bin" && cp "$0" "$3/bin/python3" && cp "$0" "$3/bin/pip" ;;
    esac ;;
  pip) touch "$STUB_STATE/jsonschema" ;;
  cargo)
    echo "env python3=$(command -v python3) tools=$HANDBOOK_TEST_TOOLS require=$HANDBOOK_REQUIRE_TOOLS install=$HANDBOOK_INSTALL_TEST" >>"$STUB_LOG" ;;
esac
"#;

/// A scratch machine: a copy of tests/run.sh in a repository folder, and a `bin` folder that
/// is the whole `PATH`.
struct Machine {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    bin: PathBuf,
}

impl Machine {
    fn new(commands: &[&str]) -> Machine {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        let bin = root.join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::create_dir_all(root.join("repo/tests")).unwrap();
        std::fs::create_dir_all(root.join("state")).unwrap();
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/run.sh"),
            root.join("repo/tests/run.sh"),
        )
        .unwrap();
        // The core utilities the script and the stand-ins use, as they are.
        for tool in ["dirname", "readlink", "mkdir", "env", "cp", "touch"] {
            let real = which(tool);
            std::os::unix::fs::symlink(real, bin.join(tool)).unwrap();
        }
        let m = Machine {
            _tmp: tmp,
            root,
            bin,
        };
        for name in ["apt-get", "id", "dpkg", "cargo"].iter().chain(commands) {
            m.stub(name);
        }
        m
    }

    fn stub(&self, name: &str) {
        let path = self.bin.join(name);
        std::fs::write(&path, STUB).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// Marks python3 as Debian's own (dpkg knows it) or jsonschema as installed.
    fn state(&self, flag: &str) {
        std::fs::write(self.root.join("state").join(flag), "").unwrap();
    }

    /// Puts axe-core and vnu-jar in `tools`, as a previous run would have.
    fn tools_installed(&self, tools: &Path) {
        for rel in [
            "node_modules/axe-core/axe.min.js",
            "node_modules/vnu-jar/build/dist/vnu.jar",
        ] {
            let path = tools.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
    }

    /// Runs the script with `env`; its exit code and the stand-ins' record, minus the
    /// questions asked on the way (`python3 -c`, `dpkg -S`).
    fn run(&self, env: &[(&str, &str)]) -> (Option<i32>, Vec<String>, String) {
        let log = self.root.join("log");
        let o = Command::new(which("bash"))
            .arg(self.root.join("repo/tests/run.sh"))
            .env_clear()
            .env("PATH", &self.bin)
            .env("STUB_LOG", &log)
            .env("STUB_BIN", &self.bin)
            .env("STUB_STATE", self.root.join("state"))
            .envs(env.iter().copied())
            .output()
            .unwrap();
        let record = std::fs::read_to_string(&log).unwrap_or_default();
        let lines = record
            .lines()
            .filter(|l| !l.starts_with("python3 -c") && !l.starts_with("dpkg -S"))
            .map(|l| l.replace(&self.root.display().to_string(), "<tmp>"))
            .collect();
        (
            o.status.code(),
            lines,
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    }
}

fn which(tool: &str) -> PathBuf {
    ["/usr/bin", "/bin", "/usr/local/bin"]
        .iter()
        .map(|d| Path::new(d).join(tool))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("{tool} is installed"))
}

const TEST: &str = "cargo test --all-targets";

#[test]
fn a_fresh_debian_as_root_gets_everything_with_apt() {
    let m = Machine::new(&[]);
    let (code, log, err) = m.run(&[]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        log,
        [
            "id -u",
            "apt-get update -q",
            "apt-get install -y -q --no-install-recommends build-essential git chromium linkchecker default-jre-headless poppler-utils nodejs npm python3 python3-jsonschema",
            "npm install --silent --no-audit --no-fund --prefix <tmp>/repo/tests/tools axe-core@4 vnu-jar@26",
            TEST,
            "env python3=<tmp>/bin/python3 tools=<tmp>/repo/tests/tools require=1 install=1",
        ],
        "{err}"
    );
}

#[test]
fn a_user_gets_debian_s_jsonschema_through_sudo() {
    let m = Machine::new(&[
        "sudo",
        "cc",
        "git",
        "chromium",
        "linkchecker",
        "java",
        "pdftotext",
        "npm",
        "python3",
    ]);
    m.state("debian-python");
    let tools = m.root.join("tools");
    m.tools_installed(&tools);
    let (code, log, err) = m.run(&[
        ("STUB_UID", "1000"),
        ("HANDBOOK_TEST_TOOLS", tools.to_str().unwrap()),
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        log,
        [
            "id -u",
            "sudo apt-get update -q",
            "apt-get update -q",
            "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-jsonschema",
            "apt-get install -y -q --no-install-recommends python3-jsonschema",
            TEST,
            "env python3=<tmp>/bin/python3 tools=<tmp>/tools require=1 install=1",
        ]
    );
}

#[test]
fn a_python_that_is_not_debian_s_gets_jsonschema_in_a_venv() {
    let m = Machine::new(&[
        "cc",
        "git",
        "chromium",
        "linkchecker",
        "java",
        "pdftotext",
        "npm",
        "python3",
    ]);
    let tools = m.root.join("tools");
    m.tools_installed(&tools);
    let (code, log, err) = m.run(&[("HANDBOOK_TEST_TOOLS", tools.to_str().unwrap())]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        log,
        [
            "python3 -m venv <tmp>/tools/venv",
            "pip install --quiet jsonschema",
            TEST,
            "env python3=<tmp>/tools/venv/bin/python3 tools=<tmp>/tools require=1 install=1",
        ]
    );
    // The next run finds the venv and installs nothing.
    std::fs::remove_file(m.root.join("log")).unwrap();
    let (code, log, _) = m.run(&[("HANDBOOK_TEST_TOOLS", tools.to_str().unwrap())]);
    assert_eq!(code, Some(0));
    assert_eq!(log[0], TEST);
}

#[test]
fn a_user_without_sudo_is_told_what_to_install() {
    let m = Machine::new(&[
        "git",
        "chromium",
        "linkchecker",
        "java",
        "pdftotext",
        "npm",
        "python3",
    ]);
    m.state("jsonschema");
    let (code, log, err) = m.run(&[("STUB_UID", "1000")]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("run as root, or install sudo, to install build-essential"),
        "{err}"
    );
    assert!(!log.iter().any(|l| l.starts_with("cargo")), "{log:?}");
}
