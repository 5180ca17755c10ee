// The city's hand-downs and the districts' links (migration 1763900000043). Every statement runs in the session's
// district as the caller set it: the city's rows in the city's setting, a district's link in that district's, and the
// city's reads of every district's links city-wide. Row security keeps a district to its own links.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { cityWide } from '../tenancy/district-scope.js';

/** One problem of a batch, as the city keeps it. */
export interface CityHandDownRow {
  itemNo: number;
  requestHash: string;
  cityIssueId: string;
}

/** A district's problem handed down, and what it may know of the city's problem. */
export interface HandDownLinkRecord {
  issueId: string;
  districtId: string;
  cityIssueId: string;
  cityIssueCode: string;
  cityIssueTitle: string;
  documentNumber: string | null;
  handedDownAt: Date;
  handedDownBy: string;
}

const LINK_COLUMNS = `issue_id AS "issueId", district_id AS "districtId", city_issue_id AS "cityIssueId",
  city_issue_code AS "cityIssueCode", city_issue_title AS "cityIssueTitle", document_number AS "documentNumber",
  handed_at AS "handedDownAt", handed_by AS "handedDownBy"`;

@Injectable()
export class HandDownsRepository {
  constructor(private readonly db: DataSource) {}

  /** The CITY row's id (the city's own list), or null in a deployment with no city. */
  async cityDistrictId(): Promise<string | null> {
    const rows = (await cityWide(() => this.db.query(`SELECT id FROM districts WHERE kind = 'CITY'`))) as {
      id: string;
    }[];
    return rows[0]?.id ?? null;
  }

  /** Of these ids, those that are not a district (unknown, or the city's own row). */
  async notDistricts(ids: readonly string[]): Promise<string[]> {
    const rows = (await cityWide(() =>
      this.db.query(
        `SELECT x.id FROM unnest($1::uuid[]) AS x(id) WHERE NOT EXISTS (SELECT 1 FROM districts d WHERE d.id = x.id AND d.kind = 'DISTRICT')`,
        [ids],
      ),
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** What a batch's key has handed down so far (the city's session), by position. */
  async batch(key: string): Promise<CityHandDownRow[]> {
    return this.db.query(
      `SELECT item_no AS "itemNo", request_hash AS "requestHash", city_issue_id AS "cityIssueId"
         FROM city_hand_downs WHERE batch_key = $1 ORDER BY item_no`,
      [key],
    );
  }

  /** Records the city's problem of a batch, in its filing's transaction (the city's session). */
  async recordCityIssue(
    manager: EntityManager,
    row: {
      key: string;
      itemNo: number;
      requestHash: string;
      cityIssueId: string;
      districtIds: readonly string[];
      documentNumber: string | null;
      at: Date;
      by: string;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO city_hand_downs (batch_key, item_no, request_hash, city_issue_id, target_district_ids, document_number, handed_at, handed_by)
       VALUES ($1, $2, $3, $4, $5::uuid[], $6, $7, $8)`,
      [row.key, row.itemNo, row.requestHash, row.cityIssueId, row.districtIds, row.documentNumber, row.at, row.by],
    );
  }

  /** Links a district's problem to the city's, in its filing's transaction (the district's session). */
  async link(manager: EntityManager, link: Omit<HandDownLinkRecord, 'districtId'>): Promise<void> {
    await manager.query(
      `INSERT INTO hand_down_links (issue_id, city_issue_id, city_issue_code, city_issue_title, document_number, handed_at, handed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        link.issueId,
        link.cityIssueId,
        link.cityIssueCode,
        link.cityIssueTitle,
        link.documentNumber,
        link.handedDownAt,
        link.handedDownBy,
      ],
    );
  }

  /** The links of these district problems the session may read (a district its own; the city every one). */
  async linksOf(issueIds: readonly string[]): Promise<HandDownLinkRecord[]> {
    return this.db.query(`SELECT ${LINK_COLUMNS} FROM hand_down_links WHERE issue_id = ANY($1::uuid[])`, [issueIds]);
  }

  /** The copies of these city problems the session may read, in district then filing order. */
  async copiesOf(cityIssueIds: readonly string[]): Promise<HandDownLinkRecord[]> {
    return this.db.query(
      `SELECT ${LINK_COLUMNS} FROM hand_down_links WHERE city_issue_id = ANY($1::uuid[]) ORDER BY city_issue_id, district_id`,
      [cityIssueIds],
    );
  }
}
