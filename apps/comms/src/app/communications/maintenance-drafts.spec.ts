import { maintenanceContext, maintenancePlan } from './maintenance-drafts';

const window = { id: '00000000-0000-4000-8000-000000000001', title: 'DB upgrade', message: 'Writes pause.', componentIds: [], scheduledFor: '2026-12-01T02:00:00.000Z', scheduledUntil: '2026-12-01T03:00:00.000Z' };

describe('maintenance notices', () => {
  it('tell customers a window is scheduled, started (under maintenance) and completed', () => {
    expect(maintenancePlan('maintenance.scheduled')).toMatchObject({ kind: 'maintenance_scheduled', status: 'scheduled', componentStatus: 'operational' });
    expect(maintenancePlan('maintenance.started')).toMatchObject({ kind: 'maintenance_started', status: 'in_progress', componentStatus: 'under_maintenance' });
    expect(maintenancePlan('maintenance.completed')).toMatchObject({ kind: 'maintenance_completed', status: 'completed', componentStatus: 'operational' });
  });

  it('close a cancelled window on the page, saying it was cancelled', () => {
    expect(maintenancePlan('maintenance.cancelled')).toMatchObject({ kind: 'maintenance_completed', status: 'completed' });
    expect(maintenanceContext({ ...window, state: 'cancelled' })).toMatchObject({ cancelled: true, scheduledFor: '2026-12-01 02:00' });
    expect(maintenanceContext({ ...window, state: 'scheduled' }).cancelled).toBe(false);
  });
});
