//! Reading a FeatureCollection's features on several threads.
//!
//! The `features` array is cut into contiguous runs of whole features of about equal
//! size ([`scan::split_points`] guesses where features start near the cut points). Each
//! run is read on its own scoped thread, feature by feature: the hand-written
//! [`FastReader`] reads the feature and finds where it ends; where it declines, the
//! scanner finds the end and the sequential reader's [`FeatureSeed`] reads exactly that
//! slice of the text (so line and column of an error are those in the whole file, and
//! the words the same); the scanner checks the separator that follows. A run ends when it lands exactly on
//! the start of a later run (which confirms that start: the first run starts at the
//! first feature, so by induction every start in the chain is a real feature start), or
//! at the array's `]`. A run that steps over a guessed start reads on to the next one,
//! and the run it stepped over is discarded.
//!
//! The rest of the object (`type`, `name`, `crs`, foreign members, `bbox`) is read by
//! the sequential reader from the text with the features array replaced by `[]`: the
//! members before the array first (an error there refuses the file before any feature
//! is read), all of them once the runs are done. Runs share a cancel flag (set when
//! `progress` says stop) and a feature count (past the limit they stop); progress is
//! the bytes read by all runs, reported from the calling thread, which reads the first
//! run itself.
//!
//! Errors are those the sequential reader reports: the first error in file order
//! (members before the array, then the features in order), with the feature's index in
//! the whole array. Whenever that cannot be told for sure — the scanner's doubt, an
//! error after the array, a collection over [`ImportOptions::max_features`] — the
//! caller reads the file again the sequential way ([`Outcome::Sequential`]).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use serde::de::DeserializeSeed;

use super::fast::FastReader;
use super::parse::{Ctx, Doc, DocSeed, FeatureSeed, Seg};
use super::scan::{self, Next};
use super::{ImportError, ImportOptions};
use crate::model::UserFeature;

/// What the parallel reader made of the text.
pub(super) enum Outcome {
    /// The top-level object (features and other members), as the sequential reader
    /// would have read it.
    Read(Doc),
    /// The error the sequential reader would have reported.
    Failed(ImportError),
    /// Not a case the parallel reader is sure about: read the text sequentially.
    Sequential,
}

/// How one run of features ended.
enum End {
    /// At the start of run `k` (a later run).
    Landed(usize),
    /// At the `]` closing the array (its index).
    Close(usize),
    /// At an error in its feature number `local` (counted within the run).
    Failed {
        error: ImportError,
        local: usize,
    },
    /// At something the scanner does not follow.
    Doubt,
    Cancelled,
}

/// One run's features and how it ended.
struct Run {
    features: Vec<UserFeature>,
    end: End,
}

/// How many features a run reads between updates of [`Shared::read`].
const BATCH: usize = 64;

/// What a run tells the thread that waits for the runs.
enum Note {
    /// It read another 1/200 of the text.
    Moved,
    /// It ended.
    Ended,
}

/// The state the runs share with the thread that waits for them.
struct Shared {
    cancel: AtomicBool,
    /// Features read by all runs so far (counted in batches): past
    /// [`ImportOptions::max_features`] the runs stop, so a collection over the limit is
    /// not read whole before it is refused.
    read: AtomicUsize,
    max_features: usize,
    /// Bytes read so far by each run.
    done: Vec<AtomicUsize>,
}

/// Reads `text` (the contents of `file`) on `threads` threads; see the module docs.
/// `progress` is called from this thread only, over `span`.
pub(super) fn read(
    file: &str,
    text: &str,
    options: &ImportOptions,
    threads: usize,
    progress: &dyn Fn(f32) -> bool,
    span: (f32, f32),
) -> Outcome {
    let b = text.as_bytes();
    let Some((open, Some(first))) = scan::find_features(b) else {
        return Outcome::Sequential;
    };
    // The members before the array first: an error there (an unsupported `crs`, say)
    // comes before any feature's, and the file is refused without reading the features.
    let head = format!("{}[]}}", &text[..open]);
    match top_level(file, text, &head, open, options) {
        Top::Read(_) | Top::Later => {}
        Top::Failed(e) => return Outcome::Failed(e),
        Top::NotFeatures => return Outcome::Sequential,
    }
    let starts = scan::split_points(b, first, threads);
    let shared = Shared {
        cancel: AtomicBool::new(false),
        read: AtomicUsize::new(0),
        max_features: options.max_features,
        done: starts.iter().map(|_| AtomicUsize::new(0)).collect(),
    };
    let runs = run_all(file, text, options, &starts, &shared, progress, span);
    if shared.cancel.load(Ordering::Relaxed) {
        return Outcome::Failed(ImportError::Cancelled { file: file.to_string() });
    }
    let (features, close) = match chain(runs, options.max_features) {
        Chained::Read { features, close } => (features, close),
        // The members before the array are fine and the array holds features.
        Chained::Failed(e) => return Outcome::Failed(e),
        Chained::Cancelled => return Outcome::Failed(ImportError::Cancelled { file: file.to_string() }),
        Chained::Doubt => return Outcome::Sequential,
    };
    let whole = format!("{}[]{}", &text[..open], &text[close + 1..]);
    match top_level(file, text, &whole, open, options) {
        Top::Read(mut doc) if doc.collection => {
            doc.features = features;
            Outcome::Read(doc)
        }
        // Not a collection after all, or an error after the array.
        _ => Outcome::Sequential,
    }
}

