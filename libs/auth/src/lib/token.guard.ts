import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Principal, Role, TokenStore, hashToken } from './tokens';

const PUBLIC_KEY = 'sitrep:public';
const ROLES_KEY = 'sitrep:roles';
export const TOKEN_STORE = Symbol('TokenStore');

/** Marks a route that needs no token (health checks, public subscribe forms). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
/** The roles allowed on a route; admin is always allowed. Routes without it are admin-only. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * Why a principal of this role may not use a route that allows these roles (admin always may); null
 * when it may. One wording for the guard and for surfaces that act for a person without a token
 * (comms' Slack app), so a refusal reads the same through every door.
 */
export function routeRoleRefusal(role: Role, allowed: readonly Role[]): string | null {
  if (role === 'admin' || allowed.includes(role)) return null;
  return `role "${role}" may not do this; allowed: ${['admin', ...allowed].join(', ')}`;
}

export type AuthenticatedRequest = { headers: Record<string, string | string[] | undefined>; principal?: Principal };

@Injectable()
export class TokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_STORE) private readonly store: TokenStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers['authorization'];
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('missing bearer token: send "Authorization: Bearer <token>"');
    const principal = await this.store.findByHash(hashToken(match[1]));
    if (!principal) throw new UnauthorizedException('unknown or revoked token');
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    const refusal = routeRoleRefusal(principal.role, allowed);
    if (refusal) throw new ForbiddenException(refusal);
    request.principal = principal;
    return true;
  }
}
