import { ContactIdSchema, ContactSchema, E164Schema, TimeZoneSchema } from '../../../../core/plan/contact.schema';

const contact = { id: 'lena', name: 'Lena Lead', email: 'lena@test.example', phone: '+14155550101', timeZone: 'Europe/Berlin' };

const messages = (input: unknown): { path: string; message: string }[] => {
  const result = ContactSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('ContactIdSchema', () => {
  it.each(['lena', 'maya-chen', '9lives', 'a', 'a'.repeat(40)])('accepts %s', (id) => {
    expect(ContactIdSchema.parse(id)).toBe(id);
  });

  it.each(['Lena', 'maya chen', '-maya', 'maya_chen', '', 'a'.repeat(41), 'lena@x'])('refuses %j', (id) => {
    expect(ContactIdSchema.safeParse(id).error?.issues[0]?.message).toBe('must be lowercase letters, digits and dashes (at most 40)');
  });
});

describe('E164Schema', () => {
  it.each(['+14155550123', '+442079460101', '+4930123', `+1${'2'.repeat(14)}`])('accepts %s', (phone) => {
    expect(E164Schema.parse(phone)).toBe(phone);
  });

  it.each(['14155550123', '+04155550123', '+1 415 555 0123', '+1-415-555-0123', '+123456', `+1${'2'.repeat(15)}`])(
    'refuses %j',
    (phone) => {
      expect(E164Schema.safeParse(phone).error?.issues[0]?.message).toBe('must be E.164, like "+14155550123"');
    },
  );
});

describe('TimeZoneSchema', () => {
  it.each(['Europe/Berlin', 'America/Los_Angeles', 'UTC', 'Asia/Kolkata'])('accepts %s', (zone) => {
    expect(TimeZoneSchema.parse(zone)).toBe(zone);
  });

  it.each(['Mars/Olympus_Mons', 'Europe/Atlantis', 'CEST+', ''])('refuses %j', (zone) => {
    expect(TimeZoneSchema.safeParse(zone).error?.issues[0]?.message).toBe('must be an IANA time zone, like "Europe/Berlin"');
  });
});

describe('ContactSchema', () => {
  it('accepts a contact with email and phone', () => {
    expect(ContactSchema.parse(contact)).toEqual(contact);
  });

  it('accepts a contact reachable by email only, or by phone only', () => {
    const { phone: _phone, ...emailOnly } = contact;
    const { email: _email, ...phoneOnly } = contact;

    expect(ContactSchema.parse(emailOnly)).toEqual(emailOnly);
    expect(ContactSchema.parse(phoneOnly)).toEqual(phoneOnly);
  });

  it('refuses a contact with neither email nor phone, naming the email field', () => {
    const { email: _email, phone: _phone, ...unreachable } = contact;

    expect(messages(unreachable)).toEqual([
      { path: 'email', message: 'needs an email or a phone: a contact nobody can reach cannot respond' },
    ]);
  });

  it('refuses an email that is not an email address', () => {
    expect(messages({ ...contact, email: 'lena at test' })).toEqual([{ path: 'email', message: 'must be an email address' }]);
  });

  it('refuses a phone that is not E.164', () => {
    expect(messages({ ...contact, phone: '0151 1234567' })).toEqual([{ path: 'phone', message: 'must be E.164, like "+14155550123"' }]);
  });

  it('refuses a time zone that does not exist', () => {
    expect(messages({ ...contact, timeZone: 'Berlin' })).toEqual([
      { path: 'timeZone', message: 'must be an IANA time zone, like "Europe/Berlin"' },
    ]);
  });

  it('refuses an empty name and a name longer than 120 characters', () => {
    expect(messages({ ...contact, name: '' }).map((m) => m.path)).toEqual(['name']);
    expect(messages({ ...contact, name: 'x'.repeat(121) }).map((m) => m.path)).toEqual(['name']);
  });

  it('refuses a field it does not know, so a typo is not silently ignored', () => {
    const result = ContactSchema.safeParse({ ...contact, mobile: '+14155550101' });

    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
  });
});
