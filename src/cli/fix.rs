//! `charter check --fix`: applies the safe fix edits the diagnostics carry
//! (the same [`crate::fix`] mechanism the language server offers as quick
//! fixes), writes the files, and says what it changed.

use crate::check::check_file;
use crate::db::{Database, SourceFile};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::fix::Edit;
use crate::text::LineIndex;
use crate::workspace::stdio::errln;

/// Rounds of fixing: a fix skipped because it overlapped another gets
/// another chance on the new text, a bounded number of times.
const MAX_ROUNDS: usize = 4;

/// Applies safe fixes to `files` until none is left; returns the
/// diagnostics of the fixed files and the I/O errors met.
pub fn apply_safe_fixes(
    db: &mut Database,
    files: &[SourceFile],
    mut diagnostics: Vec<Diagnostic>,
) -> (Vec<Diagnostic>, Vec<String>) {
    let mut errors = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let mut changed = false;
        for file in files {
            let Some(path) = file.path(db).as_disk().map(|p| p.to_path_buf()) else {
                continue;
            };
            let display = crate::workspace::files::display_name(db, *file);
            let id = file.id(db);
            let fixes: Vec<(&Diagnostic, &crate::diagnostics::fix::Fix)> = diagnostics
                .iter()
                .flat_map(|d| d.fixes.iter().map(move |f| (d, f)))
                .filter(|(_, f)| f.safe && f.edits.iter().all(|e| e.file == id))
                .collect();
            if fixes.is_empty() {
                continue;
            }
            let text = file.text(db).clone();
            let edits: Vec<&Edit> = fixes.iter().flat_map(|(_, f)| &f.edits).collect();
            let (fixed, skipped) = crate::diagnostics::fix::apply(&text, &edits);
            if fixed == text {
                continue;
            }
            if let Err(message) = super::atomic::write_atomically(&path, fixed.as_bytes()) {
                errors.push(message);
                continue;
            }
            let index = LineIndex::new(&text);
            for (d, fix) in &fixes {
                if fix.edits.iter().any(|e| skipped.contains(&e)) {
                    continue;
                }
                let at = index.line_col(&text, d.span.start);
                errln!(
                    "fixed {display}:{}:{} {}: {}",
                    at.line,
                    at.column,
                    d.rule.code,
                    fix.title
                );
            }
            db.set_text(*file, fixed);
            changed = true;
        }
        if !changed {
            break;
        }
        diagnostics = files
            .iter()
            .flat_map(|f| check_file(db, *f).iter().cloned())
            .collect();
        crate::diagnostics::normalise(&mut diagnostics);
    }
    (diagnostics, errors)
}
