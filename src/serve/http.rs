//! The preview server: serves the in-memory site with the live-reload script injected into
//! HTML, pushes reloads and diagnostics to open pages over Server-Sent Events, and never
//! touches the file system: a request can only ever name a file of the built site.

use std::convert::Infallible;
use std::sync::{Arc, RwLock};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast;

use super::session::Files;

/// The client script: connects to the event stream, reloads, swaps stylesheets, shows the
/// overlay.
pub(crate) const LIVE_JS: &str = include_str!("live.js");

/// A message to open pages.
#[derive(Clone, Debug)]
pub(crate) enum Message {
    /// These output paths changed: pages showing them reload.
    Reload(Vec<String>),
    /// Only stylesheets changed: swap them in place.
    Css,
    /// The handbook's diagnostics (JSON), after every build.
    Status(Arc<String>),
}

/// What the server shares with the rebuild thread.
pub(crate) struct Shared {
    /// The files of the last good build.
    pub(crate) files: RwLock<Arc<Files>>,
    /// The last status message (JSON of the diagnostics).
    pub(crate) status: RwLock<Arc<String>>,
    /// Messages to open pages.
    pub(crate) events: broadcast::Sender<Message>,
    /// Build generation, bumped when a rebuild (and its follow-up) finished.
    pub(crate) generation: std::sync::atomic::AtomicU64,
}

impl Shared {
    /// A new shared state with `files`.
    pub(crate) fn new(files: Arc<Files>, status: String) -> Arc<Shared> {
        let (events, _) = broadcast::channel(64);
        Arc::new(Shared {
            files: RwLock::new(files),
            status: RwLock::new(Arc::new(status)),
            events,
            generation: std::sync::atomic::AtomicU64::new(1),
        })
    }
}

/// The router: the server's endpoints, then the site.
pub(crate) fn router(shared: Arc<Shared>) -> axum::Router {
    axum::Router::new()
        .route("/__handbook/events", axum::routing::get(events))
        .route("/__handbook/live.js", axum::routing::get(live_js))
        .route("/__handbook/status", axum::routing::get(status))
        .fallback(site)
        .with_state(shared)
}

async fn live_js() -> Response {
    let mut r = LIVE_JS.into_response();
    set(
        &mut r,
        header::CONTENT_TYPE,
        "text/javascript; charset=utf-8",
    );
    set(&mut r, header::CACHE_CONTROL, "no-store");
    r
}

async fn status(State(shared): State<Arc<Shared>>) -> Response {
    let status = shared
        .status
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let generation = shared.generation.load(std::sync::atomic::Ordering::SeqCst);
    let body = format!("{{\"generation\":{generation},\"status\":{status}}}");
    let mut r = body.into_response();
    set(&mut r, header::CONTENT_TYPE, "application/json");
    set(&mut r, header::CACHE_CONTROL, "no-store");
    r
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = shared.events.subscribe();
    let current = shared
        .status
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let first =
        stream::once(async move { Ok(Event::default().event("status").data(current.as_str())) });
    let rest = stream::unfold(rx, |mut rx| async move {
        match rx.recv().await {
            Ok(message) => Some((Ok(event(&message)), rx)),
            // Missed messages: the safe catch-up is a reload.
            Err(broadcast::error::RecvError::Lagged(_)) => {
                Some((Ok(event(&Message::Reload(vec!["*".into()]))), rx))
            }
            Err(broadcast::error::RecvError::Closed) => None,
        }
    });
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::default())
}

fn event(message: &Message) -> Event {
    match message {
        Message::Reload(paths) => Event::default()
            .event("reload")
            .data(serde_json::to_string(paths).unwrap_or_else(|_| "[\"*\"]".into())),
        Message::Css => Event::default().event("css").data("{}"),
        Message::Status(json) => Event::default().event("status").data(json.as_str()),
    }
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// A file of the site.
    File(String),
    /// A folder without its trailing slash: redirect to the slash.
    Redirect(String),
    /// Nothing: the site's 404 page.
    NotFound,
}

/// Maps a request path to a file of `files`. Pure, so it can be tested and fuzzed: decodes
/// `%XX`, refuses `..`, backslashes, NUL and encoded slashes, and serves `index.html` for
/// folders. Nothing outside `files` can ever be named.
pub(crate) fn lookup(files: &Files, raw_path: &str) -> Lookup {
    let path = raw_path.split(['?', '#']).next().unwrap_or("");
    let lower = path.to_ascii_lowercase();
    // `//host` would make a redirect leave the site; encoded slashes, backslashes and NUL
    // only ever serve to fool a path check.
    if !path.starts_with('/')
        || path.starts_with("//")
        || lower.contains("%2f")
        || lower.contains("%5c")
        || lower.contains("%00")
    {
        return Lookup::NotFound;
    }
    let Some(decoded) = decode(path) else {
        return Lookup::NotFound;
    };
    if decoded.contains(['\\', '\0']) || decoded.split('/').any(|s| s == ".." || s == ".") {
        return Lookup::NotFound;
    }
    let rel = decoded.trim_start_matches('/');
    if rel.contains("//") {
        return Lookup::NotFound;
    }
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return if files.contains_key(&index) {
            Lookup::File(index)
        } else {
            Lookup::NotFound
        };
    }
    if files.contains_key(rel) {
        return Lookup::File(rel.to_string());
    }
    if files.contains_key(&format!("{rel}/index.html")) {
        return Lookup::Redirect(format!("{path}/"));
    }
    Lookup::NotFound
}

