//! D002 missing-artifact: a contract `schema` or the audit log's folder does not exist.

use super::RepoFiles;
use crate::diagnostics::Diagnostic;
use crate::semantic::model::Spec;
use crate::text::FileId;

pub use crate::diagnostics::rules::MISSING_ARTIFACT as RULE;

pub fn check(
    spec: &Spec,
    files: &RepoFiles,
    bundled: &dyn Fn(FileId) -> bool,
    out: &mut Vec<Diagnostic>,
) {
    let root = files.root();
    for contract in &spec.contracts {
        let Some(schema) = &contract.schema else {
            continue;
        };
        // A URL is not a repository artefact.
        if schema.value.contains("://") || bundled(schema.loc.file) {
            continue;
        }
        if !root.join(&schema.value).exists() {
            out.push(
                Diagnostic::new(
                    &RULE,
                    schema.loc.file,
                    schema.loc.span,
                    format!(
                        "the schema `{}` of contract `{}` does not exist",
                        schema.value, contract.name
                    ),
                )
                .with_primary_label("no such file under the root")
                .with_help("add the schema file, or point `schema` at where it lives"),
            );
        }
    }
    if let Some(audit) = &spec.governance.audit
        && !bundled(audit.loc.file)
    {
        let folder = std::path::Path::new(&audit.value)
            .parent()
            .filter(|p| !p.as_os_str().is_empty());
        if let Some(folder) = folder
            && !root.join(folder).is_dir()
        {
            let folder = folder.to_string_lossy();
            out.push(
                Diagnostic::new(
                    &RULE,
                    audit.loc.file,
                    audit.loc.span,
                    format!("the audit log's folder `{folder}` does not exist"),
                )
                .with_primary_label(format!(
                    "`{}` would be written into a missing folder",
                    audit.value
                ))
                .with_help(format!(
                    "create `{folder}/` (with a `.gitkeep`), or log to a folder that exists"
                )),
            );
        }
    }
}
