import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TUNNEL_PRESETS, type TunnelPreset } from '../../../shared/tunnel-presets.js';
import { publicTunnelSchema, tunnelPatchSchema } from '../../../shared/tunnel-settings.js';
import { tunnelFormFields, type TunnelFieldSpec } from '../../../renderer/tunnel-form-fields.js';

interface JsonProperty {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
}
interface JsonVariant {
  properties: Record<string, JsonProperty>;
  required?: string[];
}

/** Each preset's variant as JSON Schema: read the way any tool would, not through zod's internals. */
function variants(schema: z.ZodType, io: 'input' | 'output'): Record<TunnelPreset, JsonVariant> {
  const { oneOf } = z.toJSONSchema(schema, { io }) as { oneOf: JsonVariant[] };
  const byPreset = new Map(oneOf.map((variant) => [String(variant.properties['preset']?.const), variant]));
  return Object.fromEntries(TUNNEL_PRESETS.map((preset) => [preset, byPreset.get(preset)!])) as Record<
    TunnelPreset,
    JsonVariant
  >;
}

const patchVariants = variants(tunnelPatchSchema, 'input');
const publicVariants = variants(publicTunnelSchema, 'output');

function schemaFields(preset: TunnelPreset): string[] {
  return Object.keys(patchVariants[preset].properties).filter((name) => name !== 'preset');
}

function choiceValues(spec: TunnelFieldSpec): readonly string[] | undefined {
  if (spec.kind === 'radio') return spec.options.map((option) => option.value);
  if (spec.kind === 'select') return spec.options;
  return undefined;
}

describe('the tunnel form, described once per preset', () => {
  it('describes every field of every preset in the schema once, and no field the schema lacks', () => {
    for (const preset of TUNNEL_PRESETS) {
      const described = tunnelFormFields(preset).map((spec) => spec.name);
      expect(new Set(described).size, preset).toBe(described.length);
      expect([...described].sort(), preset).toEqual(schemaFields(preset).sort());
    }
  });

  it("draws each field as its value's type: numbers with the schema's bounds, lists as lines, enums as their choices", () => {
    for (const preset of TUNNEL_PRESETS) {
      for (const spec of tunnelFormFields(preset)) {
        const property = patchVariants[preset].properties[spec.name]!;
        const where = `${preset}.${spec.name}`;
        if (spec.kind === 'number') {
          expect(property.type, where).toBe('integer');
          expect([spec.min, spec.max], where).toEqual([property.minimum, property.maximum]);
        } else if (spec.kind === 'lines') {
          expect(property.type, where).toBe('array');
        } else {
          expect(property.type, where).toBe('string');
          expect(choiceValues(spec), where).toEqual(property.enum);
        }
      }
    }
  });

  it("starts each choice and number at the schema's default, and sends a required field even when empty", () => {
    for (const preset of TUNNEL_PRESETS) {
      const { properties, required = [] } = patchVariants[preset];
      for (const spec of tunnelFormFields(preset)) {
        const where = `${preset}.${spec.name}`;
        const initial = 'initial' in spec ? spec.initial : undefined;
        // An argument list's default is empty, which an empty box already says.
        if (spec.kind !== 'lines') expect(initial, where).toEqual(properties[spec.name]!.default);
        expect(spec.kind === 'text' && spec.required === true, where).toBe(required.includes(spec.name));
      }
    }
  });

  it('keeps as secrets exactly the fields main never sends back, each with the flag saying one is saved', () => {
    for (const preset of TUNNEL_PRESETS) {
      const shown = publicVariants[preset].properties;
      for (const spec of tunnelFormFields(preset)) {
        const where = `${preset}.${spec.name}`;
        expect(spec.name in shown, where).toBe(spec.kind !== 'secret');
        if (spec.kind === 'secret') expect(shown[spec.savedFlag]?.type, where).toBe('boolean');
      }
    }
  });

  it('shows a field only for a value its preset can choose', () => {
    for (const preset of TUNNEL_PRESETS) {
      const fields = tunnelFormFields(preset);
      for (const spec of fields) {
        if (!spec.shownWhen) continue;
        const { field, is } = spec.shownWhen;
        const choice = fields.find((candidate) => candidate.name === field);
        expect(choice && choiceValues(choice), `${preset}.${spec.name}`).toContain(is);
      }
    }
  });
});
