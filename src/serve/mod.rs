//! `handbook serve`: build, serve on loopback, watch, rebuild what changed, reload open pages.
//!
//! Parts: [`session`] (the rebuild engine), [`watch`] (filtered, debounced file events),
//! [`http`] (the server, live-reload stream and error overlay). The rebuild thread owns the
//! session; the server only reads the latest files, so a failing rebuild never stops serving
//! the last good site.

pub(crate) mod http;
pub(crate) mod listen;
pub(crate) mod session;
pub(crate) mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::build::Options;
use crate::diag::render::human;
use http::{Message, Shared};
use session::{Outcome, Session};

/// What `serve` was asked to do.
#[derive(Clone, Debug)]
pub(crate) struct ServeOptions {
    /// The handbook folder.
    pub(crate) root: PathBuf,
    /// Address to listen on (loopback unless asked otherwise).
    pub(crate) host: IpAddr,
    /// Port; 0 picks a free one.
    pub(crate) port: u16,
    /// Include drafts.
    pub(crate) drafts: bool,
    /// How long a connection may take to send a request head, or sit idle between requests.
    pub(crate) idle: Duration,
}

/// What happens, for the command line to print.
#[derive(Debug, Clone)]
pub(crate) enum Log {
    /// The server is up at this URL.
    Listening(String),
    /// A rebuild finished: how, how long after the change arrived, and how many files changed.
    Rebuilt {
        /// `page`, `content` or `full`.
        how: &'static str,
        /// From the end of the debounce to the reload message.
        took: Duration,
        /// Output files changed.
        changed: usize,
        /// Stages and how long they took.
        stages: Vec<(&'static str, Duration)>,
    },
    /// The handbook has problems (human-readable diagnostics); the last good site stays up.
    Problems(String),
    /// The handbook is fine again.
    Fixed,
    /// A rebuild failed for a reason other than the handbook's content.
    Error(String),
}

/// Binds the listening socket; a clear error names the port when it is taken.
pub(crate) fn bind(host: IpAddr, port: u16) -> anyhow::Result<TcpListener> {
    let addr = SocketAddr::new(host, port);
    TcpListener::bind(addr).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            anyhow::anyhow!(
                "port {port} on {host} is already in use; choose another with --port, or --port 0 for any free port"
            )
        } else {
            anyhow::anyhow!("cannot listen on {addr}: {e}")
        }
    })
}

/// Runs the server until interrupted. `log` receives what happens.
pub(crate) fn run(
    options: ServeOptions,
    log: impl Fn(Log) + Send + Sync + 'static,
) -> anyhow::Result<()> {
    let listener = bind(options.host, options.port)?;
    let addr = listener.local_addr()?;
    let shown_host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else if addr.ip().is_ipv6() {
        format!("[{}]", addr.ip())
    } else {
        addr.ip().to_string()
    };
    let url = format!("http://{shown_host}:{}/", addr.port());
    let root = watch::canonical(&options.root);
    let output = root.join("public");
    let site_options = Options {
        drafts: options.drafts,
        // Absolute links only where a site needs them (the 404 page); here, this server.
        base_url: Some(url.clone()),
        ..Options::default()
    };
    let (mut session, outcome) = Session::start(&root, site_options, vec![output.clone()])?;
    let shared = Shared::new(session.files(), status_json(&session));
    report(&session, &outcome, &log, false);
    let log = Arc::new(log);
    let theme = session
        .site()
        .handbook
        .config
        .theme_dir
        .as_ref()
        .map(|t| watch::canonical(&root.join(t)));
    let (watcher, events) =
        watch::watch(&root, theme.as_deref()).context("cannot watch the handbook folder")?;
    {
        let shared = shared.clone();
        let log = log.clone();
        std::thread::Builder::new()
            .name("rebuild".into())
            .spawn(move || {
                let _keep = watcher;
                let mut failed = session.site().has_errors();
                loop {
                    let pages_dir = session.site().tree.layout.pages_dir.clone();
                    let places = watch::Places {
                        root: &root,
                        pages_dir: &pages_dir,
                        theme: theme.as_deref(),
                        output: Some(&output),
                    };
                    let Some(batch) = watch::next_batch(&events, places) else {
                        break;
                    };
                    if batch.changes.is_empty() {
                        continue;
                    }
                    let started = Instant::now();
                    match session.apply(&batch) {
                        Ok(outcome) => {
                            publish(&shared, &session, &outcome);
                            if let Outcome::Built { how, changed, .. } = &outcome {
                                log(Log::Rebuilt {
                                    how,
                                    took: started.elapsed(),
                                    changed: changed.len(),
                                    stages: session.timings().to_vec(),
                                });
                            }
                            report(&session, &outcome, log.as_ref(), failed);
                            failed = matches!(outcome, Outcome::Failed);
                            match session.finish() {
                                Ok(more) if !more.is_empty() => {
                                    *shared.files.write().unwrap_or_else(|e| e.into_inner()) =
                                        session.files();
                                    for message in finish_messages(more) {
                                        let _ = shared.events.send(message);
                                    }
                                }
                                Ok(_) => {}
                                Err(e) => log(Log::Error(format!("{e:#}"))),
                            }
                        }
                        Err(e) => log(Log::Error(format!("{e:#}"))),
                    }
                    shared.generation.fetch_add(1, Ordering::SeqCst);
                }
            })?;
    }
    log(Log::Listening(url));
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        listen::serve(listener, http::router(shared), options.host, options.idle).await
    })
}

