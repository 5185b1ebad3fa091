#!/usr/bin/env python3
"""Decode one object of a TopoJSON file into a GeoJSON FeatureCollection (stdout).

Usage: topo2geo.py FILE.json OBJECT > OUT.geojson
TopoJSON decoding: quantised arcs are delta-encoded; position = cumulative sum * scale + translate;
arc index ~i means arc i reversed; consecutive arcs of a ring share their joining point.
"""
import json, sys

def main(path, name):
    topo = json.load(open(path))
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx; y += dy
            pts.append([x * sx + tx, y * sy + ty])
        arcs.append(pts)
    def ring(idx):
        out = []
        for i in idx:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out
    def geom(g):
        t = g["type"]
        if t == "Polygon":
            return {"type": "Polygon", "coordinates": [ring(r) for r in g["arcs"]]}
        if t == "MultiPolygon":
            return {"type": "MultiPolygon", "coordinates": [[ring(r) for r in p] for p in g["arcs"]]}
        if t == "GeometryCollection":
            return None
        raise SystemExit("unsupported geometry " + t)
    obj = topo["objects"][name]
    geoms = obj["geometries"] if obj["type"] == "GeometryCollection" else [obj]
    feats = [{"type": "Feature", "properties": {}, "geometry": geom(g)} for g in geoms]
    json.dump({"type": "FeatureCollection", "features": feats}, sys.stdout)

main(sys.argv[1], sys.argv[2])
