import { Module } from '@nestjs/common';
import { ComponentsModule } from '../components/components.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { PeopleModule } from '../people/people.module';
import { ReportsModule } from '../reports/reports.module';
import { TokensModule } from '../tokens/tokens.module';
import { ConsoleAssetsController } from './console-assets.controller';
import { ConsoleCommands } from './console-commands';
import { ConsoleErrorFilter } from './console-error.filter';
import { ConsoleSessionsModule } from './console-sessions';
import { ConsoleViews } from './console-views';
import { ConsoleGuard } from './console.guard';
import { DirectoryPagesController } from './directory-pages.controller';
import { IncidentPagesController } from './incident-pages.controller';
import { PostmortemPageController } from './postmortem-page.controller';
import { SignInController } from './sign-in.controller';
import { TimelineFeed } from './timeline-feed';

/** The responder console at /console: server-rendered pages over the same services and rights as the API. */
@Module({
  imports: [ConsoleSessionsModule, ComponentsModule, IncidentsModule, PeopleModule, ReportsModule, TokensModule],
  controllers: [ConsoleAssetsController, SignInController, IncidentPagesController, PostmortemPageController, DirectoryPagesController],
  providers: [ConsoleViews, ConsoleGuard, ConsoleErrorFilter, ConsoleCommands, TimelineFeed],
})
export class ConsoleModule {}
