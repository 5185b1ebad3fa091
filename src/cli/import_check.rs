//! `import-check`: a GeoJSON file imported as the window would, summarised in one line.

use std::io::Write;
use std::path::Path;

use super::CliError;

/// `import-check`: imports `file` with the window's importer and prints one line per
/// layer: name, features by geometry type, bbox (lon/lat, 6 decimals), properties seen.
pub(super) fn import_check(file: &Path, gcj02: bool, out: &mut dyn Write) -> Result<(), CliError> {
    let options = crate::io::ImportOptions {
        gcj02,
        ..Default::default()
    };
    let layer = crate::io::import_geojson(file, &options, &|_| true)?;
    let counts: Vec<String> = layer
        .geometry_counts()
        .iter()
        .map(|(t, n)| format!("{n} {}", if *t == "null" { "without geometry" } else { t }))
        .collect();
    let bbox = match layer.bbox() {
        Some([x0, y0, x1, y1]) => format!("bbox lon/lat {x0:.6},{y0:.6} to {x1:.6},{y1:.6}"),
        None => "no bbox".to_string(),
    };
    let names: Vec<&str> = layer.property_names().into_iter().collect();
    let or_none = |list: String| if list.is_empty() { "none".to_string() } else { list };
    writeln!(
        out,
        "{}: {} features ({}); {bbox}{}; properties: {}",
        layer.name,
        layer.features.len(),
        or_none(counts.join(", ")),
        if gcj02 { " (converted from GCJ-02)" } else { "" },
        or_none(names.join(", "))
    )?;
    Ok(())
}
