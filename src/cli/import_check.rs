//! `import-check`: a file imported as the window would: what it holds (the probe), then
//! one summary line per imported layer.

use std::io::Write;
use std::path::Path;

use super::convert::{choose_layer, read, read_options, write_probe};
use super::{CliError, ReadFlags};
use crate::crs::Crs;

/// `import-check`: prints the probe of `file` (one line per layer: name, count, geometry
/// type, coordinate system and how it is known, encoding), then imports it with the
/// window's importer and prints one line per layer: name, features by geometry type, bbox
/// (lon/lat, 6 decimals), properties seen. `gcj02` is `--gcj02` (already in `flags.crs`).
pub(super) fn import_check(file: &Path, gcj02: bool, flags: &ReadFlags, out: &mut dyn Write) -> Result<(), CliError> {
    let mut options = read_options(flags);
    let probe = crate::io::import::probe(file, &options)?;
    write_probe(&probe, out)?;
    choose_layer(file, &probe, flags, &mut options)?;
    let layers = read(file, &options)?;
    // The probed layers that were read, in the order read.
    let probed: Vec<_> = match &options.layers {
        Some(indices) => indices.iter().filter_map(|i| probe.layers.get(*i)).collect(),
        None => probe.layers.iter().collect(),
    };
    let converted = |k: usize| match probed.get(k).and_then(|p| p.crs) {
        Some(Crs::Gcj02) if gcj02 => " (converted from GCJ-02)".to_string(),
        Some(crs) if !matches!(crs, Crs::Wgs84 | Crs::Cgcs2000) => format!(" (converted from {})", crs.name()),
        _ => String::new(),
    };
    for (k, layer) in layers.into_iter().enumerate() {
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
            converted(k),
            or_none(names.join(", "))
        )?;
    }
    Ok(())
}
