//! Local tile files: the header of a PMTiles archive (the tiles themselves are read by the
//! map's tile source).

use std::io::Read as _;
use std::path::Path;

use crate::tile_source::{PmTilesInfo, TileSourceError, parse_pmtiles_header};

/// Reads and checks the header of a PMTiles file (127 bytes; call when the setting
/// changes, never per frame).
pub fn read_pmtiles_info(path: &Path) -> Result<PmTilesInfo, TileSourceError> {
    if path.as_os_str().is_empty() {
        return Err(TileSourceError::NoFile);
    }
    let shown = path.display().to_string();
    let unreadable = |e: std::io::Error| TileSourceError::Unreadable {
        path: shown.clone(),
        reason: e.to_string(),
    };
    let mut header = Vec::with_capacity(127);
    std::fs::File::open(path)
        .map_err(unreadable)?
        .take(127)
        .read_to_end(&mut header)
        .map_err(unreadable)?;
    parse_pmtiles_header(&header, &shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_file_and_a_missing_file_are_told_apart() {
        assert_eq!(read_pmtiles_info(Path::new("")), Err(TileSourceError::NoFile));
        assert!(matches!(
            read_pmtiles_info(Path::new("/nonexistent/x.pmtiles")),
            Err(TileSourceError::Unreadable { .. })
        ));
    }
}
