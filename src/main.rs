use clap::{CommandFactory, Parser};
use journeytop::cli::{Cli, Command};
use journeytop::exit::{ExitCode, Fatal};

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "journeytop",
                &mut std::io::stdout(),
            );
            Ok(())
        }
        Command::Demo(_) => not_yet("demo", 5),
        Command::Simulate(_) => not_yet("simulate", 3),
        Command::Watch(_) => not_yet("watch", 4),
        Command::Replay(_) => not_yet("replay", 6),
    };
    if let Err(fatal) = result {
        eprintln!("journeytop: {}", fatal.message);
        std::process::exit(fatal.code.code());
    }
    std::process::exit(ExitCode::Ok.code());
}

fn not_yet(name: &str, issue: u32) -> Result<(), Fatal> {
    Err(Fatal::usage(format!(
        "`journeytop {name}` is not yet implemented (issue #{issue})"
    )))
}
