import {
  aslPath,
  definitionSubstitutions,
  MACHINES,
  PHASE_MACHINES,
  type SubstitutionInputs,
  WORKFLOW_FUNCTIONS,
} from '../../../../core/workflow/workflow-names';
import { ACTIVE_PHASES } from '../../../../core/incident/phases';

const ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine';
const FN = 'arn:aws:lambda:eu-west-1:123456789012:function';

const inputs: SubstitutionInputs = {
  machineArns: {
    incident: `${ARN}:sirp-incident`,
    alert: `${ARN}:sirp-alert`,
    mobilize: `${ARN}:sirp-mobilize`,
    contain: `${ARN}:sirp-contain`,
    recover: `${ARN}:sirp-recover`,
    learn: `${ARN}:sirp-learn`,
    communication: `${ARN}:sirp-communication`,
  },
  functionArns: { steps: `${FN}:sirp-steps`, notify: `${FN}:sirp-notify` },
  tableName: 'sirp-example-table',
  topicArn: 'arn:aws:sns:eu-west-1:123456789012:sirp-notify',
};

describe('machines', () => {
  it('has one machine per SSIRP phase plus the incident machine that runs them', () => {
    expect(PHASE_MACHINES).toEqual(ACTIVE_PHASES);
    expect(MACHINES).toEqual(['incident', 'alert', 'mobilize', 'contain', 'recover', 'learn', 'communication']);
  });
});

describe('definitionSubstitutions', () => {
  it('names the substitutions like ${AlertStateMachineArn} and ${StepsFunctionArn}', () => {
    expect(definitionSubstitutions(inputs)).toEqual({
      TableName: 'sirp-example-table',
      TopicArn: 'arn:aws:sns:eu-west-1:123456789012:sirp-notify',
      IncidentStateMachineArn: `${ARN}:sirp-incident`,
      AlertStateMachineArn: `${ARN}:sirp-alert`,
      MobilizeStateMachineArn: `${ARN}:sirp-mobilize`,
      ContainStateMachineArn: `${ARN}:sirp-contain`,
      RecoverStateMachineArn: `${ARN}:sirp-recover`,
      LearnStateMachineArn: `${ARN}:sirp-learn`,
      CommunicationStateMachineArn: `${ARN}:sirp-communication`,
      StepsFunctionArn: `${FN}:sirp-steps`,
      NotifyFunctionArn: `${FN}:sirp-notify`,
    });
  });

  it('has a substitution for every machine and every workflow function', () => {
    const substitutions = definitionSubstitutions(inputs);

    expect(Object.keys(substitutions)).toHaveLength(2 + MACHINES.length + WORKFLOW_FUNCTIONS.length);
    for (const machine of MACHINES) expect(Object.values(substitutions)).toContain(inputs.machineArns[machine]);
    for (const fn of WORKFLOW_FUNCTIONS) expect(Object.values(substitutions)).toContain(inputs.functionArns[fn]);
  });

  it('uses PascalCase names that are valid ASL placeholders', () => {
    for (const name of Object.keys(definitionSubstitutions(inputs))) expect(name).toMatch(/^[A-Z][A-Za-z]*$/);
  });
});

describe('aslPath', () => {
  it('finds a machine definition under statemachines/', () => {
    expect(aslPath('incident')).toBe('statemachines/incident.asl.json');
    expect(aslPath('contain')).toBe('statemachines/contain.asl.json');
  });
});
