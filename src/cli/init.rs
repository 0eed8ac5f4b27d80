//! `charter init [--template NAME] [FILE]`: a new spec whose every required
//! section is present, holding `"<…>"` placeholders that `charter check`
//! points at (U010), so a fresh file guides its author to what is missing.

use super::stdio::errln;
use std::path::PathBuf;

use clap::Args;

use super::{EXIT_OK, EXIT_USAGE};
use crate::db::{Database, parse};
use crate::semantic::stdlib;
use crate::syntax::ValueKind;

#[derive(Args, Debug)]
pub struct InitArgs {
    /// A template of the standard library (`refactor`, `migration`, …).
    #[arg(long)]
    template: Option<String>,
    /// The file to create (refused if it exists).
    #[arg(default_value = "spec.charter")]
    file: PathBuf,
}

pub fn run(args: InitArgs) -> u8 {
    if args.file.exists() {
        errln!(
            "error: `{}` already exists; charter init never overwrites a file",
            args.file.display()
        );
        return EXIT_USAGE;
    }
    let requires = match &args.template {
        None => Vec::new(),
        Some(name) => match template_requires(name) {
            Some(requires) => requires,
            None => {
                let names: Vec<&str> = stdlib::MODULES.iter().map(|(n, _)| *n).collect();
                errln!(
                    "error: no template `{name}` in the standard library; choose one of {}",
                    names.join(", ")
                );
                return EXIT_USAGE;
            }
        },
    };
    let stem = args
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = skeleton(&identifier(&stem), args.template.as_deref(), &requires);
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&args.file)
    {
        Ok(mut f) => {
            use std::io::Write;
            if let Err(e) = f.write_all(text.as_bytes()) {
                errln!("error: cannot write `{}`: {e}", args.file.display());
                return EXIT_USAGE;
            }
            errln!(
                "created {}: fill in every \"<…>\" (charter check lists them)",
                args.file.display()
            );
            EXIT_OK
        }
        Err(e) => {
            errln!("error: cannot create `{}`: {e}", args.file.display());
            EXIT_USAGE
        }
    }
}

/// The `require` paths of a template and of the templates it extends,
/// read through the same database queries `check` uses.
fn template_requires(name: &str) -> Option<Vec<String>> {
    let db = Database::new();
    let file = db.std_file(name)?;
    let template = parse(&db, file)
        .tree
        .statements
        .iter()
        .find(|s| s.head.text == "template")?;
    let mut requires: Vec<String> = template
        .children()
        .iter()
        .filter(|s| s.head.text == "require")
        .filter_map(|s| match &s.args.first()?.values.first()?.kind {
            ValueKind::Path(p) => Some(p.to_text()),
            _ => None,
        })
        .collect();
    if let Some(parent) = template
        .modifier("extends")
        .and_then(|m| m.args.first())
        .and_then(|a| a.values.first())
        && let ValueKind::Path(p) = &parent.kind
    {
        requires.extend(template_requires(&p.to_text()).unwrap_or_default());
    }
    Some(requires)
}

/// A spec name from a file name: `orm-move.charter` → `orm_move`.
fn identifier(stem: &str) -> String {
    let mut name: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "spec_");
    }
    name
}

fn skeleton(name: &str, template: Option<&str>, requires: &[String]) -> String {
    let needs = |section: &str| requires.iter().any(|r| r == section);
    let two_agents = needs("contract");
    let mut out = String::new();
    if let Some(t) = template {
        out.push_str(&format!("use std::{t}\n\n/// <one sentence: what this work achieves and why>\nspec {name} extends {t} {{\n"));
    } else {
        out.push_str(&format!(
            "/// <one sentence: what this work achieves and why>\nspec {name} {{\n"
        ));
    }
    out.push_str("    title   \"<a one-line title>\"\n    version \"0.1.0\"\n    owner   \"<@team that owns this spec>\"\n\n");
    out.push_str(
        "    intent {\n        outcome \"<the observable result this work must produce>\"\n",
    );
    out.push_str("        success main \"<a result anyone can observe when the work is done>\" by test.main\n    }\n\n");
    out.push_str("    boundaries {\n        write \"<glob of the paths this work may change>\"\n");
    if needs("boundaries.require") {
        out.push_str("        require dep \"<dependency to upgrade>\" \"*\"\n");
    }
    out.push_str("    }\n\n    verify {\n        test main \"<command that proves the success criterion, exit 0 on success>\"\n");
    if needs("verify.check") {
        out.push_str("        check docs \"<command that fails when the documents are wrong>\"\n");
    }
    if needs("verify.coverage") {
        out.push_str(
            "        coverage lines >= 80% from \"<command that prints an lcov report>\"\n",
        );
    }
    if needs("verify.scan") {
        out.push_str(
            "        scan advisories \"<command that lists known vulnerabilities>\" max medium\n",
        );
    }
    out.push_str("    }\n\n");
    if two_agents {
        out.push_str("    contract interface {\n        from   provider\n        to     consumer\n        schema \"<path of the agreed interface file>\"\n    }\n\n");
        out.push_str("    agent provider {\n        role \"<what this agent builds>\"\n        task build {\n            goal   \"<what exists when this task is done>\"\n            verify test.main\n        }\n    }\n\n");
        out.push_str("    agent consumer {\n        role \"<what this agent builds on the interface>\"\n        task adopt {\n            after  provider.build\n            goal   \"<what exists when this task is done>\"\n            verify test.main\n        }\n    }\n\n");
    } else {
        out.push_str("    agent worker {\n        role \"<what this agent does>\"\n        task main {\n            goal   \"<what exists when this task is done>\"\n            verify test.main\n        }\n    }\n\n");
    }
    out.push_str(
        "    governance {\n        audit \"<path of the audit log, e.g. audit/this-spec.jsonl>\"\n",
    );
    if needs("governance.rollback") || template.is_none() {
        out.push_str(
            "        rollback \"<command that undoes a change, {commit} is filled in>\"\n",
        );
    }
    if needs("governance.approve") {
        out.push_str("        approve \"<@team that approves>\" when touches \"<glob of the paths this work may change>\"\n");
    }
    out.push_str("    }\n}\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_become_identifiers() {
        assert_eq!(super::identifier("orm-move"), "orm_move");
        assert_eq!(super::identifier("2024 plan"), "spec_2024_plan");
    }
}
