// The tunnel form described once per preset: which fields, in what order, of what kind, labelled how, shown when.
// Zod-free (only types from the schema), so the page can draw from it; the types prove it matches tunnelPatchSchema.
import type { PublicSettings } from '../shared/bridge-contract.js';
import type { TunnelPatch } from '../shared/tunnel-settings.js';
import { SSH_SERVICES, type TunnelPreset } from '../shared/tunnel-presets.js';
import type { UiStrings } from '../shared/ui-strings.js';

type Variant<P extends TunnelPreset> = Extract<TunnelPatch, { preset: P }>;
type PublicVariant<P extends TunnelPreset> = Extract<PublicSettings['tunnel'], { preset: P }>;
/** The fields one preset's patch may carry, by name. */
export type PresetFieldName<P extends TunnelPreset> = Exclude<keyof Variant<P>, 'preset'>;
export type TunnelFieldName = { [P in TunnelPreset]: PresetFieldName<P> }[TunnelPreset];
type ValueOf<P extends TunnelPreset, K extends PresetFieldName<P>> = NonNullable<Variant<P>[K]>;

/** A string key whose text is plain. */
export type TextKey = { [K in keyof UiStrings]: UiStrings[K] extends string ? K : never }[keyof UiStrings];
/** A string key whose text names the port this desk listens on. */
export type PortTextKey = {
  [K in keyof UiStrings]: UiStrings[K] extends (port: number) => string ? K : never;
}[keyof UiStrings];

/** What every field has: its label, and help or a placeholder when it needs them. */
interface FieldText {
  label: TextKey;
  help?: TextKey | PortTextKey;
  /** Not translated: an example of the shape typed there. */
  placeholder?: string;
}
interface TextField {
  kind: 'text';
  /** Sent even when empty, so main names what is missing. */
  required?: true;
}
/** Write-only: main never sends it back, only the flag saying one is saved. */
interface SecretField<P extends TunnelPreset> {
  kind: 'secret';
  savedFlag: {
    [K in keyof PublicVariant<P>]-?: PublicVariant<P>[K] extends boolean ? K : never;
  }[keyof PublicVariant<P>];
}
interface NumberField {
  kind: 'number';
  min: number;
  max: number;
  /** The schema's default, shown before anything is saved. */
  initial?: number;
}
/** One value per line (program arguments). */
interface LinesField {
  kind: 'lines';
}
/** A choice: radios (with labels) or a select (values as they are); `initial` is also what an unknown value reads back as. */
type ChoiceField<V extends string> =
  | { kind: 'radio'; options: readonly { value: V; label: TextKey }[]; initial: V }
  | { kind: 'select'; options: readonly V[]; initial: V };

/** The kinds a field's value type allows: numbers are number boxes, lists are lines, enums are choices. */
type KindOf<P extends TunnelPreset, K extends PresetFieldName<P>> = [ValueOf<P, K>] extends [number]
  ? NumberField
  : [ValueOf<P, K>] extends [readonly string[]]
    ? LinesField
    : string extends ValueOf<P, K>
      ? TextField | SecretField<P>
      : ValueOf<P, K> extends string
        ? ChoiceField<ValueOf<P, K>>
        : never;

type ChoiceName<P extends TunnelPreset> = {
  [K in PresetFieldName<P>]: KindOf<P, K> extends ChoiceField<string> ? K : never;
}[PresetFieldName<P>];
/** Shown only while that choice holds that value. */
type ShownWhen<P extends TunnelPreset> = { [K in ChoiceName<P>]: { field: K; is: ValueOf<P, K> } }[ChoiceName<P>];

export type PresetFieldSpec<P extends TunnelPreset> = {
  [K in PresetFieldName<P>]: { name: K; shownWhen?: ShownWhen<P> } & FieldText & KindOf<P, K>;
}[PresetFieldName<P>];
/** A field of any preset, as the form handles it. */
export type TunnelFieldSpec = { [P in TunnelPreset]: PresetFieldSpec<P> }[TunnelPreset];

const binaryPath = { name: 'binaryPath', kind: 'text', label: 'tunnelBinaryPath' } as const;

