import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';

const utc = (iso: unknown) => (typeof iso === 'string' && iso.length >= 16 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '');

/**
 * The console's HTML, from the Handlebars files in ./views (layout.hbs is the frame, partials/ the shared
 * pieces), with an instance of its own. Every value is escaped: the templates use `{{ }}` only.
 */
@Injectable()
export class ConsoleViews {
  private readonly handlebars = Handlebars.create();
  private readonly templates = new Map<string, Handlebars.TemplateDelegate>();

  constructor() {
    const h = this.handlebars;
    const dir = join(__dirname, 'views');
    h.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    h.registerHelper('plural', (n: number, one: string, many: string) => (n === 1 ? one : many));
    h.registerHelper('utc', utc);
    h.registerHelper('label', (value: unknown) => (typeof value === 'string' ? value.replace(/_/g, ' ') : ''));
    for (const file of readdirSync(join(dir, 'partials'))) h.registerPartial(basename(file, '.hbs'), readFileSync(join(dir, 'partials', file), 'utf8'));
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs'))) {
      const name = basename(file, '.hbs');
      if (name === 'layout') h.registerPartial('layout', readFileSync(join(dir, file), 'utf8'));
      else this.templates.set(name, h.compile(readFileSync(join(dir, file), 'utf8')));
    }
  }

  render(name: string, model: object): string {
    const template = this.templates.get(name);
    if (!template) throw new Error(`no console view named ${name}`);
    return template(model);
  }
}

/** The console's pages: scripts and styles only from this service, and forms that post only back here (see sendPage). */
export const CONSOLE_CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
