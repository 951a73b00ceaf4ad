import 'reflect-metadata';
import { runService } from '@sitrep/platform';
import { startComms } from './app/start-comms';

void runService('comms', (config) => config.ports.comms, startComms);
