export type TemplateResources = Record<string, { readonly Properties?: unknown; readonly DependsOn?: string | string[] }>;

/** Every logical id a value refers to (Ref, Fn::GetAtt), pseudo parameters excluded. */
function references(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) references(v, into);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'Ref' && typeof v === 'string' && !v.startsWith('AWS::')) into.add(v);
      else if (key === 'Fn::GetAtt' && Array.isArray(v) && typeof v[0] === 'string') into.add(v[0]);
      else references(v, into);
    }
  }
  return into;
}

/** A resource that (transitively) depends on itself, or undefined: CloudFormation refuses such a template. */
export function findCycle(resources: TemplateResources): string[] | undefined {
  const edges = new Map(
    Object.entries(resources).map(([id, r]) => [id, [...references(r.Properties), ...[r.DependsOn ?? []].flat()].filter((d) => d in resources)]),
  );
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    for (const next of edges.get(id) ?? []) {
      const cycle = visit(next, [...path, id]);
      if (cycle) return cycle;
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const id of edges.keys()) {
    const cycle = visit(id, []);
    if (cycle) return cycle;
  }
  return undefined;
}
