import { SlackFake, SmtpSink, TwilioFake, VonageFake } from '@sitrep/vendor-fakes';

/**
 * The vendor fakes on their own, for pointing a distributed comms (or anything else) at them:
 *
 *   node tools/run-ts.cjs tools/fakes/start.ts
 *
 * Ports from FAKE_SMTP_PORT (2525), FAKE_TWILIO_PORT (4010), FAKE_VONAGE_PORT (4011), FAKE_SLACK_PORT
 * (4012); 0 picks free ones. Prints the environment comms needs, then runs until Ctrl-C. Each fake serves
 * what it received as JSON at /_fake/inbox (the SMTP sink on an HTTP port of its own).
 */
async function main(): Promise<void> {
  const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  const smtp = await new SmtpSink({ inboxApi: true }).start(port('FAKE_SMTP_PORT', 2525));
  const twilio = await new TwilioFake({ statusCallbacks: true }).start(port('FAKE_TWILIO_PORT', 4010));
  const vonage = await new VonageFake().start(port('FAKE_VONAGE_PORT', 4011));
  const slack = await new SlackFake({ autoUsers: true }).start(port('FAKE_SLACK_PORT', 4012));
  console.log(
    [
      '# Sitrep vendor fakes are running. Point comms at them with:',
      `SMTP_URL=${smtp.url}`,
      'SMTP_FROM="Sitrep Status <status@sitrep.localhost>"',
      `TWILIO_API_URL=${twilio.url}`,
      `TWILIO_ACCOUNT_SID=${twilio.accountSid}`,
      `TWILIO_AUTH_TOKEN=${twilio.authToken}`,
      'TWILIO_FROM=+15005550006',
      `SMS_FALLBACK_API_URL=${vonage.url}`,
      `SMS_FALLBACK_API_KEY=${vonage.apiKey}`,
      `SMS_FALLBACK_API_SECRET=${vonage.apiSecret}`,
      'SMS_FALLBACK_FROM=Sitrep',
      `SLACK_API_URL=${slack.apiUrl}`,
      `SLACK_BOT_TOKEN=${slack.botToken}`,
      `DEV_INBOX_SOURCES=${[smtp.inboxUrl, twilio.inboxUrl, vonage.inboxUrl, slack.inboxUrl].join(',')}`,
    ].join('\n'),
  );
  const stop = async () => {
    await Promise.all([smtp.stop(), twilio.stop(), vonage.stop(), slack.stop()]);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
