//! The async runtime, chosen per command.
//!
//! One journey's dashboard (or headless printer, or replay) is one stream
//! feeding one loop: on a multi-thread runtime the websocket reader ran on
//! a worker and the loop on the main thread, and every input crossed
//! between them (a futex wake, an `epoll_wait` on the other side, workers
//! parking and unparking each other) — at 5,000 events/s that handoff cost
//! more than decoding the events. On one thread the reader's input is in
//! the channel when the loop next looks, with no wake-up across threads.
//!
//! The simulator serves a crowd to many clients, and an overview follows
//! many sockets: those keep the worker threads. So does `replay`: its
//! summary and headless modes fold on the main thread without yielding,
//! and it is the signal listener, on a worker, that lets SIGTERM stop them.

use crate::cli::Command;

/// Which tokio scheduler a command runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// Everything on the main thread.
    CurrentThread,
    /// A worker per core.
    MultiThread,
}

impl Flavor {
    /// Worker threads for the commands that fan out to many sockets; one
    /// thread for one journey. Several journey files (or `--journeys N`)
    /// mean an overview; one journey file holding several journeys is an
    /// overview on one thread, which is correct, only without parallelism.
    pub fn for_command(command: &Command) -> Flavor {
        match command {
            Command::Simulate(_) | Command::Replay(_) => Flavor::MultiThread,
            Command::Demo(a) if a.journeys > 1 => Flavor::MultiThread,
            Command::Watch(a) if a.journey_file.len() > 1 => Flavor::MultiThread,
            Command::Demo(_)
            | Command::Watch(_)
            | Command::Ticket(_)
            | Command::Completions { .. } => Flavor::CurrentThread,
        }
    }

    /// Builds the runtime, with I/O and timers.
    pub fn build(self) -> std::io::Result<tokio::runtime::Runtime> {
        let mut builder = match self {
            Flavor::CurrentThread => tokio::runtime::Builder::new_current_thread(),
            Flavor::MultiThread => tokio::runtime::Builder::new_multi_thread(),
        };
        builder.enable_all().build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::Parser;

    fn flavor(args: &[&str]) -> Flavor {
        let cli = Cli::try_parse_from(args).unwrap();
        Flavor::for_command(&cli.command)
    }

    #[test]
    fn one_journey_runs_on_one_thread_and_fan_out_on_workers() {
        assert_eq!(
            flavor(&["journeytop", "watch", "--journey-file", "j.json"]),
            Flavor::CurrentThread
        );
        assert_eq!(
            flavor(&["journeytop", "replay", "rec.jsonl"]),
            Flavor::MultiThread
        );
        assert_eq!(flavor(&["journeytop", "demo"]), Flavor::CurrentThread);
        assert_eq!(
            flavor(&["journeytop", "demo", "--journeys", "3"]),
            Flavor::MultiThread
        );
        assert_eq!(
            flavor(&[
                "journeytop",
                "watch",
                "--journey-file",
                "a.json",
                "--journey-file",
                "b.json"
            ]),
            Flavor::MultiThread
        );
        assert_eq!(flavor(&["journeytop", "simulate"]), Flavor::MultiThread);
    }
}
