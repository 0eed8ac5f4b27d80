//! Writing diagnostics in the chosen format, shared by every command.

use charter::workspace::stdio::{err, out};
use std::collections::BTreeMap;

use clap::Args;

use super::{ColorChoice, Format};
use charter::db::Database;
use charter::diagnostics::Diagnostic;
use charter::diagnostics::Severity;
use charter::diagnostics::render::{self, Sources};

/// The text of every file the diagnostics point into, named as the
/// command line shows them, with each file's URI relative to its workspace
/// root (so SARIF and JSON name a file the same way from whatever directory
/// charter ran in).
pub fn sources_for(db: &Database, diagnostics: &[Diagnostic]) -> Sources {
    charter::workspace::files::sources_for(db, diagnostics)
}

/// The diagnostics in `format`, as text.
pub fn rendered(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    format: Format,
    color: bool,
) -> String {
    match format {
        Format::Human => render::human(diagnostics, sources, color),
        Format::Json => render::json(diagnostics, sources),
        Format::Sarif => render::sarif(diagnostics, sources),
        Format::Github => render::github(diagnostics, sources),
        Format::Junit => render::junit(diagnostics, sources),
    }
}

/// Counts per code, most frequent first (`--statistics`).
pub fn statistics(diagnostics: &[Diagnostic], format: Format) -> String {
    let mut counts: BTreeMap<&str, (usize, &Diagnostic)> = BTreeMap::new();
    for d in diagnostics {
        counts.entry(d.rule.code).or_insert((0, d)).0 += 1;
    }
    let mut rows: Vec<(usize, &Diagnostic)> = counts.into_values().collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.rule.code.cmp(b.1.rule.code)));
    if format == Format::Json {
        let items: Vec<serde_json::Value> = rows
            .iter()
            .map(|(count, d)| {
                serde_json::json!({
                    "code": d.rule.code,
                    "name": d.rule.name,
                    "severity": d.severity.as_str(),
                    "count": count,
                })
            })
            .collect();
        let mut text =
            serde_json::to_string_pretty(&items).expect("a serde_json::Value always serialises");
        text.push('\n');
        return text;
    }
    let width = rows.first().map_or(1, |(n, _)| n.to_string().len());
    rows.iter()
        .map(|(count, d)| {
            format!(
                "{count:>width$}\t{}\t{}\t{}\n",
                d.rule.code,
                d.rule.name,
                d.severity.as_str()
            )
        })
        .collect()
}

// The options every command that reports diagnostics shares. A plain
// comment, not a doc comment: clap would make a doc comment the `about` of
// every command that flattens these, and with the subcommands' arguments
// built late (`cli::Command`) it would replace theirs.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// How to write the findings (human on stderr; the others on stdout).
    #[arg(long, visible_alias = "output-format", value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to colour human output (`auto` honours FORCE_COLOR, CLICOLOR_FORCE, NO_COLOR, TERM=dumb).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Treat warnings as errors (`--deny warnings`).
    #[arg(long, value_parser = ["warnings"])]
    pub deny: Option<String>,
    /// Exit 0 even when there are findings (errors reading input still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Print the findings only: no summary line.
    #[arg(short, long)]
    pub quiet: bool,
    /// Print how many findings each code has instead of the findings (a table, or JSON with `--format json`).
    #[arg(long)]
    pub statistics: bool,
}

impl ReportArgs {
    /// Whether a finding of this severity fails the command.
    pub fn fails(&self, severity: Severity) -> bool {
        severity == Severity::Error || (self.deny.is_some() && severity == Severity::Warning)
    }

    /// Whether these findings fail the command (never under `--exit-zero`).
    pub fn failing(&self, diagnostics: &[Diagnostic]) -> bool {
        !self.exit_zero && diagnostics.iter().any(|d| self.fails(d.severity))
    }

    /// Human output goes to stderr (it is a message); the machine formats
    /// and statistics to stdout (data).
    pub fn emit(&self, db: &Database, diagnostics: &[Diagnostic]) {
        self.emit_with(&sources_for(db, diagnostics), diagnostics, false);
    }

    /// Like [`Self::emit`], but everything to stderr: for `build`, whose
    /// stdout is the plan.
    pub fn emit_to_stderr(&self, db: &Database, diagnostics: &[Diagnostic]) {
        self.emit_with(&sources_for(db, diagnostics), diagnostics, true);
    }

    pub fn emit_with(&self, sources: &Sources, diagnostics: &[Diagnostic], stderr: bool) {
        // The documented order: by the name each file is shown under, then
        // position and code, whatever order the files were loaded in.
        let mut sorted = diagnostics.to_vec();
        sources.sort(&mut sorted);
        let diagnostics = sorted.as_slice();
        let (text, to_stdout) = if self.statistics {
            (statistics(diagnostics, self.format), true)
        } else {
            let text = rendered(diagnostics, sources, self.format, self.color.enabled());
            (text, self.format != Format::Human)
        };
        if to_stdout && !stderr {
            out!("{text}");
        } else {
            err!("{text}");
        }
    }

    /// Whether the human summary line is wanted.
    pub fn summary(&self) -> bool {
        self.format == Format::Human && !self.quiet && !self.statistics
    }
}
