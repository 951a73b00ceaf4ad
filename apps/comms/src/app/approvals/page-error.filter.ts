import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { LOGGER } from '@sitrep/platform';
import { sendPage } from '@sitrep/web-session';
import { SignInRequired } from './page-session.guard';
import { APPROVAL_PAGES_CSP, PageViews } from './page-views';

/** The page's errors are pages, not JSON: a missing session goes to sign-in, anything else gets a short explanation. */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  constructor(
    private readonly views: PageViews,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof SignInRequired) {
      response.redirect(303, '/approvals/sign-in');
      return;
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
      sendPage(response, exception.getStatus(), this.views.error({ status: exception.getStatus(), message }), APPROVAL_PAGES_CSP);
      return;
    }
    this.logger.error({ err: exception }, 'approval page failed');
    sendPage(response, 500, this.views.error({ status: 500, message: 'Something went wrong on our side; it has been logged. Go back to the queue and try again.' }), APPROVAL_PAGES_CSP);
  }
}
