//! An ordered parallel map over a stream: items are pulled from an iterator, processed by worker
//! threads (with a stack size of our choosing), and handed to a sink on the calling thread in
//! the order they came, through a reorder buffer of at most `window` items. Memory is bounded by
//! the window whatever the length of the stream; order, and so the output, does not depend on
//! the number of threads.

use std::collections::BTreeMap;

use crossbeam_channel::bounded;

/// How the map runs.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Worker threads.
    pub threads: usize,
    /// Items in flight at most (pulled but not yet handed to the sink).
    pub window: usize,
    /// Stack size of each worker, bytes.
    pub stack: usize,
}

/// Maps `f` over `items` on `options.threads` workers and feeds the results to `sink` in order.
/// Stops at the first error of the sink, which it returns.
///
/// # Errors
/// The sink's first error, or an error when a worker thread cannot be started.
pub fn ordered_map<I, T, R, E>(
    items: I,
    options: Options,
    f: impl Fn(T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    I: Iterator<Item = T> + Send,
    T: Send,
    R: Send,
    E: From<std::io::Error>,
{
    let window = options.window.max(1);
    let (job_tx, job_rx) = bounded::<(u64, T)>(window);
    let (res_tx, res_rx) = bounded::<(u64, R)>(window);
    let (token_tx, token_rx) = bounded::<()>(window);
    for _ in 0..window {
        let _ = token_tx.send(());
    }
    std::thread::scope(|scope| {
        let feeder = std::thread::Builder::new()
            .name("ogi-walk".into())
            .spawn_scoped(scope, move || {
                for (seq, item) in (0u64..).zip(items) {
                    if token_rx.recv().is_err() || job_tx.send((seq, item)).is_err() {
                        return;
                    }
                }
            })?;
        let mut workers = Vec::with_capacity(options.threads);
        for n in 0..options.threads.max(1) {
            let (job_rx, res_tx, f) = (job_rx.clone(), res_tx.clone(), &f);
            workers.push(
                std::thread::Builder::new()
                    .name(format!("ogi-worker-{n}"))
                    .stack_size(options.stack)
                    .spawn_scoped(scope, move || {
                        for (seq, item) in job_rx {
                            if res_tx.send((seq, f(item))).is_err() {
                                return;
                            }
                        }
                    })?,
            );
        }
        drop((job_rx, res_tx));
        let mut pending = BTreeMap::new();
        let mut next = 0u64;
        let mut result = Ok(());
        'receive: for (seq, r) in &res_rx {
            pending.insert(seq, r);
            while let Some(r) = pending.remove(&next) {
                next += 1;
                if let Err(e) = sink(r) {
                    result = Err(e);
                    break 'receive;
                }
                let _ = token_tx.send(());
            }
        }
        // On an error, closing the channels stops the feeder and the workers.
        drop((token_tx, res_rx));
        let _ = feeder.join();
        for w in workers {
            let _ = w.join();
        }
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_whatever_the_timing() {
        let options = Options {
            threads: 4,
            window: 8,
            stack: 1 << 20,
        };
        let mut got = Vec::new();
        ordered_map(
            0..500u64,
            options,
            |i| {
                std::thread::sleep(std::time::Duration::from_micros((i * 7919) % 300));
                i * 2
            },
            |r| {
                got.push(r);
                Ok::<(), std::io::Error>(())
            },
        )
        .unwrap();
        assert_eq!(got, (0..500).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn at_most_a_window_of_items_is_in_flight() {
        use std::sync::atomic::{AtomicU64, Ordering};
        let pulled = AtomicU64::new(0);
        let options = Options {
            threads: 2,
            window: 4,
            stack: 1 << 20,
        };
        let items = (0..100u64).inspect(|_| {
            pulled.fetch_add(1, Ordering::SeqCst);
        });
        let mut handed = 0u64;
        ordered_map(
            items,
            options,
            |i| i,
            |_| {
                handed += 1;
                // Pulled but not yet handed over: at most the window (plus the one being pulled).
                assert!(pulled.load(Ordering::SeqCst) <= handed + 4 + 1);
                Ok::<(), std::io::Error>(())
            },
        )
        .unwrap();
        assert_eq!(handed, 100);
    }

    #[test]
    fn the_sink_s_error_stops_the_map() {
        let options = Options {
            threads: 2,
            window: 4,
            stack: 1 << 20,
        };
        let mut seen = 0;
        let err = ordered_map(
            0..1_000_000u64,
            options,
            |i| i,
            |i| {
                seen += 1;
                if i == 10 {
                    Err(std::io::Error::other("disk full"))
                } else {
                    Ok(())
                }
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(seen, 11);
    }
}
