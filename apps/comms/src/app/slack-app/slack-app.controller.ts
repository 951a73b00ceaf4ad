import { Controller, HttpCode, Inject, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { Public } from '@sitrep/auth';
import { slackCallsFor } from '../channels/slack-call-purpose';
import { verifySlackRequest } from './slack-signature';
import { BlockAction, SlackInteractions, ViewSubmission } from './slack-interactions';
import type { SlackEventEnvelope, SlackEvents } from './slack-events';

export const SLACK_APP = Symbol('SLACK_APP');

export interface SlackAppRuntime {
  /** SLACK_SIGNING_SECRET; without it every request is refused. */
  signingSecret: string | null;
  interactions: SlackInteractions;
  events: SlackEvents;
  logger: Logger;
}

type RawRequest = Request & { rawBody?: Buffer };

/**
 * Slack's three request URLs. Each verifies the signature over the raw body, answers at once (Slack
 * gives an app 3 seconds) and does the work afterwards: what the person sees comes through the
 * response_url, a modal (views.open) or a direct message.
 */
@Controller('slack')
@Public()
export class SlackAppController {
  constructor(@Inject(SLACK_APP) private readonly runtime: SlackAppRuntime) {}

  private verify(request: RawRequest): void {
    const secret = this.runtime.signingSecret;
    if (!secret) throw new UnauthorizedException('the Slack app is not configured on this server (SLACK_SIGNING_SECRET)');
    const check = verifySlackRequest(secret, { signature: request.get('x-slack-signature'), timestamp: request.get('x-slack-request-timestamp') }, request.rawBody, Math.floor(Date.now() / 1000));
    if (!check.ok) throw new UnauthorizedException(check.reason);
  }

  /**
   * After the answer is on its way: failures are logged, the person was already acknowledged. `what` also
   * labels the Slack calls the work makes (what a call that failed for good was for).
   */
  private later(what: string, work: () => Promise<void>): void {
    setImmediate(() => void slackCallsFor(what, work).catch((error) => this.runtime.logger.error({ err: error, what }, 'Slack request failed after its acknowledgement')));
  }

  @ApiOperation({ summary: 'Receive a Slack slash command', description: 'Signature-verified; run as the person mapped to the Slack user.' })
  @Post('commands')
  @HttpCode(200)
  commands(@Req() request: RawRequest, @Res() response: Response): void {
    this.verify(request);
    const b = request.body as Record<string, string>;
    response.status(200).end();
    this.later('slash command', () => this.runtime.interactions.slashCommand({ user: b.user_id, channel: b.channel_id, text: b.text ?? '', responseUrl: b.response_url, triggerId: b.trigger_id }));
  }

  @ApiOperation({ summary: 'Receive a Slack button click or modal submission' })
  @Post('interactivity')
  @HttpCode(200)
  interactivity(@Req() request: RawRequest, @Res() response: Response): void {
    this.verify(request);
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(String((request.body as Record<string, string>).payload ?? '')) as Record<string, unknown>;
    } catch {
      response.status(400).json({ statusCode: 400, message: 'payload: must be the JSON Slack sends' });
      return;
    }
    // Empty 200: buttons are acknowledged, and a submitted modal closes.
    response.status(200).end();
    const user = (payload.user as { id: string })?.id;
    if (payload.type === 'block_actions') {
      const action = ((payload.actions as { action_id: string; value?: string }[]) ?? [])[0];
      const container = (payload.container ?? {}) as { channel_id?: string; message_ts?: string };
      const a: BlockAction = {
        user,
        channel: (payload.channel as { id?: string })?.id ?? container.channel_id ?? null,
        messageTs: container.message_ts ?? null,
        actionId: action?.action_id ?? '',
        value: action?.value ?? '',
        responseUrl: (payload.response_url as string) ?? null,
        triggerId: payload.trigger_id as string,
      };
      this.later(`button ${a.actionId}`, () => this.runtime.interactions.blockAction(a));
    } else if (payload.type === 'view_submission') {
      const view = payload.view as { callback_id: string; private_metadata?: string; state?: { values?: ViewSubmission['values'] } };
      let metadata: ViewSubmission['metadata'] = {};
      try {
        metadata = JSON.parse(view.private_metadata || '{}') as ViewSubmission['metadata'];
      } catch {
        metadata = {};
      }
      this.later(`modal ${view.callback_id}`, () => this.runtime.interactions.viewSubmission({ user, callbackId: view.callback_id, metadata, values: view.state?.values ?? {} }));
    }
  }

  /**
   * The Events API: Slack checks the URL once with url_verification, then sends event_callback
   * envelopes. Each is recorded, acknowledged and handled after, once per event_id (SlackEvents), since
   * Slack retries an event it thinks was missed (X-Slack-Retry-Num) up to three times.
   */
  @ApiOperation({ summary: 'Receive a Slack Events API request', description: 'Answers Slack\'s url_verification, then takes event_callback envelopes: each is acknowledged at once and handled once per event_id.' })
  @Post('events')
  @HttpCode(200)
  events(@Req() request: RawRequest, @Res() response: Response): void {
    this.verify(request);
    const body = request.body as { type?: string; challenge?: string; event_id?: string; event?: { type?: string } };
    if (body?.type === 'url_verification') {
      response.status(200).json({ challenge: body.challenge });
      return;
    }
    if (body?.type !== 'event_callback' || typeof body.event_id !== 'string' || typeof body.event?.type !== 'string') {
      response.status(400).json({ statusCode: 400, message: 'body: must be an Events API envelope (url_verification or event_callback with event_id and event.type)' });
      return;
    }
    const envelope = body as SlackEventEnvelope;
    // Recorded before Slack hears "got it": an event comms could not record is refused, and Slack sends it again.
    this.runtime.events.record(envelope).then(
      () => {
        response.status(200).end();
        this.later(`event ${envelope.event.type}`, async () => {
          await this.runtime.events.handle(envelope);
        });
      },
      (error) => {
        this.runtime.logger.error({ err: error, eventId: envelope.event_id }, 'could not record a Slack event: refused, Slack sends it again');
        response.status(503).json({ statusCode: 503, message: 'the event could not be recorded just now; Slack retries it' });
      },
    );
  }
}
