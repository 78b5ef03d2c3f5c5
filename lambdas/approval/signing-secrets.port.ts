import type { SigningKeys } from '../../core/approval/signing-key';

/**
 * The link-signing keys: the current one signs, current and previous verify.
 *
 * @example
 * const keys = await secrets.load({ including: record.secretVersion });
 * verifyLink(link, record, keys.verifying);
 */
export interface SigningSecrets {
  /**
   * The keys, cached. `including` names a version the caller expects (the one
   * an approval was issued with): if the cache does not know it, the keys are
   * read again first, so a link issued right after a rotation is not refused
   * by a container that cached the keys before it.
   */
  load(options?: { readonly including?: string }): Promise<SigningKeys>;
  /** Drops any cached keys, so the next `load` reads the store (right after a rotation). */
  forget(): void;
}
