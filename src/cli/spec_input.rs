//! Loading one spec for `build` and `graph`: the file, its imports, every
//! diagnostic they carry, and the sources a plan lists.

use super::stdio::errln;
use std::path::{Path, PathBuf};

use super::{EXIT_FINDINGS, EXIT_USAGE, files};
use crate::db::{Database, Location, SourceFile, check_file};
use crate::diagnostics::Diagnostic;
use crate::plan::PlanSources;
use crate::semantic::model::Spec;
use crate::semantic::modules::module;

pub struct Loaded {
    pub db: Database,
    pub file: SourceFile,
    /// The file and everything it imports, directly or not, in load order.
    pub closure: Vec<SourceFile>,
    /// The diagnostics of every user file in the closure.
    pub diagnostics: Vec<Diagnostic>,
}

/// A failure that ends the command: the message and the exit code.
pub type Failure = (String, u8);

/// Prints a failure and gives its exit code.
pub fn report((message, code): Failure) -> u8 {
    errln!("error: {message}");
    code
}

pub fn load(path: &Path) -> Result<Loaded, Failure> {
    let bytes = files::read(path).map_err(|m| (m, EXIT_USAGE))?;
    let mut db = Database::new();
    let config = files::load_config(&[PathBuf::from(path)]).map_err(|m| (m, EXIT_USAGE))?;
    db.set_config(config);
    let file = db.open(path, &files::display_path(path), &bytes);
    let mut closure = vec![file];
    let mut next = 0;
    while let Some(&current) = closure.get(next) {
        next += 1;
        for import in &module(&db, current).imports {
            if let Some(target) = import.file
                && !closure.contains(&target)
            {
                closure.push(target);
            }
        }
    }
    let mut diagnostics: Vec<Diagnostic> = closure
        .iter()
        .filter(|f| !matches!(f.location(&db), Location::Std(_)))
        .flat_map(|f| {
            let mut found = check_file(&db, *f).clone();
            crate::diagnostics::normalise(&mut found);
            crate::diagnostics::cap::cap(found)
        })
        .collect();
    crate::diagnostics::normalise(&mut diagnostics);
    Ok(Loaded {
        db,
        file,
        closure,
        diagnostics,
    })
}

impl Loaded {
    /// The spec to compile: the file's only one, or the one `name` picks.
    pub fn spec(&self, name: Option<&str>) -> Result<&Spec, Failure> {
        let specs = &crate::semantic::analyse(&self.db, self.file).specs;
        let names = || {
            specs
                .iter()
                .map(|s| format!("`{}`", s.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (name, specs.as_slice()) {
            (_, []) => Err((
                format!("`{}` defines no spec", self.file.path(&self.db)),
                EXIT_FINDINGS,
            )),
            (None, [only]) => Ok(only),
            (None, _) => Err((
                format!(
                    "`{}` defines several specs ({}); choose one with --spec NAME",
                    self.file.path(&self.db),
                    names()
                ),
                EXIT_USAGE,
            )),
            (Some(wanted), _) => specs.iter().find(|s| s.name == wanted).ok_or_else(|| {
                (
                    format!(
                        "no spec named `{wanted}` in `{}` (it defines {})",
                        self.file.path(&self.db),
                        names()
                    ),
                    EXIT_USAGE,
                )
            }),
        }
    }

    /// Every file of the closure, named relative to the spec's workspace root.
    pub fn plan_sources(&self) -> PlanSources {
        let root = match self.file.location(&self.db) {
            Location::Disk { root, .. } => Some(root.clone()),
            _ => None,
        };
        let mut sources = PlanSources::new();
        for f in &self.closure {
            let shown = f.path(&self.db).clone();
            let relative = match (f.location(&self.db), &root) {
                (Location::Std(name), _) => crate::semantic::stdlib::display_path(name),
                (Location::Disk { real, .. }, Some(root)) => real
                    .strip_prefix(root)
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_else(|_| shown.clone()),
                _ => shown.clone(),
            };
            sources.add(shown, relative, f.text(&self.db).clone());
        }
        sources
    }
}
