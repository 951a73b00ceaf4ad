import type { CommandName } from '@sitrep/contracts';
import { Form, formList } from './console-page';

/**
 * How each command's form fields become its input. HTML forms send only strings, so the console says
 * which fields are numbers, yes/no, lists (one per line or comma-separated) or optional (empty: left
 * out); the command's own schema then validates the result exactly as for the API.
 */
type FieldKind = 'text' | 'optional' | 'number' | 'bool' | 'lines' | 'checkboxes';

const FIELDS: Record<CommandName, Record<string, FieldKind>> = {
  declare: { title: 'text', severity: 'text', trigger: 'text', summary: 'optional', componentIds: 'checkboxes', escalatedBy: 'optional', commanderId: 'optional' },
  change_status: { status: 'text', reason: 'optional' },
  change_severity: { severity: 'text', reason: 'text' },
  assign_role: { role: 'text', personId: 'text' },
  add_implementer: { personId: 'text' },
  record_assessment: { impactScope: 'text', customersAffected: 'number', severityConfirmed: 'text', enterpriseCustomersAffected: 'lines', componentIds: 'checkboxes' },
  fix_deployed: { deployRef: 'text' },
  record_verification: { passed: 'bool', details: 'optional' },
  record_signal: { healthy: 'bool', source: 'optional', alertId: 'optional' },
  resolve: {},
  reopen: { reason: 'text' },
  close: {},
  mark_duplicate: { duplicateOf: 'text' },
  add_note: { text: 'text' },
  report_ticket_volume: { count: 'number', windowMinutes: 'number' },
  flag_media_attention: { details: 'text' },
  send_executive_update: { summary: 'text' },
  authorise_compensation: { amount: 'number', currency: 'text', customers: 'lines', reason: 'text' },
  acknowledge_page: {},
  edit_postmortem_section: { section: 'text', text: 'text' },
  add_action_item: { title: 'text', description: 'optional', ownerPersonId: 'text', dueDate: 'text', priority: 'text' },
  update_action_item: { itemId: 'text', title: 'optional', description: 'optional', ownerPersonId: 'optional', dueDate: 'optional', priority: 'optional', status: 'optional' },
  review_postmortem: { notes: 'optional' },
  publish_postmortem: {},
  declare_from_alerts: { alertIds: 'checkboxes', severity: 'text', title: 'optional', summary: 'optional', commanderId: 'optional' },
  add_components: { componentIds: 'checkboxes', reason: 'optional' },
};

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(FIELDS, name);
}

export function commandInputFromForm(name: CommandName, form: Form): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [field, kind] of Object.entries(FIELDS[name])) {
    const raw = form[field];
    const value = typeof raw === 'string' ? raw.trim() : '';
    switch (kind) {
      case 'text':
        input[field] = value;
        break;
      case 'optional':
        if (value !== '') input[field] = value;
        break;
      case 'number':
        // Not a number: pass the text on, so the schema's refusal names the field.
        input[field] = value === '' ? undefined : Number.isFinite(Number(value)) ? Number(value) : value;
        break;
      case 'bool':
        input[field] = value === 'true' ? true : value === 'false' ? false : value;
        break;
      case 'lines':
        input[field] = value.split(/[\n,]/).map((v) => v.trim()).filter(Boolean);
        break;
      case 'checkboxes':
        input[field] = formList(raw);
        break;
    }
  }
  if (name === 'declare') {
    const count = typeof form.affectedCount === 'string' ? form.affectedCount.trim() : '';
    if (count !== '') input.affectedCustomers = { count: Number.isFinite(Number(count)) ? Number(count) : count };
  }
  return input;
}
