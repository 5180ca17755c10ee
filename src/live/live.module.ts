import { Module } from '@nestjs/common';
import { IssueEventsFeed } from './issue-events.feed.js';
import { IssueEventsResolver } from './issue-events.resolver.js';

/** Live subscriptions (graphql-ws): the log as it is written. */
@Module({ providers: [IssueEventsFeed, IssueEventsResolver] })
export class LiveModule {}
