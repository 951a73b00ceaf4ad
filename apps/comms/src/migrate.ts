import 'reflect-metadata';
import { runMigrationsCommand } from '@sitrep/platform';
import { commsDataSource } from './app/data-source';
import { COMMS_SCHEMA } from './app/comms-schema';

void runMigrationsCommand('comms', COMMS_SCHEMA, commsDataSource);
