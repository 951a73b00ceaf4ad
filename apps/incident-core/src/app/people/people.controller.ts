import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Principal, Role, Roles } from '@sitrep/auth';
import { ApiZodBody, ZodBodyPipe } from '@sitrep/platform';
import { actorOf } from '../access/actor';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import {
  CreatePersonBody,
  IssueTokenBody,
  ListPeopleQuery,
  SetEscalationContactBody,
  UpdatePersonBody,
  createPersonBody,
  issueTokenBody,
  listPeopleQuery,
  setEscalationContactBody,
  updatePersonBody,
} from './people.schemas';
import { PeopleService } from './people.service';

/** Reads are open to every role; writes (no @Roles) are admin-only. */
const READERS: Role[] = ['responder', 'comms_lead', 'viewer', 'automation'];
const uuidParam = new ParseUUIDPipe({ errorHttpStatusCode: 400 });

@Controller('api/v1/people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @ApiOperation({ summary: 'Add a person' })
  @Post()
  @HttpCode(201)
  @ApiZodBody(createPersonBody)
  async register(@Body(new ZodBodyPipe(createPersonBody)) body: CreatePersonBody, @CurrentPrincipal() principal: Principal) {
    return this.people.register(body, actorOf(principal));
  }

  @ApiOperation({ summary: 'List people' })
  @Get()
  @Roles(...READERS)
  async list(@Query(new ZodBodyPipe(listPeopleQuery)) query: ListPeopleQuery) {
    return { people: await this.people.list(query) };
  }

  @ApiOperation({ summary: 'Get a person' })
  @Get(':id')
  @Roles(...READERS)
  async get(@Param('id', uuidParam) id: string) {
    return this.people.get(id);
  }

  @ApiOperation({ summary: 'Update a person' })
  @Patch(':id')
  @ApiZodBody(updatePersonBody)
  async update(@Param('id', uuidParam) id: string, @Body(new ZodBodyPipe(updatePersonBody)) body: UpdatePersonBody, @CurrentPrincipal() principal: Principal) {
    return this.people.update(id, body, actorOf(principal));
  }

  @ApiOperation({ summary: 'Issue an API token for a person', description: 'The token is shown once.' })
  @Post(':id/tokens')
  @HttpCode(201)
  @ApiZodBody(issueTokenBody)
  async issueToken(@Param('id', uuidParam) id: string, @Body(new ZodBodyPipe(issueTokenBody)) body: IssueTokenBody, @CurrentPrincipal() principal: Principal) {
    return this.people.issueToken(id, body, principal);
  }
}

@Controller('api/v1/escalation-contacts')
export class EscalationContactsController {
  constructor(private readonly people: PeopleService) {}

  @ApiOperation({ summary: 'List the escalation contacts' })
  @Get()
  @Roles(...READERS)
  async list() {
    return { contacts: await this.people.listContacts() };
  }

  @ApiOperation({ summary: 'Set the escalation contact for a role' })
  @Put(':role')
  @ApiZodBody(setEscalationContactBody)
  async set(@Param('role') role: string, @Body(new ZodBodyPipe(setEscalationContactBody)) body: SetEscalationContactBody) {
    return this.people.setContact(role, body.personId);
  }
}
