//! `fleetctl man`: the roff manual page (clap_mangen), like `completion` prints scripts; with
//! `--dir DIR`, one page per command and subcommand (`fleetctl-debug-inspect.1`...), for packagers.

use std::path::{Path, PathBuf};

use crate::error::{Error, ExitStatus, Result};
use crate::{fsutil, ui};

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write the pages of every command and subcommand into DIR (created if missing) instead of printing fleetctl.1
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The page of `cmd` (whose display name, e.g. `fleetctl-debug`, names the page).
pub fn page(cmd: clap::Command) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut out)
        .map_err(|e| Error::general(format!("cannot render the manual page: {e}")))?;
    Ok(out)
}

/// Every page of the tree `cmd`, by file name, parents before their subcommands.
pub fn pages(cmd: clap::Command) -> Result<Vec<(String, Vec<u8>)>> {
    fn walk(cmd: clap::Command, out: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
        let name = cmd.get_display_name().unwrap_or(cmd.get_name()).to_string();
        let subcommands: Vec<clap::Command> = cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
            .cloned()
            .collect();
        out.push((format!("{name}.1"), page(cmd)?));
        for sub in subcommands {
            walk(sub, out)?;
        }
        Ok(())
    }
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    walk(cmd, &mut out)?;
    Ok(out)
}

fn write_pages(dir: &Path, cli: clap::Command) -> Result<()> {
    fsutil::create_private_dir_all(dir)?;
    let pages = pages(cli)?;
    for (name, bytes) in &pages {
        fsutil::write_atomic(&dir.join(name), bytes, true)?;
    }
    ui::info(format!(
        "wrote {} manual pages into {}",
        pages.len(),
        dir.display()
    ));
    Ok(())
}

/// The tree comes from the caller ([`crate::cli`]): a command does not import the tree it is in.
pub fn run(args: ManArgs, cli: clap::Command) -> Result<ExitStatus> {
    match &args.dir {
        Some(dir) => write_pages(dir, cli)?,
        None => ui::write_stdout(&page(cli)?)?,
    }
    Ok(ExitStatus::Success)
}
