// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, test } from 'vitest';
import { makeProgress } from '../test/jobs';
import { JobProgressBar } from './JobProgressBar';

afterEach(cleanup);

test('bounded: a real percentage and the words', () => {
  render(<JobProgressBar progress={makeProgress({ dataProcessed: 1, dataTotal: 3 })} />);
  const bar = screen.getByRole('progressbar');
  expect(bar.getAttribute('aria-valuemin')).toBe('0');
  expect(bar.getAttribute('aria-valuemax')).toBe('100');
  expect(bar.getAttribute('aria-valuenow')).toBe('33.3');
  expect(bar.getAttribute('data-processed')).toBe('1');
  expect(bar.getAttribute('data-total')).toBe('3');
  expect(bar.getAttribute('aria-valuetext')).toBe('1 of 3 B, 120 MiB/s, about 1 min left');
});

test('bounded text for a clone in progress', () => {
  render(<JobProgressBar progress={makeProgress()} />);
  const bar = screen.getByTestId('job-progress');
  expect(bar.getAttribute('aria-valuenow')).toBe('32');
  expect(bar.getAttribute('aria-valuetext')).toBe('3.2 of 10 GiB, 120 MiB/s, about 1 min left');
});

test('unbounded: no aria-valuenow, indeterminate, bytes so far', () => {
  const { container } = render(
    <JobProgressBar
      progress={makeProgress({
        type: 'unbounded',
        dataTotal: null,
        dataProcessed: 1288490189,
        rate: null,
        timeRemaining: null,
        timeElapsed: 123_000,
      })}
    />,
  );
  const bar = screen.getByRole('progressbar');
  expect(bar.hasAttribute('aria-valuenow')).toBe(false);
  expect(bar.getAttribute('aria-valuetext')).toBe('1.2 GiB so far, 2 min 3 s elapsed');
  expect(bar.getAttribute('data-processed')).toBe('1288490189');
  expect(bar.getAttribute('data-total')).toBe('');
  expect(container.querySelector('.job-progress--indeterminate')).not.toBeNull();
  expect(container.textContent).not.toContain('%');
});

test('unbounded with nothing measured says how long it runs', () => {
  render(
    <JobProgressBar
      progress={makeProgress({
        type: 'unbounded',
        dataTotal: null,
        dataProcessed: null,
        timeElapsed: 12_000,
      })}
      testId="volume-job-progress"
      size="compact"
    />,
  );
  const bar = screen.getByTestId('volume-job-progress');
  expect(bar.hasAttribute('aria-valuenow')).toBe(false);
  expect(bar.getAttribute('aria-valuetext')).toBe('running for 12 s');
  expect(bar.getAttribute('data-processed')).toBe('');
});
