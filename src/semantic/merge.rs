//! Templates: resolving `extends`, merging a template's blocks under the
//! spec's own, and checking the template's `require`s.
//!
//! Merging works on statements, before any typing, so one rule covers every
//! section: a statement that may appear once (`title`, `outcome`,
//! `rollback`, the `intent` block…) is the spec's when the spec has it; a
//! block that may appear once is merged recursively; named blocks (`agent
//! x`, `contract y`) are the spec's when it defines the same name; every
//! repeatable statement is concatenated, template defaults first, exact
//! repeats dropped.

use super::modules::{self, module};
use super::parse;
use super::suggest::did_you_mean;
use super::table::{self, Context};
use foldhash::HashSet;

use crate::db::{Db, SourceFile};
use crate::diagnostics::{Diagnostic, Label, rules};
use crate::syntax::{Span, Statement, ValueKind};
use crate::text::FileId;

/// A statement of the merged spec, with the file it was written in. It
/// borrows the statement from its syntax tree (or from the merged chain
/// of templates, [`merged_template`]): merging builds only this outline,
/// and never copies a spec's statements.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MStmt<'t> {
    pub file: FileId,
    /// The statement as written; its `block` is not read, `children` is.
    pub stmt: &'t Statement,
    /// The block's statements, merged.
    pub children: Vec<MStmt<'t>>,
}

impl<'t> MStmt<'t> {
    pub fn from_statement(file: FileId, stmt: &'t Statement) -> MStmt<'t> {
        MStmt {
            file,
            stmt,
            children: stmt
                .children()
                .iter()
                .map(|c| MStmt::from_statement(file, c))
                .collect(),
        }
    }

    /// The outline of a statement of a merged template chain.
    fn of_template(owned: &'t TemplateStmt) -> MStmt<'t> {
        MStmt {
            file: owned.file,
            stmt: &owned.stmt,
            children: owned.children.iter().map(MStmt::of_template).collect(),
        }
    }

    /// The statement with its merged block, owned, to be kept in a query.
    fn to_owned_stmt(&self) -> TemplateStmt {
        TemplateStmt {
            file: self.file,
            // The block lives on as `children`: copying it into `stmt` as
            // well would copy every nested statement once per level above it.
            stmt: Statement {
                head: self.stmt.head.clone(),
                args: self.stmt.args.clone(),
                modifiers: self.stmt.modifiers.clone(),
                block: None,
                doc: self.stmt.doc.clone(),
                span: self.stmt.span,
                partial: self.stmt.partial,
            },
            children: self.children.iter().map(MStmt::to_owned_stmt).collect(),
        }
    }

    pub fn head(&self) -> &'t str {
        &self.stmt.head.text
    }

    /// The first argument when it is a single word: a block's name.
    pub fn name(&self) -> Option<&'t str> {
        match &self.stmt.args.first()?.values.first()?.kind {
            ValueKind::Path(p) => p.as_word(),
            _ => None,
        }
    }

    /// The statement without spans, to tell exact repeats apart.
    fn key(&self) -> String {
        // Room for a usual statement's key at once: grown from the head's
        // length, a key was copied two or three times as its values were
        // added (half the cost of building it).
        let mut key = String::with_capacity(KEY_CAPACITY);
        key.push_str(self.head());
        for arg in &self.stmt.args {
            for v in &arg.values {
                key.push('\u{1}');
                push_value_key(&mut key, &v.kind);
            }
        }
        for m in &self.stmt.modifiers {
            key.push('\u{2}');
            key.push_str(&m.keyword.text);
            for arg in &m.args {
                for v in &arg.values {
                    key.push('\u{1}');
                    push_value_key(&mut key, &v.kind);
                }
            }
        }
        key
    }
}

/// A statement of a merged template chain, owned: what [`merged_template`]
/// keeps for every spec that extends the chain to borrow.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TemplateStmt {
    pub file: FileId,
    /// The statement as written, without its block.
    pub stmt: Statement,
    /// The block's statements, merged.
    pub children: Vec<TemplateStmt>,
}

/// A value without its span, tagged by kind, appended to `key`.
/// The bytes [`MStmt::key`] sets aside at first: a head and a few values.
const KEY_CAPACITY: usize = 96;

