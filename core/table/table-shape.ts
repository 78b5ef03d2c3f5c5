/**
 * The single DynamoDB table of one organization, as plain data. The CDK stack
 * and the embedded runtime (dynalite) both build the table from this, so the
 * two can never disagree on a key name.
 *
 * Items (pk / sk):
 * - incident        INC#<id> / META              version for optimistic locking; gsi1 by status
 * - timeline entry  INC#<id> / EVT#<seq>         hash-chained, seq zero-padded; put only if absent
 * - signal          INC#<id> / SIG#<time>#<id>   the raw event that joined the incident
 * - task            INC#<id> / TASK#<id>         containment and recovery tasks
 * - communication   INC#<id> / COMM#<id>         drafts and their approval state
 * - approval        APR#<id> / META              task token inside, never exposed; TTL cleans up
 * - correlation     COR#<key> / META             one per problem: the commit point of "create an incident"
 * - delivery        EVTID#<event id> / META      idempotency of intake; TTL cleans up
 * - related pointer REL#<kind>#<digest> / <createdAt>#<incident id>
 *                                                an incident under each resource it names and its problem
 *                                                (correlation key): "earlier incidents on the same thing" is a
 *                                                Query on a key, not a read of every incident
 * - dead letter     DEADLETTER / <time>#<id>     rejected input with its reason
 */
export const TABLE_SHAPE = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  /** Epoch seconds. AWS deletes lazily, dynalite never: expiry is always checked in code. */
  timeToLiveAttribute: 'ttl',
  globalIndexes: [
    {
      indexName: 'gsi1',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
    },
  ],
} as const;

export const GSI1 = TABLE_SHAPE.globalIndexes[0].indexName;

/** Key builders: the only place key strings are spelled. */
export const keys = {
  incident: (id: string) => ({ pk: `INC#${id}`, sk: 'META' }),
  timelineEntry: (incidentId: string, seq: number) => ({ pk: `INC#${incidentId}`, sk: `EVT#${String(seq).padStart(8, '0')}` }),
  timelinePrefix: 'EVT#',
  signal: (incidentId: string, at: string, eventId: string) => ({ pk: `INC#${incidentId}`, sk: `SIG#${at}#${eventId}` }),
  signalPrefix: 'SIG#',
  task: (incidentId: string, taskId: string) => ({ pk: `INC#${incidentId}`, sk: `TASK#${taskId}` }),
  taskPrefix: 'TASK#',
  communication: (incidentId: string, draftId: string) => ({ pk: `INC#${incidentId}`, sk: `COMM#${draftId}` }),
  communicationPrefix: 'COMM#',
  approval: (approvalId: string) => ({ pk: `APR#${approvalId}`, sk: 'META' }),
  correlation: (correlationKey: string) => ({ pk: `COR#${correlationKey}`, sk: 'META' }),
  delivery: (eventId: string) => ({ pk: `EVTID#${eventId}`, sk: 'META' }),
  deadLetter: (at: string, id: string) => ({ pk: 'DEADLETTER', sk: `${at}#${id}` }),
  /** `digest` is a fixed-length hash of the resource (type and id) or the correlation key: an ARN may exceed what a key holds. */
  related: (kind: RelatedKind, digest: string, createdAt: string, incidentId: string) => ({ pk: `REL#${kind}#${digest}`, sk: `${createdAt}#${incidentId}` }),
  relatedPartition: (kind: RelatedKind, digest: string) => `REL#${kind}#${digest}`,
} as const;

/** What a related pointer files an incident under: a resource it names, or its problem (correlation key). */
export type RelatedKind = 'resource' | 'problem';

/**
 * gsi1 collections: incidents by status; approvals, sorted by incident then
 * creation time, so the approvals of one incident are a key condition
 * (`begins_with(gsi1sk, approvalsOf(id))`), not a filter over all of them.
 */
export const collections = {
  incidentsByStatus: (status: string, createdAt: string, id: string) => ({ gsi1pk: `INCIDENTS#${status}`, gsi1sk: `${createdAt}#${id}` }),
  incidentsWithStatus: (status: string) => `INCIDENTS#${status}`,
  approvals: (incidentId: string, createdAt: string, id: string) => ({ gsi1pk: 'APPROVALS', gsi1sk: `${incidentId}#${createdAt}#${id}` }),
  allApprovals: 'APPROVALS',
  approvalsOf: (incidentId: string) => `${incidentId}#`,
} as const;
