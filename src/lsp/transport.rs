//! JSON-RPC over stdin/stdout, with threads that survive bad input.
//!
//! `lsp_server::Connection::stdio` stops reading at the first message whose
//! body is not JSON; here such a body (already consumed, so the stream is
//! still in step) is answered with a parse error and reading goes on. Only
//! a broken header, which loses the framing, or the end of input stops it.

use std::io::{self, BufReader};
use std::thread::JoinHandle;

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Message, Notification};

pub struct Transport {
    pub sender: Sender<Message>,
    pub receiver: Receiver<Message>,
    threads: Vec<JoinHandle<()>>,
}

/// JSON-RPC's "Parse error".
pub const PARSE_ERROR: i32 = -32700;

/// What the reader passes to the main loop for a body that is not a message.
pub const INVALID_MESSAGE: &str = "$/charter/invalidMessage";

impl Transport {
    pub fn stdio() -> Transport {
        let (to_client, outgoing) = crossbeam_channel::unbounded::<Message>();
        let (incoming, from_client) = crossbeam_channel::unbounded::<Message>();
        let writer = std::thread::spawn(move || {
            let mut stdout = io::stdout().lock();
            for message in outgoing {
                // A client that went away: nothing left to write to.
                if message.write(&mut stdout).is_err() {
                    break;
                }
            }
        });
        let reader = std::thread::spawn(move || {
            let mut stdin = BufReader::new(io::stdin().lock());
            loop {
                match read_one(&mut stdin) {
                    Read::Message(message) => {
                        if incoming.send(message).is_err() {
                            break;
                        }
                    }
                    Read::BadBody(error) => {
                        // The main loop answers it: only the main side may
                        // hold the writer's channel, so the writer ends
                        // when the server does.
                        let notice = Notification::new(INVALID_MESSAGE.to_owned(), error);
                        if incoming.send(Message::Notification(notice)).is_err() {
                            break;
                        }
                    }
                    Read::End => break,
                }
            }
        });
        Transport {
            sender: to_client,
            receiver: from_client,
            threads: vec![writer, reader],
        }
    }

    /// Waits for the writer to flush what was sent; the reader is not
    /// waited for, since it may be blocked on a client that never closes.
    pub fn join(mut self) {
        drop(self.sender);
        drop(self.receiver);
        if !self.threads.is_empty() {
            let writer = self.threads.remove(0);
            let _ = writer.join();
        }
    }
}

enum Read {
    Message(Message),
    BadBody(String),
    End,
}

fn read_one(input: &mut impl io::BufRead) -> Read {
    match Message::read(input) {
        Ok(Some(message)) => Read::Message(message),
        Ok(None) => Read::End,
        Err(error) if error.to_string().starts_with("malformed LSP payload") => {
            Read::BadBody(error.to_string())
        }
        Err(_) => Read::End,
    }
}
