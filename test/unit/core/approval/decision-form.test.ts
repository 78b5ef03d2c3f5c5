import { parseDecisionForm } from '../../../../core/approval/decision-form';

describe('parseDecisionForm', () => {
  it('reads an approval with its decision', () => {
    expect(parseDecisionForm('csrf=abc.1&action=approve&decision=mobilize')).toEqual({
      ok: true,
      formToken: 'abc.1',
      request: { action: 'approve', decision: 'mobilize' },
    });
  });

  it('reads a rejection, its reason decoded, and an absent reason as empty', () => {
    expect(parseDecisionForm('action=reject&reason=Not+yet%3A+%3Cb%3E&csrf=t')).toEqual({
      ok: true,
      formToken: 't',
      request: { action: 'reject', reason: 'Not yet: <b>' },
    });
    expect(parseDecisionForm('action=reject')).toEqual({ ok: true, formToken: undefined, request: { action: 'reject', reason: '' } });
  });

  it('reads the person a form names, and names the field when it is not a contact id', () => {
    expect(parseDecisionForm('action=acknowledge&csrf=t&actor=alice')).toEqual({ ok: true, formToken: 't', actor: 'alice', request: { action: 'acknowledge' } });
    expect(parseDecisionForm('action=acknowledge&actor=%3Cb%3E')).toEqual({ ok: false, reason: 'actor: not a contact id of the plan' });
  });

  it('reads an acknowledgement', () => {
    expect(parseDecisionForm('action=acknowledge&csrf=t')).toEqual({ ok: true, formToken: 't', request: { action: 'acknowledge' } });
  });

  it.each([
    ['a repeated field', 'action=approve&decision=mobilize&decision=dismiss', 'the form repeats a field'],
    ['an unknown action', 'action=delete', 'the form is not a sirp decision form'],
    ['an unknown field', 'action=acknowledge&admin=1', 'the form is not a sirp decision form'],
    ['a __proto__ field', 'action=acknowledge&__proto__=x', 'the form is not a sirp decision form'],
    ['an unknown decision', 'action=approve&decision=yes', 'the form is not a sirp decision form'],
    ['an empty body', '', 'the form is not a sirp decision form'],
  ])('refuses %s', (_name, body, reason) => {
    expect(parseDecisionForm(body)).toEqual({ ok: false, reason });
  });
});
