import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Logger } from 'pino';
import { loggableError } from './loggable-error';

interface ResponseLike {
  status(code: number): ResponseLike;
  json(body: unknown): void;
  getHeaderNames?(): string[];
  getHeader?(name: string): unknown;
  setHeader?(name: string, value: string): void;
}

/**
 * The standard Retry-After on a 429. @nestjs/throttler names its header after the throttler that tripped
 * ("Retry-After-burst"), which no client understands; the longest of those waits is the one to say.
 */
function standardRetryAfter(response: ResponseLike): void {
  if (!response.getHeaderNames || !response.setHeader || response.getHeader?.('retry-after') !== undefined) return;
  const waits = response
    .getHeaderNames()
    .filter((name) => /^retry-after-/i.test(name))
    .map((name) => Number(response.getHeader?.(name)))
    .filter((n) => Number.isFinite(n) && n >= 0);
  response.setHeader('Retry-After', String(waits.length ? Math.ceil(Math.max(...waits)) : 60));
}

/**
 * Turns every error into a JSON answer. Known HTTP errors keep their status and message; anything else
 * is logged (without query parameters or personal data) and answered with a 500 that gives nothing away.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ResponseLike>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (status === HttpStatus.TOO_MANY_REQUESTS) standardRetryAfter(response);
      response.status(status).json(typeof body === 'string' ? { statusCode: status, message: body } : body);
      return;
    }
    // Express's body parser reports malformed JSON with a status of its own.
    const withStatus = exception as { status?: number; message?: string; type?: string };
    if (typeof withStatus?.status === 'number' && withStatus.status >= 400 && withStatus.status < 500) {
      response.status(withStatus.status).json({ statusCode: withStatus.status, error: 'Bad Request', message: `request body: ${withStatus.message}`, fields: [{ field: '(body)', reason: withStatus.message }] });
      return;
    }
    this.logger.error({ err: loggableError(exception) }, 'unhandled error');
    response.status(500).json({ statusCode: 500, error: 'Internal Server Error', message: 'unexpected error; it has been logged' });
  }
}
