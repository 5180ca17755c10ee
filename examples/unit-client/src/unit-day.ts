// A responsible unit's day (承办单位的一天): read what awaits it, sign for what is new, report progress with a photo,
// submit for the office to verify — and meet every error the service documents on the way.
import type { AwaitingMeQuery, WorkItemFragment } from './gql/graphql.js';
import {
  acceptIssueDocument,
  awaitingMeDocument,
  issueNowDocument,
  reportProgressDocument,
  submitRectificationDocument,
} from './operations.js';
import {
  NoReplyError,
  RectifyClient,
  RectifyError,
  readPhoto,
  type ErrorCode,
  type Photo,
  type RectifyClientOptions,
} from './rectify-client.js';

export interface UnitDayOptions extends RectifyClientOptions {
  /** The photo (or PDF) that proves the work: a path, or its bytes. */
  photo: string | Photo;
  /** Problems per page of the list (the service allows up to 200). */
  pageSize?: number;
  progressPercent?: number;
  comment?: string;
  summary?: string;
}

/** A problem the day left alone, and why. */
export interface Skipped {
  code: string;
  error: ErrorCode;
  reason: string | null;
  message: string;
}

export interface UnitDaySummary {
  /** totalCount of the list when the day began. */
  awaiting: number;
  pages: number;
  accepted: string[];
  reported: { code: string; evidenceId: string }[];
  submitted: string[];
  skipped: Skipped[];
  /** VERSION_CONFLICTs met: each re-read the problem and went on from its new version. */
  conflicts: number;
  /** Transient failures retried (same Idempotency-Key for a mutation). */
  retries: number;
  /** Mutations the service answered from an earlier try (header Idempotent-Replayed: true). */
  replayed: number;
}

/** The day stopped: the token is refused, the service stays away, or this program does not match the service. */
export class UnitDayAbortedError extends Error {
  override readonly name = 'UnitDayAbortedError';

