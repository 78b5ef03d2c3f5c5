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
} as const;

/** gsi1 collections: incidents by status, approvals by incident. */
export const collections = {
  incidentsByStatus: (status: string, createdAt: string, id: string) => ({ gsi1pk: `INCIDENTS#${status}`, gsi1sk: `${createdAt}#${id}` }),
  incidentsWithStatus: (status: string) => `INCIDENTS#${status}`,
  approvals: (createdAt: string, id: string) => ({ gsi1pk: 'APPROVALS', gsi1sk: `${createdAt}#${id}` }),
  allApprovals: 'APPROVALS',
} as const;
