import type { CommsAppConfig } from '@sitrep/apps/comms/config';
import { SlackFake, SmtpSink, TwilioFake, VonageFake } from '@sitrep/vendor-fakes';
import type { EmbeddedSecrets } from './embedded-secrets';
import { KeptInbox } from './kept-inbox';

export interface BundledFakes {
  /** comms' configuration, its unconfigured channels pointed at the fakes. */
  config: CommsAppConfig;
  /** "email smtp://127.0.0.1:41234, sms …": what was started, for the banner. */
  started: string[];
  /** Channels configured in the environment, which go to real vendors; while there is one, no dev inbox. */
  real: string[];
  stop(): Promise<void>;
}

/**
 * Embedded mode's outbound channels: every channel whose vendor is not configured gets the bundled fake
 * (an SMTP sink, Twilio and Vonage SMS APIs, the Slack Web API) on a free port, and comms is pointed at
 * it through its ordinary configuration. What the fakes receive shows on comms' /dev/inbox. A channel
 * configured in the environment is left alone: it goes to the real vendor, and then there is no dev inbox
 * at all (comms applies the same rule). The fakes' credentials are the data folder's own (embedded-secrets.ts).
 * What they receive is kept in the data folder too (kept-inbox.ts), so a restart does not empty the dev inbox.
 */
export async function startBundledFakes(config: CommsAppConfig, secrets: EmbeddedSecrets): Promise<BundledFakes> {
  if (config.mode !== 'embedded') return { config, started: [], real: [], stop: async () => undefined };
  const comms = { ...config.comms };
  const stops: (() => Promise<void>)[] = [];
  const started: string[] = [];
  const inboxes = [...comms.devInboxSources];
  const real = [comms.email && 'email', comms.twilio && 'sms (Twilio)', comms.smsFallback && 'sms (fallback)', comms.slack && 'slack'].filter((name): name is string => Boolean(name));
  // Once a channel goes to a real vendor there is no dev inbox, and nothing of it is kept either.
  const kept = real.length === 0 ? new KeptInbox(config.dataDir) : null;
  const onDelivered = kept?.delivered;
  if (!comms.email) {
    const sink = await new SmtpSink({ inboxApi: true, onDelivered }).start();
    stops.push(() => sink.stop());
    kept?.keep(sink);
    comms.email = { smtpUrl: sink.url, from: `${config.statusPageName} <status@sitrep.localhost>`, maxConnections: 5, perSecond: 0 };
    inboxes.push(sink.inboxUrl);
    started.push(`email ${sink.url}`);
  }
  if (!comms.twilio && !comms.smsFallback) {
    const twilio = await new TwilioFake({ statusCallbacks: true, onDelivered, ...secrets.twilio }).start();
    const vonage = await new VonageFake({ onDelivered, ...secrets.vonage }).start();
    stops.push(() => twilio.stop(), () => vonage.stop());
    kept?.keep(twilio);
    kept?.keep(vonage);
    comms.twilio = { apiUrl: twilio.url, accountSid: twilio.accountSid, authToken: twilio.authToken, from: '+15005550006', perSecond: 0 };
    comms.smsFallback = { provider: 'vonage', apiUrl: vonage.url, apiKey: vonage.apiKey, apiSecret: vonage.apiSecret, from: 'Sitrep', perSecond: 0 };
    inboxes.push(twilio.inboxUrl, vonage.inboxUrl);
    started.push(`sms ${twilio.url} (Twilio) and ${vonage.url} (Vonage)`);
  }
  if (!comms.slack) {
    const slack = await new SlackFake({ autoUsers: true, onDelivered, ...secrets.slack }).start();
    stops.push(() => slack.stop());
    kept?.keep(slack);
    // The support team's channel exists in any real workspace; the fake workspace gets it too.
    if (comms.supportChannel) slack.addChannel(comms.supportChannel.replace(/^#/, ''));
    comms.slack = { apiUrl: slack.apiUrl, botToken: slack.botToken, signingSecret: slack.signingSecret };
    inboxes.push(slack.inboxUrl);
    started.push(`slack ${slack.apiUrl}`);
  }
  if (kept) {
    await kept.start();
    stops.push(() => kept.stop());
    inboxes.push(kept.inboxUrl);
  }
  comms.devInboxSources = real.length > 0 ? [] : inboxes;
  return {
    config: { ...config, comms },
    started,
    real,
    stop: async () => {
      for (const stop of stops) await stop().catch(() => undefined);
    },
  };
}
