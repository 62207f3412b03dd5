//! The capture engine: one plan of captures (endpoint x item x round), run under per-endpoint
//! limits, recorded, and written as one `.tar.gz` with its manifest.
//!
//! Nothing here imports a command module: `commands::debug` parses flags into a request and
//! reports; this module plans ([`plan`]: contexts -> identities -> endpoints, name resolution
//! included), runs ([`run`]: every capture streamed through [`fetch`] into the [`spool`]),
//! records ([`record`]) and writes ([`write`]: the manifest built from the records in one
//! place, then the archive).

pub mod endpoint;
pub mod fetch;
pub mod html;
pub mod items;
pub mod plan;
pub mod progress;
pub mod record;
pub mod run;
pub mod spool;
pub mod write;