fn push_value_key(key: &mut String, kind: &ValueKind) {
    match kind {
        ValueKind::Str(s) => {
            key.push('s');
            key.push_str(s);
        }
        ValueKind::Number(n) => {
            key.push('n');
            key.push_str(n);
        }
        ValueKind::Path(p) => {
            key.push('p');
            p.write_text(key);
        }
        ValueKind::Compare(c) => {
            key.push('c');
            key.push_str(c.as_str());
        }
        ValueKind::Error => key.push('e'),
    }
}

/// A `require` of a template in the chain.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Requirement {
    pub section: Vec<String>,
    pub template: String,
    pub file: FileId,
    pub span: Span,
}

/// A spec with its templates merged in.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MergedSpec<'t> {
    pub root: MStmt<'t>,
    /// Qualified template names, nearest first.
    pub extends: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A template found by name: its file, its statement's index, its qualified name.
struct Found {
    file: SourceFile,
    index: usize,
    qualified: String,
}

/// The template `reference` (`name` or `alias.name`) as seen from `file`.
fn resolve_template(db: &dyn Db, file: SourceFile, reference: &str) -> Result<Found, Vec<String>> {
    let here = module(db, file);
    if let Some(item) = here.template(reference) {
        return Ok(Found {
            file,
            index: item.index,
            qualified: modules::qualified_name(db, file, reference),
        });
    }
    let mut visible: Vec<String> = here.templates.iter().map(|t| t.name.clone()).collect();
    for import in &here.imports {
        let Some(target) = import.file else { continue };
        let theirs = module(db, target);
        for t in &theirs.templates {
            let name = match &import.alias {
                Some(alias) => format!("{alias}.{}", t.name),
                None => t.name.clone(),
            };
            if name == reference {
                let qualified = match &import.alias {
                    Some(_) => name.clone(),
                    None => modules::qualified_name(db, target, &t.name),
                };
                return Ok(Found {
                    file: target,
                    index: t.index,
                    qualified,
                });
            }
            visible.push(name);
        }
    }
    Err(visible)
}

/// The `extends` reference of an item statement, with its span.
fn extends_of(statement: &Statement) -> Option<(String, Span)> {
    let value = statement
        .modifier("extends")?
        .args
        .first()?
        .values
        .first()?;
    match &value.kind {
        ValueKind::Path(p) => Some((p.to_text(), value.span)),
        _ => None,
    }
}

/// How many templates one `extends` chain may hold.
pub const MAX_EXTENDS_DEPTH: usize = 64;

