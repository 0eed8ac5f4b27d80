//! Writing to standard output and standard error without panicking.
//!
//! Rust ignores `SIGPIPE`, so a write to a closed pipe fails with
//! `BrokenPipe`, and `print!` turns that failure into a panic (exit 101:
//! `charter check --format json x | head -c 10`). Every command writes
//! through these macros instead: when the reader has gone, the process
//! exits at once with status 0 and says nothing, as ripgrep does; nothing
//! is left worth saying to a reader who stopped reading. Any other write
//! error (a full disk behind a redirection) is reported on stderr, if it
//! can be, and ends the process with the I/O error status.

use std::io::Write;

/// Which stream a write goes to.
#[derive(Clone, Copy)]
pub enum Stream {
    Out,
    Err,
}

/// Writes `args` to `stream`, ending the process on a closed pipe.
pub fn write(stream: Stream, args: std::fmt::Arguments<'_>) {
    let result = match stream {
        Stream::Out => {
            let mut out = std::io::stdout().lock();
            out.write_fmt(args).and_then(|()| out.flush())
        }
        Stream::Err => std::io::stderr().lock().write_fmt(args),
    };
    if let Err(error) = result {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(i32::from(super::EXIT_OK));
        }
        if matches!(stream, Stream::Out) {
            let _ = writeln!(
                std::io::stderr(),
                "error: cannot write standard output: {error}"
            );
        }
        std::process::exit(i32::from(super::EXIT_USAGE));
    }
}

/// `print!` that exits quietly on a closed pipe.
#[macro_export]
#[doc(hidden)]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::workspace::stdio::write($crate::workspace::stdio::Stream::Out, format_args!($($arg)*))
    };
}

/// `println!` that exits quietly on a closed pipe.
#[macro_export]
#[doc(hidden)]
macro_rules! outln {
    () => { $crate::workspace::stdio::out!("\n") };
    ($($arg:tt)*) => {
        $crate::workspace::stdio::write($crate::workspace::stdio::Stream::Out, format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprint!` that exits quietly on a closed pipe.
#[macro_export]
#[doc(hidden)]
macro_rules! err {
    ($($arg:tt)*) => {
        $crate::workspace::stdio::write($crate::workspace::stdio::Stream::Err, format_args!($($arg)*))
    };
}

/// `eprintln!` that exits quietly on a closed pipe.
#[macro_export]
#[doc(hidden)]
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::workspace::stdio::write($crate::workspace::stdio::Stream::Err, format_args!("{}\n", format_args!($($arg)*)))
    };
}

// Exported (at the crate root, hidden there) so that the binary's command
// line writes through them too; used by their path here.
pub use crate::{err, errln, out, outln};
