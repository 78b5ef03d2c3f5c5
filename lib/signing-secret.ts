import type { RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledgements';
import { physicalName } from './names';

/** What a key signs, and why it is not rotated automatically. */
const PURPOSES = {
  approval: {
    description: 'Signs sirp approval links (HMAC). Never logged, never sent.',
    noAutomaticRotation:
      'Rotation is an operator action (PutSecretValue, as `sirp secret rotate` does): links are verified against AWSCURRENT ' +
      'and AWSPREVIOUS, so open links survive one rotation and rotating twice kills a leaked key. A rotation Lambda would ' +
      'add a function with write access to the key for a random value nothing outside this stack uses.',
  },
  timeline: {
    description: 'Chains sirp incident timelines (HMAC over each entry and its predecessor). Never logged, never sent.',
    noAutomaticRotation:
      'The timeline hash chain is verified with this key for the life of the incident record (evidence). Rotation needs ' +
      'a new chain epoch, which is an operator procedure between incidents, not a scheduled Lambda.',
  },
} as const;

export type SigningPurpose = keyof typeof PURPOSES;

export interface SigningSecretProps {
  readonly org: string;
  readonly purpose: SigningPurpose;
  readonly encryptionKey: IKey;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * An HMAC key in Secrets Manager: 64 generated characters, encrypted with the
 * stack's key, readable only by the functions that are granted it. One signs
 * approval links, one chains the incident timelines.
 */
export class SigningSecret extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string, props: SigningSecretProps) {
    super(scope, id);
    const purpose = PURPOSES[props.purpose];
    this.secret = new Secret(this, 'Secret', {
      secretName: `${physicalName(props.org)}/${props.purpose}-signing-key`,
      description: purpose.description,
      encryptionKey: props.encryptionKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: props.removalPolicy,
    });
    acknowledge(this.secret, 'AwsSolutions-SMG4', purpose.noAutomaticRotation);
    acknowledge(this.secret, 'NIST.800.53.R5-SecretsManagerRotationEnabled', purpose.noAutomaticRotation);
  }
}
