import { useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import { format } from 'date-fns';
import { CHANNEL_LABELS, REQUEST_CHANNELS, createRequest, type RequestChannel } from '../../../../shared/doc/requests';
import type { Person } from '../../../../shared/doc/people';
import { ValidationError } from '../../../../shared/doc/errors';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { FieldError } from '../../ui/FieldError';
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
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const when = received.trim() === '' ? undefined : new Date(received);
    if (when && Number.isNaN(when.getTime())) {
      setErrors({ receivedAt: 'When it came is a date and time, such as 25/11/2026 14:30' });
      return;
    }
    try {
      onDone(
        createRequest(
          doc,
          { contactId: personId, channel, summary, ...(when ? { receivedAt: when.toISOString() } : {}) },
          LOCAL_UI,
        ),
      );
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      setErrors({ [error.field as Field]: error.message });
    }
  };

  const clear = (field: Field) => errors[field] && setErrors({ ...errors, [field]: undefined });

  return (
    <form
      className="card add-form"
      aria-label="Log a request"
      noValidate
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <h2>Log a request</h2>
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
      <div className="field">
        <label htmlFor="request-summary">What they asked</label>
        <input
          id="request-summary"
          autoFocus={Boolean(fixedPerson)}
          placeholder="Feedback on her draft"
          value={summary}
          aria-invalid={errors.summary ? true : undefined}
          onChange={(event) => {
            setSummary(event.target.value);
            clear('summary');
          }}
        />
        <FieldError message={errors.summary} />
      </div>
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
        <div className="field">
          <label htmlFor="request-received">When it came</label>
          <input
            id="request-received"
            type="datetime-local"
            value={received}
            aria-invalid={errors.receivedAt ? true : undefined}
            onChange={(event) => {
              setReceived(event.target.value);
              clear('receivedAt');
            }}
          />
          <FieldError message={errors.receivedAt} />
        </div>
      </div>
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary">
          Log request
        </button>
      </div>
    </form>
  );
}

export { CHANNEL_NAMES };
