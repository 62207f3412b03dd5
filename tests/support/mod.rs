//! The bundled Fleet-compatible server and its synthetic profiles, shared by the integration
//! tests, the benchmark and `examples/fleet_dev_server.rs`.
#![allow(dead_code)]

pub mod dev_server;
pub mod profiles;
pub mod synthetic_archive;
