import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import type { Response } from 'express';
import { TextRuleViolation } from '@sitrep/platform';
import type { SiteContext } from '../render/page-html';
import { PrerenderedSite } from '../render/prerendered-site';
import { SITE_CONTEXT, sendMessagePage } from './message-page-response';

/** What the reader typed each form field as. */
const FIELD_LABELS: Record<string, string> = { email: 'email address', phone: 'phone number', code: 'code', token: 'link', componentIds: 'choice of components' };

/**
 * A form or link that breaks the shared text rule gets a page saying which field and what is wrong with
 * it (a 400), instead of the JSON the APIs answer.
 */
@Catch(TextRuleViolation)
export class TextProblemPageFilter implements ExceptionFilter {
  constructor(
    @Inject(PrerenderedSite) private readonly site: PrerenderedSite,
    @Inject(SITE_CONTEXT) private readonly context: SiteContext,
  ) {}

  catch(exception: TextRuleViolation, host: ArgumentsHost): void {
    const { field, reason } = exception.problem;
    const label = FIELD_LABELS[field.split('.')[0]] ?? `field "${field}"`;
    sendMessagePage(host.switchToHttp().getResponse<Response>(), this.site.meta.contentSecurityPolicy, this.context, 400, {
      title: `Check your ${label}`,
      heading: `Please check your ${label}`,
      paragraphs: [`Your ${label} ${reason}. Go back and type it again, without special or invisible characters. Nothing has been changed.`],
    });
  }
}
