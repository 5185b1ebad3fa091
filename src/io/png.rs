//! PNG files.

use std::path::Path;

use image::RgbaImage;

/// Why a PNG was not written (the caller names the file).
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("{0}")]
    Encode(#[from] image::ImageError),
    #[error("{}", super::atomic::describe(.0))]
    Write(#[from] std::io::Error),
}

/// Writes `image` as a PNG file, atomically (an existing file is replaced whole or not at
/// all).
pub fn write_png(image: &RgbaImage, path: &Path) -> Result<(), PngError> {
    write_png_on(&super::atomic::RealDisk, image, path)
}

/// [`write_png`] through `disk`: on a failure the previous file at `path` is untouched
/// and no temporary file is left.
pub fn write_png_on(disk: &dyn super::atomic::Disk, image: &RgbaImage, path: &Path) -> Result<(), PngError> {
    let mut bytes = Vec::new();
    image.write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png)?;
    super::atomic::write_atomic_on(disk, path, &bytes)?;
    Ok(())
}
