//! The commands, one file each. They read the command line, build the
//! sources and outputs, and map what went wrong to an exit code.

mod completions;
mod dashboard;
mod demo;
mod fleet;
mod replay;
mod simulate;
mod ticket;
mod watch;

use crate::cli::{Cli, Command};
use crate::process::exit::Fatal;

/// Runs the chosen command to its end.
pub async fn run(cli: Cli) -> Result<(), Fatal> {
    match cli.command {
        Command::Completions { shell } => completions::run(shell),
        Command::Watch(args) => {
            let display = args.display.clone();
            watch::run(args, display).await
        }
        Command::Demo(args) => {
            let display = args.display.clone();
            demo::run(args, display).await
        }
        Command::Simulate(args) => simulate::run(args).await,
        Command::Replay(args) => {
            let display = args.display.clone();
            replay::run(args, display).await
        }
        Command::Ticket(args) => ticket::run(args).await,
    }
}

/// The exit code for each way following a journey can end.
impl From<crate::live::LiveError> for Fatal {
    fn from(e: crate::live::LiveError) -> Fatal {
        use crate::live::LiveError;
        use crate::process::exit::ExitCode;
        let code = match &e {
            LiveError::Input(_) | LiveError::Rejected(_) => ExitCode::Usage,
            LiveError::Refused(_) => ExitCode::AuthRefused,
            LiveError::NotFound(_) => ExitCode::NotFound,
            LiveError::GaveUp(_) => ExitCode::ConnectionFailed,
        };
        Fatal::new(code, e.to_string())
    }
}
