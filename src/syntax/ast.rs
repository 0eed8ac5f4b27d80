//! The syntax tree: one statement shape for the whole language.
//!
//! `language.md` gives every construct the same shape: a head word,
//! positional arguments, modifier words with their values, and optionally a
//! block. The tree is exactly that shape, so the parser stays small and
//! which heads are legal where is decided by the statement table of the
//! semantic model, which can then say "unknown statement `writ`; did you
//! mean `write`?" instead of failing to parse.
//!
//! Every node has a span. Comments are kept beside the tree, in source
//! order, for the formatter; `///` doc comments are also attached to the
//! statement they document.

use smallvec::SmallVec;

use super::token::CommentKind;
use crate::text::Span;

/// Text copied from the source into the tree: names and numbers. Most are
/// a few bytes and are stored inline, so building a tree does not allocate
/// once per word (ruff's AST names do the same). Decoded strings, often
/// longer, stay `String`s.
pub type SmolText = compact_str::CompactString;

/// A parsed file: top-level statements (`use`, `spec`, `template`) and every comment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SourceTree {
    pub statements: Vec<Statement>,
    pub comments: Vec<Comment>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Comment {
    pub kind: CommentKind,
    pub span: Span,
}

/// A word as written: a statement head, a modifier keyword, or a path segment.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Name {
    pub text: SmolText,
    pub span: Span,
}

/// `head arg… modifier arg… { block }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Statement {
    pub head: Name,
    /// Positional arguments, before the first modifier word.
    pub args: Vec<Arg>,
    pub modifiers: Vec<Modifier>,
    pub block: Option<Block>,
    /// The text of the `///` comments directly above, without the slashes.
    pub doc: Option<String>,
    /// From the head to the end of the last argument or the closing brace.
    pub span: Span,
    /// Kept by error recovery: the statement did not parse (a syntax error
    /// says why) and holds what came before the bad token, and its block.
    pub partial: bool,
}

impl Statement {
    pub fn modifier(&self, keyword: &str) -> Option<&Modifier> {
        self.modifiers.iter().find(|m| m.keyword.text == keyword)
    }

    /// Statements of the block, or none.
    pub fn children(&self) -> &[Statement] {
        self.block.as_ref().map_or(&[], |b| &b.statements)
    }
}

/// A modifier word and the arguments up to the next modifier or the end:
/// `by test.a, test.b`, `timeout 10m`, `regress <= 5%`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Modifier {
    pub keyword: Name,
    /// Inline when there is one, as after most modifier words.
    pub args: SmallVec<[Arg; 1]>,
}

/// One argument: a single value or a comma-separated list of values.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Arg {
    /// Inline when there is one, as in most arguments.
    pub values: SmallVec<[Value; 1]>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// A string literal, escapes decoded (and a `"""` block dedented).
    Str(String),
    /// A number with its unit as written (`120ms`, `85%`, `3`); the type
    /// checker decides what the unit means.
    Number(SmolText),
    /// A name or a path: `high`, `test.repo_parity`, `std::refactor`.
    Path(Path),
    Compare(CompareOp),
    /// Input the lexer could not read, already reported.
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Path {
    /// Inline up to two, as in `high` and `test.suite`: most paths.
    pub segments: SmallVec<[Name; 2]>,
    /// `separators[i]` stands between `segments[i]` and `segments[i + 1]`.
    pub separators: SmallVec<[PathSeparator; 8]>,
}

impl Path {
    /// A single word, such as `supervised` or `dep`.
    pub fn as_word(&self) -> Option<&str> {
        match self.segments.as_slice() {
            [only] => Some(&only.text),
            _ => None,
        }
    }

    /// The path as written, without spaces: `test.repo_parity`, `std::refactor`.
    pub fn to_text(&self) -> String {
        if let [only] = self.segments.as_slice() {
            return only.text.as_str().to_owned();
        }
        // The separators are one or two bytes: room for the longest.
        let length = self.segments.iter().map(|s| s.text.len() + 2).sum();
        let mut out = String::with_capacity(length);
        self.write_text(&mut out);
        out
    }

    /// [`Path::to_text`], appended to `out`.
    pub fn write_text(&self, out: &mut String) {
        for (i, segment) in self.segments.iter().enumerate() {
            if i > 0 {
                out.push_str(match self.separators.get(i - 1) {
                    Some(PathSeparator::Module) => "::",
                    _ => ".",
                });
            }
            out.push_str(&segment.text);
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PathSeparator {
    /// `.`, between a kind or agent and a member: `test.x`, `agent.task`.
    Dot,
    /// `::`, in module paths: `std::refactor`.
    Module,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompareOp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
}

impl CompareOp {
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
            CompareOp::Eq => "==",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Block {
    pub statements: Vec<Statement>,
    /// From `{` to `}` inclusive.
    pub span: Span,
}
