use clap::{CommandFactory, Parser};
use journeytop::cli::{Cli, Command};
use journeytop::exit::ExitCode;

fn main() {
    let cli = Cli::parse();
    let _log = journeytop::logging::init(cli.global.log_file.clone());
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("journeytop: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    };
    let global = cli.global.clone();
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Completions { shell } => {
                clap_complete::generate(
                    shell,
                    &mut Cli::command(),
                    "journeytop",
                    &mut std::io::stdout(),
                );
                Ok(())
            }
            Command::Watch(args) => journeytop::watch::run(args, global).await,
            Command::Demo(args) => journeytop::demo::run(args, global).await,
            Command::Simulate(args) => journeytop::simulate::run(args).await,
            Command::Replay(args) => journeytop::replay::run(args, global).await,
        }
    });
    // Background tasks (sockets, pollers) must not keep the process alive.
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    if let Err(fatal) = result {
        if !fatal.message.is_empty() {
            eprintln!("journeytop: {}", fatal.message);
        }
        std::process::exit(fatal.code.code());
    }
    std::process::exit(ExitCode::Ok.code());
}
