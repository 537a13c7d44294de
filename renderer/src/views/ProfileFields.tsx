import type { ReactNode } from 'react';
import { TIERS, type Person, type PersonField, type PersonValues, type Tier } from '../../../shared/doc/people';
import { EditableField } from '../ui/EditableField';
import { ChipsField } from '../ui/ChipsField';
import { PersonPicker } from '../ui/PersonPicker';
import { ExternalLink } from '../ui/ExternalLink';
import type { Suggestions } from '../doc/suggestions';
import type { MeField } from '../../../shared/doc/me';
import { DEFAULT_CADENCE_DAYS } from '../../../shared/analytics/graph';

/** Saves one field; returns an error message (and saves nothing) when the value is invalid. */
export type SaveField = (field: PersonField, value: unknown) => string | null;

export const TIER_LABELS: Record<Tier, string> = {
  inner: 'Inner circle',
  close: 'Close',
  regular: 'Regular',
  acquaintance: 'Acquaintance',
};


type TextField = 'org' | 'role' | 'function' | 'location' | 'hometown' | 'family' | 'howMet' | 'about' | 'birthday';
type ListField = 'emails' | 'phones' | 'links' | 'tags' | 'interests' | 'expertise' | 'schools' | 'pastOrgs' | 'addresses' | 'details';

const TEXT: Record<TextField, { label: string; placeholder: string; multiline?: boolean }> = {
  org: { label: 'Organisation', placeholder: 'Where they work' },
  role: { label: 'Role', placeholder: 'What they do there' },
  function: { label: 'Function', placeholder: 'Engineering, sales, research…' },
  location: { label: 'Location', placeholder: 'City or region' },
  hometown: { label: 'Hometown', placeholder: 'Where they grew up' },
  family: { label: 'Family', placeholder: 'Partner, children, what matters at home', multiline: true },
  howMet: { label: 'How we met', placeholder: 'Where and through whom', multiline: true },
  about: { label: 'About', placeholder: 'Anything else worth remembering', multiline: true },
  birthday: { label: 'Birthday', placeholder: '1980-03-21, or --03-21 without the year' },
};

const LISTS: Record<ListField, { label: string; placeholder: string }> = {
  emails: { label: 'Emails', placeholder: 'name@example.com' },
  phones: { label: 'Phones', placeholder: '+44 20 7946 0000' },
  links: { label: 'Links', placeholder: 'https://…' },
  tags: { label: 'Tags', placeholder: 'investor, alumni…' },
  interests: { label: 'Interests', placeholder: 'Hobbies, sports, causes' },
  expertise: { label: 'Expertise', placeholder: 'What people ask them about' },
  schools: { label: 'Schools', placeholder: 'Universities, schools' },
  pastOrgs: { label: 'Past organisations', placeholder: 'Where they worked before' },
  addresses: { label: 'Addresses', placeholder: 'Street, city, country' },
  details: { label: 'Other details', placeholder: 'Label: value, such as “Assistant: Sam”' },
};

/** On My profile the placeholders speak to the user about themself, not of "them". */
const MY_PLACEHOLDERS: Partial<Record<TextField | ListField, string>> = {
  org: 'Where you work',
  role: 'What you do there',
  hometown: 'Where you grew up',
  expertise: 'What people ask you about',
  pastOrgs: 'Where you worked before',
  interests: 'Your hobbies, sports, causes',
  schools: 'Where you studied',
  family: 'Partner, children, what matters at home',
};

/** List values that open something: a contact's web pages, a new email to them. */
const LINKED: Partial<Record<ListField, (value: string) => ReactNode>> = {
  links: (url) => <ExternalLink href={url}>{url}</ExternalLink>,
  emails: (email) => <ExternalLink href={`mailto:${email}`}>{email}</ExternalLink>,
};

/** A person's values, or the subset "me" has. */
export type ProfileValues = Pick<PersonValues, MeField> & Partial<PersonValues>;