/// What the sequential reader makes of the top-level object with the features array
/// replaced by `[]`.
enum Top {
    /// Read, with the features array read as the features of a collection.
    Read(Doc),
    /// Failed before the array, with the error the whole file gives.
    Failed(ImportError),
    /// Failed after the array, with the array read as features.
    Later,
    /// The array is not read as features (the object is a Feature or a geometry, or
    /// has another `features` array).
    NotFeatures,
}

/// Reads `spliced`: `text` up to the features array (whose `[` is at `open`), `[]`,
/// and then some of the rest.
fn top_level(file: &str, text: &str, spliced: &str, open: usize, options: &ImportOptions) -> Top {
    let no_progress = |_: f32| true;
    let ctx = Ctx::new(spliced, options.gcj02, &no_progress, (0.0, 1.0)).with_max_features(options.max_features);
    let mut de = serde_json::Deserializer::from_str(spliced);
    let top = DocSeed { ctx: &ctx }.deserialize(&mut de).and_then(|doc| {
        de.end()?;
        Ok(doc)
    });
    match top {
        // The text up to the array is the file's.
        Err(e) if byte_index(spliced, e.line(), e.column()) <= open => Top::Failed(ctx.error(file, text, &e)),
        _ if ctx.features_arrays.get() != 1 => Top::NotFeatures,
        Err(_) => Top::Later,
        Ok(doc) => Top::Read(doc),
    }
}

/// Reads the first run on this thread and the others on threads of their own, and waits
/// for them all, reporting progress meanwhile.
fn run_all(
    file: &str,
    text: &str,
    options: &ImportOptions,
    starts: &[usize],
    shared: &Shared,
    progress: &dyn Fn(f32) -> bool,
    span: (f32, f32),
) -> Vec<Option<Run>> {
    let (tx, rx) = mpsc::channel::<Note>();
    let total = (text.len() - starts[0]).max(1);
    let last = std::cell::Cell::new(span.0);
    // Reports the bytes read by all runs, when they moved by 1/200 since the last report.
    let report = || {
        if shared.cancel.load(Ordering::Relaxed) {
            return;
        }
        let done: usize = shared.done.iter().map(|d| d.load(Ordering::Relaxed)).sum();
        let fraction = span.0 + (span.1 - span.0) * (done as f32 / total as f32).min(1.0);
        // At most 1/100 at a time, whichever thread got ahead: progress moves smoothly
        // and never runs ahead of the bytes read.
        let fraction = fraction.min(last.get() + (span.1 - span.0) / 100.0);
        if fraction - last.get() >= (span.1 - span.0) / 200.0 {
            last.set(fraction);
            if !progress(fraction) {
                shared.cancel.store(true, Ordering::Relaxed);
            }
        }
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = (1..starts.len())
            .map(|k| {
                let tx = tx.clone();
                scope.spawn(move || {
                    let note = || {
                        // The waiting thread may have stopped listening; nothing to do then.
                        let _ = tx.send(Note::Moved);
                    };
                    let run = read_run(file, text, options.gcj02, starts, k, shared, (total / 200 + 1, &note));
                    let _ = tx.send(Note::Ended);
                    run
                })
            })
            .collect();
        drop(tx);
        let first = read_run(
            file,
            text,
            options.gcj02,
            starts,
            0,
            shared,
            (total / 1000 + 1, &report),
        );
        let mut ended = 0;
        while ended < handles.len() {
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(Note::Ended) => ended += 1,
                Ok(Note::Moved) | Err(mpsc::RecvTimeoutError::Timeout) => {}
                // Every run has ended (one may have panicked without saying so).
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            report();
        }
        // A run that panicked is missing; the chain through it falls back to the
        // sequential reader.
        std::iter::once(Some(first))
            .chain(handles.into_iter().map(|h| h.join().ok()))
            .collect()
    })
}

