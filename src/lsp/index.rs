//! What a file defines and what it refers to, by name, with spans: the one
//! table definition, references, rename, symbols, semantic tokens and
//! completion read.
//!
//! Built from the syntax tree and the statement table (the argument types
//! say which values are references), so it needs no successful type check
//! and works on a file with errors. Names resolve within the top-level
//! `spec` or `template` they are written in, then along its `extends`
//! chain into other files.

use crate::db::{Db, SourceFile};
use crate::semantic::modules::ImportTarget;
use crate::semantic::parse;
use crate::semantic::table::{self, ArgType, Context};
use crate::syntax::{Path, PathSeparator, Span, Statement, ValueKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    Spec,
    Template,
    Agent,
    Task,
    Check,
    Criterion,
    Contract,
    Metric,
}

impl SymbolKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SymbolKind::Spec => "spec",
            SymbolKind::Template => "template",
            SymbolKind::Agent => "agent",
            SymbolKind::Task => "task",
            SymbolKind::Check => "check",
            SymbolKind::Criterion => "criterion",
            SymbolKind::Contract => "contract",
            SymbolKind::Metric => "metric",
        }
    }
}

/// A name a statement defines: `agent models`, `task baseline`, `test parity "…"`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Definition {
    pub kind: SymbolKind,
    /// How references spell it: `models`, `models.define_models`, `test.parity`.
    pub key: String,
    pub name: String,
    pub name_span: Span,
    /// The whole statement.
    pub span: Span,
    /// The top-level statement (spec or template) it is in.
    pub item: usize,
}

/// A use of a name: the span of the whole reference and of the part a
/// rename replaces (`parity` in `test.parity`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reference {
    pub kind: SymbolKind,
    pub key: String,
    pub span: Span,
    pub name_span: Span,
    pub item: usize,
}

/// `use std::NAME` or `use "path.charter" [as alias]`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Import {
    pub target: ImportTarget,
    pub alias: Option<String>,
    pub span: Span,
}

/// A top-level `spec` or `template` and the template it extends.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Item {
    pub index: usize,
    pub kind: SymbolKind,
    pub name: String,
    pub extends: Option<String>,
}

/// A word the statement table gives a role: for semantic tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WordRole {
    Head,
    Modifier,
    /// A value from a fixed list (`supervised`, `high`, `dep`).
    EnumWord,
    Metric,
    Code,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct FileIndex {
    pub definitions: Vec<Definition>,
    pub references: Vec<Reference>,
    pub imports: Vec<Import>,
    pub items: Vec<Item>,
    pub words: Vec<(Span, WordRole)>,
}

/// A definition or a reference under the cursor.
#[derive(Clone, Debug)]
pub enum Hit<'a> {
    Definition(&'a Definition),
    Reference(&'a Reference),
    Import(&'a Import),
}

impl FileIndex {
    pub fn item(&self, index: usize) -> Option<&Item> {
        self.items.iter().find(|i| i.index == index)
    }

    /// What is at `offset` (a reference's or definition's name, or an import).
    pub fn at(&self, offset: usize) -> Option<Hit<'_>> {
        let within = |s: Span| s.start() <= offset && offset <= s.end();
        if let Some(r) = self
            .references
            .iter()
            .filter(|r| within(r.span))
            .min_by_key(|r| r.span.end() - r.span.start())
        {
            return Some(Hit::Reference(r));
        }
        if let Some(d) = self.definitions.iter().find(|d| within(d.name_span)) {
            return Some(Hit::Definition(d));
        }
        self.imports
            .iter()
            .find(|i| within(i.span))
            .map(Hit::Import)
    }

    pub fn find(&self, kind: SymbolKind, key: &str, item: usize) -> Option<&Definition> {
        self.definitions
            .iter()
            .find(|d| d.kind == kind && d.key == key && d.item == item)
    }
}

/// The index of one file; cached until the file's syntax tree changes.
#[salsa::tracked(returns(ref))]
pub fn file_index(db: &dyn Db, file: SourceFile) -> FileIndex {
    let tree = &parse(db, file).tree;
    let mut index = FileIndex::default();
    for (i, statement) in tree.statements.iter().enumerate() {
        let mut walker = Walker {
            index: &mut index,
            item: i,
            agent: None,
        };
        walker.statement(statement, Context::File);
    }
    index
}

struct Walker<'a> {
    index: &'a mut FileIndex,
    item: usize,
    agent: Option<String>,
}

