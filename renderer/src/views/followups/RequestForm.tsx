import { useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import { format } from 'date-fns';
import { CHANNEL_LABELS, REQUEST_CHANNELS, createRequest, type RequestChannel } from '../../../../shared/doc/requests';
import type { Person } from '../../../../shared/doc/people';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { FieldError } from '../../ui/FieldError';
import { FormCard, TextField, useFieldErrors } from '../../ui/FormCard';
import { PersonPicker } from '../../ui/PersonPicker';

interface RequestFormProps {
  doc: Y.Doc;
  people: Person[];
  fixedPerson?: Person;
  onDone(id: string): void;
  onCancel(): void;
}

type Field = 'contactId' | 'channel' | 'summary' | 'receivedAt';

const CHANNEL_NAMES: Record<RequestChannel, string> = {
  email: 'Email',
  message: 'Message',
  call: 'Call',
  'in-person': 'In person',
  other: 'Other',
};

/** Logs something someone asked of me; the 36 hours run from when it came. */
export function RequestForm({ doc, people, fixedPerson, onDone, onCancel }: RequestFormProps) {
  const [personId, setPersonId] = useState(fixedPerson?.id ?? '');
  const [channel, setChannel] = useState<RequestChannel>('email');
  const [summary, setSummary] = useState('');
  const [received, setReceived] = useState(() => format(new Date(), "yyyy-MM-dd'T'HH:mm"));
  const { errors, setErrors, clear, attempt } = useFieldErrors<Field>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const when = received.trim() === '' ? undefined : new Date(received);
    if (when && Number.isNaN(when.getTime())) {
      setErrors({ receivedAt: 'When it came is a date and time, such as 25/11/2026 14:30' });
      return;
    }
    const id = attempt(() =>
      createRequest(doc, { contactId: personId, channel, summary, ...(when ? { receivedAt: when.toISOString() } : {}) }, LOCAL_UI),
    );
    if (id !== undefined) onDone(id);
  };

  return (
    <FormCard title="Log a request" submitLabel="Log request" onSubmit={submit} onCancel={onCancel}>
      <p className="muted">Something someone asked of you. Answer within 36 hours — even if only to say when you will.</p>
      {fixedPerson ? null : (
        <>
          <PersonPicker
            label="Who asked"
            people={people}
            value={personId}
            onCommit={(id) => {
              setPersonId(id);
              clear('contactId');
              return null;
            }}
            testId="request-person"
          />
          <FieldError message={errors.contactId} />
        </>
      )}
      <TextField
        id="request-summary"
        label="What they asked"
        autoFocus={Boolean(fixedPerson)}
        placeholder="Feedback on her draft"
        value={summary}
        error={errors.summary}
        onChange={(value) => {
          setSummary(value);
          clear('summary');
        }}
      />
      <div className="form-row">
        <div className="field">
          <label htmlFor="request-channel">How</label>
          <select id="request-channel" value={channel} onChange={(event) => setChannel(event.target.value as RequestChannel)}>
            {REQUEST_CHANNELS.map((value) => (
              <option key={value} value={value} title={CHANNEL_LABELS[value]}>
                {CHANNEL_NAMES[value]}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id="request-received"
          type="datetime-local"
          label="When it came"
          value={received}
          error={errors.receivedAt}
          onChange={(value) => {
            setReceived(value);
            clear('receivedAt');
          }}
        />
      </div>
    </FormCard>
  );
}

export { CHANNEL_NAMES };
