/** What one virsh command printed. `ok` is false when it wrote anything to stderr. */
export interface VirshResult {
  stdout: string;
  stderr: string;
  ok: boolean;
}