impl Walker<'_> {
    fn statement(&mut self, statement: &Statement, context: Context) {
        let Some(spec) = table::lookup(context, &statement.head.text) else {
            return;
        };
        self.index.words.push((statement.head.span, WordRole::Head));
        let name = statement
            .args
            .first()
            .and_then(|a| a.values.first())
            .and_then(|v| match &v.kind {
                ValueKind::Path(p) => p.as_word().map(|w| (w.to_owned(), v.span)),
                _ => None,
            });
        if let Some(kind) = definition_kind(context, &statement.head.text)
            && let Some((name, name_span)) = &name
        {
            let key = match kind {
                SymbolKind::Task => format!("{}.{name}", self.agent.as_deref().unwrap_or("?")),
                SymbolKind::Check => format!("{}.{name}", statement.head.text),
                _ => name.clone(),
            };
            self.index.definitions.push(Definition {
                kind,
                key,
                name: name.clone(),
                name_span: *name_span,
                span: statement.span,
                item: self.item,
            });
            if context == Context::File {
                self.index.items.push(Item {
                    index: self.item,
                    kind,
                    name: name.clone(),
                    extends: statement
                        .modifier("extends")
                        .and_then(|m| m.args.first())
                        .and_then(|a| a.values.first())
                        .and_then(|v| match &v.kind {
                            ValueKind::Path(p) => Some(p.to_text()),
                            _ => None,
                        }),
                });
            }
        }
        for (i, arg) in statement.args.iter().enumerate() {
            let ty = spec.args.get(i).or(spec.args.last()).map(|a| a.ty);
            for value in &arg.values {
                self.value(ty, &value.kind, value.span, &statement.head.text);
            }
        }
        for modifier in &statement.modifiers {
            self.index
                .words
                .push((modifier.keyword.span, WordRole::Modifier));
            let spec_modifier = spec
                .modifiers
                .iter()
                .find(|m| m.word == modifier.keyword.text);
            for (i, arg) in modifier.args.iter().enumerate() {
                let ty = spec_modifier
                    .and_then(|m| m.args.get(i).or(m.args.last()))
                    .map(|a| a.ty);
                for value in &arg.values {
                    self.value(ty, &value.kind, value.span, &statement.head.text);
                }
            }
        }
        if context == Context::File && statement.head.text == "use" {
            self.import(statement);
        }
        if let (Some(block), Some(child)) = (&statement.block, spec.block) {
            let saved = self.agent.clone();
            if child == Context::Agent {
                self.agent = name.map(|(n, _)| n);
            }
            for s in &block.statements {
                self.statement(s, child);
            }
            self.agent = saved;
        }
    }

    fn value(&mut self, ty: Option<ArgType>, kind: &ValueKind, span: Span, head: &str) {
        let ValueKind::Path(path) = kind else {
            return;
        };
        let segments = &path.segments;
        let reference = |kind, key: String, span, name_span| Reference {
            kind,
            key,
            span,
            name_span,
            item: self.item,
        };
        match ty {
            Some(ArgType::CheckRef) if segments.len() == 2 => {
                let r = reference(SymbolKind::Check, path.to_text(), span, segments[1].span);
                self.index.references.push(r);
            }
            Some(ArgType::TaskRef) if segments.len() == 2 => {
                let agent = reference(
                    SymbolKind::Agent,
                    segments[0].text.to_string(),
                    segments[0].span,
                    segments[0].span,
                );
                let task = reference(
                    SymbolKind::Task,
                    path.to_text(),
                    segments[1].span,
                    segments[1].span,
                );
                self.index.references.push(agent);
                self.index.references.push(task);
            }
            Some(ArgType::AgentRef) if segments.len() == 1 => {
                let r = reference(SymbolKind::Agent, segments[0].text.to_string(), span, span);
                self.index.references.push(r);
            }
            Some(ArgType::TemplateRef) if !segments.is_empty() && head != "use" => {
                let last = segments[segments.len() - 1].span;
                let r = reference(SymbolKind::Template, path.to_text(), span, last);
                self.index.references.push(r);
            }
            Some(ArgType::Enum(_) | ArgType::Keyword(_) | ArgType::Dimension) => {
                self.index.words.push((span, WordRole::EnumWord));
            }
            Some(ArgType::Metric) => self.index.words.push((span, WordRole::Metric)),
            Some(ArgType::Code) => self.index.words.push((span, WordRole::Code)),
            _ => {}
        }
    }

    fn import(&mut self, statement: &Statement) {
        let Some(value) = statement.args.first().and_then(|a| a.values.first()) else {
            return;
        };
        let target = match &value.kind {
            ValueKind::Str(path) => ImportTarget::Path(path.clone()),
            ValueKind::Path(path) => match std_module(path) {
                Some(name) => ImportTarget::Std(name),
                None => return,
            },
            _ => return,
        };
        let alias = crate::semantic::modules::import_alias(statement);
        self.index.imports.push(Import {
            target,
            alias,
            span: value.span,
        });
    }
}

/// `std::NAME` → `NAME`.
fn std_module(path: &Path) -> Option<String> {
    match (path.segments.as_slice(), path.separators.as_slice()) {
        ([std, name], [PathSeparator::Module]) if std.text == "std" => Some(name.text.to_string()),
        _ => None,
    }
}

