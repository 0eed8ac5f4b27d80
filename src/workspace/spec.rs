//! Loading one spec for `build` and `graph`: the file, its imports, every
//! diagnostic they carry, and the sources a plan lists.

use std::path::Path;

use super::stdio::errln;

use super::{EXIT_FINDINGS, EXIT_USAGE, files};
use crate::check::parallel::map_files;
use crate::check::{Jobs, Workers, check_file};
use crate::db::{Database, FilePath, SourceFile};
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

/// [`load_with`] on as many threads as the closure's size calls for.
pub fn load(path: &Path) -> Result<Loaded, Failure> {
    load_with(path, None)
}

/// The spec file at `path` and its imports, the files of the closure
/// checked on `jobs` threads (the result is the same for any number); with
/// `None`, on as many as `charter check` would take for that many files
/// ([`Jobs::for_files`]): a closure is a file or two, whose check a second
/// thread's fresh memory costs more than it saves.
pub fn load_with(path: &Path, jobs: Option<Jobs>) -> Result<Loaded, Failure> {
    let mut db = Database::new();
    let mut errors = Vec::new();
    // One file: read on the calling thread whatever `jobs` says.
    let reader = Workers::new(Jobs::ONE);
    let Some(&file) = files::open_all(&db, &[path.to_path_buf()], &reader, &mut errors).first()
    else {
        return Err((errors.join("\n"), EXIT_USAGE));
    };
    files::load_configs(&mut db, &[file]).map_err(|m| (m, EXIT_USAGE))?;
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
    // Every import is an input by now, so the file ids do not depend on
    // which thread checks what.
    let users: Vec<SourceFile> = closure
        .iter()
        .copied()
        .filter(|f| !matches!(f.path(&db), FilePath::Std(_)))
        .collect();
    let workers = Workers::new(jobs.unwrap_or_else(|| Jobs::for_files(users.len())));
    let mut diagnostics: Vec<Diagnostic> = map_files(&mut db, &users, &workers, |db, file| {
        let mut found = check_file(db, file).clone();
        crate::diagnostics::normalise(&mut found);
        crate::diagnostics::cap::cap(found)
    })
    .into_iter()
    .flatten()
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
                format!(
                    "`{}` defines no spec",
                    files::display_name(&self.db, self.file)
                ),
                EXIT_FINDINGS,
            )),
            (None, [only]) => Ok(only),
            (None, _) => Err((
                format!(
                    "`{}` defines several specs ({}); choose one with --spec NAME",
                    files::display_name(&self.db, self.file),
                    names()
                ),
                EXIT_USAGE,
            )),
            (Some(wanted), _) => specs.iter().find(|s| s.name == wanted).ok_or_else(|| {
                (
                    format!(
                        "no spec named `{wanted}` in `{}` (it defines {})",
                        files::display_name(&self.db, self.file),
                        names()
                    ),
                    EXIT_USAGE,
                )
            }),
        }
    }

    /// Every file of the closure, named relative to the spec's workspace root.
    pub fn plan_sources(&self) -> PlanSources {
        let root = self.file.root(&self.db).clone();
        let mut sources = PlanSources::new();
        for f in &self.closure {
            let relative = match f.path(&self.db) {
                FilePath::Std(name) => crate::db::stdlib::display_path(name),
                FilePath::Disk(path) => {
                    let inside = root.as_deref().and_then(|r| path.strip_prefix(r).ok());
                    inside.unwrap_or(path).to_string_lossy().replace('\\', "/")
                }
                FilePath::Virtual(name) => name.clone(),
            };
            let text = f.text(&self.db).clone();
            if matches!(f.path(&self.db), FilePath::Std(_)) {
                sources.add_embedded(f.id(&self.db), relative, text);
            } else {
                sources.add(f.id(&self.db), relative, text);
            }
        }
        sources
    }
}
