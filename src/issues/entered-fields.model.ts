// The entered text fields (ISSUE_SHAPE's `entered`) in the schema, declared from their description: Issue's and
// FileIssueInput's inherit them, so a new field needs no line here.
import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsString } from 'class-validator';
import { Trim } from '../common/validation.js';
import { ENTERED_FIELDS, enteredText, type EnteredField } from './entered-fields.js';

@ObjectType({ isAbstract: true })
class EnteredFieldsOnIssue {}

@InputType({ isAbstract: true })
class EnteredFieldsOnInput {}

for (const f of ENTERED_FIELDS) {
  const { description, maxLength } = enteredText(f);
  Field(() => String, { nullable: true, description })(EnteredFieldsOnIssue.prototype, f);
  const input = EnteredFieldsOnInput.prototype;
  Field(() => String, { nullable: true, description: `${description}; up to ${maxLength} characters` })(input, f);
  IsOptional()(input, f);
  Trim()(input, f);
  IsString()(input, f); // its length and form: checkEntered, in IssuesService.file, with the reason in Chinese
}

/** Issue's entered fields, as stored: null when not entered. */
export const EnteredFieldsModel = EnteredFieldsOnIssue as new () => Record<EnteredField, string | null>;
/** FileIssueInput's: each optional. */
export const EnteredFieldsInput = EnteredFieldsOnInput as new () => Partial<Record<EnteredField, string | null>>;
