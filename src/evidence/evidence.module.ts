import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { IssuesModule } from '../issues/issues.module.js';
import { EVIDENCE_STORE } from './evidence.constants.js';
import { EvidenceController, EvidenceUploadGuard } from './evidence.controller.js';
import { EvidenceRepository } from './evidence.repository.js';
import { EvidenceResolver, IssueEvidenceResolver, IssueEventEvidenceResolver } from './evidence.resolver.js';
import { EvidenceService } from './evidence.service.js';
import { EvidenceStore } from './evidence-store.js';
import { EvidenceUploadInterceptor } from './evidence-upload.interceptor.js';
import { SpoolCleanupInterceptor } from './spool-cleanup.interceptor.js';

/** Evidence photos and documents: uploaded, checked by content, stored by sha256, attached to events. */
@Module({
  imports: [AuthModule, IssuesModule],
  controllers: [EvidenceController],
  providers: [
    {
      provide: EVIDENCE_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new EvidenceStore(config.evidenceDir),
    },
    EvidenceRepository,
    EvidenceService,
    EvidenceUploadGuard,
    EvidenceUploadInterceptor,
    SpoolCleanupInterceptor,
    EvidenceResolver,
    IssueEvidenceResolver,
    IssueEventEvidenceResolver,
  ],
  exports: [EvidenceRepository],
})
export class EvidenceModule {}
