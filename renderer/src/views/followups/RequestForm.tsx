import { useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import { format } from 'date-fns';
import { CHANNEL_LABELS, REQUEST_CHANNELS, createRequest, type RequestChannel } from '../../../../shared/doc/requests';
import type { Person } from '../../../../shared/doc/people';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { FieldError } from '../../ui/FieldError';
import { FormCard, TextField, useFieldErrors } from '../../ui/FormCard';
import { PersonPicker } from '../../ui/PersonPicker';
import { DATE_TIME_EXAMPLE } from '../../ui/dates';

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

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // A date typed only in part reads as empty; taking that as "now" would log the wrong time.
    const field = event.currentTarget.elements.namedItem('received');
    const incomplete = field instanceof HTMLInputElement && field.validity.badInput;
    const when = received.trim() === '' ? undefined : new Date(received);
    if (incomplete || (when && Number.isNaN(when.getTime()))) {
      setErrors({ receivedAt: `Give the whole date and time it came, such as ${DATE_TIME_EXAMPLE}` });
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
      )}
      <FieldError message={errors.contactId} />
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
          name="received"
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
