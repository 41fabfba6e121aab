//! Opening a file only if it is what the listing said: a regular file inside a given folder.
//!
//! Discovery decides which paths to read (links leaving the handbook are refused there), but
//! the read happens later, and a path can be swapped for a symbolic link in between: a loop
//! renaming a link to `/etc/passwd` over `static/race.txt` once put that file into the site.
//! So every file is checked *after* it is opened, on the open handle: whatever the path led to
//! at that moment is what is checked, and what is read.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// A file to open: `rel` (`/`-separated, may hold `..` only if it stays inside) under `root`,
/// an absolute path without symbolic links (canonicalized).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Inside<'a> {
    /// The folder the file must be in, canonical.
    pub(crate) root: &'a Path,
    /// The file's path relative to `root`.
    pub(crate) rel: &'a str,
}

/// Why a file was not opened.
#[derive(Debug)]
pub(crate) enum OpenError {
    /// The operating system said no (missing, permission denied...).
    Io(io::Error),
    /// The path led outside `root` when it was opened (a link swapped in): where it led.
    Outside(PathBuf),
    /// The path led to a folder.
    Folder,
    /// The path led to something that is neither a file nor a folder (a FIFO, a device).
    Special,
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Io(e) => e.fmt(f),
            OpenError::Outside(to) => write!(
                f,
                "it leads outside its folder (to {}), through a symbolic link that appeared after the files were listed; not read",
                to.display()
            ),
            OpenError::Folder => f.write_str("it is a directory, not a file"),
            OpenError::Special => f.write_str("it is not a regular file"),
        }
    }
}

impl std::error::Error for OpenError {}

impl From<io::Error> for OpenError {
    fn from(e: io::Error) -> Self {
        OpenError::Io(e)
    }
}

/// Opens `at` for reading if, as opened, it is a regular file inside `at.root`.
pub(crate) fn open(at: Inside<'_>) -> Result<File, OpenError> {
    let path = at.root.join(at.rel);
    let file = match open_without_links(&path, at.rel)? {
        Some(file) => file,
        None => {
            // The path has a link somewhere (one inside the handbook is allowed) or the
            // system can't tell: open it as it is, then ask where it led.
            let file = open_nonblocking(&path)?;
            check_kind(&file)?;
            return match opened_path(&file) {
                Some(real) if real.starts_with(at.root) => Ok(file),
                Some(real) => Err(OpenError::Outside(real)),
                None => same_file_inside(&file, &path, at.root).map(|()| file),
            };
        }
    };
    check_kind(&file)?;
    Ok(file)
}

/// Refuses what is not a regular file.
fn check_kind(file: &File) -> Result<(), OpenError> {
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(OpenError::Folder);
    }
    if !meta.is_file() {
        return Err(OpenError::Special);
    }
    Ok(())
}

/// The flags every open uses. Nonblocking: a FIFO swapped in for a file would otherwise hang
/// the build until someone writes to it (the flag changes nothing for regular files).
#[cfg(target_os = "linux")]
const FLAGS: rustix::fs::OFlags = rustix::fs::OFlags::RDONLY
    .union(rustix::fs::OFlags::CLOEXEC)
    .union(rustix::fs::OFlags::NONBLOCK);

/// The common case in one system call: `openat2` with `RESOLVE_NO_SYMLINKS` opens `path` only
/// if no part of it is a symbolic link, and a path of plain names under a canonical root
/// without links is inside it. `Ok(None)` when that cannot decide: a link on the way (maybe
/// one inside the handbook), `..` in `rel`, or a kernel without `openat2` (before 5.6, or
/// filtered by a sandbox). Asking `/proc` where every file led cost 4% of a 10,000-page check.
#[cfg(target_os = "linux")]
fn open_without_links(path: &Path, rel: &str) -> io::Result<Option<File>> {
    use rustix::fs::{CWD, Mode, ResolveFlags};
    use rustix::io::Errno;
    if rel.split('/').any(|part| matches!(part, ".." | "." | "")) {
        return Ok(None);
    }
    match rustix::fs::openat2(CWD, path, FLAGS, Mode::empty(), ResolveFlags::NO_SYMLINKS) {
        Ok(fd) => Ok(Some(File::from(fd))),
        Err(Errno::LOOP | Errno::NOSYS | Errno::PERM | Errno::XDEV | Errno::AGAIN) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn open_without_links(_path: &Path, _rel: &str) -> io::Result<Option<File>> {
    Ok(None)
}

#[cfg(target_os = "linux")]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    Ok(File::from(rustix::fs::open(
        path,
        FLAGS,
        rustix::fs::Mode::empty(),
    )?))
}

