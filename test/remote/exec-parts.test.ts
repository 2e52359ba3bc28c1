/** Pieces of the remote command path that need no connection: the pid marker and the channel limiter. */
import { describe, expect, it } from 'vitest';
import { takePidMarker } from '../../src/remote/exec.js';
import { Limiter } from '../../src/util/limiter.js';

describe('takePidMarker', () => {
  it('waits for a whole marker line, then splits off the command output', () => {
    expect(takePidMarker('hpcq-pid:12')).toBeUndefined();
    expect(takePidMarker('hpcq-pid:123\n')).toEqual({ pid: '123', rest: '' });
    expect(takePidMarker('hpcq-pid:123\nout\nput')).toEqual({ pid: '123', rest: 'out\nput' });
  });

  it('drops what noisy login scripts printed before the marker', () => {
    expect(takePidMarker('Welcome to the cluster!\nquota: 90%\nhpcq-pid:77\nreal output\n')).toEqual({ pid: '77', rest: 'real output\n' });
    expect(takePidMarker('echo says hpcq-pid:5\n')).toBeUndefined();
  });
});

describe('Limiter', () => {
  it('hands out at most max slots and wakes waiters in order', async () => {
    const limiter = new Limiter(2);
    const order: number[] = [];
    await limiter.acquire();
    await limiter.acquire();
    expect(limiter.busy).toBe(true);
    const third = limiter.acquire().then(() => order.push(3));
    const fourth = limiter.acquire().then(() => order.push(4));
    await Promise.resolve();
    expect(order).toEqual([]);
    limiter.release();
    await third;
    expect(order).toEqual([3]);
    limiter.release();
    await fourth;
    expect(order).toEqual([3, 4]);
    limiter.release();
    limiter.release();
    expect(limiter.busy).toBe(false);
    expect(() => new Limiter(0)).toThrow(RangeError);
  });
});
