// A GraphQL enum from a map of its values to their descriptions: the value names are the map's keys.
import { registerEnumType } from '@nestjs/graphql';

export function describedEnum<T extends string>(
  name: string,
  description: string,
  labels: Record<T, string>,
): Record<T, T> {
  const values = Object.fromEntries(Object.keys(labels).map((k) => [k, k])) as Record<T, T>;
  const valuesMap = Object.fromEntries(
    Object.entries(labels).map(([k, v]) => [k, { description: v as string }]),
  ) as Partial<Record<T, { description: string }>>;
  registerEnumType(values, { name, description, valuesMap });
  return values;
}
