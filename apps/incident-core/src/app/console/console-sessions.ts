import { Inject, Injectable, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, Clock } from '@sitrep/clock';
import { WebSessions } from '@sitrep/web-session';
import { CORE_SCHEMA } from '../core-schema';
import { CONSOLE_SETTINGS, ConsoleSettings } from './console-settings';

export const CONSOLE_SESSION_COOKIE = 'sitrep_console_session';
export const CONSOLE_PATH = '/console';

/** The console's sessions in core.web_sessions, on incident-core's clock and the configured lifetimes. */
@Injectable()
export class ConsoleSessions {
  readonly store: WebSessions;

  constructor(dataSource: DataSource, @Inject(CLOCK) clock: Clock, @Inject(CONSOLE_SETTINGS) settings: ConsoleSettings) {
    this.store = new WebSessions((sql, params) => dataSource.query(sql, params), CORE_SCHEMA, { idleSeconds: settings.idleSeconds, absoluteSeconds: settings.absoluteSeconds }, () => clock.now());
  }
}

@Module({ providers: [ConsoleSessions], exports: [ConsoleSessions] })
export class ConsoleSessionsModule {}