/// Reads the run that starts at `starts[k]` until it lands on a later start or the
/// array closes; calls `note` each time it read another `step` bytes.
fn read_run(
    file: &str,
    text: &str,
    gcj02: bool,
    starts: &[usize],
    k: usize,
    shared: &Shared,
    (step, note): (usize, &dyn Fn()),
) -> Run {
    let b = text.as_bytes();
    let no_progress = |_: f32| true;
    let ctx = Ctx::new(text, gcj02, &no_progress, (0.0, 1.0));
    let mut fast = FastReader::new();
    let mut features = Vec::new();
    let mut next = k + 1;
    let mut p = starts[k];
    let mut next_note = p + step;
    let end = loop {
        if shared.cancel.load(Ordering::Relaxed) {
            break End::Cancelled;
        }
        // The fast reader finds the feature's end itself; where it declines, the
        // scanner finds it and the serde visitors read the feature.
        let (parsed, e) = match fast.feature(&ctx, text, p) {
            Some((f, e)) => (Ok((f, true)), e),
            None => {
                let Some(e) = scan::container_end(b, p, scan::MAX_FEATURE_DEPTH) else {
                    break End::Doubt;
                };
                if b[e - 1] != b'}' {
                    break End::Doubt;
                }
                let mut de = serde_json::Deserializer::from_str(&text[p..e]);
                let parsed = FeatureSeed { ctx: &ctx }
                    .deserialize(&mut de)
                    .map(|f| (f, de.end().is_ok()));
                (parsed, e)
            }
        };
        match parsed {
            Ok((f, true)) => {
                features.push(f);
                if features.len().is_multiple_of(BATCH)
                    && shared.read.fetch_add(BATCH, Ordering::Relaxed) + BATCH > shared.max_features
                {
                    // Over the limit (or runs overlapped): the sequential reader decides.
                    break End::Doubt;
                }
            }
            Ok(_) => break End::Doubt,
            // An error at the slice's last byte or its end may be the slice's end, not
            // the file's: where the scanner took an escaped quote (`\u"`) for a string's
            // end, serde_json reading on finds an invalid escape instead (a fuzzer's find).
            Err(err) if byte_index(&text[p..e], err.line(), err.column()) + 1 >= e - p => break End::Doubt,
            Err(err) => {
                ctx.path.borrow_mut().push(Seg::Feature(features.len()));
                break End::Failed {
                    error: ctx.error_at(file, text, &err, p),
                    local: features.len(),
                };
            }
        }
        if let Some(done) = shared.done.get(k) {
            done.store(e - starts[k], Ordering::Relaxed);
        }
        if e >= next_note {
            next_note = e + step;
            note();
        }
        match scan::next_element(b, e) {
            None => break End::Doubt,
            Some(Next::Close(close)) => break End::Close(close),
            Some(Next::Feature(q)) => p = q,
        }
        while starts.get(next).is_some_and(|&s| s < p) {
            next += 1;
        }
        if starts.get(next) == Some(&p) {
            break End::Landed(next);
        }
    };
    Run { features, end }
}

/// The runs put together from the first.
enum Chained {
    Read { features: Vec<UserFeature>, close: usize },
    Failed(ImportError),
    Doubt,
    Cancelled,
}

/// Follows the runs from the first, each to the one it landed on; `max_features` holds
/// for the whole array.
fn chain(mut runs: Vec<Option<Run>>, max_features: usize) -> Chained {
    let mut features: Vec<UserFeature> = Vec::new();
    let mut k = 0;
    loop {
        let Some(Run {
            features: mut part,
            end,
        }) = runs.get_mut(k).and_then(Option::take)
        else {
            return Chained::Doubt;
        };
        let before = features.len();
        if features.is_empty() {
            features = part;
        } else {
            features.append(&mut part);
        }
        // The sequential reader stops at feature `max_features` (counted from 0) if it reads.
        if features.len() > max_features {
            return Chained::Doubt;
        }
        match end {
            End::Landed(next) => k = next,
            End::Close(close) => return Chained::Read { features, close },
            End::Failed { error, local } => {
                if before + local > max_features {
                    return Chained::Doubt;
                }
                return Chained::Failed(renumber(error, before));
            }
            End::Doubt => return Chained::Doubt,
            End::Cancelled => return Chained::Cancelled,
        }
    }
}

/// The error with its feature index counted in the whole array (`before` features
/// precede its run).
fn renumber(mut error: ImportError, before: usize) -> ImportError {
    if let ImportError::Json { feature, .. }
    | ImportError::Truncated { feature, .. }
    | ImportError::Invalid { feature, .. } = &mut error
        && let Some(f) = feature
    {
        *f += before;
    }
    error
}

/// The byte index of serde_json's (line, byte column) in `text`.
fn byte_index(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match memchr::memchr(b'\n', &text.as_bytes()[start..]) {
            Some(k) => start += k + 1,
            None => return text.len(),
        }
    }
    start + column
}
