import {
  DefinePoolRequestSchema,
  POOL_FORM_TYPES,
  routes,
  type DefinePoolRequest,
} from '@poolwatch/shared';
import { useState } from 'react';
import { useJobMutation } from '../../api/jobMutations';
import { callApi } from '../../api/http';
import { Checkbox, Dialog, Field, TextField } from '../../components/Dialog';
import { validate, type FieldErrors } from '../../lib/formErrors';
import { POOL_TYPE_FIELDS, type PoolFormType, type SourceField } from './poolTypes';

const [XmlSchema, FormSchema] = DefinePoolRequestSchema.options;

type Mode = 'form' | 'xml';

/** Define (and optionally build, start, autostart) a pool: a form per type, or raw XML. */
export function DefinePoolDialog({ hostId, onClose }: { hostId: string; onClose: () => void }) {
  const [mode, setMode] = useState<Mode>('form');
  const [type, setType] = useState<PoolFormType>('dir');
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const [source, setSource] = useState<Partial<Record<SourceField, string>>>({});
  // Build only defaults on for dir: for fs and disk it runs mkfs or writes a partition table.
  const [flags, setFlags] = useState({ build: true, start: true, autostart: false });
  const [xml, setXml] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const define = useJobMutation((body: DefinePoolRequest) =>
    callApi(routes.poolDefine, { params: { hostId }, body }),
  );
  const spec = POOL_TYPE_FIELDS[type];

  const formRequest = () => {
    const sourceValues = Object.fromEntries(
      spec.source
        .map((f) => [f.key, source[f.key]?.trim() ?? ''] as const)
        .filter(([, v]) => v !== ''),
    );
    return {
      name,
      type,
      target: spec.target && target.trim() ? target.trim() : undefined,
      source: Object.keys(sourceValues).length ? sourceValues : undefined,
      build: flags.build || undefined,
      start: flags.start || undefined,
      autostart: flags.autostart || undefined,
    };
  };

  const submit = () => {
    const result =
      mode === 'xml' ? validate(XmlSchema, { xml }) : validate(FormSchema, formRequest());
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    define.mutate(result.data, { onSuccess: onClose });
  };

  return (
    <Dialog
      title="Define storage pool"
      confirmLabel="Define"
      onClose={onClose}
      onSubmit={submit}
      busy={define.isPending}
      error={define.error}
      testId="define-pool-dialog"
    >
      <div className="segmented" role="radiogroup" aria-label="Define with">
        {(['form', 'xml'] as const).map((m) => (
          <label key={m} className={`segmented__item${mode === m ? ' is-active' : ''}`}>
            <input
              type="radio"
              name="define-mode"
              checked={mode === m}
              onChange={() => setMode(m)}
              data-testid={`define-pool-mode-${m}`}
            />
            {m === 'form' ? 'Form' : 'Raw XML'}
          </label>
        ))}
      </div>

      {mode === 'xml' ? (
        <Field label="XML" error={errors.xml} hint="A <pool> definition, any type libvirt knows.">
          {(props) => (
            <textarea
              {...props}
              className="input mono"
              rows={14}
              value={xml}
              spellCheck={false}
              onChange={(e) => setXml(e.target.value)}
            />
          )}
        </Field>
      ) : (
        <>
          <TextField label="Name" value={name} onChange={setName} error={errors.name} autoFocus />
          <Field label="Type" error={errors.type} hint={spec.hint}>
            {(props) => (
              <select
                {...props}
                className="input"
                value={type}
                onChange={(e) => {
                  const next = e.target.value as PoolFormType;
                  setType(next);
                  setFlags((f) => ({ ...f, build: next === 'dir' }));
                }}
              >
                {POOL_FORM_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {POOL_TYPE_FIELDS[t].label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {spec.target && (
            <Field label="Target path" error={errors.target}>
              {(props) => (
                <input
                  {...props}
                  className="input mono"
                  value={target}
                  placeholder={spec.target ?? undefined}
                  onChange={(e) => setTarget(e.target.value)}
                />
              )}
            </Field>
          )}
          {spec.source.map((f) => (
            <Field key={f.key} label={f.label} error={errors[`source.${f.key}`]}>
              {(props) => (
                <input
                  {...props}
                  className="input mono"
                  value={source[f.key] ?? ''}
                  placeholder={f.placeholder}
                  onChange={(e) => setSource((s) => ({ ...s, [f.key]: e.target.value }))}
                />
              )}
            </Field>
          ))}
          {errors.source && <p className="text-danger small">{errors.source}</p>}
          <Checkbox
            label="Build (create the directory, file system or label)"
            checked={flags.build}
            onChange={(build) => setFlags((f) => ({ ...f, build }))}
          />
          <Checkbox
            label="Start"
            checked={flags.start}
            onChange={(start) => setFlags((f) => ({ ...f, start }))}
          />
          <Checkbox
            label="Start when the host boots (autostart)"
            checked={flags.autostart}
            onChange={(autostart) => setFlags((f) => ({ ...f, autostart }))}
          />
        </>
      )}
    </Dialog>
  );
}
