/**
 * CloudWatch alarm notifications sent through SNS name the region for people
 * ("US East (N. Virginia)"; before 2014 "US - N. Virginia"), not by code. This
 * table maps the names AWS has used to codes. A name it does not know returns
 * undefined, and the caller falls back to the region in an ARN.
 */
const REGION_NAMES: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': ['US East (N. Virginia)', 'US - N. Virginia'],
  'us-east-2': ['US East (Ohio)'],
  'us-west-1': ['US West (N. California)', 'US - N. California'],
  'us-west-2': ['US West (Oregon)', 'US - Oregon'],
  'af-south-1': ['Africa (Cape Town)'],
  'ap-east-1': ['Asia Pacific (Hong Kong)'],
  'ap-east-2': ['Asia Pacific (Taipei)'],
  'ap-south-1': ['Asia Pacific (Mumbai)'],
  'ap-south-2': ['Asia Pacific (Hyderabad)'],
  'ap-northeast-1': ['Asia Pacific (Tokyo)', 'Asia Pacific - Tokyo'],
  'ap-northeast-2': ['Asia Pacific (Seoul)'],
  'ap-northeast-3': ['Asia Pacific (Osaka)', 'Asia Pacific (Osaka-Local)'],
  'ap-southeast-1': ['Asia Pacific (Singapore)', 'Asia Pacific - Singapore'],
  'ap-southeast-2': ['Asia Pacific (Sydney)', 'Asia Pacific - Sydney'],
  'ap-southeast-3': ['Asia Pacific (Jakarta)'],
  'ap-southeast-4': ['Asia Pacific (Melbourne)'],
  'ap-southeast-5': ['Asia Pacific (Malaysia)'],
  'ap-southeast-6': ['Asia Pacific (New Zealand)'],
  'ap-southeast-7': ['Asia Pacific (Thailand)'],
  'ca-central-1': ['Canada (Central)'],
  'ca-west-1': ['Canada West (Calgary)'],
  'cn-north-1': ['China (Beijing)'],
  'cn-northwest-1': ['China (Ningxia)'],
  'eu-central-1': ['EU (Frankfurt)'],
  'eu-central-2': ['EU (Zurich)'],
  'eu-west-1': ['EU (Ireland)', 'EU - Ireland'],
  'eu-west-2': ['EU (London)'],
  'eu-west-3': ['EU (Paris)'],
  'eu-south-1': ['EU (Milan)'],
  'eu-south-2': ['EU (Spain)'],
  'eu-north-1': ['EU (Stockholm)'],
  'il-central-1': ['Israel (Tel Aviv)'],
  'me-south-1': ['Middle East (Bahrain)'],
  'me-central-1': ['Middle East (UAE)'],
  'mx-central-1': ['Mexico (Central)'],
  'sa-east-1': ['South America (Sao Paulo)', 'South America - Sao Paulo'],
  'us-gov-east-1': ['AWS GovCloud (US-East)'],
  'us-gov-west-1': ['AWS GovCloud (US-West)', 'AWS GovCloud (US)'],
};

/**
 * One spelling for all of them: no accents (São Paulo), lower case, "Europe"
 * as "EU" (the console renamed them), "X - Y" as "X (Y)".
 */
function canonical(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^europe\b/, 'eu')
    .replace(/^(.+?) - (.+)$/, '$1 ($2)');
}

const BY_NAME: ReadonlyMap<string, string> = new Map(
  Object.entries(REGION_NAMES).flatMap(([code, names]) => names.map((name) => [canonical(name), code] as const)),
);

const REGION_CODE = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** `US East (N. Virginia)` to `us-east-1`; a region code is returned as is; unknown names give undefined. */
export function regionCodeFromName(name: string): string | undefined {
  if (REGION_CODE.test(name)) return name;
  return BY_NAME.get(canonical(name));
}
