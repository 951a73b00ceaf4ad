import { InitialCommsSchema1764160000001 } from './1764160000001-initial-comms-schema';
import { ApprovalQueue1764160000300 } from './1764160000300-approval-queue';
import { SubscribersAndDeliveries1764160000400 } from './1764160000400-subscribers-and-deliveries';
import { MaintenanceCommunications1764160000500 } from './1764160000500-maintenance-communications';
import { ProviderSendPace1764160001400 } from './1764160001400-provider-send-pace';
import { IncidentNotices1764160001500 } from './1764160001500-incident-notices';
import { SlackEvents1764160001700 } from './1764160001700-slack-events';
import { DeliveriesInDoubt1764160001800 } from './1764160001800-deliveries-in-doubt';
import { PageWebSessions1764160002310 } from './1764160002310-page-web-sessions';
import { SlackEventLeases1764160002420 } from './1764160002420-slack-event-leases';
import { SlackEventOrder1764160002700 } from './1764160002700-slack-event-order';

export const commsMigrations = [
  InitialCommsSchema1764160000001,
  ApprovalQueue1764160000300,
  SubscribersAndDeliveries1764160000400,
  MaintenanceCommunications1764160000500,
  ProviderSendPace1764160001400,
  IncidentNotices1764160001500,
  SlackEvents1764160001700,
  DeliveriesInDoubt1764160001800,
  PageWebSessions1764160002310,
  SlackEventLeases1764160002420,
  SlackEventOrder1764160002700,
];
