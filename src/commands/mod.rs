//! One module per command group; each holds its clap arguments beside its handler.

pub mod api;
pub mod completion;
pub mod config;
pub mod connection;
pub mod debug;
pub mod health;
pub mod import;
pub mod inspect;
pub mod man;
pub mod session;
pub mod targeting;

pub use crate::settings::{SelectedContext, fail_if_only_unusable, selected_contexts};
