import type { CommandName } from '@sitrep/contracts';
import { acknowledgePage } from './acknowledge-page.command';
import { addActionItem } from './add-action-item.command';
import { addComponents } from './add-components.command';
import { addImplementer } from './add-implementer.command';
import { addNote } from './add-note.command';
import { assignRole } from './assign-role.command';
import { authoriseCompensation } from './authorise-compensation.command';
import { changeSeverity } from './change-severity.command';
import { changeStatus } from './change-status.command';
import { close } from './close.command';
import { declare } from './declare.command';
import { declareFromAlerts } from './declare-from-alerts.command';
import { editPostmortemSection } from './edit-postmortem-section.command';
import { fixDeployed } from './fix-deployed.command';
import { flagMediaAttention } from './flag-media-attention.command';
import type { CommandDefinition } from './kernel/command';
import { markDuplicate } from './mark-duplicate.command';
import { publishPostmortem } from './publish-postmortem.command';
import { recordAssessment } from './record-assessment.command';
import { recordSignal } from './record-signal.command';
import { recordVerification } from './record-verification.command';
import { reopen } from './reopen.command';
import { reportTicketVolume } from './report-ticket-volume.command';
import { resolve } from './resolve.command';
import { reviewPostmortem } from './review-postmortem.command';
import { sendExecutiveUpdate } from './send-executive-update.command';
import { updateActionItem } from './update-action-item.command';

/** Every command by its wire name (libs/contracts COMMAND_NAMES): the compiler checks none is missing. */
export const COMMANDS = {
  declare,
  change_status: changeStatus,
  change_severity: changeSeverity,
  assign_role: assignRole,
  add_implementer: addImplementer,
  record_assessment: recordAssessment,
  fix_deployed: fixDeployed,
  record_verification: recordVerification,
  record_signal: recordSignal,
  resolve,
  reopen,
  close,
  mark_duplicate: markDuplicate,
  add_note: addNote,
  report_ticket_volume: reportTicketVolume,
  flag_media_attention: flagMediaAttention,
  send_executive_update: sendExecutiveUpdate,
  authorise_compensation: authoriseCompensation,
  acknowledge_page: acknowledgePage,
  edit_postmortem_section: editPostmortemSection,
  add_action_item: addActionItem,
  update_action_item: updateActionItem,
  review_postmortem: reviewPostmortem,
  publish_postmortem: publishPostmortem,
  declare_from_alerts: declareFromAlerts,
  add_components: addComponents,
} satisfies Record<CommandName, Pick<CommandDefinition, 'name' | 'scope' | 'tokenRoles'>>;
