//! `charter check --fix`: applies the safe fix edits the diagnostics carry
//! (the same [`charter::diagnostics::fix`] mechanism the language server offers as quick
//! fixes), writes the files, and says what it changed.

use charter::check::check_file;
use charter::db::{Database, SourceFile};
use charter::diagnostics::Diagnostic;
use charter::diagnostics::fix::Edit;
use charter::text::LineIndex;
use charter::workspace::stdio::errln;

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
            let display = charter::workspace::files::display_name(db, *file);
            let id = file.id(db);
            let fixes: Vec<(&Diagnostic, &charter::diagnostics::fix::Fix)> = diagnostics
                .iter()
                .flat_map(|d| d.fixes.iter().map(move |f| (d, f)))
                .filter(|(_, f)| f.safe && f.edits.iter().all(|e| e.file == id))
                .collect();
            if fixes.is_empty() {
                continue;
            }
            let text = file.text(db).clone();
            let edits: Vec<&Edit> = fixes.iter().flat_map(|(_, f)| &f.edits).collect();
            let (fixed, skipped) = charter::diagnostics::fix::apply(&text, &edits);
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
                let at = index.line_col(&text, d.span.start());
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
        charter::diagnostics::normalise(&mut diagnostics);
    }
    (diagnostics, errors)
}
