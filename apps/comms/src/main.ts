import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { runService } from '@sitrep/platform';
import { startComms } from './app/start-comms';
import { loadCommsConfig } from './config/comms-config';

// A fan-out makes garbage fast (a MIME message per email, a request per text), and V8's default heap
// growth let comms' resident memory climb past 250 MiB over 100,000 emails although what it holds stays
// small. Sized for memory, the heap grows by smaller steps: in one process sending 15,000 emails to an SMTP
// sink, peak RSS 194 MiB by default and 92 MiB with this flag (docs/benchmarks.md, bench/fanout).
setFlagsFromString('--optimize-for-size');

void runService('comms', () => loadCommsConfig(), (config) => config.ports.comms, startComms);
