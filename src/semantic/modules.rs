//! A file as a module: its imports, resolved to files, and the templates
//! and specs it defines.

use super::parse;
use super::suggest::did_you_mean;
use crate::db::{Db, FilePath, FileStatus, SourceFile, normalise, stdlib};
use crate::diagnostics::{Diagnostic, Label, rules};
use crate::syntax::{PathSeparator, Span, Statement, ValueKind};
use crate::text::FileId;

/// What a `use` names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ImportTarget {
    Std(String),
    Path(String),
}

/// Why an import did not resolve.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ImportError {
    /// No such module or file (E001).
    NotFound(String),
    /// The path leaves the workspace root, or is absolute (E006).
    Escapes(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Import {
    /// `std::refactor` or the path string as written.
    pub name: String,
    pub alias: Option<String>,
    /// The imported file, when it resolved.
    pub file: Option<SourceFile>,
    /// The span of the `use` statement.
    pub span: Span,
}

/// A named item: its name, the index of its statement among the file's
/// top-level statements, and the name's span.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Item {
    pub name: String,
    pub index: usize,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Module {
    pub imports: Vec<Import>,
    pub templates: Vec<Item>,
    pub specs: Vec<Item>,
    /// Template name → position in `templates`, so a lookup along a long
    /// `extends` chain is not a scan of every template.
    pub template_index: std::collections::BTreeMap<String, usize>,
    /// The same for specs, to find a name defined twice without a scan.
    pub spec_index: std::collections::BTreeMap<String, usize>,
    /// E001 for imports that do not resolve, E006 for escapes, E002 for
    /// items defined twice.
    pub diagnostics: Vec<Diagnostic>,
}

impl Module {
    pub fn template(&self, name: &str) -> Option<&Item> {
        self.template_index
            .get(name)
            .and_then(|&i| self.templates.get(i))
    }
}

#[salsa::tracked(returns(ref))]
pub fn module(db: &dyn Db, file: SourceFile) -> Module {
    let path = file.id(db);
    let tree = &parse(db, file).tree;
    let mut module = Module::default();
    for (index, statement) in tree.statements.iter().enumerate() {
        match statement.head.text.as_str() {
            "use" => {
                if let Some(import) = import(db, file, path, statement, &mut module.diagnostics) {
                    module.imports.push(import);
                }
            }
            kind @ ("template" | "spec") => {
                let Some((name, span)) = first_word(statement) else {
                    continue;
                };
                let (items, index_of) = if kind == "template" {
                    (&mut module.templates, &mut module.template_index)
                } else {
                    (&mut module.specs, &mut module.spec_index)
                };
                if let Some(first) = index_of.get(&name).map(|&i| &items[i]) {
                    module.diagnostics.push(
                        Diagnostic::new(
                            &rules::DUPLICATE_DEFINITION,
                            path,
                            span,
                            format!("{kind} `{name}` is defined twice"),
                        )
                        .with_primary_label("defined again here")
                        .with_label(Label::new(
                            path,
                            first.span,
                            "first defined here",
                        )),
                    );
                    continue;
                }
                index_of.insert(name.clone(), items.len());
                items.push(Item { name, index, span });
            }
            _ => {}
        }
    }
    module
}

fn first_word(statement: &Statement) -> Option<(String, Span)> {
    let value = statement.args.first()?.values.first()?;
    match &value.kind {
        ValueKind::Path(p) => p.as_word().map(|w| (w.to_owned(), value.span)),
        _ => None,
    }
}

fn import(
    db: &dyn Db,
    file: SourceFile,
    path: FileId,
    statement: &Statement,
    out: &mut Vec<Diagnostic>,
) -> Option<Import> {
    let value = statement.args.first()?.values.first()?;
    let target = match &value.kind {
        ValueKind::Str(s) => ImportTarget::Path(s.clone()),
        ValueKind::Path(p)
            if p.segments.len() == 2 && p.separators[..] == [PathSeparator::Module] =>
        {
            if p.segments[0].text != "std" {
                out.push(
                    Diagnostic::new(
                        &rules::UNRESOLVED_NAME,
                        path,
                        p.segments[0].span,
                        format!("unknown library `{}`", p.segments[0].text),
                    )
                    .with_help(
                        "modules are `std::NAME`, or a file: `use \"path/to/file.charter\"`",
                    ),
                );
                return None;
            }
            ImportTarget::Std(p.segments[1].text.as_str().to_owned())
        }
        _ => return None, // the type checker reports the shape
    };
    let alias = import_alias(statement);
    let name = match &target {
        ImportTarget::Std(n) => format!("std::{n}"),
        ImportTarget::Path(p) => p.clone(),
    };
    let file = match resolve(db, file, &target) {
        Ok(f) => Some(f),
        Err(ImportError::NotFound(message)) => {
            let mut d = Diagnostic::new(&rules::UNRESOLVED_NAME, path, value.span, message)
                .with_primary_label("imported here");
            if let ImportTarget::Std(n) = &target {
                let names = stdlib::MODULES.iter().map(|(n, _)| *n);
                let suggestion = did_you_mean(n, names);
                d.message.push_str(&suggestion);
                d.help = Some(format!(
                    "the standard modules are {}",
                    stdlib::MODULES
                        .iter()
                        .map(|(n, _)| format!("`std::{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            out.push(d);
            None
        }
        Err(ImportError::Escapes(message)) => {
            out.push(
                Diagnostic::new(&rules::IMPORT_CYCLE, path, value.span, message)
                    .with_primary_label("imported here")
                    .with_note("imports may not leave the workspace root (the nearest directory holding `charter.toml` or `.git`)"),
            );
            None
        }
    };
    Some(Import {
        name,
        alias,
        file,
        span: statement.span,
    })
}

/// The `as NAME` of a `use` statement, when it names one word.
pub fn import_alias(statement: &Statement) -> Option<String> {
    statement
        .modifier("as")
        .and_then(|m| m.args.first())
        .and_then(|a| a.values.first())
        .and_then(|v| match &v.kind {
            ValueKind::Path(p) => p.as_word().map(str::to_owned),
            _ => None,
        })
}

/// E006 for each import of `file` that leads back to `file`, naming the cycle.
pub fn import_cycles(db: &dyn Db, file: SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for import in &module(db, file).imports {
        let Some(start) = import.file else { continue };
        if let Some(chain) = path_back(db, start, file) {
            let mut names = vec![display_name(db, file)];
            names.extend(chain.iter().map(|f| display_name(db, *f)));
            out.push(
                Diagnostic::new(
                    &rules::IMPORT_CYCLE,
                    file.id(db),
                    import.span,
                    "import cycle".to_owned(),
                )
                .with_primary_label("this import leads back to this file")
                .with_note(format!("the cycle: {}", names.join(" → "))),
            );
        }
    }
    out
}

/// The chain of files from `start` to `target` through imports (both ends included), if any.
fn path_back(db: &dyn Db, start: SourceFile, target: SourceFile) -> Option<Vec<SourceFile>> {
    let mut stack = vec![vec![start]];
    let mut seen = vec![start];
    while let Some(chain) = stack.pop() {
        let last = *chain.last()?;
        if last == target {
            return Some(chain);
        }
        for import in &module(db, last).imports {
            let Some(next) = import.file else { continue };
            if next == target || !seen.contains(&next) {
                if next != target {
                    seen.push(next);
                }
                let mut longer = chain.clone();
                longer.push(next);
                stack.push(longer);
            }
        }
    }
    None
}

/// How a template in `file` is named in plans: `std::refactor`, or its bare name.
pub fn qualified_name(db: &dyn Db, file: SourceFile, template: &str) -> String {
    match file.path(db) {
        FilePath::Std(_) => format!("std::{template}"),
        _ => template.to_owned(),
    }
}

/// A file as a note in a diagnostic names it: its path relative to its
/// workspace root (never an absolute path, so messages do not depend on
/// where the checkout lives), or `std::NAME`.
pub fn display_name(db: &dyn Db, file: SourceFile) -> String {
    match file.path(db) {
        FilePath::Std(name) => format!("std::{name}"),
        FilePath::Virtual(name) => name.clone(),
        FilePath::Disk(path) => {
            let relative = file
                .root(db)
                .as_deref()
                .and_then(|root| path.strip_prefix(root).ok())
                .unwrap_or(path);
            relative.to_string_lossy().replace('\\', "/")
        }
    }
}

/// The file an import names. A relative path is resolved by name against
/// the importing file's directory and refused, before anything is read,
/// when it leaves the workspace root; a path whose symbolic links lead out
/// of the root is refused with the same message, so a refusal never tells
/// whether the outside file exists.
pub fn resolve(
    db: &dyn Db,
    from: SourceFile,
    target: &ImportTarget,
) -> Result<SourceFile, ImportError> {
    let relative = match target {
        ImportTarget::Std(name) => {
            return db.std_file(name).ok_or_else(|| {
                ImportError::NotFound(format!("there is no standard module `std::{name}`"))
            });
        }
        ImportTarget::Path(relative) => relative,
    };
    let escapes =
        || ImportError::Escapes(format!("`{relative}` resolves outside the workspace root"));
    let (FilePath::Disk(from_path), Some(root)) = (from.path(db), from.root(db)) else {
        return Err(ImportError::Escapes(match from.path(db) {
            FilePath::Std(_) => "the standard library imports only `std::` modules".into(),
            _ => "a file with no path on disk can import only `std::` modules".into(),
        }));
    };
    let written = std::path::Path::new(relative);
    if written.is_absolute() || relative.starts_with('/') || relative.starts_with('\\') {
        return Err(ImportError::Escapes(format!(
            "`{relative}` is an absolute path; imports are relative to the importing file"
        )));
    }
    let dir = from_path.parent().unwrap_or(from_path);
    let joined = normalise(&dir.join(written));
    if !joined.starts_with(root) {
        return Err(escapes());
    }
    let file = db.import_file(&joined, root);
    match file.status(db) {
        FileStatus::Exists => Ok(file),
        FileStatus::Missing => Err(ImportError::NotFound(format!(
            "cannot read `{relative}`: no such file"
        ))),
        FileStatus::Refused(reason) => Err(ImportError::NotFound(format!(
            "cannot read `{relative}`: {reason}"
        ))),
        FileStatus::OutsideRoot => Err(escapes()),
    }
}
