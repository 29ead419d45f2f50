//! The table writer on its own thread: outcomes are handed over in batches through a bounded
//! channel, so that building and encoding the tables of one batch overlaps with the workers
//! reading (or loading from the cache) the next. A run over unchanged files was bound by the
//! one thread that both took the workers' results and wrote the tables.

use std::thread::JoinHandle;

use crossbeam_channel::{Sender, bounded};

use super::{BATCH, OutputError, Writer};
use crate::model::FileOutcome;

/// Batches in flight between the run and the writer thread (each at most [`BATCH`] outcomes).
const IN_FLIGHT: usize = 2;

/// A [`Writer`] running on its own thread.
pub struct Background {
    batch: Vec<FileOutcome>,
    tx: Option<Sender<Vec<FileOutcome>>>,
    handle: Option<JoinHandle<Result<Writer, OutputError>>>,
}

impl Background {
    /// Moves `writer` to a thread of its own.
    ///
    /// # Errors
    /// When the thread cannot be started.
    pub fn spawn(mut writer: Writer) -> Result<Background, OutputError> {
        let (tx, rx) = bounded::<Vec<FileOutcome>>(IN_FLIGHT);
        let handle = std::thread::Builder::new()
            .name("ogi-writer".to_owned())
            .spawn(move || {
                for batch in rx {
                    for outcome in batch {
                        writer.push(outcome)?;
                    }
                }
                Ok(writer)
            })?;
        Ok(Background {
            batch: Vec::with_capacity(BATCH),
            tx: Some(tx),
            handle: Some(handle),
        })
    }

    /// Takes the next outcome, in walk order.
    ///
    /// # Errors
    /// [`OutputError`] when the writer thread failed (its error).
    pub fn push(&mut self, outcome: FileOutcome) -> Result<(), OutputError> {
        self.batch.push(outcome);
        if self.batch.len() >= BATCH {
            self.send()?;
        }
        Ok(())
    }

    fn send(&mut self) -> Result<(), OutputError> {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        let sent = self.tx.as_ref().is_some_and(|tx| tx.send(batch).is_ok());
        if sent {
            Ok(())
        } else {
            // The thread stopped early: its error says why.
            self.join().map(drop)
        }
    }

    fn join(&mut self) -> Result<Writer, OutputError> {
        drop(self.tx.take());
        match self.handle.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(std::io::Error::other("the table writer panicked").into()),
            None => Err(std::io::Error::other("the table writer already stopped").into()),
        }
    }

    /// Hands over what is left and waits for the thread: the writer, every outcome taken.
    ///
    /// # Errors
    /// [`OutputError`] when the writer thread failed.
    pub fn finish(mut self) -> Result<Writer, OutputError> {
        if !self.batch.is_empty() {
            self.send()?;
        }
        self.join()
    }
}
