import { Name } from './Name';

/** Shown once per page when the host cannot be reached; says why, in libvirt's own words. */
export function HostUnreachableBanner({ label, reason }: { label: string; reason: string | null }) {
  return (
    <div className="alert alert--danger alert--banner" role="alert" data-testid="host-unreachable">
      <div className="alert__body">
        <strong className="alert__title">Host {label} is unreachable</strong>
        <span className="alert__message">
          <Name value={reason ?? 'No reason was reported.'} />
        </span>
        <span className="alert__meta">
          Anything shown below is the last known state; the page updates when the host is back.
        </span>
      </div>
    </div>
  );
}