interface ProfileFieldsProps {
  values: ProfileValues;
  save: SaveField;
  suggestions: Suggestions;
  /** The groups to show; "me" has no contact details, closeness or introducer. */
  variant: 'person' | 'me';
  people?: Person[];
  personId?: string;
}

export function ProfileFields({ values, save, suggestions, variant, people = [], personId }: ProfileFieldsProps) {
  const placeholder = (field: TextField | ListField) =>
    (variant === 'me' ? MY_PLACEHOLDERS[field] : undefined) ?? (field in TEXT ? TEXT[field as TextField] : LISTS[field as ListField]).placeholder;
  const tier = values.tier ?? 'regular';
  const cadenceDays = values.cadenceDays ?? null;
  const text = (field: TextField) => (
    <EditableField
      key={field}
      label={TEXT[field].label}
      value={values[field] ?? ''}
      placeholder={placeholder(field)}
      multiline={TEXT[field].multiline}
      onCommit={(value) => save(field, value)}
      testId={`field-${field}`}
    />
  );
  const list = (field: ListField) => (
    <ChipsField
      key={field}
      label={LISTS[field].label}
      values={values[field] ?? []}
      placeholder={placeholder(field)}
      suggestions={field in suggestions ? suggestions[field as keyof Suggestions] : undefined}
      onCommit={(next) => save(field, next)}
      testId={`field-${field}`}
      renderValue={LINKED[field]}
    />
  );

  // Under a person's name (h2) on their page; straight under the view's title on My profile.
  const Heading = variant === 'me' ? 'h2' : 'h3';
  return (
    <>
      <section className="card" aria-label="Work">
        <Heading className="card-title">Work</Heading>
        <div className="grid-2">
          {text('org')}
          {text('role')}
          {text('function')}
          {text('location')}
        </div>
        {list('expertise')}
        {list('pastOrgs')}
      </section>
      {variant === 'person' ? (
        <section className="card" aria-label="Contact">
          <Heading className="card-title">Contact</Heading>
          {list('emails')}
          {list('phones')}
          {list('links')}
          {list('addresses')}
        </section>
      ) : null}
      <section className="card" aria-label="Beyond work">
        <Heading className="card-title">Beyond work</Heading>
        {list('interests')}
        {list('schools')}
        {text('hometown')}
        {text('family')}
        {variant === 'person' ? text('howMet') : null}
        {variant === 'person' ? list('tags') : null}
        {variant === 'person' ? text('birthday') : null}
        {variant === 'person' ? text('about') : null}
        {variant === 'person' ? list('details') : null}
      </section>
      {variant === 'person' ? (
        <section className="card" aria-label="Keeping in touch">
          <Heading className="card-title">Keeping in touch</Heading>
          <div className="grid-2">
            <div className="field">
              <label htmlFor="tier">Closeness</label>
              <select
                id="tier"
                data-testid="field-tier"
                value={tier}
                onChange={(event) => save('tier', event.target.value)}
              >
                {TIERS.map((tier) => (
                  <option key={tier} value={tier}>
                    {TIER_LABELS[tier]}
                  </option>
                ))}
              </select>
            </div>
            <EditableField
              label="Say hello every (days)"
              value={cadenceDays === null ? '' : String(cadenceDays)}
              placeholder={`${DEFAULT_CADENCE_DAYS[tier]} (default for ${TIER_LABELS[tier].toLowerCase()})`}
              inputMode="numeric"
              onCommit={(value) => save('cadenceDays', value.trim() === '' ? null : Number(value))}
              testId="field-cadenceDays"
            />
          </div>
          <PersonPicker
            label="Introduced by"
            people={people}
            value={values.introducedBy ?? ''}
            exclude={personId}
            onCommit={(id) => save('introducedBy', id)}
            testId="field-introducedBy"
          />
        </section>
      ) : null}
    </>
  );
}
