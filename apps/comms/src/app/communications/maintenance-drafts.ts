import type { Channel, CommunicationKind, ComponentStatus, MaintenanceView, PublicStatus } from '@sitrep/contracts';

export type MaintenanceEventType = 'maintenance.scheduled' | 'maintenance.started' | 'maintenance.completed' | 'maintenance.cancelled';

export interface MaintenancePlan {
  kind: CommunicationKind;
  status: PublicStatus;
  componentStatus: ComponentStatus;
  channels: Channel[];
}

/**
 * What customers are told at each step of a maintenance window: that it is scheduled, that it started
 * (components under maintenance), that it completed (components operational again). Subscribers hear of
 * all three by email; the short start and end notices also go by SMS.
 */
export function maintenancePlan(type: MaintenanceEventType): MaintenancePlan {
  switch (type) {
    case 'maintenance.scheduled':
      return { kind: 'maintenance_scheduled', status: 'scheduled', componentStatus: 'operational', channels: ['status_page', 'email'] };
    case 'maintenance.started':
      return { kind: 'maintenance_started', status: 'in_progress', componentStatus: 'under_maintenance', channels: ['status_page', 'email', 'sms'] };
    case 'maintenance.completed':
      return { kind: 'maintenance_completed', status: 'completed', componentStatus: 'operational', channels: ['status_page', 'email', 'sms'] };
    // A cancelled window is closed on the page like a completed one, so it never shows as in progress.
    case 'maintenance.cancelled':
      return { kind: 'maintenance_completed', status: 'completed', componentStatus: 'operational', channels: ['status_page', 'email'] };
  }
}

/** "2026-12-01 02:00": readable in a message, UTC as the templates say. */
export function windowTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

export function maintenanceContext(maintenance: MaintenanceView): { title: string; message: string; scheduledFor: string; scheduledUntil: string; cancelled: boolean } {
  return {
    title: maintenance.title,
    message: maintenance.message,
    scheduledFor: windowTime(maintenance.scheduledFor),
    scheduledUntil: windowTime(maintenance.scheduledUntil),
    cancelled: maintenance.state === 'cancelled',
  };
}
