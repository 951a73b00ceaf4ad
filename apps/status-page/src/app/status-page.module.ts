import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, PlatformOptions } from '@sitrep/platform';
import { PublicSiteController } from './public-site.controller';
import { PrerenderedSite } from './render/prerendered-site';

@Module({})
export class StatusPageModule {
  static create(options: { platform: PlatformOptions; site: PrerenderedSite }): DynamicModule {
    return {
      module: StatusPageModule,
      imports: [PlatformModule.forApp(options.platform)],
      providers: [{ provide: PrerenderedSite, useValue: options.site }],
      controllers: [PublicSiteController],
    };
  }
}
