import { approvalIdFromBytes, issueLink, linkSegment, parseLink, type ParsedLink, verifyLink } from '../../../../core/approval/link';
import { APPROVAL_ID, currentKey, keys, OTHER_APPROVAL_ID, pendingRecord, previousKey, retiredKey } from './approval-fixtures';

const record = pendingRecord();

function parsed(text: string): ParsedLink {
  const result = parseLink(text);
  if (!result.ok) throw new Error(result.reason);
  return result.link;
}

const reasonOf = (text: string): string => {
  const result = parseLink(text);
  return result.ok ? 'accepted' : result.reason;
};

describe('issueLink', () => {
  it('is the base URL, /a/, the approval id and a 128-bit MAC', () => {
    const link = issueLink('https://ir.example.com', record, currentKey);
    expect(link).toMatch(/^https:\/\/ir\.example\.com\/a\/AAECAwQFBgcICQoLDA0ODw\.[A-Za-z0-9_-]{22}$/);
    expect(link).toHaveLength('https://ir.example.com'.length + 48);
  });

  it('ignores trailing slashes of the base URL', () => {
    expect(issueLink('https://ir.example.com/prod//', record, currentKey)).toBe(
      `https://ir.example.com/prod/a/${linkSegment(record, currentKey)}`,
    );
  });

  it('gives each person and each approval a different MAC', () => {
    const mine = linkSegment(record, currentKey);
    expect(linkSegment({ ...record, decider: 'bob' }, currentKey)).not.toBe(mine);
    expect(linkSegment({ ...record, approvalId: OTHER_APPROVAL_ID }, currentKey).split('.')[1]).not.toBe(mine.split('.')[1]);
  });
});

describe('approvalIdFromBytes', () => {
  it('encodes 16 bytes as a 22-character id', () => {
    expect(approvalIdFromBytes(Uint8Array.from({ length: 16 }, (_, i) => i))).toBe(APPROVAL_ID);
  });

  it('refuses anything but 16 bytes', () => {
    expect(() => approvalIdFromBytes(new Uint8Array(8))).toThrow(RangeError);
  });
});

describe('parseLink', () => {
  const segment = linkSegment(record, currentKey);

  it('reads the bare segment and full URLs', () => {
    expect(parsed(segment).approvalId).toBe(APPROVAL_ID);
    expect(parsed(`https://ir.example.com/a/${segment}`).approvalId).toBe(APPROVAL_ID);
    expect(parsed(`http://localhost:8080/prod/a/${segment}`).approvalId).toBe(APPROVAL_ID);
  });

  it.each([
    ['', 'the link is empty'],
    ['x'.repeat(2049), 'the link is too long'],
    [` ${'a'.repeat(22)}.${'b'.repeat(22)}`, 'the link contains characters a sirp link never has'],
    ['https://ir.example.com\\a\\x', 'the link contains characters a sirp link never has'],
    ['https://', 'the link is not a URL'],
    ['ftp://ir.example.com/a/x', 'the link is not an http(s) URL'],
    ['https://ir.example.com/a/x?y=1', 'the link has a query or a fragment'],
    ['https://ir.example.com/a/x#y', 'the link has a query or a fragment'],
    ['https://u:p@ir.example.com/a/x', 'the link carries credentials'],
    ['https://ir.example.com/b/x', 'the link is not a sirp approval link'],
    ['https://ir.example.com/a/too.short', 'the link is not a sirp approval link'],
    ['AAECAwQFBgcICQoLDA0ODx.AAECAwQFBgcICQoLDA0ODw', 'the approval id is malformed'],
    ['AAECAwQFBgcICQoLDA0ODw.AAECAwQFBgcICQoLDA0ODx', 'the signature is malformed'],
  ])('refuses %j: %s', (text, reason) => {
    expect(reasonOf(text)).toBe(reason);
  });
});

describe('verifyLink', () => {
  it('accepts a link issued for this approval and this person', () => {
    expect(verifyLink(parsed(issueLink('https://x.test', record, currentKey)), record, keys.verifying)).toEqual({
      ok: true,
      secretVersion: 'v-current',
    });
  });

  it('accepts a link signed with the previous secret while a rotation settles', () => {
    expect(verifyLink(parsed(linkSegment(record, previousKey)), record, keys.verifying)).toEqual({ ok: true, secretVersion: 'v-previous' });
  });

  it('refuses a link signed with a retired secret', () => {
    expect(verifyLink(parsed(linkSegment(record, retiredKey)), record, keys.verifying).ok).toBe(false);
  });

  it('refuses a forged MAC', () => {
    const forged = parsed(`${APPROVAL_ID}.${Buffer.alloc(16, 7).toString('base64url')}`);
    expect(verifyLink(forged, record, keys.verifying)).toEqual({
      ok: false,
      reason: 'the signature does not match: forged, issued to someone else, or signed with a retired secret',
    });
  });

  it("refuses another person's link to the same approval", () => {
    const bobs = parsed(linkSegment({ ...record, decider: 'bob' }, currentKey));
    expect(verifyLink(bobs, record, keys.verifying).ok).toBe(false);
  });

  it('refuses a valid MAC moved onto another approval id', () => {
    const mac = linkSegment(record, currentKey).split('.')[1];
    const moved = parsed(`${OTHER_APPROVAL_ID}.${mac ?? ''}`);
    expect(verifyLink(moved, { ...record, approvalId: OTHER_APPROVAL_ID }, keys.verifying).ok).toBe(false);
  });

  it('refuses a link checked against a record it does not name', () => {
    expect(verifyLink(parsed(linkSegment(record, currentKey)), { ...record, approvalId: OTHER_APPROVAL_ID }, keys.verifying)).toEqual({
      ok: false,
      reason: 'the link names another approval',
    });
  });
});