#[cfg(not(target_os = "linux"))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// Where the kernel says the open file is: Linux names every open file in `/proc/self/fd`,
/// links resolved. `None` where there is no such table (`/proc` not mounted, other systems).
#[cfg(target_os = "linux")]
fn opened_path(file: &File) -> Option<PathBuf> {
    use std::os::fd::AsRawFd;
    std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())).ok()
}

#[cfg(not(target_os = "linux"))]
fn opened_path(_file: &File) -> Option<PathBuf> {
    None
}

/// Without `/proc`: the path, resolved now, must be inside `root` and be the very file that
/// was opened (same device and inode), so a link swapped in before or after the open is
/// noticed either way.
fn same_file_inside(file: &File, path: &Path, root: &Path) -> Result<(), OpenError> {
    let real = path.canonicalize()?;
    if !real.starts_with(root) {
        return Err(OpenError::Outside(real));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let (opened, named) = (file.metadata()?, std::fs::metadata(&real)?);
        if (opened.dev(), opened.ino()) != (named.dev(), named.ino()) {
            return Err(OpenError::Outside(real));
        }
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("hb");
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
        std::fs::write(root.join("static/ok.txt"), "ok").unwrap();
        let root = root.canonicalize().unwrap();
        (tmp, root)
    }

    #[test]
    fn files_inside_open_and_links_leading_out_do_not() {
        let (tmp, root) = setup();
        let at = |rel| Inside { root: &root, rel };
        assert!(open(at("static/ok.txt")).is_ok());
        std::os::unix::fs::symlink(root.join("static/ok.txt"), root.join("static/in.txt")).unwrap();
        assert!(open(at("static/in.txt")).is_ok(), "a link inside is fine");
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("static/out.txt"))
            .unwrap();
        assert!(matches!(
            open(at("static/out.txt")),
            Err(OpenError::Outside(_))
        ));
        std::os::unix::fs::symlink(tmp.path(), root.join("static/up")).unwrap();
        assert!(matches!(
            open(at("static/up/secret.txt")),
            Err(OpenError::Outside(_))
        ));
        assert!(matches!(open(at("static")), Err(OpenError::Folder)));
        assert!(matches!(
            open(at("static/missing.txt")),
            Err(OpenError::Io(e)) if e.kind() == io::ErrorKind::NotFound
        ));
    }

    /// Both ways of opening agree: plain paths take the one-call path, paths through a link
    /// the checked one.
    #[cfg(target_os = "linux")]
    #[test]
    fn only_paths_without_links_take_the_short_way() {
        let (tmp, root) = setup();
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("static/out.txt"))
            .unwrap();
        std::os::unix::fs::symlink(root.join("static"), root.join("linked")).unwrap();
        let short = |rel: &str| open_without_links(&root.join(rel), rel);
        assert!(short("static/ok.txt").unwrap().is_some());
        assert!(
            short("static/out.txt").unwrap().is_none(),
            "a link: ask /proc"
        );
        assert!(
            short("linked/ok.txt").unwrap().is_none(),
            "a link on the way"
        );
        assert!(short("static/../static/ok.txt").unwrap().is_none());
        assert!(short("static/missing.txt").is_err());
        let at = |rel| Inside { root: &root, rel };
        assert!(open(at("linked/ok.txt")).is_ok(), "inside through a link");
    }

    #[test]
    fn the_check_without_proc_also_refuses_links_out() {
        let (tmp, root) = setup();
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("static/out.txt"))
            .unwrap();
        let path = root.join("static/out.txt");
        let file = File::open(&path).unwrap();
        assert!(matches!(
            same_file_inside(&file, &path, &root),
            Err(OpenError::Outside(_))
        ));
        // The file opened is not the one the path names now (swapped after the open).
        let inside = root.join("static/ok.txt");
        let file = File::open(&inside).unwrap();
        std::fs::remove_file(&inside).unwrap();
        std::fs::write(&inside, "new").unwrap();
        assert!(same_file_inside(&file, &inside, &root).is_err());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_fifo_does_not_block() {
        let (_tmp, root) = setup();
        let fifo = root.join("static/fifo");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        assert!(matches!(
            open(Inside {
                root: &root,
                rel: "static/fifo"
            }),
            Err(OpenError::Special)
        ));
    }
}
