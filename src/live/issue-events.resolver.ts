import { Args, ArgsType, Context, Field, ID, Resolver, Subscription } from '@nestjs/graphql';
import { IsOptional, IsUUID } from 'class-validator';
import { CurrentCaller, Allowed } from '../auth/auth.decorators.js';
import type { Caller } from '../auth/caller.js';
import { mayFollow, unitInScope } from '../auth/policy.js';
import { forbidden } from '../common/domain-error.js';
import type { LiveConnection, RequestContext } from '../common/request-context.js';
import { IssueEventModel } from '../issues/issue.model.js';
import { IssueEventsFeed, type FeedEvent } from './issue-events.feed.js';

@ArgsType()
class IssueEventsArgs {
  @Field(() => ID, {
    nullable: true,
    description:
      'Only the problems this unit leads, cooperates on, supervises or held until the event; a UNIT: its own (the default)',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The city’s roles: only this district’s problems (the city’s dashboard reading one district); a district’s caller: its own district only',
  })
  @IsOptional()
  @IsUUID()
  districtId?: string;
}

const concerns = (e: FeedEvent, unitId: string) =>
  e.leadUnitId === unitId ||
  e.cooperatingUnitIds.includes(unitId) ||
  e.supervisingUnitId === unitId ||
  e.formerHolderIds.includes(unitId);

/**
 * The events, each only after the connection's token is found still in force: a token revoked (or moved to another
 * unit) while connected ends the connection (4403) before it is sent anything more.
 */
function whileInForce(
  events: AsyncIterableIterator<FeedEvent>,
  connection: LiveConnection,
): AsyncIterableIterator<FeedEvent> {
  const iterator: AsyncIterableIterator<FeedEvent> = {
    next: async () => {
      const next = await events.next();
      if (next.done || (await connection.inForce())) return next;
      connection.close(4403, 'Forbidden');
      await events.return?.();
      return { done: true, value: undefined };
    },
    return: () => events.return?.() ?? Promise.resolve({ done: true, value: undefined }),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

@Resolver()
export class IssueEventsResolver {
  constructor(private readonly feed: IssueEventsFeed) {}

  @Allowed('followEvents')
  @Subscription(() => IssueEventModel, {
    description:
      'Every event as it is logged (over graphql-ws on /graphql, the bearer token as `authorization` in the connection’s init payload): the office and leaders every problem’s or one unit’s, a unit its own',
    resolve: (e: FeedEvent) => e,
  })
  async issueEvents(
    @Args() a: IssueEventsArgs,
    @CurrentCaller() caller: Caller,
    @Context() ctx: RequestContext,
  ): Promise<AsyncIterator<FeedEvent>> {
    const unitId = unitInScope(caller, a.unitId);
    if (!mayFollow(caller, unitId)) throw forbidden('A unit may follow its own problems only');
    // A district's caller hears its own district only, whatever unit it names; the city's roles every district's, or
    // the one they name.
    const named = a.districtId ? a.districtId.toLowerCase() : null;
    if (caller.districtId !== null && named !== null && named !== caller.districtId)
      throw forbidden('A district follows its own district’s problems only');
    const district = caller.districtId ?? named;
    const events = await this.feed.listen(
      (e) => (district === null || e.districtId === district) && (unitId === null || concerns(e, unitId)),
    );
    return ctx.connection ? whileInForce(events, ctx.connection) : events;
  }
}
