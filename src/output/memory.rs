//! Sinks that keep files off the disk: [`Memory`] for `serve` and tests, [`Discard`] for
//! `check`.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Mutex;

use anyhow::Context;

use super::sink::{Sink, open_source, safe_relative};
use crate::confined::Inside;

/// Files kept in memory, for `serve` and tests.
#[derive(Default)]
pub(crate) struct Memory {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Memory {
    /// An empty store.
    pub(crate) fn new() -> Self {
        Memory::default()
    }

    /// Takes the files out.
    pub(crate) fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    fn put(&self, path: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        safe_relative(path)?;
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), bytes);
        Ok(())
    }

    fn copy(&self, path: &str, from: Inside<'_>) -> anyhow::Result<()> {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut open_source(from)?, &mut bytes)
            .with_context(|| format!("cannot read {}", from.rel))?;
        self.put(path, bytes)
    }
}

/// Throws files away, after checking what a real sink would check: `check` renders into it
/// to find what only rendering can (a template override failing on some page).
pub(crate) struct Discard;

impl Sink for Discard {
    fn put(&self, path: &str, _bytes: Vec<u8>) -> anyhow::Result<()> {
        safe_relative(path).map(drop)
    }

    fn put_with(
        &self,
        path: &str,
        _size: usize,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        safe_relative(path)?;
        Ok(fill(&mut std::io::sink())?)
    }

    fn copy(&self, path: &str, from: Inside<'_>) -> anyhow::Result<()> {
        safe_relative(path)?;
        open_source(from).map(drop)
    }
}
