import 'reflect-metadata';
import { runService } from '@sitrep/platform';
import { startIncidentCore } from './app/start-incident-core';
import { loadIncidentCoreConfig } from './config/incident-core-config';

void runService('incident-core', () => loadIncidentCoreConfig(), (config) => config.ports.core, startIncidentCore);
