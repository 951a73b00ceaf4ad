import { BadRequestException, CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { TextFieldProblem, findTextProblem } from '@sitrep/contracts';
import type { Observable } from 'rxjs';

interface RequestLike {
  body?: unknown;
  query?: unknown;
  params?: unknown;
}

export class TextRuleViolation extends BadRequestException {
  constructor(readonly problem: TextFieldProblem) {
    super({ statusCode: 400, error: 'Bad Request', message: `${problem.field}: ${problem.reason}`, fields: [problem] });
  }
}

/** The first text-rule problem of a request: route parameters and the query string are single-line, a body may hold multi-line text. */
export function requestTextProblem(request: RequestLike): TextFieldProblem | null {
  return (
    findTextProblem(request.params ?? {}, () => false, '(path)') ??
    findTextProblem(request.query ?? {}, () => false, '(query)') ??
    // Which body fields are single-line is the route's schema's business (ZodBodyPipe); here only what no field may hold.
    findTextProblem(request.body, () => true, '(body)')
  );
}

/**
 * The shared text rule, applied to every route of every app before its handler runs, so that no route
 * can forget it, including those that read the request themselves (HTML forms, landing pages).
 */
@Injectable()
export class TextRuleInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const problem = requestTextProblem(context.switchToHttp().getRequest<RequestLike>());
      if (problem) throw new TextRuleViolation(problem);
    }
    return next.handle();
  }
}
