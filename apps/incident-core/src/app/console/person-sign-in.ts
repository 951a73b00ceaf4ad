import type { VerifiedIdentity } from '@sitrep/web-session';

export type SignInDecision =
  | { kind: 'person'; personId: string }
  | { kind: 'provision'; name: string; email: string }
  | { kind: 'refuse'; reason: string };

/**
 * Who an identity from the provider is on Sitrep: the roster person with that verified email (an email
 * the provider has not verified never gets this far: finishSingleSignOn refuses it). Someone not on the
 * roster is refused, or, when OIDC_AUTO_PROVISION is on, put on it with no roles (a viewer).
 */
export function decideSignIn(identity: VerifiedIdentity, person: { id: string } | null, autoProvision: boolean): SignInDecision {
  if (person) return { kind: 'person', personId: person.id };
  if (!autoProvision) return { kind: 'refuse', reason: `${identity.email} is not on Sitrep's roster. Ask an admin to add you.` };
  const name = identity.name?.trim() || identity.email.split('@')[0];
  return { kind: 'provision', name: name.slice(0, 200), email: identity.email };
}
