import { INestApplication } from '@nestjs/common';
import { ApiBody, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { ZodTypeAny } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';

/** Documents a route's body from the same zod schema that validates it: one definition, two uses. */
export function ApiZodBody(schema: ZodTypeAny): MethodDecorator {
  // The cast stops TypeScript from expanding zod's deep generic types for every schema.
  const json = (zodToJsonSchema as (s: unknown, o: object) => Record<string, unknown>)(schema, { target: 'openApi3', $refStrategy: 'none' });
  delete json.$schema;
  return ApiBody({ schema: json });
}

/** OpenAPI at /api/docs (Swagger UI, self-hosted assets) and /api/docs-json. */
export function setupOpenApi(app: INestApplication, title: string, description: string): void {
  const config = new DocumentBuilder().setTitle(title).setDescription(description).setVersion('1').addBearerAuth().addSecurityRequirements('bearer').build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', customSiteTitle: title });
}
