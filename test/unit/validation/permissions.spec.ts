// Specs of the permissions input lines.

import * as assert from 'node:assert/strict';
import { parsePermissionLine, parsePermissions } from '../../../tasks/DatabricksRepoSyncV1/src/validation/permissions';

const APP_ID = '11111111-2222-3333-4444-555555555555';

describe('validation/permissions', () => {
  it('parses the three principal types, ignoring blank lines and spaces', () => {
    const text = `\n  user:alice@contoso.com = CAN_MANAGE \n\ngroup:Data Engineers=can_run\nservicePrincipal:${APP_ID}=CAN_READ\n`;
    assert.deepEqual(parsePermissions(text), {
      ok: true,
      value: [
        { principalType: 'user', principal: 'alice@contoso.com', level: 'CAN_MANAGE' },
        { principalType: 'group', principal: 'Data Engineers', level: 'CAN_RUN' },
        { principalType: 'servicePrincipal', principal: APP_ID, level: 'CAN_READ' },
      ],
    });
  });

  it('gives no grants for an empty input', () => {
    assert.deepEqual(parsePermissions(undefined), { ok: true, value: [] });
    assert.deepEqual(parsePermissions('\n  \n'), { ok: true, value: [] });
  });

  it('accepts the principal type in any case and names holding = or :', () => {
    assert.deepEqual(parsePermissionLine('Group:a:b=c=CAN_EDIT'), {
      ok: true,
      value: { principalType: 'group', principal: 'a:b=c', level: 'CAN_EDIT' },
    });
  });

  for (const [line, pattern] of [
    ['alice=CAN_READ', /is not a permission line/],
    ['user:alice', /is not a permission line/],
    ['team:alice=CAN_READ', /principal type 'team' is not one of user, group, servicePrincipal/],
    ['user:alice=READ', /level 'READ' is not one of CAN_READ, CAN_RUN, CAN_EDIT, CAN_MANAGE/],
    ['user: =CAN_READ', /names no principal/],
    ['servicePrincipal:my-app=CAN_READ', /application id \(a GUID\)/],
    ['group:admins=CAN_READ', /admins group always has Manage/],
  ] as const) {
    it(`rejects '${line}'`, () => {
      const checked = parsePermissionLine(line);
      assert.equal(checked.ok, false);
      if (!checked.ok) assert.match(checked.problems.join(' '), pattern);
    });
  }

  it('reports every bad line', () => {
    const checked = parsePermissions('user:a=CAN_READ\nbad\nuser:b=NOPE');
    assert.equal(checked.ok, false);
    if (!checked.ok) assert.equal(checked.problems.length, 2);
  });

  it('rejects a principal listed twice', () => {
    const checked = parsePermissions('user:Alice@contoso.com=CAN_READ\nuser:alice@contoso.com=CAN_MANAGE');
    assert.ok(!checked.ok && /appears more than once/.test(checked.problems[0]));
  });
});
