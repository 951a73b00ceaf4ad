import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { AuthenticatedRequest, Principal } from '@sitrep/auth';

/** The principal the token guard attached to the request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});
