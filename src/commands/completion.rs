use clap_complete::Shell;

use crate::error::{ExitStatus, Result};

#[derive(Debug, clap::Args)]
pub struct CompletionArgs {
    /// Shell to generate the completion script for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The completion script for `shell` of the command tree `cli`, as committed under
/// `completions/`.
pub fn script(shell: Shell, mut cli: clap::Command) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cli, "fleetctl", &mut out);
    out
}

/// The tree comes from the caller ([`crate::cli`]): a command does not import the tree it is in.
pub fn run(args: CompletionArgs, cli: clap::Command) -> Result<ExitStatus> {
    crate::ui::write_stdout(&script(args.shell, cli))?;
    Ok(ExitStatus::Success)
}
