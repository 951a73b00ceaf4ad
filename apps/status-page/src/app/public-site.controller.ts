import { Controller, Get, Inject, NotFoundException, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PrerenderedSite } from './render/prerendered-site';

/** Short freshness for readers, long staleness allowances so caches keep answering if we cannot. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=30, stale-if-error=86400';

@Controller()
export class PublicSiteController {
  constructor(@Inject(PrerenderedSite) private readonly site: PrerenderedSite) {}

  @Get(['/', '/api/v2/*path'])
  serve(@Req() request: Request, @Res() response: Response): void {
    const resource = this.site.get(request.path);
    if (!resource) throw new NotFoundException(`no such page: ${request.path}`);
    response.setHeader('Cache-Control', PUBLIC_CACHE_CONTROL);
    response.setHeader('ETag', resource.etag);
    response.setHeader('Last-Modified', resource.lastModified);
    response.setHeader('Vary', 'Accept-Encoding');
    if (request.path.startsWith('/api/')) response.setHeader('Access-Control-Allow-Origin', '*');
    if (request.headers['if-none-match'] === resource.etag) {
      response.status(304).end();
      return;
    }
    response.setHeader('Content-Type', resource.contentType);
    response.setHeader('Content-Length', resource.body.length);
    response.status(200).end(request.method === 'HEAD' ? undefined : resource.body);
  }
}
