import { wordsOf } from "../cli-args";
/** The names a generated resource uses, derived from one word or phrase ("booking note", "bookingNote", "booking-notes"). */
export interface ResourceNames {
  /** bookingNote */
  camel: string;
  /** BookingNote */
  pascal: string;
  /** bookingNotes (router key, table const) */
  camelPlural: string;
  /** BookingNotes */
  pascalPlural: string;
  /** booking-notes (files, URLs) */
  kebabPlural: string;
  /** booking_notes (table) */
  snakePlural: string;
  /** Booking notes (headings) */
  titlePlural: string;
  /** booking note (messages) */
  lower: string;
}

const pluralize = (word: string) =>
  /(s|x|z|ch|sh)$/.test(word) ? `${word}es` : /[^aeiou]y$/.test(word) ? `${word.slice(0, -1)}ies` : `${word}s`;
const singularize = (word: string) =>
  /ies$/.test(word) ? `${word.slice(0, -3)}y` : /(s|x|z|ch|sh)es$/.test(word) ? word.slice(0, -2) : word.replace(/s$/, "");

export function resourceNames(input: string): ResourceNames | null {
  const words = wordsOf(input);
  if (words.length === 0 || !/^[a-z]/.test(words[0] ?? "") || words.join("").length > 40) return null;
  const last = words.length - 1;
  const singular = [...words.slice(0, last), singularize(words[last] as string)];
  const plural = [...words.slice(0, last), pluralize(singular[last] as string)];
  const cap = (w: string) => (w[0]?.toUpperCase() ?? "") + w.slice(1);
  const camel = (ws: string[]) => ws.map((w, i) => (i === 0 ? w : cap(w))).join("");
  return {
    camel: camel(singular),
    pascal: singular.map(cap).join(""),
    camelPlural: camel(plural),
    pascalPlural: plural.map(cap).join(""),
    kebabPlural: plural.join("-"),
    snakePlural: plural.join("_"),
    titlePlural: cap(plural.join(" ")),
    lower: singular.join(" "),
  };
}

export const FIELD_TYPES = ["text", "integer", "number", "decimal", "boolean", "date"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldSpec {
  name: string;
  type: FieldType;
  required: boolean;
}

const RESERVED = new Set(["id", "partnerId", "createdAt", "updatedAt", "insertedAt"]);

/** `title:text!,quantity:integer,done:boolean` → fields; `!` marks a required one. Throws with the first problem. */
export function parseFields(spec: string): FieldSpec[] {
  const fields = spec
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^([a-z][A-Za-z0-9]{0,40}):([a-z]+)(!?)$/.exec(part);
      if (!match) throw new Error(`"${part}" is not name:type (camelCase name, a type, ! when required)`);
      const [, name, type, bang] = match as unknown as [string, string, string, string];
      if (!(FIELD_TYPES as readonly string[]).includes(type)) throw new Error(`"${type}" is not one of ${FIELD_TYPES.join(", ")}`);
      if (RESERVED.has(name)) throw new Error(`"${name}" is a column every resource has already`);
      return { name, type: type as FieldType, required: bang === "!" };
    });
  if (fields.length === 0) throw new Error("give at least one field");
  if (new Set(fields.map((f) => f.name)).size !== fields.length) throw new Error("a field is named twice");
  if (!fields.some((f) => f.type === "text" && f.required))
    throw new Error("one required text field is needed: it names the record in lists");
  return fields;
}

export const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
export const label = (name: string) => {
  const words = snake(name).split("_");
  return (words[0]?.[0]?.toUpperCase() ?? "") + words.join(" ").slice(1);
};
