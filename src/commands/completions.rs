//! `journeytop completions SHELL`: shell completions on stdout.

use crate::cli::Cli;
use crate::process::exit::Fatal;
use clap::CommandFactory;

pub fn run(shell: clap_complete::Shell) -> Result<(), Fatal> {
    clap_complete::generate(
        shell,
        &mut Cli::command(),
        "journeytop",
        &mut std::io::stdout(),
    );
    Ok(())
}