/// Puts a rebuild's result where the server reads it and tells open pages.
fn publish(shared: &Shared, session: &Session, outcome: &Outcome) {
    let status = Arc::new(status_json(session));
    *shared.status.write().unwrap_or_else(|e| e.into_inner()) = status.clone();
    if let Outcome::Built {
        changed, css_only, ..
    } = outcome
    {
        *shared.files.write().unwrap_or_else(|e| e.into_inner()) = session.files();
        let _ = shared.events.send(Message::Status(status));
        if *css_only {
            let _ = shared.events.send(Message::Css);
        } else if !changed.is_empty() {
            let _ = shared.events.send(Message::Reload(changed.clone()));
        }
    } else {
        let _ = shared.events.send(Message::Status(status));
    }
}

/// What to tell open pages about files [`Session::finish`] changed. It copies the static files
/// again, so a stylesheet saved while the rebuild before it ran shows up here (and the rebuild
/// its save triggers then finds nothing new): it must be swapped like any stylesheet change.
fn finish_messages(more: Vec<String>) -> Vec<Message> {
    let (css, other): (Vec<String>, Vec<String>) =
        more.into_iter().partition(|p| p.ends_with(".css"));
    let mut messages = Vec::new();
    if !css.is_empty() {
        messages.push(Message::Css);
    }
    if !other.is_empty() {
        messages.push(Message::Reload(other));
    }
    messages
}

fn status_json(session: &Session) -> String {
    session::overlay_json(session.diagnostics(), &session.site().sources).to_string()
}

fn report(
    session: &Session,
    outcome: &Outcome,
    log: &(dyn Fn(Log) + Send + Sync),
    was_failed: bool,
) {
    let diags = session.diagnostics();
    if matches!(outcome, Outcome::Failed) || !diags.is_empty() {
        let prefix = String::new();
        log(Log::Problems(human::render(
            diags,
            &session.site().sources,
            &prefix,
            false,
        )));
    } else if was_failed {
        log(Log::Fixed);
    }
}

/// Opens `url` in the desktop's browser, where there is one.
pub(crate) fn open_browser(url: &str) -> std::io::Result<()> {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stylesheets_picked_up_late_are_swapped_and_the_rest_reloads() {
        let messages = finish_messages(vec![
            "print/index.html".into(),
            "custom.css".into(),
            "search-index.js".into(),
        ]);
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(matches!(messages[0], Message::Css));
        assert!(
            matches!(&messages[1], Message::Reload(p) if p == &["print/index.html", "search-index.js"])
        );
        assert!(matches!(
            finish_messages(vec!["assets/style.css".into()])[..],
            [Message::Css]
        ));
        assert!(finish_messages(Vec::new()).is_empty());
    }
}
