//! `handbook serve`: live preview.

use std::net::IpAddr;

use clap::Args;

use super::common::{Global, SourceArg, Status, err};
use crate::serve::{self, Log, ServeOptions};

/// Arguments of `handbook serve`.
#[derive(Args, Debug)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(super) source: SourceArg,
    /// Address to listen on. Anything but loopback exposes the preview to the network.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port to listen on; 0 picks a free one (the URL is printed).
    #[arg(short, long, default_value_t = 4000)]
    port: u16,
    /// Open the preview in the default browser.
    #[arg(long)]
    open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Seconds a connection may take to send a request, or stay idle, before it is closed.
    #[arg(long, value_name = "SECONDS", default_value_t = 10, hide = true)]
    idle_timeout: u64,
}

pub(super) fn run(args: &ServeArgs, g: Global) -> anyhow::Result<Status> {
    if !args.host.is_loopback() && !g.quiet {
        err(&format!(
            "warning: listening on {}: anyone who can reach this machine can read the handbook\n",
            args.host
        ));
    }
    let options = ServeOptions {
        root: args.source.path(),
        host: args.host,
        port: args.port,
        drafts: args.drafts,
        idle: std::time::Duration::from_secs(args.idle_timeout.max(1)),
    };
    let open = args.open;
    let quiet = g.quiet;
    let verbose = g.verbose;
    let result = serve::run(options, move |event| match event {
        Log::Listening(url) => {
            // Tests and scripts read this line to find the port.
            err(&format!("Serving the handbook at {url} (Ctrl-C to stop)\n"));
            if open && serve::open_browser(&url).is_err() {
                err("warning: could not open a browser\n");
            }
        }
        Log::Rebuilt {
            how,
            took,
            changed,
            stages,
        } => {
            if !quiet {
                let mut line = format!(
                    "Rebuilt ({how}) in {} ms, {changed} file{} changed\n",
                    took.as_millis(),
                    if changed == 1 { "" } else { "s" }
                );
                if verbose && how != "page" {
                    for (stage, t) in stages {
                        line.push_str(&format!("  {stage}: {} ms\n", t.as_millis()));
                    }
                }
                err(&line);
            }
        }
        Log::Problems(text) => err(&text),
        Log::Fixed => {
            if !quiet {
                err("handbook: no problems; serving the new version\n");
            }
        }
        Log::Error(e) => err(&format!("error: {e}\n")),
    });
    match result {
        Ok(()) => Ok(Status::Success),
        Err(e) => {
            err(&format!("error: {e:#}\n"));
            Ok(Status::Error)
        }
    }
}
