/**
 * A small ICU MessageFormat formatter for the messages client components format in the browser
 * (the `timer` and `exam_body` namespaces; docs/decisions/033-page-weight.md). It knows the part
 * of ICU those messages use: `{name}` arguments and `{name, plural, [offset:n] =0 {…} one {…}
 * other {…}}` with `#`, plural categories from `Intl.PluralRules`, `#` through
 * `Intl.NumberFormat`, and ICU's apostrophe quoting. Anything else (`select`, `number`, `date`,
 * tags) throws `UnsupportedMessageError`: `client-format.test.ts` formats every message of those
 * namespaces in every locale here and with next-intl and requires the same text, so a
 * translation that needs more fails the test, not the page.
 *
 * Why not next-intl's client runtime: `use-intl` with its ICU parser is about 12.5 KB of gzipped
 * JavaScript, a tenth of the exam page's budget, for two plurals and a few placeholders.
 */

/** Argument values; a number fills a plural, anything else is printed as text (no dates here). */
export type ClientMessageValues = Readonly<Record<string, string | number | Date>>;

export class UnsupportedMessageError extends Error {
  constructor(message: string, what: string) {
    super(`ICU syntax the client formatter does not handle (${what}) in: ${message}`);
    this.name = "UnsupportedMessageError";
  }
}

type Part =
  | string
  | { kind: "argument"; name: string }
  | { kind: "pound" }
  | { kind: "plural"; name: string; offset: number; options: Readonly<Record<string, Part[]>> };

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Part[] {
    const parts = this.message(false, false);
    if (this.pos < this.src.length) this.fail("an unmatched }");
    return parts;
  }

  private fail(what: string): never {
    throw new UnsupportedMessageError(this.src, what);
  }

  /** Text and arguments up to an unquoted `}` (nested) or the end. */
  private message(inPlural: boolean, nested: boolean): Part[] {
    const parts: Part[] = [];
    let text = "";
    const src = this.src;
    while (this.pos < src.length) {
      const ch = src[this.pos]!;
      if (ch === "{") {
        if (text) parts.push(text);
        text = "";
        parts.push(this.argument());
      } else if (ch === "}") {
        if (!nested) this.fail("an unmatched }");
        break;
      } else if (ch === "#" && inPlural) {
        if (text) parts.push(text);
        text = "";
        parts.push({ kind: "pound" });
        this.pos++;
      } else if (ch === "'") {
        text += this.apostrophe(inPlural);
      } else if (ch === "<" && /^<\/?[A-Za-z]/.test(src.slice(this.pos, this.pos + 3))) {
        this.fail("a tag");
      } else {
        text += ch;
        this.pos++;
      }
    }
    if (text) parts.push(text);
    return parts;
  }

  /**
   * ICU's apostrophe (as @formatjs/icu-messageformat-parser reads it): `''` is one apostrophe; an
   * apostrophe before `{`, `}`, `<`, `>` (or `#` in a plural) quotes up to the next lone
   * apostrophe; any other apostrophe is itself.
   */
  private apostrophe(inPlural: boolean): string {
    const src = this.src;
    const next = src[this.pos + 1];
    if (next === "'") {
      this.pos += 2;
      return "'";
    }
    if (next === "{" || next === "}" || next === "<" || next === ">" || (inPlural && next === "#")) {
      this.pos++;
      let quoted = "";
      while (this.pos < src.length) {
        if (src[this.pos] === "'") {
          if (src[this.pos + 1] === "'") {
            quoted += "'";
            this.pos += 2;
            continue;
          }
          this.pos++;
          return quoted;
        }
        quoted += src[this.pos];
        this.pos++;
      }
      return quoted;
    }
    this.pos++;
    return "'";
  }

  private spaces() {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++;
  }

  private word(): string {
    const match = /^[\p{L}\p{N}_]+/u.exec(this.src.slice(this.pos));
    if (!match) this.fail(`a name expected at ${this.pos}`);
    this.pos += match[0].length;
    return match[0];
  }

  private expect(ch: string) {
    if (this.src[this.pos] !== ch) this.fail(`"${ch}" expected at ${this.pos}`);
    this.pos++;
  }

  /** `{name}` or `{name, plural, …}`, from its `{`. */
  private argument(): Part {
    this.expect("{");
    this.spaces();
    const name = this.word();
    this.spaces();
    if (this.src[this.pos] === "}") {
      this.pos++;
      return { kind: "argument", name };
    }
    this.expect(",");
    this.spaces();
    const type = this.word();
    if (type !== "plural") this.fail(`a ${type} argument`);
    this.spaces();
    this.expect(",");
    this.spaces();
    let offset = 0;
    const offsetMatch = /^offset:\s*(\d+)/.exec(this.src.slice(this.pos));
    if (offsetMatch) {
      offset = Number(offsetMatch[1]);
      this.pos += offsetMatch[0].length;
      this.spaces();
    }
    const options: Record<string, Part[]> = {};
    while (this.src[this.pos] !== "}") {
      if (this.pos >= this.src.length) this.fail("an unclosed plural");
      const selector = this.src[this.pos] === "=" ? (this.pos++, `=${this.word()}`) : this.word();
      this.spaces();
      this.expect("{");
      options[selector] = this.message(true, true);
      this.expect("}");
      this.spaces();
    }
    this.pos++;
    if (!options.other) this.fail("a plural without other");
    return { kind: "plural", name, offset, options };
  }
}

const parsed = new Map<string, Part[]>();
const pluralRules = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** The message's parts, parsed once per message text. Throws UnsupportedMessageError. */
export function parseClientMessage(message: string): readonly Part[] {
  let parts = parsed.get(message);
  if (!parts) {
    parts = new Parser(message).parse();
    parsed.set(message, parts);
  }
  return parts;
}

function cached<T>(map: Map<string, T>, locale: string, make: () => T): T {
  let value = map.get(locale);
  if (!value) {
    value = make();
    map.set(locale, value);
  }
  return value;
}

function render(parts: readonly Part[], values: ClientMessageValues, locale: string, pound: number | null): string {
  let out = "";
  for (const part of parts) {
    if (typeof part === "string") out += part;
    else if (part.kind === "pound") out += pound === null ? "#" : cached(numberFormats, locale, () => new Intl.NumberFormat(locale)).format(pound);
    else if (part.kind === "argument") {
      const value = values[part.name];
      out += value === undefined ? `{${part.name}}` : String(value);
    } else {
      const value = Number(values[part.name]);
      const exact = part.options[`=${value}`];
      const category = cached(pluralRules, locale, () => new Intl.PluralRules(locale)).select(value - part.offset);
      const chosen = exact ?? part.options[category] ?? part.options.other!;
      out += render(chosen, values, locale, value - part.offset);
    }
  }
  return out;
}

/** The message with its arguments filled in `locale`'s plural rules and number format. */
export function formatClientMessage(message: string, values: ClientMessageValues = {}, locale: string): string {
  return render(parseClientMessage(message), values, locale, null);
}
