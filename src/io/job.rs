//! One kind of background job for the window: work on its own thread with a progress
//! value, a cancel flag and a result, polled each frame without blocking.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread::JoinHandle;

/// The job's thread ended without a result (it panicked).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the background task stopped unexpectedly")]
pub struct JobPanicked;

/// What the work sees of its job: where to report progress and whether to stop.
pub struct JobControl {
    progress: Arc<AtomicU32>,
    cancel: Arc<AtomicBool>,
    notify: Box<dyn Fn() + Send>,
}

impl JobControl {
    /// Reports the fraction done (0…1) and calls the job's `notify`.
    pub fn set_progress(&self, fraction: f32) {
        self.progress.store(fraction.to_bits(), Ordering::Relaxed);
        (self.notify)();
    }

    /// Whether the job was asked to stop (by [`Job::cancel`] or by dropping it).
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// Work running on its own thread, returning a `T` (usually a `Result`). Poll
/// [`Job::progress`] each frame, [`Job::cancel`] on request, and take the result with
/// [`Job::try_finish`]. Dropping a running job cancels it (the work sees
/// [`JobControl::is_cancelled`]) and lets its thread end on its own.
pub struct Job<T> {
    progress: Arc<AtomicU32>,
    cancel: Arc<AtomicBool>,
    /// The result, sent before the final `notify` so that the repaint it asks for finds
    /// it; `None` once taken.
    result: Option<Receiver<T>>,
    handle: JoinHandle<()>,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a new thread named `name`. `notify` is called from that thread
    /// whenever the work reports progress and once when it ends (e.g. to request a
    /// repaint). Fails only when no thread can be started.
    pub fn spawn(
        name: &str,
        notify: impl Fn() + Send + 'static,
        work: impl FnOnce(&JobControl) -> T + Send + 'static,
    ) -> std::io::Result<Job<T>> {
        let progress = Arc::new(AtomicU32::new(0f32.to_bits()));
        let cancel = Arc::new(AtomicBool::new(false));
        let control = JobControl {
            progress: Arc::clone(&progress),
            cancel: Arc::clone(&cancel),
            notify: Box::new(notify),
        };
        let (sender, receiver) = mpsc::channel();
        let handle = std::thread::Builder::new().name(name.to_string()).spawn(move || {
            let result = work(&control);
            control.progress.store(1f32.to_bits(), Ordering::Relaxed);
            // The receiver is gone only if the job was dropped meanwhile.
            let _ = sender.send(result);
            (control.notify)();
        })?;
        Ok(Job {
            progress,
            cancel,
            result: Some(receiver),
            handle,
        })
    }
}

impl<T> Job<T> {
    /// The fraction done, 0…1, as the work last reported it (1 once it has ended).
    pub fn progress(&self) -> f32 {
        f32::from_bits(self.progress.load(Ordering::Relaxed))
    }

    /// Asks the work to stop; what it then returns is up to the work.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether the work has ended (its thread is done, or the result was taken).
    pub fn is_finished(&self) -> bool {
        self.result.is_none() || self.handle.is_finished()
    }

    /// The result once the work has returned it, else `None`; never blocks. Returns it
    /// only once.
    pub fn try_finish(&mut self) -> Option<Result<T, JobPanicked>> {
        let outcome = match self.result.as_ref()?.try_recv() {
            Ok(result) => Ok(result),
            Err(TryRecvError::Empty) => return None,
            // The thread ended without sending: the work panicked.
            Err(TryRecvError::Disconnected) => Err(JobPanicked),
        };
        self.result = None;
        Some(outcome)
    }

    /// Blocks until the work returns and hands its result over (`None` if already taken).
    pub fn wait(&mut self) -> Option<Result<T, JobPanicked>> {
        let receiver = self.result.take()?;
        Some(receiver.recv().map_err(|_| JobPanicked))
    }
}

impl<T> Drop for Job<T> {
    fn drop(&mut self) {
        if self.result.is_some() {
            self.cancel();
        }
    }
}

impl<T> fmt::Debug for Job<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Job")
            .field("progress", &self.progress())
            .field("finished", &self.is_finished())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_result_is_ready_when_the_last_notify_arrives() {
        for _ in 0..50 {
            let (tx, rx) = std::sync::mpsc::channel();
            let mut job = Job::spawn(
                "test-job",
                move || {
                    let _ = tx.send(());
                },
                |_| 7,
            )
            .expect("thread");
            // The only notify is the final one: the repaint it asks for must find the result.
            rx.recv().expect("notified");
            assert_eq!(job.try_finish(), Some(Ok(7)));
        }
    }

    #[test]
    fn a_job_reports_progress_and_hands_its_result_over_once() {
        let mut job = Job::spawn(
            "test-job",
            || {},
            |c| {
                c.set_progress(0.5);
                21 * 2
            },
        )
        .expect("thread");
        assert_eq!(job.wait(), Some(Ok(42)));
        assert_eq!(job.progress(), 1.0);
        assert!(job.is_finished());
        assert_eq!(job.try_finish(), None);
    }

    #[test]
    fn a_cancelled_job_sees_the_flag() {
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let mut job = Job::spawn(
            "test-job",
            || {},
            move |c| {
                let _ = wait.recv();
                c.is_cancelled()
            },
        )
        .expect("thread");
        job.cancel();
        let _ = go.send(());
        assert_eq!(job.wait(), Some(Ok(true)));
    }

    #[test]
    fn a_job_whose_work_panics_says_so() {
        let mut job = Job::spawn("test-job", || {}, |_| -> u8 { panic!("boom") }).expect("thread");
        assert_eq!(job.wait(), Some(Err(JobPanicked)));
    }
}
