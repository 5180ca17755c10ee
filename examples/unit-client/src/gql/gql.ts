/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment WorkItem on Issue {\n    id\n    code\n    title\n    substate\n    version\n    dueAt\n    allowedEvents\n    awaitingMe\n  }\n": typeof types.WorkItemFragmentDoc,
    "\n  query AwaitingMe($first: Int!, $after: String) {\n    issues(filter: { awaitingMe: true }, orderBy: { field: DUE_AT, direction: ASC }, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...WorkItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.AwaitingMeDocument,
    "\n  query IssueNow($id: ID!) {\n    issue(id: $id) {\n      ...WorkItem\n      heldByMe\n    }\n  }\n": typeof types.IssueNowDocument,
    "\n  mutation AcceptIssue($id: ID!, $expectedVersion: Int!, $comment: String) {\n    acceptIssue(issueId: $id, expectedVersion: $expectedVersion, comment: $comment) {\n      ...WorkItem\n    }\n  }\n": typeof types.AcceptIssueDocument,
    "\n  mutation ReportProgress(\n    $id: ID!\n    $expectedVersion: Int!\n    $progressPercent: Int!\n    $comment: String!\n    $evidenceIds: [ID!]\n  ) {\n    reportProgress(\n      issueId: $id\n      expectedVersion: $expectedVersion\n      progressPercent: $progressPercent\n      comment: $comment\n      evidenceIds: $evidenceIds\n    ) {\n      ...WorkItem\n      progressPercent\n    }\n  }\n": typeof types.ReportProgressDocument,
    "\n  mutation SubmitRectification($id: ID!, $expectedVersion: Int!, $summary: String!) {\n    submitRectification(issueId: $id, expectedVersion: $expectedVersion, summary: $summary) {\n      ...WorkItem\n    }\n  }\n": typeof types.SubmitRectificationDocument,
};
const documents: Documents = {
    "\n  fragment WorkItem on Issue {\n    id\n    code\n    title\n    substate\n    version\n    dueAt\n    allowedEvents\n    awaitingMe\n  }\n": types.WorkItemFragmentDoc,
    "\n  query AwaitingMe($first: Int!, $after: String) {\n    issues(filter: { awaitingMe: true }, orderBy: { field: DUE_AT, direction: ASC }, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...WorkItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.AwaitingMeDocument,
    "\n  query IssueNow($id: ID!) {\n    issue(id: $id) {\n      ...WorkItem\n      heldByMe\n    }\n  }\n": types.IssueNowDocument,
    "\n  mutation AcceptIssue($id: ID!, $expectedVersion: Int!, $comment: String) {\n    acceptIssue(issueId: $id, expectedVersion: $expectedVersion, comment: $comment) {\n      ...WorkItem\n    }\n  }\n": types.AcceptIssueDocument,
    "\n  mutation ReportProgress(\n    $id: ID!\n    $expectedVersion: Int!\n    $progressPercent: Int!\n    $comment: String!\n    $evidenceIds: [ID!]\n  ) {\n    reportProgress(\n      issueId: $id\n      expectedVersion: $expectedVersion\n      progressPercent: $progressPercent\n      comment: $comment\n      evidenceIds: $evidenceIds\n    ) {\n      ...WorkItem\n      progressPercent\n    }\n  }\n": types.ReportProgressDocument,
    "\n  mutation SubmitRectification($id: ID!, $expectedVersion: Int!, $summary: String!) {\n    submitRectification(issueId: $id, expectedVersion: $expectedVersion, summary: $summary) {\n      ...WorkItem\n    }\n  }\n": types.SubmitRectificationDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WorkItem on Issue {\n    id\n    code\n    title\n    substate\n    version\n    dueAt\n    allowedEvents\n    awaitingMe\n  }\n"): (typeof documents)["\n  fragment WorkItem on Issue {\n    id\n    code\n    title\n    substate\n    version\n    dueAt\n    allowedEvents\n    awaitingMe\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AwaitingMe($first: Int!, $after: String) {\n    issues(filter: { awaitingMe: true }, orderBy: { field: DUE_AT, direction: ASC }, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...WorkItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query AwaitingMe($first: Int!, $after: String) {\n    issues(filter: { awaitingMe: true }, orderBy: { field: DUE_AT, direction: ASC }, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...WorkItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IssueNow($id: ID!) {\n    issue(id: $id) {\n      ...WorkItem\n      heldByMe\n    }\n  }\n"): (typeof documents)["\n  query IssueNow($id: ID!) {\n    issue(id: $id) {\n      ...WorkItem\n      heldByMe\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptIssue($id: ID!, $expectedVersion: Int!, $comment: String) {\n    acceptIssue(issueId: $id, expectedVersion: $expectedVersion, comment: $comment) {\n      ...WorkItem\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptIssue($id: ID!, $expectedVersion: Int!, $comment: String) {\n    acceptIssue(issueId: $id, expectedVersion: $expectedVersion, comment: $comment) {\n      ...WorkItem\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReportProgress(\n    $id: ID!\n    $expectedVersion: Int!\n    $progressPercent: Int!\n    $comment: String!\n    $evidenceIds: [ID!]\n  ) {\n    reportProgress(\n      issueId: $id\n      expectedVersion: $expectedVersion\n      progressPercent: $progressPercent\n      comment: $comment\n      evidenceIds: $evidenceIds\n    ) {\n      ...WorkItem\n      progressPercent\n    }\n  }\n"): (typeof documents)["\n  mutation ReportProgress(\n    $id: ID!\n    $expectedVersion: Int!\n    $progressPercent: Int!\n    $comment: String!\n    $evidenceIds: [ID!]\n  ) {\n    reportProgress(\n      issueId: $id\n      expectedVersion: $expectedVersion\n      progressPercent: $progressPercent\n      comment: $comment\n      evidenceIds: $evidenceIds\n    ) {\n      ...WorkItem\n      progressPercent\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitRectification($id: ID!, $expectedVersion: Int!, $summary: String!) {\n    submitRectification(issueId: $id, expectedVersion: $expectedVersion, summary: $summary) {\n      ...WorkItem\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitRectification($id: ID!, $expectedVersion: Int!, $summary: String!) {\n    submitRectification(issueId: $id, expectedVersion: $expectedVersion, summary: $summary) {\n      ...WorkItem\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;