/// Merges the template chain of the spec at top-level index `index` of `file`.
pub fn merged_spec<'db>(
    db: &'db dyn Db,
    file: SourceFile,
    index: usize,
    is_template: bool,
) -> Option<MergedSpec<'db>> {
    let path = file.id(db);
    let spec = parse(db, file).tree.statements.get(index)?;
    let mut root = MStmt::from_statement(path, spec);
    let mut diagnostics = Vec::new();
    let mut extends = Vec::new();
    let mut requirements = Vec::new();
    let mut visited: HashSet<(SourceFile, usize)> = [(file, index)].into_iter().collect();
    let mut chain: Vec<(SourceFile, usize)> = Vec::new();
    let mut current = (file, path, extends_of(spec));
    while let (from, from_path, Some((reference, span))) = current {
        if extends.len() >= MAX_EXTENDS_DEPTH {
            // Every template of a 10,000-long chain merging the whole chain
            // below it was quadratic; no real chain comes near the bound.
            {
                let first = extends_of(spec).map_or(span, |(_, s)| s);
                diagnostics.push(
                    Diagnostic::new(
                        &rules::TEMPLATE_CYCLE,
                        path,
                        first,
                        format!("the `extends` chain is longer than {MAX_EXTENDS_DEPTH} templates"),
                    )
                    .with_primary_label("this chain does not end within the bound")
                    .with_help("flatten the templates: a chain of a few levels says the same"),
                );
            }
            break;
        }
        let found = match resolve_template(db, from, &reference) {
            Ok(found) => found,
            Err(visible) => {
                let message = format!(
                    "no template named `{reference}`{}",
                    did_you_mean(&reference, visible.iter().map(String::as_str))
                );
                let mut d = Diagnostic::new(&rules::UNRESOLVED_NAME, from_path, span, message)
                    .with_primary_label("not found");
                if visible.is_empty() {
                    d.help =
                        Some("import a template first, for example `use std::refactor`".into());
                }
                // A missing template of a template is reported in the template's own file.
                if from == file {
                    diagnostics.push(d);
                }
                break;
            }
        };
        if visited.contains(&(found.file, found.index)) {
            // Each template on the cycle reports the `extends` that leads
            // back to it; a spec extending the cycle adds nothing new.
            if is_template && (found.file, found.index) == (file, index) {
                diagnostics.push(
                    Diagnostic::new(
                        &rules::TEMPLATE_CYCLE,
                        from_path,
                        span,
                        format!("template `{reference}` extends itself"),
                    )
                    .with_primary_label("this `extends` closes the cycle")
                    .with_note(format!(
                        "the chain: {} → {}",
                        extends.join(" → "),
                        found.qualified
                    )),
                );
            }
            break;
        }
        visited.insert((found.file, found.index));
        let template_path = found.file.id(db);
        let Some(head) = template_head(db, TemplateKey::new(db, found.file, found.index)) else {
            break;
        };
        extends.push(found.qualified.clone());
        chain.push((found.file, found.index));
        requirements.extend(head.requires.iter().map(|(section, span)| Requirement {
            section: section.clone(),
            template: found.qualified.clone(),
            file: template_path,
            span: *span,
        }));
        current = (found.file, template_path, head.extends.clone());
    }
    // The templates' defaults go under the spec's own statements. Merging is
    // associative, so the chain merged once (a query shared by every spec
    // that extends its first template) gives what merging template by
    // template gives; when the query's chain is not the one walked here
    // (a cycle entered from the side), merge template by template.
    if let Some(&(first_file, first_index)) = chain.first() {
        let merged = merged_template(db, TemplateKey::new(db, first_file, first_index));
        if merged.chain == chain {
            let defaults = merged.defaults.iter().map(MStmt::of_template).collect();
            merge_under(&mut root.children, defaults, Context::Spec);
        } else {
            for &(file, index) in &chain {
                merge_under(
                    &mut root.children,
                    own_defaults(db, file, index),
                    Context::Spec,
                );
            }
        }
    }
    let spec_name = spec.args.first().map_or(spec.head.span, |a| a.span);
    for requirement in &requirements {
        if !satisfies(&root.children, &requirement.section) {
            diagnostics.push(unmet(path, spec_name, requirement));
        }
    }
    Some(MergedSpec {
        root,
        extends,
        diagnostics,
    })
}

/// A template, by its file and top-level index: the key of [`merged_template`].
#[salsa::interned(debug)]
pub struct TemplateKey {
    #[returns(copy)]
    pub file: SourceFile,
    #[returns(copy)]
    pub index: usize,
}

/// A template with every template it extends merged under it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MergedTemplate {
    /// The templates merged, the first one first, nearest ancestor next.
    pub chain: Vec<(SourceFile, usize)>,
    /// Their statements (`require`s aside), merged as a spec's defaults.
    pub defaults: Vec<TemplateStmt>,
}

/// The merged chain of the template `key` names: computed once for every
/// spec that extends it, and not again when only a spec's file changes
/// (its positions are the templates' own). Walks `extends` as
/// [`merged_spec`] does, with the same bound and the same stop at a cycle
/// or a name that does not resolve; the diagnostics are [`merged_spec`]'s.
#[salsa::tracked(returns(ref))]
pub fn merged_template<'db>(db: &'db dyn Db, key: TemplateKey<'db>) -> MergedTemplate {
    let (file, index) = (key.file(db), key.index(db));
    let mut chain = vec![(file, index)];
    let mut defaults = own_defaults(db, file, index);
    let mut current = (
        file,
        template_head(db, key)
            .as_ref()
            .and_then(|h| h.extends.clone()),
    );
    while let (from, Some((reference, _))) = current {
        if chain.len() >= MAX_EXTENDS_DEPTH {
            break;
        }
        let Ok(found) = resolve_template(db, from, &reference) else {
            break;
        };
        if chain.contains(&(found.file, found.index)) {
            break;
        }
        let Some(head) = template_head(db, TemplateKey::new(db, found.file, found.index)) else {
            break;
        };
        chain.push((found.file, found.index));
        merge_under(
            &mut defaults,
            own_defaults(db, found.file, found.index),
            Context::Spec,
        );
        current = (found.file, head.extends.clone());
    }
    let defaults = defaults.iter().map(MStmt::to_owned_stmt).collect();
    MergedTemplate { chain, defaults }
}

