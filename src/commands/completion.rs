use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::{Result, exit};

#[derive(Debug, clap::Args)]
pub struct CompletionArgs {
    /// Shell to generate the completion script for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The completion script for `shell`, as committed under `completions/`.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "fleetctl", &mut out);
    out
}

pub fn run(args: CompletionArgs) -> Result<u8> {
    crate::ui::write_stdout(&script(args.shell))?;
    Ok(exit::OK)
}
