//! `build-maps`: the offline generator of the schematic basemap layers. It regenerates
//! `land.geojson`, `divisions.geojson`, `functional-areas.geojson`, `places.geojson` and
//! `context-land.geojson` in `--maps DIR` from the coastline, place and Natural Earth data there, and prints the area table. A
//! program of its own, so that the atlas (`dalian-atlas`) does not ship it:
//! `cargo run --release --bin build-maps -- --maps maps`.

mod arcs;
mod build;
mod context;
mod grid;
mod spikes;
mod write;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use dalian_atlas::basemap::BasemapError;

/// Regenerate the schematic basemap layers in DIR from the coastline and place data there
/// (deterministic: a re-run writes the same bytes)
#[derive(Debug, Parser)]
#[command(name = "build-maps")]
struct Args {
    /// The maps folder: its inputs are read and its layer files rewritten
    #[arg(long, value_name = "DIR", default_value = "maps")]
    maps: PathBuf,
}

#[derive(Debug, thiserror::Error)]
enum BuildMapsError {
    #[error(transparent)]
    Basemap(#[from] BasemapError),
    #[error("cannot write the report: {0}")]
    Output(#[from] std::io::Error),
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args, &mut std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("build-maps: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Generates the layers in `args.maps` and writes the report to `out`.
fn run(args: &Args, out: &mut dyn Write) -> Result<(), BuildMapsError> {
    let start = Instant::now();
    let report = build::build_maps(&args.maps)?;
    let secs = start.elapsed().as_secs_f64();
    writeln!(
        out,
        "land: {} OpenStreetMap polygons + {} GSHHG islets; {:.0} km² of land in the data box left outside Dalian",
        report.land_polygons_osm, report.islets_gshhg, report.land_outside_km2
    )?;
    writeln!(
        out,
        "context land: {} Natural Earth polygons beyond the data box, {} positions",
        report.context_polygons, report.context_vertices
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
        args.maps.display()
    )?;
    Ok(())
}
