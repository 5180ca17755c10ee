import { Global, Module } from '@nestjs/common';
import { CalendarRepository } from './calendar.repository.js';
import { CalendarResolver } from './calendar.resolver.js';
import { CalendarService } from './calendar.service.js';

@Global()
@Module({
  providers: [CalendarRepository, CalendarService, CalendarResolver],
  exports: [CalendarService],
})
export class CalendarModule {}
