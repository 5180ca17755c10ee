import { ArgsType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsUUID } from 'class-validator';
import { DateTimeScalar } from '../common/scalars.js';

@ObjectType('Evidence', { description: '整改佐证: a photo or document, its type checked by content' })
export class EvidenceModel {
  @Field(() => ID, { description: 'The file’s id, as evidenceIds and setEvidencePublic take it' }) id: string;
  @Field({ description: 'The name it was uploaded with' }) fileName: string;
  @Field({ description: 'image/jpeg, image/png, image/webp or application/pdf, from the content' }) mediaType: string;
  @Field(() => Int, { description: 'Its size in bytes' }) sizeBytes: number;
  @Field({ description: 'Hex SHA-256 of the content' }) sha256: string;
  @Field({ description: 'Shown on the public view (and downloadable without a token) when the problem is published' })
  public: boolean;
  @Field(() => Int, { nullable: true, description: 'seq of the event it is attached to; null until attached' })
  eventSeq: number | null;
  @Field(() => DateTimeScalar, { description: 'When it was uploaded' }) at: Date;
  // uploadedBy, note and url are resolved by EvidenceResolver.
}

@ArgsType()
export class SetEvidencePublicArgs {
  @Field(() => ID, { description: 'The evidence’s id' }) @IsUUID() id: string;
  @Field({ description: 'true shows it on the public view of a published problem; false hides it' })
  @IsBoolean()
  public: boolean;
}

/** Where a file is downloaded (GET, with the bearer token unless it is public). */
export const evidenceUrl = (id: string): string => `/evidence/${id}`;
