//! Accepting connections for the preview server, with two defences `axum::serve` lacks:
//!
//! - **DNS rebinding**: a web page on `attacker.example` whose name is made to resolve to
//!   127.0.0.1 can have the browser fetch `http://attacker.example:4000/handbook.json` and
//!   read it. Such requests carry the attacker's name in `Host`, so only requests whose
//!   `Host` is a loopback name or address, the `--host` address, or the address the
//!   connection arrived at are answered (Vite and webpack-dev-server do the same).
//! - **Idle and half-sent connections** are closed after a timeout instead of being held open
//!   for ever, one task and one socket each.

use std::convert::Infallible;
use std::net::IpAddr;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use hyper::body::Incoming;
use hyper::service::Service;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;

/// Serves `app` on `listener` until Ctrl-C. `host` is the `--host` address; a connection that
/// sends no complete request head within `idle` is closed (between requests too).
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    host: IpAddr,
    idle: Duration,
) -> anyhow::Result<()> {
    let app = TowerToHyperService::new(app);
    let mut stop = std::pin::pin!(tokio::signal::ctrl_c());
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait a moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => return Ok(()),
        };
        let arrived_at = stream.local_addr().ok().map(|a| a.ip());
        let app = app.clone();
        let service = hyper::service::service_fn(move |request: Request<Incoming>| {
            let app = app.clone();
            async move {
                let named = request
                    .headers()
                    .get(header::HOST)
                    .and_then(|h| h.to_str().ok());
                if !host_allowed(named, host, arrived_at) {
                    return Ok::<_, Infallible>(refused(named));
                }
                app.call(request).await
            }
        });
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new()).header_read_timeout(idle);
            // The error is the client's (a timeout, a reset): nothing to report.
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

/// Whether a request whose `Host` header is `named` may be answered: a loopback name
/// (`localhost`, `*.localhost`) or address, the `--host` address `host`, or the address the
/// connection `arrived_at` (with `--host 0.0.0.0`, the machine's own address on the network).
/// A request without `Host` is refused: every browser sends one.
pub(crate) fn host_allowed(named: Option<&str>, host: IpAddr, arrived_at: Option<IpAddr>) -> bool {
    let Some(named) = named else {
        return false;
    };
    let is_port = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let name = match named.strip_prefix('[') {
        // `[::1]` or `[::1]:4000`; anything else is malformed.
        Some(v6) => match v6.split_once(']') {
            Some((ip, "")) => ip,
            Some((ip, rest)) if rest.strip_prefix(':').is_some_and(is_port) => ip,
            _ => return false,
        },
        None => match named.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name,
            _ => named,
        },
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip.to_canonical().is_loopback() || ip == host || Some(ip) == arrived_at,
        Err(_) => false,
    }
}

/// The answer to a request for another host.
fn refused(named: Option<&str>) -> Response<Body> {
    let shown: String = named.unwrap_or("").chars().take(100).collect();
    let text = format!(
        "handbook serve answers only requests for localhost or its own address, not `{shown}`: \
         this keeps web pages elsewhere from reading the preview (DNS rebinding).\n"
    );
    let mut r = Response::new(Body::from(text));
    *r.status_mut() = StatusCode::FORBIDDEN;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_and_own_addresses_are_answered() {
        let loopback: IpAddr = "127.0.0.1".parse().unwrap();
        let any: IpAddr = "0.0.0.0".parse().unwrap();
        let lan: IpAddr = "192.168.1.20".parse().unwrap();
        for ok in [
            "127.0.0.1:4000",
            "127.0.0.1",
            "127.1.2.3:80",
            "localhost:4000",
            "LOCALHOST",
            "localhost.",
            "handbook.localhost:4000",
            "[::1]:4000",
            "[::ffff:127.0.0.1]:4000",
        ] {
            assert!(host_allowed(Some(ok), loopback, Some(loopback)), "{ok}");
        }
        for bad in [
            "attacker.example:4000",
            "attacker.example",
            "localhost.attacker.example",
            "127.0.0.1.attacker.example",
            "192.168.1.20:4000",
            "",
            "[::1",
            "[::1]x",
            "[::1]:80x",
        ] {
            assert!(!host_allowed(Some(bad), loopback, Some(loopback)), "{bad}");
        }
        assert!(!host_allowed(None, loopback, Some(loopback)));
        // `--host 0.0.0.0`: the address a connection came in on is the server's own.
        assert!(host_allowed(Some("192.168.1.20:4000"), any, Some(lan)));
        assert!(!host_allowed(Some("attacker.example:4000"), any, Some(lan)));
        // `--host 192.168.1.20`: that address, named.
        assert!(host_allowed(Some("192.168.1.20"), lan, Some(lan)));
    }
}
