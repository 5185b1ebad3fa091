//! `convert IN OUT`: any format the atlas reads to GeoJSON, GeoPackage, KML or KMZ, for
//! scripts; and the reading both `convert` and `import-check` share.

use std::io::Write;
use std::path::Path;

use super::{CliError, ReadFlags};
use crate::crs::Crs;
use crate::io::ImportError;
use crate::io::import::source::{CrsSource, Probe, ProbedLayer};
use crate::io::import::{self, ReadOptions};
use crate::model::UserLayer;
use crate::model::export::{ExportLayer, user_layer_features, user_layer_geojson};

/// The formats `convert` writes, by the output's extension.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Output {
    GeoJson,
    GeoPackage,
    Kml,
    Kmz,
}

impl Output {
    fn of(path: &Path) -> Option<Output> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        Some(match ext.as_str() {
            "geojson" | "json" => Output::GeoJson,
            "gpkg" => Output::GeoPackage,
            "kml" => Output::Kml,
            "kmz" => Output::Kmz,
            _ => return None,
        })
    }
}

/// The read options the flags give, without a layer choice (see [`choose_layer`]).
pub(super) fn read_options(flags: &ReadFlags) -> ReadOptions {
    ReadOptions {
        crs: flags.crs,
        encoding: flags.encoding,
        ..ReadOptions::default()
    }
}

/// Limits `options` to the layer `--layer` names (exactly, else ignoring case) — for an
/// `.xlsx`, the sheet it names —, or refuses naming the file's layers (or sheets).
pub(super) fn choose_layer(
    file: &Path,
    probe: &Probe,
    flags: &ReadFlags,
    options: &mut ReadOptions,
) -> Result<(), ImportError> {
    let Some(wanted) = &flags.layer else {
        return Ok(());
    };
    if !probe.sheets.is_empty() {
        let sheet = probe
            .sheets
            .iter()
            .find(|s| *s == wanted)
            .or_else(|| probe.sheets.iter().find(|s| s.to_lowercase() == wanted.to_lowercase()))
            .ok_or_else(|| ImportError::Bad {
                file: file.display().to_string(),
                part: format!("sheet {wanted}"),
                reason: format!("there is no such sheet; the workbook has: {}", probe.sheets.join(", ")),
            })?;
        options.sheet = Some(sheet.clone());
        return Ok(());
    }
    let names: Vec<&str> = probe.layers.iter().map(|l| l.info.name.as_str()).collect();
    let index = names
        .iter()
        .position(|n| n == wanted)
        .or_else(|| names.iter().position(|n| n.to_lowercase() == wanted.to_lowercase()))
        .ok_or_else(|| ImportError::Bad {
            file: file.display().to_string(),
            part: format!("layer {wanted}"),
            reason: format!("there is no such layer; the file has: {}", names.join(", ")),
        })?;
    options.layers = Some(vec![index]);
    Ok(())
}

/// Reads the layers, telling to pass `--crs` where the file does not declare a system.
pub(super) fn read(file: &Path, options: &ReadOptions) -> Result<Vec<UserLayer>, ImportError> {
    import::read_layers(file, options, &|_| true).map_err(|e| match e {
        ImportError::NeedsCrs { file, layer, reason } => ImportError::NeedsCrs {
            file,
            layer,
            reason: format!("{reason} — pass --crs (an EPSG code such as --crs 4550, or --crs gcj02, --crs bd09)"),
        },
        other => other,
    })
}

/// How a layer's coordinate system is known, for `import-check`'s probe lines.
fn crs_text(layer: &ProbedLayer) -> String {
    let name = layer.crs.map_or_else(|| "unknown".to_string(), |c| c.name());
    let how = match &layer.crs_source {
        CrsSource::Chosen => "chosen on the command line".to_string(),
        CrsSource::Declared(place) => format!("declared in {place}"),
        CrsSource::Format => "fixed by the format".to_string(),
        CrsSource::Guessed(why) => format!("guessed, confirm with --crs: {}", why.en),
        CrsSource::Unknown => match &layer.crs_problem {
            Some(problem) => format!("not usable: {problem}; choose one with --crs"),
            None => "the file does not say and the positions fit no system the atlas knows; choose one with --crs"
                .to_string(),
        },
    };
    let lands = layer
        .first_lon_lat
        .map(|[lon, lat]| format!("; the first position lands at lon/lat {lon:.6},{lat:.6}"))
        .unwrap_or_default();
    format!("{name}, {how}{lands}")
}

