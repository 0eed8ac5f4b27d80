//! The command line: clap definitions and dispatch. Each command is a module;
//! every one drives the same salsa database the language server uses.

mod atomic;
mod build;
mod check;
mod explain;
mod export;
mod fix;
mod fmt;
mod graph;
mod guard;
mod init;
mod output;
mod run;

use charter::workspace::stdio::out;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit codes, as documented in the README: 0 clean, 1 findings at error
/// level, 2 a usage or I/O error.
pub use charter::workspace::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

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

/// Each subcommand's arguments are built only when that subcommand runs
/// (or help or completions ask for them): a `check` does not build the
/// others' (docs/performance.md, step 82).
#[derive(Subcommand, Debug)]
#[command(defer = true)]
enum Command {
    /// Check specs for syntax errors, type errors and lint findings.
    Check(check::CheckArgs),
    /// Compile a spec to its JSON task plan (refused while errors stand).
    Build(build::BuildArgs),
    /// Draw a spec's task graph: agents, `after` edges, stages, contracts, conflicts.
    Graph(graph::GraphArgs),
    /// Start a new spec from a standard template, with placeholders to fill in.
    Init(init::InitArgs),
    /// Print a JSON Schema: `charter schema plan`, `charter schema diagnostics`.
    Schema(SchemaArgs),
    /// Print the documentation page of a diagnostic code or name (`E001`, `unresolved-name`).
    Explain(explain::ExplainArgs),
    /// Rewrite specs in the canonical layout (`--check` only reports).
    Fmt(fmt::FmtArgs),
    /// Export a plan to an engine: a GitHub Actions workflow or an Argo Workflow.
    Export(export::ExportArgs),
    /// Run a plan: a worktree per task, the agent, scope, commit, checks, approvals, integration.
    Run(run::RunArgs),
    /// Answer a run's approval gate: `charter approve RUN TASK --by WHO` (or `--deny`).
    Approve(run::ApproveArgs),
    #[command(flatten)]
    WithSubcommands(WithSubcommands),
    /// Check a change (git diff since a base, the index, or paths on stdin) against a task's write scope.
    Guard(guard::GuardArgs),
    /// Print a shell completion script (`charter completions bash > ~/.local/share/bash-completion/completions/charter`).
    Completions(CompletionsArgs),
    /// Run the language server on stdin/stdout (for editors).
    Lsp,
    /// Serve the Model Context Protocol on stdio, for coding agents (`check`, `explain`, `format`, `build`, `graph`, `init`).
    Mcp,
}

/// The commands that have subcommands of their own, built with the others:
/// the tree `charter help` copies for completions is taken before late
/// arguments are built, so a late command's subcommands would be missing
/// from it.
#[derive(Subcommand, Debug)]
enum WithSubcommands {
    /// Audit logs: `charter audit verify LOG`.
    Audit(run::AuditArgs),
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
    /// The output of `--format json` (version 1), JSON Schema draft 2020-12.
    Diagnostics,
}

/// The JSON Schema of `--format json`.
pub const DIAGNOSTICS_SCHEMA: &str = include_str!("../../schema/diagnostics.schema.json");

#[derive(clap::Args, Debug)]
struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
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
    /// JUnit XML on stdout, for CI test-report viewers.
    Junit,
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
            ColorChoice::Auto => auto_color(
                |name| std::env::var_os(name),
                std::io::stderr().is_terminal(),
            ),
        }
    }
}

/// `--color auto`, as the conventions most terminal tools follow
/// (force-color.org, no-color.org, bixense.com/clicolors): `FORCE_COLOR` or
/// `CLICOLOR_FORCE` set to anything but `0` turns colour on even in a pipe
/// (CI logs render it); else `NO_COLOR` set to anything turns it off; else
/// `TERM=dumb` turns it off; else colour when stderr is a terminal. An empty
/// variable counts as unset.
pub fn auto_color(var: impl Fn(&str) -> Option<std::ffi::OsString>, terminal: bool) -> bool {
    let set = |name: &str| var(name).filter(|v| !v.is_empty());
    let forced = ["FORCE_COLOR", "CLICOLOR_FORCE"]
        .iter()
        .any(|name| set(name).is_some_and(|v| v != "0"));
    if forced {
        return true;
    }
    if set("NO_COLOR").is_some() || set("TERM").is_some_and(|v| v == "dumb") {
        return false;
    }
    terminal
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
                SchemaName::Plan => out!("{}", charter::plan::PLAN_SCHEMA),
                SchemaName::Diagnostics => out!("{DIAGNOSTICS_SCHEMA}"),
            }
            EXIT_OK
        }
        Command::Explain(args) => explain::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Export(args) => export::run(args),
        Command::Run(args) => run::run(args),
        Command::Approve(args) => run::approve(args),
        Command::WithSubcommands(WithSubcommands::Audit(args)) => run::audit(args),
        Command::Guard(args) => guard::run(args),
        Command::Completions(args) => {
            use clap::CommandFactory;
            let mut command = Cli::command();
            clap_complete::generate(args.shell, &mut command, "charter", &mut std::io::stdout());
            EXIT_OK
        }
        Command::Lsp => charter::lsp::run(charter::workspace::files::discover),
        Command::Mcp => charter::mcp::run(),
    };
    ExitCode::from(code)
}

#[cfg(test)]
mod tests {
    use super::auto_color;
    use std::ffi::OsString;

    fn with(vars: &[(&str, &str)], terminal: bool) -> bool {
        let vars: Vec<(String, OsString)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        auto_color(
            |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
            terminal,
        )
    }

    #[test]
    fn colour_follows_the_environment_conventions() {
        assert!(with(&[], true));
        assert!(!with(&[], false));
        assert!(with(&[("FORCE_COLOR", "1")], false));
        assert!(with(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], false));
        assert!(!with(&[("FORCE_COLOR", "0")], false));
        assert!(!with(&[("NO_COLOR", "1")], true));
        assert!(with(&[("NO_COLOR", "")], true));
        assert!(!with(&[("TERM", "dumb")], true));
        assert!(with(&[("TERM", "xterm")], true));
    }
}
