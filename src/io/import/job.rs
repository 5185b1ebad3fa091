//! Running an import in a thread.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::thread::JoinHandle;

use super::{ImportError, ImportOptions, import_geojson};
use crate::model::UserLayer;

/// An import running in its own thread, for the window: poll [`ImportJob::progress`]
/// each frame, [`ImportJob::cancel`] on request, and take the result with
/// [`ImportJob::try_finish`]. Dropping a running job cancels it.
pub struct ImportJob {
    path: PathBuf,
    progress: Arc<AtomicU32>,
    cancel: Arc<AtomicBool>,
    handle: Option<JoinHandle<Result<UserLayer, ImportError>>>,
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
        let progress = Arc::new(AtomicU32::new(0f32.to_bits()));
        let cancel = Arc::new(AtomicBool::new(false));
        let (p, c, thread_path) = (progress.clone(), cancel.clone(), path.clone());
        let handle = std::thread::Builder::new()
            .name("geojson-import".into())
            .spawn(move || {
                let result = import_geojson(&thread_path, &options, &|f| {
                    p.store(f.to_bits(), Ordering::Relaxed);
                    notify();
                    !c.load(Ordering::Relaxed)
                });
                p.store(1f32.to_bits(), Ordering::Relaxed);
                notify();
                result
            })
            .map_err(|source| ImportError::Read {
                file: path.display().to_string(),
                source,
            })?;
        Ok(ImportJob {
            path,
            progress,
            cancel,
            handle: Some(handle),
        })
    }

    /// The file being imported.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The fraction done, 0…1 (see the module docs for what it measures).
    pub fn progress(&self) -> f32 {
        f32::from_bits(self.progress.load(Ordering::Relaxed))
    }

    /// Asks the import to stop; it then ends soon with [`ImportError::Cancelled`].
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether the thread has ended (the result is ready or was taken).
    pub fn is_finished(&self) -> bool {
        self.handle.as_ref().is_none_or(JoinHandle::is_finished)
    }

    /// The result once the thread has ended, else `None`. Returns it only once.
    pub fn try_finish(&mut self) -> Option<Result<UserLayer, ImportError>> {
        if !self.handle.as_ref()?.is_finished() {
            return None;
        }
        self.wait()
    }

    /// Blocks until the import ends and returns its result (`None` if already taken).
    pub fn wait(&mut self) -> Option<Result<UserLayer, ImportError>> {
        let handle = self.handle.take()?;
        Some(handle.join().unwrap_or_else(|_| {
            Err(ImportError::Internal {
                file: self.path.display().to_string(),
            })
        }))
    }
}

impl Drop for ImportJob {
    fn drop(&mut self) {
        if self.handle.is_some() {
            self.cancel();
        }
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
