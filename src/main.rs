use journeytop::cli::Cli;
use journeytop::process::exit::ExitCode;

fn main() {
    let cli = Cli::parse_checked();
    let log = cli.command.log();
    let _log = match log.map_or(Ok(None), |(command, path)| {
        journeytop::process::logging::init(command, path)
    }) {
        Ok(guard) => guard,
        Err(message) => {
            eprintln!("journeytop: {message}");
            std::process::exit(ExitCode::Usage.code());
        }
    };
    let flavor = journeytop::process::runtime::Flavor::for_command(&cli.command);
    let runtime = match flavor.build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("journeytop: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    };
    let result = runtime.block_on(async move {
        journeytop::process::signals::install();
        journeytop::commands::run(cli).await
    });
    // Background tasks (sockets, pollers) must not keep the process alive.
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    // Every mode stops on the one listener's signal; the shell learns which
    // one from the exit status (128 + its number), whatever else happened.
    let signal = journeytop::process::signals::received();
    if let Err(fatal) = result {
        if !fatal.message.is_empty() {
            // Sources sanitize what they quote; this is the last line of
            // defence before the terminal.
            let message = journeytop_protocol::text::for_stderr(&fatal.message);
            eprintln!("journeytop: {message}");
        }
        std::process::exit(signal.map_or(fatal.code.code(), |s| s.exit_code()));
    }
    std::process::exit(signal.map_or(ExitCode::Ok.code(), |s| s.exit_code()));
}
