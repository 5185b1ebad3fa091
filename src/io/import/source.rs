//! Every importable format behind one door: what a file holds ([`probe`], for the import
//! dialog and `import-check`) and its layers ([`read_layers`]), in WGS-84.
//!
//! A format module (`shp`, `gpkg`, `kml`, `table`, and GeoJSON in `mod.rs`) reads
//! positions as the file writes them and says what it knows of their coordinate system
//! ([`RawLayer`], [`LayerInfo`]); this module decides the system (the user's choice, else
//! the file's declaration, else a guess from the positions that the user must confirm)
//! and converts every position to WGS-84 once ([`finish`]).

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::ImportError;
use super::encoding::{EncodingSource, TextEncoding};
use crate::crs::Crs;
use crate::model::{UserFeature, UserLayer};

/// The file formats the atlas imports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    GeoJson,
    /// A `.shp` with its `.shx`, `.dbf` (and `.prj`, `.cpg`), picked by any of them.
    Shapefile,
    /// A `.zip` holding one or more shapefiles.
    ShapefileZip,
    GeoPackage,
    Kml,
    Kmz,
    /// CSV or TSV (the delimiter is detected).
    Csv,
    Xlsx,
}

impl Format {
    /// The format a file's extension names (any case), if the atlas reads it.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        Some(match ext.as_str() {
            "geojson" | "json" => Format::GeoJson,
            "shp" | "shx" | "dbf" | "prj" | "cpg" => Format::Shapefile,
            "zip" => Format::ShapefileZip,
            "gpkg" => Format::GeoPackage,
            "kml" => Format::Kml,
            "kmz" => Format::Kmz,
            "csv" | "tsv" | "txt" => Format::Csv,
            "xlsx" => Format::Xlsx,
            _ => return None,
        })
    }

    /// The extensions of the file dialog's filter.
    pub const EXTENSIONS: [&str; 13] = [
        "geojson", "json", "shp", "dbf", "zip", "gpkg", "kml", "kmz", "csv", "tsv", "txt", "xlsx", "shx",
    ];

    /// The name shown to users.
    pub fn name(self) -> &'static str {
        match self {
            Format::GeoJson => "GeoJSON",
            Format::Shapefile => "Shapefile",
            Format::ShapefileZip => "Shapefile (zip)",
            Format::GeoPackage => "GeoPackage",
            Format::Kml => "KML",
            Format::Kmz => "KMZ",
            Format::Csv => "CSV",
            Format::Xlsx => "Excel (.xlsx)",
        }
    }
}

/// Which columns of a table (CSV, sheet) hold the positions.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Columns {
    /// Longitude (or easting, x) and latitude (or northing, y) columns, by index.
    XY { x: usize, y: usize },
    /// One column of WKT geometries.
    Wkt(usize),
}

/// How a file is to be read: everything the import dialog (or the command line) lets
/// the user choose. `None`: as the file says, or as detected.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadOptions {
    /// The layers to read, by index into the probe's layers (`None`: all).
    pub layers: Option<Vec<usize>>,
    /// The coordinate system of the positions, overriding the file's and the guess.
    pub crs: Option<Crs>,
    /// The attribute encoding (shapefile `.dbf`, CSV), overriding `.cpg` and detection.
    pub encoding: Option<TextEncoding>,
    /// The sheet of an `.xlsx` (`None`: the first that has a header row).
    pub sheet: Option<String>,
    /// The position columns of a table (`None`: found from the header names).
    pub columns: Option<Columns>,
    /// Files larger than this many bytes are refused before they are read; for zip and
    /// KMZ files, the uncompressed size counts too.
    pub max_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            layers: None,
            crs: None,
            encoding: None,
            sheet: None,
            columns: None,
            max_bytes: super::DEFAULT_MAX_BYTES,
        }
    }
}

/// How the coordinate system of a layer is known.
#[derive(Clone, Debug, PartialEq)]
pub enum CrsSource {
    /// Chosen by the user.
    Chosen,
    /// Declared by the file; the text says where (e.g. “the .prj”, “gpkg_spatial_ref_sys”).
    Declared(String),
    /// Fixed by the format (KML is always WGS-84; GeoJSON is WGS-84 by RFC 7946).
    Format,
    /// Guessed from the positions; the user must confirm. The reason says why.
    Guessed(crate::crs::GuessReason),
    /// Unknown: the file says nothing and no accepted system fits the positions.
    Unknown,
}

/// What a format module knows of one layer without reading it all.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerInfo {
    /// The table, shapefile (or zip member), KML document or sheet name.
    pub name: String,
    pub feature_count: usize,
    /// The geometry type as the file declares it (e.g. `Polygon`, `MultiPolygon`, `Point`,
    /// `mixed`), for the dialog.
    pub geometry_type: String,
    /// The system the file declares (`.prj`, SRS, KML), with where it says so, or
    /// `Err` when it declares one the atlas refuses.
    pub declared_crs: Option<Result<(Crs, String), crate::crs::CrsError>>,
    /// The attribute encoding used and how it was decided (`None`: the format fixes it).
    pub encoding: Option<(TextEncoding, EncodingSource)>,
    /// For tables: the header names and the position columns used.
    pub table: Option<(Vec<String>, Option<Columns>)>,
    /// The first features (at most [`SAMPLE_FEATURES`]) with positions as written in
    /// the file, properties decoded with `encoding`.
    pub sample: Vec<UserFeature>,
}

