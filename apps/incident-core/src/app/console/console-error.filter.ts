import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { LOGGER } from '@sitrep/platform';
import { sendPage } from '@sitrep/web-session';
import { SignInRequired } from './console.guard';
import { CONSOLE_CSP, ConsoleViews } from './console-views';

/** The console's errors are pages, not JSON: no session goes to sign-in (and back), anything else gets a short explanation. */
@Catch()
export class ConsoleErrorFilter implements ExceptionFilter {
  constructor(
    private readonly views: ConsoleViews,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof SignInRequired) {
      const back = request.method === 'GET' ? `?returnTo=${encodeURIComponent(request.originalUrl)}` : '';
      response.redirect(303, `/console/sign-in${back}`);
      return;
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
      sendPage(response, exception.getStatus(), this.views.render('error', { pageTitle: 'Error', title: errorTitle(exception.getStatus()), message }), CONSOLE_CSP);
      return;
    }
    this.logger.error({ err: exception }, 'console page failed');
    sendPage(response, 500, this.views.render('error', { pageTitle: 'Error', title: 'Something went wrong', message: 'Something went wrong on our side; it has been logged. Go back and try again.' }), CONSOLE_CSP);
  }
}

function errorTitle(status: number): string {
  return ({ 400: 'That did not work', 401: 'Sign-in refused', 403: 'Not allowed', 404: 'Not found', 409: 'Not now' } as Record<number, string>)[status] ?? 'Something went wrong';
}
