//! The spool folder a debug command fetches into, beside its output.

use std::path::Path;

use crate::error::Result;
use crate::fsutil::{self, SpoolDir};
use crate::ui;

/// A spool folder beside `dest`; says so when leftovers of killed runs were removed first.
pub fn beside(dest: &Path) -> Result<SpoolDir> {
    let spool = fsutil::spool_dir_beside(dest)?;
    if spool.swept > 0 {
        ui::info(format!(
            "Removed {} leftover temporary file(s) of killed fleetctl runs in {}",
            spool.swept,
            fsutil::parent_dir(dest).display()
        ));
    }
    Ok(spool)
}
