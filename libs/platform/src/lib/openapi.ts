import { INestApplication } from '@nestjs/common';
import { ApiBody, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { ZodTypeAny } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { TOKEN_STORE, TokenStore, hashToken } from '@sitrep/auth';

/** Documents a route's body from the same zod schema that validates it: one definition, two uses. */
export function ApiZodBody(schema: ZodTypeAny): MethodDecorator {
  // The cast stops TypeScript from expanding zod's deep generic types for every schema.
  const json = (zodToJsonSchema as (s: unknown, o: object) => Record<string, unknown>)(schema, { target: 'openApi3', $refStrategy: 'none' });
  delete json.$schema;
  return ApiBody({ schema: json });
}

export interface OpenApiOptions {
  title: string;
  description: string;
  /** signed-in (the default): any valid bearer token may read the docs; public: anyone. */
  access?: 'signed-in' | 'public';
}

interface Req {
  headers: Record<string, string | string[] | undefined>;
}
interface Res {
  status(code: number): Res;
  setHeader(name: string, value: string): unknown;
  json(body: unknown): void;
}

/**
 * The docs list every route and every field: a map for an attacker. Unless they are configured public,
 * they are for holders of a token (any role), checked against the same store as the API.
 */
export function docsGate(store: TokenStore | null) {
  return (req: Req, res: Res, next: (error?: unknown) => void): void => {
    const header = req.headers['authorization'];
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    const refuse = (message: string) => {
      res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(401).json({ statusCode: 401, error: 'Unauthorized', message });
    };
    if (!store) return refuse('the API documentation is not served here');
    if (!match) return refuse('the API documentation is for signed-in users: send "Authorization: Bearer <token>" (or set SITREP_API_DOCS=public)');
    store.findByHash(hashToken(match[1])).then(
      (principal) => (principal ? next() : refuse('unknown or revoked token')),
      (error: unknown) => next(error),
    );
  };
}

/** OpenAPI at /api/docs (Swagger UI, self-hosted assets) and /api/docs-json, public or for signed-in users. */
export function setupOpenApi(app: INestApplication, options: OpenApiOptions): void {
  if (options.access !== 'public') {
    let store: TokenStore | null = null;
    try {
      store = app.get<TokenStore>(TOKEN_STORE, { strict: false });
    } catch {
      store = null;
    }
    app.use(['/api/docs', '/api/docs-json', '/api/docs-yaml'], docsGate(store));
  }
  const config = new DocumentBuilder().setTitle(options.title).setDescription(options.description).setVersion('1').addBearerAuth().addSecurityRequirements('bearer').build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', customSiteTitle: options.title });
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { summary?: string } | unknown>>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** "POST /api/v1/incidents" for every operation of the document that has no summary (a route written without @ApiOperation). */
export function operationsWithoutSummary(document: OpenApiDocument): string[] {
  const missing: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.includes(method)) continue;
      const summary = (operation as { summary?: unknown }).summary;
      if (typeof summary !== 'string' || summary.trim() === '') missing.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return missing;
}