/// One line per layer of the probe: name, count, geometry type, coordinate system and
/// how it is known, encoding.
pub(super) fn write_probe(probe: &Probe, out: &mut dyn Write) -> std::io::Result<()> {
    use crate::io::import::encoding::EncodingSource;
    for layer in &probe.layers {
        let info = &layer.info;
        let encoding = info
            .encoding
            .map(|(enc, source)| {
                let how = match source {
                    EncodingSource::Declared => "named by the file",
                    EncodingSource::Detected => "detected from the bytes",
                    EncodingSource::Chosen => "chosen on the command line",
                };
                format!("; encoding {} ({how})", enc.name())
            })
            .unwrap_or_default();
        writeln!(
            out,
            "{} layer “{}”: {} features, {}; coordinate system {}{encoding}",
            probe.format.name(),
            info.name,
            info.feature_count,
            info.geometry_type,
            crs_text(layer),
        )?;
    }
    Ok(())
}

/// `convert`: reads `input` as the flags say and writes its layers to `output`.
pub(super) fn convert(
    input: &Path,
    output: &Path,
    out_srs: Option<u32>,
    flags: &ReadFlags,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let kind = Output::of(output).ok_or_else(|| {
        CliError::Usage(format!(
            "{}: convert writes .geojson, .json, .gpkg, .kml and .kmz files (the extension names the format)",
            output.display()
        ))
    })?;
    if out_srs.is_some_and(|srs| srs != 4326) && kind != Output::GeoPackage {
        return Err(CliError::Usage(format!(
            "{}: --out-crs is for GeoPackage output; GeoJSON and KML are always WGS-84 (EPSG:4326)",
            output.display()
        )));
    }
    if input == output {
        return Err(CliError::Usage(format!(
            "{}: convert would overwrite its input; choose another OUT",
            output.display()
        )));
    }
    let mut options = read_options(flags);
    if flags.layer.is_some() {
        let probe = import::probe(input, &options)?;
        choose_layer(input, &probe, flags, &mut options)?;
    }
    let layers = read(input, &options)?;
    let feature_count: usize = layers.iter().map(|l| l.features.len()).sum();
    match kind {
        Output::GeoJson => {
            let [layer] = layers.as_slice() else {
                let names: Vec<&str> = layers.iter().map(|l| l.name.as_str()).collect();
                return Err(CliError::Usage(format!(
                    "{} has {} layers ({}); a GeoJSON file holds one — choose it with --layer NAME, or write a .gpkg",
                    input.display(),
                    layers.len(),
                    names.join(", ")
                )));
            };
            crate::io::export::save_geojson(output, &user_layer_geojson(layer))?;
        }
        Output::GeoPackage | Output::Kml | Output::Kmz => {
            let export: Vec<ExportLayer> = layers
                .iter()
                .map(|l| ExportLayer {
                    name: l.name.clone(),
                    features: user_layer_features(l),
                })
                .collect();
            match kind {
                Output::GeoPackage => crate::io::export::gpkg::save_gpkg(output, &export, out_srs.unwrap_or(4326))?,
                _ => crate::io::export::kml::save_kml(output, &export, kind == Output::Kmz)?,
            }
        }
    }
    let srs = match (kind, out_srs) {
        (Output::GeoPackage, Some(srs)) => Crs::from_epsg(srs).unwrap_or(Crs::Wgs84),
        _ => Crs::Wgs84,
    };
    writeln!(
        out,
        "wrote {feature_count} features in {} layer(s) from {} to {} ({})",
        layers.len(),
        input.display(),
        output.display(),
        srs.name()
    )?;
    Ok(())
}
