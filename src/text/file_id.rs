/// Which file a span points into.
///
/// An id is handed out by the database when it first sees a file and stays
/// the same for as long as the database lives, whatever happens to the
/// file's text, so diagnostics and model locations never carry a path
/// string: each front door turns the id into what it shows (a path relative
/// to the working directory, a URI, a path relative to the workspace root).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(u32);

impl FileId {
    pub const fn new(index: u32) -> Self {
        Self(index)
    }

    pub const fn index(self) -> usize {
        self.0 as usize
    }
}
