import { Module } from '@nestjs/common';
import { ConsoleSessionsModule } from '../console/console-sessions';
import { TokensController } from './tokens.controller';
import { TokensService } from './tokens.service';

@Module({ imports: [ConsoleSessionsModule], controllers: [TokensController], providers: [TokensService], exports: [TokensService] })
export class TokensModule {}
