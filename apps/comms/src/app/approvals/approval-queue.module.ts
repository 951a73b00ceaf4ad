import { DynamicModule, Module } from '@nestjs/common';
import type { SqlTokenStore } from '@sitrep/auth';
import { CLOCK, Clock } from '@sitrep/clock';
import { CommunicationsModule } from '../communications/communications.module';
import { COMMS_OUTBOX_SIGNAL, OutboxSignal } from '../outbox/comms-outbox';
import { MessageRenderer } from '../templates/message-renderer';
import { TokensModule } from '../tokens/tokens.module';
import { COMMS_TOKEN_STORE } from '../tokens/tokens.service';
import { ApprovalsModule } from './approvals.module';
import { APPROVAL_PAGE_SETTINGS, ApprovalPageSettings, DEFAULT_APPROVAL_PAGE_SETTINGS } from './page-sessions';

export interface ApprovalQueueOptions {
  clock: Clock;
  /** Wakes the outbox relay in this process after an approval commits. */
  outboxSignal: OutboxSignal;
  renderer: MessageRenderer;
  /** comms' own token table: issuing tokens, and resolving the approval page's sessions. */
  tokenStore: SqlTokenStore;
  /** How the approval page signs people in (single sign-on, session lifetimes); default: tokens only. */
  pageSignIn?: ApprovalPageSettings;
}

/** Drafts, approvals (API and page) and token issuing, with what they share from the running service. */
@Module({})
export class ApprovalQueueModule {
  static create(options: ApprovalQueueOptions): DynamicModule {
    return {
      module: ApprovalQueueModule,
      imports: [
        {
          module: class ApprovalQueueRuntimeModule {},
          global: true,
          providers: [
            { provide: CLOCK, useValue: options.clock },
            { provide: COMMS_OUTBOX_SIGNAL, useValue: options.outboxSignal },
            { provide: MessageRenderer, useValue: options.renderer },
            { provide: COMMS_TOKEN_STORE, useValue: options.tokenStore },
            { provide: APPROVAL_PAGE_SETTINGS, useValue: options.pageSignIn ?? DEFAULT_APPROVAL_PAGE_SETTINGS },
          ],
          exports: [CLOCK, COMMS_OUTBOX_SIGNAL, MessageRenderer, COMMS_TOKEN_STORE, APPROVAL_PAGE_SETTINGS],
        },
        CommunicationsModule,
        ApprovalsModule,
        TokensModule,
      ],
    };
  }
}
