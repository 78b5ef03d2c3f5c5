import { FORM_TOKEN_MAX_AGE_SECONDS, fetchSiteAllowed, issueFormToken, verifyFormToken } from '../../../../core/approval/anti-forgery';
import { APPROVAL_ID, currentKey, keys, OTHER_APPROVAL_ID, previousKey, retiredKey, T0 } from './approval-fixtures';

describe('form token', () => {
  const token = issueFormToken(currentKey, APPROVAL_ID, T0);

  it('is a MAC and the second it was issued', () => {
    expect(token).toMatch(new RegExp(`^[A-Za-z0-9_-]{22}\\.${T0 / 1000}$`));
  });

  it('is accepted for its approval within the maximum age', () => {
    expect(verifyFormToken(token, APPROVAL_ID, keys, T0 + 5_000)).toEqual({ ok: true });
    expect(verifyFormToken(token, APPROVAL_ID, keys, T0 + FORM_TOKEN_MAX_AGE_SECONDS * 1000)).toEqual({ ok: true });
  });

  it('is accepted under the previous secret', () => {
    expect(verifyFormToken(issueFormToken(previousKey, APPROVAL_ID, T0), APPROVAL_ID, keys, T0)).toEqual({ ok: true });
  });

  it.each([
    ['missing', undefined, 'the form has no valid anti-forgery value'],
    ['garbage', 'nope', 'the form has no valid anti-forgery value'],
    ['non-canonical', `AAECAwQFBgcICQoLDA0ODx.${T0 / 1000}`, 'the anti-forgery value is malformed'],
  ])('refuses a %s value', (_name, value, reason) => {
    expect(verifyFormToken(value, APPROVAL_ID, keys, T0)).toEqual({ ok: false, reason });
  });

  it('refuses a value issued for another approval', () => {
    expect(verifyFormToken(token, OTHER_APPROVAL_ID, keys, T0)).toEqual({ ok: false, reason: 'the anti-forgery value was not issued for this approval' });
  });

  it('refuses a value whose time was changed', () => {
    const [mac] = token.split('.');
    expect(verifyFormToken(`${mac ?? ''}.${T0 / 1000 + 1000}`, APPROVAL_ID, keys, T0 + 2_000_000).ok).toBe(false);
  });

  it('refuses a value signed with a retired secret', () => {
    expect(verifyFormToken(issueFormToken(retiredKey, APPROVAL_ID, T0), APPROVAL_ID, keys, T0).ok).toBe(false);
  });

  it('refuses a page older than the maximum age', () => {
    expect(verifyFormToken(token, APPROVAL_ID, keys, T0 + FORM_TOKEN_MAX_AGE_SECONDS * 1000 + 1000)).toEqual({
      ok: false,
      reason: 'the page is too old: open the link again',
    });
  });

  it('refuses a value from the future beyond clock skew', () => {
    expect(verifyFormToken(token, APPROVAL_ID, keys, T0 - 120_000)).toEqual({ ok: false, reason: 'the anti-forgery value is from the future' });
    expect(verifyFormToken(token, APPROVAL_ID, keys, T0 - 30_000)).toEqual({ ok: true });
  });
});

describe('fetchSiteAllowed', () => {
  it('allows our own page and clients that send no fetch metadata', () => {
    expect(fetchSiteAllowed(undefined)).toBe(true);
    expect(fetchSiteAllowed('same-origin')).toBe(true);
    expect(fetchSiteAllowed('none')).toBe(true);
  });

  it('refuses posts from other sites', () => {
    expect(fetchSiteAllowed('cross-site')).toBe(false);
    expect(fetchSiteAllowed('same-site')).toBe(false);
  });
});
