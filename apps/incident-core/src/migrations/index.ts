import { InitialCoreSchema1764160000000 } from './1764160000000-initial-core-schema';
import { PeopleAndRoster1764160000100 } from './1764160000100-people-and-roster';
import { IncidentCommand1764160000200 } from './1764160000200-incident-command';
import { Postmortems1764160000500 } from './1764160000500-postmortems';
import { Maintenances1764160000600 } from './1764160000600-maintenances';
import { Alerts1764160000700 } from './1764160000700-alerts';
import { ConsoleSessions1764160001200 } from './1764160001200-console-sessions';
import { TimelinePaging1764160001300 } from './1764160001300-timeline-paging';

/** Listed explicitly, in order: no glob loading, so a build ships exactly these. */
export const coreMigrations = [InitialCoreSchema1764160000000, PeopleAndRoster1764160000100, IncidentCommand1764160000200, Maintenances1764160000600, Postmortems1764160000500, Alerts1764160000700, ConsoleSessions1764160001200, TimelinePaging1764160001300];
