import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module.js';
import { NotificationDispatcher } from './notification-dispatcher.service.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsResolver, TextMessageResolver, UnitContactResolver } from './notifications.resolver.js';
import { NotificationsService } from './notifications.service.js';

/** People told: contact persons, the office's rules, the inbox, text messages (migration 1763900000023). */
@Module({
  imports: [UnitsModule],
  providers: [
    NotificationsRepository,
    NotificationsService,
    NotificationsResolver,
    UnitContactResolver,
    TextMessageResolver,
    NotificationDispatcher,
  ],
  exports: [NotificationDispatcher, NotificationsService],
})
export class NotificationsModule {}
