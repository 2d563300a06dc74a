//! `journeytop completions SHELL`: shell completions on stdout.

use crate::cli::Cli;
use crate::process::exit::Fatal;
use clap::CommandFactory;
use std::io::Write;

pub(super) fn run(shell: clap_complete::Shell) -> Result<(), Fatal> {
    // Generated into memory first: the generator panics on a failed write,
    // and a reader that stops early (`| head`) is not an error.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "journeytop", &mut script);
    std::io::stdout()
        .lock()
        .write_all(&script)
        .map_err(|e| crate::process::exit::stdout_failed(&e))
}
