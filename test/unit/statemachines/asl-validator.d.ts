// asl-validator 4 ships no type declarations.
declare module 'asl-validator' {
  interface AslValidationResult {
    readonly isValid: boolean;
    readonly errors: readonly unknown[];
    errorsText(separator?: string): string;
  }
  function aslValidator(definition: unknown, options?: { readonly checkPaths?: boolean; readonly checkArn?: boolean }): AslValidationResult;
  export = aslValidator;
}
