import type { Actor } from '@sitrep/contracts';
import type { KnownIncidentEntity } from '../incidents/known-incident.entity';
import { MessagePreviews, MessageRenderer } from '../templates/message-renderer';
import { CommunicationContent, CommunicationEntity, CommunicationState } from './communication.entity';

export interface CommunicationView extends CommunicationContent {
  id: string;
  incidentId: string;
  incident: { reference: string; title: string; severity: string; status: string; commsLeadId: string | null } | null;
  subject: 'incident' | 'maintenance';
  kind: CommunicationEntity['kind'];
  state: CommunicationState;
  origin: 'person' | 'auto';
  trigger: string | null;
  draftedBy: Actor;
  createdAt: string;
  decidedBy: Actor | null;
  decidedAt: string | null;
  edited: boolean;
  original: CommunicationContent | null;
  rejectionReason: string | null;
  publishedAt: string | null;
  previews: MessagePreviews;
}

export function communicationView(row: CommunicationEntity, incident: KnownIncidentEntity | null, renderer: MessageRenderer): CommunicationView {
  return {
    id: row.id,
    incidentId: row.incidentId,
    incident: incident ? { reference: incident.reference, title: incident.title, severity: incident.severity, status: incident.status, commsLeadId: incident.commsLeadId } : null,
    subject: row.subject,
    kind: row.kind,
    state: row.state,
    origin: row.origin,
    trigger: row.trigger,
    title: row.title,
    status: row.status,
    impact: row.impact,
    body: row.body,
    components: row.components,
    channels: row.channels,
    draftedBy: row.draftedBy,
    createdAt: row.createdAt.toISOString(),
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    edited: row.edited,
    original: row.original,
    rejectionReason: row.rejectionReason,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    previews: renderer.previews({ ...row, incident: incident ? { reference: incident.reference, severity: incident.severity } : null }),
  };
}