/// Which statements define a name other statements refer to.
fn definition_kind(context: Context, head: &str) -> Option<SymbolKind> {
    Some(match (context, head) {
        (Context::File, "spec") => SymbolKind::Spec,
        (Context::File, "template") => SymbolKind::Template,
        (Context::Spec | Context::Template, "agent") => SymbolKind::Agent,
        (Context::Spec | Context::Template, "contract") => SymbolKind::Contract,
        (Context::Agent, "task") => SymbolKind::Task,
        (Context::Verify, _) => SymbolKind::Check,
        (Context::Intent, "success") => SymbolKind::Criterion,
        (Context::Boundaries, "metric") => SymbolKind::Metric,
        _ => return None,
    })
}

/// The depth of `extends` chains followed; a cycle is E010, not a hang.
const MAX_CHAIN: usize = 32;

/// Where a name resolves: a definition in some file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub file: SourceFile,
    pub definition: Definition,
}

/// The definition a reference names: in its own spec or template first,
/// then along the `extends` chain.
pub fn resolve(db: &dyn Db, file: SourceFile, reference: &Reference) -> Option<Target> {
    if reference.kind == SymbolKind::Template {
        return resolve_template(db, file, &reference.key);
    }
    lookup_in_chain(db, file, reference.item, reference.kind, &reference.key)
}

/// `kind key` as seen from item `item` of `file`.
pub fn lookup_in_chain(
    db: &dyn Db,
    file: SourceFile,
    item: usize,
    kind: SymbolKind,
    key: &str,
) -> Option<Target> {
    let (mut file, mut item) = (file, item);
    for _ in 0..MAX_CHAIN {
        let index = file_index(db, file);
        if let Some(definition) = index.find(kind, key, item) {
            return Some(Target {
                file,
                definition: definition.clone(),
            });
        }
        let extends = index.item(item)?.extends.clone()?;
        let template = resolve_template(db, file, &extends)?;
        file = template.file;
        item = template.definition.item;
    }
    None
}

/// A template by the name written in `file`: `name` (this file, or an
/// import without alias) or `alias.name`.
pub fn resolve_template(db: &dyn Db, file: SourceFile, written: &str) -> Option<Target> {
    let index = file_index(db, file);
    let found_in = |f: SourceFile, name: &str| {
        file_index(db, f)
            .definitions
            .iter()
            .find(|d| d.kind == SymbolKind::Template && d.key == name)
            .map(|d| Target {
                file: f,
                definition: d.clone(),
            })
    };
    if let Some((alias, name)) = written.split_once('.') {
        let import = index
            .imports
            .iter()
            .find(|i| i.alias.as_deref() == Some(alias))?;
        let imported = crate::semantic::modules::resolve(db, file, &import.target).ok()?;
        return found_in(imported, name);
    }
    if let Some(target) = found_in(file, written) {
        return Some(target);
    }
    index
        .imports
        .iter()
        .filter(|i| i.alias.is_none())
        .filter_map(|i| crate::semantic::modules::resolve(db, file, &i.target).ok())
        .find_map(|f| found_in(f, written))
}

/// Every definition visible from item `item` of `file` (its own, then its
/// templates'), nearest first, for completion.
pub fn visible_definitions(db: &dyn Db, file: SourceFile, item: usize) -> Vec<Definition> {
    let mut out = Vec::new();
    let (mut file, mut item) = (file, item);
    for _ in 0..MAX_CHAIN {
        let index = file_index(db, file);
        out.extend(index.definitions.iter().filter(|d| d.item == item).cloned());
        let Some(extends) = index.item(item).and_then(|i| i.extends.clone()) else {
            break;
        };
        let Some(template) = resolve_template(db, file, &extends) else {
            break;
        };
        file = template.file;
        item = template.definition.item;
    }
    out
}

/// The top-level statement containing `offset`.
pub fn item_at(db: &dyn Db, file: SourceFile, offset: usize) -> Option<usize> {
    parse(db, file)
        .tree
        .statements
        .iter()
        .position(|s| s.span.start() <= offset && offset <= s.span.end())
}

/// Is `name` an identifier a definition may take?
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !crate::syntax::is_modifier_word(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{Database, Origin};

    #[test]
    fn extends_resolves_into_the_standard_library() {
        let db = Database::new();
        let text = "use std::migration\n\nspec s extends migration {\n    title \"t\"\n}\n";
        let file = db.add_file("s.charter", text.as_bytes(), Origin::User);
        let index = file_index(&db, file);
        let offset = text.find("extends migration").unwrap() + 9;
        let Some(Hit::Reference(reference)) = index.at(offset) else {
            panic!("no reference at the template's name: {index:#?}");
        };
        let target = resolve(&db, file, reference).expect("resolves");
        assert_eq!(target.definition.kind, SymbolKind::Template);
        assert_eq!(target.definition.name, "migration");
    }
}
