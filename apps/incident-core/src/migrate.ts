import 'reflect-metadata';
import { runMigrationsCommand } from '@sitrep/platform';
import { coreDataSource } from './app/data-source';
import { CORE_SCHEMA } from './app/core-schema';

void runMigrationsCommand('incident-core', CORE_SCHEMA, coreDataSource);
