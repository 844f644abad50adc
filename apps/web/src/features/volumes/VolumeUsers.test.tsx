// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, expect, test } from 'vitest';
import { makeVolume } from '../../test/api';
import { BackingStore, UsedByBadge, VolumeUsersList } from './VolumeUsers';

afterEach(cleanup);

const inRouter = (ui: React.ReactElement) => render(<MemoryRouter>{ui}</MemoryRouter>);

test('an overlay links to its volume and pool, names encoded; a domain is named with its state', () => {
  inRouter(
    <VolumeUsersList
      hostId="lab 1"
      users={[
        { kind: 'volume', pool: 'over lays', name: 'a#b?.qcow2' },
        { kind: 'domain', name: 'web-01', state: 'running' },
      ]}
    />,
  );
  const overlay = screen.getByTestId('used-by-link');
  expect(overlay.textContent).toBe('a#b?.qcow2');
  expect(overlay.getAttribute('href')).toBe(
    '/hosts/lab%201/pools/over%20lays/volumes/a%23b%3F.qcow2',
  );
  expect(screen.getByRole('link', { name: 'over lays' }).getAttribute('href')).toBe(
    '/hosts/lab%201/pools/over%20lays',
  );
  const domain = screen.getByText(/web-01/).closest('li');
  expect(domain?.textContent).toBe('domain web-01 (running)');
  expect(domain?.querySelector('a')).toBeNull();
});

test('a backing store in a pool is a link to that volume; one outside every pool is text', () => {
  const { unmount } = inRouter(
    <BackingStore
      hostId="lab1"
      volume={makeVolume({
        backingStore: '/var/lib/libvirt/base/base.raw',
        backingVolume: { pool: 'base', name: 'base.raw' },
      })}
    />,
  );
  const link = screen.getByTestId('backing-store-link');
  expect(link.textContent).toBe('/var/lib/libvirt/base/base.raw');
  expect(link.getAttribute('href')).toBe('/hosts/lab1/pools/base/volumes/base.raw');
  unmount();

  inRouter(
    <BackingStore
      hostId="lab1"
      volume={makeVolume({ backingStore: '/srv/loose.raw', backingVolume: null })}
    />,
  );
  expect(screen.getByText('/srv/loose.raw')).toBeTruthy();
  expect(screen.queryByTestId('backing-store-link')).toBeNull();
});

test('the table badge counts users and its tooltip names them', () => {
  inRouter(
    <UsedByBadge
      users={[
        { kind: 'domain', name: 'web-01', state: 'running' },
        { kind: 'domain', name: 'web-02', state: 'shut off' },
        { kind: 'volume', pool: 'p', name: 'o.qcow2' },
      ]}
    />,
  );
  const badge = screen.getByTestId('used-by-badge');
  expect(badge.textContent).toBe('in use: 2 domains, 1 overlay');
  expect(badge.getAttribute('title')).toContain('domain web-02 (shut off)');
  expect(badge.getAttribute('title')).toContain('overlay o.qcow2 in p');
});
