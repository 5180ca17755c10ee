import { Field, Float, ID, InputType } from '@nestjs/graphql';
import { IsDate, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ISSUE_SOURCES, type IssueSource } from '../../../workflows/issue.types.js';
import { CoordinateSystemEnum, IssueCategoryEnum, IssueSourceEnum } from '../../common/graphql-enums.js';
import type { CoordinateSystem } from '../coordinates.js';
import { DateTimeScalar } from '../../common/scalars.js';
import { CODE_PATTERN, Trim } from '../../common/validation.js';
import { EnteredFieldsInput } from '../entered-fields.model.js';
import { ISSUE_CATEGORIES, type IssueCategory } from '../issue.record.js';

@InputType('FileIssueInput', { description: 'A new problem for the office to file (登记)' })
export class FileIssueInput extends EnteredFieldsInput {
  @Field(() => IssueSourceEnum, { description: 'Where it came from (问题来源)' })
  @IsIn(ISSUE_SOURCES)
  source: IssueSource;
  @Field({ nullable: true, description: 'Generated when absent, e.g. ZY-2026-00042' })
  @IsOptional()
  @Trim()
  @Matches(CODE_PATTERN)
  code?: string;
  @Field({ description: 'Its title, up to 200 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;
  @Field({ description: 'The internal description (问题描述), up to 5000 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  description: string;
  @Field(() => IssueCategoryEnum, { description: 'Its environmental field (问题类别)' })
  @IsIn(ISSUE_CATEGORIES)
  category: IssueCategory;
  // Checked in IssuesService.file by checkCoordinates (coordinates.ts), which says each refusal in Chinese.
  @Field(() => Float, { nullable: true, description: 'Its longitude (经度), 73–136, with latitude' })
  @IsOptional()
  longitude?: number;
  @Field(() => Float, { nullable: true, description: 'Its latitude (纬度), 3–54, with longitude' })
  @IsOptional()
  latitude?: number;
  @Field(() => CoordinateSystemEnum, {
    nullable: true,
    description: 'The system longitude / latitude are in (坐标系); WGS84 when they come without one',
  })
  @IsOptional()
  coordinateSystem?: CoordinateSystem;
  @Field(() => ID, { nullable: true, description: 'The problem this one derives from (举一反三)' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
  @Field({ nullable: true, description: 'A complaint’s only (see complaintChannel): the complainant’s name (举报人)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  complainantName?: string;
  @Field({ nullable: true, description: 'A complaint’s only (see complaintChannel): their phone number (联系电话)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  complainantPhone?: string;
  @Field({
    nullable: true,
    description:
      'How a complaint came in (投诉渠道): 12345, 12369, 信访, 督察组举报电话…; given for a problem of any source, it files ' +
      'it as a complaint too (a complaint handed over in an inspection round keeps its round and counts as a complaint)',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  complaintChannel?: string;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'A complaint’s only: the reply deadline (答复期限), in the future; default the end of the ' +
      'RECTIFY_COMPLAINT_REPLY_DAYS-th (15th) working day after filing',
  })
  @IsOptional()
  @IsDate()
  replyDueAt?: Date;
}
