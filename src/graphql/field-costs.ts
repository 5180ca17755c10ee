// What a field costs beyond 1, for the query cost (query-cost.plugin.ts) where the database's work is far more than one
// row's: a table reads the figures of every unit, a count reads every match. Weighed so the cost budget bounds what a
// caller asks of PostgreSQL, not only how much it gets back.
export const FIELD_COST = {
  /** closureReport, weeklyReport: the figures of every unit. */
  table: 200,
  /** ecoTable, unitScores: every indicator × period, or every unit's score. */
  ecoTable: 100,
  /** issueMap: every open problem's place (up to MAP_MAX_POINTS) and a count of the rest. */
  map: 200,
} as const;
