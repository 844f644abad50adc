import { TextField } from './Dialog';
import { Name } from './Name';

/** "Type the volume's name to confirm": the last step before destroying something used. */
export function TypeToConfirm({
  what,
  name,
  value,
  onChange,
}: {
  what: 'volume' | 'pool';
  name: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <>
      <p className="small">
        Type the {what}’s name, <Name value={name} />, to confirm:
      </p>
      <TextField label={`Name of the ${what} to confirm`} value={value} onChange={onChange} mono />
    </>
  );
}
