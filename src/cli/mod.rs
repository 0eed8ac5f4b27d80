//! The command line: clap definitions and dispatch. Each command is a module;
//! every one drives the same salsa database the language server uses.

mod atomic;
mod build;
mod check;
mod explain;
mod files;
mod fmt;
mod graph;
mod init;
mod output;
mod spec_input;
mod stdio;

use self::stdio::out;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit codes, as documented in the README: 0 clean, 1 findings at error
/// level, 2 a usage or I/O error.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "charter",
    version,
    about = "Compiler and linter for Charter specs: engineering specifications that AI coding agents execute",
    long_about = None,
    after_help = "Exit status: 0 no error-level findings, 1 findings at error level, 2 usage or I/O error.\nDocumentation: README.md, grammar/charter.ebnf, `charter explain CODE`."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check specs for syntax errors, type errors and lint findings.
    Check(check::CheckArgs),
    /// Compile a spec to its JSON task plan (refused while errors stand).
    Build(build::BuildArgs),
    /// Draw a spec's task graph: agents, `after` edges, stages, contracts, conflicts.
    Graph(graph::GraphArgs),
    /// Start a new spec from a standard template, with placeholders to fill in.
    Init(init::InitArgs),
    /// Print a JSON Schema: `charter schema plan`.
    Schema(SchemaArgs),
    /// Print the documentation page of a diagnostic code or name (`E001`, `unresolved-name`).
    Explain(explain::ExplainArgs),
    /// Rewrite specs in the canonical layout (`--check` only reports).
    Fmt(fmt::FmtArgs),
}

#[derive(clap::Args, Debug)]
struct SchemaArgs {
    /// Which schema.
    #[arg(value_enum)]
    name: SchemaName,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum SchemaName {
    /// The compiled plan (`charter.plan/v1`), JSON Schema draft 2020-12.
    Plan,
}

/// How diagnostics are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people, with the source around each finding (on stderr).
    Human,
    /// `{"diagnostics": [...]}` on stdout.
    Json,
    /// SARIF 2.1.0 on stdout, for GitHub code scanning and other viewers.
    Sarif,
    /// GitHub Actions workflow annotations on stdout.
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stderr().is_terminal()
            }
        }
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_OK
            };
            // Printing help or a usage error to a closed pipe is not worth a panic.
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Build(args) => build::run(args),
        Command::Graph(args) => graph::run(args),
        Command::Init(args) => init::run(args),
        Command::Schema(args) => {
            match args.name {
                SchemaName::Plan => out!("{}", crate::plan::PLAN_SCHEMA),
            }
            EXIT_OK
        }
        Command::Explain(args) => explain::run(args),
        Command::Fmt(args) => fmt::run(args),
    };
    ExitCode::from(code)
}
