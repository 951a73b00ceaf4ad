import 'reflect-metadata';
import { runService } from '@sitrep/platform';
import { startIncidentCore } from './app/start-incident-core';

void runService('incident-core', (config) => config.ports.core, startIncidentCore);
