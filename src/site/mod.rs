//! From a handbook folder to a checked, linked model: discovery, parsing, lowering, rules,
//! Markdown rendering and link checking. Templates come after, in [`crate::render`].

pub mod compile;
pub mod links;
pub mod urls;
