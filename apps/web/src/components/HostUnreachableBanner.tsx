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

/** The Poolwatch server cannot be reached: no host state on the page is current. */
export function ServerUnreachableBanner() {
  return (
    <div
      className="alert alert--danger alert--banner"
      role="alert"
      data-testid="server-unreachable"
    >
      <div className="alert__body">
        <strong className="alert__title">The Poolwatch server cannot be reached</strong>
        <span className="alert__meta">
          Retrying. Everything below is as it was when the link dropped; actions are disabled until
          the server answers again.
        </span>
      </div>
    </div>
  );
}
