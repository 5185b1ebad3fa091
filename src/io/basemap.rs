//! The basemap's files on disk: a `maps/` folder read for `--maps DIR` (check, export,
//! render). Parsing is [`crate::basemap`]'s; this only reads. (The generator, `build-maps`,
//! is a program of its own in `src/bin/build-maps/` and writes its files through
//! [`super::write_atomic`].)

use std::path::Path;

use crate::basemap::{
    Basemap, BasemapError, CONTEXT_LAND_FILE, DIVISIONS_FILE, FUNCTIONAL_AREAS_FILE, LAND_FILE, PLACES_FILE,
    README_FILE,
};

fn read_error(path: &Path) -> impl FnOnce(std::io::Error) -> BasemapError {
    let path = path.display().to_string();
    move |source| BasemapError::Read { path, source }
}

/// The text of the file `name` in `dir`.
fn read_in(dir: &Path, name: &str) -> Result<String, BasemapError> {
    let path = dir.join(name);
    std::fs::read_to_string(&path).map_err(read_error(&path))
}

/// The layers in a `maps/` directory on disk (for `check --maps DIR`); its file list is
/// every visible file in it, sorted. The context land is read when the folder has it
/// (an older maps folder without it draws no land beyond the data box).
pub fn basemap_from_dir(dir: &Path) -> Result<Basemap, BasemapError> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .map_err(read_error(dir))?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.'))
        .collect();
    files.sort();
    let has_context = files.iter().any(|f| f == CONTEXT_LAND_FILE);
    let basemap = Basemap::from_texts(
        &read_in(dir, LAND_FILE)?,
        &read_in(dir, DIVISIONS_FILE)?,
        &read_in(dir, FUNCTIONAL_AREAS_FILE)?,
        &read_in(dir, PLACES_FILE)?,
        &read_in(dir, README_FILE)?,
        files,
    )?;
    if has_context {
        basemap.with_context_land(&read_in(dir, CONTEXT_LAND_FILE)?)
    } else {
        Ok(basemap)
    }
}
