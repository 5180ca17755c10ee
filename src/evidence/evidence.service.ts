import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ReadStream } from 'node:fs';
import { AuthService } from '../auth/auth.service.js';
import { actorOf, type Caller } from '../auth/caller.js';
import { mayUploadEvidence, mayWrite, writeRefusal } from '../auth/policy.js';
import { Clock } from '../common/clock.js';
import { badInput, forbidden, notFound, unauthenticated } from '../common/domain-error.js';
import { allowedEvents, evidenceRefusal, snapshotOf } from '../../workflows/issue.runtime.js';
import { canSee, IssueViews, seesEvent } from '../issues/issue-visibility.js';
import { contextOf } from '../issues/issue-snapshot.mapper.js';
import { IssuesRepository } from '../issues/issues.repository.js';
import { transitionRefusal } from '../issues/transition-refusal.js';
import { EVIDENCE_STORE } from './evidence.constants.js';
import { EvidenceRepository, type EvidenceRecord } from './evidence.repository.js';
import type { EvidenceStore, SpooledFile } from './evidence-store.js';
import { EXTENSION, sniffMediaType, type EvidenceMediaType } from './evidence-type.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_NOTE = 2000;

@Injectable()
export class EvidenceService {
  private readonly logger = new Logger('Evidence');

  constructor(
    private readonly evidence: EvidenceRepository,
    private readonly issues: IssuesRepository,
    private readonly views: IssueViews,
    private readonly auth: AuthService,
    private readonly clock: Clock,
    @Inject(EVIDENCE_STORE) private readonly store: EvidenceStore,
  ) {}

  /**
   * Who may upload to a problem: the office or its lead unit, while it may send an event that attaches evidence
   * (reportProgress, submit, verify) — an upload nothing could ever attach is refused (409) rather than kept. Checked
   * before the body is read.
   */
  async uploader(authorization: string | undefined, issueId: string): Promise<Caller> {
    const caller = await this.auth.callerFromHeader(authorization);
    if (!caller) throw unauthenticated();
    if (!mayWrite(caller)) throw forbidden(writeRefusal(caller));
    const [issue] = UUID.test(issueId) ? await this.issues.byIds([issueId]) : [];
    // A problem the caller cannot see answers as if it did not exist.
    if (!issue || !canSee(actorOf(caller), issue)) throw notFound('Issue');
    if (!mayUploadEvidence(caller, issue)) {
      throw forbidden('Only the office or a unit with work of its own on the problem may upload evidence');
    }
    const snapshot = snapshotOf(issue.substate, contextOf(issue));
    const at = this.clock.now().toISOString();
    const refused = evidenceRefusal(snapshot, actorOf(caller), at);
    if (refused) {
      throw transitionRefusal(refused, {
        attempt: 'uploadEvidence',
        substate: issue.substate,
        context: snapshot.context,
        allowedEvents: allowedEvents(snapshot, actorOf(caller), at),
      });
    }
    return caller;
  }

  /**
   * Checks the spooled upload by content and its note (the global StorableInputPipe has refused any text PostgreSQL
   * cannot store), then records it, unattached, moving the file to its content address inside the row's transaction:
   * a refusal or a failed insert stores no file, a failed move writes no row. Only a COMMIT lost after the move can
   * leave a file that no row names (never a row without its file); SpoolCleanupInterceptor removes the spooled copy.
   */
  async upload(caller: Caller, issueId: string, file: SpooledFile, note: unknown): Promise<EvidenceRecord> {
    const mediaType = sniffMediaType(file.head);
    if (!mediaType) throw badInput(['file'], '文件内容不是 JPEG、PNG、WebP 或 PDF', 'MALFORMED');
    const cleanNote = noteOf(note);
    return this.evidence.insert(
      {
        issueId,
        uploadedByTokenId: caller.tokenId,
        uploadedBy: caller.label,
        unitId: caller.unitId,
        fileName: fileNameOf(file.originalname, mediaType),
        mediaType,
        sizeBytes: file.size,
        sha256: file.sha256,
        storageKey: this.store.keyOf(file.sha256),
        note: cleanNote,
        at: this.clock.now(),
      },
      () => this.store.commit(file),
    );
  }

  /**
   * The file for a download. Public evidence of a published problem is anyone's; the rest only with a token
   * that sees the problem, and anything else is "not found" so that a file's existence does not leak.
   */
  async download(
    id: string,
    authorization: string | undefined,
  ): Promise<{ record: EvidenceRecord; stream: ReadStream }> {
    const caller = authorization ? await this.auth.callerFromHeader(authorization) : null;
    if (authorization && !caller) throw unauthenticated();
    const record = UUID.test(id) ? await this.evidence.byId(id) : null;
    const [issue] = record ? await this.issues.byIds([record.issueId]) : [];
    if (!record || !issue) throw caller ? notFound('Evidence') : unauthenticated();
    if (!(record.public && issue.published)) {
      if (!caller) throw unauthenticated();
      // A former holder downloads what it could read: the evidence of the events up to the one that took the problem away.
      const view = await this.views.of(actorOf(caller), issue);
      if (!view || !seesEvent(view, record.eventSeq)) throw notFound('Evidence');
    }
    const stream = await this.store.open(record.storageKey);
    if (!stream) {
      this.logger.error(`evidence ${record.id}: ${record.storageKey} is missing from the evidence directory`);
      throw notFound('Evidence');
    }
    return { record, stream };
  }

  async setPublic(id: string, value: boolean): Promise<EvidenceRecord> {
    const record = await this.evidence.setPublic(id, value);
    if (!record) throw notFound('Evidence');
    return record;
  }
}

/** The uploaded name without any path, control characters or excess length; a fallback when nothing is left. */
function fileNameOf(raw: string | undefined, mediaType: EvidenceMediaType): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are what a file name must not keep
  const name = Array.from(base.replace(/[\u0000-\u001f\u007f]/g, '').trim())
    .slice(0, 200)
    .join('');
  return name || `evidence${EXTENSION[mediaType]}`;
}

function noteOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw badInput(['note'], undefined, 'MALFORMED');
  if (value.length > MAX_NOTE) throw badInput(['note'], `不能超过 ${MAX_NOTE} 个字符`, 'TOO_LONG');
  return value.trim() || null;
}
