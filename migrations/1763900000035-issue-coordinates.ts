import type { MigrationInterface, QueryRunner } from 'typeorm';

// A problem's place on the map (挂图): optional longitude / latitude in the coordinate system they were given in
// (WGS84 or GCJ02), and an administrative code (行政区划代码). Both of the pair or neither, the system with them, within
// China; the service checks the same with its messages, the constraints keep any other writer honest.
export class IssueCoordinates1763900000035 implements MigrationInterface {
  name = 'IssueCoordinates1763900000035';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE issues
        ADD COLUMN longitude double precision,
        ADD COLUMN latitude double precision,
        ADD COLUMN coordinate_system text,
        ADD COLUMN admin_code text,
        ADD CONSTRAINT issues_coordinates_pair CHECK (
          (longitude IS NULL AND latitude IS NULL AND coordinate_system IS NULL)
          OR (longitude IS NOT NULL AND latitude IS NOT NULL AND coordinate_system IN ('WGS84', 'GCJ02'))),
        ADD CONSTRAINT issues_coordinates_range CHECK (
          longitude IS NULL OR (longitude BETWEEN 73 AND 136 AND latitude BETWEEN 3 AND 54)),
        ADD CONSTRAINT issues_admin_code CHECK (admin_code IS NULL OR admin_code ~ '^[0-9]{6,12}$')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE issues
        DROP CONSTRAINT issues_admin_code,
        DROP CONSTRAINT issues_coordinates_range,
        DROP CONSTRAINT issues_coordinates_pair,
        DROP COLUMN admin_code,
        DROP COLUMN coordinate_system,
        DROP COLUMN latitude,
        DROP COLUMN longitude`);
  }
}
