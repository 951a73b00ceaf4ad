import { Body, Controller, ForbiddenException, Header, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@sitrep/auth';
import { DELIVERY_RUNTIME, DeliveryRuntimeView } from '../delivery/delivery-runtime-view';
import { STOP_KEYWORDS, verifyTwilioSignature } from './twilio-signature';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * Twilio calls these: texts sent to our number (STOP), and delivery status of texts we sent. No per-address
 * burst limit here: all of it comes from Twilio's addresses (two status callbacks per text of a fan-out),
 * and the signature check, an HMAC, turns away everything else cheaply.
 */
@Controller('api/v1/webhooks/twilio')
@Public()
export class TwilioWebhooksController {
  constructor(@Inject(DELIVERY_RUNTIME) private readonly runtime: DeliveryRuntimeView) {}

  private verify(request: Request, params: Record<string, string>): void {
    const authToken = this.runtime.twilioAuthToken;
    // Without Twilio configured nothing can be verified, so nothing is accepted.
    if (!authToken) throw new ForbiddenException('Twilio is not configured on this server');
    const path = request.originalUrl;
    const urls = [`${this.runtime.publicUrl}${path}`, `${request.protocol}://${request.get('host')}${path}`];
    const signature = request.get('x-twilio-signature');
    if (!verifyTwilioSignature(authToken, signature, urls, params)) {
      throw new ForbiddenException(signature ? 'X-Twilio-Signature does not match this request' : 'X-Twilio-Signature is missing');
    }
  }

  /** An inbound text. STOP (and its synonyms) ends the sender's SMS subscription. Answers empty TwiML. */
  @ApiOperation({ summary: 'Receive an inbound text (Twilio)', description: 'STOP and its synonyms end the sender\'s SMS subscription.' })
  @Post('inbound')
  @HttpCode(200)
  @Header('content-type', 'text/xml; charset=utf-8')
  async inbound(@Req() request: Request, @Body() body: Record<string, string>): Promise<string> {
    const params = stringParams(body);
    this.verify(request, params);
    const keyword = (params.Body ?? '').trim().toUpperCase();
    if (params.From && (STOP_KEYWORDS.has(keyword) || params.OptOutType === 'STOP')) {
      await this.runtime.subscribers.unsubscribePhone(params.From, `sms ${keyword || 'STOP'}`);
    }
    // Twilio sends its own opt-out confirmation for STOP; replying too would be a second text.
    return EMPTY_TWIML;
  }

  /** Status callbacks (queued, sent, delivered, undelivered, failed) for texts we sent. */
  @ApiOperation({ summary: 'Receive a text\'s status callback (Twilio)' })
  @Post('status')
  @HttpCode(204)
  async status(@Req() request: Request, @Body() body: Record<string, string>): Promise<void> {
    const params = stringParams(body);
    this.verify(request, params);
    if (params.MessageSid && params.MessageStatus) await this.runtime.recordProviderStatus(params.MessageSid, params.MessageStatus, params.ErrorCode ?? null);
  }
}

function stringParams(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object') for (const [key, value] of Object.entries(body)) if (typeof value === 'string') out[key] = value;
  return out;
}
