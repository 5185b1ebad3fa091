//! Running an import in a thread (an [`io::job::Job`](crate::io::job::Job) that knows its
//! file).

use std::fmt;
use std::path::{Path, PathBuf};

use super::{ImportError, ImportOptions, import_geojson};
use crate::io::job::{Job, JobPanicked};
use crate::model::UserLayer;

/// An import running in its own thread, for the window: poll [`ImportJob::progress`]
/// each frame, [`ImportJob::cancel`] on request, and take the result with
/// [`ImportJob::try_finish`]. Dropping a running job cancels it.
pub struct ImportJob {
    path: PathBuf,
    job: Job<Result<UserLayer, ImportError>>,
}

impl ImportJob {
    /// Starts importing `path` in a new thread. `notify` is called from that thread
    /// whenever the progress moves and once when the import ends (e.g. to request a
    /// repaint). Fails only when no thread can be started.
    pub fn spawn(
        path: PathBuf,
        options: ImportOptions,
        notify: impl Fn() + Send + 'static,
    ) -> Result<ImportJob, ImportError> {
        let thread_path = path.clone();
        let job = Job::spawn("geojson-import", notify, move |control| {
            import_geojson(&thread_path, &options, &|f| {
                control.set_progress(f);
                !control.is_cancelled()
            })
        })
        .map_err(|source| ImportError::Read {
            file: path.display().to_string(),
            source,
        })?;
        Ok(ImportJob { path, job })
    }

    /// The file being imported.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The fraction done, 0…1 (see the module docs for what it measures).
    pub fn progress(&self) -> f32 {
        self.job.progress()
    }

    /// Asks the import to stop; it then ends soon with [`ImportError::Cancelled`].
    pub fn cancel(&self) {
        self.job.cancel();
    }

    /// Whether the thread has ended (the result is ready or was taken).
    pub fn is_finished(&self) -> bool {
        self.job.is_finished()
    }

    /// The result once the thread has ended, else `None`. Returns it only once.
    pub fn try_finish(&mut self) -> Option<Result<UserLayer, ImportError>> {
        let result = self.job.try_finish()?;
        Some(self.outcome(result))
    }

    /// Blocks until the import ends and returns its result (`None` if already taken).
    pub fn wait(&mut self) -> Option<Result<UserLayer, ImportError>> {
        let result = self.job.wait()?;
        Some(self.outcome(result))
    }

    /// The import's result; a thread that panicked is an internal error naming the file.
    fn outcome(&self, result: Result<Result<UserLayer, ImportError>, JobPanicked>) -> Result<UserLayer, ImportError> {
        result.unwrap_or_else(|JobPanicked| {
            Err(ImportError::Internal {
                file: self.path.display().to_string(),
            })
        })
    }
}

impl fmt::Debug for ImportJob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImportJob")
            .field("path", &self.path)
            .field("progress", &self.progress())
            .field("finished", &self.is_finished())
            .finish()
    }
}
