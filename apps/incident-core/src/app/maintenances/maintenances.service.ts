import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { CLOCK, Clock } from '@sitrep/clock';
import { Actor, MaintenanceView, SYSTEM_ACTOR, createEvent } from '@sitrep/contracts';
import { LOGGER } from '@sitrep/platform';
import { ComponentsService } from '../components/components.service';
import { ClockPoller, DEADLINE_SCHEDULER_OPTIONS, DeadlineSchedulerOptions } from '../deadlines/clock-poller';
import { RecordEvent, UnitOfWork } from '../outbox/unit-of-work';
import { ScheduleMaintenanceBody, nextMaintenanceStep } from './maintenance-rules';

interface MaintenanceRow {
  id: string;
  title: string;
  message: string;
  component_ids: string[];
  scheduled_for: Date;
  scheduled_until: Date;
  state: MaintenanceView['state'];
}

function view(row: MaintenanceRow): MaintenanceView {
  return {
    id: row.id,
    title: row.title,
    message: row.message,
    componentIds: row.component_ids,
    scheduledFor: row.scheduled_for.toISOString(),
    scheduledUntil: row.scheduled_until.toISOString(),
    state: row.state,
  };
}

/**
 * Planned maintenance windows. Scheduling, starting and completing each emit an event that comms turns
 * into customer notices; a poller moves windows along on the injectable clock, once per step.
 */
@Injectable()
export class MaintenancesService extends ClockPoller {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly components: ComponentsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
    @Inject(DEADLINE_SCHEDULER_OPTIONS) options: DeadlineSchedulerOptions,
  ) {
    super('maintenance poller', logger, options);
  }

  async schedule(body: ScheduleMaintenanceBody, actor: Actor): Promise<MaintenanceView> {
    const unknown = await this.components.unknownIds(body.componentIds);
    if (unknown.length) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `componentIds: unknown component id(s): ${unknown.join(', ')}`, fields: [{ field: 'componentIds', reason: `unknown component id(s): ${unknown.join(', ')}` }] });
    }
    return this.unitOfWork.run(async (manager, record) => {
      const now = this.clock.now();
      if (new Date(body.scheduledUntil) <= now) {
        throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'scheduledUntil: the window is already over', fields: [{ field: 'scheduledUntil', reason: 'the window is already over' }] });
      }
      const [row]: MaintenanceRow[] = await manager.query(
        `INSERT INTO core.maintenances (id, title, message, component_ids, scheduled_for, scheduled_until, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [randomUUID(), body.title, body.message, [...new Set(body.componentIds)], body.scheduledFor, body.scheduledUntil, JSON.stringify(actor), now],
      );
      await record(createEvent('maintenance.scheduled', { maintenance: view(row) }, { actor, occurredAt: now }));
      return view(row);
    });
  }

  async list(): Promise<MaintenanceView[]> {
    return this.unitOfWork.run(async (manager) => {
      const rows: MaintenanceRow[] = await manager.query(`SELECT * FROM core.maintenances ORDER BY scheduled_for DESC LIMIT 200`);
      return rows.map(view);
    });
  }

  async cancel(id: string, actor: Actor): Promise<MaintenanceView> {
    return this.unitOfWork.run(async (manager, record) => {
      const [row]: MaintenanceRow[] = await manager.query(`SELECT * FROM core.maintenances WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw new NotFoundException(`no maintenance with id ${id}`);
      if (row.state !== 'scheduled') throw new ConflictException({ statusCode: 409, message: `only a scheduled window can be cancelled (this one is ${row.state})` });
      row.state = 'cancelled';
      await manager.query(`UPDATE core.maintenances SET state = 'cancelled' WHERE id = $1`, [id]);
      await record(createEvent('maintenance.cancelled', { maintenance: view(row) }, { actor, occurredAt: this.clock.now() }));
      return view(row);
    });
  }

  tick(): Promise<number> {
    return this.advance();
  }

  /** Starts and completes the windows whose time has come; each step is one transaction with its event. */
  async advance(): Promise<number> {
    return this.unitOfWork.run(async (manager, record) => {
      const now = this.clock.now();
      const rows: MaintenanceRow[] = await manager.query(
        `SELECT * FROM core.maintenances WHERE state IN ('scheduled', 'in_progress') AND scheduled_for <= $1 ORDER BY scheduled_for LIMIT 50 FOR UPDATE SKIP LOCKED`,
        [now],
      );
      let moved = 0;
      for (const row of rows) {
        // A window whose start was missed (downtime) still announces its start before its end.
        let step = nextMaintenanceStep(row.state, row.scheduled_for, row.scheduled_until, now);
        while (step) {
          await this.step(manager, record, row, step, now);
          moved++;
          step = nextMaintenanceStep(row.state, row.scheduled_for, row.scheduled_until, now);
        }
      }
      return moved;
    });
  }

  private async step(manager: EntityManager, record: RecordEvent, row: MaintenanceRow, step: 'start' | 'complete', now: Date): Promise<void> {
    if (step === 'start' || row.state === 'scheduled') {
      row.state = 'in_progress';
      await manager.query(`UPDATE core.maintenances SET state = 'in_progress', started_at = $2 WHERE id = $1`, [row.id, now]);
      await record(createEvent('maintenance.started', { maintenance: view(row) }, { actor: SYSTEM_ACTOR, occurredAt: now }));
      return;
    }
    row.state = 'completed';
    await manager.query(`UPDATE core.maintenances SET state = 'completed', completed_at = $2 WHERE id = $1`, [row.id, now]);
    await record(createEvent('maintenance.completed', { maintenance: view(row) }, { actor: SYSTEM_ACTOR, occurredAt: now }));
  }
}
