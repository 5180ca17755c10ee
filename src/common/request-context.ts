import type DataLoader from 'dataloader';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../auth/caller.js';
import type { EvidenceRecord } from '../evidence/evidence.repository.js';
import type { NoticeObjectionRecord } from '../issues/notice-objections.repository.js';
import type { IssueEventRecord, IssueRecord } from '../issues/issue.record.js';
import type { UnitRecord } from '../units/unit.record.js';

/** Per-request batch loaders: a list of problems costs one query per relation, not one per row. */
export interface Loaders {
  unit: DataLoader<string, UnitRecord | null>;
  issue: DataLoader<string, IssueRecord | null>;
  events: DataLoader<string, IssueEventRecord[]>;
  children: DataLoader<string, IssueRecord[]>;
  duplicates: DataLoader<string, IssueRecord[]>;
  openChildren: DataLoader<string, number>;
  /** Objections from the public page to its notice (公示异议), with the objectors' contact. */
  objections: DataLoader<string, NoticeObjectionRecord[]>;
  /** A problem's evidence, all of it: Issue.evidence and each IssueEvent.evidence share one load. */
  evidence: DataLoader<string, EvidenceRecord[]>;
}

/** A graphql-ws connection, whose caller was judged when it connected and is judged again before each event. */
export interface LiveConnection {
  /** Whether the token it connected with is still in force, for the same caller. */
  inForce(): Promise<boolean>;
  close(code: number, reason: string): void;
}

/** What every GraphQL resolver gets as its context. */
export interface RequestContext {
  /** Null for a subscription's events (graphql-ws). */
  req: FastifyRequest | null;
  caller: Caller | null;
  loaders: Loaders;
  /** The subscription's connection; null over HTTP. */
  connection: LiveConnection | null;
}
