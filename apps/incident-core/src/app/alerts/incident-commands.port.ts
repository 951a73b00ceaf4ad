import { Injectable } from '@nestjs/common';
import type { Principal } from '@sitrep/auth';
import { callerFromToken } from '../commands/kernel/caller';
import { CommandExecutor } from '../commands/kernel/command-executor';
import type { DeclarationPlan } from './alert-rules';

/**
 * The incident commands alerts need, called as the integration (or the person) with the same rights and
 * rules as the REST API. One adapter implements it, on the command executor.
 */
export interface AlertIncidentCommands {
  declare(principal: Principal, plan: DeclarationPlan): Promise<{ id: string; reference: string }>;
  recordSignal(principal: Principal, incidentId: string, signal: { healthy: boolean; source: string; alertId?: string }): Promise<{ possibleRecurrence: boolean }>;
  addComponents(principal: Principal, incidentId: string, input: { componentIds: string[]; reason: string }): Promise<{ added: string[] }>;
}
export const ALERT_INCIDENT_COMMANDS = Symbol('AlertIncidentCommands');

/** The adapter: the command executor, with the caller's token role checked as for the REST routes. */
@Injectable()
export class ServiceIncidentCommands implements AlertIncidentCommands {
  constructor(private readonly commands: CommandExecutor) {}

  async declare(principal: Principal, plan: DeclarationPlan) {
    const declared = await this.commands.execute('declare', callerFromToken(principal), null, {
      title: plan.title,
      severity: plan.severity,
      summary: plan.summary,
      componentIds: plan.componentIds,
      trigger: plan.trigger,
      // The declare command requires a count with this trigger; without a customers_affected annotation it is 0 (unknown), and the summary says so.
      ...(plan.trigger === 'multi_customer_impact' ? { affectedCustomers: { count: plan.customersAffected ?? 0 } } : {}),
    });
    return { id: declared.id, reference: declared.reference };
  }

  async recordSignal(principal: Principal, incidentId: string, signal: { healthy: boolean; source: string; alertId?: string }) {
    return this.commands.execute('record_signal', callerFromToken(principal), incidentId, signal);
  }

  async addComponents(principal: Principal, incidentId: string, input: { componentIds: string[]; reason: string }) {
    return this.commands.execute('add_components', callerFromToken(principal), incidentId, input);
  }
}
