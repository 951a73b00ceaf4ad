import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@sitrep/auth';

const TYPES: Record<string, string> = { 'console.css': 'text/css; charset=utf-8', 'console.js': 'text/javascript; charset=utf-8' };

/** The console's one stylesheet and one script, from ./assets, read once (no inline code: the pages' CSP forbids it). */
@Controller('console/assets')
@ApiExcludeController()
@Public()
export class ConsoleAssetsController {
  private readonly files = new Map(Object.keys(TYPES).map((name) => [name, readFileSync(join(__dirname, 'assets', name))]));

  @Get(':name')
  asset(@Param('name') name: string, @Res() response: Response): void {
    const body = this.files.get(name);
    if (!body) throw new NotFoundException(`no console asset ${name}`);
    response.set({ 'content-type': TYPES[name], 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' }).send(body);
  }
}
