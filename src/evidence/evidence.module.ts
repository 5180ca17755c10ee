import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AuthModule } from '../auth/auth.module.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { IssuesModule } from '../issues/issues.module.js';
import { EVIDENCE_STORE } from './evidence.constants.js';
import { EvidenceController, EvidenceUploadGuard } from './evidence.controller.js';
import { EvidenceRepository } from './evidence.repository.js';
import { EvidenceResolver, IssueEvidenceResolver, IssueEventEvidenceResolver } from './evidence.resolver.js';
import { EvidenceService } from './evidence.service.js';
import { EvidenceStore } from './evidence-store.js';
import { SpoolCleanupInterceptor } from './spool-cleanup.interceptor.js';

/** Evidence photos and documents: uploaded, checked by content, stored by sha256, attached to events. */
@Module({
  imports: [
    AuthModule,
    IssuesModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        storage: new EvidenceStore(config.evidenceDir).spool(),
        // multer stops reading past fileSize (413); one file, a note and little else.
        limits: { fileSize: config.evidenceMaxBytes, files: 1, fields: 5, fieldSize: 8 * 1024 },
        // Browsers and curl send non-ASCII file names (现场照片.jpg) as raw UTF-8.
        defParamCharset: 'utf8',
      }),
    }),
  ],
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
    SpoolCleanupInterceptor,
    EvidenceResolver,
    IssueEvidenceResolver,
    IssueEventEvidenceResolver,
  ],
  exports: [EvidenceRepository],
})
export class EvidenceModule {}