fn decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = path.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The MIME type of an output path.
pub(crate) fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "mp4" => "video/mp4",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

fn set(r: &mut Response, name: header::HeaderName, value: &'static str) {
    r.headers_mut()
        .insert(name, HeaderValue::from_static(value));
}

/// The live-reload script tag, added to every HTML page served.
const SCRIPT: &[u8] = b"<script src=\"/__handbook/live.js\"></script>";

/// Adds the live-reload script before `</body>` (or at the end).
pub(crate) fn inject(html: &[u8]) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(SCRIPT);
    out.extend_from_slice(&html[at..]);
    out
}

/// Shown for every page while the handbook has never built: the overlay lists the problems.
const NO_SITE: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>handbook: errors</title></head><body><h1>The handbook has errors</h1><p>Fix them and this page reloads by itself.</p></body></html>";

async fn site(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut r = (StatusCode::METHOD_NOT_ALLOWED, "GET or HEAD only\n").into_response();
        set(&mut r, header::ALLOW, "GET, HEAD");
        return r;
    }
    let files = shared
        .files
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let path = request.uri().path();
    let (status, name, bytes) = match lookup(&files, path) {
        Lookup::File(name) => {
            let bytes = files[&name].clone();
            (StatusCode::OK, name, bytes)
        }
        Lookup::Redirect(to) => {
            let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            return r;
        }
        Lookup::NotFound => match files.get("404.html") {
            Some(page) => (StatusCode::NOT_FOUND, "404.html".to_string(), page.clone()),
            None if files.is_empty() => (
                StatusCode::SERVICE_UNAVAILABLE,
                "error.html".to_string(),
                Bytes::from_static(NO_SITE.as_bytes()),
            ),
            None => (
                StatusCode::NOT_FOUND,
                "404.txt".to_string(),
                Bytes::from_static(b"Not found\n"),
            ),
        },
    };
    let kind = content_type(&name);
    let body = if kind.starts_with("text/html") {
        Bytes::from(inject(&bytes))
    } else {
        bytes
    };
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    set(&mut r, header::CONTENT_TYPE, kind);
    set(&mut r, header::CACHE_CONTROL, "no-store");
    set(&mut r, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        [
            "index.html",
            "roles/sre/index.html",
            "assets/style.css",
            "a b/index.html",
            "404.html",
        ]
        .into_iter()
        .map(|p| (p.to_string(), Bytes::from_static(b"x")))
        .collect()
    }

    #[test]
    fn folders_serve_their_index_and_redirect_without_a_slash() {
        let f = files();
        assert_eq!(lookup(&f, "/"), Lookup::File("index.html".into()));
        assert_eq!(
            lookup(&f, "/roles/sre/"),
            Lookup::File("roles/sre/index.html".into())
        );
        assert_eq!(
            lookup(&f, "/roles/sre"),
            Lookup::Redirect("/roles/sre/".into())
        );
        assert_eq!(
            lookup(&f, "/assets/style.css?v=2"),
            Lookup::File("assets/style.css".into())
        );
        assert_eq!(lookup(&f, "/a%20b/"), Lookup::File("a b/index.html".into()));
        assert_eq!(
            lookup(&f, "/roles/"),
            Lookup::NotFound,
            "no directory listings"
        );
    }

    #[test]
    fn traversal_attempts_find_nothing() {
        let f = files();
        for bad in [
            "/../etc/passwd",
            "/roles/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/roles%2fsre/index.html",
            "/..%5c..%5cetc",
            "//etc/passwd",
            "/roles//sre/",
            "/./index.html",
            "/%00",
            "/%zz",
            "etc/passwd",
            "/C:\\Windows",
            "//evil.example/",
        ] {
            assert_eq!(lookup(&f, bad), Lookup::NotFound, "{bad}");
        }
    }

    #[test]
    fn redirects_never_leave_the_site() {
        // A page may well be called `evil.example`; `//evil.example` must not redirect to
        // `//evil.example/`, which a browser reads as another host.
        let mut f = files();
        f.insert("evil.example/index.html".into(), Bytes::from_static(b"x"));
        assert_eq!(
            lookup(&f, "/evil.example"),
            Lookup::Redirect("/evil.example/".into())
        );
        assert_eq!(lookup(&f, "//evil.example"), Lookup::NotFound);
        assert_eq!(lookup(&f, "///evil.example"), Lookup::NotFound);
    }

    #[test]
    fn the_script_goes_before_the_closing_body() {
        assert_eq!(
            String::from_utf8(inject(b"<html><body><p>x</p></body></html>")).unwrap(),
            "<html><body><p>x</p><script src=\"/__handbook/live.js\"></script></body></html>"
        );
        assert!(inject(b"no body").ends_with(SCRIPT));
    }
}
