// The map's read (挂图): every open problem the caller sees that has coordinates, as a point in the outline's system
// (GCJ-02), and how many have none. Lean — a point is a few columns — and bounded: at most MAP_MAX_POINTS points.
import { Injectable } from '@nestjs/common';
import { Args, ArgsType, Field, Float, ID, InputType, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { DataSource } from 'typeorm';
import { ISSUE_SOURCES, type EscalationLevel, type IssueSource, type IssueState } from '../../workflows/issue.types.js';
import { CurrentCaller } from '../auth/auth.decorators.js';
import type { Caller } from '../auth/caller.js';
import { Clock } from '../common/clock.js';
import { CoordinateSystemEnum, EscalationLevelEnum, IssueSourceEnum, IssueStateEnum } from '../common/graphql-enums.js';
import { Trim } from '../common/validation.js';
import { FIELD_COST } from '../graphql/field-costs.js';
import { toOutlineSystem, type CoordinateSystem } from './coordinates.js';
import { OVERDUE_SQL } from './issue-list.query.js';

/** More open problems than a district has: past it the map says it shows only part (truncated). */
export const MAP_MAX_POINTS = 5000;

@InputType('IssueMapFilter', { description: 'Which open problems the map shows' })
export class IssueMapFilter {
  @Field(() => [IssueSourceEnum], { nullable: true, description: 'Only these sources (问题来源)' })
  @IsOptional()
  @IsIn(ISSUE_SOURCES, { each: true })
  sources?: IssueSource[];
  @Field(() => ID, { nullable: true, description: 'Only the problems this unit leads, cooperates on or supervises' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
  @Field({ nullable: true, description: 'Only this batch (批次), as written' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  batch?: string;
}

@ArgsType()
class IssueMapArgs {
  @Field(() => IssueMapFilter, { nullable: true, description: 'Which open problems; all the caller sees when absent' })
  @IsOptional()
  @ValidateNested()
  @Type(() => IssueMapFilter)
  filter?: IssueMapFilter;
}

@ObjectType('IssueMapPoint', { description: 'An open problem on the map (挂图): where it is and what it needs' })
export class IssueMapPoint {
  @Field(() => ID, { description: 'The problem’s id' }) id: string;
  @Field({ description: 'Its code (问题编号)' }) code: string;
  @Field({ description: 'Its title' }) title: string;
  @Field(() => IssueStateEnum, { description: 'Its top-level state (办理状态)' }) state: IssueState;
  @Field({ description: 'Its sub-state, as Issue.substate' }) substate: string;
  @Field(() => EscalationLevelEnum, { description: 'Its escalation (预警, 督办, 挂牌督办)' })
  escalationLevel: EscalationLevel;
  @Field({ description: 'Past its deadline while its unit holds it' }) overdue: boolean;
  @Field(() => Float, {
    description: 'Longitude in GCJ-02, the system of the district outline (converted from WGS-84)',
  })
  longitude: number;
  @Field(() => Float, { description: 'Latitude in GCJ-02, the system of the district outline (converted from WGS-84)' })
  latitude: number;
  @Field(() => CoordinateSystemEnum, { description: 'The system the problem’s coordinates were given in' })
  givenIn: CoordinateSystem;
}

@ObjectType('IssueMap', { description: 'The open problems on the map (挂图) and how many lack a place' })
export class IssueMapModel {
  @Field(() => [IssueMapPoint], { description: `Open problems with coordinates, by code; at most ${MAP_MAX_POINTS}` })
  points: IssueMapPoint[];
  @Field(() => Int, { description: 'Open problems without coordinates (未标注位置)' })
  unlocated: number;
  @Field(() => Int, { description: 'Open problems with coordinates, all of them (more than points when truncated)' })
  located: number;
  @Field({ description: `More located problems than the ${MAP_MAX_POINTS} points listed` })
  truncated: boolean;
}

interface PointRow {
  id: string;
  code: string;
  title: string;
  state: IssueState;
  substate: string;
  escalationLevel: EscalationLevel;
  overdue: boolean;
  longitude: number;
  latitude: number;
  coordinateSystem: CoordinateSystem;
}

@Injectable()
export class IssueMapQuery {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** `unitOnly`: a unit's own (undefined: everyone's; null: a unit token without a unit, which sees nothing). */
  async read(filter: IssueMapFilter, unitOnly: string | null | undefined): Promise<IssueMapModel> {
    if (unitOnly === null) return { points: [], unlocated: 0, located: 0, truncated: false };
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    // Open: not closed (销号) and not a duplicate, as the figures count them.
    const where = [`i.state NOT IN ('CLOSED', 'REVISITED')`, `i.duplicate_of_id IS NULL`];
    for (const unit of [unitOnly, filter.unitId]) {
      if (!unit) continue;
      const u = p(unit);
      where.push(
        `(i.lead_unit_id = ${u}::uuid OR i.cooperating_unit_ids @> ARRAY[${u}::uuid] OR i.supervising_unit_id = ${u}::uuid)`,
      );
    }
    if (filter.sources?.length) where.push(`i.source = ANY(${p(filter.sources)}::text[])`);
    if (filter.batch) where.push(`i.batch = ${p(filter.batch)}`);
    const sql = where.join(' AND ');
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const [counts] = (await m.query(
        `SELECT count(*) FILTER (WHERE i.longitude IS NULL)::int AS unlocated,
                count(*) FILTER (WHERE i.longitude IS NOT NULL)::int AS located
           FROM issues i WHERE ${sql}`,
        params,
      )) as { unlocated: number; located: number }[];
      const now = `$${params.length + 1}`;
      const rows = (await m.query(
        `SELECT i.id, i.code, i.title, i.state, i.substate, i.escalation_level AS "escalationLevel",
                ${OVERDUE_SQL(now)} AS overdue, i.longitude, i.latitude, i.coordinate_system AS "coordinateSystem"
           FROM issues i WHERE ${sql} AND i.longitude IS NOT NULL
          ORDER BY i.code LIMIT ${MAP_MAX_POINTS}`,
        [...params, this.clock.now()],
      )) as PointRow[];
      return {
        points: rows.map(({ coordinateSystem, ...r }) => {
          const [longitude, latitude] = toOutlineSystem(r.longitude, r.latitude, coordinateSystem);
          return { ...r, overdue: r.overdue === true, longitude, latitude, givenIn: coordinateSystem };
        }),
        unlocated: counts.unlocated,
        located: counts.located,
        truncated: counts.located > rows.length,
      };
    });
  }
}

@Resolver()
export class IssueMapResolver {
  constructor(private readonly map: IssueMapQuery) {}

  @Query(() => IssueMapModel, {
    complexity: FIELD_COST.map,
    description:
      'The map (挂图): the open problems the caller sees with their places, in the district outline’s system, and how many have none',
  })
  issueMap(@Args() { filter }: IssueMapArgs, @CurrentCaller() caller: Caller): Promise<IssueMapModel> {
    return this.map.read(filter ?? {}, caller.role === 'UNIT' ? caller.unitId : undefined);
  }
}
