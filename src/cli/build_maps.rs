//! `build-maps`: regenerates the basemap layers in `--maps DIR`.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use super::{Args, CliError};

pub(super) fn build_maps(args: &Args, out: &mut dyn Write) -> Result<(), CliError> {
    let dir = args.maps.clone().unwrap_or_else(|| PathBuf::from("maps"));
    let start = Instant::now();
    let report = crate::io::basemap::build_maps(&dir)?;
    let secs = start.elapsed().as_secs_f64();
    writeln!(
        out,
        "land: {} OpenStreetMap polygons + {} GSHHG islets; {:.0} km² of land in the data box left outside Dalian",
        report.land_polygons_osm, report.islets_gshhg, report.land_outside_km2
    )?;
    writeln!(
        out,
        "{:<8} {:<10} {:>12} {:>12} {:>8}",
        "adcode", "division", "reference", "computed", "diff"
    )?;
    for d in &report.divisions {
        writeln!(
            out,
            "{:<8} {:<10} {:>9.0} km² {:>9.1} km² {:>+7.1} %{}",
            d.adcode,
            d.name_zh,
            d.area_reference_km2,
            d.area_km2,
            d.diff_percent(),
            if d.coast_limited {
                "  (coast-limited: all its island land)"
            } else {
                ""
            }
        )?;
    }
    writeln!(
        out,
        "wrote {} in {} ({secs:.1} s)",
        report.files_written.join(", "),
        dir.display()
    )?;
    Ok(())
}