/// How many features a probe reads for the preview and the guess.
pub const SAMPLE_FEATURES: usize = 20;

/// A layer as read, positions as written in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct RawLayer {
    pub info: LayerInfo,
    pub features: Vec<UserFeature>,
    /// Members to keep for export (like a FeatureCollection's foreign members).
    pub foreign_members: Map<String, Value>,
}

/// What a file holds, for the import dialog.
#[derive(Clone, Debug, PartialEq)]
pub struct Probe {
    pub file: PathBuf,
    pub format: Format,
    /// The sheets of an `.xlsx` (empty for other formats).
    pub sheets: Vec<String>,
    pub layers: Vec<ProbedLayer>,
}

/// One layer of a probe, with the system decided.
#[derive(Clone, Debug, PartialEq)]
pub struct ProbedLayer {
    pub info: LayerInfo,
    /// The system the import will use (`None`: unknown, or refused — see `crs_source`
    /// and `crs_problem`; the user must choose one).
    pub crs: Option<Crs>,
    pub crs_source: CrsSource,
    /// Why the declared system cannot be used (an old datum, an unknown projection).
    pub crs_problem: Option<String>,
    /// Where the first position of the sample lands, WGS-84 `[lon, lat]`.
    pub first_lon_lat: Option<[f64; 2]>,
}

impl ProbedLayer {
    /// Whether the file declares a system on an old datum (Xian 1980, Beijing 1954):
    /// such a layer is refused whatever system is chosen, so that it is never read as
    /// CGCS2000 (see [`crate::crs::CrsError::OldDatum`]).
    pub fn refused(&self) -> bool {
        matches!(self.info.declared_crs, Some(Err(crate::crs::CrsError::OldDatum { .. })))
    }

    /// Whether the layer can be placed with its system: one is decided and the first
    /// position of the sample converts to a longitude/latitude (a layer without
    /// positions can always be placed).
    pub fn placeable(&self) -> bool {
        self.crs.is_some()
            && (self.first_lon_lat.is_some() || !self.info.sample.iter().any(|f| first_position(f).is_some()))
    }

    /// Whether the user must confirm (or choose) the system before importing.
    pub fn needs_confirmation(&self) -> bool {
        self.crs.is_none() || matches!(self.crs_source, CrsSource::Guessed(_) | CrsSource::Unknown)
    }
}

/// What `path` holds: its layers, their sizes, systems, encodings and first features,
/// read as `options` say. Quick for every format but KML and tables, which are read
/// whole (they are small).
pub fn probe(path: &Path, options: &ReadOptions) -> Result<Probe, ImportError> {
    let format = format_of(path)?;
    let (infos, sheets) = match format {
        Format::GeoJson => (vec![super::geojson_info(path, options)?], Vec::new()),
        Format::Shapefile | Format::ShapefileZip => (super::shp::probe(path, format, options)?, Vec::new()),
        Format::GeoPackage => (super::gpkg::probe(path, options)?, Vec::new()),
        Format::Kml | Format::Kmz => (super::kml::probe(path, format, options)?, Vec::new()),
        Format::Csv | Format::Xlsx => super::table::probe(path, format, options)?,
    };
    let layers = infos.into_iter().map(|info| decide(info, options.crs)).collect();
    Ok(Probe {
        file: path.to_path_buf(),
        format,
        sheets,
        layers,
    })
}

