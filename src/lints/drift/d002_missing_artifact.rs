//! D002 missing-artifact: a contract `schema` or the audit log's folder does not exist.

use super::RepoFiles;
use crate::diagnostics::Diagnostic;
use crate::semantic::model::Spec;

crate::lint_rule!(
    "D002",
    "missing-artifact",
    Warning,
    "with `check --root DIR`: a contract `schema` or the `audit` log's folder does not exist",
    r#"## What it does
With `charter check --root DIR`, checks that every contract's `schema` file exists under
`DIR`, and that the folder the `audit` log is written to exists.

## Why it matters
A contract is what two agents agree on; when its schema file is missing, neither side can
check its work against it, and the agents will assume different interfaces. An audit log
whose folder does not exist is either written nowhere or fails the run at its first entry.

## Example
In a repository without `schemas/`:

```charter
spec events {
    intent {
        outcome "Orders flow from the API to billing"
        success delivered "Every order reaches billing" by test.e2e
    }
    verify { test e2e "cargo test --test e2e" }
    contract order_event {
        from   api
        to     billing
        schema "schemas/order.json"
    }
    agent api { write "src/api/**"; task emit { goal "Publish order events"; verify test.e2e } }
    agent billing { write "src/billing/**"; task consume { goal "Bill each order event"; after api.emit; verify test.e2e } }
    governance { audit "audit/events.jsonl" }
}
```

## Fixed example
```charter
spec events {
    intent {
        outcome "Orders flow from the API to billing"
        success delivered "Every order reaches billing" by test.e2e
    }
    verify { test e2e "cargo test --test e2e" }
    contract order_event {
        from   api
        to     billing
        schema "src/api/order.schema.json"
    }
    agent api { write "src/api/**"; task emit { goal "Publish order events"; verify test.e2e } }
    agent billing { write "src/billing/**"; task consume { goal "Bill each order event"; after api.emit; verify test.e2e } }
    governance { audit "src/audit.jsonl" }
}
```
"#
);

pub fn check(spec: &Spec, files: &RepoFiles, out: &mut Vec<Diagnostic>) {
    let root = files.root();
    for contract in &spec.contracts {
        let Some(schema) = &contract.schema else {
            continue;
        };
        // A URL is not a repository artefact.
        if schema.value.contains("://") || super::is_bundled(&schema.loc.path) {
            continue;
        }
        if !root.join(&schema.value).exists() {
            out.push(
                Diagnostic::new(
                    &RULE,
                    &schema.loc.path,
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
        && !super::is_bundled(&audit.loc.path)
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
                    &audit.loc.path,
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
