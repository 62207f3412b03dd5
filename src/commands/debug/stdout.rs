//! Binary data on stdout: only when it is not a terminal.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::ui;

/// `-o -`: the output goes to stdout.
pub fn is_stdout(outfile: &Option<PathBuf>) -> bool {
    outfile.as_deref() == Some(Path::new("-"))
}

/// Binary data goes to stdout only when stdout is not a terminal.
pub fn refuse_binary_on_terminal(what: &str) -> Result<()> {
    if ui::stdout_is_tty() {
        return Err(Error::usage(format!(
            "not writing {what} to a terminal: it is binary data"
        ))
        .with_hint("redirect or pipe stdout (`-o - > FILE`, `-o - | ...`), or give a file name with -o PATH"));
    }
    Ok(())
}

/// Copy a finished file to stdout.
pub fn stream_to_stdout(path: &Path) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|e| Error::io("read", path, e))?;
    ui::copy_to_stdout(file)
}