/// The layers of `path` chosen by `options`, in WGS-84. All or nothing: an error means
/// nothing was imported. Refused with [`ImportError::NeedsCrs`] when a layer's system
/// is neither declared nor chosen (a guess must be confirmed by choosing it).
pub fn read_layers(
    path: &Path,
    options: &ReadOptions,
    progress: &dyn Fn(f32) -> bool,
) -> Result<Vec<UserLayer>, ImportError> {
    crate::model::properties::fresh_names();
    let format = format_of(path)?;
    let raw = match format {
        Format::GeoJson => vec![super::geojson_raw(path, options, progress)?],
        Format::Shapefile | Format::ShapefileZip => super::shp::read(path, format, options, progress)?,
        Format::GeoPackage => super::gpkg::read(path, options, progress)?,
        Format::Kml | Format::Kmz => super::kml::read(path, format, options, progress)?,
        Format::Csv | Format::Xlsx => super::table::read(path, format, options, progress)?,
    };
    let file = path.display().to_string();
    let stamp = super::link::Stamp::of(path);
    raw.into_iter()
        .enumerate()
        .map(|(k, layer)| {
            let decided = decide(layer.info.clone(), options.crs);
            if decided.refused() {
                return Err(ImportError::Bad {
                    file: file.clone(),
                    part: format!("layer {}", layer.info.name),
                    reason: decided.crs_problem.clone().unwrap_or_default(),
                });
            }
            let crs = match (&decided.crs, &decided.crs_source) {
                (Some(crs), CrsSource::Chosen | CrsSource::Declared(_) | CrsSource::Format) => *crs,
                _ => {
                    return Err(ImportError::NeedsCrs {
                        file: file.clone(),
                        layer: layer.info.name.clone(),
                        reason: decided
                            .crs_problem
                            .clone()
                            .unwrap_or_else(|| match &decided.crs_source {
                                CrsSource::Guessed(why) => format!(
                                    "the file does not say; it looks like {} ({}) — confirm it",
                                    decided.crs.map(|c| c.name()).unwrap_or_default(),
                                    why.en
                                ),
                                _ => "the file does not say and the positions fit none the atlas knows".to_string(),
                            }),
                    });
                }
            };
            let name = layer.info.name.clone();
            let mut out = finish(&file, layer, crs)?;
            out.source = Some(crate::io::absolute(path));
            let index = options.layers.as_ref().map_or(k, |l| l.get(k).copied().unwrap_or(k));
            out.read_as = Some(super::link::read_as_layer(options, index, &name, crs, stamp));
            Ok(out)
        })
        .collect()
}

fn format_of(path: &Path) -> Result<Format, ImportError> {
    Format::of(path).ok_or_else(|| ImportError::UnknownFormat {
        file: path.display().to_string(),
    })
}

/// The system a layer will use: the user's, else the declared one, else a guess.
fn decide(info: LayerInfo, chosen: Option<Crs>) -> ProbedLayer {
    let (crs, crs_source, crs_problem) = match (chosen, &info.declared_crs) {
        // An old datum is refused whatever is chosen: never read as CGCS2000.
        (_, Some(Err(e @ crate::crs::CrsError::OldDatum { .. }))) => (None, CrsSource::Unknown, Some(e.to_string())),
        (Some(crs), _) => (Some(crs), CrsSource::Chosen, None),
        (None, Some(Ok((crs, where_)))) if where_ == FORMAT_FIXED => (Some(*crs), CrsSource::Format, None),
        (None, Some(Ok((crs, where_)))) => (Some(*crs), CrsSource::Declared(where_.clone()), None),
        (None, Some(Err(e))) => (None, CrsSource::Unknown, Some(e.to_string())),
        (None, None) => {
            let positions: Vec<[f64; 2]> = info.sample.iter().filter_map(first_position).collect();
            match crate::crs::guess_from_positions(&positions) {
                Some(g) => (Some(g.crs), CrsSource::Guessed(g.reason), None),
                None => (None, CrsSource::Unknown, None),
            }
        }
    };
    let first_lon_lat = crs.and_then(|crs| {
        info.sample
            .iter()
            .filter_map(first_position)
            .next()
            .and_then(|p| crs.to_wgs84(p).ok())
    });
    ProbedLayer {
        info,
        crs,
        crs_source,
        crs_problem,
        first_lon_lat,
    }
}

/// The `where` of a [`LayerInfo::declared_crs`] that the format fixes (KML, GeoJSON).
pub const FORMAT_FIXED: &str = "the format";

fn first_position(f: &UserFeature) -> Option<[f64; 2]> {
    use geo::CoordsIter;
    f.geometry.coords_iter().next().map(|c| [c.x, c.y])
}

/// The layer in WGS-84: every position converted from `crs` and checked to be a valid
/// longitude/latitude.
pub fn finish(file: &str, raw: RawLayer, crs: Crs) -> Result<UserLayer, ImportError> {
    let mut features = raw.features;
    if !matches!(crs, Crs::Wgs84 | Crs::Cgcs2000) {
        for (index, feature) in features.iter_mut().enumerate() {
            use geo::MapCoords;
            let converted = feature
                .geometry
                .try_map_coords(|c| crs.to_wgs84([c.x, c.y]).map(|[x, y]| geo::Coord { x, y }));
            feature.geometry = converted.map_err(|e| ImportError::Bad {
                file: file.to_string(),
                part: format!("{}, feature {}", raw.info.name, index + 1),
                reason: e.to_string(),
            })?;
        }
    }
    for (index, feature) in features.iter().enumerate() {
        use geo::CoordsIter;
        if let Some(c) = feature
            .geometry
            .coords_iter()
            .find(|c| !(-180.0..=180.0).contains(&c.x) || !(-90.0..=90.0).contains(&c.y) || !c.x.is_finite())
        {
            return Err(ImportError::Bad {
                file: file.to_string(),
                part: format!("{}, feature {}", raw.info.name, index + 1),
                reason: format!(
                    "position {}, {} is not a longitude/latitude in {} — is the coordinate system right?",
                    c.x,
                    c.y,
                    crs.name()
                ),
            });
        }
    }
    Ok(UserLayer {
        read_as: None,
        name: raw.info.name,
        source: None,
        foreign_members: raw.foreign_members,
        features,
    })
}
