//! Writing diagnostics in the chosen format, shared by every command.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{ColorChoice, Format};
use crate::db::Database;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Severity;
use crate::diagnostics::render::{self, Sources, path_bytes, path_text, uri};

/// The text of every file the diagnostics point into, and each file's URI
/// relative to its workspace root (so SARIF and JSON name a file the same
/// way from whatever directory charter ran in).
pub fn sources_for(db: &Database, diagnostics: &[Diagnostic]) -> Sources {
    let paths = diagnostics.iter().flat_map(|d| {
        std::iter::once(d.path.as_str()).chain(d.labels.iter().map(|l| l.path.as_str()))
    });
    let mut sources = Sources::new();
    for (path, text) in db.texts_of(paths) {
        sources.insert(path, text);
    }
    let mut uris = BTreeMap::new();
    for d in diagnostics {
        for path in std::iter::once(&d.path).chain(d.labels.iter().map(|l| &l.path)) {
            if !uris.contains_key(path)
                && let Some(relative) = root_relative_uri(path)
            {
                uris.insert(path.clone(), relative);
            }
        }
    }
    for (path, relative) in uris {
        sources.set_uri(path, relative);
    }
    sources
}

/// The URI of a diagnostic's file relative to the workspace root the file
/// lies in; `None` for a path that is no file on disk (the bundled library,
/// stdin), which keeps its own name.
fn root_relative_uri(display: &str) -> Option<String> {
    let path = path_from_text(display);
    let real = path.canonicalize().ok()?;
    if !real.is_file() {
        return None;
    }
    let root = crate::db::workspace_root(&real);
    let relative = real.strip_prefix(&root).ok()?;
    Some(uri(&path_text(&os_bytes(relative))))
}

/// The file a diagnostic path names (the inverse of `path_text`).
fn path_from_text(text: &str) -> PathBuf {
    let bytes = path_bytes(text);
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(std::ffi::OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// A path's bytes with `/` separators.
pub fn os_bytes(path: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().replace('\\', "/").into_bytes()
    }
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

/// The options every command that reports diagnostics shares.
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
        let (text, to_stdout) = if self.statistics {
            (statistics(diagnostics, self.format), true)
        } else {
            let text = rendered(diagnostics, sources, self.format, self.color.enabled());
            (text, self.format != Format::Human)
        };
        if to_stdout && !stderr {
            print!("{text}");
        } else {
            eprint!("{text}");
        }
    }

    /// Whether the human summary line is wanted.
    pub fn summary(&self) -> bool {
        self.format == Format::Human && !self.quiet && !self.statistics
    }
}