/// What merging a spec reads of each template on its chain: the template
/// it extends and the sections it requires.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TemplateHead {
    /// The `extends` reference, with its span.
    pub extends: Option<(String, Span)>,
    /// Each `require`d section's path, with the `require`'s span.
    pub requires: Vec<(Vec<String>, Span)>,
}

/// The head of the template `key` names, or `None` where no statement is.
///
/// A query of its own, kept for the whole run, so that merging a spec
/// does not need the template's syntax tree: a one-pass check keeps only
/// the last few trees, and without it every few files re-parsed the
/// bundled templates that most specs extend.
#[salsa::tracked(returns(ref))]
pub fn template_head<'db>(db: &'db dyn Db, key: TemplateKey<'db>) -> Option<TemplateHead> {
    let template = parse(db, key.file(db)).tree.statements.get(key.index(db))?;
    let requires = template
        .children()
        .iter()
        .filter(|child| child.head.text == "require")
        .filter_map(|child| Some((section_path(child)?, child.span)))
        .collect();
    Some(TemplateHead {
        extends: extends_of(template),
        requires,
    })
}

/// A template's own statements, `require`s aside, as defaults to merge.
fn own_defaults(db: &dyn Db, file: SourceFile, index: usize) -> Vec<MStmt<'_>> {
    let path = file.id(db);
    parse(db, file)
        .tree
        .statements
        .get(index)
        .map(|template| {
            template
                .children()
                .iter()
                .filter(|child| child.head.text != "require")
                .map(|child| MStmt::from_statement(path, child))
                .collect()
        })
        .unwrap_or_default()
}

fn section_path(statement: &Statement) -> Option<Vec<String>> {
    match &statement.args.first()?.values.first()?.kind {
        ValueKind::Path(p) => Some(
            p.segments
                .iter()
                .map(|s| s.text.as_str().to_owned())
                .collect(),
        ),
        _ => None,
    }
}

fn satisfies(children: &[MStmt<'_>], section: &[String]) -> bool {
    let Some((first, rest)) = section.split_first() else {
        return true;
    };
    children
        .iter()
        .filter(|c| c.head() == first)
        .any(|c| satisfies(&c.children, rest))
}

fn unmet(path: FileId, spec_name: Span, requirement: &Requirement) -> Diagnostic {
    let section = requirement.section.join(".");
    let help = match requirement.section.as_slice() {
        [block, head] => format!("add a `{head}` statement to the spec's `{block}` block"),
        [block] => format!("add a `{block}` section to the spec"),
        _ => "add the section".to_owned(),
    };
    Diagnostic::new(
        &rules::MISSING_REQUIRED,
        path,
        spec_name,
        format!(
            "the spec does not provide `{section}`, which template `{}` requires",
            requirement.template
        ),
    )
    .with_primary_label(format!("`{section}` is missing"))
    .with_label(Label::new(
        requirement.file,
        requirement.span,
        "required here",
    ))
    .with_help(help)
}

/// Puts template `defaults` under the spec's `target` statements (see the module docs).
fn merge_under<'t>(target: &mut Vec<MStmt<'t>>, defaults: Vec<MStmt<'t>>, context: Context) {
    let mut added = Vec::new();
    // The keys of the target's statements, built once for all defaults.
    let mut target_keys: Option<HashSet<String>> = None;
    for default in defaults {
        let spec = table::lookup(context, default.head());
        let repeatable = spec.is_none_or(|s| s.repeatable);
        let block = spec.and_then(|s| s.block);
        match (block, repeatable) {
            (Some(inner), false) => match target.iter_mut().find(|t| t.head() == default.head()) {
                Some(existing) => merge_under(&mut existing.children, default.children, inner),
                None => added.push(default),
            },
            (Some(_), true) => {
                let taken = target
                    .iter()
                    .any(|t| t.head() == default.head() && t.name() == default.name());
                if !taken {
                    added.push(default);
                }
            }
            (None, false) => {
                if !target.iter().any(|t| t.head() == default.head()) {
                    added.push(default);
                }
            }
            (None, true) => {
                let keys =
                    target_keys.get_or_insert_with(|| target.iter().map(MStmt::key).collect());
                if !keys.contains(&default.key()) {
                    added.push(default);
                }
            }
        }
    }
    added.append(target);
    *target = added;
}
