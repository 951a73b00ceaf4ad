import { Global, Module } from '@nestjs/common';
import { ComponentsModule } from '../components/components.module';
import { UnitOfWork } from '../outbox/unit-of-work';
import { CommandDeps } from './kernel/command-deps';
import { CommandExecutor } from './kernel/command-executor';

/** The command layer: global, so every controller (and the NATS responder) reaches the one executor. */
@Global()
@Module({
  imports: [ComponentsModule],
  providers: [CommandExecutor, CommandDeps, UnitOfWork],
  exports: [CommandExecutor],
})
export class CommandsModule {}