  constructor(
    message: string,
    readonly summary: UnitDaySummary,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

type Step = 'accept' | 'report' | 'submit';

/** Tries per problem: a step redone after VERSION_CONFLICT counts again; a problem that keeps changing is left for later. */
const MAX_ROUNDS = 8;

export async function runUnitDay(options: UnitDayOptions): Promise<UnitDaySummary> {
  const log = options.log ?? ((line: string) => console.log(line));
  const client = new RectifyClient({ ...options, log });
  const photo = typeof options.photo === 'string' ? await readPhoto(options.photo) : options.photo;
  const pageSize = options.pageSize ?? 50;
  const summary: UnitDaySummary = {
    awaiting: 0,
    pages: 0,
    accepted: [],
    reported: [],
    submitted: [],
    skipped: [],
    conflicts: 0,
    retries: 0,
    replayed: 0,
  };
  const finish = (): UnitDaySummary => Object.assign(summary, client.stats);

  try {
    // 1. The list: everything awaiting this unit, most urgent first, read to the end before acting (acting changes
    //    the list: a submitted problem leaves it).
    const work: WorkItemFragment[] = [];
    let after: string | null = null;
    for (;;) {
      const { issues }: AwaitingMeQuery = await client.query({
        document: awaitingMeDocument,
        variables: { first: pageSize, after },
      });
      if (summary.pages === 0) summary.awaiting = issues.totalCount;
      summary.pages++;
      work.push(...issues.edges.map((e) => e.node));
      if (!issues.pageInfo.hasNextPage || !issues.pageInfo.endCursor) break;
      after = issues.pageInfo.endCursor;
    }
    log(`待我办理 ${summary.awaiting} 件 (${summary.pages} page(s))`);

    // 2. Each problem, one after the other.
    for (const item of work) await workOn(item);
  } catch (e) {
    // Only what ends the whole day reaches here (see `decide`).
    const message = e instanceof RectifyError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
    throw new UnitDayAbortedError(`the day stopped: ${message}`, finish(), { cause: e });
  }
  return finish();

  async function workOn(item: WorkItemFragment): Promise<void> {
    let issue: WorkItemFragment = item;
    let evidenceId: string | null = null;
    let reported = false;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const step = nextStep(issue, reported);
      if (!step) return;
      try {
        switch (step) {
          case 'accept': {
            issue = (
              await client.mutate({
                document: acceptIssueDocument,
                variables: { id: issue.id, expectedVersion: issue.version, comment: '已签收，落实整改' },
              })
            ).acceptIssue;
            summary.accepted.push(issue.code);
            log(`${issue.code} 签收 → ${issue.substate}`);
            break;
          }
          case 'report': {
            // Upload once; a report redone after VERSION_CONFLICT names the same, still unattached, file.
            evidenceId ??= (await client.uploadEvidence(issue.id, photo, '现场照片')).id;
            issue = (
              await client.mutate({
                document: reportProgressDocument,
                variables: {
                  id: issue.id,
                  expectedVersion: issue.version,
                  progressPercent: options.progressPercent ?? 100,
                  comment: options.comment ?? '整改完成，附现场照片',
                  evidenceIds: [evidenceId],
                },
              })
            ).reportProgress;
            reported = true;
            summary.reported.push({ code: issue.code, evidenceId });
            log(`${issue.code} 报送进展 ${options.progressPercent ?? 100}% (佐证 ${evidenceId})`);
            break;
          }
          case 'submit': {
            issue = (
              await client.mutate({
                document: submitRectificationDocument,
                variables: {
                  id: issue.id,
                  expectedVersion: issue.version,
                  summary: options.summary ?? '已按要求完成整改，申请销号',
                },
              })
            ).submitRectification;
            summary.submitted.push(issue.code);
            log(`${issue.code} 申请销号 → ${issue.substate}`);
            break;
          }
        }
      } catch (e) {
        const next = await decide(issue, e);
        if (!next) return;
        issue = next;
      }
    }
    skip(issue, 'VERSION_CONFLICT', null, `still changing after ${MAX_ROUNDS} tries: left for the next run`);
  }

  /**
   * One refusal, by its code (README, "Errors"): the problem to go on with (re-read), or null to leave it. What ends
   * the day is rethrown.
   */
  async function decide(issue: WorkItemFragment, e: unknown): Promise<WorkItemFragment | null> {
    if (e instanceof NoReplyError) throw e; // the service stayed away through every retry
    if (!(e instanceof RectifyError)) throw e;
    const { code, details } = e;
    switch (code) {
      case 'VERSION_CONFLICT': {
        // Someone else wrote first (the office, a colleague): read the problem again and decide anew.
        summary.conflicts++;
        log(
          `${issue.code} VERSION_CONFLICT: version ${issue.version} is stale (now ${details.currentVersion ?? '?'}), re-reading`,
        );
        const { issue: now } = await client.query({ document: issueNowDocument, variables: { id: issue.id } });
        if (!now || !now.heldByMe) {
          skip(issue, code, null, 'no longer held by this unit');
          return null;
        }
        return now;
      }
      case 'INVALID_TRANSITION':
        // The problem is past this step (reason WRONG_STATE, DUPLICATE, …): nothing to do here.
        skip(
          issue,
          code,
          details.reason,
          `${e.message} (state ${details.state ?? '?'}, allowed: ${details.allowedEvents.join(', ') || 'nothing'})`,
        );
        return null;
      case 'FORBIDDEN':
        // NOT_LEAD_UNIT: the unit cooperates on it now, the lead unit reports.
        skip(issue, code, details.reason, e.message);
        return null;
      case 'NOT_FOUND':
        // Reassigned to another unit since the list was read (a former holder reads it, sends nothing).
        skip(issue, code, null, e.message);
        return null;
      case 'BAD_USER_INPUT':
        skip(issue, code, details.reasons.map((r) => `${r.field}: ${r.reason}`).join('; ') || null, e.message);
        return null;
      case 'PAYLOAD_TOO_LARGE':
        skip(issue, code, null, `the photo is over the service's limit: ${e.message}`);
        return null;
      case 'INTERNAL_SERVER_ERROR':
        // A fault of the service, not retried by itself: report the request id to the office's administrator.
        skip(issue, code, null, `${e.message} (request ${e.requestId ?? '?'})`);
        return null;
      case 'UNAUTHENTICATED':
        // Unknown, expired or revoked token: nothing else will work today.
        throw e;
      case 'RATE_LIMITED':
      case 'SERVICE_UNAVAILABLE':
      case 'IDEMPOTENCY_KEY_IN_USE':
        // Retried (same key) until the policy gave up: stop, run again later — expectedVersion keeps a rerun safe.
        throw e;
      case 'GRAPHQL_PARSE_FAILED':
      case 'GRAPHQL_VALIDATION_FAILED':
      case 'BAD_REQUEST':
      case 'QUERY_TOO_DEEP':
      case 'QUERY_TOO_COSTLY':
        // This program's documents do not suit the service: regenerate src/gql from its schema.
        throw e;
      default: {
        const unhandled: never = code;
        throw new Error(`unhandled error code ${String(unhandled)}`);
      }
    }
  }

  function skip(issue: WorkItemFragment, error: ErrorCode, reason: string | null, message: string): void {
    summary.skipped.push({ code: issue.code, error, reason, message });
    log(`${issue.code} skipped — ${error}${reason ? ` ${reason}` : ''}: ${message}`);
  }
}

/** What the unit does next with a problem, from what the service says it may send. */
function nextStep(issue: WorkItemFragment, reported: boolean): Step | null {
  const allowed = new Set(issue.allowedEvents);
  if (allowed.has('accept')) return 'accept';
  if (allowed.has('reportProgress') && !reported) return 'report';
  if (allowed.has('submit')) return 'submit';
  return null;
}