/** Each preset's fields in the order a user reads them. */
export const TUNNEL_FORM = {
  none: [
    { name: 'publicUrl', kind: 'text', label: 'tunnelPublicUrl', help: 'tunnelPublicUrlHelp', placeholder: 'https://' },
  ],
  cloudflared: [
    {
      name: 'mode',
      kind: 'radio',
      label: 'tunnelMode',
      options: [
        { value: 'quick', label: 'tunnelCloudflaredQuick' },
        { value: 'named', label: 'tunnelCloudflaredNamed' },
      ],
      initial: 'quick',
    },
    {
      name: 'token',
      kind: 'secret',
      label: 'tunnelToken',
      savedFlag: 'hasToken',
      shownWhen: { field: 'mode', is: 'named' },
    },
    {
      name: 'hostname',
      kind: 'text',
      label: 'tunnelHostname',
      // The dashboard must point at the port this desk really listens on (--port, WIFIRE_DESK_PORT).
      help: 'tunnelNamedHelp',
      placeholder: 'hooks.example.com',
      shownWhen: { field: 'mode', is: 'named' },
    },
    binaryPath,
  ],
  ngrok: [
    {
      name: 'authtoken',
      kind: 'secret',
      label: 'tunnelAuthtoken',
      help: 'tunnelAuthtokenHelp',
      savedFlag: 'hasAuthtoken',
    },
    { name: 'domain', kind: 'text', label: 'tunnelDomain', placeholder: 'example.ngrok.app' },
    binaryPath,
  ],
  ssh: [
    {
      name: 'mode',
      kind: 'radio',
      label: 'tunnelMode',
      options: [
        { value: 'server', label: 'tunnelSshServer' },
        { value: 'service', label: 'tunnelSshService' },
      ],
      initial: 'service',
    },
    {
      name: 'service',
      kind: 'select',
      label: 'tunnelSshServiceName',
      options: SSH_SERVICES,
      initial: 'localhost.run',
      shownWhen: { field: 'mode', is: 'service' },
    },
    { name: 'host', kind: 'text', label: 'tunnelHost', shownWhen: { field: 'mode', is: 'server' } },
    {
      name: 'port',
      kind: 'number',
      label: 'tunnelPort',
      min: 1,
      max: 65535,
      initial: 22,
      shownWhen: { field: 'mode', is: 'server' },
    },
    { name: 'user', kind: 'text', label: 'tunnelUser', shownWhen: { field: 'mode', is: 'server' } },
    { name: 'keyFile', kind: 'text', label: 'tunnelKeyFile', shownWhen: { field: 'mode', is: 'server' } },
    {
      name: 'remotePort',
      kind: 'number',
      label: 'tunnelRemotePort',
      min: 0,
      max: 65535,
      initial: 0,
      shownWhen: { field: 'mode', is: 'server' },
    },
    {
      name: 'publicBase',
      kind: 'text',
      label: 'tunnelPublicBase',
      help: 'tunnelPublicBaseHelp',
      placeholder: 'https://',
      shownWhen: { field: 'mode', is: 'server' },
    },
    binaryPath,
  ],
  custom: [
    { name: 'command', kind: 'text', label: 'tunnelCommand', required: true },
    { name: 'args', kind: 'lines', label: 'tunnelArgs' },
    { name: 'urlPattern', kind: 'text', label: 'tunnelUrlPattern' },
    { name: 'publicUrl', kind: 'text', label: 'tunnelFixedUrl', placeholder: 'https://' },
  ],
} as const satisfies { readonly [P in TunnelPreset]: readonly PresetFieldSpec<P>[] };

type DescribedName<P extends TunnelPreset> = (typeof TUNNEL_FORM)[P][number]['name'];
type LeftOut = {
  [P in TunnelPreset]: `${P}.${Exclude<PresetFieldName<P>, DescribedName<P>> & string}`;
}[TunnelPreset];
type NothingLeftOut<T extends never> = T;
// A field added to a preset's schema but not described above fails the type-check here, naming "<preset>.<field>".
export type TunnelFormCoverage = NothingLeftOut<LeftOut>;

/** One preset's fields, in order. */
export function tunnelFormFields(preset: TunnelPreset): readonly TunnelFieldSpec[] {
  return TUNNEL_FORM[preset];
}
