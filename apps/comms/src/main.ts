import 'reflect-metadata';
import { runService } from '@sitrep/platform';
import { startComms } from './app/start-comms';
import { loadCommsConfig } from './config/comms-config';

void runService('comms', () => loadCommsConfig(), (config) => config.ports.comms, startComms);
