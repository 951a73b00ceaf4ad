import 'reflect-metadata';
import { runService } from '@sitrep/platform';
import { startStatusPage } from './app/start-status-page';

void runService('status-page', (config) => config.ports.statusPage, startStatusPage);
