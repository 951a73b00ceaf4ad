import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Logger } from 'pino';

interface ResponseLike {
  status(code: number): ResponseLike;
  json(body: unknown): void;
}

/**
 * Turns every error into a JSON answer. Known HTTP errors keep their status and message; anything else
 * is logged and answered with a 500 that gives nothing away.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ResponseLike>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      response.status(status).json(typeof body === 'string' ? { statusCode: status, message: body } : body);
      return;
    }
    // Express's body parser reports malformed JSON with a status of its own.
    const withStatus = exception as { status?: number; message?: string; type?: string };
    if (typeof withStatus?.status === 'number' && withStatus.status >= 400 && withStatus.status < 500) {
      response.status(withStatus.status).json({ statusCode: withStatus.status, error: 'Bad Request', message: `request body: ${withStatus.message}` });
      return;
    }
    this.logger.error({ err: exception }, 'unhandled error');
    response.status(500).json({ statusCode: 500, error: 'Internal Server Error', message: 'unexpected error; it has been logged' });
  }
}
