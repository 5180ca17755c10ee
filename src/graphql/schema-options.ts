import type { Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants.js';
import type { BuildSchemaOptions } from '@nestjs/graphql';
import { RESOLVER_NAME_METADATA } from '@nestjs/graphql/dist/graphql.constants.js';
import { DateTimeScalar } from '../common/scalars.js';
import { DOMAIN_MODULES } from '../domain-modules.js';
import { InputRefusalReasonEnum, TransitionRefusalReasonEnum } from './error-enums.js';

export const SCHEMA_OPTIONS: BuildSchemaOptions = {
  scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  // Returned by no field, carried in errors' extensions: in the schema so that clients can generate types from them.
  orphanedTypes: [TransitionRefusalReasonEnum, InputRefusalReasonEnum],
};

/** Every resolver the modules provide, their imports' included: for building schema.gql without a database. */
export function resolversOf(modules: readonly unknown[]): Type<unknown>[] {
  const seen = new Set<unknown>();
  const found = new Set<Type<unknown>>();
  const walk = (module: unknown): void => {
    if (typeof module !== 'function' || seen.has(module)) return;
    seen.add(module);
    for (const p of (Reflect.getMetadata(MODULE_METADATA.PROVIDERS, module) ?? []) as unknown[]) {
      if (typeof p === 'function' && Reflect.hasMetadata(RESOLVER_NAME_METADATA, p)) found.add(p as Type<unknown>);
    }
    for (const m of (Reflect.getMetadata(MODULE_METADATA.IMPORTS, module) ?? []) as unknown[]) walk(m);
  };
  modules.forEach(walk);
  return [...found];
}

export const RESOLVERS = resolversOf(DOMAIN_MODULES);
