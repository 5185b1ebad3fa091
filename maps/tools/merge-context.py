#!/usr/bin/env python3
"""Merge the clipped Natural Earth pieces into maps/land-naturalearth-context.geojson (stdout).

Usage: merge-context.py inner-10m.geojson outer-50m.geojson > land-naturalearth-context.geojson
Keeps only polygon parts (a clip can leave a stray LineString in a GeometryCollection) and
drops features whose geometry the difference emptied; one Polygon feature per part, with
its resolution; coordinates as ogr2ogr wrote them (5 decimals).
"""
import json, sys

def polygons(g):
    if g is None:
        return []
    t = g["type"]
    if t == "Polygon":
        return [g["coordinates"]]
    if t == "MultiPolygon":
        return g["coordinates"]
    if t == "GeometryCollection":
        return [p for x in g["geometries"] for p in polygons(x)]
    return []

feats = []
for path, res in ((sys.argv[1], "10m"), (sys.argv[2], "50m")):
    for f in json.load(open(path))["features"]:
        for p in polygons(f["geometry"]):
            feats.append({"type": "Feature", "properties": {"resolution": res},
                          "geometry": {"type": "Polygon", "coordinates": p}})
out = {
    "type": "FeatureCollection",
    "name": "land-naturalearth-context",
    "source": "npm world-atlas 2.0.2: land-10m.json (lon 117-127, lat 35-43) and land-50m.json "
              "(the rest of lon 108-137, lat 30-48), object land = Natural Earth 4.1.0 land",
    "license": "Natural Earth: public domain; world-atlas packaging ISC",
    "features": feats,
}
sys.stdout.write(json.dumps(out, separators=(",", ":")) + "\n")
