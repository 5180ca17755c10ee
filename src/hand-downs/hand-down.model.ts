// 市级下达 in the schema: the city's office hands problems down to districts (handDownIssues), and the link both ways
// (Issue.handedDownFrom on a district's problem, Issue.handedDownTo on the city's).
import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { DateTimeScalar } from '../common/scalars.js';
import { Trim } from '../common/validation.js';
import { FileIssueInput } from '../issues/dto/file-issue.input.js';
import { IssueModel } from '../issues/issue.model.js';

/** More districts than a city has (Chongqing: 38). */
export const HAND_DOWN_MAX_DISTRICTS = 100;
/** Problems in one batch: a round's list handed down at once is dozens. */
export const HAND_DOWN_MAX_ISSUES = 100;

@InputType('HandDownIssuesInput', {
  description:
    '市级下达: problems the city’s office files into its own list (市级清单) and hands down to each named district’s list',
})
export class HandDownIssuesInput {
  @Field(() => [ID], {
    description: 'The districts each problem goes to (District.id, kind DISTRICT): one, or a batch to several',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(HAND_DOWN_MAX_DISTRICTS)
  @IsUUID('all', { each: true })
  districtIds: string[];

  @Field(() => [FileIssueInput], {
    description:
      'The problems, each as fileIssue takes it and checked the same way (no parentId: a district’s problem derives ' +
      'from nothing in another list); `code`, when given, is the city’s problem’s — each district’s copy is numbered ' +
      'in its own list',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(HAND_DOWN_MAX_ISSUES)
  @ValidateNested({ each: true })
  @Type(() => FileIssueInput)
  issues: FileIssueInput[];

  @Field({
    nullable: true,
    description: 'The city’s document handing them down (交办文号), e.g. 渝督改办〔2026〕8号, up to 100 characters',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  documentNumber?: string;

  @Field({
    description:
      'The batch’s key, chosen by the client (1–128 letters, digits or ._:-): a retry with the same key and the same ' +
      'input files nothing twice — it files only what an interrupted call did not, and answers the same problems; ' +
      'the same key with another input is refused (TAKEN). One key per batch, the city’s (any of its office tokens)',
  })
  @Trim()
  @IsString()
  @Matches(/^[A-Za-z0-9_.:-]{1,128}$/)
  idempotencyKey: string;
}

@ObjectType('HandDown', {
  description:
    '市级下达: where a district’s problem came from — the city’s problem and document, as far as the district may know it',
})
export class HandDownModel {
  @Field(() => ID, { description: 'The city’s problem’s id (readable as an Issue by the city’s roles only)' })
  cityIssueId: string;
  @Field({ description: 'The city’s problem’s code (市级清单编号), e.g. SJ-2026-00003' }) cityIssueCode: string;
  @Field({ description: 'The city’s problem’s title' }) cityIssueTitle: string;
  @Field(() => String, { nullable: true, description: 'The city’s document handing it down (交办文号)' })
  documentNumber: string | null;
  @Field(() => DateTimeScalar, { description: 'When the city handed it down' }) handedDownAt: Date;
  @Field({ description: 'Who handed it down: the city token’s label' }) handedDownBy: string;
  // cityIssue is resolved by IssueLinksResolver: null for a district's callers.
}

@ObjectType('HandDownResult', {
  description: 'A batch handed down: the city’s problems, each with its districts’ copies',
})
export class HandDownResultModel {
  @Field(() => [IssueModel], {
    description: 'The city’s own problems (市级清单), in the input’s order; Issue.handedDownTo lists each one’s copies',
  })
  cityIssues: unknown[];
  @Field({ description: 'True when the key had handed down this batch before (a retry): nothing new was filed' })
  replayed: boolean;
}
