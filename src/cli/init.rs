//! `charter init [--template NAME] [FILE]`: a new spec whose every required
//! section is present, holding `"<…>"` placeholders that `charter check`
//! points at (U010), so a fresh file guides its author to what is missing.

use charter::workspace::stdio::errln;
use std::path::PathBuf;

use clap::Args;

use super::{EXIT_OK, EXIT_USAGE};
use charter::workspace::new_spec::new_spec;

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
    let stem = args
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = match new_spec(args.template.as_deref(), &stem) {
        Ok(text) => text,
        Err(message) => {
            errln!("error: {message}");
            return EXIT_USAGE;
        }
    };
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
