import { Body, Controller, ForbiddenException, Headers, HttpCode, Inject, NotFoundException, Param, Post, Req, UnauthorizedException } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '@sitrep/auth';
import { CLOCK, Clock } from '@sitrep/clock';
import { ApiZodBody, ZodBodyPipe } from '@sitrep/platform';
import { AlertIntake } from '../alerts/alert-intake';
import { POLICY, Policy } from '../policy/policy';
import { Integration, IntegrationKind, genericIntegration, integrationByToken } from './integration-store';
import { AlertmanagerPayload, GenericPayload, GrafanaPayload, alertmanagerPayload, fromGeneric, fromWebhook, genericPayload, grafanaPayload } from './payloads';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, refuseSignature } from './signature';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The receivers monitoring posts to. Public to the API-token guard on purpose: each authenticates with
 * its integration's own credential (a bearer token, or an HMAC signature), which opens nothing else.
 */
@Controller('api/v1/integrations')
export class ReceiversController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly intake: AlertIntake,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(POLICY) private readonly policy: Policy,
  ) {}

  @ApiOperation({ summary: 'Receive Prometheus Alertmanager notifications', description: 'Webhook payload version 4, with the integration\'s credential as bearer token.' })
  @Post('alertmanager')
  @Public()
  @HttpCode(200)
  @ApiZodBody(alertmanagerPayload)
  async alertmanager(@Headers('authorization') authorization: string | undefined, @Body(new ZodBodyPipe(alertmanagerPayload)) body: AlertmanagerPayload) {
    const integration = await this.bearer(authorization, 'alertmanager');
    return this.intake.receive(integration, fromWebhook(body));
  }

  @ApiOperation({ summary: 'Receive Grafana alerting notifications' })
  @Post('grafana')
  @Public()
  @HttpCode(200)
  @ApiZodBody(grafanaPayload)
  async grafana(@Headers('authorization') authorization: string | undefined, @Body(new ZodBodyPipe(grafanaPayload)) body: GrafanaPayload) {
    const integration = await this.bearer(authorization, 'grafana');
    return this.intake.receive(integration, fromWebhook(body));
  }

  @ApiOperation({ summary: 'Receive a signed generic alert', description: 'The body is signed with HMAC-SHA256 under the integration\'s secret.' })
  @Post('generic/:id')
  @Public()
  @HttpCode(200)
  @ApiZodBody(genericPayload)
  async generic(@Param('id') id: string, @Req() request: { rawBody?: Buffer; headers: Record<string, string | string[] | undefined> }, @Body() raw: unknown) {
    const found = UUID.test(id) ? await genericIntegration(this.dataSource.manager, id) : null;
    if (!found) throw new NotFoundException(`no live generic integration with id ${id}`);
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const refusal = refuseSignature({
      secret: found.secret,
      timestamp: header(TIMESTAMP_HEADER),
      signature: header(SIGNATURE_HEADER),
      body: request.rawBody ?? Buffer.alloc(0),
      now: this.clock.now(),
      maxAgeMs: this.policy.alerts.signatureMaxAge,
    });
    if (refusal) throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: `${refusal.field}: ${refusal.reason}`, fields: [refusal] });
    // Validated only once the signature holds: an unsigned caller learns nothing about the schema.
    const body: GenericPayload = new ZodBodyPipe(genericPayload).transform(raw);
    return this.intake.receive(found.integration, fromGeneric(body));
  }

  private async bearer(header: string | undefined, kind: IntegrationKind): Promise<Integration> {
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('missing bearer token: send the integration\'s token as "Authorization: Bearer <token>"');
    const integration = await integrationByToken(this.dataSource.manager, match[1]);
    if (!integration) throw new UnauthorizedException('unknown or revoked integration token');
    if (integration.kind !== kind) throw new ForbiddenException(`this token belongs to the ${integration.kind} integration "${integration.name}"; it posts to /api/v1/integrations/${integration.kind === 'generic' ? `generic/${integration.id}` : integration.kind}`);
    return integration;
  }
}
