import { Fragment, type ReactNode } from "react";
import type { DurationPart, MessageValue } from "@/lib/domain/timer-clock";

/**
 * Helpers over a next-intl translator (`useTranslations()`, `getTranslations()`,
 * `createTranslator()`), client-safe: no catalogue here.
 */
export type TranslateValues = Record<string, string | number | Date>;
export type Translate = (key: string, values?: TranslateValues) => string;

/** "1 hour and 30 minutes" from the domain's parts, in the `timer.duration.*` words. */
export function formatDuration(t: Translate, parts: readonly DurationPart[]): string {
  const rendered = parts.map((p) => t(`timer.duration.${p.unit}`, { count: p.count }));
  if (rendered.length <= 1) return rendered[0] ?? "";
  return t("timer.duration.join", { first: rendered[0]!, second: rendered[1]! });
}

/**
 * A message the domain describes as a key and values (the timer's announcements): a value that is
 * a list of duration parts is put into words first.
 */
export function formatMessage(t: Translate, message: { key: string; values?: Record<string, MessageValue> }): string {
  const values: TranslateValues = {};
  for (const [name, value] of Object.entries(message.values ?? {})) {
    values[name] = Array.isArray(value) ? formatDuration(t, value) : value;
  }
  return t(message.key, values);
}

/**
 * A message with React nodes (links) in some of its `{placeholders}`: the translation is formatted
 * with each such placeholder kept as `{name}`, then the nodes are dropped in where it says, so the
 * sentence and its word order stay the translation's.
 */
export function richText(t: Translate, key: string, nodes: Record<string, ReactNode>, values: TranslateValues = {}): ReactNode {
  const kept: TranslateValues = { ...values };
  for (const name of Object.keys(nodes)) kept[name] = `{${name}}`;
  const parts = t(key, kept).split(/\{(\w+)\}/);
  if (parts.length === 1) return parts[0];
  return parts.map((part, i) => {
    if (i % 2 === 0) return part;
    return Object.hasOwn(nodes, part) ? <Fragment key={i}>{nodes[part]}</Fragment> : `{${part}}`;
  });
}
