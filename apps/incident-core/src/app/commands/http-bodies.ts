import { z } from 'zod';
import { actionItemChanges } from './update-action-item.command';
/**
 * The HTTP request bodies of the command routes: each command's input minus what the route's path
 * carries (the role, the section, the action item). The command validates again; these give the API
 * docs their schemas and let the guard-then-pipe order answer as it always has.
 */
export { declareInput as declareBody } from './declare.command';
export { changeStatusInput as statusBody } from './change-status.command';
export { changeSeverityInput as severityBody } from './change-severity.command';
export { markDuplicateInput as duplicateBody } from './mark-duplicate.command';
export { personInput as personBody } from './shared/inputs';
export { recordAssessmentInput as assessmentBody } from './record-assessment.command';
export { fixDeployedInput as fixDeployedBody } from './fix-deployed.command';
export { recordVerificationInput as verificationBody } from './record-verification.command';
export { recordSignalInput as signalBody } from './record-signal.command';
export { sendExecutiveUpdateInput as executiveUpdateBody } from './send-executive-update.command';
export { reportTicketVolumeInput as ticketVolumeBody } from './report-ticket-volume.command';
export { flagMediaAttentionInput as mediaAttentionBody } from './flag-media-attention.command';
export { authoriseCompensationInput as compensationBody } from './authorise-compensation.command';
export { addNoteInput as noteBody } from './add-note.command';
export { reviewPostmortemInput as reviewBody } from './review-postmortem.command';
export { addActionItemInput as actionItemBody } from './add-action-item.command';
export { addComponentsInput as componentsBody } from './add-components.command';
export const sectionBody = z.object({ text: z.string().trim().min(1, 'must not be empty').max(20_000, 'must be at most 20000 characters') }).strict();
export const actionItemPatch = actionItemChanges.refine((b) => Object.keys(b).length > 0, 'give at least one field to change');
