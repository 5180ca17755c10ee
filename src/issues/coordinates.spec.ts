import { describe, expect, it } from '@jest/globals';
import { checkCoordinates, gcj02ToWgs84, toOutlineSystem, wgs84ToGcj02 } from './coordinates.js';

const problemsOf = (r: ReturnType<typeof checkCoordinates>) => ('problems' in r ? r.problems : []);

describe('a problem’s coordinates', () => {
  it('take both of the pair or neither, WGS-84 unless said', () => {
    expect(checkCoordinates({})).toEqual({
      value: { longitude: null, latitude: null, coordinateSystem: null },
    });
    expect(checkCoordinates({ longitude: 107.1, latitude: 29.15 })).toEqual({
      value: { longitude: 107.1, latitude: 29.15, coordinateSystem: 'WGS84' },
    });
    expect(checkCoordinates({ longitude: 107.1, latitude: 29.15, coordinateSystem: 'GCJ02' })).toMatchObject({
      value: { coordinateSystem: 'GCJ02' },
    });
    expect(problemsOf(checkCoordinates({ longitude: 107.1 }))).toEqual([
      { field: 'latitude', reason: 'REQUIRED', message: '经度和纬度须同时填写，或都不填' },
    ]);
    expect(problemsOf(checkCoordinates({ latitude: 29.1, longitude: null }))[0].field).toBe('longitude');
    expect(problemsOf(checkCoordinates({ coordinateSystem: 'GCJ02' }))[0]).toMatchObject({
      field: 'coordinateSystem',
      reason: 'NOT_APPLICABLE',
    });
  });

  it('refuse a point outside China', () => {
    expect(problemsOf(checkCoordinates({ longitude: 29.15, latitude: 107.1 })).map((p) => p.field)).toEqual([
      'longitude',
      'latitude',
    ]);
    expect(problemsOf(checkCoordinates({ longitude: 136.01, latitude: 54 }))).toMatchObject([
      { field: 'longitude', reason: 'OUT_OF_RANGE' },
    ]);
    expect(problemsOf(checkCoordinates({ longitude: 73, latitude: 2.99 }))).toMatchObject([
      { field: 'latitude', reason: 'OUT_OF_RANGE' },
    ]);
    expect(problemsOf(checkCoordinates({ longitude: Number.NaN, latitude: 30 }))[0].reason).toBe('OUT_OF_RANGE');
  });
});

describe('WGS-84 and GCJ-02', () => {
  it('offset a point in China as the published transform does, and not one outside', () => {
    // the example coordtransform's README gives (Beijing)
    const [lng, lat] = wgs84ToGcj02(116.404, 39.915);
    expect(lng).toBeCloseTo(116.41024449916938, 9);
    expect(lat).toBeCloseTo(39.91640428150164, 9);
    expect(wgs84ToGcj02(2.35, 48.85)).toEqual([2.35, 48.85]);
  });

  it('round-trip to within a centimetre, and leave GCJ-02 points as they are for the outline', () => {
    const [x, y] = gcj02ToWgs84(...wgs84ToGcj02(107.0991, 29.1577));
    expect(Math.abs(x - 107.0991)).toBeLessThan(1e-7);
    expect(Math.abs(y - 29.1577)).toBeLessThan(1e-7);
    expect(toOutlineSystem(107.1, 29.2, 'GCJ02')).toEqual([107.1, 29.2]);
    // in Nanchuan the offset is a few hundred metres to the east and south-east, not more
    const [gx, gy] = toOutlineSystem(107.1, 29.2, 'WGS84');
    expect(gx - 107.1).toBeGreaterThan(0.001);
    expect(gx - 107.1).toBeLessThan(0.01);
    expect(Math.abs(gy - 29.2)).toBeLessThan(0.01);
  });
});
