import { ForbiddenException, Injectable } from '@nestjs/common';
import type { Principal } from '@sitrep/auth';
import { actorOf } from '../access/actor';
import { IncidentCommandsService } from '../incidents/incident-commands.service';
import { IncidentsService } from '../incidents/incidents.service';
import type { DeclarationPlan } from './alert-rules';

/**
 * The incident commands alerts need, called as the integration (or the person) with the same rights and
 * rules as the REST API. One adapter implements it; when the command executor lands, only the adapter changes.
 */
export interface AlertIncidentCommands {
  declare(principal: Principal, plan: DeclarationPlan): Promise<{ id: string; reference: string }>;
  recordSignal(principal: Principal, incidentId: string, signal: { healthy: boolean; source: string; alertId?: string }): Promise<{ possibleRecurrence: boolean }>;
}
export const ALERT_INCIDENT_COMMANDS = Symbol('AlertIncidentCommands');

/** The roles the REST routes allow for the same commands (POST /incidents, POST /incidents/:id/signals). */
const MAY_DECLARE = ['admin', 'responder', 'automation'];
const MAY_SIGNAL = ['admin', 'responder', 'automation'];

@Injectable()
export class ServiceIncidentCommands implements AlertIncidentCommands {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly commands: IncidentCommandsService,
  ) {}

  async declare(principal: Principal, plan: DeclarationPlan) {
    if (!MAY_DECLARE.includes(principal.role)) throw new ForbiddenException(`role "${principal.role}" may not declare an incident`);
    const declared = await this.incidents.declare(
      {
        title: plan.title,
        severity: plan.severity,
        summary: plan.summary,
        componentIds: plan.componentIds,
        trigger: plan.trigger,
        ...(plan.trigger === 'multi_customer_impact' && plan.customersAffected !== null ? { affectedCustomers: { count: plan.customersAffected } } : {}),
      },
      actorOf(principal),
      principal.personId,
    );
    return { id: declared.id, reference: declared.reference };
  }

  async recordSignal(principal: Principal, incidentId: string, signal: { healthy: boolean; source: string; alertId?: string }) {
    if (!MAY_SIGNAL.includes(principal.role)) throw new ForbiddenException(`role "${principal.role}" may not record a signal`);
    return this.commands.recordSignal(incidentId, principal, signal);
  }
}
