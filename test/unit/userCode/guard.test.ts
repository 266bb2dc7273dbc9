/* eslint-disable @typescript-eslint/only-throw-error -- user code throws non-errors: that is what is tested */
import { describe, expect, it } from 'vitest';
import { describeThrown } from '../../../src/userCode/describeThrown';
import { Guard } from '../../../src/userCode/guard';
import { UserCodeError } from '../../../src/userCode/errors';

const throwing = (message: string) => (): never => {
  throw new Error(message);
};

describe('the guard and values user code throws', () => {
  it('a Proxy whose getPrototypeOf and get traps throw becomes a UserCodeError saying it cannot be read', () => {
    const unreadable = new Proxy({}, { get: throwing('get trap'), getPrototypeOf: throwing('proto trap') });
    let caught: unknown;
    try {
      new Guard().run('step', () => {
        throw unreadable;
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserCodeError);
    expect(caught).toMatchObject({ fn: 'step', kind: 'exception', description: 'a value that cannot be read: reading it threw Error: get trap' });
  });

  it('describes what a trap threw without touching it again: a string, an error, a Proxy', () => {
    expect(describeThrown(new Proxy({}, { get: () => { throw 'get trap'; } }))).toBe('a value that cannot be read: reading it threw "get trap"');
    const nested = new Proxy({}, { get: throwing('nested') });
    expect(describeThrown(new Proxy({}, { get: () => { throw nested; } }))).toBe('a value that cannot be read: reading it threw a Proxy');
  });

  it('an error whose message getter throws says so; a Proxy of a readable error reads like the error', () => {
    const error = new Error('hidden');
    Object.defineProperty(error, 'message', { get: throwing('no message') });
    expect(describeThrown(error)).toBe('Error whose message cannot be read: reading it threw Error: no message');
    expect(describeThrown(new Proxy(new TypeError('bad'), {}))).toBe('TypeError: bad');
  });
});
