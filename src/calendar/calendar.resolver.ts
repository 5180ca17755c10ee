import { Args, ArgsType, Field, Int, Mutation, ObjectType, Query, registerEnumType, Resolver } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CurrentCaller, Allowed } from '../auth/auth.decorators.js';
import type { Caller } from '../auth/caller.js';
import { DateScalar } from '../common/scalars.js';
import { IsCalendarDay, Trim } from '../common/validation.js';
import type { CalendarDayKind, CalendarDayRecord } from './calendar.repository.js';
import { CalendarService } from './calendar.service.js';

const CalendarDayKindEnum = { HOLIDAY: 'HOLIDAY', WORKDAY: 'WORKDAY' } as const;
registerEnumType(CalendarDayKindEnum, {
  name: 'CalendarDayKind',
  description: 'What a listed day is: an official holiday (法定节假日) or a make-up working day (调休上班)',
  valuesMap: { HOLIDAY: { description: '法定节假日' }, WORKDAY: { description: '调休上班' } },
});

@ObjectType('CalendarDay', { description: 'An exception to Monday–Friday: a holiday, or a make-up working day (调休)' })
class CalendarDayModel {
  @Field(() => DateScalar, { description: 'The day, a Date in Asia/Shanghai' }) day: string;
  @Field(() => CalendarDayKindEnum, { description: 'A holiday (法定节假日) or a make-up working day (调休上班)' })
  kind: CalendarDayKind;
  @Field(() => String, { nullable: true, description: 'Its name, e.g. 春节 or 春节调休; null when none was given' })
  name: string | null;
  @Field({ description: '"chinese-days" (the official calendar) or "office"' }) source: string;
}

@ArgsType()
class YearArgs {
  @Field(() => Int, { description: 'The year, 2000–2100' }) @IsInt() @Min(2000) @Max(2100) year: number;
}

@ArgsType()
class SetDayArgs {
  @Field(() => DateScalar, { description: 'The day, a Date in Asia/Shanghai' }) @IsCalendarDay() day: string;
  @Field(() => CalendarDayKindEnum, { description: 'A holiday (法定节假日) or a make-up working day (调休上班)' })
  @IsIn(Object.keys(CalendarDayKindEnum))
  kind: CalendarDayKind;
  @Field({ nullable: true, description: 'Its name, up to 50 characters, e.g. 国庆节' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  name?: string;
}

@ArgsType()
class DayArgs {
  @Field(() => DateScalar, { description: 'The day to make ordinary again, a Date in Asia/Shanghai' })
  @IsCalendarDay()
  day: string;
}

@Resolver()
export class CalendarResolver {
  constructor(private readonly calendar: CalendarService) {}

  @Query(() => [CalendarDayModel], { description: 'Holidays and make-up working days of a year' })
  calendarDays(@Args() { year }: YearArgs): Promise<CalendarDayRecord[]> {
    return this.calendar.list(year);
  }

  @Allowed('manageCalendar')
  @Mutation(() => CalendarDayModel, { description: 'Marks a day as a holiday or a make-up working day' })
  setCalendarDay(@Args() a: SetDayArgs, @CurrentCaller() caller: Caller): Promise<CalendarDayRecord> {
    return this.calendar.set(a.day, a.kind, a.name ?? null, caller.label);
  }

  @Allowed('manageCalendar')
  @Mutation(() => Boolean, {
    description: 'Makes a day ordinary again (working Monday–Friday); false if it was not listed',
  })
  removeCalendarDay(@Args() { day }: DayArgs): Promise<boolean> {
    return this.calendar.remove(day);
  }
}
