//! PNG files.

use std::path::Path;

use image::RgbaImage;

/// Why a PNG was not written (the caller names the file).
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("{0}")]
    Encode(#[from] image::ImageError),
    #[error("{0}")]
    Write(#[from] std::io::Error),
}

/// Writes `image` as a PNG file, atomically (an existing file is replaced whole or not at
/// all).
pub fn write_png(image: &RgbaImage, path: &Path) -> Result<(), PngError> {
    let mut bytes = Vec::new();
    image.write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png)?;
    super::atomic::write_atomic(path, &bytes)?;
    Ok(())
}
