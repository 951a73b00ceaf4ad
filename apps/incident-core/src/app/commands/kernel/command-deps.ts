import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from '@sitrep/clock';
import { ComponentsService } from '../../components/components.service';
import { INCIDENT_SETTINGS, IncidentSettings } from '../../incidents/incident-settings';
import { POLICY, Policy } from '../../policy/policy';
import { PostmortemsService } from '../../postmortems/postmortems.service';

/** The collaborators commands may use, injected once and handed to every command's context. */
@Injectable()
export class CommandDeps {
  constructor(
    readonly components: ComponentsService,
    readonly postmortems: PostmortemsService,
    @Inject(CLOCK) readonly clock: Clock,
    @Inject(POLICY) readonly policy: Policy,
    @Inject(INCIDENT_SETTINGS) readonly settings: IncidentSettings,
  ) {}
}
