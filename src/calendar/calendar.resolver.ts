import { Args, ArgsType, Field, Int, Mutation, ObjectType, Query, registerEnumType, Resolver } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CurrentCaller, Roles } from '../auth/auth.decorators.js';
import type { Caller } from '../auth/caller.js';
import { DateScalar } from '../common/scalars.js';
import { IsCalendarDay, Trim } from '../common/validation.js';
import type { CalendarDayKind, CalendarDayRecord } from './calendar.repository.js';
import { CalendarService } from './calendar.service.js';

const CalendarDayKindEnum = { HOLIDAY: 'HOLIDAY', WORKDAY: 'WORKDAY' } as const;
registerEnumType(CalendarDayKindEnum, {
  name: 'CalendarDayKind',
  valuesMap: { HOLIDAY: { description: '法定节假日' }, WORKDAY: { description: '调休上班' } },
});

@ObjectType('CalendarDay', { description: 'An exception to Monday–Friday: a holiday, or a make-up working day (调休)' })
class CalendarDayModel {
  @Field(() => DateScalar) day: string;
  @Field(() => CalendarDayKindEnum) kind: CalendarDayKind;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field({ description: '"chinese-days" (the official calendar) or "office"' }) source: string;
}

@ArgsType()
class YearArgs {
  @Field(() => Int) @IsInt() @Min(2000) @Max(2100) year: number;
}

@ArgsType()
class SetDayArgs {
  @Field(() => DateScalar) @IsCalendarDay() day: string;
  @Field(() => CalendarDayKindEnum) @IsIn(Object.keys(CalendarDayKindEnum)) kind: CalendarDayKind;
  @Field({ nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(50) name?: string;
}

@ArgsType()
class DayArgs {
  @Field(() => DateScalar) @IsCalendarDay() day: string;
}

@Resolver()
export class CalendarResolver {
  constructor(private readonly calendar: CalendarService) {}

  @Query(() => [CalendarDayModel], { description: 'Holidays and make-up working days of a year' })
  calendarDays(@Args() { year }: YearArgs): Promise<CalendarDayRecord[]> {
    return this.calendar.list(year);
  }

  @Roles('OFFICE')
  @Mutation(() => CalendarDayModel, { description: 'Marks a day as a holiday or a make-up working day' })
  setCalendarDay(@Args() a: SetDayArgs, @CurrentCaller() caller: Caller): Promise<CalendarDayRecord> {
    return this.calendar.set(a.day, a.kind, a.name ?? null, caller.label);
  }

  @Roles('OFFICE')
  @Mutation(() => Boolean, { description: 'Makes a day ordinary again (working Monday–Friday); false if it was not listed' })
  removeCalendarDay(@Args() { day }: DayArgs): Promise<boolean> {
    return this.calendar.remove(day);
  }
}
